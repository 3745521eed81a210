package io.diodegw.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Runs the demo as {@code bin/diode demo} does: the simulator, the receiver and the sender as separate JVMs from
 * the sibling modules' packaged jars (paths set by this module's pom), for about 15 s with 200 tags.
 */
class DemoIT
{
    private static final int TAGS = 200;

    @Test
    void shouldMirrorEveryTagWithoutMismatchesGapsOrUnrecoveredBlocks()
    {
        final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        final DemoOptions options = new DemoOptions(15_000, TAGS, 1000, List.of("files"), false);
        final int code;
        try (PrintStream out = new PrintStream(stdout, true, StandardCharsets.UTF_8))
        {
            code = new DemoMain(options, Deployment.Launch.fromSystemProperties(), out, System.err, () -> false).run();
        }
        final String[] lines = stdout.toString(StandardCharsets.UTF_8).strip().split("\\R");
        final String last = lines[lines.length - 1];
        System.err.println(last);
        final Map<String, Object> result = Json.parseObject(last);

        assertEquals(0, intOf(result, "mismatches"), last);
        assertEquals(0, intOf(result, "gaps"), last);
        assertEquals(0, intOf(result, "unrecoveredBlocks"), last);
        assertEquals(TAGS, intOf(result, "tagsMirrored"), last);
        assertTrue(intOf(result, "updatesApplied") > TAGS, last);
        assertEquals(0, code, last);
        assertTrue(lines.length > 1 && lines[0].startsWith("["), "a progress line comes first: " + lines[0]);
        assertEquals(0, ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).count(),
            "every child process is stopped");
    }

    private static int intOf(final Map<String, Object> result, final String key)
    {
        return ((BigDecimal)result.get(key)).intValueExact();
    }
}
