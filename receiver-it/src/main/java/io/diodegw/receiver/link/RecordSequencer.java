package io.diodegw.receiver.link;

import java.lang.System.Logger.Level;

import io.diodegw.receiver.gap.RecordFacts;
import io.diodegw.receiver.journal.AppliedRecords;
import io.diodegw.receiver.journal.GapReport;
import io.diodegw.wire.record.BlockReader;

/**
 * Turns the blocks of the sender's epochs, resolved in block order (each either delivered or given up), into the
 * ordered record stream: every record handed to {@link AppliedRecords} once, in strictly increasing stream
 * sequence, and every range of stream sequences that went missing as exactly one gap.
 *
 * <p>Stream sequences belong to the OT journal: they continue across sender restarts, so the expected sequence is
 * carried from one epoch to the next.
 * <ul>
 *   <li>A block given up ({@link #onBlockLost()}), a block whose payload is malformed, or a block that breaks off at a
 *   malformed record leaves a loss pending; the next record that arrives then closes it with a gap from the
 *   expected sequence to the record's sequence minus one. A sender restart leaves a loss pending too: the new epoch
 *   starts where the sender's saved position was, so what the receiver missed at the end of the old epoch, or at the
 *   start of the new one, becomes a gap when the first record of the new epoch arrives.</li>
 *   <li>A record beyond the expected sequence without such a loss is a gap too (the sender skipped sequences),
 *   counted separately as unexplained; nothing is ever lost silently.</li>
 *   <li>A record below the sequence carried into an epoch is one the restarted sender sent again (its saved position
 *   lags what it had sent): dropped and counted as {@link LinkCounter#RECORDS_REPEATED}. Any other record at or
 *   below the last sequence handed on, or outside {@code 0 .. 2^63 - 2} (sequences are u64 on the wire; this
 *   receiver orders them as signed 64-bit numbers and never lets the expected sequence wrap), is dropped and counted
 *   as {@link LinkCounter#RECORDS_OUT_OF_ORDER}.</li>
 *   <li>A heartbeat ({@link #onHeartbeat}) whose stream head is below the sequence carried into its epoch shows a new
 *   OT journal (sequences started again): counted as {@link LinkCounter#STREAM_RESTARTS}, logged, and the sequencer
 *   follows the new stream; records of it already dropped as repeats become a gap. A heartbeat of the old journal
 *   can never show this: every record the receiver holds was journaled before the new epoch began.</li>
 *   <li>Records of unknown type are skipped by the block reader; they are assumed to take the sequences between
 *   their neighbours (the sender numbers the records of a block consecutively), so they never look like gaps.</li>
 *   <li>Where the stream starts: a receiver that holds nothing yet (no IT journal to {@link #resumeAt}) takes the
 *   first record's sequence, because what was sent before it joined is not a gap it can name. If it heard the epoch
 *   from its first block ({@link #onBlocksStart} at block 0), the epoch's first sequence from the heartbeats
 *   ({@link HeartbeatFacts}) marks the start instead, so losing the first blocks of an epoch is a gap; when that
 *   heartbeat comes only after the first record, the gap is handed on then.</li>
 *   <li>Each gap goes out as a {@link GapReport} with the time span of its neighbours ({@link RecordFacts#timeTicks}):
 *   from the last record handed on that had a time, to the record that ended the gap (0 when it has none, and for a
 *   gap named from a heartbeat).</li>
 * </ul>
 *
 * <p>Not thread-safe; owned by the receive agent's thread. Allocation-free except what the block reader allocates
 * for strings and arrays of decoded records.
 */
public final class RecordSequencer
{
    private static final System.Logger LOG = System.getLogger(RecordSequencer.class.getName());

    private final AppliedRecords downstream;
    private final LinkCounters counters;
    private final BlockReader reader = new BlockReader();

    private long epoch;
    private boolean started;
    private long expected;
    private boolean lossPending;
    private long lastTimeTicks;

    private long carriedExpected = -1;
    private boolean fromEpochStart;
    private boolean epochRecordSeen;
    private boolean lostBeforeStart;
    private long epochFirst = -1;
    private long unnamedBefore = -1;
    private long repeatLow = -1;
    private long repeatHigh = -1;
    private boolean streamRestarted;

    /**
     * @param downstream receives the ordered records and the gaps.
     * @param counters   where records, gaps and malformed blocks are counted.
     */
    public RecordSequencer(final AppliedRecords downstream, final LinkCounters counters)
    {
        this.downstream = downstream;
        this.counters = counters;
    }

    /**
     * Where the IT journal left off; call before the first {@link #startEpoch}. The stream continues there whatever
     * the sender's epoch: what was sent while the receiver was down becomes a gap, and records the journal already
     * holds are dropped as repeats.
     *
     * @param nextStreamSequence one past the highest in-band stream sequence the journal holds.
     */
    public void resumeAt(final long nextStreamSequence)
    {
        if (nextStreamSequence > 0 && nextStreamSequence < Long.MAX_VALUE)
        {
            started = true;
            lossPending = true;
            expected = nextStreamSequence;
        }
    }

    /** Starts the stream of a new sender epoch; the expected sequence carries on from the last one. */
    public void startEpoch(final long senderEpoch)
    {
        epoch = senderEpoch;
        carriedExpected = started ? expected : -1;
        if (started)
        {
            lossPending = true;
        }
        fromEpochStart = false;
        epochRecordSeen = false;
        lostBeforeStart = false;
        epochFirst = -1;
        unnamedBefore = -1;
        repeatLow = -1;
        repeatHigh = -1;
        streamRestarted = false;
    }

    /**
     * The receive agent starts following this epoch's blocks at {@code firstBlock}; block 0 means it hears the epoch
     * from its start, so a loss before the first record can be named once the epoch's first sequence is known.
     */
    public void onBlocksStart(final long firstBlock)
    {
        fromEpochStart = firstBlock == 0;
    }

    /**
     * A heartbeat of the current epoch that matched this receiver's link settings.
     *
     * @param streamHead         the newest stream sequence in the OT journal (-1 when empty).
     * @param epochFirstSequence the first stream sequence the epoch read from its journal, or -1.
     */
    public void onHeartbeat(final long streamHead, final long epochFirstSequence)
    {
        if (epochFirst < 0 && epochFirstSequence >= 0 && epochFirstSequence < Long.MAX_VALUE)
        {
            epochFirst = epochFirstSequence;
            if (unnamedBefore >= 0 && epochFirst < unnamedBefore)
            {
                gap(epochFirst, unnamedBefore - 1, true, 0, 0);
            }
            unnamedBefore = -1;
        }
        if (!streamRestarted && carriedExpected > 0 && streamHead < carriedExpected - 1)
        {
            onStreamRestarted(streamHead);
        }
    }

    /**
     * The sender reports (in a SENDER_STATUS record, out of band, resolved in block order like every block) that it
     * has sent every in-band record up to {@code lastSentSequence}, all of them in blocks before this one. Whatever of
     * that range has not arrived is lost: a gap now, rather than when the next record comes (which, after the last
     * records before a pause, may take arbitrarily long).
     *
     * @param lastSentSequence the last in-band stream sequence the sender had sent, or -1 (all bits set) for none.
     */
    public void onSentUpTo(final long lastSentSequence)
    {
        if (started && lastSentSequence >= expected && lastSentSequence < Long.MAX_VALUE)
        {
            gap(expected, lastSentSequence, lossPending, lastTimeTicks, 0);
            expected = lastSentSequence + 1;
            lossPending = false;
        }
    }

    /**
     * Ends the current epoch. Nothing is concluded yet: a loss still pending is named by the next record, whose
     * epoch resumes the journal where the sender last saved its position.
     */
    public void endEpoch()
    {
        unnamedBefore = -1;
    }

    /** The next block in block order was given up: the records it held become part of a gap. */
    public void onBlockLost()
    {
        lossPending = true;
        if (!epochRecordSeen)
        {
            lostBeforeStart = true;
        }
    }

    /**
     * Hands on the records of the next block in block order.
     *
     * @param buffer holds the block payload.
     * @param offset its first byte.
     * @param length k x symbol bytes.
     */
    public void onBlock(final byte[] buffer, final int offset, final int length)
    {
        if (!reader.wrap(buffer, offset, length))
        {
            counters.increment(LinkCounter.BLOCKS_MALFORMED);
            onBlockLost();
            return;
        }
        final long unknownAtStart = reader.unknownSkipped();
        long unknownBefore = unknownAtStart;
        while (reader.next())
        {
            final long sequence = reader.streamSequence();
            final long unknown = reader.unknownSkipped() - unknownBefore;
            unknownBefore = reader.unknownSkipped();
            epochRecordSeen = true;
            if (sequence < 0 || sequence == Long.MAX_VALUE)
            {
                counters.increment(LinkCounter.RECORDS_OUT_OF_ORDER);
                continue;
            }
            if (!started)
            {
                start(sequence);
            }
            if (sequence < expected)
            {
                onBelowExpected(sequence);
                continue;
            }
            final long timeTicks = RecordFacts.timeTicks(reader.type(), reader.buffer(), reader.bodyOffset(),
                reader.bodyLength());
            if (sequence - expected > unknown)
            {
                gap(expected, sequence - 1, lossPending, lastTimeTicks, timeTicks);
            }
            lossPending = false;
            downstream.record(reader.type(), sequence, epoch, reader.buffer(), reader.bodyOffset(), reader.bodyLength());
            if (timeTicks != 0)
            {
                lastTimeTicks = timeTicks;
            }
            counters.increment(LinkCounter.RECORDS_APPLIED);
            expected = sequence + 1;
        }
        final long trailingUnknown = Math.max(0, reader.unknownSkipped() - unknownBefore);
        counters.add(LinkCounter.RECORDS_UNKNOWN_SKIPPED, reader.unknownSkipped() - unknownAtStart);
        if (started)
        {
            expected = Math.min(expected + trailingUnknown, Long.MAX_VALUE);
        }
        if (reader.isBlockMalformed())
        {
            counters.increment(LinkCounter.BLOCKS_MALFORMED);
            onBlockLost();
        }
    }

    /** @return the next stream sequence expected; every lower one was handed on or is in a gap. */
    public long expectedSequence()
    {
        return expected;
    }

    /** @return whether the stream's position is known (a record was handed on, or the IT journal resumed). */
    public boolean isStarted()
    {
        return started;
    }

    private void start(final long sequence)
    {
        started = true;
        expected = sequence;
        if (fromEpochStart && epochFirst >= 0 && epochFirst < sequence)
        {
            expected = epochFirst;
            lossPending = lostBeforeStart;
        }
        else if (fromEpochStart && lostBeforeStart)
        {
            unnamedBefore = sequence;
        }
    }

    private void onBelowExpected(final long sequence)
    {
        if (sequence < carriedExpected)
        {
            counters.increment(LinkCounter.RECORDS_REPEATED);
            if (repeatLow < 0)
            {
                repeatLow = sequence;
            }
            repeatHigh = Math.max(repeatHigh, sequence);
        }
        else
        {
            counters.increment(LinkCounter.RECORDS_OUT_OF_ORDER);
        }
    }

    private void onStreamRestarted(final long streamHead)
    {
        streamRestarted = true;
        counters.increment(LinkCounter.STREAM_RESTARTS);
        LOG.log(Level.WARNING, "sender epoch " + Long.toUnsignedString(epoch) + " reports stream head " + streamHead +
            ", below the stream sequence " + (carriedExpected - 1) + " this receiver already holds: the OT journal " +
            "started again; following its new stream sequences from here");
        carriedExpected = -1;
        if (repeatLow >= 0)
        {
            final long from = epochFirst >= 0 && fromEpochStart ? Math.min(epochFirst, repeatLow) : repeatLow;
            gap(from, repeatHigh, true, 0, 0);
            expected = repeatHigh + 1;
            lossPending = false;
        }
        else if (fromEpochStart && epochFirst >= 0)
        {
            expected = epochFirst;
            lossPending = lostBeforeStart;
        }
        else
        {
            started = false;
            lossPending = false;
        }
    }

    private void gap(
        final long fromSequence, final long toSequence, final boolean explained, final long beforeTicks,
        final long afterTicks)
    {
        downstream.gap(GapReport.open(epoch, fromSequence, toSequence, beforeTicks, afterTicks));
        counters.increment(LinkCounter.GAPS);
        counters.add(LinkCounter.SEQUENCES_IN_GAPS, toSequence - fromSequence + 1);
        if (!explained)
        {
            counters.increment(LinkCounter.GAPS_UNEXPLAINED);
        }
    }
}
