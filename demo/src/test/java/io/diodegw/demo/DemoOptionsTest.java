package io.diodegw.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

class DemoOptionsTest
{
    @Test
    void shouldUseTheDefaultsWithoutArguments()
    {
        assertEquals(new DemoOptions(30_000, 1000, 1000, List.of("files"), false), DemoOptions.parse(new String[0]));
    }

    @Test
    void shouldParseEveryOption()
    {
        assertEquals(new DemoOptions(120_000, 50, 250.5, List.of("files"), true), DemoOptions.parse(
            new String[] {"--duration", "2m", "--tags", "50", "--rate", "250.5", "--sinks", "files", "--keep"}));
        assertEquals(1500, DemoOptions.parseDurationMs("1500ms"));
        assertEquals(30_000, DemoOptions.parseDurationMs("30s"));
        assertEquals(7000, DemoOptions.parseDurationMs("7"));
        assertEquals(0, DemoOptions.parseDurationMs("0"));
        assertNull(DemoOptions.parse(new String[] {"--help"}));
    }

    @Test
    void shouldRejectBadOptionsNamingThem()
    {
        for (final String[] bad : List.of(new String[] {"--tags", "0"}, new String[] {"--tags"},
            new String[] {"--duration", "soon"}, new String[] {"--rate", "-1"}, new String[] {"--sinks", "kafka"},
            new String[] {"--sinks", "files,kafka"}, new String[] {"--sinks", "s3,"}, new String[] {"--what", "1"}))
        {
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> DemoOptions.parse(bad), String.join(" ", bad));
            assertEquals(true, ex.getMessage().contains(bad[0]) || ex.getMessage().contains(bad[bad.length - 1]),
                ex.getMessage());
        }
    }

    @Test
    void shouldTakeEverySinkOnceInTheOrderFilesS3Kinesis()
    {
        assertEquals(List.of("files", "s3", "kinesis"),
            DemoOptions.parse(new String[] {"--sinks", "kinesis,FILES, s3,kinesis"}).sinks());
        assertEquals(List.of("s3", "kinesis"), DemoOptions.parse(new String[] {"--sinks", "s3,kinesis"}).sinks());
        assertEquals(List.of("kinesis"), DemoOptions.parse(new String[] {"--sinks", "kinesis"}).sinks());
    }

    @Test
    void shouldTakeTheNearestRankPercentile()
    {
        assertNull(DemoMain.percentile(List.of(), 50));
        assertEquals(5L, DemoMain.percentile(List.of(9L, 1L, 5L, 3L, 7L), 50));
        assertEquals(9L, DemoMain.percentile(List.of(9L, 1L, 5L, 3L, 7L), 99));
        assertEquals(1L, DemoMain.percentile(List.of(1L), 99));
    }
}
