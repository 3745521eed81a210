package io.diodegw.sender.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class ShareBudgetTest
{
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    @Test
    void shouldNeverChargeMoreThanTheShareOfABusyPeriodAndReachItLessTheCapWhenSaturated()
    {
        for (int seed = 0; seed < 100; seed++)
        {
            final SplittableRandom random = new SplittableRandom(seed);
            final long bytesPerSecond = 1_000 + random.nextLong(100_000_000);
            final long unitBytes = 100 + random.nextInt(60_000);
            final long capBytes = unitBytes * (2 + random.nextInt(8));
            final ShareBudget budget = new ShareBudget(bytesPerSecond, capBytes);
            final long startNs = random.nextLong(1L << 50);
            long nowNs = startNs;
            final long endNs = startNs + NANOS_PER_SECOND * (1 + random.nextInt(10));
            // polled at least every half unit, and the cap holds two units: no credit is ever lost to the cap
            final long maxStepNs = Math.max(1, unitBytes * NANOS_PER_SECOND / bytesPerSecond / 2);
            while (nowNs < endNs)
            {
                while (budget.tryCharge(unitBytes, nowNs))
                {
                    final long accruedBytes = (nowNs - startNs) * bytesPerSecond / NANOS_PER_SECOND;
                    assertTrue(budget.chargedBytes() <= accruedBytes,
                        "seed " + seed + ": charged " + budget.chargedBytes() + " > share " + accruedBytes);
                }
                nowNs += 1 + random.nextLong(maxStepNs);
            }
            final long accruedBytes = (nowNs - startNs) * bytesPerSecond / NANOS_PER_SECOND;
            budget.tryCharge(unitBytes, nowNs);
            assertTrue(budget.chargedBytes() <= accruedBytes);
            assertTrue(budget.chargedBytes() >= accruedBytes - capBytes,
                "seed " + seed + ": saturated, charged " + budget.chargedBytes() + " of " + accruedBytes);
        }
    }

    @Test
    void shouldStartEveryBusyPeriodWithoutCredit()
    {
        final ShareBudget budget = new ShareBudget(1_000_000, 10_000);
        assertFalse(budget.tryCharge(1_000, 0), "no credit at the start");
        assertTrue(budget.tryCharge(1_000, 1_000_000), "1 ms at 1 MB/s is 1000 bytes");
        assertFalse(budget.tryCharge(1, 1_000_000));
        assertEquals(10_000, budget.creditBytes(1_000_000_000), "credit stops at the cap");
        budget.idle(1_000_000_000);
        assertFalse(budget.tryCharge(1, 2_000_000_000L), "idle time earns nothing");
        assertTrue(budget.tryCharge(1_000, 2_001_000_000L));
        assertEquals(2_000, budget.chargedBytes());
    }
}
