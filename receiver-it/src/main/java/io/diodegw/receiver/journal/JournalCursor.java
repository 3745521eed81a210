package io.diodegw.receiver.journal;

import net.openhft.chronicle.queue.ExcerptTailer;

/**
 * A sink's durable position in the IT journal. The sink reads entries with {@link #next}, delivers them, and calls
 * {@link #commit()} only after its destination accepted them; after a failure it calls {@link #rewind()} and reads
 * the same entries again. A cursor that is closed, or whose process dies, without committing resumes after the last
 * committed entry: entries are delivered at least once, never skipped.
 *
 * <p>To make a redelivery byte-identical (same batch boundaries, so the same object keys are overwritten), a sink
 * calls {@link #markPending(long)} with the last entry of a batch before delivering it; after a restart,
 * {@link #pendingEndSequence()} tells it to cut its first batch exactly there.
 *
 * <p>Where the position lives: {@code JOURNAL_DIR/cursors/NAME.cursor}, a text file replaced atomically (written to
 * a temporary file, forced to disk, renamed over the old one). Chronicle's named tailers were not used because they
 * advance as they read, and a sink must advance only after its destination said yes.
 *
 * <p>Not thread-safe: owned by one thread. Its Chronicle tailer is created by the first {@link #next} and is
 * confined to the thread that called it.
 */
public final class JournalCursor implements AutoCloseable
{
    private final ItJournal journal;
    private final String name;
    private final CursorFile file;
    private final JournalEntry skipped = new JournalEntry();
    private final EntryCipher cipher;
    private ExcerptTailer tailer;
    private boolean positioned;
    private long readSequence;
    private long readIndex;
    private boolean closed;

    JournalCursor(final ItJournal journal, final String name, final CursorFile file)
    {
        this.journal = journal;
        this.name = name;
        this.file = file;
        this.readSequence = file.journalSequence();
        this.readIndex = file.chronicleIndex();
        this.cipher = journal.readCipher();
    }

    /**
     * @return record entries of an encrypted journal whose AES-GCM tag failed (altered on disk); {@link #next}
     *     returned each as an abandoned gap of its stream sequence.
     */
    public long unauthenticEntries()
    {
        return cipher == null ? 0 : cipher.unauthenticEntries();
    }

    /**
     * @return the sink name this cursor belongs to.
     */
    public String name()
    {
        return name;
    }

    /**
     * Reads the entry after the last one read.
     *
     * @param into the holder to fill.
     * @return false if no further entry is in the journal yet (the holder is then unchanged).
     * @throws IllegalStateException if the cursor or the journal is closed.
     */
    public boolean next(final JournalEntry into)
    {
        ensurePositioned();
        while (ItJournal.read(tailer, into, true, cipher))
        {
            if (into.journalSequence() > readSequence)
            {
                readSequence = into.journalSequence();
                readIndex = into.chronicleIndex();
                return true;
            }
        }
        return false;
    }

    /**
     * @return journal sequence of the last entry read (the committed one right after open or rewind).
     */
    public long readSequence()
    {
        return readSequence;
    }

    /**
     * @return journal sequence of the last committed entry; 0 if the sink never committed.
     */
    public long committedSequence()
    {
        return file.journalSequence();
    }

    /**
     * @return the last entry of the batch that was being delivered when the position was last stored, or 0 if
     *     none: after a restart, the sink cuts its first batch exactly at this entry.
     */
    public long pendingEndSequence()
    {
        return file.pendingEndSequence() > file.journalSequence() ? file.pendingEndSequence() : 0;
    }

    /**
     * Durably notes that the entries up to {@code endJournalSequence} are being delivered as one batch.
     *
     * @param endJournalSequence the last entry of the batch, at most {@link #readSequence()}.
     * @throws java.io.UncheckedIOException if the position cannot be stored.
     */
    public void markPending(final long endJournalSequence)
    {
        if (endJournalSequence != file.pendingEndSequence())
        {
            file.store(file.journalSequence(), file.chronicleIndex(), endJournalSequence);
        }
    }

    /**
     * Durably records that every entry read so far was accepted by the sink's destination, and clears the pending
     * batch. Call it only after the destination confirmed.
     *
     * @throws java.io.UncheckedIOException if the position cannot be stored (the entries are then delivered again
     *     after a restart).
     */
    public void commit()
    {
        if (readSequence != file.journalSequence() || file.pendingEndSequence() != 0)
        {
            file.store(readSequence, readIndex, 0);
        }
    }

    /**
     * Goes back to the last committed entry: the next {@link #next} returns the first entry after it again.
     */
    public void rewind()
    {
        readSequence = file.journalSequence();
        readIndex = file.chronicleIndex();
        positioned = false;
    }

    /**
     * @return entries in the journal after the committed one.
     */
    public long lag()
    {
        return Math.max(0, journal.headSequence() - file.journalSequence());
    }

    /**
     * Closes the tailer and frees the name; the stored position stays as last committed.
     */
    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            if (tailer != null)
            {
                tailer.close();
            }
            journal.release(name);
        }
    }

    private void ensurePositioned()
    {
        if (closed)
        {
            throw new IllegalStateException("cursor '" + name + "' is closed");
        }
        if (tailer == null)
        {
            tailer = journal.createTailer();
        }
        if (!positioned)
        {
            if (readIndex != CursorFile.NO_INDEX && tailer.moveToIndex(readIndex))
            {
                ItJournal.read(tailer, skipped, false);
            }
            else
            {
                tailer.toStart();
            }
            positioned = true;
        }
    }
}
