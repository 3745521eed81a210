package io.diodegw.receiver.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import io.diodegw.receiver.http.ReceiverHttpApi;
import io.diodegw.receiver.table.OpcUaTime;
import io.diodegw.receiver.table.TagTable;
import io.diodegw.wire.record.RecordType;
import io.diodegw.wire.record.TagValue;

class LagHistoryResourceTest
{
    private static final long T0 = LagHistoryTest.T0;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final TagTable table = new TagTable();
    private final LagHistory history = new LagHistory();
    private final AtomicLong clockMs = new AtomicLong(T0);
    private final LagHistoryResource resource = new LagHistoryResource(history, clockMs::get);

    @Test
    void shouldServeEveryPointOfTheLastHourAsJsonWithNullsForMissingFigures() throws Exception
    {
        table.applyDefinition(LagHistoryTest.definition(1, 4));
        table.applyDefinition(LagHistoryTest.definition(2, 8));
        table.applyValue(RecordType.TAG_VALUE_BATCH, new TagValue().setTagId(1).setDouble(2)
            .setSourceTime(OpcUaTime.fromUnixMs(T0 - 30)).setStatusCode(0), 1, T0);
        history.sample(table, T0);
        history.sample(table, T0 + LagHistory.INTERVAL_MS);
        clockMs.set(T0 + LagHistory.INTERVAL_MS + 1);

        final ReceiverHttpApi.Body body = resource.get(Map.of());

        assertEquals("application/json; charset=utf-8", body.contentType());
        final JsonNode json = MAPPER.readTree(new String(body.bytes(), StandardCharsets.UTF_8));
        assertEquals("2026-11-18T11:06:50.001Z", json.get("time").asText());
        assertEquals(LagHistory.INTERVAL_MS, json.get("intervalMs").asLong());
        assertEquals(LagHistory.SPAN_MS, json.get("windowMs").asLong());
        assertEquals(LagHistory.CAPACITY, json.get("capacity").asInt());
        assertEquals(2, json.get("sources").size());
        final JsonNode first = json.get("sources").get(0);
        assertEquals(4, first.get("sourceId").asLong());
        assertEquals(2, first.get("points").size());
        final JsonNode point = first.get("points").get(1);
        assertEquals("2026-11-18T11:06:50Z", point.get("time").asText());
        assertEquals(30, point.get("p50Ms").asLong());
        assertEquals(30, point.get("p99Ms").asLong());
        assertEquals(30, point.get("maxMs").asLong());
        assertEquals(1, point.get("count").asLong());
        assertEquals(LagHistory.INTERVAL_MS, point.get("sinceLastUpdateMs").asLong());
        final JsonNode empty = json.get("sources").get(1).get("points").get(0);
        assertEquals(8, json.get("sources").get(1).get("sourceId").asLong());
        for (final String field : List.of("p50Ms", "p99Ms", "maxMs", "sinceLastUpdateMs"))
        {
            assertTrue(empty.get(field).isNull(), field + " in " + empty);
        }
        assertEquals(0, empty.get("count").asLong());
    }

    @Test
    void shouldServeOnlyThePointsOfTheRequestedWindow() throws Exception
    {
        table.applyDefinition(LagHistoryTest.definition(1, 4));
        for (int i = 0; i < 5; i++)
        {
            history.sample(table, T0 + i * LagHistory.INTERVAL_MS);
        }
        clockMs.set(T0 + 4 * LagHistory.INTERVAL_MS);

        final JsonNode json = MAPPER.readTree(resource.get(Map.of("windowMs", "20000")).bytes());

        assertEquals(20_000, json.get("windowMs").asLong());
        assertEquals(2, json.get("sources").get(0).get("points").size());
    }

    @Test
    void shouldRefuseAWindowThatIsNotAWholeNumberOfMsWithinTheHour()
    {
        for (final String bad : List.of("abc", "1.5", "-1", "0", "3600001", "99999999999999999999", " 5"))
        {
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> resource.get(Map.of("windowMs", bad)), bad);
            assertTrue(ex.getMessage().contains("windowMs"), ex.getMessage());
        }
        assertEquals(LagHistory.SPAN_MS, LagHistoryResource.windowMs(""));
        assertEquals(LagHistory.SPAN_MS, LagHistoryResource.windowMs(null));
        assertEquals(1, LagHistoryResource.windowMs("1"));
    }
}
