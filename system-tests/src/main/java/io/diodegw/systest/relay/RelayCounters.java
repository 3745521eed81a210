package io.diodegw.systest.relay;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The impairment relay's counters, one per {@link RelayCounter}, plus the number of datagrams currently held for
 * reordering.
 *
 * <p>Single writer (the thread that owns the {@link ImpairmentEngine}), any number of readers. The writer updates
 * with a plain read and a release store (no lock, no CAS, no allocation); readers see each counter monotonic and
 * never torn, though different counters may be read at slightly different instants: read {@link #snapshot()} when
 * the accounting identity must hold.
 */
public final class RelayCounters
{
    private static final RelayCounter[] COUNTERS = RelayCounter.values();
    private static final int HELD = COUNTERS.length;
    /** Version stamp slot: odd while the writer is between {@link #beginUpdate()} and {@link #endUpdate()}. */
    private static final int VERSION = HELD + 1;

    private final AtomicLongArray values = new AtomicLongArray(VERSION + 1);

    /** Adds 1; writer thread only. */
    void increment(final RelayCounter counter)
    {
        add(counter.ordinal(), 1);
    }

    /** Adds {@code delta}; writer thread only. */
    void add(final RelayCounter counter, final long delta)
    {
        add(counter.ordinal(), delta);
    }

    /** Adds {@code delta} (may be negative) to the held gauge; writer thread only. */
    void addHeld(final int delta)
    {
        add(HELD, delta);
    }

    /** Marks the start of a group of updates that readers of {@link #snapshot()} must see whole; writer only. */
    void beginUpdate()
    {
        values.setRelease(VERSION, values.getPlain(VERSION) + 1);
    }

    /** Marks the end of the group started by {@link #beginUpdate()}; writer only. */
    void endUpdate()
    {
        values.setRelease(VERSION, values.getPlain(VERSION) + 1);
    }

    /** @return the current value; any thread. */
    public long get(final RelayCounter counter)
    {
        return values.getAcquire(counter.ordinal());
    }

    /** @return datagrams currently held back for reordering; any thread. */
    public long held()
    {
        return values.getAcquire(HELD);
    }

    /** @return the sum of the four drop causes; any thread. */
    public long dropped()
    {
        return get(RelayCounter.DROPPED_RANDOM) + get(RelayCounter.DROPPED_BURST) +
            get(RelayCounter.DROPPED_BLACKOUT) + get(RelayCounter.DROPPED_RATE_CAP) +
            get(RelayCounter.DROPPED_COMMANDED);
    }

    /**
     * Reads every counter at one instant between two datagrams, so that
     * {@code received == forwarded + dropped + held} holds in the result. Spins while the writer is mid-datagram
     * (a few hundred nanoseconds at most). Allocates the result; any thread, not for the hot path.
     *
     * @return a consistent copy: index {@link RelayCounter#ordinal()} for each counter, then the held gauge.
     */
    public Snapshot snapshot()
    {
        final long[] copy = new long[HELD + 1];
        while (true)
        {
            final long before = values.getAcquire(VERSION);
            if ((before & 1) == 0)
            {
                for (int i = 0; i <= HELD; i++)
                {
                    copy[i] = values.getAcquire(i);
                }
                if (values.getAcquire(VERSION) == before)
                {
                    return new Snapshot(copy);
                }
            }
            Thread.onSpinWait();
        }
    }

    /**
     * @return one line of {@code label=value} pairs in {@link RelayCounter} order, then {@code held=}; read from a
     *     consistent {@link #snapshot()}. Allocates.
     */
    public String summary()
    {
        return snapshot().summary();
    }

    @Override
    public String toString()
    {
        return summary();
    }

    private void add(final int index, final long delta)
    {
        values.setRelease(index, values.getPlain(index) + delta);
    }

    /** A consistent, immutable copy of the counters. */
    public static final class Snapshot
    {
        private final long[] values;

        private Snapshot(final long[] values)
        {
            this.values = values;
        }

        /** @return the counter's value at the snapshot's instant. */
        public long get(final RelayCounter counter)
        {
            return values[counter.ordinal()];
        }

        /** @return datagrams held back for reordering at the snapshot's instant. */
        public long held()
        {
            return values[HELD];
        }

        /** @return the sum of the four drop causes. */
        public long dropped()
        {
            return get(RelayCounter.DROPPED_RANDOM) + get(RelayCounter.DROPPED_BURST) +
                get(RelayCounter.DROPPED_BLACKOUT) + get(RelayCounter.DROPPED_RATE_CAP) +
                get(RelayCounter.DROPPED_COMMANDED);
        }

        /** @return datagrams sent to the destination: forwarded plus duplicate copies. */
        public long sent()
        {
            return get(RelayCounter.FORWARDED) + get(RelayCounter.DUPLICATED);
        }

        /** @return {@code label=value} pairs separated by single spaces, in {@link RelayCounter} order, then held. */
        public String summary()
        {
            final StringBuilder line = new StringBuilder(256);
            for (final RelayCounter counter : COUNTERS)
            {
                line.append(counter.label()).append('=').append(values[counter.ordinal()]).append(' ');
            }
            return line.append("held=").append(values[HELD]).toString();
        }

        @Override
        public String toString()
        {
            return summary();
        }
    }
}
