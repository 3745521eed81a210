package io.diodegw.receiver.table;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class LagHistogramTest
{
    private static final long T0 = 1_795_000_000_000L;

    @Test
    void shouldReportNothingRecentWhenNothingWasRecorded()
    {
        assertEquals(new LagHistogram.Recent(LagHistogram.WINDOW_MS, 0, -1, -1, -1), new LagHistogram().recent(T0));
    }

    @Test
    void shouldPlaceEachLagInTheFirstBucketWhoseBoundHoldsIt()
    {
        final LagHistogram lag = new LagHistogram();
        lag.record(0, T0);
        lag.record(1, T0);
        lag.record(2, T0);
        lag.record(3, T0);
        lag.record(3_600_001, T0);

        assertEquals(2, lag.bucketCount(0));
        assertEquals(1, lag.bucketCount(1));
        assertEquals(1, lag.bucketCount(2));
        assertEquals(1, lag.bucketCount(LagHistogram.BUCKETS - 1));
        assertEquals(5, lag.count());
        assertEquals(3_600_007, lag.sumMs());
        assertEquals(Long.MAX_VALUE, LagHistogram.bucketUpperMs(LagHistogram.BUCKETS - 1));
    }

    @Test
    void shouldCountNegativeLagAsZeroAndSeparately()
    {
        final LagHistogram lag = new LagHistogram();
        lag.record(-250, T0);

        assertEquals(1, lag.negativeCount());
        assertEquals(1, lag.bucketCount(0));
        assertEquals(0, lag.sumMs());
        assertEquals(0, lag.recent(T0).maxMs());
    }

    @Test
    void shouldGiveQuantilesAsBucketBoundsNeverAboveTheMaximum()
    {
        final LagHistogram lag = new LagHistogram();
        for (int i = 0; i < 98; i++)
        {
            lag.record(7, T0 + i);
        }
        lag.record(150, T0);
        lag.record(180, T0);

        final LagHistogram.Recent recent = lag.recent(T0 + 1_000);
        assertEquals(100, recent.count());
        assertEquals(10, recent.p50Ms());
        assertEquals(180, recent.p99Ms());
        assertEquals(180, recent.maxMs());
    }

    @Test
    void shouldForgetValuesOlderThanTheWindowButKeepThemCumulatively()
    {
        final LagHistogram lag = new LagHistogram();
        lag.record(4_000, T0);
        lag.record(8, T0 + LagHistogram.WINDOW_MS);

        final LagHistogram.Recent recent = lag.recent(T0 + LagHistogram.WINDOW_MS);
        assertEquals(1, recent.count());
        assertEquals(8, recent.maxMs());
        assertEquals(2, lag.count());
        assertEquals(0, lag.recent(T0 + 3 * LagHistogram.WINDOW_MS).count());
    }

    @Test
    void shouldMatchAnExactCountOfSeededLagsPerBucket()
    {
        final SplittableRandom random = new SplittableRandom(42);
        final LagHistogram lag = new LagHistogram();
        final long[] expected = new long[LagHistogram.BUCKETS];
        for (int i = 0; i < 10_000; i++)
        {
            final long ms = random.nextLong(0, 120_000);
            lag.record(ms, T0 + i);
            int b = 0;
            while (ms > LagHistogram.bucketUpperMs(b))
            {
                b++;
            }
            expected[b]++;
        }
        for (int b = 0; b < LagHistogram.BUCKETS; b++)
        {
            assertEquals(expected[b], lag.bucketCount(b), "bucket " + b);
        }
        assertEquals(10_000, lag.recent(T0 + 10_000).count());
    }
}
