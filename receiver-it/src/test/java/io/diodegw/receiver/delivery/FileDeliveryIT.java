package io.diodegw.receiver.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diodegw.receiver.journal.ItJournal;
import io.diodegw.receiver.journal.TestStream;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDeliveryIT
{
    private static final Pattern KEY = Pattern.compile(
        "(1|2|link)/2\\d{3}/\\d{2}/\\d{2}/\\d{2}/\\d{20}-\\d{20}\\.jsonl\\.gz");

    @TempDir
    Path dir;

    static DeliveryOptions options(final Path filesDir, final Path routesDir)
    {
        return new DeliveryOptions(20, 16 * 1024, 50, 20, 200, filesDir, null, null, routesDir);
    }

    @Test
    void shouldDeliverEveryValueExactlyOnceAsGzipJsonLinesUnderRangeKeys() throws IOException
    {
        final Path out = dir.resolve("delivery");
        final TestStream stream = new TestStream(11, 40);
        try (ItJournal journal = ItJournal.open(dir.resolve("journal"));
            DeliveryService delivery = new DeliveryService(journal, options(out, null)))
        {
            stream.writeDefinitions(journal);
            stream.writeSourceState(journal);
            stream.writeValues(journal, 300, 20);
            delivery.start();
            stream.writeGap(journal, 3);
            stream.writeValues(journal, 200, 20);
            Await.until(() -> delivery.status("files").map(s -> s.lagEntries() == 0 &&
                s.committedSequence() == journal.headSequence()).orElse(false), () -> "" + delivery.status());
            final SinkStatus status = delivery.status("files").orElseThrow();
            assertEquals(journal.headSequence(), status.deliveredEntries());
            assertEquals(0, status.errors());
            assertTrue(status.batches() > 1, "size-bounded batches: " + status);
        }
        final DeliveredObjects delivered = new DeliveredObjects();
        for (final Path file : files(out))
        {
            final String key = out.relativize(file).toString();
            assertTrue(KEY.matcher(key).matches(), key);
            delivered.addGzipJsonLines(Files.readAllBytes(file));
        }
        delivered.assertExactly(stream);
    }

    @Test
    void shouldCountErrorsAndNotAdvanceWhileTheDirectoryIsUnwritableThenRecover() throws IOException
    {
        final Path out = dir.resolve("delivery");
        Files.writeString(out, "a file where the sink wants a directory");
        final TestStream stream = new TestStream(12, 10);
        try (ItJournal journal = ItJournal.open(dir.resolve("journal"));
            DeliveryService delivery = new DeliveryService(journal, options(out, null)))
        {
            stream.writeDefinitions(journal);
            stream.writeValues(journal, 50, 5);
            delivery.start();
            Await.until(() -> delivery.status("files").map(s -> s.errors() >= 3).orElse(false),
                () -> "three failed attempts: " + delivery.status());
            final SinkStatus failing = delivery.status("files").orElseThrow();
            assertEquals(0, failing.committedSequence());
            assertEquals(0, failing.deliveredEntries());
            assertEquals(journal.headSequence(), failing.lagEntries());
            assertTrue(failing.retries() >= 2, failing.toString());
            assertTrue(failing.lastError() != null, failing.toString());

            Files.delete(out);
            Await.until(() -> delivery.status("files").map(s -> s.lagEntries() == 0).orElse(false),
                () -> "recovery: " + delivery.status());
            assertEquals(null, delivery.status("files").orElseThrow().lastError());
        }
        final DeliveredObjects delivered = new DeliveredObjects();
        for (final Path file : files(out))
        {
            delivered.addGzipJsonLines(Files.readAllBytes(file));
        }
        delivered.assertExactly(stream);
    }

    @Test
    void shouldResumeAfterRestartWithoutDuplicatingFiles() throws IOException
    {
        final Path out = dir.resolve("delivery");
        final TestStream stream = new TestStream(13, 10);
        try (ItJournal journal = ItJournal.open(dir.resolve("journal")))
        {
            stream.writeDefinitions(journal);
            stream.writeValues(journal, 100, 10);
            try (DeliveryService delivery = new DeliveryService(journal, options(out, null)))
            {
                delivery.start();
                Await.until(() -> delivery.status("files").map(s -> s.lagEntries() == 0).orElse(false),
                    () -> "first run: " + delivery.status());
            }
            final long filesAfterFirstRun = files(out).size();
            stream.writeValues(journal, 100, 10);
            try (DeliveryService delivery = new DeliveryService(journal, options(out, null)))
            {
                delivery.start();
                Await.until(() -> delivery.status("files").map(s -> s.lagEntries() == 0).orElse(false),
                    () -> "second run: " + delivery.status());
                assertEquals(100, delivery.status("files").orElseThrow().deliveredEntries());
            }
            assertTrue(files(out).size() > filesAfterFirstRun);
        }
        final DeliveredObjects delivered = new DeliveredObjects();
        for (final Path file : files(out))
        {
            delivered.addGzipJsonLines(Files.readAllBytes(file));
        }
        delivered.assertExactly(stream);
    }

    @Test
    void shouldFeedUserYamlRoutesFromTheirOwnCursor() throws IOException
    {
        final Path routes = Files.createDirectories(dir.resolve("routes"));
        Files.writeString(routes.resolve("copy.camel.yaml"), """
            - route:
                id: user-copy
                from:
                  uri: diodegw-journal:user-copy?format=object
                  steps:
                    - process:
                        ref: collect
            """);
        final TestStream stream = new TestStream(14, 10);
        final DeliveredObjects delivered = new DeliveredObjects();
        try (ItJournal journal = ItJournal.open(dir.resolve("journal"));
            DeliveryService delivery = new DeliveryService(journal, options(null, routes)))
        {
            delivery.bind("collect", (org.apache.camel.Processor)exchange -> {
                synchronized (delivered)
                {
                    delivered.addJson(exchange.getIn().getBody(String.class));
                }
            });
            stream.writeDefinitions(journal);
            stream.writeValues(journal, 30, 5);
            delivery.start();
            Await.until(() -> delivery.status("user-copy").map(s -> s.lagEntries() == 0).orElse(false),
                () -> "user route: " + delivery.status());
            assertEquals(List.of("user-copy"), delivery.status().stream().map(SinkStatus::name).toList());
        }
        synchronized (delivered)
        {
            delivered.assertExactly(stream);
        }
    }

    private static List<Path> files(final Path root) throws IOException
    {
        if (!Files.isDirectory(root))
        {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(root))
        {
            final List<Path> files = walk.filter(Files::isRegularFile).sorted().toList();
            for (final Path file : files)
            {
                assertTrue(file.getFileName().toString().endsWith(DeliveryBatch.SUFFIX), "no partial file: " + file);
            }
            return files;
        }
    }
}
