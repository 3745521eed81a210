package io.diodegw.receiver.journal;

import io.diodegw.wire.record.RecordType;

import java.util.Arrays;

/**
 * One entry of the IT journal as read by a {@link JournalCursor}: an applied record or a gap. A reusable, mutable
 * holder: every {@link JournalCursor#next(JournalEntry)} overwrites all fields, and the body buffer is reused (it
 * grows, never shrinks).
 *
 * <p>Not thread-safe; one owner.
 */
public final class JournalEntry
{
    /** What an entry holds. */
    public enum Kind
    {
        /** A record the receive agent applied. */
        RECORD,
        /** A range of stream sequences the receive agent gave up. */
        GAP
    }

    private static final byte[] EMPTY = new byte[0];
    private static final int[] NO_SOURCES = new int[0];

    private Kind kind = Kind.RECORD;
    private long journalSequence;
    private long chronicleIndex;
    private long appliedAtEpochMs;
    private long senderEpoch;
    private int typeId;
    private long streamSequence;
    private byte[] body = EMPTY;
    private int bodyLength;
    private long gapFromSequence;
    private long gapToSequence;
    private GapReport.State gapState = GapReport.State.OPEN;
    private long gapFirstTimeTicks;
    private long gapLastTimeTicks;
    private long gapRefilledSequences;
    private long gapSupersededSequences;
    private int[] gapSourceIds = NO_SOURCES;

    /**
     * @return RECORD or GAP.
     */
    public Kind kind()
    {
        return kind;
    }

    /**
     * @return the entry's position in the journal: 1 for the first entry ever written, then +1 per entry, with no
     *     holes (unlike Chronicle indices, which jump at every roll cycle).
     */
    public long journalSequence()
    {
        return journalSequence;
    }

    long chronicleIndex()
    {
        return chronicleIndex;
    }

    /**
     * @return when the receiver applied the record or recorded the gap, in ms since 1970-01-01 UTC.
     */
    public long appliedAtEpochMs()
    {
        return appliedAtEpochMs;
    }

    /**
     * @return the epoch of the sender the record or gap belongs to.
     */
    public long senderEpoch()
    {
        return senderEpoch;
    }

    /**
     * @return the record's wire type id ({@link RecordType#id()}); 0 for a gap.
     */
    public int typeId()
    {
        return typeId;
    }

    /**
     * @return the record's type, or null for a gap or an id this build does not know.
     */
    public RecordType type()
    {
        return kind == Kind.RECORD ? RecordType.fromId(typeId) : null;
    }

    /**
     * @return the record's stream sequence; the first lost sequence of a gap.
     */
    public long streamSequence()
    {
        return kind == Kind.RECORD ? streamSequence : gapFromSequence;
    }

    /**
     * @return the last stream sequence the entry covers: the record's own, or the last lost one of a gap.
     */
    public long lastStreamSequence()
    {
        return kind == Kind.RECORD ? streamSequence : gapToSequence;
    }

    /**
     * @return the buffer holding the record body from offset 0; valid until the next read into this holder.
     */
    public byte[] body()
    {
        return body;
    }

    /**
     * @return length of the record body; 0 for a gap.
     */
    public int bodyLength()
    {
        return bodyLength;
    }

    /**
     * @return a copy of the record body (allocates).
     */
    public byte[] bodyCopy()
    {
        return Arrays.copyOf(body, bodyLength);
    }

    /**
     * @return first lost stream sequence of a gap; 0 for a record.
     */
    public long gapFromSequence()
    {
        return gapFromSequence;
    }

    /**
     * @return last lost stream sequence (inclusive) of a gap; 0 for a record.
     */
    public long gapToSequence()
    {
        return gapToSequence;
    }

    /**
     * @return a gap's state (OPEN for a record, and for a gap written without details).
     */
    public GapReport.State gapState()
    {
        return gapState;
    }

    /**
     * @return the gap as a report with every detail the journal holds; null for a record.
     */
    public GapReport gapReport()
    {
        return kind == Kind.GAP ? new GapReport(senderEpoch, gapFromSequence, gapToSequence, gapState, gapFirstTimeTicks,
            gapLastTimeTicks, gapSourceIds.clone(), gapRefilledSequences, gapSupersededSequences) : null;
    }

    void setRecord(
        final long journalSequence, final long chronicleIndex, final long appliedAtEpochMs, final long senderEpoch,
        final int typeId, final long streamSequence)
    {
        this.kind = Kind.RECORD;
        this.journalSequence = journalSequence;
        this.chronicleIndex = chronicleIndex;
        this.appliedAtEpochMs = appliedAtEpochMs;
        this.senderEpoch = senderEpoch;
        this.typeId = typeId;
        this.streamSequence = streamSequence;
        this.gapFromSequence = 0;
        this.gapToSequence = 0;
        this.gapState = GapReport.State.OPEN;
    }

    void setGap(
        final long journalSequence, final long chronicleIndex, final long appliedAtEpochMs, final long senderEpoch,
        final long fromSequence, final long toSequence)
    {
        this.kind = Kind.GAP;
        this.journalSequence = journalSequence;
        this.chronicleIndex = chronicleIndex;
        this.appliedAtEpochMs = appliedAtEpochMs;
        this.senderEpoch = senderEpoch;
        this.typeId = 0;
        this.streamSequence = 0;
        this.bodyLength = 0;
        this.gapFromSequence = fromSequence;
        this.gapToSequence = toSequence;
        setGapDetails(GapReport.State.OPEN, 0, 0, 0, 0, NO_SOURCES);
    }

    void setGapDetails(final GapReport.State state, final long firstTimeTicks, final long lastTimeTicks,
        final long refilledSequences, final long supersededSequences, final int[] sourceIds)
    {
        this.gapState = state;
        this.gapFirstTimeTicks = firstTimeTicks;
        this.gapLastTimeTicks = lastTimeTicks;
        this.gapRefilledSequences = refilledSequences;
        this.gapSupersededSequences = supersededSequences;
        this.gapSourceIds = sourceIds;
    }

    byte[] bodyBuffer(final int length)
    {
        if (body.length < length)
        {
            body = new byte[Math.max(length, body.length * 2)];
        }
        bodyLength = length;
        return body;
    }

    @Override
    public String toString()
    {
        return kind == Kind.RECORD ?
            "JournalEntry{#" + journalSequence + " " + type() + " seq=" + streamSequence + " epoch=" + senderEpoch +
                " bodyLength=" + bodyLength + "}" :
            "JournalEntry{#" + journalSequence + " GAP " + gapState + " " + gapFromSequence + ".." + gapToSequence + " epoch=" +
                senderEpoch + "}";
    }
}
