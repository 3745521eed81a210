package io.diodegw.receiver.page;

import java.lang.System.Logger.Level;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import io.diodegw.receiver.table.TagTable;

/**
 * Samples the tag table into a {@link LagHistory}: once in {@link #start()}, on the caller's thread, then every
 * {@link LagHistory#INTERVAL_MS} on one daemon thread ({@code diodegw-lag-sampler}). A sample that fails is logged and
 * counted ({@link #failures()}) and the next one runs as planned.
 *
 * <p>{@link #start()} and {@link #close()} from one controlling thread; {@link #sampleNow()} from any thread.
 */
public final class LagSampler implements AutoCloseable
{
    private static final System.Logger LOG = System.getLogger(LagSampler.class.getName());

    private final TagTable table;
    private final LagHistory history;
    private final LongSupplier clockMs;
    private final AtomicLong samples = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private ScheduledExecutorService executor;

    /**
     * @param table   the tag table to read.
     * @param history where the points go.
     * @param clockMs the wall clock, ms since 1970 (the points' times).
     */
    public LagSampler(final TagTable table, final LagHistory history, final LongSupplier clockMs)
    {
        this.table = table;
        this.history = history;
        this.clockMs = clockMs;
    }

    /**
     * Takes the first sample, then starts sampling every {@link LagHistory#INTERVAL_MS}.
     *
     * @throws IllegalStateException if already started.
     */
    public void start()
    {
        if (executor != null)
        {
            throw new IllegalStateException("the lag sampler is already started");
        }
        executor = Executors.newSingleThreadScheduledExecutor(runnable ->
        {
            final Thread thread = new Thread(runnable, "diodegw-lag-sampler");
            thread.setDaemon(true);
            return thread;
        });
        sampleNow();
        executor.scheduleAtFixedRate(this::sampleNow, LagHistory.INTERVAL_MS, LagHistory.INTERVAL_MS,
            TimeUnit.MILLISECONDS);
    }

    /** Takes one sample at the clock's current time; never throws (a failure is logged and counted). */
    public void sampleNow()
    {
        try
        {
            history.sample(table, clockMs.getAsLong());
            samples.incrementAndGet();
        }
        catch (final RuntimeException ex)
        {
            failures.incrementAndGet();
            LOG.log(Level.WARNING, "lag history sample failed", ex);
        }
    }

    /** @return samples taken. */
    public long samples()
    {
        return samples.get();
    }

    /** @return samples that failed. */
    public long failures()
    {
        return failures.get();
    }

    /** Stops sampling (a sample under way finishes on its own); idempotent. */
    @Override
    public void close()
    {
        if (executor != null)
        {
            executor.shutdownNow();
        }
    }
}
