package io.diodegw.receiver.table;

import java.util.function.LongSupplier;

import io.diodegw.receiver.journal.AppliedRecords;
import io.diodegw.receiver.journal.GapReport;
import io.diodegw.receiver.link.OutOfBandRecords;
import io.diodegw.wire.record.RecordType;
import io.diodegw.wire.record.SourceState;
import io.diodegw.wire.record.TagDefinition;
import io.diodegw.wire.record.TagValue;
import io.diodegw.wire.record.TagValueBatchReader;

/**
 * The receive agent's fan-out: applies every in-band record to the {@link TagTable} (tag definitions, live, snapshot
 * and history values, source states, sender status) by the table's value rules, then hands the same record to the
 * next {@link AppliedRecords} (the IT journal), and the same for gaps; a live value older than the table's is still
 * handed on (it is a real update of the history). Other record types only pass through. Out-of-band records and
 * "sender heard" go to its {@link OutOfBandFeed} ({@link OutOfBandRecords}), never to the journal.
 *
 * <p>Called by the receive agent's thread only (it is the table's single writer). Reads the wall clock once per
 * record for the apply time. A record that does not decode (the link already checked it, so this means a defect) is
 * counted in {@link #undecodable()} and still handed on.
 */
public final class TagTableFeed implements AppliedRecords, OutOfBandRecords
{
    private final TagTable table;
    private final AppliedRecords next;
    private final LongSupplier clockMs;
    private final TagDefinition definition = new TagDefinition();
    private final SourceState sourceState = new SourceState();
    private final TagValueBatchReader batch = new TagValueBatchReader();
    private final TagValue value = new TagValue();
    private final OutOfBandFeed outOfBand;
    private long undecodable;

    /**
     * @param table   the table to apply to.
     * @param next    the next consumer (the IT journal), or null to feed the table only.
     * @param clockMs the wall clock, ms since 1970-01-01T00:00Z.
     */
    public TagTableFeed(final TagTable table, final AppliedRecords next, final LongSupplier clockMs)
    {
        this.table = table;
        this.next = next;
        this.clockMs = clockMs;
        this.outOfBand = new OutOfBandFeed(table);
    }

    @Override
    public void senderHeard(final long senderEpoch, final long nowMs)
    {
        outOfBand.senderHeard(senderEpoch, nowMs);
    }

    @Override
    public void outOfBand(
        final RecordType type,
        final long streamSequence,
        final long senderEpoch,
        final byte[] buffer,
        final int bodyOffset,
        final int bodyLength,
        final long nowMs)
    {
        outOfBand.outOfBand(type, streamSequence, senderEpoch, buffer, bodyOffset, bodyLength, nowMs);
    }

    @Override
    public void record(
        final RecordType type,
        final long streamSequence,
        final long senderEpoch,
        final byte[] buffer,
        final int bodyOffset,
        final int bodyLength)
    {
        table.onStreamRecord(streamSequence);
        switch (type)
        {
            case TAG_DEFINITION:
                if (definition.readFrom(buffer, bodyOffset, bodyLength))
                {
                    table.applyDefinition(definition);
                }
                else
                {
                    undecodable++;
                }
                break;
            case TAG_VALUE_BATCH:
            case SNAPSHOT_PART:
            case HISTORY_BATCH:
                applyBatch(type, streamSequence, buffer, bodyOffset, bodyLength);
                break;
            case SOURCE_STATE:
                if (sourceState.readFrom(buffer, bodyOffset, bodyLength))
                {
                    table.applySourceState(sourceState, streamSequence, clockMs.getAsLong());
                }
                else
                {
                    undecodable++;
                }
                break;
            case SENDER_STATUS:
                if (!outOfBand.applySenderStatus(senderEpoch, buffer, bodyOffset, bodyLength, clockMs.getAsLong()))
                {
                    undecodable++;
                }
                break;
            default:
                break;
        }
        if (next != null)
        {
            next.record(type, streamSequence, senderEpoch, buffer, bodyOffset, bodyLength);
        }
    }

    @Override
    public void gap(final long senderEpoch, final long fromSequence, final long toSequence)
    {
        table.onGap(toSequence);
        if (next != null)
        {
            next.gap(senderEpoch, fromSequence, toSequence);
        }
    }

    /** Counts an open gap in the table and hands every report on with its details. */
    @Override
    public void gap(final GapReport report)
    {
        if (report.state() == GapReport.State.OPEN)
        {
            table.onGap(report.toSequence());
        }
        if (next != null)
        {
            next.gap(report);
        }
    }

    /** @return records that did not decode; receive agent's thread. */
    public long undecodable()
    {
        return undecodable;
    }

    private void applyBatch(
        final RecordType type, final long streamSequence, final byte[] buffer, final int offset, final int length)
    {
        if (!batch.wrap(type, buffer, offset, length))
        {
            undecodable++;
            return;
        }
        final long nowMs = clockMs.getAsLong();
        while (batch.next(value))
        {
            table.applyValue(type, value, streamSequence, nowMs);
        }
        if (batch.isMalformed())
        {
            undecodable++;
        }
    }
}
