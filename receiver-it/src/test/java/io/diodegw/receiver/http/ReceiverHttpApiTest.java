package io.diodegw.receiver.http;

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
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.diodegw.receiver.link.LinkCounter;
import io.diodegw.receiver.link.LinkCounters;
import io.diodegw.receiver.table.OpcUaTime;
import io.diodegw.receiver.table.TagTable;
import io.diodegw.wire.crypto.DatagramOpener;
import io.diodegw.wire.crypto.KeyAnnouncementVerifier;
import io.diodegw.wire.record.BuiltinType;
import io.diodegw.wire.record.LocalizedText;
import io.diodegw.wire.record.RecordType;
import io.diodegw.wire.record.SourceState;
import io.diodegw.wire.record.TagDefinition;
import io.diodegw.wire.record.TagValue;

/** The real HTTP server on an ephemeral port of 127.0.0.1, queried with the JDK's HTTP client. */
class ReceiverHttpApiTest
{
    private static final long NOW_MS = 1_700_000_010_000L;
    private static final long T0 = OpcUaTime.fromUnixMs(1_700_000_000_000L);
    private static final int TAGS = 30;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TagTable TABLE = new TagTable();
    private static final LinkCounters COUNTERS = new LinkCounters();
    private static ReceiverHttpApi api;
    private static HttpClient client;

    @BeforeAll
    static void start() throws Exception
    {
        for (int i = 1; i <= TAGS; i++)
        {
            TABLE.applyDefinition(new TagDefinition().tagId(i).sourceId(i <= 20 ? 1 : 2).dataType(BuiltinType.DOUBLE)
                .valueRank(-1).nodeId("ns=2;s=T" + i).browsePath((i <= 20 ? "Line1/" : "Line2/") +
                    String.format("Tag%02d", i)).engineeringUnits("m³/h").description("quote \" and \\ and \n"));
        }
        for (int i = 1; i <= 20; i++)
        {
            TABLE.applyValue(RecordType.TAG_VALUE_BATCH, new TagValue().setTagId(i).setDouble(i + 0.5)
                .setSourceTime(T0 + 10_000L * i, 42).setServerTime(T0 + 10_000L * i + 1), i, NOW_MS - 5_000);
        }
        TABLE.applyValue(RecordType.TAG_VALUE_BATCH, new TagValue().setTagId(21).setArray(BuiltinType.INT32,
            new int[] {1, -2, 3}).setStatusCode(0x4090_0000), 100, NOW_MS);
        TABLE.applyValue(RecordType.TAG_VALUE_BATCH, new TagValue().setTagId(22).setArray(BuiltinType.UINT64,
            new long[] {-1L, 5}), 101, NOW_MS);
        TABLE.applyValue(RecordType.TAG_VALUE_BATCH, new TagValue().setTagId(23).setDouble(Double.NaN), 102, NOW_MS);
        TABLE.applyValue(RecordType.TAG_VALUE_BATCH, new TagValue().setTagId(24).setString("héllo \"x\"\u0001"), 103,
            NOW_MS);
        TABLE.applyValue(RecordType.TAG_VALUE_BATCH, new TagValue().setTagId(25)
            .setLocalizedText(new LocalizedText("en", "Running")), 104, NOW_MS);
        TABLE.applyValue(RecordType.TAG_VALUE_BATCH, new TagValue().setTagId(26).setGuid(new UUID(1, 2)), 105, NOW_MS);
        TABLE.applyValue(RecordType.TAG_VALUE_BATCH, new TagValue().setTagId(27).setDateTime(T0), 106, NOW_MS);
        TABLE.applyValue(RecordType.TAG_VALUE_BATCH, new TagValue().setTagId(28).setBoolean(true), 107, NOW_MS);
        TABLE.applySourceState(new SourceState().sourceId(1).state(SourceState.State.CONNECTED).timeTicks(T0)
            .reason("up"), 200, NOW_MS);
        COUNTERS.add(LinkCounter.DATAGRAMS_RECEIVED, 1234);
        COUNTERS.add(LinkCounter.BLOCKS_REPAIRED, 7);
        COUNTERS.add(LinkCounter.BLOCKS_UNRECOVERABLE, 2);
        COUNTERS.add(LinkCounter.GAPS, 1);
        COUNTERS.onOpenRejected(DatagramOpener.BAD_TAG);
        COUNTERS.onOpenRejected(DatagramOpener.BAD_TAG);
        COUNTERS.onOpenRejected(DatagramOpener.DUPLICATE);
        COUNTERS.onAnnouncementRejected(KeyAnnouncementVerifier.UNKNOWN_SENDER);
        api = ReceiverHttpApi.start(new InetSocketAddress("127.0.0.1", 0), TABLE, COUNTERS, () -> NOW_MS);
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop()
    {
        api.close();
    }

    @Test
    void shouldPageThroughAllTagsInBrowsePathOrder() throws Exception
    {
        final List<Long> ids = new ArrayList<>();
        for (int offset = 0; offset < TAGS; offset += 7)
        {
            final JsonNode page = getOk("/api/tags?offset=" + offset + "&limit=7");
            assertEquals(TAGS, page.get("total").asInt());
            assertEquals(offset, page.get("offset").asInt());
            assertEquals(7, page.get("limit").asInt());
            page.get("tags").forEach(tag -> ids.add(tag.get("id").asLong()));
        }
        final List<Long> expected = new ArrayList<>();
        for (long i = 1; i <= TAGS; i++)
        {
            expected.add(i);
        }
        assertEquals(expected, ids);
        assertEquals(ReceiverHttpApi.DEFAULT_LIMIT, getOk("/api/tags").get("limit").asInt());
    }

    @Test
    void shouldFilterByBrowsePathOrNodeIdPrefix() throws Exception
    {
        final JsonNode line2 = getOk("/api/tags?prefix=Line2%2F&limit=100");
        assertEquals(10, line2.get("total").asInt());
        assertEquals("Line2/Tag21", line2.get("tags").get(0).get("browsePath").asText());

        assertEquals(2, getOk("/api/tags?prefix=ns%3D2%3Bs%3DT3").get("total").asInt(), "T3 and T30");
        assertEquals(0, getOk("/api/tags?prefix=Nothing").get("total").asInt());
    }

    @Test
    void shouldRenderOneTagWithValueStatusTimestampsAndAge() throws Exception
    {
        final JsonNode tag = getOk("/api/tags/3");

        assertEquals(3, tag.get("id").asInt());
        assertEquals(1, tag.get("sourceId").asInt());
        assertEquals("ns=2;s=T3", tag.get("nodeId").asText());
        assertEquals("Line1/Tag03", tag.get("browsePath").asText());
        assertEquals("Double", tag.get("dataType").asText());
        assertEquals("m³/h", tag.get("engineeringUnits").asText());
        assertEquals("quote \" and \\ and \n", tag.get("description").asText());
        assertEquals(3.5, tag.get("value").asDouble());
        assertEquals("Double", tag.get("valueType").asText());
        assertEquals(0, tag.get("statusCode").asInt());
        assertEquals("Good", tag.get("status").asText());
        assertEquals("2023-11-14T22:13:20.00300000042Z", tag.get("sourceTimestamp").asText());
        assertEquals("2023-11-14T22:13:20.0030001Z", tag.get("serverTimestamp").asText());
        assertEquals("2023-11-14T22:13:25Z", tag.get("appliedAt").asText());
        assertEquals(10_000 - 3, tag.get("ageMs").asLong());
        assertEquals("TAG_VALUE_BATCH", tag.get("origin").asText());
        assertEquals(3, tag.get("streamSequence").asLong());
    }

    @Test
    void shouldRenderValuesOfEveryKindByType() throws Exception
    {
        final JsonNode array = getOk("/api/tags/21");
        assertEquals("[1,-2,3]", array.get("value").toString());
        assertTrue(array.get("isArray").asBoolean());
        assertEquals(0x4090_0000L, array.get("statusCode").asLong());
        assertEquals("Uncertain_LastUsableValue", array.get("status").asText());
        assertEquals("[18446744073709551615,5]", getOk("/api/tags/22").get("value").toString());
        assertEquals("\"NaN\"", getOk("/api/tags/23").get("value").toString());
        assertEquals("héllo \"x\"\u0001", getOk("/api/tags/24").get("value").asText());
        assertEquals("{\"locale\":\"en\",\"text\":\"Running\"}", getOk("/api/tags/25").get("value").toString());
        assertEquals("00000000-0000-0001-0000-000000000002", getOk("/api/tags/26").get("value").asText());
        assertEquals("2023-11-14T22:13:20.0000000Z", getOk("/api/tags/27").get("value").asText());
        assertEquals("true", getOk("/api/tags/28").get("value").toString());
        final JsonNode waiting = getOk("/api/tags/30");
        assertTrue(waiting.get("value").isNull());
        assertEquals("Bad_WaitingForInitialData", waiting.get("status").asText());
        assertEquals(0x8032_0000L, waiting.get("statusCode").asLong());
    }

    @Test
    void shouldReportSourcesAndLinkCounters() throws Exception
    {
        final JsonNode status = getOk("/api/status");

        final JsonNode source = status.get("sources").get(0);
        assertEquals(1, source.get("sourceId").asInt());
        assertEquals("CONNECTED", source.get("state").asText());
        assertEquals("up", source.get("reason").asText());
        assertEquals(20, source.get("tags").asInt());
        assertEquals(20, source.get("valuesApplied").asInt());
        assertEquals("2023-11-14T22:13:25Z", source.get("lastUpdate").asText());
        assertEquals(5_000 - 20, source.get("lagMs").asLong(), "apply time minus source time of the last value");
        assertEquals(2, status.get("sources").size());
        final JsonNode link = status.get("link");
        assertEquals(1234, link.get("datagrams").asLong());
        assertEquals(7, link.get("blocksRepaired").asLong());
        assertEquals(2, link.get("blocksUnrecoverable").asLong());
        assertEquals(1, link.get("gaps").asLong());
        assertEquals(2, link.get("authFailures").asLong());
        assertEquals("{\"BAD_TAG\":2,\"DUPLICATE\":1}", link.get("datagramsRefused").toString());
        assertEquals("{\"UNKNOWN_SENDER\":1}", link.get("announcementsRefused").toString());
        assertEquals(TAGS, status.get("table").get("tags").asInt());
    }

    @Test
    void shouldAnswer404ForUnknownTagsAndPaths() throws Exception
    {
        assertError(get("/api/tags/999"), 404, "no tag with id 999");
        assertError(get("/api/nothing"), 404, "no such resource: /api/nothing; try /api/tags, /api/tags/{id} or " +
            "/api/status");
    }

    @Test
    void shouldAnswer400WithAMessageForBadParameters() throws Exception
    {
        assertError(get("/api/tags/abc"), 400, "tag id 'abc' is not a number; expected a decimal tag id 0..4294967295");
        assertError(get("/api/tags/4294967296"), 400, "tag id 4294967296 is out of range; expected 0..4294967295");
        assertError(get("/api/tags?limit=1001"), 400, "parameter limit=1001 is out of range 0..1000");
        assertError(get("/api/tags?offset=-1"), 400, "parameter offset=-1 is out of range 0..2147483647");
        assertError(get("/api/tags?limit=ten"), 400, "parameter limit='ten' is not a whole number");
        assertError(get("/api/tags?limit=1&limit=2"), 400, "parameter limit is given more than once");
    }

    @Test
    void shouldAnswer405ToAnythingButGetOrHead() throws Exception
    {
        final HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri("/api/tags"))
            .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

        assertError(response, 405, "method POST not allowed: the API is read-only; use GET or HEAD");
        assertEquals("GET, HEAD", response.headers().firstValue("Allow").orElse(""));
    }

    private static void assertError(final HttpResponse<String> response, final int status, final String message)
        throws Exception
    {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/json; charset=utf-8", response.headers().firstValue("Content-Type").orElse(""));
        final JsonNode body = MAPPER.readTree(response.body());
        assertEquals(message, body.get("error").asText());
        assertEquals(status, body.get("status").asInt());
    }

    private static JsonNode getOk(final String path) throws Exception
    {
        final HttpResponse<String> response = get(path);
        assertEquals(200, response.statusCode(), response.body());
        return MAPPER.readTree(response.body());
    }

    private static HttpResponse<String> get(final String path) throws Exception
    {
        return client.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(final String path)
    {
        return URI.create("http://127.0.0.1:" + api.address().getPort() + path);
    }
}
