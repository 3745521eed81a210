package io.diodegw.sender.history;

import io.diodegw.sender.journal.JournalFollower;
import io.diodegw.sender.journal.OtJournal;

/**
 * The history carousel's reader over the OT journal: a {@link JournalFollower}, which reads without moving the
 * replicator's position or retention. Not thread-safe: the replicator thread owns it (the Chronicle tailer is created
 * there on first use).
 */
public final class JournalHistorySource implements HistorySource
{
    private final JournalFollower follower;

    /**
     * @param journal the journal to read again; close this source before the journal.
     */
    public JournalHistorySource(final OtJournal journal)
    {
        this.follower = JournalFollower.open(journal);
    }

    @Override
    public void moveAfter(final long index)
    {
        follower.moveAfter(index);
    }

    @Override
    public int next(final byte[] dst, final int offset)
    {
        return follower.next(dst, offset);
    }

    @Override
    public int maxRecordBytes()
    {
        return follower.maxRecordBytes();
    }

    @Override
    public void close()
    {
        follower.close();
    }
}
