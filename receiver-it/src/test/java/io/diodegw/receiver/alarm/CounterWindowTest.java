package io.diodegw.receiver.alarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class CounterWindowTest
{
    @Test
    void shouldCountIncreasesSinceStartWhileTheMonitorIsYoungerThanTheWindow()
    {
        final CounterWindow window = new CounterWindow(60_000);
        assertEquals(4, window.observe(1_000, 4));
        assertEquals(9, window.observe(30_000, 9));
    }

    @Test
    void shouldNeverCountFewerThanHappenedInTheWindowNorMoreThanOneSliceAndCheckEarlier()
    {
        final long windowMs = 25_600;
        final long checkMs = 100;
        final long sliceMs = windowMs / CounterWindow.SLICES;
        for (long seed = 1; seed <= 20; seed++)
        {
            final SplittableRandom random = new SplittableRandom(seed);
            final CounterWindow window = new CounterWindow(windowMs);
            final ArrayDeque<long[]> increases = new ArrayDeque<>();
            long count = 0;
            for (long t = 0; t < 200_000; t += checkMs)
            {
                if (random.nextInt(10) == 0)
                {
                    final long step = 1 + random.nextInt(3);
                    count += step;
                    increases.add(new long[] {t, step});
                }
                final long result = window.observe(t, count);
                long inWindow = 0;
                long inWindowWithSlack = 0;
                for (final long[] increase : increases)
                {
                    if (increase[0] > t - windowMs)
                    {
                        inWindow += increase[1];
                    }
                    if (increase[0] > t - windowMs - sliceMs - checkMs)
                    {
                        inWindowWithSlack += increase[1];
                    }
                }
                assertTrue(result >= inWindow && result <= inWindowWithSlack,
                    "seed " + seed + " t " + t + ": " + result + " not in " + inWindow + ".." + inWindowWithSlack);
                assertTrue(window.size() <= CounterWindow.SLICES + 2, "size " + window.size());
            }
        }
    }
}
