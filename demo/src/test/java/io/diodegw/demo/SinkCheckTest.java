package io.diodegw.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;

class SinkCheckTest
{
    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    private static final int TAGS = 5;
    private static final int STEPS = 20;
    private static final long EPOCH = 7;

    /** Tag i's value at step k is 10*i + k (DOUBLE), at T0 + 100*k + i ms; tag 4 retains only steps 10..19. */
    private static SimulatorHistory history()
    {
        final List<String> lines = new ArrayList<>();
        for (int i = 0; i < TAGS; i++)
        {
            final int first = i == 4 ? 10 : 0;
            final StringBuilder sb = new StringBuilder("{\"nodeId\":\"ns=2;s=T" + i + "\",\"type\":\"DOUBLE\","
                + "\"firstStep\":" + first + ",\"lastStep\":" + (STEPS - 1) + ",\"values\":[");
            for (int k = first; k < STEPS; k++)
            {
                sb.append(k == first ? "" : ",").append("{\"value\":").append(10 * i + k)
                    .append(".5,\"statusCode\":0,\"sourceTime\":\"").append(time(i, k)).append("\"}");
            }
            lines.add(sb.append("]}").toString());
        }
        return SimulatorHistory.parse(lines.stream());
    }

    private static String time(final int tag, final int step)
    {
        return T0.plusMillis(100L * step + tag).toString();
    }

    /** One record per step (sequence = step), holding the values of every tag at that step, as the sinks write it. */
    private static List<String> objects(final int steps)
    {
        final List<String> objects = new ArrayList<>();
        for (int k = 0; k < steps; k++)
        {
            for (int i = 0; i < TAGS; i++)
            {
                objects.add(value(k, i, "ns=2;s=T" + i, (10 * i + k) + ".5", time(i, k)));
            }
        }
        return objects;
    }

    private static String value(final long sequence, final int index, final String nodeId, final String value,
        final String sourceTime)
    {
        return "{\"kind\":\"value\",\"source\":1,\"tagId\":" + index + ",\"nodeId\":\"" + nodeId + "\","
            + "\"dataType\":\"Double\",\"value\":" + value + ",\"statusCode\":0,\"status\":\"Good\","
            + "\"sourceTime\":\"" + sourceTime.replace("Z", "").concat(sourceTime.contains(".") ? "0000Z" : ".0000000Z")
            + "\",\"streamSequence\":" + sequence + ",\"index\":" + index + ",\"senderEpoch\":" + EPOCH
            + ",\"appliedAt\":\"2026-11-23T12:00:05Z\"}";
    }

    private static SinkCheck.JournalFigures journal(final long records, final long first, final long last)
    {
        return new SinkCheck.JournalFigures(records, first, last, EPOCH);
    }

    @Test
    void shouldFindNothingWrongWhenEveryJournaledRecordArrivedOnceInAnyOrder()
    {
        final SplittableRandom random = new SplittableRandom(3);
        for (int round = 0; round < 20; round++)
        {
            final List<String> objects = objects(STEPS);
            Collections.shuffle(objects, new java.util.Random(random.nextLong()));
            final SinkCheck check = new SinkCheck("s3", history());
            objects.forEach(check::addJson);
            check.addJson("{\"kind\":\"definition\",\"source\":1,\"tagId\":0,\"streamSequence\":" + STEPS
                + ",\"senderEpoch\":" + EPOCH + "}");

            final Map<String, Object> result = check.result(journal(STEPS + 1, 0, STEPS));

            assertEquals(Map.ofEntries(Map.entry("objects", (long)STEPS * TAGS + 1), Map.entry("records", STEPS + 1L),
                Map.entry("duplicates", 0L), Map.entry("missing", 0L), Map.entry("unexpected", 0L),
                Map.entry("later", 0L), Map.entry("valuesChecked", (long)STEPS * TAGS - 10),
                Map.entry("valueMismatches", 0L), Map.entry("valuesUnchecked", 10L), Map.entry("malformed", 0L),
                Map.entry("valuesWithoutTag", 0L)), result);
            assertEquals(List.of(), check.details());
        }
    }

    @Test
    void shouldCountADuplicatedValueAndAMissingRecordAgainstTheJournalFigures()
    {
        final List<String> objects = objects(STEPS);
        objects.add(objects.get(7));
        objects.removeIf(o -> o.contains("\"streamSequence\":12,"));
        final SinkCheck check = new SinkCheck("kinesis", history());
        objects.forEach(check::addJson);

        final Map<String, Object> result = check.result(journal(STEPS, 0, STEPS - 1));

        assertEquals(1L, result.get("duplicates"));
        assertEquals(1L, result.get("missing"));
        assertEquals(STEPS - 1L, result.get("records"));
        assertEquals(0L, result.get("valueMismatches"));
        assertTrue(check.details().stream().allMatch(d -> d.startsWith("kinesis: ")), check.details().toString());
    }

    @Test
    void shouldTellSequencesTheJournalNeverHeldFromOnesJournaledAfterItsFiguresWereRead()
    {
        final SinkCheck check = new SinkCheck("files", history());
        objects(STEPS).forEach(check::addJson);
        check.addJson(value(3, 0, "ns=2;s=T0", "3.5", time(0, 3)).replace("\"senderEpoch\":7", "\"senderEpoch\":8"));

        final Map<String, Object> result = check.result(journal(STEPS - 4, 2, STEPS - 3));

        assertEquals(STEPS - 4L, result.get("records"));
        assertEquals(0L, result.get("missing"));
        assertEquals(2L + 1, result.get("unexpected"));
        assertEquals(2L, result.get("later"));
    }

    @Test
    void shouldReportAValueOrStatusTheSimulatorDidNotProduceAtThatSourceTime()
    {
        final SinkCheck check = new SinkCheck("s3", history());
        check.addJson(value(0, 0, "ns=2;s=T1", "11.5", time(1, 1)));
        check.addJson(value(0, 1, "ns=2;s=T1", "11.5", time(1, 2)));
        check.addJson(value(0, 2, "ns=2;s=T1", "11.5", T0.plusMillis(150).toString()));
        check.addJson(value(0, 3, "ns=2;s=T9", "1.5", time(1, 1)));
        check.addJson(value(0, 4, "ns=2;s=T2", "22.5", time(2, 2)).replace("\"statusCode\":0", "\"statusCode\":1"));

        final Map<String, Object> result = check.result(journal(1, 0, 0));

        assertEquals(5L, result.get("valuesChecked"));
        assertEquals(4L, result.get("valueMismatches"));
        assertEquals(4, check.details().size(), check.details().toString());
    }

    @Test
    void shouldLeaveValuesOlderThanTheRetainedHistoryUncheckedButNotValuesOfATagWithItsWholeHistory()
    {
        final SinkCheck check = new SinkCheck("files", history());
        check.addJson(value(0, 0, "ns=2;s=T4", "999", time(4, 3)));
        check.addJson(value(0, 1, "ns=2;s=T4", "54.5", time(4, 14)));
        check.addJson(value(0, 2, "ns=2;s=T3", "999", T0.minusSeconds(1).toString()));

        final Map<String, Object> result = check.result(journal(1, 0, 0));

        assertEquals(1L, result.get("valuesUnchecked"));
        assertEquals(2L, result.get("valuesChecked"));
        assertEquals(1L, result.get("valueMismatches"));
    }

    @Test
    void shouldReadGzipJsonLinesAndCountMalformedLines() throws IOException
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes))
        {
            for (final String object : objects(2))
            {
                gzip.write((object + "\n").getBytes(StandardCharsets.UTF_8));
            }
            gzip.write("{not json\n".getBytes(StandardCharsets.UTF_8));
        }
        final SinkCheck check = new SinkCheck("files", history());
        check.addGzipJsonLines(bytes.toByteArray());

        final Map<String, Object> result = check.result(journal(2, 0, 1));

        assertEquals(2L * TAGS + 1, result.get("objects"));
        assertEquals(1L, result.get("malformed"));
        assertEquals(0L, result.get("missing"));
    }

    @Test
    void shouldKnowWhetherEveryTagsHistoryReachesBackToItsStart()
    {
        assertEquals(false, history().complete());
        assertEquals(true, SimulatorHistory.parse(Stream.of("{\"nodeId\":\"a\",\"type\":\"BOOLEAN\",\"firstStep\":0,"
            + "\"lastStep\":0,\"values\":[{\"value\":true,\"statusCode\":0,\"sourceTime\":\"" + T0 + "\"}]}"))
            .complete());
    }
}
