package io.diodegw.receiver.selfcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LossInjectorTest
{
    private static final int DECISIONS = 200_000;

    @Test
    void shouldDropTheGivenShareIndependentlyWithBurstLengthOne()
    {
        for (final double percent : new double[] {1, 5, 10, 30})
        {
            final LossInjector loss = new LossInjector(17, percent, 1);
            final long bursts = countBursts(loss);

            assertEquals(percent / 100.0, (double)loss.dropped() / DECISIONS, 0.005, "loss " + percent);
            final double meanBurst = (double)loss.dropped() / bursts;
            assertEquals(1.0 / (1.0 - percent / 100.0), meanBurst, 0.05, "independent bursts at " + percent);
        }
    }

    @Test
    void shouldDropTheGivenShareInBurstsOfTheGivenMeanLength()
    {
        for (final int burst : new int[] {2, 8, 32})
        {
            final LossInjector loss = new LossInjector(23, 5, burst);
            final long bursts = countBursts(loss);

            assertEquals(0.05, (double)loss.dropped() / DECISIONS, 0.01, "burst " + burst);
            assertEquals(burst, (double)loss.dropped() / bursts, burst * 0.15, "burst " + burst);
        }
    }

    @Test
    void shouldRepeatTheSameDecisionsForTheSameSeedAndNeverDropWithoutLoss()
    {
        final LossInjector a = new LossInjector(5, 10, 4);
        final LossInjector b = new LossInjector(5, 10, 4);
        final LossInjector none = new LossInjector(5, 0, 4);
        for (int i = 0; i < 10_000; i++)
        {
            assertEquals(a.shouldDrop(), b.shouldDrop(), "decision " + i);
            assertTrue(!none.shouldDrop());
        }
        assertEquals(10_000, a.decisions());
        assertEquals(0, none.dropped());
    }

    private static long countBursts(final LossInjector loss)
    {
        long bursts = 0;
        boolean previous = false;
        for (int i = 0; i < DECISIONS; i++)
        {
            final boolean drop = loss.shouldDrop();
            if (drop && !previous)
            {
                bursts++;
            }
            previous = drop;
        }
        return bursts;
    }
}
