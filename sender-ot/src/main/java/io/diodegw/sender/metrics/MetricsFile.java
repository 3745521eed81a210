package io.diodegw.sender.metrics;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Rewrites a file with the sender's metrics every interval, so a local reader (node_exporter's textfile collector, a
 * forwarding agent) gets them without the OT side opening a port. Each write goes to a temporary file in the same
 * directory, which then replaces the target with an atomic move: a reader sees the previous whole file or the new
 * whole file, never a partial one. The file is readable by all (0644 where the file system has POSIX permissions):
 * metrics carry no secret.
 *
 * <p>A failed write is counted ({@link #writeFailures()}), logged when it first fails after a success, and tried again
 * at the next interval. Threads: writes on its own daemon thread; {@link #writeNow()} and {@link #close()} from any
 * thread (writes are serialized).
 */
public final class MetricsFile implements AutoCloseable
{
    private static final System.Logger LOG = System.getLogger(MetricsFile.class.getName());
    private static final Set<PosixFilePermission> READABLE_BY_ALL = PosixFilePermissions.fromString("rw-r--r--");

    private final Path file;
    private final Supplier<String> content;
    private final ScheduledExecutorService timer;
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong writeFailures = new AtomicLong();
    private boolean failing;
    private boolean closed;

    private MetricsFile(final Path file, final Supplier<String> content)
    {
        this.file = file.toAbsolutePath();
        this.content = content;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable ->
        {
            final Thread thread = new Thread(runnable, "diodegw-metrics-file");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Writes the file once now, then every {@code intervalMs}.
     *
     * @param file       the target; its directory is created if missing.
     * @param intervalMs time between writes, ms, at least 1.
     * @param content    what to write (called on the writer's thread).
     * @return the running writer.
     * @throws IOException if the first write fails (the directory cannot be created or written).
     */
    public static MetricsFile start(final Path file, final long intervalMs, final Supplier<String> content)
        throws IOException
    {
        if (intervalMs < 1)
        {
            throw new IllegalArgumentException("intervalMs=" + intervalMs + " must be at least 1");
        }
        final MetricsFile writer = new MetricsFile(file, content);
        try
        {
            final Path parent = writer.file.getParent();
            if (parent != null)
            {
                Files.createDirectories(parent);
            }
            writer.writeNow();
        }
        catch (final IOException | RuntimeException ex)
        {
            writer.timer.shutdownNow();
            throw new IOException("cannot write the metrics file " + writer.file + " (sender.metrics.file): " +
                ex.getMessage(), ex);
        }
        writer.timer.scheduleWithFixedDelay(writer::writeQuietly, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
        return writer;
    }

    /** @return the file written. */
    public Path file()
    {
        return file;
    }

    /** @return whole files written. */
    public long writes()
    {
        return writes.get();
    }

    /** @return writes that failed. */
    public long writeFailures()
    {
        return writeFailures.get();
    }

    /**
     * Writes the current content to a temporary file and moves it over the target atomically.
     *
     * @throws IOException if it cannot be written or moved (the target is then unchanged).
     */
    public synchronized void writeNow() throws IOException
    {
        final byte[] bytes = content.get().getBytes(StandardCharsets.UTF_8);
        final Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try
        {
            Files.write(temp, bytes);
            try
            {
                Files.setPosixFilePermissions(temp, READABLE_BY_ALL);
            }
            catch (final UnsupportedOperationException ex)
            {
                LOG.log(Level.DEBUG, "no POSIX permissions on " + temp);
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (final AtomicMoveNotSupportedException ex)
        {
            Files.deleteIfExists(temp);
            throw new IOException("the file system of " + file + " cannot replace it atomically", ex);
        }
        catch (final IOException ex)
        {
            Files.deleteIfExists(temp);
            throw ex;
        }
        writes.incrementAndGet();
    }

    /** Stops the timer after a last write; idempotent. */
    @Override
    public void close()
    {
        synchronized (this)
        {
            if (closed)
            {
                return;
            }
            closed = true;
        }
        timer.shutdownNow();
        writeQuietly();
    }

    private void writeQuietly()
    {
        try
        {
            writeNow();
            failing = false;
        }
        catch (final IOException | RuntimeException ex)
        {
            writeFailures.incrementAndGet();
            if (!failing)
            {
                LOG.log(Level.WARNING, "cannot write the metrics file " + file + ": " + ex.getMessage() +
                    "; trying again every interval");
            }
            failing = true;
        }
    }
}
