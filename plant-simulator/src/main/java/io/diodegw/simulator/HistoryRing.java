package io.diodegw.simulator;

/**
 * Bounded per-tag history of source timestamps. Since a tag's value at a step is a function of the step
 * ({@link TagModel}), the ring only keeps the time of each of the last {@code depth} steps; steps of a tag are
 * contiguous, so the retained steps of tag {@code i} are {@code oldestStep(i) .. lastStep(i)}.
 *
 * <p>Not thread-safe: callers hold the tag's stripe lock ({@link #lockOf(int)}) around every access.
 */
final class HistoryRing {

    private static final int LOCK_STRIPES = 64;

    private final int depth;
    private final long[] timesMs;
    private final long[] lastStep;
    private final Object[] locks = new Object[LOCK_STRIPES];

    HistoryRing(int tagCount, int depth) {
        this.depth = depth;
        this.timesMs = new long[tagCount * depth];
        this.lastStep = new long[tagCount];
        for (int s = 0; s < LOCK_STRIPES; s++) {
            locks[s] = new Object();
        }
    }

    /** @return the monitor guarding tag {@code tag}'s history and its subscribers */
    Object lockOf(int tag) {
        return locks[tag & (LOCK_STRIPES - 1)];
    }

    /** @return values kept per tag */
    int depth() {
        return depth;
    }

    /** Records {@code step} (which must be {@code lastStep(tag) + 1}, or 0 at start) at {@code timeMs}. */
    void append(int tag, long step, long timeMs) {
        timesMs[tag * depth + (int) (step % depth)] = timeMs;
        lastStep[tag] = step;
    }

    /** @return the newest step of {@code tag} */
    long lastStep(int tag) {
        return lastStep[tag];
    }

    /** @return the oldest step of {@code tag} still retained */
    long oldestStep(int tag) {
        return Math.max(0, lastStep[tag] - depth + 1);
    }

    /** @return source time in ms of a retained {@code step} of {@code tag} */
    long timeOf(int tag, long step) {
        return timesMs[tag * depth + (int) (step % depth)];
    }
}
