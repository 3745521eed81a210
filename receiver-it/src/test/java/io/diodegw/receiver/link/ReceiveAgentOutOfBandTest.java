package io.diodegw.receiver.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.diodegw.config.ConfigLoader;
import io.diodegw.config.Side;
import io.diodegw.receiver.journal.AppliedRecords;
import io.diodegw.receiver.table.OpcUaTime;
import io.diodegw.receiver.table.TagTable;
import io.diodegw.receiver.table.TagTableFeed;
import io.diodegw.wire.record.BlockWriter;
import io.diodegw.wire.record.BuiltinType;
import io.diodegw.wire.record.RecordType;
import io.diodegw.wire.record.SenderStatus;
import io.diodegw.wire.record.SnapshotBegin;
import io.diodegw.wire.record.SnapshotEnd;
import io.diodegw.wire.record.TagDefinition;
import io.diodegw.wire.record.TagValue;
import io.diodegw.wire.record.TagValueBatchWriter;

/**
 * The receive agent driven on the test's thread with an explicit clock ({@link ReceiveAgent#doWork}), fed real
 * sealed datagrams over 127.0.0.1: out-of-band blocks go to the out-of-band path and never to the sequencer, so they
 * never open or close a gap and never count as out of order, even when their sequences (a snapshot's cut) lie behind
 * the stream, and a lost one leaves no gap; the sender's datagrams mark it heard.
 */
class ReceiveAgentOutOfBandTest
{
    private static final int LINK_ID = 5;
    private static final int MTU = 576;
    private static final int K = 4;
    private static final int M = 2;
    private static final long EPOCH = 4_242;
    private static final long RECEIVE_WAIT_MS = 10_000;
    private static final long NANOS_PER_MS = 1_000_000;

    @TempDir
    Path keyDir;

    private final SecureRandom random = new SecureRandom();
    private final List<String> calls = new ArrayList<>();
    private final TagTable table = new TagTable();
    private final long startMs = System.currentTimeMillis();
    private final long t0 = OpcUaTime.fromUnixMs(startMs);
    private TestLinkSender.Keys keys;
    private ReceiveAgent agent;

    @BeforeEach
    void setUp() throws IOException
    {
        keys = TestLinkSender.Keys.create(keyDir, random);
        final Map<String, String> values = new HashMap<>();
        values.put("link.id", Integer.toString(LINK_ID));
        values.put("link.mtuBytes", Integer.toString(MTU));
        values.put("link.fec.sourceSymbols", Integer.toString(K));
        values.put("link.fec.repairSymbols", Integer.toString(M));
        values.put("link.fec.interleaveDepth", "1");
        values.put("receiver.bind", "127.0.0.1:0");
        values.put("receiver.blockTimeoutMs", "200");
        values.put("receiver.reorderWindowBlocks", "4");
        values.put("receiver.socketReceiveBufferBytes", "1048576");
        values.put("receiver.privateKeyFile", keys.receiverKeyFile().toString());
        values.put("receiver.trustedSenderKeyFiles", keys.senderPublicKeyFile().toString());
        agent = ReceiveAgent.fromConfig(ConfigLoader.fromValues(Side.RECEIVER, "test", values),
            new TagTableFeed(table, new Recorder(), () -> startMs));
    }

    @AfterEach
    void tearDown()
    {
        agent.close();
    }

    @Test
    void shouldRouteOutOfBandBlocksAroundTheSequencerSoTheyNeitherOpenNorCloseGaps() throws Exception
    {
        try (TestLinkSender sender = new TestLinkSender(keys, keys.identity(), LINK_ID, MTU, K, M, EPOCH,
            new InetSocketAddress("127.0.0.1", agent.localAddress().getPort()), random))
        {
            final List<byte[]> blocks = new ArrayList<>();
            final BlockWriter writer = new BlockWriter();
            blocks.add(block(sender, writer, false, w -> definitions(w, 0) && live(w, 3, 1, 3)));
            blocks.add(block(sender, writer, true, w -> snapshot(w, 1, 3, 100)));
            blocks.add(block(sender, writer, false, w -> live(w, 4, 2, 4)));
            blocks.add(block(sender, writer, true, w -> new SenderStatus().journalHeadSequence(4).writeTo(w, 4)));
            blocks.add(block(sender, writer, false, w -> live(w, 5, 3, 5)));
            blocks.add(block(sender, writer, false, w -> live(w, 6, 1, 6) && live(w, 7, 2, 7)));
            blocks.add(block(sender, writer, true, w -> snapshot(w, 2, 5, 200)));
            blocks.add(block(sender, writer, false, w -> live(w, 8, 3, 8)));
            final Set<Integer> lost = Set.of(3, 5);

            sender.sendAnnouncement();
            for (int block = 0; block < blocks.size(); block++)
            {
                final boolean drop = lost.contains(block);
                sender.sendBlock(block, blocks.get(block), (b, symbol) -> drop && symbol <= M);
            }
            final long nowNs = 1_000 * NANOS_PER_MS;
            receiveAll(sender.sent(), nowNs);
            agent.doWork(nowNs + 1_000 * NANOS_PER_MS, startMs + 1_000);

            assertEquals(List.of("TAG_DEFINITION 0", "TAG_DEFINITION 1", "TAG_DEFINITION 2", "TAG_VALUE_BATCH 3",
                "TAG_VALUE_BATCH 4", "TAG_VALUE_BATCH 5", "gap 6..7", "TAG_VALUE_BATCH 8"), calls,
                "the in-band stream with exactly one gap, for the lost in-band block");
            final LinkCounters counters = agent.counters();
            assertEquals(2, counters.get(LinkCounter.BLOCKS_UNRECOVERABLE), "one out-of-band, one in-band block lost");
            assertEquals(1, counters.get(LinkCounter.GAPS));
            assertEquals(0, counters.get(LinkCounter.GAPS_UNEXPLAINED));
            assertEquals(0, counters.get(LinkCounter.RECORDS_OUT_OF_ORDER), "the cut 5 < 8 of snapshot 2 included");
            assertEquals(2, counters.get(LinkCounter.BLOCKS_OUT_OF_BAND));
            assertEquals(2 * (1 + 3 + 1 + 1), counters.get(LinkCounter.RECORDS_OUT_OF_BAND));
            assertEquals(7, counters.get(LinkCounter.RECORDS_APPLIED));
            assertNull(agent.failure());

            assertEquals(2, table.snapshots().completed());
            assertEquals(2, table.snapshots().lastComplete().snapshotId());
            assertEquals(5, table.snapshots().lastComplete().cutSequence());
            assertEquals(3.0, table.tag(1).value().doubleValue(), "the live value at 3, as snapshot 2 repeats it");
            assertEquals(RecordType.SNAPSHOT_PART, table.tag(1).origin());
            assertEquals(5, table.tag(1).streamSequence(), "snapshot 2 lifted tag 1 to its cut");
            assertEquals(4.0, table.tag(2).value().doubleValue(), "snapshot 2 (cut 5) holds the live value at 4");
            assertEquals(8.0, table.tag(3).value().doubleValue());
            assertEquals(4, table.snapshotValuesApplied(), "2 of snapshot 1 (tag 1 had its cut), 2 of snapshot 2");
            assertNull(table.senderReport(), "its block was lost");
            assertEquals(EPOCH, table.senderEpoch());
            assertEquals(startMs + 1, table.lastHeardMs(), "heard at the clock of the last datagram");
            assertFalse(table.isLinkSilent(startMs + 1 + table.stalenessPolicy().linkSilentMs() - 1));
            assertTrue(table.isLinkSilent(startMs + 1 + table.stalenessPolicy().linkSilentMs()));
        }
    }

    private void receiveAll(final int datagrams, final long nowNs) throws Exception
    {
        final long deadline = System.currentTimeMillis() + RECEIVE_WAIT_MS;
        while (agent.counters().get(LinkCounter.DATAGRAMS_RECEIVED) < datagrams &&
            System.currentTimeMillis() < deadline)
        {
            if (agent.doWork(nowNs, startMs + 1) == 0)
            {
                Thread.sleep(1);
            }
        }
        assertEquals(datagrams, agent.counters().get(LinkCounter.DATAGRAMS_RECEIVED), "loopback lost a datagram");
    }

    private byte[] block(final TestLinkSender sender, final BlockWriter writer, final boolean outOfBand,
        final Content content)
    {
        final byte[] payload = new byte[sender.blockBytes()];
        writer.wrap(payload, 0, payload.length).outOfBand(outOfBand);
        if (!content.write(writer))
        {
            throw new IllegalStateException("the records do not fit in one block");
        }
        writer.finish();
        return payload;
    }

    private static boolean definitions(final BlockWriter writer, final long firstSequence)
    {
        for (int tag = 1; tag <= 3; tag++)
        {
            if (!definition(tag).writeTo(writer, firstSequence + tag - 1))
            {
                return false;
            }
        }
        return true;
    }

    private static TagDefinition definition(final int tag)
    {
        return new TagDefinition().tagId(tag).sourceId(1).dataType(BuiltinType.DOUBLE).valueRank(-1)
            .browsePath("T" + tag);
    }

    private boolean live(final BlockWriter writer, final long sequence, final int tag, final double v)
    {
        final TagValueBatchWriter batch = new TagValueBatchWriter();
        return batch.beginLiveValues(writer, sequence) &&
            batch.append(new TagValue().setTagId(tag).setDouble(v).setSourceTime(t0 + sequence));
    }

    /** A snapshot at {@code cut}: tag t holds {@code base + t} unless a live value was sent by then. */
    private boolean snapshot(final BlockWriter writer, final long id, final long cut, final int base)
    {
        if (!new SnapshotBegin().snapshotId(id).cutStreamSequence(cut).tagCount(3).timeTicks(t0).writeTo(writer, cut))
        {
            return false;
        }
        for (int tag = 1; tag <= 3; tag++)
        {
            if (!definition(tag).writeTo(writer, cut))
            {
                return false;
            }
        }
        final TagValueBatchWriter batch = new TagValueBatchWriter();
        if (!batch.beginSnapshotPart(writer, cut, id, 0))
        {
            return false;
        }
        final double[] values = cut >= 5 ? new double[] {3, 4, 5} : new double[] {3, base + 2, base + 3};
        for (int tag = 1; tag <= 3; tag++)
        {
            if (!batch.append(new TagValue().setTagId(tag).setDouble(values[tag - 1]).setSourceTime(t0)))
            {
                return false;
            }
        }
        return new SnapshotEnd().snapshotId(id).partCount(1).tagCount(3).writeTo(writer, cut);
    }

    @FunctionalInterface
    private interface Content
    {
        boolean write(BlockWriter writer);
    }

    private final class Recorder implements AppliedRecords
    {
        @Override
        public void record(final RecordType type, final long streamSequence, final long senderEpoch,
            final byte[] buffer, final int bodyOffset, final int bodyLength)
        {
            calls.add(type + " " + streamSequence);
        }

        @Override
        public void gap(final long senderEpoch, final long fromSequence, final long toSequence)
        {
            calls.add("gap " + fromSequence + ".." + toSequence);
        }
    }
}
