package io.diodegw.sender.replicator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.diodegw.config.Config;
import io.diodegw.config.ConfigLoader;
import io.diodegw.config.Side;
import io.diodegw.sender.journal.JournalFollower;
import io.diodegw.sender.journal.JournalOptions;
import io.diodegw.sender.journal.OtJournal;
import io.diodegw.sender.overload.ConflatedLane;
import io.diodegw.wire.crypto.KeyFiles;
import io.diodegw.wire.record.RecordHeader;
import io.diodegw.wire.record.RecordType;
import io.diodegw.wire.record.SenderStatus;
import io.diodegw.wire.record.TagValue;
import io.diodegw.wire.record.TagValueBatchReader;

/**
 * Overload (DESIGN.md guarantee 5), driven with an explicit clock over a real loopback socket and a real journal
 * that the test fills at three times the link rate while the replicator runs: the in-band stream stays complete and
 * in order, the conflated lane keeps every tag's value current within a few passes and within its share, and the
 * status records report the growing backlog with the right size and age.
 */
class ReplicatorOverloadTest
{
    private static final int MTU = 1500;
    private static final int K = 4;
    private static final int M = 1;
    private static final int DEPTH = 2;
    private static final long LINK_BYTES_PER_SEC = 1_000_000;
    private static final int LANE_SHARE_PERCENT = 10;
    private static final long PASS_INTERVAL_MS = 250;
    private static final long STATUS_INTERVAL_MS = 500;
    private static final int TAGS = 1000;
    private static final int VALUES_PER_FEED = 2150;
    private static final long FEED_INTERVAL_NS = 10_000_000L;
    private static final long STEP_NS = 50_000;
    private static final long RUN_NS = 3_000_000_000L;
    private static final long WAIT_MS = 60_000;
    private static final long NANOS_PER_MS = 1_000_000L;

    @TempDir
    Path dir;

    @Test
    void shouldKeepTheStreamCompleteTheMirrorCurrentAndTheBacklogReportedWhenInputIsThreeTimesTheLinkRate()
        throws Exception
    {
        final SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
        seeded.setSeed(29);
        final Ed25519PrivateKeyParameters identity = new Ed25519PrivateKeyParameters(seeded);
        final X25519PrivateKeyParameters receiverKey = new X25519PrivateKeyParameters(seeded);
        KeyFiles.writePrivateKey(dir.resolve("identity.pem"), identity);
        KeyFiles.writePublicKey(dir.resolve("receiver.pub.pem"), receiverKey.generatePublicKey());
        final List<byte[]> datagrams = new ArrayList<>();
        final TreeMap<Long, Long> journaledAtNs = new TreeMap<>();
        final List<Long> statusAtNs = new ArrayList<>();
        final Replicator replicator;
        final ConflatedLane lane;
        final Journaled truth;
        final long endNs;
        long firstActiveNs = -1;
        try (DatagramChannel socket = DatagramChannel.open())
        {
            socket.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            socket.configureBlocking(false);
            final Config config = ConfigLoader.fromValues(Side.SENDER, "test", Map.ofEntries(
                Map.entry("sender.destination", "127.0.0.1:" + ((InetSocketAddress)socket.getLocalAddress()).getPort()),
                Map.entry("sender.linkRateBitsPerSec", (LINK_BYTES_PER_SEC * 8) + "bit/s"),
                Map.entry("sender.heartbeatIntervalMs", "1s"),
                Map.entry("sender.keyAnnouncementIntervalMs", "1s"),
                Map.entry("sender.snapshot.periodMs", "1s"),
                Map.entry("sender.status.intervalMs", STATUS_INTERVAL_MS + "ms"),
                Map.entry("sender.overload.conflateAfterMs", "200ms"),
                Map.entry("sender.overload.passIntervalMs", PASS_INTERVAL_MS + "ms"),
                Map.entry("sender.overload.bandwidthSharePercent", Integer.toString(LANE_SHARE_PERCENT)),
                Map.entry("sender.identityKeyFile", dir.resolve("identity.pem").toString()),
                Map.entry("sender.receiverPublicKeyFile", dir.resolve("receiver.pub.pem").toString()),
                Map.entry("sender.journal.dir", dir.resolve("journal").toString()),
                Map.entry("link.mtuBytes", Integer.toString(MTU)),
                Map.entry("link.fec.sourceSymbols", Integer.toString(K)),
                Map.entry("link.fec.repairSymbols", Integer.toString(M)),
                Map.entry("link.fec.interleaveDepth", Integer.toString(DEPTH))));
            try (OtJournal journal = OtJournal.open(JournalOptions.fromConfig(config)))
            {
                replicator = new Replicator(config, journal.openReader(1_000), journal::lastSequence, identity,
                    receiverKey.generatePublicKey(), seeded);
                replicator.attachConflatedLane(config, JournalFollower.open(journal));
                lane = replicator.conflatedLane();
                final SplittableRandom random = new SplittableRandom(41);
                final TagValue holder = new TagValue();
                final ByteBuffer buffer = ByteBuffer.allocate(65_536);
                long produced = 0;
                long blocksAtStep = 0;
                long nowNs = 0;
                while (nowNs <= RUN_NS || replicator.blocks() == blocksAtStep)
                {
                    if (nowNs <= RUN_NS && nowNs % FEED_INTERVAL_NS == 0)
                    {
                        for (int i = 0; i < VALUES_PER_FEED; i++, produced++)
                        {
                            journal.tagValue(1, holder.clear().setTagId(random.nextInt(TAGS)).setDouble(produced)
                                .setSourceTime(1_000L + produced).setServerTime(2_000L + produced));
                        }
                        assertTrue(journal.awaitWritten(WAIT_MS));
                        journaledAtNs.putIfAbsent(journal.lastSequence(), nowNs);
                    }
                    blocksAtStep = replicator.blocks();
                    final long statusBefore = replicator.statusRecords();
                    replicator.doWork(nowNs);
                    if (replicator.statusRecords() > statusBefore)
                    {
                        statusAtNs.add(nowNs);
                    }
                    if (firstActiveNs < 0 && lane.isActive())
                    {
                        firstActiveNs = nowNs;
                    }
                    DatagramCapture.drainWaiting(socket, buffer, datagrams);
                    nowNs += STEP_NS;
                }
                endNs = nowNs;
                assertEquals(0, journal.valuesDeferred(), "the journal took every value");
                truth = Journaled.read(journal);
                replicator.close();
            }
        }

        final long journalBytesPerSec = truth.bytes * 1_000_000_000L / RUN_NS;
        assertTrue(journalBytesPerSec >= 5 * LINK_BYTES_PER_SEC / 2 && journalBytesPerSec <= 4 * LINK_BYTES_PER_SEC,
            "input at about three times the link rate: " + journalBytesPerSec + " bytes/s");
        final DecodedLink link = new DecodedLink(datagrams, MTU, K, identity, receiverKey);
        assertEquals(0, link.malformed);

        final List<DecodedLink.Rec> inBand = link.inBand();
        assertTrue(inBand.size() > 100, "in-band records: " + inBand.size());
        for (int i = 0; i < inBand.size(); i++)
        {
            final DecodedLink.Rec r = inBand.get(i);
            assertEquals(i, r.sequence(), "in band: the journal's records once, in order");
            assertEquals(truth.values.get(r.sequence()), r.values(), "record " + r.sequence() + " as journaled");
        }
        final long sent = inBand.get(inBand.size() - 1).sequence();
        assertEquals(sent, replicator.sentSequence());
        // records hold a varying number of values (the writer batches what it finds), so compare bytes
        final long sentBytes = truth.bytesUpTo.get(sent);
        assertTrue(sentBytes < truth.bytes / 2, "most of the input is still a backlog: sent " + sentBytes + " of " +
            truth.bytes + " bytes (" + sent + " of " + truth.head + " records)");

        verifyLane(link, lane, truth, journaledAtNs, firstActiveNs, endNs);
        verifyStatus(link, statusAtNs, journaledAtNs);
    }

    private static void verifyLane(final DecodedLink link, final ConflatedLane lane, final Journaled truth,
        final TreeMap<Long, Long> journaledAtNs, final long firstActiveNs, final long endNs)
    {
        assertEquals(1, lane.activations(), "the backlog only grew");
        assertTrue(firstActiveNs > 0 && firstActiveNs <= 400 * NANOS_PER_MS, "active once the backlog is 200 ms old");
        final LinkedHashMap<Long, Map<Integer, TagValue>> passes = new LinkedHashMap<>();
        final Map<Long, Integer> blocksWithLaneParts = new HashMap<>();
        for (final DecodedLink.Rec r : link.outOfBand())
        {
            if (r.type() == RecordType.SNAPSHOT_PART && r.snapshotId() == ConflatedLane.PASS_SNAPSHOT_ID)
            {
                final Map<Integer, TagValue> pass = passes.computeIfAbsent(r.sequence(), c -> new HashMap<>());
                for (final TagValue v : r.values())
                {
                    assertEquals(null, pass.put(v.tagId(), v), "each tag once per pass");
                }
                blocksWithLaneParts.merge(r.block(), 1, Integer::sum);
            }
        }
        assertTrue(passes.size() >= 6, "passes every interval or back to back: " + passes.size());
        assertEquals(lane.blocks(), blocksWithLaneParts.size(), "every granted block carries lane values");
        final long shareBytes = (endNs - firstActiveNs) * (LINK_BYTES_PER_SEC * LANE_SHARE_PERCENT / 100) /
            1_000_000_000L;
        assertTrue(lane.chargedBytes() <= shareBytes && lane.chargedBytes() >= shareBytes / 2,
            "the lane used its share but no more: " + lane.chargedBytes() + " of " + shareBytes);

        long previousCut = -1;
        int index = 0;
        for (final Map.Entry<Long, Map<Integer, TagValue>> pass : passes.entrySet())
        {
            final long cut = pass.getKey();
            assertTrue(cut > previousCut, "cuts increase");
            assertEquals(truth.latestAsOf(cut, pass.getValue().keySet()), pass.getValue(),
                "pass at " + cut + " carries the values as of its cut");
            if (index > 0 && index < passes.size() - 1)
            {
                assertEquals(truth.changedIn(previousCut, cut), pass.getValue().keySet(),
                    "pass at " + cut + " carries every tag changed since the previous cut");
            }
            previousCut = cut;
            index++;
        }
        final long lastCompleteCut = new ArrayList<>(passes.keySet()).get(passes.size() - 2);
        final long headFourPassesBeforeEnd = headAt(journaledAtNs, RUN_NS - 4 * PASS_INTERVAL_MS * NANOS_PER_MS);
        assertTrue(lastCompleteCut >= headFourPassesBeforeEnd, "the mirror trails the head by a few passes: cut " +
            lastCompleteCut + ", head then " + headFourPassesBeforeEnd);

        final Map<Integer, TagValue> mirror = new HashMap<>();
        final Map<Integer, Long> tagSequence = new HashMap<>();
        final Map<Integer, Long> trueSequence = new HashMap<>();
        for (final DecodedLink.Rec r : link.records)
        {
            final boolean cutRule = r.type() == RecordType.SNAPSHOT_PART;
            if (r.type() != RecordType.TAG_VALUE_BATCH && !cutRule)
            {
                continue;
            }
            for (final TagValue v : r.values())
            {
                final long held = tagSequence.getOrDefault(v.tagId(), -1L);
                if (cutRule ? held < r.sequence() : r.sequence() >= held)
                {
                    final long origin = cutRule ? truth.lastChange(v.tagId(), r.sequence()) : r.sequence();
                    assertTrue(origin >= trueSequence.getOrDefault(v.tagId(), -1L), "tag " + v.tagId() +
                        " never moves backwards");
                    trueSequence.put(v.tagId(), origin);
                    tagSequence.put(v.tagId(), r.sequence());
                    mirror.put(v.tagId(), v);
                }
            }
        }
        final Map<Integer, TagValue> expected = truth.latestAsOf(lastCompleteCut, null);
        for (final Map.Entry<Integer, TagValue> e : expected.entrySet())
        {
            final TagValue seen = mirror.get(e.getKey());
            assertNotNull(seen, "tag " + e.getKey() + " reached the mirror");
            assertTrue(trueSequence.get(e.getKey()) >= truth.lastChange(e.getKey(), lastCompleteCut),
                "tag " + e.getKey() + " is at least as new as the last complete pass");
        }
    }

    private static void verifyStatus(final DecodedLink link, final List<Long> statusAtNs,
        final TreeMap<Long, Long> journaledAtNs)
    {
        final List<DecodedLink.Rec> statuses = link.outOfBand().stream()
            .filter(r -> r.type() == RecordType.SENDER_STATUS).toList();
        assertTrue(statuses.size() >= RUN_NS / (STATUS_INTERVAL_MS * NANOS_PER_MS) - 1);
        long firstBacklog = -1;
        long lastBacklog = -1;
        int checked = 0;
        int inputAhead = 0;
        for (int i = 0; i < statuses.size(); i++)
        {
            final SenderStatus status = (SenderStatus)statuses.get(i).body();
            final long sent = statuses.get(i).sequence();
            final long nowNs = statusAtNs.get(i);
            assertEquals(headAt(journaledAtNs, nowNs), status.journalHeadSequence(), "head at the report");
            assertEquals(status.journalHeadSequence() - sent, status.backlogRecords(), "backlog = head - sent");
            if (i >= 2)
            {
                if (firstBacklog < 0)
                {
                    firstBacklog = status.backlogRecords();
                }
                lastBacklog = status.backlogRecords();
                assertTrue(status.backlogBytes() > status.backlogRecords() * RecordHeader.LENGTH,
                    "backlog bytes from the mean record size");
                final long trueAgeNs = nowNs - journaledAtNs.ceilingEntry(sent + 1).getValue();
                assertTrue(status.oldestUnsentAgeMs() >= trueAgeNs / NANOS_PER_MS &&
                    status.oldestUnsentAgeMs() <= (trueAgeNs + STATUS_INTERVAL_MS * NANOS_PER_MS) / NANOS_PER_MS +
                    100, "age " + status.oldestUnsentAgeMs() + " ms for a true age of " + trueAgeNs / NANOS_PER_MS);
                checked++;
                if (status.inputRecordsPerSec() > status.outputRecordsPerSec())
                {
                    inputAhead++;
                }
            }
        }
        // the journal writer runs on its own thread, so from one report to the next the backlog may dip; over the
        // run it must grow
        assertTrue(lastBacklog > firstBacklog, "the backlog grows over the run: " + firstBacklog + " then " +
            lastBacklog);
        // rates are in records, whose size depends on how the writer thread batches values: one report may dip
        assertTrue(2 * inputAhead > checked, "input exceeds output in " + inputAhead + " of " + checked + " reports");
    }

    private static long headAt(final TreeMap<Long, Long> journaledAtNs, final long nowNs)
    {
        long head = -1;
        for (final Map.Entry<Long, Long> e : journaledAtNs.entrySet())
        {
            if (e.getValue() <= nowNs)
            {
                head = e.getKey();
            }
        }
        return head;
    }

    /** The journal's content, read back after the run. */
    private static final class Journaled
    {
        final Map<Long, List<TagValue>> values = new HashMap<>();
        final Map<Integer, TreeMap<Long, TagValue>> changes = new HashMap<>();
        final Map<Long, Long> bytesUpTo = new HashMap<>();
        long bytes;
        long head = -1;

        static Journaled read(final OtJournal journal)
        {
            final Journaled j = new Journaled();
            final byte[] record = new byte[journal.options().maxRecordBytes()];
            final TagValueBatchReader batch = new TagValueBatchReader();
            try (JournalFollower follower = JournalFollower.open(journal))
            {
                int length;
                while ((length = follower.next(record, 0)) > 0)
                {
                    final long sequence = follower.lastReadSequence();
                    assertEquals(j.head + 1, sequence);
                    j.head = sequence;
                    j.bytes += length;
                    j.bytesUpTo.put(sequence, j.bytes);
                    assertTrue(batch.wrap(RecordType.TAG_VALUE_BATCH, record, RecordHeader.LENGTH,
                        length - RecordHeader.LENGTH));
                    final List<TagValue> list = new ArrayList<>();
                    final TagValue v = new TagValue();
                    while (batch.next(v))
                    {
                        list.add(v.copy());
                        j.changes.computeIfAbsent(v.tagId(), t -> new TreeMap<>()).put(sequence, v.copy());
                    }
                    j.values.put(sequence, list);
                }
            }
            return j;
        }

        /** @return the sequence of the tag's last change at or before the cut, or -1. */
        long lastChange(final int tagId, final long cut)
        {
            final Map.Entry<Long, TagValue> e = changes.get(tagId).floorEntry(cut);
            return e == null ? -1 : e.getKey();
        }

        Map<Integer, TagValue> latestAsOf(final long cut, final Iterable<Integer> tags)
        {
            final Map<Integer, TagValue> out = new HashMap<>();
            for (final Map.Entry<Integer, TreeMap<Long, TagValue>> e : changes.entrySet())
            {
                final Map.Entry<Long, TagValue> last = e.getValue().floorEntry(cut);
                if (last != null)
                {
                    out.put(e.getKey(), last.getValue());
                }
            }
            if (tags != null)
            {
                out.keySet().retainAll(toSet(tags));
            }
            return out;
        }

        Set<Integer> changedIn(final long afterCut, final long cut)
        {
            final Set<Integer> out = new HashSet<>();
            for (final Map.Entry<Integer, TreeMap<Long, TagValue>> e : changes.entrySet())
            {
                if (!e.getValue().subMap(afterCut, false, cut, true).isEmpty())
                {
                    out.add(e.getKey());
                }
            }
            return out;
        }

        private static Set<Integer> toSet(final Iterable<Integer> tags)
        {
            final Set<Integer> set = new HashSet<>();
            tags.forEach(set::add);
            return set;
        }
    }
}
