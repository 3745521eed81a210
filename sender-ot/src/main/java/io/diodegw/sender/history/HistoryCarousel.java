package io.diodegw.sender.history;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import io.diodegw.sender.snapshot.ShareBudget;
import io.diodegw.wire.record.BlockWriter;
import io.diodegw.wire.record.RecordHeader;
import io.diodegw.wire.record.RecordType;
import io.diodegw.wire.record.ResendMarker;

/**
 * The history carousel: every {@code intervalNs} a pass reads the journal records of a recent window again
 * ({@link HistorySource}) and re-sends, in the out-of-band blocks the replicator gives it and with their original
 * stream sequences, those no snapshot supersedes: HISTORY_BATCH, FILE_MANIFEST, FILE_CHUNK and any other type except
 * TAG_VALUE_BATCH, TAG_DEFINITION and SOURCE_STATE, whose latest state the snapshot carousel carries. A pass is cut
 * into segments; after a segment's re-sent records comes its {@link ResendMarker}: the segment's range, how many of
 * its records were re-sent, and the runs of superseded sequences, so a receiver can close a gap over live values as
 * superseded and one over history as refilled.
 *
 * <p>Window: the replicator reports every group it sent ({@link #onGroupSent}); the carousel keeps a sample of
 * those reports, at most one per 1/256 of the window, with the journal index and sequence after which the group
 * started. A pass covers from the first record sent at or after {@code now - windowNs} (to within 1/256 of the
 * window) and at most the last {@code windowRecords} sequences, to the last record sent when it starts. Records sent
 * by an earlier run of the sender are in the window only from where this run started.
 *
 * <p>Rate: each out-of-band block is charged, as k + m datagrams, to a {@link ShareBudget} at the configured share of
 * the link rate ({@link #blockDue}); its credit starts at zero whenever the carousel has nothing to send, so the
 * carousel never exceeds its share and live data goes first when both wait. A pass that takes longer than the interval
 * is followed by the next one at once, never two at a time. Reading is bounded per call ({@link #MAX_SCAN_PER_CALL}
 * records), so a window of live values only does not stall the replicator.
 *
 * <p>Not thread-safe: owned by the replicator thread. Reading and writing allocate nothing after the marker's run
 * arrays reached their size.
 */
public final class HistoryCarousel implements AutoCloseable
{
    /** Most journal records read in one call of {@link #blockDue} or one scan inside {@link #fill}. */
    public static final int MAX_SCAN_PER_CALL = 4096;
    private static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int TIMELINE_SAMPLES = 512;
    private static final int SAMPLES_PER_WINDOW = 256;

    private final HistorySource source;
    private final ShareBudget budget;
    private final long intervalNs;
    private final long windowNs;
    private final long windowRecords;
    private final int maxRunsPerMarker;
    private final byte[] stage;
    private final ResendMarker marker = new ResendMarker();
    private final long[] sampleNs = new long[TIMELINE_SAMPLES];
    private final long[] sampleIndex = new long[TIMELINE_SAMPLES];
    private final long[] sampleSequence = new long[TIMELINE_SAMPLES];

    private int samples;
    private int sampleNext;
    private long lastSampleNs;
    private long lastSentSequence = -1;

    private boolean active;
    private boolean started;
    private long nextStartNs;
    private long passId;
    private long passFrom;
    private long passTo;
    private boolean passEnding;
    private int stagedLength;
    private boolean segmentOpen;
    private long segmentFrom;
    private long segmentTo;
    private int segmentResent;
    private boolean markerPending;

    private long passesStarted;
    private long passesCompleted;
    private long recordsScanned;
    private long recordsResent;
    private long sequencesSuperseded;
    private long markersWritten;
    private long recordsTooLarge;

    /**
     * @param source             the second reader of the journal; this carousel owns and closes it.
     * @param budget             the carousel's share of the link.
     * @param intervalNs         time between pass starts, ns, at least 1.
     * @param windowNs           how far back a pass reaches in time, ns, at least 1.
     * @param windowRecords      how many sequences a pass covers at most, at least 1.
     * @param blockCapacityBytes the block payload length k * S; a marker with the most runs fits an empty block.
     */
    public HistoryCarousel(final HistorySource source, final ShareBudget budget, final long intervalNs,
        final long windowNs, final long windowRecords, final int blockCapacityBytes)
    {
        if (intervalNs < 1 || windowNs < 1 || windowRecords < 1)
        {
            throw new IllegalArgumentException("intervalNs=" + intervalNs + " windowNs=" + windowNs +
                " windowRecords=" + windowRecords + ": each must be at least 1");
        }
        final int room = blockCapacityBytes - BlockWriter.HEADER_LENGTH - RecordHeader.LENGTH - ResendMarker.RUNS_OFFSET;
        if (room < ResendMarker.RUN_LENGTH)
        {
            throw new IllegalArgumentException("a block of " + blockCapacityBytes + " bytes cannot hold a marker");
        }
        this.source = source;
        this.budget = budget;
        this.intervalNs = intervalNs;
        this.windowNs = windowNs;
        this.windowRecords = windowRecords;
        this.maxRunsPerMarker = room / ResendMarker.RUN_LENGTH;
        this.stage = new byte[source.maxRecordBytes()];
    }

    /**
     * The replicator sent a group completely.
     *
     * @param nowNs         monotonic clock, ns.
     * @param afterIndex    journal index of the last record sent before this group ({@code Long.MIN_VALUE} for
     *                      none).
     * @param afterSequence its stream sequence, -1 for none.
     * @param lastSequence  stream sequence of the group's last in-band record.
     */
    public void onGroupSent(final long nowNs, final long afterIndex, final long afterSequence, final long lastSequence)
    {
        lastSentSequence = lastSequence;
        if (samples > 0 && nowNs - lastSampleNs < windowNs / SAMPLES_PER_WINDOW)
        {
            return;
        }
        lastSampleNs = nowNs;
        sampleNs[sampleNext] = nowNs;
        sampleIndex[sampleNext] = afterIndex;
        sampleSequence[sampleNext] = afterSequence;
        sampleNext = (sampleNext + 1) % TIMELINE_SAMPLES;
        samples = Math.min(samples + 1, TIMELINE_SAMPLES);
    }

    /**
     * For the replicator at a block boundary: starts a pass when one is due, reads on, and says whether an
     * out-of-band block for the carousel should be opened now (its bytes are then charged to the share).
     *
     * @param nowNs          monotonic clock, ns.
     * @param blockWireBytes wire bytes of one block (k + m datagrams).
     * @return whether to open an out-of-band block and call {@link #fill}.
     */
    public boolean blockDue(final long nowNs, final long blockWireBytes)
    {
        if (!active && !startIfDue(nowNs))
        {
            budget.idle(nowNs);
            return false;
        }
        if (!hasOutput())
        {
            scan(MAX_SCAN_PER_CALL);
        }
        if (!hasOutput())
        {
            if (!active)
            {
                budget.idle(nowNs);
            }
            return false;
        }
        return budget.tryCharge(blockWireBytes, nowNs);
    }

    /**
     * Starts a pass if none is running, one is due, and something was sent within the window.
     *
     * @param nowNs monotonic clock, ns.
     * @return whether a pass started.
     */
    public boolean startIfDue(final long nowNs)
    {
        if (active || samples == 0 || (started && nowNs - nextStartNs < 0))
        {
            return false;
        }
        started = true;
        nextStartNs = nowNs + intervalNs;
        final long from = Math.max(0, lastSentSequence - windowRecords + 1);
        int chosen = -1;
        for (int i = 0; i < samples; i++)
        {
            final int slot = (sampleNext - samples + i + TIMELINE_SAMPLES) % TIMELINE_SAMPLES;
            if (nowNs - sampleNs[slot] > windowNs)
            {
                continue;
            }
            if (chosen < 0 || sampleSequence[slot] + 1 <= from)
            {
                chosen = slot;
            }
        }
        if (chosen < 0)
        {
            return false;
        }
        passFrom = Math.max(from, sampleSequence[chosen] + 1);
        passTo = lastSentSequence;
        if (passFrom > passTo)
        {
            return false;
        }
        source.moveAfter(sampleIndex[chosen]);
        passId++;
        passesStarted++;
        active = true;
        passEnding = false;
        segmentOpen = false;
        markerPending = false;
        stagedLength = 0;
        return true;
    }

    /** @return whether a pass is running. */
    public boolean isActive()
    {
        return active;
    }

    /**
     * Appends the pass's next re-sent records and markers to an out-of-band block until the block is full, the pass
     * ends, or {@link #MAX_SCAN_PER_CALL} records were read without finding anything to write.
     *
     * @param block an open block the caller marked out of band.
     * @return records appended.
     */
    public int fill(final BlockWriter block)
    {
        int written = 0;
        while (true)
        {
            if (stagedLength > 0)
            {
                if (block.appendEncoded(stage, 0, stagedLength))
                {
                    segmentResent++;
                    recordsResent++;
                    written++;
                    stagedLength = 0;
                }
                else if (block.recordCount() == 0)
                {
                    recordsTooLarge++;
                    stagedLength = 0;
                }
                else
                {
                    return written;
                }
            }
            if (markerPending)
            {
                if (!marker.writeTo(block, marker.toSequence()))
                {
                    return written;
                }
                markerPending = false;
                markersWritten++;
                written++;
                if (passEnding)
                {
                    active = false;
                    passesCompleted++;
                }
            }
            if (!active)
            {
                return written;
            }
            scan(MAX_SCAN_PER_CALL);
            if (!hasOutput())
            {
                return written;
            }
        }
    }

    private boolean hasOutput()
    {
        return stagedLength > 0 || markerPending;
    }

    private void scan(final int maxRecords)
    {
        int scanned = 0;
        while (active && !passEnding && !hasOutput() && scanned < maxRecords)
        {
            final int length = source.next(stage, 0);
            if (length == 0)
            {
                endPass();
                return;
            }
            scanned++;
            recordsScanned++;
            final long sequence = (long)I64.get(stage, RecordHeader.STREAM_SEQUENCE_OFFSET);
            if (sequence < passFrom)
            {
                continue;
            }
            if (sequence > passTo)
            {
                endPass();
                return;
            }
            if (!segmentOpen)
            {
                segmentOpen = true;
                segmentFrom = sequence;
                segmentResent = 0;
                marker.clearRuns();
            }
            segmentTo = sequence;
            final int typeId = (stage[RecordHeader.TYPE_OFFSET] & 0xFF) |
                ((stage[RecordHeader.TYPE_OFFSET + 1] & 0xFF) << Byte.SIZE);
            if (isSuperseded(typeId))
            {
                sequencesSuperseded++;
                final int last = marker.runCount() - 1;
                if (last >= 0 && marker.runFirst(last) + marker.runLength(last) == sequence &&
                    marker.runLength(last) < Integer.MAX_VALUE)
                {
                    marker.growLastRun();
                }
                else
                {
                    marker.addRun(sequence, 1);
                    if (marker.runCount() == maxRunsPerMarker)
                    {
                        closeSegment();
                    }
                }
            }
            else
            {
                stagedLength = length;
            }
        }
    }

    private void endPass()
    {
        passEnding = true;
        if (segmentOpen)
        {
            closeSegment();
        }
        else
        {
            active = false;
            passesCompleted++;
        }
    }

    private void closeSegment()
    {
        segmentOpen = false;
        markerPending = true;
        marker.passId(passId).range(segmentFrom, segmentTo).resentCount(segmentResent);
    }

    /**
     * @return whether a record of this type is superseded by the snapshot carousel (its latest state is in every
     *     snapshot), so a pass names its sequence instead of re-sending it.
     */
    static boolean isSuperseded(final int typeId)
    {
        return typeId == RecordType.TAG_VALUE_BATCH.id() || typeId == RecordType.TAG_DEFINITION.id() ||
            typeId == RecordType.SOURCE_STATE.id();
    }

    /** Closes the journal reader; on the owning thread. */
    @Override
    public void close()
    {
        source.close();
    }

    /** @return the id of the running or last pass; 0 before the first. */
    public long passId()
    {
        return passId;
    }

    /** @return passes started. */
    public long passesStarted()
    {
        return passesStarted;
    }

    /** @return passes whose last marker was written (or that found nothing in their range). */
    public long passesCompleted()
    {
        return passesCompleted;
    }

    /** @return journal records read by passes, those before a pass's range included. */
    public long recordsScanned()
    {
        return recordsScanned;
    }

    /** @return records re-sent. */
    public long recordsResent()
    {
        return recordsResent;
    }

    /** @return sequences named as superseded in markers. */
    public long sequencesSuperseded()
    {
        return sequencesSuperseded;
    }

    /** @return RESEND_MARKER records written. */
    public long markersWritten()
    {
        return markersWritten;
    }

    /** @return records that do not fit an empty block, not re-sent (never expected: the journal bounds records). */
    public long recordsTooLarge()
    {
        return recordsTooLarge;
    }

    /** @return wire bytes charged to the carousel's share. */
    public long chargedBytes()
    {
        return budget.chargedBytes();
    }
}
