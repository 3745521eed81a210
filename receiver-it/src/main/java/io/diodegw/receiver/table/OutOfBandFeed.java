package io.diodegw.receiver.table;

import io.diodegw.receiver.link.OutOfBandRecords;
import io.diodegw.wire.record.RecordType;
import io.diodegw.wire.record.SenderStatus;
import io.diodegw.wire.record.SnapshotBegin;
import io.diodegw.wire.record.SnapshotEnd;
import io.diodegw.wire.record.SourceState;
import io.diodegw.wire.record.TagDefinition;
import io.diodegw.wire.record.TagValue;
import io.diodegw.wire.record.TagValueBatchReader;
import io.diodegw.wire.record.TagValueBatchWriter;

/**
 * The out-of-band path into the {@link TagTable}: applies the snapshot carousel by the contract of the receiver side
 * and tracks snapshots; keeps the latest sender status. Out-of-band records never reach the IT journal.
 *
 * <ul>
 *   <li>Only records of the current sender epoch (the epoch of the last {@link #senderHeard}) are applied; others
 *   are counted ({@link SnapshotStatus#recordsOtherEpoch()}) and dropped. A new epoch abandons the snapshot in
 *   progress.</li>
 *   <li>TAG_DEFINITION: applied when the tag is unknown or its definition differs
 *   ({@link TagTable#applyDefinitionIfChanged}).</li>
 *   <li>SOURCE_STATE: applied when the source has no state or its state came from a sequence below the cut C (the
 *   record's stream sequence) ({@link TagTable#applySnapshotSourceState}).</li>
 *   <li>SNAPSHOT_PART: each value is applied only when the tag's sequence is below C, and the tag's sequence then
 *   becomes C ({@link TagTable#applyValue}). Values of a snapshot whose BEGIN was lost are applied all the same:
 *   each is the state as of C on its own.</li>
 *   <li>SNAPSHOT_PART with snapshot id 0 ({@link TagValueBatchWriter#CONFLATED_PASS_SNAPSHOT_ID}): a conflated
 *   live pass of an overloaded sender, the values as of the cut C (the record's stream sequence) of the tags that
 *   changed. Applied by the same cut rule as snapshot values, kept out of snapshot tracking and counted separately
 *   ({@link TagTable#conflatedLive()}).</li>
 *   <li>SENDER_STATUS: kept as the latest of its epoch ({@link TagTable#senderReport()}).</li>
 *   <li>Any other type is counted as ignored.</li>
 * </ul>
 *
 * <p>Snapshot tracking: a snapshot starts with its first record (normally SNAPSHOT_BEGIN) and ends at its
 * SNAPSHOT_END, at the first record of another snapshot (another id, or another cut) or at a new epoch. It is
 * complete when BEGIN, END and as many values and parts as they announce arrived; otherwise it is abandoned (its
 * values stay applied). The last complete snapshot and the one in progress are published to the table
 * ({@link TagTable#snapshots()}) after every record.
 *
 * <p>Not thread-safe: the receive agent's thread only (it is the table's single writer). Allocates the published
 * status objects and decoded strings per record; out-of-band traffic is a bounded share of the link.
 */
public final class OutOfBandFeed implements OutOfBandRecords
{
    private static final long UNKNOWN = -1;

    private final TagTable table;
    private final TagDefinition definition = new TagDefinition();
    private final SourceState sourceState = new SourceState();
    private final SnapshotBegin begin = new SnapshotBegin();
    private final SnapshotEnd end = new SnapshotEnd();
    private final SenderStatus senderStatus = new SenderStatus();
    private final TagValueBatchReader batch = new TagValueBatchReader();
    private final TagValue value = new TagValue();

    private boolean epochKnown;
    private long epoch;

    private boolean tracking;
    private long snapshotId;
    private long cut;
    private long timeTicks;
    private long tagCount;
    private long valuesReceived;
    private long valuesApplied;
    private long partsReceived;
    private long definitions;
    private long sourceStates;
    private boolean beginSeen;
    private boolean endSeen;
    private long startedMs;

    private SnapshotProgress lastComplete;
    private long begun;
    private long completed;
    private long abandoned;
    private long otherEpoch;
    private long ignored;
    private long undecodable;

    private long conflatedPasses;
    private long conflatedParts;
    private long conflatedValues;
    private long conflatedApplied;
    private long conflatedCut = UNKNOWN;
    private long conflatedReceivedMs = UNKNOWN;

    /** @param table the table to apply to; this feed publishes its snapshot and sender status there. */
    public OutOfBandFeed(final TagTable table)
    {
        this.table = table;
    }

    @Override
    public void senderHeard(final long senderEpoch, final long nowMs)
    {
        if (!epochKnown || senderEpoch != epoch)
        {
            if (tracking)
            {
                abandon();
            }
            epochKnown = true;
            epoch = senderEpoch;
            publish();
        }
        table.onSenderHeard(senderEpoch, nowMs);
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
        if (!epochKnown || senderEpoch != epoch)
        {
            otherEpoch++;
            publish();
            return;
        }
        switch (type)
        {
            case SNAPSHOT_BEGIN:
                onBegin(streamSequence, buffer, bodyOffset, bodyLength, nowMs);
                break;
            case TAG_DEFINITION:
                onDefinition(streamSequence, buffer, bodyOffset, bodyLength, nowMs);
                break;
            case SOURCE_STATE:
                onSourceState(streamSequence, buffer, bodyOffset, bodyLength, nowMs);
                break;
            case SNAPSHOT_PART:
                onPart(streamSequence, buffer, bodyOffset, bodyLength, nowMs);
                break;
            case SNAPSHOT_END:
                onEnd(streamSequence, buffer, bodyOffset, bodyLength, nowMs);
                break;
            case SENDER_STATUS:
                applySenderStatus(senderEpoch, buffer, bodyOffset, bodyLength, nowMs);
                break;
            default:
                ignored++;
                break;
        }
        publish();
    }

    /**
     * Keeps a SENDER_STATUS as the latest of its epoch; used for out-of-band ones and by {@link TagTableFeed} for one
     * that arrives in band. Receive agent's thread only.
     *
     * @return false if the body does not decode (counted).
     */
    boolean applySenderStatus(final long senderEpoch, final byte[] buffer, final int bodyOffset,
        final int bodyLength, final long nowMs)
    {
        if (!senderStatus.readFrom(buffer, bodyOffset, bodyLength))
        {
            undecodable++;
            return false;
        }
        table.publishSenderReport(new SenderReport(senderEpoch, senderStatus.journalHeadSequence(),
            senderStatus.backlogRecords(), senderStatus.backlogBytes(), senderStatus.oldestUnsentAgeMs(),
            senderStatus.inputRecordsPerSec(), senderStatus.outputRecordsPerSec(), senderStatus.outputBytesPerSec(),
            senderStatus.timeTicks(), nowMs));
        return true;
    }

    private void onBegin(final long sequence, final byte[] buffer, final int offset, final int length, final long nowMs)
    {
        if (!begin.readFrom(buffer, offset, length))
        {
            undecodable++;
            return;
        }
        if (tracking && beginSeen && snapshotId == begin.snapshotId() && cut == sequence)
        {
            return;
        }
        if (tracking)
        {
            abandon();
        }
        start(begin.snapshotId(), sequence, nowMs);
        beginSeen = true;
        timeTicks = begin.timeTicks();
        tagCount = Integer.toUnsignedLong(begin.tagCount());
    }

    private void onDefinition(final long sequence, final byte[] buffer, final int offset, final int length,
        final long nowMs)
    {
        if (!definition.readFrom(buffer, offset, length))
        {
            undecodable++;
            return;
        }
        track(UNKNOWN, sequence, nowMs);
        definitions++;
        table.applyDefinitionIfChanged(definition);
    }

    private void onSourceState(final long sequence, final byte[] buffer, final int offset, final int length,
        final long nowMs)
    {
        if (!sourceState.readFrom(buffer, offset, length))
        {
            undecodable++;
            return;
        }
        track(UNKNOWN, sequence, nowMs);
        sourceStates++;
        table.applySnapshotSourceState(sourceState, sequence, nowMs);
    }

    private void onPart(final long sequence, final byte[] buffer, final int offset, final int length, final long nowMs)
    {
        if (!batch.wrap(RecordType.SNAPSHOT_PART, buffer, offset, length))
        {
            undecodable++;
            return;
        }
        if (batch.snapshotId() == TagValueBatchWriter.CONFLATED_PASS_SNAPSHOT_ID)
        {
            onConflatedPart(sequence, nowMs);
            return;
        }
        track(batch.snapshotId(), sequence, nowMs);
        partsReceived++;
        while (batch.next(value))
        {
            valuesReceived++;
            if (table.applyValue(RecordType.SNAPSHOT_PART, value, sequence, nowMs))
            {
                valuesApplied++;
            }
        }
        if (batch.isMalformed())
        {
            undecodable++;
        }
    }

    /** A part of a conflated live pass, wrapped in {@link #batch}: the cut rule, no snapshot tracking. */
    private void onConflatedPart(final long sequence, final long nowMs)
    {
        if (sequence != conflatedCut)
        {
            conflatedPasses++;
            conflatedCut = sequence;
        }
        conflatedParts++;
        conflatedReceivedMs = nowMs;
        while (batch.next(value))
        {
            conflatedValues++;
            if (table.applyValue(RecordType.SNAPSHOT_PART, value, sequence, nowMs))
            {
                conflatedApplied++;
            }
        }
        if (batch.isMalformed())
        {
            undecodable++;
        }
        table.publishConflatedLive(new ConflatedLiveStatus(conflatedPasses, conflatedParts, conflatedValues,
            conflatedApplied, conflatedValues - conflatedApplied, conflatedCut, conflatedReceivedMs));
    }

    private void onEnd(final long sequence, final byte[] buffer, final int offset, final int length, final long nowMs)
    {
        if (!end.readFrom(buffer, offset, length))
        {
            undecodable++;
            return;
        }
        track(end.snapshotId(), sequence, nowMs);
        endSeen = true;
        final boolean complete = beginSeen && Integer.toUnsignedLong(end.tagCount()) == tagCount &&
            valuesReceived == tagCount && Integer.toUnsignedLong(end.partCount()) == partsReceived;
        if (complete)
        {
            lastComplete = progress(nowMs);
            completed++;
            tracking = false;
        }
        else
        {
            abandon();
        }
    }

    /** Makes the record of this snapshot id (or {@link #UNKNOWN}) and cut part of the tracked snapshot. */
    private void track(final long id, final long sequence, final long nowMs)
    {
        if (tracking && cut == sequence && (id == UNKNOWN || snapshotId == UNKNOWN || snapshotId == id))
        {
            if (snapshotId == UNKNOWN)
            {
                snapshotId = id;
            }
            return;
        }
        if (tracking)
        {
            abandon();
        }
        start(id, sequence, nowMs);
    }

    private void start(final long id, final long sequence, final long nowMs)
    {
        tracking = true;
        snapshotId = id;
        cut = sequence;
        timeTicks = 0;
        tagCount = UNKNOWN;
        valuesReceived = 0;
        valuesApplied = 0;
        partsReceived = 0;
        definitions = 0;
        sourceStates = 0;
        beginSeen = false;
        endSeen = false;
        startedMs = nowMs;
        begun++;
    }

    private void abandon()
    {
        tracking = false;
        abandoned++;
    }

    private SnapshotProgress progress(final long completedMs)
    {
        return new SnapshotProgress(epoch, snapshotId, cut, timeTicks, tagCount, valuesReceived, valuesApplied,
            partsReceived, definitions, sourceStates, beginSeen, endSeen, startedMs, completedMs);
    }

    private void publish()
    {
        table.publishSnapshots(new SnapshotStatus(lastComplete, tracking ? progress(UNKNOWN) : null, begun, completed,
            abandoned, otherEpoch, ignored, undecodable));
    }
}
