package io.diodegw.receiver.delivery;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * The live counters of one sink. Written by the sink's consumer thread, read by any thread.
 */
final class SinkCounters
{
    final AtomicLong deliveredEntries = new AtomicLong();
    final AtomicLong deliveredObjects = new AtomicLong();
    final AtomicLong batches = new AtomicLong();
    final AtomicLong retries = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    final AtomicLong committedSequence = new AtomicLong();
    final AtomicReference<String> lastError = new AtomicReference<>();
    private final String name;
    private final LongSupplier headSequence;

    SinkCounters(final String name, final LongSupplier headSequence)
    {
        this.name = name;
        this.headSequence = headSequence;
    }

    SinkStatus snapshot()
    {
        final long committed = committedSequence.get();
        return new SinkStatus(name, deliveredEntries.get(), deliveredObjects.get(), batches.get(), retries.get(),
            errors.get(), Math.max(0, headSequence.getAsLong() - committed), committed, lastError.get());
    }
}
