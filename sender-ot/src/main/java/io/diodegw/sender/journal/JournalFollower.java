package io.diodegw.sender.journal;

/**
 * A second, read-only view of the journal for the conflated live lane: it reads records in stream order from a
 * position its owner chooses towards the journal's head, and changes nothing: neither the replicator's persisted
 * position nor retention, which follow the {@link JournalReader} alone.
 *
 * <p>Positioning: {@link #moveAfter(long)} places it after a Chronicle index (typically the replicator's last read
 * record, which is at or after the last record sent, so retention never deletes what this follower still reads);
 * {@code Long.MIN_VALUE}, or an index no longer in the journal, places it at the journal's first record.
 *
 * <p>Not thread-safe: one owner thread, on which the Chronicle tailer is created at the first call. {@link #next}
 * neither allocates nor locks.
 */
public final class JournalFollower implements AutoCloseable
{
    private final OtJournal journal;
    private final int maxRecordBytes;
    private RecordTail tail;
    private long repositions;

    private JournalFollower(final OtJournal journal)
    {
        this.journal = journal;
        this.maxRecordBytes = journal.options().maxRecordBytes();
    }

    /**
     * @param journal the journal to follow; the follower must be closed before it.
     * @return a follower positioned at the journal's first record until {@link #moveAfter(long)} says otherwise.
     */
    public static JournalFollower open(final OtJournal journal)
    {
        return new JournalFollower(journal);
    }

    /**
     * Positions the follower after a record: the next {@link #next} returns the record after it.
     *
     * @param index a Chronicle index as returned by {@link JournalReader#lastReadIndex()}, or {@code Long.MIN_VALUE}
     *              for the journal's first record.
     */
    public void moveAfter(final long index)
    {
        if (tail == null)
        {
            tail = new RecordTail(journal, maxRecordBytes, "journal follower");
        }
        repositions++;
        tail.moveAfter(index);
    }

    /**
     * Copies the next record (16-byte record header and body, as journaled) into {@code dst}.
     *
     * @param dst    receives the record at {@code offset}; needs {@link #maxRecordBytes()} bytes of room.
     * @param offset where to put it.
     * @return the record's length, or 0 when the follower is at the journal's head.
     */
    public int next(final byte[] dst, final int offset)
    {
        if (tail == null)
        {
            moveAfter(Long.MIN_VALUE);
        }
        return tail.next(dst, offset);
    }

    /**
     * @return the stream sequence of the record {@link #next} returned last, or of the record {@link #moveAfter}
     *     placed the follower after; -1 if neither.
     */
    public long lastReadSequence()
    {
        return tail == null ? -1 : tail.lastReadSequence();
    }

    /** @return the Chronicle index of the last record read or skipped, or {@code Long.MIN_VALUE}. */
    public long lastReadIndex()
    {
        return tail == null ? Long.MIN_VALUE : tail.lastReadIndex();
    }

    /** @return the largest record {@link #next} returns. */
    public int maxRecordBytes()
    {
        return maxRecordBytes;
    }

    /**
     * @return excerpts of an encrypted journal skipped because their AES-GCM tag failed (altered on disk); never
     *     returned by {@link #next}, so their stream sequences are missing on the link.
     */
    public long unauthenticExcerpts()
    {
        return tail == null ? 0 : tail.unauthenticExcerpts();
    }

    /** @return excerpts skipped because they are not a record of an acceptable size. */
    public long malformedExcerpts()
    {
        return tail == null ? 0 : tail.malformedExcerpts();
    }

    /** @return calls of {@link #moveAfter(long)}. */
    public long repositions()
    {
        return repositions;
    }

    /** Closes the tailer; call on the owning thread. */
    @Override
    public void close()
    {
        if (tail != null)
        {
            tail.close();
            tail = null;
        }
    }
}
