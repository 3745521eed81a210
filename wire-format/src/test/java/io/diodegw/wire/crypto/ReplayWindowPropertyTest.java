package io.diodegw.wire.crypto;

import static io.diodegw.wire.crypto.ReplayWindow.DUPLICATE;
import static io.diodegw.wire.crypto.ReplayWindow.FRESH;
import static io.diodegw.wire.crypto.ReplayWindow.TOO_OLD;
import static io.diodegw.wire.crypto.ReplayWindow.WINDOW_SIZE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * The window against a model (a set of accepted counters and the highest one): a counter is accepted exactly once,
 * and only while it is less than {@value ReplayWindow#WINDOW_SIZE} below the highest accepted counter.
 */
class ReplayWindowPropertyTest
{
    @Test
    void shouldAcceptEachCounterExactlyOnceInRandomPermutationsWithDuplicates()
    {
        for (int seed = 0; seed < 40; seed++)
        {
            final Random random = new Random(seed);
            final List<Long> counters = new ArrayList<>();
            final long base = seed % 2 == 0 ? 0 : random.nextLong() >>> 2;
            final int span = 1 + random.nextInt(3 * WINDOW_SIZE);
            for (int i = 0; i < 2 * span; i++)
            {
                counters.add(base + random.nextInt(span));
            }
            for (long c = base; c < base + span; c++)
            {
                counters.add(c);
            }
            if (seed % 3 == 0)
            {
                Collections.shuffle(counters, random);
            }
            else
            {
                locallyReorder(counters, random);
            }
            assertAgreesWithModel(counters, "seed " + seed);
        }
    }

    @Test
    void shouldAcceptEveryCounterOfAnInOrderStreamOnce()
    {
        final ReplayWindow window = new ReplayWindow();
        for (long c = 0; c < 5 * WINDOW_SIZE; c++)
        {
            assertEquals(FRESH, window.accept(c));
            assertEquals(DUPLICATE, window.accept(c));
            assertEquals(c, window.highestCounter());
        }
    }

    @Test
    void shouldTreatTheWindowEdgesExactly()
    {
        final ReplayWindow window = new ReplayWindow();
        final long top = 10_000;
        assertEquals(FRESH, window.accept(top));
        assertEquals(FRESH, window.check(top - WINDOW_SIZE + 1));
        assertEquals(TOO_OLD, window.check(top - WINDOW_SIZE));
        assertEquals(FRESH, window.accept(top - WINDOW_SIZE + 1));
        assertEquals(DUPLICATE, window.accept(top - WINDOW_SIZE + 1));
        assertEquals(TOO_OLD, window.accept(top - WINDOW_SIZE));
        assertEquals(FRESH, window.accept(top + 1));
        assertEquals(TOO_OLD, window.check(top - WINDOW_SIZE + 1), "the edge moved with the top");
        assertEquals(DUPLICATE, window.check(top));
    }

    @Test
    void shouldForgetNothingInsideTheWindowAfterFarAheadJumps()
    {
        final Random random = new Random(61);
        for (int round = 0; round < 200; round++)
        {
            final List<Long> counters = new ArrayList<>();
            long c = random.nextInt(100);
            for (int i = 0; i < 300; i++)
            {
                final int kind = random.nextInt(10);
                if (kind == 0)
                {
                    c += WINDOW_SIZE + random.nextInt(1 << 20);
                }
                else if (kind == 1)
                {
                    c += WINDOW_SIZE - 64 + random.nextInt(128);
                }
                else if (kind == 2)
                {
                    c -= random.nextInt(WINDOW_SIZE + 64);
                    c = Math.max(c, 0);
                }
                else
                {
                    c += random.nextInt(70);
                }
                counters.add(c);
                if (random.nextInt(5) == 0 && !counters.isEmpty())
                {
                    counters.add(counters.get(random.nextInt(counters.size())));
                }
            }
            assertAgreesWithModel(counters, "round " + round);
        }
    }

    @Test
    void shouldHandleCounterZeroAndCountersNearLongMax()
    {
        final ReplayWindow window = new ReplayWindow();
        assertEquals(-1, window.highestCounter());
        assertEquals(FRESH, window.accept(0));
        assertEquals(DUPLICATE, window.accept(0));
        assertEquals(TOO_OLD, window.accept(-1));
        assertEquals(TOO_OLD, window.accept(Long.MIN_VALUE));

        final List<Long> counters = new ArrayList<>();
        final Random random = new Random(62);
        for (int i = 0; i < 20_000; i++)
        {
            counters.add(Long.MAX_VALUE - random.nextInt(WINDOW_SIZE * 2));
        }
        counters.add(Long.MAX_VALUE);
        counters.add(Long.MAX_VALUE);
        assertAgreesWithModel(counters, "near Long.MAX_VALUE");

        window.reset();
        assertEquals(FRESH, window.accept(Long.MAX_VALUE));
        assertEquals(DUPLICATE, window.accept(Long.MAX_VALUE));
        assertEquals(FRESH, window.accept(Long.MAX_VALUE - WINDOW_SIZE + 1));
        assertEquals(TOO_OLD, window.accept(Long.MAX_VALUE - WINDOW_SIZE));
        assertEquals(TOO_OLD, window.accept(0));
    }

    @Test
    void shouldForgetEverythingOnReset()
    {
        final ReplayWindow window = new ReplayWindow();
        for (long c = 0; c < 100; c++)
        {
            window.accept(c * 3);
        }
        window.reset();
        assertEquals(-1, window.highestCounter());
        for (long c = 0; c < 100; c++)
        {
            assertEquals(FRESH, window.accept(c));
        }
    }

    private static void assertAgreesWithModel(final List<Long> counters, final String label)
    {
        final ReplayWindow window = new ReplayWindow();
        final Set<Long> accepted = new HashSet<>();
        long top = -1;
        int fresh = 0;
        int refused = 0;
        for (int i = 0; i < counters.size(); i++)
        {
            final long c = counters.get(i);
            final int expected;
            if (c < 0 || (top >= 0 && top - c >= WINDOW_SIZE))
            {
                expected = TOO_OLD;
            }
            else
            {
                expected = accepted.contains(c) ? DUPLICATE : FRESH;
            }
            assertEquals(expected, window.check(c), label + ", check #" + i + " counter " + c);
            assertEquals(expected, window.accept(c), label + ", accept #" + i + " counter " + c);
            if (expected == FRESH)
            {
                accepted.add(c);
                top = Math.max(top, c);
                fresh++;
            }
            else
            {
                refused++;
            }
            assertEquals(top, window.highestCounter());
        }
        assertTrue(fresh > 0 && refused > 0, label + ": fresh=" + fresh + " refused=" + refused);
    }

    private static void locallyReorder(final List<Long> counters, final Random random)
    {
        Collections.sort(counters);
        for (int i = 0; i + 1 < counters.size(); i++)
        {
            final int j = Math.min(counters.size() - 1, i + random.nextInt(64));
            Collections.swap(counters, i, j);
        }
    }
}
