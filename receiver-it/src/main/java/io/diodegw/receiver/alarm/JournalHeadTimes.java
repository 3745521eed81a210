package io.diodegw.receiver.alarm;

import java.util.ArrayList;
import java.util.List;

/**
 * When the IT journal's head passed each sequence, as seen at the monitor's checks, so a sink's delivery lag can be
 * told in time: the age of the oldest entry it has not committed is at least the time since the first check that saw
 * the head beyond the sink's committed sequence (an entry seen at a check was appended before it). Observations at or
 * below every sink's committed sequence are dropped; at most {@value #MAX_SAMPLES} are kept (the oldest one always,
 * so a stuck sink's lag keeps growing). Confined to the monitor's thread.
 */
final class JournalHeadTimes
{
    static final int MAX_SAMPLES = 4096;

    private final List<long[]> samples = new ArrayList<>();

    /**
     * @param nowMs the monitor's clock, ms; not decreasing between calls.
     * @param head  the journal's head sequence now.
     */
    void observe(final long nowMs, final long head)
    {
        if (!samples.isEmpty() && samples.get(samples.size() - 1)[1] >= head)
        {
            return;
        }
        if (samples.size() == MAX_SAMPLES)
        {
            samples.remove(1);
        }
        samples.add(new long[] {nowMs, head});
    }

    /**
     * @param committed a sink's committed sequence.
     * @param nowMs     the monitor's clock, ms.
     * @return how long entries after {@code committed} have been in the journal, ms; 0 when the sink holds
     *     everything seen.
     */
    long lagMs(final long committed, final long nowMs)
    {
        for (final long[] sample : samples)
        {
            if (sample[1] > committed)
            {
                return Math.max(0, nowMs - sample[0]);
            }
        }
        return 0;
    }

    /**
     * Drops what no sink needs any more.
     *
     * @param minCommitted the lowest committed sequence over all sinks.
     */
    void forgetUpTo(final long minCommitted)
    {
        int drop = 0;
        while (drop < samples.size() && samples.get(drop)[1] <= minCommitted)
        {
            drop++;
        }
        samples.subList(0, drop).clear();
    }

    /** @return observations held, for tests. */
    int size()
    {
        return samples.size();
    }
}
