package io.diodegw.receiver.journal;

import java.util.Arrays;

/**
 * A gap as the IT journal records it and the sinks deliver it: stream sequences from..to (inclusive) that the
 * receiver did not get in order, at one point of their life.
 *
 * <ul>
 *   <li>{@link State#OPEN}: the loss was just detected. The time span is that of the neighbouring records: the base
 *   time (first value's source time, or the state's time) of the last record with a time before the gap and of the
 *   record that ended it, 0 when unknown (a gap at the end of a sender epoch has no record after it). Source times
 *   of different tags are not ordered, so the span locates the loss; it does not bound every lost value.</li>
 *   <li>{@link State#CLOSED}: every sequence of the range was refilled (a history carousel re-send delivered the
 *   record, which the journal then holds after this gap's OPEN entry) or superseded (a resend marker said it was a
 *   live value, tag definition or source state, whose latest state the snapshot carousel carries, and a complete
 *   snapshot with a cut at or after the gap's end has arrived).</li>
 *   <li>{@link State#ABANDONED}: the receiver stopped waiting for it (more than {@code receiver.gaps.maxOpen} gaps
 *   were open); the sequences not refilled or superseded by then stay lost.</li>
 * </ul>
 *
 * <p>Affected sources: the ids of every source the receiver had seen in the stream (in a tag definition, source state
 * or history batch) up to the gap, since any of them may have had records in the lost range; an empty list means no
 * source was known yet, so any source may be affected. A superset, never a guess that could leave one out.
 *
 * <p>Immutable (the source array is owned by the report; do not modify it).
 *
 * @param senderEpoch         the epoch in which the loss was detected.
 * @param fromSequence        first lost stream sequence.
 * @param toSequence          last lost stream sequence, inclusive; not below fromSequence.
 * @param state               open, closed or abandoned.
 * @param firstTimeTicks      100-ns ticks since 1601-01-01 UTC before the loss, 0 if unknown.
 * @param lastTimeTicks       100-ns ticks since 1601-01-01 UTC after the loss, 0 if unknown.
 * @param sourceIds           the sources possibly affected (u32 each).
 * @param refilledSequences   sequences refilled so far.
 * @param supersededSequences sequences superseded so far.
 */
public record GapReport(long senderEpoch, long fromSequence, long toSequence, State state, long firstTimeTicks,
    long lastTimeTicks, int[] sourceIds, long refilledSequences, long supersededSequences)
{
    private static final int[] NO_SOURCES = new int[0];

    /** Life of a gap; the codes are stored in the IT journal. */
    public enum State
    {
        /** Detected. */
        OPEN(1),
        /** Every sequence refilled or superseded. */
        CLOSED(2),
        /** No longer tracked; what was not refilled or superseded stays lost. */
        ABANDONED(3);

        private final int code;

        State(final int code)
        {
            this.code = code;
        }

        /** @return the u8 code stored in the IT journal. */
        public int code()
        {
            return code;
        }

        /** @return the state of a code; OPEN for 0 or an unknown code (an entry written before states existed). */
        public static State of(final int code)
        {
            return code == CLOSED.code ? CLOSED : code == ABANDONED.code ? ABANDONED : OPEN;
        }
    }

    /**
     * @throws IllegalArgumentException if fromSequence &gt; toSequence.
     */
    public GapReport
    {
        if (fromSequence > toSequence)
        {
            throw new IllegalArgumentException("gap " + fromSequence + ".." + toSequence + " is empty");
        }
        sourceIds = sourceIds == null ? NO_SOURCES : sourceIds;
    }

    /**
     * @return a just detected gap without sources.
     */
    public static GapReport open(final long senderEpoch, final long fromSequence, final long toSequence,
        final long firstTimeTicks, final long lastTimeTicks)
    {
        return new GapReport(senderEpoch, fromSequence, toSequence, State.OPEN, firstTimeTicks, lastTimeTicks, NO_SOURCES,
            0, 0);
    }

    /** @return sequences in the gap. */
    public long sequences()
    {
        return toSequence - fromSequence + 1;
    }

    /** @return this report with other sources. */
    public GapReport withSources(final int[] sources)
    {
        return new GapReport(senderEpoch, fromSequence, toSequence, state, firstTimeTicks, lastTimeTicks, sources,
            refilledSequences, supersededSequences);
    }

    /** @return this report in another state with these counts. */
    public GapReport as(final State newState, final long refilled, final long superseded)
    {
        return new GapReport(senderEpoch, fromSequence, toSequence, newState, firstTimeTicks, lastTimeTicks, sourceIds,
            refilled, superseded);
    }

    @Override
    public boolean equals(final Object o)
    {
        return o instanceof GapReport that && senderEpoch == that.senderEpoch && fromSequence == that.fromSequence &&
            toSequence == that.toSequence && state == that.state && firstTimeTicks == that.firstTimeTicks &&
            lastTimeTicks == that.lastTimeTicks && Arrays.equals(sourceIds, that.sourceIds) &&
            refilledSequences == that.refilledSequences && supersededSequences == that.supersededSequences;
    }

    @Override
    public int hashCode()
    {
        return Long.hashCode(fromSequence) * 31 + Long.hashCode(toSequence) * 17 + state.hashCode();
    }

    @Override
    public String toString()
    {
        return "GapReport{" + state + " " + fromSequence + ".." + toSequence + " epoch=" + senderEpoch + " time=" +
            firstTimeTicks + ".." + lastTimeTicks + " sources=" + Arrays.toString(sourceIds) + " refilled=" +
            refilledSequences + " superseded=" + supersededSequences + "}";
    }
}
