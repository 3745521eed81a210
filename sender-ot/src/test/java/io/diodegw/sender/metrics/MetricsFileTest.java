package io.diodegw.sender.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsFileTest
{
    private static final int WRITES = 2_000;
    private static final int LINES = 200;

    @TempDir
    Path dir;

    @Test
    void shouldLetAConcurrentReaderSeeOnlyWholeFilesWhileItIsRewritten() throws Exception
    {
        final AtomicLong generation = new AtomicLong();
        final Path file = dir.resolve("metrics.prom");
        final List<String> torn = new ArrayList<>();
        final AtomicBoolean done = new AtomicBoolean();
        final AtomicLong reads = new AtomicLong();
        try (MetricsFile writer = MetricsFile.start(file, 3_600_000, () -> content(generation.incrementAndGet())))
        {
            final Thread reader = new Thread(() ->
            {
                while (!done.get() || reads.get() == 0)
                {
                    try
                    {
                        final String text = Files.readString(file, StandardCharsets.UTF_8);
                        reads.incrementAndGet();
                        final String first = text.substring(0, text.indexOf('\n'));
                        if (!text.equals(content(Long.parseLong(first.substring("# generation ".length())))))
                        {
                            torn.add(text);
                        }
                    }
                    catch (final NoSuchFileException ex)
                    {
                        torn.add("the file was missing between two writes");
                    }
                    catch (final IOException | RuntimeException ex)
                    {
                        torn.add(ex.toString());
                    }
                }
            });
            reader.start();
            for (int i = 0; i < WRITES; i++)
            {
                writer.writeNow();
            }
            done.set(true);
            reader.join(60_000);
            assertEquals(WRITES + 1, writer.writes());
        }
        assertEquals(List.of(), torn.subList(0, Math.min(3, torn.size())));
        assertTrue(reads.get() > 0);
        assertEquals(List.of(file), listed(), "no temporary file is left behind");
        assertEquals(content(WRITES + 2), Files.readString(file, StandardCharsets.UTF_8), "close writes a last time");
    }

    @Test
    void shouldRefuseToStartWhenTheFileCannotBeWritten() throws Exception
    {
        final Path notADirectory = Files.writeString(dir.resolve("plain"), "x");

        final IOException ex = assertThrows(IOException.class,
            () -> MetricsFile.start(notADirectory.resolve("metrics.prom"), 1_000, () -> "x 1\n"));

        assertTrue(ex.getMessage().contains("sender.metrics.file"), ex.getMessage());
    }

    @Test
    void shouldBindTheEndpointOnlyToALoopbackAddress() throws Exception
    {
        for (final String host : new String[] {"0.0.0.0", "::", "192.0.2.1"})
        {
            final InetSocketAddress bind = new InetSocketAddress(InetAddress.getByName(host), 0);
            assertThrows(IllegalArgumentException.class, () -> LoopbackMetricsServer.start(bind, () -> ""), host);
        }
        try (LoopbackMetricsServer server = LoopbackMetricsServer.start(0, () -> "x 1\n"))
        {
            assertTrue(server.address().getAddress().isLoopbackAddress(), server.address().toString());
        }
    }

    private List<Path> listed() throws IOException
    {
        try (var files = Files.list(dir))
        {
            return files.toList();
        }
    }

    private static String content(final long generation)
    {
        final StringBuilder text = new StringBuilder("# generation ").append(generation).append('\n');
        for (int i = 0; i < LINES; i++)
        {
            text.append("diodegw_test_line_").append(i).append(' ').append(generation).append('\n');
        }
        return text.toString();
    }
}
