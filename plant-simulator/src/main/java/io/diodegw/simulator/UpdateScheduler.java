package io.diodegw.simulator;

import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * Timing wheel deciding which tags change at each tick. Each tag has a period in ticks and a phase; tick {@code t}
 * visits only the tags whose wheel slot is {@code t % slots}, so the work per tick is proportional to the tags due
 * (plus those of the same slot in later rounds when a period exceeds the wheel size).
 *
 * <p>Not thread-safe: one thread calls {@link #tick}.
 */
final class UpdateScheduler {

    private static final int EMPTY = -1;
    private static final int MAX_SLOTS = 4096;

    private final int[] head;
    private final int[] next;
    private final long[] dueTick;
    private final long[] periodTicks;
    private long currentTick;

    /**
     * @param periodTicks period of each tag in ticks (&ge; 1); the array is copied
     */
    UpdateScheduler(long[] periodTicks) {
        int n = periodTicks.length;
        long maxPeriod = 1;
        for (long p : periodTicks) {
            if (p < 1) {
                throw new IllegalArgumentException("periodTicks=" + p + " must be >= 1");
            }
            maxPeriod = Math.max(maxPeriod, p);
        }
        int slots = (int) Math.min(MAX_SLOTS, maxPeriod + 1);
        this.head = new int[slots];
        Arrays.fill(head, EMPTY);
        this.next = new int[n];
        this.dueTick = new long[n];
        this.periodTicks = periodTicks.clone();
        for (int i = 0; i < n; i++) {
            long p = periodTicks[i];
            dueTick[i] = 1 + (p == 1 ? 0 : Math.floorMod((long) i * 7919L, p));
            insert(i);
        }
    }

    /** Advances one tick and calls {@code onDue} with every tag due at it. */
    void tick(IntConsumer onDue) {
        long t = ++currentTick;
        int slot = (int) (t % head.length);
        int tag = head[slot];
        head[slot] = EMPTY;
        while (tag != EMPTY) {
            int following = next[tag];
            if (dueTick[tag] == t) {
                onDue.accept(tag);
                dueTick[tag] = t + periodTicks[tag];
            }
            insert(tag);
            tag = following;
        }
    }

    private void insert(int tag) {
        int slot = (int) (dueTick[tag] % head.length);
        next[tag] = head[slot];
        head[slot] = tag;
    }
}
