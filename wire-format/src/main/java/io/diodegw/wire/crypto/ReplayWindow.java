package io.diodegw.wire.crypto;

import java.util.Arrays;

/**
 * Accepts each packet counter of one session key at most once, within a sliding window of {@value #WINDOW_SIZE}
 * counters below the highest accepted one; older counters are refused. Reordering inside the window is tolerated.
 *
 * <p>A bitmap of {@value #WINDOW_SIZE} bits in a {@code long[]} ring indexed by counter, as in RFC 6479: moving the
 * top clears only the words that enter the window, so every call touches a bounded number of
 * words. Counters are in {@code [0, Long.MAX_VALUE]}; a negative counter is
 * {@link #TOO_OLD}. Allocation-free; not thread-safe: owned by the thread that opens datagrams.
 *
 * <p>Call {@link #accept(long)} only after the datagram authenticated, so forged datagrams cannot move the window;
 * {@link #check(long)} is the side-effect-free pre-check.
 */
public final class ReplayWindow
{
    /** Counters tracked below the highest accepted one (inclusive of it). */
    public static final int WINDOW_SIZE = 4096;
    /** The counter was not accepted before and is inside or above the window. */
    public static final int FRESH = 0;
    /** The counter was accepted before. */
    public static final int DUPLICATE = 1;
    /** The counter is {@value #WINDOW_SIZE} or more below the highest accepted counter, or negative. */
    public static final int TOO_OLD = 2;

    /** Twice the window, so the words the window spans (up to 65) never share a slot of the ring. */
    private static final int WORDS = 2 * WINDOW_SIZE / 64;
    private static final int WORD_MASK = WORDS - 1;

    private final long[] bits = new long[WORDS];
    private long top = -1;

    /**
     * @param counter a packet counter.
     * @return {@link #FRESH}, {@link #DUPLICATE} or {@link #TOO_OLD}; changes nothing.
     */
    public int check(final long counter)
    {
        if (counter < 0)
        {
            return TOO_OLD;
        }
        if (counter > top)
        {
            return FRESH;
        }
        if (top - counter >= WINDOW_SIZE)
        {
            return TOO_OLD;
        }
        return (bits[wordIndex(counter)] & (1L << counter)) != 0 ? DUPLICATE : FRESH;
    }

    /**
     * Marks the counter as seen if it is fresh, sliding the window forward when it is above the top.
     *
     * @param counter a packet counter of an authenticated datagram.
     * @return {@link #FRESH} if accepted now, else {@link #DUPLICATE} or {@link #TOO_OLD} and nothing changed.
     */
    public int accept(final long counter)
    {
        final int status = check(counter);
        if (status != FRESH)
        {
            return status;
        }
        if (counter > top)
        {
            final long oldTopWord = top >> 6;
            final long newTopWord = counter >> 6;
            final long wordsToClear = Math.min(newTopWord - oldTopWord, WORDS);
            for (long w = 1; w <= wordsToClear; w++)
            {
                bits[(int)((oldTopWord + w) & WORD_MASK)] = 0;
            }
            top = counter;
        }
        bits[wordIndex(counter)] |= 1L << counter;
        return FRESH;
    }

    /** @return the highest accepted counter, or -1 before the first. */
    public long highestCounter()
    {
        return top;
    }

    /** Forgets every counter, as for a new key. */
    public void reset()
    {
        Arrays.fill(bits, 0);
        top = -1;
    }

    private static int wordIndex(final long counter)
    {
        return (int)((counter >> 6) & WORD_MASK);
    }
}
