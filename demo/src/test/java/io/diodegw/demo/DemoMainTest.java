package io.diodegw.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.diodegw.config.Config;
import io.diodegw.config.ConfigLoader;
import io.diodegw.config.ReceiverSettings;
import io.diodegw.config.Side;

class DemoMainTest
{
    @TempDir
    Path dir;

    private static Map<String, Object> cleanResult()
    {
        final Map<String, Object> result = new LinkedHashMap<>();
        for (final String key : List.of("mismatches", "gaps", "unrecoveredBlocks", "sinkDuplicates", "sinkMissing",
            "sinkUnexpected", "sinkValueMismatches", "sinkMalformed"))
        {
            result.put(key, 0L);
        }
        result.put("sinksCaughtUp", true);
        return result;
    }

    @Test
    void shouldBeCleanOnlyWhenEveryCountIsZeroAndTheSinksCaughtUp()
    {
        assertTrue(DemoMain.isClean(cleanResult()));
        for (final String key : cleanResult().keySet())
        {
            final Map<String, Object> result = cleanResult();
            result.put(key, key.equals("sinksCaughtUp") ? (Object)false : (Object)1L);
            assertFalse(DemoMain.isClean(result), key);
            result.remove(key);
            assertFalse(DemoMain.isClean(result), key + " absent");
        }
    }

    @Test
    void shouldKeepEnoughHistoryForTheRunWithinTheMemoryBound()
    {
        final int depth = DemoMain.historyDepth(new DemoOptions(30_000, 1000, 1000, List.of("files"), false));
        assertTrue(depth >= (30 + 60) * 1.5, "one change per tag and second for 30 s plus start-up: " + depth);
        assertEquals(100, DemoMain.historyDepth(new DemoOptions(1000, 1000, 10, List.of("files"), false)));
        assertEquals(40, DemoMain.historyDepth(new DemoOptions(0, 100_000, 1000, List.of("files"), false)));
        assertEquals(100_000, DemoMain.historyDepth(new DemoOptions(3_600_000, 10, 1000, List.of("files"), false)));
    }

    @Test
    void shouldWriteNestedMapsAsJsonObjects()
    {
        final Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("records", 3L);
        inner.put("error", "a \"b\"");
        final Map<String, Object> outer = new LinkedHashMap<>();
        outer.put("ok", true);
        outer.put("sinks", Map.of("s3", inner));
        outer.put("none", null);

        final String json = DemoMain.toJson(outer);

        assertEquals("{\"ok\":true,\"sinks\":{\"s3\":{\"records\":3,\"error\":\"a \\\"b\\\"\"}},\"none\":null}", json);
        assertEquals(Map.of("s3", Map.of("records", new java.math.BigDecimal(3), "error", "a \"b\"")),
            Json.parseObject(json).get("sinks"));
    }

    @Test
    void shouldWriteAReceiverConfigurationWithTheChosenSinksThatTheLoaderAccepts() throws Exception
    {
        final Path file = dir.resolve("receiver.yaml");
        Files.writeString(file, DemoMain.receiverYaml(dir, dir.resolve("keys"), 4000, 8080, List.of("s3", "kinesis"),
            URI.create("http://127.0.0.1:9000"), URI.create("http://127.0.0.1:9001")), StandardCharsets.UTF_8);

        final Config config = ConfigLoader.load(Side.RECEIVER, file);

        assertFalse(config.get(ReceiverSettings.SINKS_FILES_ENABLED));
        assertTrue(config.get(ReceiverSettings.SINKS_S3_ENABLED));
        assertEquals("http://127.0.0.1:9000", config.get(ReceiverSettings.SINKS_S3_ENDPOINT));
        assertEquals("diodegw-demo", config.get(ReceiverSettings.SINKS_S3_BUCKET));
        assertTrue(config.get(ReceiverSettings.SINKS_KINESIS_ENABLED));
        assertEquals("http://127.0.0.1:9001", config.get(ReceiverSettings.SINKS_KINESIS_ENDPOINT));
        assertEquals("diodegw-demo", config.get(ReceiverSettings.SINKS_KINESIS_STREAM_NAME));
        assertEquals("test", config.get(ReceiverSettings.SINKS_KINESIS_ACCESS_KEY_ID));
    }
}
