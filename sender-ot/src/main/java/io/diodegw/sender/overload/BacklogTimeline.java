package io.diodegw.sender.overload;

/**
 * Estimates the age of the oldest unsent journal record from samples of the journal head taken over time: that
 * record (sent + 1) was journaled after the newest sample whose head was below it, so its age is at most the time
 * since that sample: never understated, and overstated by at most the spacing of the samples there (one interval
 * while no thinning happened; after thinning, older samples are sparser, and the estimate stays below three times the
 * true age plus two intervals, as the tests check). When no sample is older than the record (it was journaled before
 * the first sample), the time since the first sample is a lower bound.
 *
 * <p>Bounded: at most {@code capacity} samples, one per {@code sampleIntervalNs} at most; samples no longer needed
 * (older than the newest one below the oldest unsent record) are dropped, and when the timeline is full every other
 * sample is dropped, so a backlog of any age is covered with a spacing that grows with it.
 *
 * <p>Not thread-safe: owned by the replicator thread. Allocation-free after construction.
 */
public final class BacklogTimeline
{
    private final long sampleIntervalNs;
    private final long[] sampleNs;
    private final long[] sampleHead;
    private int samples;
    private boolean started;
    private long lastSampleNs;

    /**
     * @param sampleIntervalNs least time between samples, ns, at least 1.
     * @param capacity         samples kept, at least 4.
     */
    public BacklogTimeline(final long sampleIntervalNs, final int capacity)
    {
        if (sampleIntervalNs < 1 || capacity < 4)
        {
            throw new IllegalArgumentException("sampleIntervalNs=" + sampleIntervalNs + " capacity=" + capacity +
                ": need sampleIntervalNs >= 1 and capacity >= 4");
        }
        this.sampleIntervalNs = sampleIntervalNs;
        this.sampleNs = new long[capacity];
        this.sampleHead = new long[capacity];
    }

    /**
     * Samples the head if the interval passed since the last sample, then estimates the age.
     *
     * @param nowNs        monotonic clock, ns.
     * @param headSequence newest journaled stream sequence, or -1.
     * @param sentSequence last stream sequence sent, or -1.
     * @return the age of the oldest unsent record, ns; 0 when nothing is unsent.
     */
    public long oldestUnsentAgeNs(final long nowNs, final long headSequence, final long sentSequence)
    {
        if (!started || nowNs - lastSampleNs >= sampleIntervalNs)
        {
            sample(nowNs, headSequence, sentSequence);
        }
        if (headSequence <= sentSequence)
        {
            return 0;
        }
        final long firstUnsent = sentSequence + 1;
        int newestBelow = 0;
        for (int i = samples - 1; i >= 0; i--)
        {
            if (sampleHead[i] < firstUnsent)
            {
                newestBelow = i;
                break;
            }
        }
        return nowNs - sampleNs[newestBelow];
    }

    /** @return samples held now. */
    public int samples()
    {
        return samples;
    }

    private void sample(final long nowNs, final long headSequence, final long sentSequence)
    {
        started = true;
        lastSampleNs = nowNs;
        int drop = 0;
        while (drop + 1 < samples && sampleHead[drop + 1] < sentSequence + 1)
        {
            drop++;
        }
        if (drop > 0)
        {
            System.arraycopy(sampleNs, drop, sampleNs, 0, samples - drop);
            System.arraycopy(sampleHead, drop, sampleHead, 0, samples - drop);
            samples -= drop;
        }
        if (samples == sampleNs.length)
        {
            int kept = 0;
            for (int i = 0; i < samples; i += 2)
            {
                sampleNs[kept] = sampleNs[i];
                sampleHead[kept] = sampleHead[i];
                kept++;
            }
            samples = kept;
        }
        sampleNs[samples] = nowNs;
        sampleHead[samples] = headSequence;
        samples++;
    }
}
