package io.diodegw.receiver.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.diodegw.config.ConfigLoader;
import io.diodegw.receiver.gap.GapLedger;
import io.diodegw.receiver.http.ReceiverHttpApi;
import io.diodegw.receiver.journal.ItJournal;
import io.diodegw.receiver.journal.JournalCursor;
import io.diodegw.receiver.journal.JournalEntry;
import io.diodegw.receiver.journal.RecordJsonDecoder;
import io.diodegw.receiver.table.OpcUaTime;
import io.diodegw.receiver.table.TagTable;
import io.diodegw.receiver.table.TagTableFeed;
import io.diodegw.config.Side;
import io.diodegw.wire.record.BlockWriter;
import io.diodegw.wire.record.BuiltinType;
import io.diodegw.wire.record.ResendMarker;
import io.diodegw.wire.record.SnapshotBegin;
import io.diodegw.wire.record.SnapshotEnd;
import io.diodegw.wire.record.TagDefinition;
import io.diodegw.wire.record.TagValue;
import io.diodegw.wire.record.TagValueBatchWriter;

/**
 * Gap lifecycle end to end on the receiver, over real sealed datagrams on 127.0.0.1 with an explicit clock: an
 * in-band block is lost, the gap reaches the IT journal and the delivery JSON with its time span and sources, a
 * history carousel pass (out-of-band re-sends with their original sequences and a resend marker) refills its history
 * records once and supersedes its live value, the gap closes, duplicates are dropped and counted, and
 * {@code /api/status} lists it.
 */
class ReceiveAgentGapRefillTest
{
    private static final int LINK_ID = 9;
    private static final int MTU = 576;
    private static final int K = 4;
    private static final int M = 2;
    private static final long EPOCH = 5_151;
    private static final long RECEIVE_WAIT_MS = 10_000;
    private static final long NANOS_PER_MS = 1_000_000;
    private static final int SOURCE_LIVE = 1;
    private static final int SOURCE_HISTORY = 2;

    @TempDir
    Path dir;

    private final SecureRandom random = new SecureRandom();
    private final ObjectMapper mapper = new ObjectMapper();
    /** The key announcement is checked against the receiver's clock, so the test's clock starts at the real time. */
    private final long startMs = System.currentTimeMillis();
    private final long t0 = OpcUaTime.fromUnixMs(startMs);

    @Test
    void shouldJournalDeliverRefillAndCloseAGapFromAHistoryCarouselPass() throws Exception
    {
        final TestLinkSender.Keys keys = TestLinkSender.Keys.create(dir.resolve("keys"), random);
        final TagTable table = new TagTable();
        try (ItJournal journal = ItJournal.open(dir.resolve("journal"), () -> startMs))
        {
            final TagTableFeed feed = new TagTableFeed(table, journal, () -> startMs);
            final GapLedger ledger = new GapLedger(feed, feed, journal, 16, 8, () -> startMs, () ->
                table.snapshots().lastComplete() == null ? -1 : table.snapshots().lastComplete().cutSequence());
            try (ReceiveAgent agent = ReceiveAgent.fromConfig(
                ConfigLoader.fromValues(Side.RECEIVER, "test", config(keys)), ledger);
                TestLinkSender sender = new TestLinkSender(keys, keys.identity(), LINK_ID, MTU, K, M, EPOCH,
                    new InetSocketAddress("127.0.0.1", agent.localAddress().getPort()), random))
            {
                final List<byte[]> blocks = new ArrayList<>();
                final BlockWriter w = new BlockWriter();
                blocks.add(block(sender, w, false, b -> definition(b, 0) && history(b, 1) && live(b, 2)));
                blocks.add(block(sender, w, false, b -> history(b, 3) && history(b, 4) && live(b, 5)));
                blocks.add(block(sender, w, false, b -> live(b, 6) && history(b, 7)));
                blocks.add(block(sender, w, true, b -> history(b, 3) && history(b, 4) && history(b, 1) &&
                    history(b, 7) && marker(b)));
                blocks.add(block(sender, w, true, b -> snapshot(b, 7)));
                blocks.add(block(sender, w, true, b -> history(b, 3) && history(b, 4) && history(b, 1) &&
                    history(b, 7) && marker(b)));

                sender.sendAnnouncement();
                for (int i = 0; i < blocks.size(); i++)
                {
                    final boolean lose = i == 1;
                    sender.sendBlock(i, blocks.get(i), (block, symbol) -> lose && symbol <= M);
                }
                final long nowNs = 1_000 * NANOS_PER_MS;
                receiveAll(agent, sender.sent(), nowNs);
                agent.doWork(nowNs + 1_000 * NANOS_PER_MS, startMs + 1_000);
                assertNull(agent.failure());
                assertEquals(1, agent.counters().get(LinkCounter.BLOCKS_UNRECOVERABLE));

                final List<JsonNode> delivered = deliveredObjects(journal);
                final List<String> shape = new ArrayList<>();
                for (final JsonNode o : delivered)
                {
                    shape.add(o.get("kind").asText() + (o.has("state") ? "-" + o.get("state").asText() : "") + " " +
                        (o.has("fromSequence") ? o.get("fromSequence").asLong() + ".." + o.get("toSequence").asLong() :
                            o.get("streamSequence").asText()));
                }
                assertEquals(List.of("definition 0", "history 1", "value 2", "gap-open 3..5", "value 6", "history 7",
                    "history 3", "history 4", "gap-closed 3..5"), shape,
                    "the gap before the record that ended it; each refilled record once, then the closed gap");

                final JsonNode open = delivered.get(3);
                assertEquals(RecordJsonDecoder.formatTicks(t0 + 2), open.get("firstTime").asText(),
                    "time of the last record before the loss");
                assertEquals(RecordJsonDecoder.formatTicks(t0 + 6), open.get("lastTime").asText(),
                    "time of the record after the loss");
                assertEquals("[1,2]", open.get("sources").toString(), "definition of source 1, history of 2");
                assertEquals(3, open.get("sequences").asLong());
                final JsonNode closed = delivered.get(8);
                assertEquals(2, closed.get("refilledSequences").asLong());
                assertEquals(1, closed.get("supersededSequences").asLong());
                assertEquals("[1,2]", closed.get("sources").toString());

                final GapLedger.Status status = ledger.status();
                assertEquals(0, status.openGaps());
                assertEquals(1, status.gapsClosed());
                assertEquals(6, status.duplicatesDropped(), "1 and 7 of the first pass, all four of the second");
                assertEquals(2, status.markersApplied());
                assertEquals(7, table.snapshots().lastComplete().cutSequence());

                try (ReceiverHttpApi api = ReceiverHttpApi.start(new InetSocketAddress("127.0.0.1", 0), table,
                    agent.counters(), () -> startMs))
                {
                    api.addStatusSection(ledger::writeStatus);
                    final JsonNode gaps = get(api, "/api/status").get("gaps");
                    assertEquals(0, gaps.get("open").asLong());
                    assertEquals(1, gaps.get("closed").asLong());
                    assertEquals(2, gaps.get("refilledSequences").asLong());
                    assertEquals(1, gaps.get("supersededSequences").asLong());
                    assertEquals(6, gaps.get("duplicatesDropped").asLong());
                    assertEquals(0, gaps.get("openGaps").size());
                    final JsonNode recent = gaps.get("recentGaps").get(0);
                    assertEquals("closed", recent.get("state").asText());
                    assertEquals(3, recent.get("fromSequence").asLong());
                    assertEquals(5, recent.get("toSequence").asLong());
                    assertTrue(recent.has("firstTime"));
                }
            }
        }
    }

    @Test
    void shouldListAnOpenGapInTheStatusUntilAPassAccountsForIt() throws Exception
    {
        final TagTable table = new TagTable();
        try (ItJournal journal = ItJournal.open(dir.resolve("journal2"), () -> startMs))
        {
            final TagTableFeed feed = new TagTableFeed(table, journal, () -> startMs);
            final GapLedger ledger = new GapLedger(feed, feed, journal, 16, 8, () -> startMs, () -> -1);
            final RecordSequencer sequencer = new RecordSequencer(ledger, new LinkCounters());
            sequencer.startEpoch(EPOCH);
            final byte[] payload = new byte[2048];
            final BlockWriter w = new BlockWriter();
            w.wrap(payload, 0, payload.length);
            assertTrue(live(w, 10));
            w.finish();
            sequencer.onBlock(payload, 0, payload.length);
            sequencer.onBlockLost();
            w.wrap(payload, 0, payload.length);
            assertTrue(live(w, 14));
            w.finish();
            sequencer.onBlock(payload, 0, payload.length);

            try (ReceiverHttpApi api = ReceiverHttpApi.start(new InetSocketAddress("127.0.0.1", 0), table,
                new LinkCounters(), () -> startMs))
            {
                api.addStatusSection(ledger::writeStatus);
                final JsonNode gaps = get(api, "/api/status").get("gaps");
                assertEquals(1, gaps.get("open").asLong());
                assertEquals(3, gaps.get("openSequences").asLong());
                final JsonNode listed = gaps.get("openGaps").get(0);
                assertEquals("open", listed.get("state").asText());
                assertEquals(11, listed.get("fromSequence").asLong());
                assertEquals(13, listed.get("toSequence").asLong());
                assertEquals(EPOCH, listed.get("senderEpoch").asLong());
                assertEquals(RecordJsonDecoder.formatTicks(t0 + 10), listed.get("firstTime").asText());
                assertEquals(RecordJsonDecoder.formatTicks(t0 + 14), listed.get("lastTime").asText());
                assertFalse(gaps.get("recentGaps").elements().hasNext());
            }
        }
    }

    private Map<String, String> config(final TestLinkSender.Keys keys)
    {
        final Map<String, String> values = new HashMap<>();
        values.put("link.id", Integer.toString(LINK_ID));
        values.put("link.mtuBytes", Integer.toString(MTU));
        values.put("link.fec.sourceSymbols", Integer.toString(K));
        values.put("link.fec.repairSymbols", Integer.toString(M));
        values.put("link.fec.interleaveDepth", "1");
        values.put("receiver.bind", "127.0.0.1:0");
        values.put("receiver.blockTimeoutMs", "200");
        values.put("receiver.reorderWindowBlocks", "8");
        values.put("receiver.socketReceiveBufferBytes", "1048576");
        values.put("receiver.privateKeyFile", keys.receiverKeyFile().toString());
        values.put("receiver.trustedSenderKeyFiles", keys.senderPublicKeyFile().toString());
        return values;
    }

    private List<JsonNode> deliveredObjects(final ItJournal journal) throws IOException
    {
        final List<JsonNode> objects = new ArrayList<>();
        final RecordJsonDecoder decoder = new RecordJsonDecoder();
        final JournalEntry entry = new JournalEntry();
        try (JournalCursor cursor = journal.cursor("check"))
        {
            while (cursor.next(entry))
            {
                final List<byte[]> json = new ArrayList<>();
                decoder.decode(entry, r -> json.add(r.json()));
                for (final byte[] bytes : json)
                {
                    objects.add(mapper.readTree(bytes));
                }
            }
        }
        return objects;
    }

    private JsonNode get(final ReceiverHttpApi api, final String path) throws Exception
    {
        final HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + api.address().getPort() + path)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return mapper.readTree(response.body());
    }

    private void receiveAll(final ReceiveAgent agent, final int datagrams, final long nowNs) throws Exception
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

    private static byte[] block(final TestLinkSender sender, final BlockWriter writer, final boolean outOfBand,
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

    private static boolean definition(final BlockWriter writer, final long sequence)
    {
        return new TagDefinition().tagId(1).sourceId(SOURCE_LIVE).dataType(BuiltinType.DOUBLE).valueRank(-1)
            .browsePath("T1").writeTo(writer, sequence);
    }

    private boolean live(final BlockWriter writer, final long sequence)
    {
        final TagValueBatchWriter batch = new TagValueBatchWriter();
        return batch.beginLiveValues(writer, sequence) &&
            batch.append(new TagValue().setTagId(1).setDouble(sequence).setSourceTime(t0 + sequence));
    }

    private boolean history(final BlockWriter writer, final long sequence)
    {
        final TagValueBatchWriter batch = new TagValueBatchWriter();
        return batch.beginHistory(writer, sequence, SOURCE_HISTORY) &&
            batch.append(new TagValue().setTagId(5).setDouble(sequence).setSourceTime(t0 - 1_000 + sequence));
    }

    /** A complete snapshot of the one tag at this cut: the superseded live value 5 is covered once it arrived. */
    private boolean snapshot(final BlockWriter writer, final long cut)
    {
        final TagValueBatchWriter part = new TagValueBatchWriter();
        return new SnapshotBegin().snapshotId(1).cutStreamSequence(cut).tagCount(1).timeTicks(t0).writeTo(writer, cut) &&
            definition(writer, cut) && part.beginSnapshotPart(writer, cut, 1, 0) &&
            part.append(new TagValue().setTagId(1).setDouble(6).setSourceTime(t0 + 6)) &&
            new SnapshotEnd().snapshotId(1).partCount(1).tagCount(1).writeTo(writer, cut);
    }

    /** The pass's marker over 1..7: live values 2, 5 and 6 superseded, 1, 3, 4 and 7 re-sent. */
    private static boolean marker(final BlockWriter writer)
    {
        return new ResendMarker().passId(1).range(1, 7).resentCount(4).addRun(2, 1).addRun(5, 2).writeTo(writer, 7);
    }

    @FunctionalInterface
    private interface Content
    {
        boolean write(BlockWriter writer);
    }
}
