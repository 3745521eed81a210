package io.diodegw.receiver.link;

import io.diodegw.receiver.gap.RecordFacts;
import io.diodegw.receiver.journal.AppliedRecords;
import io.diodegw.receiver.journal.GapReport;
import io.diodegw.wire.record.BlockReader;

/**
 * Turns the blocks of one sender epoch, resolved in block order (each either delivered or given up), into the
 * ordered record stream: every record handed to {@link AppliedRecords} once, in strictly increasing stream
 * sequence, and every range of stream sequences that went missing as exactly one gap.
 *
 * <ul>
 *   <li>A block given up ({@link #onBlockLost()}), a block whose payload is malformed, or a block that breaks off at a
 *   malformed record leaves a loss pending; the next record that arrives then closes it with a gap from the
 *   expected sequence to the record's sequence minus one.</li>
 *   <li>A record beyond the expected sequence without such a loss is a gap too (the sender skipped sequences),
 *   counted separately as unexplained; nothing is ever lost silently.</li>
 *   <li>A record at or below the last sequence handed on is dropped and counted ({@link
 *   LinkCounter#RECORDS_OUT_OF_ORDER}), as is one outside {@code 0 .. 2^63 - 2} (sequences are u64 on the wire;
 *   this receiver orders them as signed 64-bit numbers and never lets the expected sequence wrap).</li>
 *   <li>Records of unknown type are skipped by the block reader; they are assumed to take the sequences between
 *   their neighbours (the sender numbers the records of a block consecutively), so they never look like gaps.</li>
 *   <li>The first record of an epoch sets the expected sequence: what was sent before the receiver joined is not a
 *   gap it can name. The exception is a receiver that restarted while the sender kept running: given the IT
 *   journal's resume point ({@link #resumeAt}), the first epoch, when it is the journal's last one, continues at the
 *   journal's next sequence, so what was sent while the receiver was down becomes a gap, and records the journal
 *   already holds are dropped as repeats.</li>
 *   <li>Each gap goes out as a {@link GapReport} with the time span of its neighbours ({@link RecordFacts#timeTicks}):
 *   from the last record handed on that had a time, to the record that ended the gap (0 when it has none, and for a
 *   gap closed at the end of an epoch).</li>
 * </ul>
 *
 * <p>Not thread-safe; owned by the receive agent's thread. Allocation-free except what the block reader allocates
 * for strings and arrays of decoded records.
 */
public final class RecordSequencer
{
    private final AppliedRecords downstream;
    private final LinkCounters counters;
    private final BlockReader reader = new BlockReader();

    private long epoch;
    private boolean started;
    private long expected;
    private boolean lossPending;
    private boolean hasResume;
    private long resumeEpoch;
    private long resumeNextSequence;
    private long lastTimeTicks;

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
     * Where the IT journal left off, for the first epoch after a restart; call before the first {@link #startEpoch}.
     *
     * @param senderEpoch        the epoch of the journal's newest in-band record.
     * @param nextStreamSequence one past the highest stream sequence the journal holds for that epoch.
     */
    public void resumeAt(final long senderEpoch, final long nextStreamSequence)
    {
        hasResume = nextStreamSequence > 0 && nextStreamSequence < Long.MAX_VALUE;
        resumeEpoch = senderEpoch;
        resumeNextSequence = nextStreamSequence;
    }

    /**
     * Starts the stream of a new sender epoch: the next record's sequence is taken as it comes, unless this is the
     * epoch the IT journal resumes ({@link #resumeAt}).
     */
    public void startEpoch(final long senderEpoch)
    {
        epoch = senderEpoch;
        started = false;
        lossPending = false;
        expected = 0;
        if (hasResume && senderEpoch == resumeEpoch)
        {
            started = true;
            lossPending = true;
            expected = resumeNextSequence;
        }
        hasResume = false;
    }

    /**
     * Ends the current epoch. A loss still pending becomes a gap up to {@code lastSequence} when that is known.
     *
     * @param lastSequence the sender's last stream sequence of the epoch (its heartbeats' stream head), or -1.
     */
    public void endEpoch(final long lastSequence)
    {
        if (started && lossPending && lastSequence >= expected && lastSequence < Long.MAX_VALUE)
        {
            gap(expected, lastSequence, true, 0);
            expected = lastSequence + 1;
        }
        lossPending = false;
    }

    /** The next block in block order was given up: the records it held become part of a gap. */
    public void onBlockLost()
    {
        lossPending = true;
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
            lossPending = true;
            return;
        }
        final long unknownAtStart = reader.unknownSkipped();
        long unknownBefore = unknownAtStart;
        while (reader.next())
        {
            final long sequence = reader.streamSequence();
            final long unknown = reader.unknownSkipped() - unknownBefore;
            unknownBefore = reader.unknownSkipped();
            if (sequence < 0)
            {
                counters.increment(LinkCounter.RECORDS_OUT_OF_ORDER);
                continue;
            }
            if (!started)
            {
                started = true;
                lossPending = false;
                expected = sequence;
            }
            if (sequence < expected || sequence == Long.MAX_VALUE)
            {
                counters.increment(LinkCounter.RECORDS_OUT_OF_ORDER);
                continue;
            }
            final long timeTicks = RecordFacts.timeTicks(reader.type(), reader.buffer(), reader.bodyOffset(),
                reader.bodyLength());
            if (sequence - expected > unknown)
            {
                gap(expected, sequence - 1, lossPending, timeTicks);
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
            lossPending = true;
        }
    }

    /** @return the next stream sequence expected in this epoch; every lower one was handed on or is in a gap. */
    public long expectedSequence()
    {
        return expected;
    }

    /** @return whether a record of this epoch was handed on yet. */
    public boolean isStarted()
    {
        return started;
    }

    private void gap(final long fromSequence, final long toSequence, final boolean explained, final long afterTicks)
    {
        downstream.gap(GapReport.open(epoch, fromSequence, toSequence, lastTimeTicks, afterTicks));
        counters.increment(LinkCounter.GAPS);
        counters.add(LinkCounter.SEQUENCES_IN_GAPS, toSequence - fromSequence + 1);
        if (!explained)
        {
            counters.increment(LinkCounter.GAPS_UNEXPLAINED);
        }
    }
}
