package io.diodegw.sender.replicator;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.diodegw.config.Config;
import io.diodegw.config.ConfigLoader;
import io.diodegw.config.Side;
import io.diodegw.sender.journal.JournalOptions;
import io.diodegw.sender.journal.OtJournal;
import io.diodegw.wire.crypto.KeyFiles;
import io.diodegw.wire.datagram.MtuLimits;
import io.diodegw.wire.record.RecordType;
import io.diodegw.wire.record.SenderStatus;
import io.diodegw.wire.record.SnapshotBegin;
import io.diodegw.wire.record.SnapshotEnd;
import io.diodegw.wire.record.SourceState;
import io.diodegw.wire.record.TagDefinition;
import io.diodegw.wire.record.TagValue;

/**
 * The replicator's out-of-band traffic, driven with an explicit clock over a real loopback socket while a journal
 * backlog keeps the link saturated: snapshot records in out-of-band blocks at the cut, the carousel within its share,
 * live data first, status records with the journal's figures.
 */
class ReplicatorCarouselTest
{
    private static final int MTU = 1500;
    private static final int K = 4;
    private static final int M = 1;
    private static final int DEPTH = 2;
    private static final long LINK_BYTES_PER_SEC = 1_000_000;
    private static final int SHARE_PERCENT = 10;
    private static final int TAGS = 2000;
    private static final int VALUES = 150_000;
    private static final long STEP_NS = 50_000;
    private static final long RUN_NS = 3_000_000_000L;
    private static final long WAIT_MS = 60_000;
    private static final int DATAGRAM_WIRE_BYTES = MTU;

    @TempDir
    Path dir;

    @Test
    void shouldSendSnapshotsAndStatusOutOfBandWithinTheShareAndLiveDataFirstWhileTheJournalHasABacklog()
        throws Exception
    {
        final SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
        seeded.setSeed(11);
        final Ed25519PrivateKeyParameters identity = new Ed25519PrivateKeyParameters(seeded);
        final X25519PrivateKeyParameters receiverKey = new X25519PrivateKeyParameters(seeded);
        KeyFiles.writePrivateKey(dir.resolve("identity.pem"), identity);
        KeyFiles.writePublicKey(dir.resolve("receiver.pub.pem"), receiverKey.generatePublicKey());
        final List<byte[]> datagrams = new ArrayList<>();
        final long journalHead;
        final Replicator replicator;
        long firstSnapshotNs = -1;
        long secondSnapshotNs = -1;
        long bytesAtSecondSnapshot = 0;
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
                Map.entry("sender.snapshot.bandwidthSharePercent", Integer.toString(SHARE_PERCENT)),
                Map.entry("sender.status.intervalMs", "1s"),
                Map.entry("sender.identityKeyFile", dir.resolve("identity.pem").toString()),
                Map.entry("sender.receiverPublicKeyFile", dir.resolve("receiver.pub.pem").toString()),
                Map.entry("sender.journal.dir", dir.resolve("journal").toString()),
                Map.entry("link.mtuBytes", Integer.toString(MTU)),
                Map.entry("link.fec.sourceSymbols", Integer.toString(K)),
                Map.entry("link.fec.repairSymbols", Integer.toString(M)),
                Map.entry("link.fec.interleaveDepth", Integer.toString(DEPTH))));
            try (OtJournal journal = OtJournal.open(JournalOptions.fromConfig(config)))
            {
                journal.sourceState(new SourceState().sourceId(1).state(SourceState.State.CONNECTED).timeTicks(5)
                    .reason("up"));
                for (int tag = 0; tag < TAGS; tag++)
                {
                    journal.tagDefinition(new TagDefinition().tagId(tag).sourceId(1).dataType(11)
                        .nodeId("ns=2;i=" + tag).browsePath("/Objects/T" + tag));
                }
                final TagValue holder = new TagValue();
                for (int i = 0; i < VALUES; i++)
                {
                    journal.tagValue(1, holder.clear().setTagId(i % TAGS).setDouble(i).setSourceTime(1_000L + i)
                        .setServerTime(2_000L + i));
                    if (i % 20_000 == 0)
                    {
                        assertTrue(journal.awaitWritten(WAIT_MS));
                    }
                }
                assertTrue(journal.awaitWritten(WAIT_MS));
                assertEquals(0, journal.valuesDeferred());
                journalHead = journal.lastSequence();
                replicator = new Replicator(config, journal.openReader(1_000), journal::lastSequence, identity,
                    receiverKey.generatePublicKey(), seeded);
                final ByteBuffer buffer = ByteBuffer.allocate(65_536);
                for (long nowNs = 0; nowNs <= RUN_NS; nowNs += STEP_NS)
                {
                    replicator.doWork(nowNs);
                    if (firstSnapshotNs < 0 && replicator.snapshotsStarted() == 1)
                    {
                        firstSnapshotNs = nowNs;
                    }
                    if (secondSnapshotNs < 0 && replicator.snapshotsStarted() == 2)
                    {
                        secondSnapshotNs = nowNs;
                        bytesAtSecondSnapshot = replicator.snapshotBytes();
                    }
                    DatagramCapture.drainWaiting(socket, buffer, datagrams);
                }
                assertTrue(replicator.sentSequence() < journalHead, "the backlog lasted the whole run");
                replicator.close();
            }
        }

        final long shareBytesPerSec = LINK_BYTES_PER_SEC * SHARE_PERCENT / 100;
        final long blockWireBytes = (long)(K + M) * DATAGRAM_WIRE_BYTES;
        final long shareOfRun = (RUN_NS - firstSnapshotNs) * shareBytesPerSec / 1_000_000_000L;
        assertTrue(replicator.snapshotsStarted() >= 3 && replicator.snapshotsCompleted() >= 2);
        assertEquals(replicator.snapshotBlocks() * blockWireBytes, replicator.snapshotBytes());
        assertTrue(replicator.snapshotBytes() <= shareOfRun, "carousel " + replicator.snapshotBytes() +
            " bytes within its share " + shareOfRun);
        // the second snapshot (2000 tags) outlasts the period, so the third follows at once: busy until the end
        final long shareOfBusy = (RUN_NS - secondSnapshotNs) * shareBytesPerSec / 1_000_000_000L;
        final long busyBytes = replicator.snapshotBytes() - bytesAtSecondSnapshot;
        assertTrue(busyBytes <= shareOfBusy && busyBytes >= shareOfBusy - (DEPTH + 2) * blockWireBytes,
            "the busy carousel gets its share despite the backlog: " + busyBytes + " of " + shareOfBusy);

        final DecodedLink link = new DecodedLink(datagrams, MTU, K, identity, receiverKey);
        assertEquals(0, link.malformed);
        long expected = 0;
        for (final DecodedLink.Rec r : link.inBand())
        {
            assertEquals(expected++, r.sequence(), "in-band: the journal's records once, in order");
            assertTrue(r.type() == RecordType.TAG_VALUE_BATCH || r.type() == RecordType.TAG_DEFINITION ||
                r.type() == RecordType.SOURCE_STATE);
        }
        final List<DecodedLink.Rec> outOfBand = link.outOfBand();
        assertTrue(outOfBand.stream().allMatch(r -> r.type() != RecordType.TAG_VALUE_BATCH));
        assertTrue(link.inBand().stream().noneMatch(r -> r.type() == RecordType.SENDER_STATUS ||
            r.type().name().startsWith("SNAPSHOT")), "snapshot and status records travel only out of band");

        verifyFirstSnapshot(link, outOfBand);
        verifyStatus(replicator, outOfBand, journalHead);
    }

    private static void verifyFirstSnapshot(final DecodedLink link, final List<DecodedLink.Rec> outOfBand)
    {
        final List<DecodedLink.Rec> snapshot = new ArrayList<>();
        for (final DecodedLink.Rec r : outOfBand)
        {
            if (r.type() == RecordType.SENDER_STATUS)
            {
                continue;
            }
            snapshot.add(r);
            if (r.type() == RecordType.SNAPSHOT_END)
            {
                break;
            }
        }
        final SnapshotBegin begin = (SnapshotBegin)snapshot.get(0).body();
        final long cut = begin.cutStreamSequence();
        assertEquals(1, begin.snapshotId());
        assertTrue(snapshot.stream().allMatch(r -> r.sequence() == cut), "every snapshot record carries the cut");

        final Map<Integer, TagDefinition> definitions = new LinkedHashMap<>();
        final Map<Integer, TagValue> values = new HashMap<>();
        final Map<Integer, SourceState> sources = new HashMap<>();
        long firstBlockAfterCut = Long.MAX_VALUE;
        int inBandBlocksBeforeBegin = 0;
        for (final DecodedLink.Rec r : link.inBand())
        {
            if (r.sequence() > cut)
            {
                firstBlockAfterCut = Math.min(firstBlockAfterCut, r.block());
                continue;
            }
            switch (r.type())
            {
                case TAG_DEFINITION -> definitions.put(((TagDefinition)r.body()).tagId(), (TagDefinition)r.body());
                case SOURCE_STATE -> sources.put(((SourceState)r.body()).sourceId(), (SourceState)r.body());
                default -> r.values().forEach(v -> values.put(v.tagId(), v));
            }
        }
        for (final Map.Entry<Long, Boolean> b : link.blockOutOfBand.entrySet())
        {
            if (!b.getValue() && b.getKey() >= firstBlockAfterCut && b.getKey() < snapshot.get(0).block())
            {
                inBandBlocksBeforeBegin++;
            }
        }
        assertTrue(inBandBlocksBeforeBegin >= DEPTH, "live data waiting at the cut went first: " +
            inBandBlocksBeforeBegin + " in-band blocks before the snapshot's first block");

        int i = 1;
        final List<TagDefinition> sentDefinitions = new ArrayList<>();
        while (snapshot.get(i).type() == RecordType.TAG_DEFINITION)
        {
            sentDefinitions.add((TagDefinition)snapshot.get(i++).body());
        }
        assertEquals(new ArrayList<>(definitions.values()), sentDefinitions);
        assertEquals(RecordType.SOURCE_STATE, snapshot.get(i).type());
        assertEquals(sources.get(1), snapshot.get(i++).body());
        final Map<Integer, TagValue> partValues = new HashMap<>();
        int part = 0;
        while (snapshot.get(i).type() == RecordType.SNAPSHOT_PART)
        {
            assertEquals(part++, snapshot.get(i).partIndex());
            for (final TagValue v : snapshot.get(i).values())
            {
                assertEquals(null, partValues.put(v.tagId(), v), "each tag once");
            }
            i++;
        }
        assertEquals(values, partValues, "the values as of the cut");
        assertEquals(values.size(), begin.tagCount());
        final SnapshotEnd end = (SnapshotEnd)snapshot.get(i).body();
        assertEquals(part, end.partCount());
        assertEquals(values.size(), end.tagCount());
    }

    private static void verifyStatus(final Replicator replicator, final List<DecodedLink.Rec> outOfBand,
        final long journalHead)
    {
        final List<DecodedLink.Rec> statuses = outOfBand.stream()
            .filter(r -> r.type() == RecordType.SENDER_STATUS).toList();
        assertEquals(replicator.statusRecords(), statuses.size());
        assertTrue(statuses.size() >= RUN_NS / 1_000_000_000L && statuses.size() <= RUN_NS / 1_000_000_000L + 1,
            "one per interval, the first at once: " + statuses.size());
        for (int i = 0; i < statuses.size(); i++)
        {
            final SenderStatus status = (SenderStatus)statuses.get(i).body();
            final long sent = statuses.get(i).sequence();
            assertEquals(journalHead, status.journalHeadSequence());
            assertEquals(journalHead - sent, status.backlogRecords(), "backlog = head - last sent");
            assertTrue(i == 0 ? status.backlogBytes() == 0 :
                status.backlogBytes() >= status.backlogRecords() * MtuLimits.IPV4_UDP_OVERHEAD_BYTES,
                "backlog bytes estimated from the mean size of the records read (none before the first)");
            assertTrue(status.oldestUnsentAgeMs() >= 1_000L * i && status.oldestUnsentAgeMs() < 1_000L * i + 100,
                "journaled before the start: aged since the first report, " + status.oldestUnsentAgeMs());
            if (i == 0)
            {
                assertEquals(-1, sent, "nothing sent yet");
            }
            else
            {
                assertEquals(0, status.inputRecordsPerSec(), "nothing journaled during the run");
                assertTrue(status.outputRecordsPerSec() > 0);
                assertTrue(status.outputBytesPerSec() > LINK_BYTES_PER_SEC * 8 / 10 &&
                    status.outputBytesPerSec() < LINK_BYTES_PER_SEC * 12 / 10, "the link is saturated: " +
                    status.outputBytesPerSec());
            }
        }
    }
}
