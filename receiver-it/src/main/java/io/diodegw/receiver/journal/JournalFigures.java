package io.diodegw.receiver.journal;

import io.diodegw.wire.record.RecordType;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;

/**
 * Counts what goes into the IT journal, for {@code /api/status} and for whoever checks a sink against the journal
 * (the demo does): wraps the journal as the {@link AppliedRecords} the receive agent writes to, passes every call on
 * unchanged and then counts it.
 *
 * <p>The figures cover the entries appended since this object was created (the journal may hold older ones from a
 * previous run; {@link Figures#headSequence()} is the journal's own newest sequence). Stream sequences of one sender
 * epoch arrive strictly increasing, so within one epoch the journaled sequences are {@code records} distinct values
 * in {@code firstStreamSequence..lastStreamSequence}.
 *
 * <p>Threads: {@link #record} and {@link #gap} on the receive agent's thread only (as {@link AppliedRecords} says);
 * {@link #figures()} from any thread, returning one consistent set (a sequence lock: the writer never waits).
 */
public final class JournalFigures implements AppliedRecords
{
    private final ItJournal journal;
    private volatile long version;
    private volatile long records;
    private volatile long gaps;
    private volatile long gapSequences;
    private volatile long firstStreamSequence = -1;
    private volatile long lastStreamSequence = -1;
    private volatile long headSequence;
    private volatile long senderEpoch = -1;

    /**
     * One consistent set of figures.
     *
     * @param headSequence        the journal sequence of the newest entry (0 while empty).
     * @param records             record entries appended.
     * @param gaps                gap entries appended.
     * @param gapSequences        stream sequences those gaps cover.
     * @param firstStreamSequence stream sequence of the first record appended, -1 before any.
     * @param lastStreamSequence  stream sequence of the last record appended, -1 before any.
     * @param senderEpoch         sender epoch of the last record or gap, -1 before any.
     */
    public record Figures(long headSequence, long records, long gaps, long gapSequences, long firstStreamSequence,
        long lastStreamSequence, long senderEpoch)
    {
    }

    /**
     * @param journal the journal every call is passed on to.
     */
    public JournalFigures(final ItJournal journal)
    {
        this.journal = journal;
        this.headSequence = journal.headSequence();
    }

    @Override
    public void record(
        final RecordType type, final long streamSequence, final long senderEpoch, final byte[] buffer,
        final int bodyOffset, final int bodyLength)
    {
        journal.record(type, streamSequence, senderEpoch, buffer, bodyOffset, bodyLength);
        version++;
        records++;
        if (firstStreamSequence < 0)
        {
            firstStreamSequence = streamSequence;
        }
        lastStreamSequence = streamSequence;
        this.senderEpoch = senderEpoch;
        headSequence = journal.headSequence();
        version++;
    }

    @Override
    public void gap(final long senderEpoch, final long fromSequence, final long toSequence)
    {
        journal.gap(senderEpoch, fromSequence, toSequence);
        version++;
        gaps++;
        gapSequences += toSequence - fromSequence + 1;
        this.senderEpoch = senderEpoch;
        headSequence = journal.headSequence();
        version++;
    }

    /** Passes the report on with its details; only an open gap counts as a gap here (closing it adds none). */
    @Override
    public void gap(final GapReport report)
    {
        journal.gap(report);
        version++;
        if (report.state() == GapReport.State.OPEN)
        {
            gaps++;
            gapSequences += report.sequences();
        }
        this.senderEpoch = report.senderEpoch();
        headSequence = journal.headSequence();
        version++;
    }

    /**
     * @return the figures as of one instant between two appends. Safe from any thread.
     */
    public Figures figures()
    {
        while (true)
        {
            final long before = version;
            final Figures figures = new Figures(headSequence, records, gaps, gapSequences, firstStreamSequence,
                lastStreamSequence, senderEpoch);
            if ((before & 1) == 0 && version == before)
            {
                return figures;
            }
            Thread.onSpinWait();
        }
    }

    /**
     * Writes {@code "journal":{...}} with the fields of {@link Figures} into an open JSON object.
     *
     * @param json the generator, inside an object.
     * @throws IOException if the generator fails.
     */
    public void writeJson(final JsonGenerator json) throws IOException
    {
        final Figures figures = figures();
        json.writeObjectFieldStart("journal");
        json.writeNumberField("headSequence", figures.headSequence());
        json.writeNumberField("records", figures.records());
        json.writeNumberField("gaps", figures.gaps());
        json.writeNumberField("gapSequences", figures.gapSequences());
        json.writeNumberField("firstStreamSequence", figures.firstStreamSequence());
        json.writeNumberField("lastStreamSequence", figures.lastStreamSequence());
        json.writeNumberField("senderEpoch", figures.senderEpoch());
        json.writeEndObject();
    }
}
