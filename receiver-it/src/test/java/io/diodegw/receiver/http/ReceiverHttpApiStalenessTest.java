package io.diodegw.receiver.http;

import static io.diodegw.receiver.table.TestBlock.definitionOf;
import static io.diodegw.receiver.table.TestBlock.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.diodegw.receiver.link.LinkCounter;
import io.diodegw.receiver.link.LinkCounters;
import io.diodegw.receiver.table.OpcUaTime;
import io.diodegw.receiver.table.StalenessPolicy;
import io.diodegw.receiver.table.TagTable;
import io.diodegw.receiver.table.TagTableFeed;
import io.diodegw.receiver.table.TestBlock;
import io.diodegw.wire.record.SenderStatus;
import io.diodegw.wire.record.SourceState;
import io.diodegw.wire.record.StatusCodes;
import io.diodegw.wire.record.TagDefinition;
import io.diodegw.wire.record.TagValue;

/**
 * The staleness, snapshot and sender-status fields of the HTTP API, over the real server with a clock the test sets:
 * two sources of three tags each, filled by a snapshot; source 2 disconnects; the link goes silent.
 */
class ReceiverHttpApiStalenessTest
{
    private static final long EPOCH = 0xABCD_0001L;
    private static final long START_MS = 1_700_000_000_000L;
    private static final long T0 = OpcUaTime.fromUnixMs(START_MS);
    private static final long LINK_SILENT_MS = 5_000;
    private static final long UNCERTAIN_MS = 1_000;
    private static final long BAD_MS = 20_000;
    private static final long CUT = 500;

    private final ObjectMapper mapper = new ObjectMapper();
    private final AtomicLong clockMs = new AtomicLong(START_MS);
    private final TagTable table = new TagTable(new StalenessPolicy(LINK_SILENT_MS, UNCERTAIN_MS, BAD_MS));
    private final TagTableFeed feed = new TagTableFeed(table, null, clockMs::get);
    private final LinkCounters counters = new LinkCounters();
    private ReceiverHttpApi api;
    private HttpClient client;

    @BeforeEach
    void start() throws Exception
    {
        feed.senderHeard(EPOCH, START_MS);
        final List<TagDefinition> definitions = new ArrayList<>();
        final List<TagValue> values = new ArrayList<>();
        for (int tag = 1; tag <= 6; tag++)
        {
            definitions.add(definitionOf(tag, tag <= 3 ? 1 : 2));
            if (tag != 6)
            {
                values.add(value(tag, tag, T0).setStatusCode(tag == 5 ? 0x4093_0000 : StatusCodes.GOOD));
            }
        }
        final List<SourceState> states = List.of(
            new SourceState().sourceId(1).state(SourceState.State.CONNECTED).timeTicks(T0),
            new SourceState().sourceId(2).state(SourceState.State.CONNECTED).timeTicks(T0));
        TestBlock.outOfBand().snapshot(3, CUT, T0, definitions, states, values, 2).deliver(feed, EPOCH, START_MS);
        TestBlock.outOfBand().begin(4, CUT + 10, 5, T0 + 1).deliver(feed, EPOCH, START_MS);
        TestBlock.outOfBand().senderStatus(new SenderStatus().journalHeadSequence(CUT + 40).backlogRecords(30)
            .backlogBytes(4_096).oldestUnsentAgeMs(1_500).inputRecordsPerSec(100).outputRecordsPerSec(80)
            .outputBytesPerSec(64_000).timeTicks(T0), CUT + 39).deliver(feed, EPOCH, START_MS);
        TestBlock.inBand().live(CUT - 1, value(1, -1, T0)).live(CUT + 10, value(2, 20, T0))
            .sourceState(2, SourceState.State.DISCONNECTED, T0, CUT + 11).deliver(feed, EPOCH);
        counters.add(LinkCounter.BLOCKS_OUT_OF_BAND, 4);
        api = ReceiverHttpApi.start(new InetSocketAddress("127.0.0.1", 0), table, counters, clockMs::get);
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void stop()
    {
        api.close();
    }

    @Test
    void shouldServeTheRealStatusWhileSourceAndLinkAreUpAndShowWhereItCameFrom() throws Exception
    {
        final JsonNode tag = get("/api/tags/5");
        assertEquals(0x4093_0000L, tag.get("statusCode").asLong());
        assertEquals("Uncertain_SensorNotAccurate", tag.get("status").asText());

        clockMs.set(START_MS + 10);
        final JsonNode one = get("/api/tags/1");
        assertEquals(0, one.get("statusCode").asInt());
        assertEquals("Good", one.get("status").asText());
        assertEquals(0, one.get("valueStatusCode").asInt());
        assertEquals("Good", one.get("valueStatus").asText());
        assertEquals("CONNECTED", one.get("sourceState").asText());
        assertEquals("none", one.get("stale").asText());
        assertTrue(one.get("staleForMs").isNull());
        assertEquals(10, one.get("ageMs").asLong());
        assertEquals(1.0, one.get("value").asDouble(), "the older in-band value at 499 did not go backwards");
        assertEquals("SNAPSHOT_PART", one.get("origin").asText());
        assertEquals(CUT, one.get("streamSequence").asLong());

        final JsonNode waiting = get("/api/tags/6");
        assertEquals(StatusCodes.BAD_WAITING_FOR_INITIAL_DATA, (int)waiting.get("statusCode").asLong());
        assertEquals("Bad_WaitingForInitialData", waiting.get("status").asText());
        assertTrue(waiting.get("valueStatusCode").isNull());
    }

    @Test
    void shouldServeUncertainThenBadForTheDisconnectedSourceAndCountItsTags() throws Exception
    {
        clockMs.set(START_MS + UNCERTAIN_MS);
        feed.senderHeard(EPOCH, clockMs.get());
        final JsonNode uncertain = get("/api/tags/4");
        assertEquals("Uncertain_LastUsableValue", uncertain.get("status").asText());
        assertEquals(StatusCodes.UNCERTAIN_LAST_USABLE_VALUE, (int)uncertain.get("statusCode").asLong());
        assertEquals("Good", uncertain.get("valueStatus").asText());
        assertEquals("DISCONNECTED", uncertain.get("sourceState").asText());
        assertEquals("uncertain", uncertain.get("stale").asText());
        assertEquals(UNCERTAIN_MS, uncertain.get("staleForMs").asLong());

        clockMs.set(START_MS + BAD_MS);
        feed.senderHeard(EPOCH, clockMs.get());
        final JsonNode list = get("/api/tags?prefix=Plant%2FS2%2F");
        assertEquals(3, list.get("total").asInt());
        for (final JsonNode tag : list.get("tags"))
        {
            final boolean hasValue = tag.get("id").asInt() != 6;
            assertEquals(hasValue ? "Bad_NoCommunication" : "Bad_WaitingForInitialData", tag.get("status").asText());
            assertEquals("bad", tag.get("stale").asText());
        }

        final JsonNode status = get("/api/status");
        final JsonNode source1 = status.get("sources").get(0);
        final JsonNode source2 = status.get("sources").get(1);
        assertEquals("none", source1.get("stale").asText());
        assertEquals(0, source1.get("tagsBad").asInt());
        assertTrue(source1.get("notCommunicatingSince").isNull());
        assertEquals("DISCONNECTED", source2.get("state").asText());
        assertEquals("bad", source2.get("stale").asText());
        assertEquals(OpcUaTime.unixMsToIso(START_MS), source2.get("notCommunicatingSince").asText());
        assertEquals(0, source2.get("tagsUncertain").asInt());
        assertEquals(2, source2.get("tagsBad").asInt());
        assertEquals(1, source2.get("tagsWaitingForInitialData").asInt());
        assertEquals(2, status.get("table").get("tagsBad").asInt());
        assertEquals(1, status.get("table").get("liveValuesOlder").asInt());
        assertEquals(5, status.get("table").get("snapshotValuesApplied").asInt());
    }

    @Test
    void shouldDegradeEveryTagWhenTheLinkIsSilentAndShowTheTimeSinceTheSenderWasHeard() throws Exception
    {
        clockMs.set(START_MS + LINK_SILENT_MS - 1);
        assertEquals("none", get("/api/tags/1").get("stale").asText());
        assertEquals(false, get("/api/status").get("link").get("silent").asBoolean());

        clockMs.set(START_MS + LINK_SILENT_MS + UNCERTAIN_MS);
        final JsonNode tag = get("/api/tags/1");
        assertEquals("Uncertain_LastUsableValue", tag.get("status").asText());
        assertEquals(UNCERTAIN_MS, tag.get("staleForMs").asLong());
        final JsonNode link = get("/api/status").get("link");
        assertEquals(true, link.get("silent").asBoolean());
        assertEquals(LINK_SILENT_MS + UNCERTAIN_MS, link.get("sinceHeardMs").asLong());
        assertEquals(Long.toUnsignedString(EPOCH), link.get("senderEpoch").asText());
        assertEquals(4, link.get("blocksOutOfBand").asInt());

        feed.senderHeard(EPOCH, START_MS + LINK_SILENT_MS + UNCERTAIN_MS);
        assertEquals("Good", get("/api/tags/1").get("status").asText());
    }

    @Test
    void shouldShowTheLastCompleteSnapshotTheOneInProgressAndTheSenderStatus() throws Exception
    {
        clockMs.set(START_MS + 2_000);
        final JsonNode status = get("/api/status");

        final JsonNode snapshots = status.get("snapshots");
        final JsonNode complete = snapshots.get("lastComplete");
        assertEquals(3, complete.get("id").asInt());
        assertEquals(CUT, complete.get("cut").asLong());
        assertEquals(OpcUaTime.toIso(T0, 0), complete.get("time").asText());
        assertEquals(5, complete.get("tags").asInt());
        assertEquals(5, complete.get("valuesReceived").asInt());
        assertEquals(3, complete.get("parts").asInt());
        assertEquals(6, complete.get("definitions").asInt());
        assertEquals(OpcUaTime.unixMsToIso(START_MS), complete.get("completedAt").asText());
        final JsonNode inProgress = snapshots.get("inProgress");
        assertEquals(4, inProgress.get("id").asInt());
        assertEquals(CUT + 10, inProgress.get("cut").asLong());
        assertEquals(0, inProgress.get("valuesReceived").asInt());
        assertTrue(inProgress.get("completedAt").isNull());
        assertEquals(2, snapshots.get("begun").asInt());
        assertEquals(1, snapshots.get("completed").asInt());

        final JsonNode sender = status.get("sender");
        assertEquals(Long.toUnsignedString(EPOCH), sender.get("senderEpoch").asText());
        assertEquals(CUT + 40, sender.get("journalHeadSequence").asLong());
        assertEquals(30, sender.get("backlogRecords").asInt());
        assertEquals(4_096, sender.get("backlogBytes").asInt());
        assertEquals(1_500, sender.get("oldestUnsentAgeMs").asInt());
        assertEquals(100, sender.get("inputRecordsPerSec").asInt());
        assertEquals(80, sender.get("outputRecordsPerSec").asInt());
        assertEquals(64_000, sender.get("outputBytesPerSec").asInt());
        assertEquals(2_000, sender.get("sinceReceivedMs").asInt());
        assertEquals(CUT + 11, sender.get("receiverLastSequence").asLong());
        assertEquals(CUT + 11, sender.get("receiverAccountedSequence").asLong());
        assertEquals(29, sender.get("receiverBehindRecords").asInt());
    }

    private JsonNode get(final String path) throws Exception
    {
        final HttpResponse<String> response = client.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + api.address().getPort() + path)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return mapper.readTree(response.body());
    }
}
