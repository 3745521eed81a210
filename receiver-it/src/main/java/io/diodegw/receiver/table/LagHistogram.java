package io.diodegw.receiver.table;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The distribution of one source's replication lag: for each live value applied, the apply time on IT minus the
 * value's source timestamp on OT, in ms. Two views:
 * <ul>
 *   <li>cumulative since start: a count per bucket of {@link #BUCKET_UPPER_MS}, their sum and count (a Prometheus
 *   histogram), and</li>
 *   <li>recent: the same buckets over the last {@link #WINDOW_MS} ms, kept as {@value #SLICES} slices of
 *   {@value #SLICE_MS} ms, from which {@link #recent} reads quantiles and the maximum.</li>
 * </ul>
 * A negative lag (the OT clock ahead of the IT clock) counts as 0 in the buckets and is counted in
 * {@link #negativeCount()}, so clock skew shows instead of vanishing.
 *
 * <p>Single writer: {@link #record} is called only by the table's writer thread, and neither allocates nor locks
 * (plain increments published with release stores). Readers on any thread see counts that may be a few values apart
 * from each other while the writer runs; a slice being reused for a new period may read as partly cleared. Quantiles
 * are bucket upper bounds (at most the recent maximum), so they are never lower than the true value's bucket.
 */
public final class LagHistogram
{
    /** Upper bounds of the buckets, ms, ascending; a last, unbounded bucket follows. */
    private static final long[] BUCKET_UPPER_MS = {
        1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 30_000, 60_000, 300_000, 3_600_000};
    /** Buckets including the unbounded one. */
    public static final int BUCKETS = BUCKET_UPPER_MS.length + 1;
    /** Length of one recent slice, ms. */
    public static final long SLICE_MS = 10_000;
    /** Slices in the recent window. */
    public static final int SLICES = 6;
    /** The recent window, ms. */
    public static final long WINDOW_MS = SLICE_MS * SLICES;

    private static final int SLICE_MAX = BUCKETS;
    private static final int SLICE_STRIDE = BUCKETS + 1;
    private static final int COUNT = 0;
    private static final int SUM_MS = 1;
    private static final int NEGATIVE = 2;

    private final AtomicLongArray cumulative = new AtomicLongArray(BUCKETS);
    private final AtomicLongArray slices = new AtomicLongArray(SLICES * SLICE_STRIDE);
    private final AtomicLongArray slicePeriod = new AtomicLongArray(SLICES);
    private final AtomicLongArray totals = new AtomicLongArray(3);

    /** A histogram with nothing recorded. */
    public LagHistogram()
    {
        for (int i = 0; i < SLICES; i++)
        {
            slicePeriod.setPlain(i, Long.MIN_VALUE);
        }
    }

    /**
     * Upper bound of bucket {@code index}, ms; {@link Long#MAX_VALUE} for the last, unbounded bucket.
     *
     * @param index 0 to {@link #BUCKETS} - 1.
     * @return the bound.
     */
    public static long bucketUpperMs(final int index)
    {
        return index < BUCKET_UPPER_MS.length ? BUCKET_UPPER_MS[index] : Long.MAX_VALUE;
    }

    /**
     * Records one lag; writer thread only.
     *
     * @param lagMs apply time minus source time, ms (may be negative).
     * @param nowMs the apply time, ms since 1970 (chooses the recent slice).
     */
    public void record(final long lagMs, final long nowMs)
    {
        if (lagMs < 0)
        {
            increment(totals, NEGATIVE, 1);
        }
        final long lag = Math.max(0, lagMs);
        final int bucket = bucketOf(lag);
        increment(cumulative, bucket, 1);
        increment(totals, COUNT, 1);
        increment(totals, SUM_MS, lag);

        final long period = Math.floorDiv(nowMs, SLICE_MS);
        final int slice = (int)Math.floorMod(period, (long)SLICES);
        final int base = slice * SLICE_STRIDE;
        if (slicePeriod.getPlain(slice) != period)
        {
            for (int i = 0; i < SLICE_STRIDE; i++)
            {
                slices.setRelease(base + i, 0);
            }
            slicePeriod.setRelease(slice, period);
        }
        increment(slices, base + bucket, 1);
        if (lag > slices.getPlain(base + SLICE_MAX))
        {
            slices.setRelease(base + SLICE_MAX, lag);
        }
    }

    /** @return values recorded since start. */
    public long count()
    {
        return totals.getAcquire(COUNT);
    }

    /** @return the sum of their lags (negative ones as 0), ms. */
    public long sumMs()
    {
        return totals.getAcquire(SUM_MS);
    }

    /** @return values whose source time was after their apply time (OT clock ahead of IT). */
    public long negativeCount()
    {
        return totals.getAcquire(NEGATIVE);
    }

    /**
     * Values recorded since start in bucket {@code index} (not cumulative across buckets).
     *
     * @param index 0 to {@link #BUCKETS} - 1.
     * @return the count.
     */
    public long bucketCount(final int index)
    {
        return cumulative.getAcquire(index);
    }

    /**
     * The lag over the recent window ending now. Allocates the returned record; for readers (HTTP, metrics, alarms).
     *
     * @param nowMs the reader's clock, ms since 1970.
     * @return count, p50, p99 and max of the values applied in the last {@link #WINDOW_MS} ms (the current slice
     *     included); quantiles and max are -1 when none was.
     */
    public Recent recent(final long nowMs)
    {
        final long newest = Math.floorDiv(nowMs, SLICE_MS);
        final long[] counts = new long[BUCKETS];
        long total = 0;
        long max = -1;
        for (int slice = 0; slice < SLICES; slice++)
        {
            final long period = slicePeriod.getAcquire(slice);
            if (period > newest || period <= newest - SLICES)
            {
                continue;
            }
            final int base = slice * SLICE_STRIDE;
            for (int b = 0; b < BUCKETS; b++)
            {
                final long c = slices.getAcquire(base + b);
                counts[b] += c;
                total += c;
            }
            max = Math.max(max, slices.getAcquire(base + SLICE_MAX));
        }
        if (total == 0)
        {
            return new Recent(WINDOW_MS, 0, -1, -1, -1);
        }
        return new Recent(WINDOW_MS, total, quantile(counts, total, 0.5, max), quantile(counts, total, 0.99, max), max);
    }

    /**
     * Lag over a recent window.
     *
     * @param windowMs the window, ms.
     * @param count    values applied in it.
     * @param p50Ms    median lag (a bucket bound, at most maxMs), or -1.
     * @param p99Ms    99th percentile lag (a bucket bound, at most maxMs), or -1.
     * @param maxMs    largest lag, or -1.
     */
    public record Recent(long windowMs, long count, long p50Ms, long p99Ms, long maxMs)
    {
    }

    private static long quantile(final long[] counts, final long total, final double q, final long max)
    {
        final long rank = (long)Math.ceil(q * total);
        long seen = 0;
        for (int b = 0; b < BUCKETS; b++)
        {
            seen += counts[b];
            if (seen >= rank)
            {
                return Math.min(bucketUpperMs(b), max);
            }
        }
        return max;
    }

    private static int bucketOf(final long lagMs)
    {
        for (int i = 0; i < BUCKET_UPPER_MS.length; i++)
        {
            if (lagMs <= BUCKET_UPPER_MS[i])
            {
                return i;
            }
        }
        return BUCKET_UPPER_MS.length;
    }

    private static void increment(final AtomicLongArray array, final int index, final long delta)
    {
        array.setRelease(index, array.getPlain(index) + delta);
    }
}
