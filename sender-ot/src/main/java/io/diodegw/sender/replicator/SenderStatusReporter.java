package io.diodegw.sender.replicator;

import io.diodegw.wire.record.SenderStatus;

/**
 * Computes the figures of the SENDER_STATUS record every {@code intervalNs}: journal head, backlog (records between
 * the last record sent and the head), its estimated size in bytes (backlog records times the mean size of the records
 * read so far), the age of the oldest unsent record, and input and output rates over the last interval.
 *
 * <p>Age: each report samples the journal head with the time. The oldest unsent record (sent + 1) was journaled after
 * the newest sample whose head was below it, so the reported age is the time since that sample: never less than the
 * true age, and more by at most the spacing of the samples (one interval while the backlog is younger than
 * {@code timelineCapacity} intervals). When the timeline is full, every other older sample is dropped, so a backlog of
 * any age is covered with a spacing that grows with it. When no sample is older than the record (it was journaled
 * before the replicator started), the age is the time since the first sample: then a lower bound.
 *
 * <p>Not thread-safe: owned by the replicator thread. Allocation-free after construction.
 */
final class SenderStatusReporter
{
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long NANOS_PER_MS = 1_000_000L;

    private final long intervalNs;
    private final long[] sampleNs;
    private final long[] sampleHead;
    private final SenderStatus status = new SenderStatus();
    private int samples;
    private boolean started;
    private long nextReportNs;
    private long previousNs;
    private long previousHead;
    private long previousSent;
    private long previousWireBytes;
    private long reports;

    /**
     * @param intervalNs       time between reports, ns, at least 1.
     * @param timelineCapacity head samples kept for the age, at least 4.
     */
    SenderStatusReporter(final long intervalNs, final int timelineCapacity)
    {
        if (intervalNs < 1 || timelineCapacity < 4)
        {
            throw new IllegalArgumentException("intervalNs=" + intervalNs + " timelineCapacity=" +
                timelineCapacity + ": need intervalNs >= 1 and timelineCapacity >= 4");
        }
        this.intervalNs = intervalNs;
        this.sampleNs = new long[timelineCapacity];
        this.sampleHead = new long[timelineCapacity];
    }

    /** @return whether a report is due: at the first call, then every interval after the previous report. */
    boolean isDue(final long nowNs)
    {
        return !started || nowNs - nextReportNs >= 0;
    }

    /**
     * Takes a report and schedules the next one interval later.
     *
     * @param nowNs           monotonic clock, ns.
     * @param timeTicks       wall clock for the record, 100-ns ticks since 1601-01-01 UTC.
     * @param headSequence    newest journaled stream sequence, or -1.
     * @param sentSequence    last stream sequence sent, or -1.
     * @param outputWireBytes bytes put on the wire since start (every datagram, IP and UDP headers included).
     * @param meanRecordBytes mean size of the journal records read so far, bytes (0 if none).
     * @return the status holder, reused by the next report.
     */
    SenderStatus report(final long nowNs, final long timeTicks, final long headSequence, final long sentSequence,
        final long outputWireBytes, final long meanRecordBytes)
    {
        sample(nowNs, headSequence, sentSequence);
        final long backlog = Math.max(0, headSequence - sentSequence);
        status.journalHeadSequence(headSequence)
            .backlogRecords(backlog)
            .backlogBytes(backlog * meanRecordBytes)
            .oldestUnsentAgeMs(backlog == 0 ? 0 : oldestUnsentAgeNs(nowNs, sentSequence + 1) / NANOS_PER_MS)
            .timeTicks(timeTicks);
        final long elapsedNs = nowNs - previousNs;
        if (started && elapsedNs > 0)
        {
            status.inputRecordsPerSec(perSecond(headSequence - previousHead, elapsedNs))
                .outputRecordsPerSec(perSecond(sentSequence - previousSent, elapsedNs))
                .outputBytesPerSec(perSecond(outputWireBytes - previousWireBytes, elapsedNs));
        }
        else
        {
            status.inputRecordsPerSec(0).outputRecordsPerSec(0).outputBytesPerSec(0);
        }
        started = true;
        nextReportNs = nowNs + intervalNs;
        previousNs = nowNs;
        previousHead = headSequence;
        previousSent = sentSequence;
        previousWireBytes = outputWireBytes;
        reports++;
        return status;
    }

    /** @return reports taken. */
    long reports()
    {
        return reports;
    }

    private static long perSecond(final long delta, final long elapsedNs)
    {
        return Math.max(0, (long)((double)delta * NANOS_PER_SECOND / elapsedNs));
    }

    private long oldestUnsentAgeNs(final long nowNs, final long firstUnsent)
    {
        int newestBelow = -1;
        int lo = 0;
        int hi = samples - 1;
        while (lo <= hi)
        {
            final int mid = (lo + hi) >>> 1;
            if (sampleHead[mid] < firstUnsent)
            {
                newestBelow = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return nowNs - sampleNs[Math.max(0, newestBelow)];
    }

    private void sample(final long nowNs, final long headSequence, final long sentSequence)
    {
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
