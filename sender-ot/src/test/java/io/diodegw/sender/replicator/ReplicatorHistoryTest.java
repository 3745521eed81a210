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
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;

import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.diodegw.config.Config;
import io.diodegw.config.ConfigLoader;
import io.diodegw.config.Side;
import io.diodegw.sender.history.JournalHistorySource;
import io.diodegw.sender.journal.JournalOptions;
import io.diodegw.sender.journal.OtJournal;
import io.diodegw.wire.crypto.KeyFiles;
import io.diodegw.wire.record.BlockWriter;
import io.diodegw.wire.record.FileChunk;
import io.diodegw.wire.record.FileManifest;
import io.diodegw.wire.record.RecordType;
import io.diodegw.wire.record.ResendMarker;
import io.diodegw.wire.record.SourceState;
import io.diodegw.wire.record.TagDefinition;
import io.diodegw.wire.record.TagValue;
import io.diodegw.wire.record.TagValueBatchWriter;

/**
 * The replicator with its history carousel over a real OT journal (read by a second Chronicle tailer) and a real
 * loopback socket, driven with an explicit clock and decoded with wire-format's classes only: every pass re-sends the
 * journal's history and file records out of band with their original stream sequences, its markers name exactly the
 * superseded live values, definitions and source states, and the carousel keeps to its share.
 */
class ReplicatorHistoryTest
{
    private static final int MTU = 1500;
    private static final int K = 4;
    private static final int M = 1;
    private static final int DEPTH = 2;
    private static final long LINK_BYTES_PER_SEC = 1_000_000;
    private static final int SHARE_PERCENT = 5;
    private static final int RECORDS = 400;
    private static final long STEP_NS = 100_000;
    private static final long RUN_NS = 3_500_000_000L;
    private static final long INTERVAL_NS = 1_000_000_000L;
    private static final int DATAGRAM_WIRE_BYTES = MTU;

    @TempDir
    Path dir;

    @Test
    void shouldResendTheWindowsHistoryAndFileRecordsWithOriginalSequencesAndMarkersWithinTheShare() throws Exception
    {
        final SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
        seeded.setSeed(23);
        final Ed25519PrivateKeyParameters identity = new Ed25519PrivateKeyParameters(seeded);
        final X25519PrivateKeyParameters receiverKey = new X25519PrivateKeyParameters(seeded);
        KeyFiles.writePrivateKey(dir.resolve("identity.pem"), identity);
        KeyFiles.writePublicKey(dir.resolve("receiver.pub.pem"), receiverKey.generatePublicKey());
        final List<RecordType> journaled = writeJournal(dir.resolve("journal").resolve("queue"), new SplittableRandom(4));
        final List<byte[]> datagrams = new ArrayList<>();
        final Replicator replicator;
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
                Map.entry("sender.snapshot.periodMs", "1h"),
                Map.entry("sender.status.intervalMs", "60s"),
                Map.entry("sender.history.resendIntervalMs", "1s"),
                Map.entry("sender.history.resendWindowMs", "60s"),
                Map.entry("sender.history.bandwidthSharePercent", Integer.toString(SHARE_PERCENT)),
                Map.entry("sender.identityKeyFile", dir.resolve("identity.pem").toString()),
                Map.entry("sender.receiverPublicKeyFile", dir.resolve("receiver.pub.pem").toString()),
                Map.entry("sender.journal.dir", dir.resolve("journal").toString()),
                Map.entry("link.mtuBytes", Integer.toString(MTU)),
                Map.entry("link.fec.sourceSymbols", Integer.toString(K)),
                Map.entry("link.fec.repairSymbols", Integer.toString(M)),
                Map.entry("link.fec.interleaveDepth", Integer.toString(DEPTH))));
            try (OtJournal journal = OtJournal.open(JournalOptions.fromConfig(config)))
            {
                assertEquals(RECORDS - 1, journal.lastSequence());
                replicator = new Replicator(config, journal.openReader(1_000), journal::lastSequence, identity,
                    receiverKey.generatePublicKey(), seeded);
                replicator.attachHistory(config, new JournalHistorySource(journal));
                final ByteBuffer buffer = ByteBuffer.allocate(65_536);
                for (long nowNs = 0; nowNs <= RUN_NS; nowNs += STEP_NS)
                {
                    replicator.doWork(nowNs);
                    DatagramCapture.drainWaiting(socket, buffer, datagrams);
                }
                replicator.close();
            }
        }

        assertNotNull(replicator.history());
        assertTrue(replicator.history().passesCompleted() >= 3, "a pass per second after the journal was sent");
        final long historyBlockBytes = replicator.history().chargedBytes();
        assertEquals(0, historyBlockBytes % ((long)(K + M) * DATAGRAM_WIRE_BYTES));
        assertTrue(historyBlockBytes <= LINK_BYTES_PER_SEC * SHARE_PERCENT / 100 * RUN_NS / 1_000_000_000L,
            "within the share: " + historyBlockBytes);

        final DecodedLink link = new DecodedLink(datagrams, MTU, K, identity, receiverKey);
        assertEquals(0, link.malformed);
        long expected = 0;
        for (final DecodedLink.Rec r : link.inBand())
        {
            assertEquals(expected++, r.sequence(), "in band: the journal once, in order");
            assertTrue(r.type() != RecordType.RESEND_MARKER);
        }
        assertEquals(RECORDS, expected);

        final List<List<DecodedLink.Rec>> passes = passes(link.outOfBand());
        int fullPasses = 0;
        for (final List<DecodedLink.Rec> pass : passes)
        {
            final List<ResendMarker> markers = pass.stream().filter(r -> r.type() == RecordType.RESEND_MARKER)
                .map(r -> (ResendMarker)r.body()).toList();
            final long from = markers.get(0).fromSequence();
            final long to = markers.get(markers.size() - 1).toSequence();
            assertEquals(0, from, "the window reaches back to the journal's start");
            final List<Long> resent = pass.stream().filter(r -> r.type() != RecordType.RESEND_MARKER)
                .map(DecodedLink.Rec::sequence).toList();
            final List<Long> expectedResent = new ArrayList<>();
            final TreeSet<Long> expectedSuperseded = new TreeSet<>();
            for (long s = from; s <= to; s++)
            {
                final RecordType type = journaled.get((int)s);
                if (type == RecordType.TAG_VALUE_BATCH || type == RecordType.TAG_DEFINITION ||
                    type == RecordType.SOURCE_STATE)
                {
                    expectedSuperseded.add(s);
                }
                else
                {
                    expectedResent.add(s);
                }
            }
            assertEquals(expectedResent, resent, "re-sent with original sequences, in order");
            for (final DecodedLink.Rec r : pass)
            {
                if (r.type() != RecordType.RESEND_MARKER)
                {
                    assertEquals(journaled.get((int)r.sequence()), r.type());
                }
                if (r.type() == RecordType.HISTORY_BATCH)
                {
                    assertEquals(1 + r.sequence() % 7, r.values().size());
                    assertEquals((double)r.sequence(), r.values().get(0).doubleValue());
                }
            }
            final TreeSet<Long> marked = new TreeSet<>();
            long next = from;
            for (final ResendMarker m : markers)
            {
                assertEquals(next, m.fromSequence(), "segments tile the pass");
                next = m.toSequence() + 1;
                for (int i = 0; i < m.runCount(); i++)
                {
                    for (long s = m.runFirst(i); s < m.runFirst(i) + m.runLength(i); s++)
                    {
                        marked.add(s);
                    }
                }
            }
            assertEquals(expectedSuperseded, marked);
            assertEquals(expectedResent.size(), markers.stream().mapToLong(ResendMarker::resentCount).sum());
            fullPasses += to == RECORDS - 1 ? 1 : 0;
        }
        assertTrue(fullPasses >= 2, "passes over the whole journal: " + fullPasses);
    }

    /** Splits the out-of-band history records into passes by the markers' pass ids. */
    private static List<List<DecodedLink.Rec>> passes(final List<DecodedLink.Rec> outOfBand)
    {
        final List<List<DecodedLink.Rec>> passes = new ArrayList<>();
        List<DecodedLink.Rec> current = new ArrayList<>();
        long currentPass = -1;
        for (final DecodedLink.Rec r : outOfBand)
        {
            if (r.type().name().startsWith("SNAPSHOT") || r.type() == RecordType.SENDER_STATUS ||
                r.type() == RecordType.TAG_DEFINITION || r.type() == RecordType.SOURCE_STATE ||
                r.type() == RecordType.TAG_VALUE_BATCH)
            {
                continue;
            }
            current.add(r);
            if (r.type() == RecordType.RESEND_MARKER)
            {
                final ResendMarker m = (ResendMarker)r.body();
                assertTrue(currentPass < 0 || m.passId() == currentPass, "passes never interleave");
                currentPass = m.passId();
                if (m.toSequence() == RECORDS - 1 || isLastOfPass(outOfBand, r, m.passId()))
                {
                    passes.add(current);
                    current = new ArrayList<>();
                    currentPass = -1;
                }
            }
        }
        assertTrue(current.isEmpty() || current.stream().noneMatch(r -> r.type() == RecordType.RESEND_MARKER),
            "an unfinished pass has no marker yet");
        return passes;
    }

    private static boolean isLastOfPass(final List<DecodedLink.Rec> outOfBand, final DecodedLink.Rec marker,
        final long passId)
    {
        boolean after = false;
        for (final DecodedLink.Rec r : outOfBand)
        {
            if (r == marker)
            {
                after = true;
            }
            else if (after && r.type() == RecordType.RESEND_MARKER)
            {
                return ((ResendMarker)r.body()).passId() != passId;
            }
        }
        return true;
    }

    /**
     * Writes the journal's queue as the journal writer would (one record per excerpt, sequences from 0): a source
     * state, definitions, live batches, history batches and file records, seeded.
     *
     * @return the type of each sequence.
     */
    private static List<RecordType> writeJournal(final Path queueDir, final SplittableRandom random)
    {
        final List<RecordType> types = new ArrayList<>();
        final byte[] scratch = new byte[8192];
        final BlockWriter block = new BlockWriter();
        final TagValueBatchWriter batch = new TagValueBatchWriter();
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(queueDir).rollCycle(RollCycles.FAST_HOURLY)
            .build(); ExcerptAppender appender = queue.createAppender())
        {
            for (long s = 0; s < RECORDS; s++)
            {
                final int pick = s == 0 ? 0 : 1 + random.nextInt(6);
                block.wrap(scratch, 0, scratch.length);
                final RecordType type;
                final boolean ok;
                switch (pick)
                {
                    case 0 ->
                    {
                        type = RecordType.SOURCE_STATE;
                        ok = new SourceState().sourceId(1).state(SourceState.State.CONNECTED).timeTicks(5).reason("up")
                            .writeTo(block, s);
                    }
                    case 1 ->
                    {
                        type = RecordType.TAG_DEFINITION;
                        ok = new TagDefinition().tagId((int)s).sourceId(1).dataType(11).nodeId("ns=2;i=" + s)
                            .browsePath("/T" + s).writeTo(block, s);
                    }
                    case 2, 3 ->
                    {
                        type = RecordType.TAG_VALUE_BATCH;
                        ok = batch.beginLiveValues(block, s) &&
                            batch.append(new TagValue().setTagId(1).setDouble(s).setSourceTime(1_000 + s));
                    }
                    case 4 ->
                    {
                        type = RecordType.HISTORY_BATCH;
                        boolean written = batch.beginHistory(block, s, 2);
                        for (int i = 0; i <= s % 7; i++)
                        {
                            written &= batch.append(new TagValue().setTagId(9).setDouble(s + i).setSourceTime(10 + i));
                        }
                        ok = written;
                    }
                    case 5 ->
                    {
                        type = RecordType.FILE_MANIFEST;
                        ok = new FileManifest().fileId(s).sizeBytes(10).chunkSizeBytes(10).chunkCount(1)
                            .sha256(new byte[FileManifest.SHA256_LENGTH]).name("f" + s).writeTo(block, s);
                    }
                    default ->
                    {
                        type = RecordType.FILE_CHUNK;
                        ok = new FileChunk().fileId(s).chunkIndex(0).byteOffset(0)
                            .data(new byte[100 + random.nextInt(400)], 0, 10).writeTo(block, s);
                    }
                }
                assertTrue(ok);
                types.add(type);
                try (DocumentContext dc = appender.writingDocument())
                {
                    dc.wire().bytes().write(scratch, BlockWriter.HEADER_LENGTH,
                        block.usedLength() - BlockWriter.HEADER_LENGTH);
                }
            }
        }
        return types;
    }
}
