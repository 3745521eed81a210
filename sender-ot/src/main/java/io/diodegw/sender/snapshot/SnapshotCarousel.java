package io.diodegw.sender.snapshot;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import io.diodegw.wire.record.BlockWriter;
import io.diodegw.wire.record.RecordHeader;
import io.diodegw.wire.record.SnapshotBegin;
import io.diodegw.wire.record.SnapshotEnd;
import io.diodegw.wire.record.TagValue;
import io.diodegw.wire.record.TagValueBatchWriter;

/**
 * The snapshot carousel: every {@code periodNs} it freezes the {@link TagStateTable} at a consistent cut C (the
 * stream sequence of the last in-band record sent) and writes the state as of C into the out-of-band blocks the
 * replicator gives it, spread over as many blocks as the replicator's bandwidth share allows. Records of one snapshot,
 * all with record-header stream sequence C, in this order: SNAPSHOT_BEGIN (snapshot id, C, tag count N, time), the
 * TAG_DEFINITION of every tag known at C (byte for byte as sent in band, sequence rewritten to C), the SOURCE_STATE of
 * every source, SNAPSHOT_PART batches (snapshot id, part index from 0) holding the value of each of the N tags once,
 * in the order tags were first seen, and SNAPSHOT_END (snapshot id, part count, values written).
 *
 * <p>Scheduling: snapshot ids increase from 1 per carousel (one carousel per sender epoch). A snapshot starts at the
 * first {@link #startIfDue} after the first in-band record was applied, then {@code periodNs} after the previous
 * start; one that is still being written when the next is due is finished first and the next starts at once, so two
 * are never interleaved.
 *
 * <p>A value too large for a SNAPSHOT_PART in an empty block (its prefix is 12 bytes longer than a live batch's, so a
 * value within 12 bytes of the block capacity can fit in band only) is skipped and counted by
 * {@link #valuesTooLarge()}; SNAPSHOT_END then carries the number of values actually written.
 *
 * <p>Not thread-safe: owned by the replicator thread. Writing numeric values allocates nothing.
 */
public final class SnapshotCarousel
{
    private static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final int SKIPPED = 0;
    private static final int FULL = -1;

    private enum Phase
    {
        IDLE, BEGIN, DEFINITIONS, SOURCES, PARTS, END
    }

    private final TagStateTable table;
    private final long periodNs;
    private final SnapshotBegin begin = new SnapshotBegin();
    private final SnapshotEnd end = new SnapshotEnd();
    private final TagValueBatchWriter parts = new TagValueBatchWriter();

    private Phase phase = Phase.IDLE;
    private boolean started;
    private long nextStartNs;
    private long snapshotId;
    private long cut = -1;
    private int tagCount;
    private long timeTicks;
    private int cursor;
    private int partIndex;
    private int valuesWritten;

    private long snapshotsStarted;
    private long snapshotsCompleted;
    private long valuesTooLarge;
    private long recordsTooLarge;

    /**
     * @param table    the state the replicator keeps of what it sent; read when writing, frozen and released here.
     * @param periodNs time between snapshot starts, ns, at least 1.
     */
    public SnapshotCarousel(final TagStateTable table, final long periodNs)
    {
        if (periodNs < 1)
        {
            throw new IllegalArgumentException("periodNs=" + periodNs + " must be at least 1");
        }
        this.table = table;
        this.periodNs = periodNs;
    }

    /**
     * Starts a snapshot if none is being written, one is due and an in-band record was sent.
     *
     * @param nowNs     monotonic clock, ns.
     * @param timeTicks wall clock for SNAPSHOT_BEGIN, 100-ns ticks since 1601-01-01 UTC.
     * @return whether a snapshot started.
     */
    public boolean startIfDue(final long nowNs, final long timeTicks)
    {
        if (phase != Phase.IDLE || table.lastAppliedSequence() < 0 || (started && nowNs - nextStartNs < 0))
        {
            return false;
        }
        started = true;
        nextStartNs = nowNs + periodNs;
        snapshotId++;
        tagCount = table.freeze(snapshotId);
        cut = table.frozenSequence();
        this.timeTicks = timeTicks;
        cursor = 0;
        partIndex = 0;
        valuesWritten = 0;
        phase = Phase.BEGIN;
        snapshotsStarted++;
        return true;
    }

    /** @return whether a snapshot is being written (it has records left for {@link #fill}). */
    public boolean isActive()
    {
        return phase != Phase.IDLE;
    }

    /**
     * Appends the snapshot's next records to an out-of-band block until the block is full or the snapshot is
     * complete (after SNAPSHOT_END the table is released and the carousel is idle).
     *
     * @param block an open block the caller marked out of band; records go after what it holds.
     * @return records appended.
     */
    public int fill(final BlockWriter block)
    {
        int written = 0;
        boolean partOpen = false;
        while (true)
        {
            switch (phase)
            {
                case IDLE:
                    return written;
                case BEGIN:
                    begin.snapshotId(snapshotId).cutStreamSequence(cut).tagCount(tagCount).timeTicks(timeTicks);
                    if (!begin.writeTo(block, cut))
                    {
                        return written;
                    }
                    written++;
                    phase = Phase.DEFINITIONS;
                    break;
                case DEFINITIONS:
                    if (cursor == table.frozenSlotCount())
                    {
                        cursor = 0;
                        phase = Phase.SOURCES;
                    }
                    else if (table.frozenDefinitionRecord(cursor) == null)
                    {
                        cursor++;
                    }
                    else
                    {
                        final int result = appendRecord(block, table.frozenDefinitionRecord(cursor));
                        if (result == FULL)
                        {
                            return written;
                        }
                        written += result;
                        cursor++;
                    }
                    break;
                case SOURCES:
                    if (cursor == table.frozenSourceCount())
                    {
                        cursor = 0;
                        phase = Phase.PARTS;
                    }
                    else
                    {
                        final int result = appendRecord(block, table.frozenSourceRecord(cursor));
                        if (result == FULL)
                        {
                            return written;
                        }
                        written += result;
                        cursor++;
                    }
                    break;
                case PARTS:
                    if (cursor == table.frozenSlotCount())
                    {
                        if (partOpen && parts.count() > 0)
                        {
                            partIndex++;
                        }
                        partOpen = false;
                        phase = Phase.END;
                        break;
                    }
                    final TagValue value = table.frozenValue(cursor);
                    if (value == null)
                    {
                        cursor++;
                        break;
                    }
                    if (!partOpen)
                    {
                        if (!parts.beginSnapshotPart(block, cut, snapshotId, partIndex))
                        {
                            return written;
                        }
                        partOpen = true;
                    }
                    if (parts.append(value))
                    {
                        if (parts.count() == 1)
                        {
                            written++;
                        }
                        valuesWritten++;
                        cursor++;
                    }
                    else if (parts.count() == TagValueBatchWriter.MAX_VALUE_COUNT)
                    {
                        partIndex++;
                        partOpen = false;
                    }
                    else if (parts.count() > 0)
                    {
                        partIndex++;
                        return written;
                    }
                    else if (block.recordCount() == 0)
                    {
                        valuesTooLarge++;
                        cursor++;
                        partOpen = false;
                    }
                    else
                    {
                        return written;
                    }
                    break;
                case END:
                    end.snapshotId(snapshotId).partCount(partIndex).tagCount(valuesWritten);
                    if (!end.writeTo(block, cut))
                    {
                        return written;
                    }
                    written++;
                    phase = Phase.IDLE;
                    table.release();
                    snapshotsCompleted++;
                    return written;
                default:
                    throw new IllegalStateException("phase " + phase);
            }
        }
    }

    /** @return 1 if appended, {@link #SKIPPED} if it fits no block (counted), {@link #FULL} if the block is full. */
    private int appendRecord(final BlockWriter block, final byte[] record)
    {
        I64.set(record, RecordHeader.STREAM_SEQUENCE_OFFSET, cut);
        if (block.appendEncoded(record, 0, record.length))
        {
            return 1;
        }
        if (block.recordCount() == 0)
        {
            recordsTooLarge++;
            return SKIPPED;
        }
        return FULL;
    }

    /** @return the id of the snapshot being written, or of the last one; 0 before the first. */
    public long snapshotId()
    {
        return snapshotId;
    }

    /** @return the cut of the snapshot being written, or of the last one; -1 before the first. */
    public long cut()
    {
        return cut;
    }

    /** @return snapshots started. */
    public long snapshotsStarted()
    {
        return snapshotsStarted;
    }

    /** @return snapshots whose SNAPSHOT_END was written. */
    public long snapshotsCompleted()
    {
        return snapshotsCompleted;
    }

    /** @return values skipped because they do not fit in a SNAPSHOT_PART of an empty block. */
    public long valuesTooLarge()
    {
        return valuesTooLarge;
    }

    /** @return definitions or source states skipped because they do not fit in an empty block (never expected). */
    public long recordsTooLarge()
    {
        return recordsTooLarge;
    }
}
