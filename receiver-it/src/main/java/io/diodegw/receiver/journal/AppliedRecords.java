package io.diodegw.receiver.journal;

import io.diodegw.wire.record.RecordType;

/**
 * What the receive agent hands on after it authenticated, repaired and ordered the stream: every record it applied,
 * in stream-sequence order, and every range it gave up as a gap. The IT journal implements it; the sinks read the
 * journal, never the link.
 *
 * <p>Called by the receive agent's thread only. The bytes are copied before the call returns.
 */
public interface AppliedRecords
{
    /**
     * @param type           the record's type.
     * @param streamSequence its stream sequence; strictly increasing across calls of one sender epoch.
     * @param senderEpoch    the epoch of the sender that sent it.
     * @param buffer         holds the record body.
     * @param bodyOffset     start of the body in {@code buffer}.
     * @param bodyLength     length of the body.
     */
    void record(RecordType type, long streamSequence, long senderEpoch, byte[] buffer, int bodyOffset, int bodyLength);

    /**
     * @param senderEpoch       the epoch the gap belongs to.
     * @param fromSequence      first lost stream sequence.
     * @param toSequence        last lost stream sequence, inclusive.
     */
    void gap(long senderEpoch, long fromSequence, long toSequence);

    /**
     * A gap with its time span and sources, when detected, and again when it is closed or abandoned
     * ({@link GapReport}). The default passes an open gap to {@link #gap(long, long, long)} and ignores the rest, for
     * consumers that only need the ranges; the IT journal records every report.
     *
     * @param report the gap.
     */
    default void gap(final GapReport report)
    {
        if (report.state() == GapReport.State.OPEN)
        {
            gap(report.senderEpoch(), report.fromSequence(), report.toSequence());
        }
    }
}
