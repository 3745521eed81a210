package io.diodegw.receiver.alarm;

import java.util.ArrayDeque;

/**
 * How much a growing counter rose within a sliding window, from observations taken at the monitor's checks. At most
 * one observation is kept per slice of {@code windowMs / }{@value #SLICES} (the latest in it), so memory stays
 * bounded; the result may include increases up to one slice plus one check interval older than the window, never
 * fewer than happened in it. Confined to the monitor's thread.
 */
final class CounterWindow
{
    static final int SLICES = 256;

    private final long windowMs;
    private final long sliceMs;
    private final ArrayDeque<long[]> samples = new ArrayDeque<>();

    /**
     * @param windowMs the window, ms (positive).
     */
    CounterWindow(final long windowMs)
    {
        this.windowMs = windowMs;
        this.sliceMs = Math.max(1, windowMs / SLICES);
    }

    /**
     * Records the counter's value and answers the increase within the window ending now. Increases seen before the
     * first observation count as within the window while the first observation is younger than the window (the
     * counter starts at 0 with the receiver, shortly before the monitor).
     *
     * @param nowMs the monitor's clock, ms; not decreasing between calls.
     * @param count the counter's value now.
     * @return the increase within the window.
     */
    long observe(final long nowMs, final long count)
    {
        final long[] last = samples.peekLast();
        if (last != null && Math.floorDiv(last[0], sliceMs) == Math.floorDiv(nowMs, sliceMs))
        {
            last[0] = nowMs;
            last[1] = count;
        }
        else if (last == null || last[1] != count)
        {
            samples.addLast(new long[] {nowMs, count});
        }
        final long windowStart = nowMs - windowMs;
        while (samples.size() >= 2 && secondTime() <= windowStart)
        {
            samples.removeFirst();
        }
        final long[] first = samples.peekFirst();
        final long base = first[0] <= windowStart ? first[1] : 0;
        return count - base;
    }

    /** @return observations held, for tests. */
    int size()
    {
        return samples.size();
    }

    private long secondTime()
    {
        final var it = samples.iterator();
        it.next();
        return it.next()[0];
    }
}
