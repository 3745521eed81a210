package io.diodegw.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Runs the demo with every sink, as {@code bin/diode demo --sinks files,s3,kinesis} does: the simulator, S3Mock,
 * kinesis-local, the receiver and the sender as separate processes (services found as {@link LocalServices} says;
 * {@code bin/install-test-services} installs them), for about 20 s with 200 tags, and checks what each sink holds
 * against the receiver's IT journal and the simulator's history.
 */
@Tag("release-jdk-only") // CI runs it on the release JDK only (.ci/run), for the time budget
class DemoSinksIT
{
    private static final int TAGS = 200;
    private static final List<String> SINKS = List.of("files", "s3", "kinesis");

    @Test
    void shouldDeliverEveryJournaledRecordExactlyOnceWithTheSimulatorsValuesToEverySink()
    {
        final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        final DemoOptions options = new DemoOptions(20_000, TAGS, 1000, SINKS, false);
        final int code;
        try (PrintStream out = new PrintStream(stdout, true, StandardCharsets.UTF_8))
        {
            code = new DemoMain(options, Deployment.Launch.fromSystemProperties(), out, System.err, () -> false).run();
        }
        final String[] lines = stdout.toString(StandardCharsets.UTF_8).strip().split("\\R");
        final String last = lines[lines.length - 1];
        System.err.println(last);
        final Map<String, Object> result = Json.parseObject(last);

        assertEquals(0, longOf(result, "mismatches"), last);
        assertEquals(0, longOf(result, "gaps"), last);
        assertEquals(Boolean.TRUE, result.get("sinksCaughtUp"), last);
        final long journalRecords = longOf(result, "journalRecords");
        assertTrue(journalRecords > 50, "records journaled in 20 s: " + last);
        @SuppressWarnings("unchecked")
        final Map<String, Object> sinks = (Map<String, Object>)result.get("sinks");
        assertEquals(SINKS, List.copyOf(sinks.keySet()), last);
        for (final String sink : SINKS)
        {
            @SuppressWarnings("unchecked")
            final Map<String, Object> figures = (Map<String, Object>)sinks.get(sink);
            assertEquals(0, longOf(figures, "duplicates"), sink + ": " + last);
            assertEquals(0, longOf(figures, "missing"), sink + ": " + last);
            assertEquals(0, longOf(figures, "unexpected"), sink + ": " + last);
            assertEquals(0, longOf(figures, "valueMismatches"), sink + ": " + last);
            assertEquals(0, longOf(figures, "valuesUnchecked"), sink + ": " + last);
            assertEquals(0, longOf(figures, "malformed"), sink + ": " + last);
            assertEquals(journalRecords, longOf(figures, "records"), sink + ": " + last);
            assertTrue(longOf(figures, "valuesChecked") >= longOf(result, "updatesApplied"), sink + ": " + last);
            assertTrue(longOf(figures, "valuesChecked") > 10L * TAGS, sink + ": " + last);
            assertEquals(longOf(figures, "records"), longOf(result, sink + "Records"), sink + ": " + last);
        }
        assertEquals(0, longOf(result, "sinkDuplicates") + longOf(result, "sinkMissing")
            + longOf(result, "sinkValueMismatches"), last);
        assertEquals(0, code, last);
        assertEquals(List.of(), ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
            .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList(),
            "every child process (simulator, S3Mock, kinesis-local, receiver, sender) is stopped");
    }

    private static long longOf(final Map<String, Object> result, final String key)
    {
        return ((BigDecimal)result.get(key)).longValueExact();
    }
}
