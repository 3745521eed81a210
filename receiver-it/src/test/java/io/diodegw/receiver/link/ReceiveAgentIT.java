package io.diodegw.receiver.link;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.BooleanSupplier;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.diodegw.config.Config;
import io.diodegw.config.ConfigLoader;
import io.diodegw.config.Side;
import io.diodegw.receiver.journal.AppliedRecords;
import io.diodegw.receiver.table.OpcUaTime;
import io.diodegw.receiver.table.TagSnapshot;
import io.diodegw.receiver.table.TagTable;
import io.diodegw.receiver.table.TagTableFeed;
import io.diodegw.wire.crypto.DatagramOpener;
import io.diodegw.wire.crypto.KeyAnnouncementVerifier;
import io.diodegw.wire.record.BlockWriter;
import io.diodegw.wire.record.RecordType;
import io.diodegw.wire.record.SourceState;
import io.diodegw.wire.record.TagDefinition;
import io.diodegw.wire.record.TagValue;
import io.diodegw.wire.record.TagValueBatchWriter;

/**
 * The receive agent on its own thread against real sealed datagrams over UDP on 127.0.0.1: signed key
 * announcement, FEC-encoded blocks with chosen losses, heartbeats; checks what reaches {@link AppliedRecords}
 * (every record once, in order, exact gaps), the tag table, and the counters.
 */
class ReceiveAgentIT
{
    private static final int LINK_ID = 3;
    private static final int MTU = 576;
    private static final int K = 4;
    private static final int M = 2;
    private static final int DEPTH = 2;
    private static final int TAGS = 12;
    private static final int SOURCE_ID = 7;
    private static final int LIVE_VALUES = 3000;
    private static final long EPOCH = 1_000;
    private static final long WAIT_MS = 20_000;
    private static final long BASE_TICKS = OpcUaTime.fromUnixMs(1_700_000_000_000L);

    @TempDir
    Path keyDir;

    private final SecureRandom random = new SecureRandom();
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    private final List<byte[]> bodies = Collections.synchronizedList(new ArrayList<>());
    private final TagTable table = new TagTable();
    private TestLinkSender.Keys keys;
    private Config config;
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
        values.put("link.fec.interleaveDepth", Integer.toString(DEPTH));
        values.put("receiver.bind", "127.0.0.1:0");
        values.put("receiver.blockTimeoutMs", "200");
        values.put("receiver.reorderWindowBlocks", "4");
        values.put("receiver.socketReceiveBufferBytes", "1048576");
        values.put("receiver.privateKeyFile", keys.receiverKeyFile().toString());
        values.put("receiver.trustedSenderKeyFiles", keys.senderPublicKeyFile().toString());
        config = ConfigLoader.fromValues(Side.RECEIVER, "test", values);
        agent = ReceiveAgent.fromConfig(config, new TagTableFeed(table, new Recorder(), System::currentTimeMillis));
        agent.start();
    }

    @AfterEach
    void tearDown()
    {
        agent.close();
    }

    @Test
    void shouldHandEveryRecordOnceInOrderAndRecordExactGapsForBlocksBeyondRepair() throws Exception
    {
        final Random loss = new Random(42);
        try (TestLinkSender sender = sender(EPOCH, keys.identity()))
        {
            final List<TestLinkSender.Framed> framed = new ArrayList<>();
            final List<byte[]> blocks = sender.frame(0, TAGS + 1 + LIVE_VALUES + 2, this::appendRecord, framed);
            final int lastBlock = blocks.size() - 1;
            final Set<Long> unrecoverable = new HashSet<>();
            final Map<Long, Set<Integer>> dropped = new HashMap<>();
            long repairedExpected = 0;
            for (long block = 1; block < lastBlock - 1; block++)
            {
                final int drops = pickDrops(loss);
                final Set<Integer> symbols = new HashSet<>();
                while (symbols.size() < drops)
                {
                    symbols.add(loss.nextInt(K + M));
                }
                dropped.put(block, symbols);
                if (drops > M)
                {
                    unrecoverable.add(block);
                }
                else if (symbols.stream().anyMatch(s -> s < K))
                {
                    repairedExpected++;
                }
            }
            assertTrue(unrecoverable.size() >= 2 && repairedExpected >= 5, "the seed exercises both kinds of loss");

            sender.sendAnnouncement();
            sender.sendAnnouncement();
            for (int block = 0; block < blocks.size(); block++)
            {
                final Set<Integer> drop = dropped.getOrDefault((long)block, Set.of());
                sender.sendBlock(block, blocks.get(block), (b, s) -> drop.contains(s));
            }
            sender.sendHeartbeat(MTU, DEPTH, agent.linkFingerprint(), framed.get(framed.size() - 1).sequence(),
                blocks.size());

            final List<String> expected = expectedCalls(framed, unrecoverable, EPOCH);
            awaitCondition(() -> calls.size() >= expected.size() &&
                agent.counters().get(LinkCounter.BLOCKS_UNRECOVERABLE) == unrecoverable.size());

            assertEquals(expected, new ArrayList<>(calls));
            int bodyIndex = 0;
            for (final TestLinkSender.Framed record : framed)
            {
                if (!unrecoverable.contains(record.block()))
                {
                    assertArrayEquals(record.body(), bodies.get(bodyIndex++), "body of " + record.sequence());
                }
            }
            final LinkCounters counters = agent.counters();
            assertEquals(repairedExpected, counters.get(LinkCounter.BLOCKS_REPAIRED));
            assertEquals(blocks.size() - unrecoverable.size(), counters.get(LinkCounter.BLOCKS_COMPLETE));
            assertEquals(expected.stream().filter(c -> c.startsWith("gap")).count(), counters.get(LinkCounter.GAPS));
            assertEquals(0, counters.get(LinkCounter.GAPS_UNEXPLAINED));
            assertEquals(0, counters.get(LinkCounter.SYMBOLS_AFTER_GIVE_UP));
            assertEquals(0, counters.authFailures());
            assertEquals(1, counters.get(LinkCounter.KEYS_INSTALLED));
            assertEquals(1, counters.get(LinkCounter.ANNOUNCEMENT_REPEATS));
            assertEquals(sender.sent(), counters.get(LinkCounter.DATAGRAMS_RECEIVED));
            assertNull(agent.failure());

            assertTableHoldsTheLastRecords();
        }
    }

    @Test
    void shouldCountForgedReplayedAndMismatchedDatagramsByReasonAndApplyNoneOfThem() throws Exception
    {
        try (TestLinkSender sender = sender(EPOCH, keys.identity());
             TestLinkSender impostor = sender(EPOCH + 1, new Ed25519PrivateKeyParameters(random)))
        {
            final List<TestLinkSender.Framed> framed = new ArrayList<>();
            final List<byte[]> blocks = sender.frame(0, TAGS, this::appendRecord, framed);
            final byte[] early = sender.sealedSymbol(0, 0, blocks.get(0));
            sender.send(early, early.length);
            impostor.sendAnnouncement();
            sender.sendAnnouncement();
            sender.sendBlock(0, blocks.get(0), (b, s) -> false);
            final byte[] replayed = sender.sealedSymbol(0, K, blocks.get(0));
            sender.send(replayed, replayed.length);
            sender.send(replayed, replayed.length);
            final byte[] forged = sender.sealedSymbol(0, 1, blocks.get(0));
            forged[forged.length - 20] ^= 0x40;
            sender.send(forged, forged.length);
            sender.sendHeartbeat(MTU, DEPTH, agent.linkFingerprint() + 1, 0, 1);
            sender.sendHeartbeat(MTU, DEPTH, agent.linkFingerprint() + 1, 0, 1);
            sender.sendHeartbeat(MTU + 8, DEPTH, agent.linkFingerprint(), 0, 1);
            sender.sendHeartbeat(MTU, DEPTH, agent.linkFingerprint(), 0, 1);

            final LinkCounters counters = agent.counters();
            final long total = sender.sent() + impostor.sent();
            awaitCondition(() -> counters.get(LinkCounter.DATAGRAMS_RECEIVED) == total &&
                counters.get(LinkCounter.HEARTBEATS) == 4);

            assertEquals(1, counters.openRejections(DatagramOpener.UNKNOWN_KEY), "symbol before its key");
            assertEquals(1, counters.announcementRejections(KeyAnnouncementVerifier.UNKNOWN_SENDER));
            assertEquals(1, counters.openRejections(DatagramOpener.DUPLICATE), "replayed");
            assertEquals(1, counters.openRejections(DatagramOpener.BAD_TAG), "forged");
            assertEquals(1, counters.authFailures());
            assertEquals(Map.of("BAD_TAG", 1L, "DUPLICATE", 1L, "UNKNOWN_KEY", 1L), counters.openRejectionsByReason());
            assertEquals(Map.of("UNKNOWN_SENDER", 1L), counters.announcementRejectionsByReason());
            assertEquals(4, counters.get(LinkCounter.HEARTBEATS));
            assertEquals(3, counters.get(LinkCounter.HEARTBEAT_MISMATCHES));
            assertEquals(1, counters.get(LinkCounter.KEYS_INSTALLED));
            final List<String> expected = new ArrayList<>();
            for (final TestLinkSender.Framed record : framed)
            {
                expected.add(recordCall(record.type(), record.sequence(), EPOCH));
            }
            awaitCondition(() -> calls.size() >= expected.size());
            assertEquals(expected, new ArrayList<>(calls));
        }
    }

    @Test
    void shouldCarryTheStreamAcrossASenderRestartAndDropWhatItSendsAgain() throws Exception
    {
        final List<String> expected = new ArrayList<>();
        final int firstCount = TAGS + 40;
        sendEpoch(EPOCH, 0, firstCount, -1, -1, expected);
        final int resent = 20;
        sendEpoch(EPOCH + 5, firstCount - resent, TAGS + 10, firstCount + 100, firstCount - 1, expected);

        assertEquals(expected, new ArrayList<>(calls));
        assertEquals(2, agent.counters().get(LinkCounter.SENDER_EPOCHS));
        assertEquals(resent, agent.counters().get(LinkCounter.RECORDS_REPEATED));
        assertEquals(0, agent.counters().get(LinkCounter.GAPS));
        assertEquals(0, agent.counters().get(LinkCounter.STREAM_RESTARTS));
    }

    @Test
    void shouldFollowANewOtJournalWhenTheRestartedSendersStreamHeadIsBelowWhatItHolds() throws Exception
    {
        final List<String> expected = new ArrayList<>();
        sendEpoch(EPOCH, 0, TAGS + 40, -1, -1, expected);
        sendEpoch(EPOCH + 5, 0, TAGS + 10, 3, -1, expected);

        assertEquals(expected, new ArrayList<>(calls));
        assertEquals(1, agent.counters().get(LinkCounter.STREAM_RESTARTS));
        assertEquals(0, agent.counters().get(LinkCounter.RECORDS_REPEATED));
        assertEquals(0, agent.counters().get(LinkCounter.GAPS));
    }

    @Test
    void shouldNameTheLostFirstBlockOfAnEpochAsAGap() throws Exception
    {
        try (TestLinkSender sender = sender(EPOCH, keys.identity()))
        {
            final List<TestLinkSender.Framed> framed = new ArrayList<>();
            final List<byte[]> blocks = sender.frame(0, TAGS + 400, this::appendRecord, framed);
            assertTrue(blocks.size() > DEPTH + 2, "enough blocks to give the first one up");
            sender.sendAnnouncement();
            sender.sendAnnouncement();
            sender.sendHeartbeat(MTU, DEPTH, agent.linkFingerprint(), framed.get(framed.size() - 1).sequence(), 0);
            for (int block = 0; block < blocks.size(); block++)
            {
                final int current = block;
                sender.sendBlock(block, blocks.get(block), (b, s) -> current == 0);
            }
            sender.sendHeartbeat(MTU, DEPTH, agent.linkFingerprint(), framed.get(framed.size() - 1).sequence(),
                blocks.size(), 0);

            final List<String> expected = expectedCalls(framed, Set.of(0L), EPOCH);
            awaitCondition(() -> calls.size() >= expected.size());
            final List<String> seen = new ArrayList<>(calls);
            final String gap = expected.get(0);
            assertTrue(gap.startsWith("gap 0.."), gap);
            assertEquals(expected.size(), seen.size());
            assertTrue(seen.contains(gap), "the lost first block is named: " + gap + " in " + seen);
            assertEquals(expected.subList(1, expected.size()), seen.stream().filter(c -> !c.equals(gap)).toList());
            assertEquals(1, agent.counters().get(LinkCounter.GAPS));
            assertEquals(0, agent.counters().get(LinkCounter.GAPS_UNEXPLAINED));
        }
    }

    /**
     * Sends records {@code first ..} as one sender epoch (after a heartbeat with {@code heartbeatHead} when that is
     * not -1), adds the calls it should cause (the records above {@code held}) and waits for them.
     */
    private void sendEpoch(final long epoch, final long first, final int count, final long heartbeatHead,
        final long held, final List<String> expected) throws Exception
    {
        try (TestLinkSender sender = sender(epoch, keys.identity()))
        {
            final List<TestLinkSender.Framed> framed = new ArrayList<>();
            final List<byte[]> blocks = sender.frame(first, count, this::appendRecord, framed);
            sender.sendAnnouncement();
            if (heartbeatHead >= 0)
            {
                sender.sendAnnouncement();
                sender.sendHeartbeat(MTU, DEPTH, agent.linkFingerprint(), heartbeatHead, 0, first);
            }
            for (int block = 0; block < blocks.size(); block++)
            {
                sender.sendBlock(block, blocks.get(block), (b, s) -> false);
            }
            expected.addAll(expectedCalls(framed.stream().filter(f -> f.sequence() > held).toList(), Set.of(), epoch));
            awaitCondition(() -> calls.size() >= expected.size());
        }
    }

    private TestLinkSender sender(final long epoch, final Ed25519PrivateKeyParameters identity) throws IOException
    {
        final InetSocketAddress address = agent.localAddress();
        return new TestLinkSender(keys, identity, LINK_ID, MTU, K, M, epoch,
            new InetSocketAddress("127.0.0.1", address.getPort()), random);
    }

    /** 0 drops mostly, up to M (repairable) often, M + 1 or M + 2 (beyond repair) sometimes. */
    private static int pickDrops(final Random loss)
    {
        final int roll = loss.nextInt(100);
        if (roll < 50)
        {
            return 0;
        }
        if (roll < 85)
        {
            return 1 + loss.nextInt(M);
        }
        return M + 1 + loss.nextInt(2);
    }

    /**
     * Records: tag definitions 1..TAGS, a source state, live values (tag 1 + i % TAGS, value i), then a history
     * value for tag 1 older than its live value and a snapshot value for tag 2 newer than its live value.
     */
    private boolean appendRecord(final BlockWriter block, final int index, final long sequence)
    {
        if (index < TAGS)
        {
            return new TagDefinition().tagId(index + 1).sourceId(SOURCE_ID).dataType(11).valueRank(-1)
                .nodeId("ns=2;s=Tag" + (index + 1)).browsePath("Plant/Line1/Tag" + (index + 1))
                .engineeringUnits("degC").writeTo(block, sequence);
        }
        if (index == TAGS)
        {
            return new SourceState().sourceId(SOURCE_ID).state(SourceState.State.CONNECTED).timeTicks(BASE_TICKS)
                .reason("connected to opc.tcp://plant:4840").writeTo(block, sequence);
        }
        final TagValueBatchWriter batch = new TagValueBatchWriter();
        final int valueIndex = index - TAGS - 1;
        final TagValue value = new TagValue();
        if (isHistory(valueIndex))
        {
            return batch.beginHistory(block, sequence, SOURCE_ID) &&
                batch.append(value.setTagId(1).setDouble(-1).setSourceTime(BASE_TICKS));
        }
        if (isSnapshot(valueIndex))
        {
            return batch.beginSnapshotPart(block, sequence, 9, 0) &&
                batch.append(value.setTagId(2).setDouble(-2).setSourceTime(BASE_TICKS + 1_000_000_000L));
        }
        return batch.beginLiveValues(block, sequence) && batch.append(liveValue(valueIndex, value));
    }

    private static boolean isHistory(final int valueIndex)
    {
        return valueIndex == LIVE_VALUES;
    }

    private static boolean isSnapshot(final int valueIndex)
    {
        return valueIndex == LIVE_VALUES + 1;
    }

    private static TagValue liveValue(final int valueIndex, final TagValue into)
    {
        return into.setTagId(1 + valueIndex % TAGS).setDouble(valueIndex).setStatusCode(0)
            .setSourceTime(BASE_TICKS + 10_000L * (valueIndex + 1), valueIndex % 10_000);
    }

    private void assertTableHoldsTheLastRecords()
    {
        assertEquals(TAGS, table.tagCount());
        for (int tag = 3; tag <= TAGS; tag++)
        {
            final TagSnapshot snapshot = table.tag(tag);
            assertNotNull(snapshot.info());
            assertEquals("Plant/Line1/Tag" + tag, snapshot.info().browsePath());
            int lastIndex = LIVE_VALUES - 1;
            while (lastIndex % TAGS != tag - 1)
            {
                lastIndex--;
            }
            assertEquals(liveValue(lastIndex, new TagValue()), snapshot.value(), "tag " + tag);
        }
        assertEquals(RecordType.TAG_VALUE_BATCH, table.tag(1).origin(), "history older than the live value");
        assertEquals(-2.0, table.tag(2).value().doubleValue(), "a snapshot newer than the live value");
        assertEquals(1, table.valuesSuperseded());
        assertEquals(SourceState.State.CONNECTED, table.sources().get(0).state());
        assertEquals(TAGS, table.sources().get(0).tags());
    }

    private static List<String> expectedCalls(final List<TestLinkSender.Framed> framed, final Set<Long> lostBlocks,
        final long epoch)
    {
        final List<String> expected = new ArrayList<>();
        long gapFrom = -1;
        for (final TestLinkSender.Framed record : framed)
        {
            if (lostBlocks.contains(record.block()))
            {
                if (gapFrom < 0)
                {
                    gapFrom = record.sequence();
                }
                continue;
            }
            if (gapFrom >= 0)
            {
                expected.add(gapCall(epoch, gapFrom, record.sequence() - 1));
                gapFrom = -1;
            }
            expected.add(recordCall(record.type(), record.sequence(), epoch));
        }
        return expected;
    }

    private static String recordCall(final RecordType type, final long sequence, final long epoch)
    {
        return "record " + type + " " + sequence + " epoch " + epoch;
    }

    private static String gapCall(final long epoch, final long from, final long to)
    {
        return "gap " + from + ".." + to + " epoch " + epoch;
    }

    private static void awaitCondition(final BooleanSupplier condition) throws InterruptedException
    {
        final long deadline = System.nanoTime() + WAIT_MS * 1_000_000;
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                return;
            }
            Thread.sleep(5);
        }
    }

    private final class Recorder implements AppliedRecords
    {
        @Override
        public void record(final RecordType type, final long streamSequence, final long senderEpoch,
            final byte[] buffer, final int bodyOffset, final int bodyLength)
        {
            bodies.add(Arrays.copyOfRange(buffer, bodyOffset, bodyOffset + bodyLength));
            calls.add(recordCall(type, streamSequence, senderEpoch));
        }

        @Override
        public void gap(final long senderEpoch, final long fromSequence, final long toSequence)
        {
            calls.add(gapCall(senderEpoch, fromSequence, toSequence));
        }
    }
}
