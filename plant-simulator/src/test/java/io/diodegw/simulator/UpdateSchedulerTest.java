package io.diodegw.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class UpdateSchedulerTest {

    @Test
    void shouldCallEveryTagOncePerPeriodAndNothingElse() {
        SplittableRandom random = new SplittableRandom(5);
        for (int round = 0; round < 50; round++) {
            int tags = 1 + random.nextInt(300);
            long[] periods = new long[tags];
            for (int i = 0; i < tags; i++) {
                periods[i] = 1 + random.nextLong(random.nextBoolean() ? 20 : 6_000);
            }
            UpdateScheduler scheduler = new UpdateScheduler(periods);
            int ticks = 12_000;
            long[] calls = new long[tags];
            long[] lastTick = new long[tags];
            long[] tick = {0};
            for (int t = 1; t <= ticks; t++) {
                tick[0] = t;
                scheduler.tick(tag -> {
                    if (lastTick[tag] != 0) {
                        assertEquals(periods[tag], tick[0] - lastTick[tag], "period of tag " + tag);
                    }
                    lastTick[tag] = tick[0];
                    calls[tag]++;
                });
            }
            for (int i = 0; i < tags; i++) {
                long expected = ticks / periods[i];
                assertTrue(calls[i] >= expected && calls[i] <= expected + 1,
                        "tag " + i + " period " + periods[i] + " called " + calls[i]);
            }
        }
    }

    @Test
    void shouldSpreadEqualPeriodsEvenlyOverTicks() {
        int tags = 1_000;
        long[] periods = new long[tags];
        java.util.Arrays.fill(periods, 100);
        UpdateScheduler scheduler = new UpdateScheduler(periods);
        for (int t = 0; t < 100; t++) {
            int[] due = {0};
            scheduler.tick(tag -> due[0]++);
            assertEquals(10, due[0], "tick " + t);
        }
    }
}
