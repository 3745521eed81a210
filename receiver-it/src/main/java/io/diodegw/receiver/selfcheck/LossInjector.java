package io.diodegw.receiver.selfcheck;

import java.util.SplittableRandom;

/**
 * Decides, datagram by datagram, whether the sender drops it instead of sending it, from a seeded generator, so a run
 * is repeatable for a given seed and send order. Two models, both with a long-run loss of the given percentage p:
 *
 * <ul>
 *   <li>Mean burst length 1: independent (uniform) loss, each datagram lost with probability p.</li>
 *   <li>Mean burst length L &gt; 1: a two-state Gilbert-Elliott chain. In the bad state every datagram is lost, in
 *   the good state none; bad turns good with probability 1/L per datagram (bursts of mean length L), good turns bad
 *   with probability p / (L (1 - p)), so the chain spends the fraction p of datagrams in the bad state.</li>
 * </ul>
 *
 * <p>Not thread-safe; owned by the sender thread. Allocation-free.
 */
final class LossInjector
{
    private static final long SEED_SALT = 0x6C6F_7373_6C6F_7373L;

    private final SplittableRandom random;
    private final double lossFraction;
    private final boolean bursty;
    private final double goodToBad;
    private final double badToGood;
    private boolean bad;
    private long decisions;
    private long dropped;

    /**
     * @param seed                the run's seed.
     * @param lossPercent         long-run percent of datagrams to drop, 0..50.
     * @param meanBurstDatagrams  mean length of a loss burst, at least 1 (1: independent loss).
     */
    LossInjector(final long seed, final double lossPercent, final int meanBurstDatagrams)
    {
        this.random = new SplittableRandom(seed ^ SEED_SALT);
        this.lossFraction = lossPercent / 100.0;
        this.bursty = meanBurstDatagrams > 1 && lossFraction > 0.0;
        this.badToGood = 1.0 / meanBurstDatagrams;
        this.goodToBad = lossFraction >= 1.0 ? 1.0 : lossFraction * badToGood / (1.0 - lossFraction);
    }

    /**
     * @return true if the next datagram is to be dropped (counted).
     */
    boolean shouldDrop()
    {
        decisions++;
        final boolean drop;
        if (bursty)
        {
            bad = bad ? random.nextDouble() >= badToGood : random.nextDouble() < goodToBad;
            drop = bad;
        }
        else
        {
            drop = lossFraction > 0.0 && random.nextDouble() < lossFraction;
        }
        if (drop)
        {
            dropped++;
        }
        return drop;
    }

    /** @return datagrams dropped so far. */
    long dropped()
    {
        return dropped;
    }

    /** @return datagrams decided on so far. */
    long decisions()
    {
        return decisions;
    }
}
