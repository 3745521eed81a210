package io.diodegw.receiver.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diodegw.receiver.journal.RecordJsonDecoder;
import io.diodegw.receiver.journal.TestStream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Collects delivered JSON objects and checks them against a {@link TestStream}: every value exactly once, equal.
 */
final class DeliveredObjects
{
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Map<String, JsonNode> values = new HashMap<>();
    private final List<String> duplicates = new ArrayList<>();
    private final List<JsonNode> gaps = new ArrayList<>();
    private int definitions;

    void addGzipJsonLines(final byte[] gzip)
    {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip)))
        {
            for (final String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
            {
                if (!line.isEmpty())
                {
                    addJson(line);
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    void addJson(final String json)
    {
        final JsonNode node;
        try
        {
            node = MAPPER.readTree(json);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        switch (node.get("kind").asText())
        {
            case "value" -> {
                final String key = node.get("streamSequence").asLong() + ":" + node.get("index").asInt();
                if (values.put(key, node) != null)
                {
                    duplicates.add(key);
                }
            }
            case "gap" -> gaps.add(node);
            case "definition" -> definitions++;
            default -> {
            }
        }
    }

    int valueCount()
    {
        return values.size();
    }

    /**
     * Asserts every expected value was delivered exactly once with equal fields, and nothing else.
     */
    void assertExactly(final TestStream stream)
    {
        assertEquals(List.of(), duplicates, "values delivered twice");
        assertEquals(stream.expected().keySet(), values.keySet());
        for (final TestStream.Expected expected : stream.expected().values())
        {
            final JsonNode node = values.get(expected.key());
            assertEquals(expected.tagId(), node.get("tagId").asInt(), expected.key());
            assertEquals(expected.sourceId(), node.get("source").asInt(), expected.key());
            assertEquals("ns=2;s=Tag" + expected.tagId(), node.get("nodeId").asText());
            assertEquals("Double", node.get("dataType").asText());
            assertEquals(expected.value(), node.get("value").asDouble(), 0.0, expected.key());
            assertEquals(expected.statusCode(), node.get("statusCode").asLong());
            assertEquals(expected.statusCode() == 0 ? "Good" : "Uncertain_LastUsableValue",
                node.get("status").asText());
            assertEquals(RecordJsonDecoder.formatTicks(expected.sourceTicks()), node.get("sourceTime").asText());
            assertEquals(TestStream.EPOCH, node.get("senderEpoch").asLong());
            assertNull(node.get("sourcePicoseconds"));
        }
        assertEquals(stream.gaps().size(), gaps.size());
        for (int i = 0; i < gaps.size(); i++)
        {
            assertEquals(stream.gaps().get(i)[0], gaps.get(i).get("fromSequence").asLong());
            assertEquals(stream.gaps().get(i)[1], gaps.get(i).get("toSequence").asLong());
        }
        assertTrue(definitions > 0, "definitions delivered");
    }
}
