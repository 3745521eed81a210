package io.diodegw.receiver.audit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * The IT audit log file: one JSON object per line, appended.
 *
 * <pre>{@code
 * {"time":"2026-11-23T10:15:30.140Z","origin":"IT","category":"security","result":"success",
 *  "type":"session-key.installed","source":"link","senderEpoch":"...","keyId":1,"senderKey":"ab12..."}
 * }</pre>
 *
 * <p>The file is created with mode 0600 (on POSIX file systems; an existing file keeps its mode) in a directory that
 * is created if missing. {@link #offer} never blocks and does no I/O: it puts the entry on a bounded queue, or counts
 * it in {@link #dropped()} when the queue is full. One writer thread drains the queue in batches, appends each batch
 * and forces it to disk ({@code fsync}) before taking the next; a write failure is counted and logged, and the
 * writer carries on with the next batch. No rotation: the operator's log rotation may move the file away
 * ({@code copytruncate}).
 *
 * <p>Thread-safe: {@link #offer} from any thread; {@link #close()} writes what was queued and stops the writer.
 */
public final class AuditLog implements AutoCloseable
{
    /** Default queue capacity, entries. */
    public static final int DEFAULT_QUEUE_CAPACITY = 4096;
    private static final Logger LOG = Logger.getLogger(AuditLog.class.getName());
    private static final int MAX_BATCH = 512;
    private static final long POLL_MS = 100;
    private static final long CLOSE_WAIT_MS = 5_000;

    private final Path file;
    private final FileChannel channel;
    private final ArrayBlockingQueue<AuditEntry> queue;
    private final Thread writer;
    private final JsonFactory factory = new JsonFactory();
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final AtomicLong offered = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong writeFailures = new AtomicLong();
    private volatile boolean running = true;

    private AuditLog(final Path file, final FileChannel channel, final int queueCapacity)
    {
        this.file = file;
        this.channel = channel;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.writer = new Thread(this::runWriter, "audit-log");
        this.writer.setDaemon(true);
    }

    /**
     * Opens (creating it 0600 if missing) the log file for appending and starts the writer thread.
     *
     * @param file          the log file.
     * @param queueCapacity entries that may wait for the writer.
     * @return the open log; the caller closes it.
     * @throws UncheckedIOException if the directory or file cannot be created or opened.
     */
    public static AuditLog open(final Path file, final int queueCapacity)
    {
        try
        {
            final Path dir = file.toAbsolutePath().getParent();
            if (dir != null)
            {
                Files.createDirectories(dir);
            }
            if (!Files.exists(file) && FileSystems.getDefault().supportedFileAttributeViews().contains("posix"))
            {
                final Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
                Files.createFile(file, PosixFilePermissions.asFileAttribute(ownerOnly));
            }
            final FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
            final AuditLog log = new AuditLog(file, channel, queueCapacity);
            log.writer.start();
            return log;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open the audit log " + file, ex);
        }
    }

    /**
     * Queues an entry for the writer; never blocks.
     *
     * @return false if the queue was full or the log closed: the entry is dropped and counted.
     */
    public boolean offer(final AuditEntry entry)
    {
        if (running && queue.offer(entry))
        {
            offered.incrementAndGet();
            return true;
        }
        dropped.incrementAndGet();
        return false;
    }

    /**
     * Waits until everything offered so far is written and forced, for tests and orderly stops.
     *
     * @return true if that happened within the timeout.
     */
    public boolean awaitWritten(final long timeoutMs) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (written.get() + writeFailures.get() < offered.get())
        {
            if (System.nanoTime() - deadline > 0 || !writer.isAlive())
            {
                return false;
            }
            Thread.sleep(1);
        }
        return true;
    }

    /** @return the log file. */
    public Path file()
    {
        return file;
    }

    /** @return entries dropped because the queue was full or the log closed. */
    public long dropped()
    {
        return dropped.get();
    }

    /** @return entries written and forced to disk. */
    public long written()
    {
        return written.get();
    }

    /** @return entries lost to write failures. */
    public long writeFailures()
    {
        return writeFailures.get();
    }

    /** Writes what is queued, stops the writer and closes the file; idempotent. */
    @Override
    public void close()
    {
        if (!running)
        {
            return;
        }
        running = false;
        try
        {
            writer.join(CLOSE_WAIT_MS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        try
        {
            channel.close();
        }
        catch (final IOException ex)
        {
            LOG.warning("closing the audit log " + file + ": " + ex);
        }
    }

    private void runWriter()
    {
        final List<AuditEntry> batch = new ArrayList<>();
        while (true)
        {
            final AuditEntry first;
            try
            {
                first = queue.poll(POLL_MS, TimeUnit.MILLISECONDS);
            }
            catch (final InterruptedException ex)
            {
                return;
            }
            if (first == null)
            {
                if (!running)
                {
                    return;
                }
                continue;
            }
            batch.add(first);
            queue.drainTo(batch, MAX_BATCH - 1);
            writeBatch(batch);
            batch.clear();
        }
    }

    private void writeBatch(final List<AuditEntry> batch)
    {
        try
        {
            buffer.reset();
            for (final AuditEntry entry : batch)
            {
                format(entry);
            }
            final ByteBuffer bytes = ByteBuffer.wrap(buffer.toByteArray());
            while (bytes.hasRemaining())
            {
                channel.write(bytes);
            }
            channel.force(false);
            written.addAndGet(batch.size());
        }
        catch (final IOException | RuntimeException ex)
        {
            writeFailures.addAndGet(batch.size());
            LOG.warning("audit log " + file + ": " + batch.size() + " entries not written: " + ex);
        }
    }

    private void format(final AuditEntry entry) throws IOException
    {
        try (JsonGenerator json = factory.createGenerator(buffer, JsonEncoding.UTF8))
        {
            json.writeStartObject();
            json.writeStringField("time", Instant.ofEpochMilli(entry.timeMs()).toString());
            json.writeStringField("origin", entry.origin());
            json.writeStringField("category", entry.category());
            json.writeStringField("result", entry.result());
            json.writeStringField("type", entry.type());
            json.writeStringField("source", entry.source());
            if (entry.message() != null)
            {
                json.writeStringField("message", entry.message());
            }
            if (entry.fields() != null)
            {
                for (final Map.Entry<String, Object> field : entry.fields().entrySet())
                {
                    json.writeFieldName(field.getKey());
                    writeValue(json, field.getValue());
                }
            }
            json.writeEndObject();
        }
        buffer.write('\n');
    }

    private static void writeValue(final JsonGenerator json, final Object value) throws IOException
    {
        if (value instanceof Long l)
        {
            json.writeNumber(l);
        }
        else if (value instanceof Integer i)
        {
            json.writeNumber(i);
        }
        else if (value instanceof Map<?, ?> map)
        {
            json.writeStartObject();
            for (final Map.Entry<?, ?> e : map.entrySet())
            {
                json.writeFieldName(String.valueOf(e.getKey()));
                writeValue(json, e.getValue());
            }
            json.writeEndObject();
        }
        else if (value == null)
        {
            json.writeNull();
        }
        else
        {
            json.writeString(value.toString());
        }
    }
}
