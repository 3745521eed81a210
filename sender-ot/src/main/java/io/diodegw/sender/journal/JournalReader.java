package io.diodegw.sender.journal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.logging.Logger;

/**
 * The replicator's view of the journal: reads records in stream order, one excerpt at a time, and records how far
 * they were sent.
 *
 * <p>Positioning: the first {@link #next} returns the record after the one the persisted replicator position names
 * (or the journal's first record when nothing was ever sent). {@link #markSent(long, long)} tells the reader, and
 * through it the journal's retention, that every record up to an index has left on the link; the position is
 * written to disk by {@link #savePositionIfDue(long)} at most every {@code positionSaveIntervalMs}, and by
 * {@link #savePosition()} at an orderly stop, so a restart resumes exactly after the last record sent then (and
 * after a crash resends at most one interval).
 *
 * <p>Not thread-safe: owned by the replicator thread, on which the Chronicle tailer is created at the first call.
 * {@link #next} neither allocates nor locks.
 */
public final class JournalReader implements AutoCloseable
{
    private static final Logger LOG = Logger.getLogger(JournalReader.class.getName());
    private static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final OtJournal journal;
    private final PositionFile positionFile;
    private final int maxRecordBytes;
    private final long positionSaveIntervalMs;

    private RecordTail tail;
    private long sentIndex = Long.MIN_VALUE;
    private long sentSequence = -1;
    private long savedIndex = Long.MIN_VALUE;
    private long nextSaveMs;
    private volatile long positionSaveFailures;
    private volatile String lastPositionSaveError;

    JournalReader(final OtJournal journal, final PositionFile positionFile, final int maxRecordBytes,
        final long positionSaveIntervalMs)
    {
        this.journal = journal;
        this.positionFile = positionFile;
        this.maxRecordBytes = maxRecordBytes;
        this.positionSaveIntervalMs = positionSaveIntervalMs;
    }

    /**
     * Copies the next record (16-byte record header and body, as journaled) into {@code dst}.
     *
     * @param dst    receives the record at {@code offset}; needs {@link #maxRecordBytes()} bytes of room.
     * @param offset where to put it.
     * @return the record's length, or 0 when no new record is available yet.
     */
    public int next(final byte[] dst, final int offset)
    {
        if (tail == null)
        {
            position();
        }
        return tail.next(dst, offset);
    }

    /** @return the Chronicle index of the record {@link #next} returned last. */
    public long lastReadIndex()
    {
        return tail == null ? Long.MIN_VALUE : tail.lastReadIndex();
    }

    /** @return the stream sequence of the record {@link #next} returned last, or -1. */
    public long lastReadSequence()
    {
        return tail == null ? -1 : tail.lastReadSequence();
    }

    /** @return the largest record {@link #next} returns. */
    public int maxRecordBytes()
    {
        return maxRecordBytes;
    }

    /**
     * Records that every record up to and including this one was sent; allocation-free.
     *
     * @param index    Chronicle index of the last record sent ({@link #lastReadIndex()} when it was read).
     * @param sequence its stream sequence.
     */
    public void markSent(final long index, final long sequence)
    {
        sentIndex = index;
        sentSequence = sequence;
        journal.onSent(index);
    }

    /** @return the stream sequence of the last record marked sent, or -1. */
    public long sentSequence()
    {
        return sentSequence;
    }

    /**
     * @return the Chronicle index of the last record marked sent (after the first {@link #next}, the persisted one
     *     when nothing was sent yet in this run), or {@code Long.MIN_VALUE} for none.
     */
    public long sentIndex()
    {
        return sentIndex;
    }

    /**
     * Writes the position if it changed and the save interval passed. A failure is logged and counted, never
     * thrown: sending goes on, and the next save tries again.
     *
     * @param nowMs the caller's clock, ms.
     */
    public void savePositionIfDue(final long nowMs)
    {
        if (nowMs - nextSaveMs >= 0 && sentIndex != savedIndex)
        {
            nextSaveMs = nowMs + positionSaveIntervalMs;
            savePosition();
        }
    }

    /** Writes the position now if it changed; failures are logged and counted. */
    public void savePosition()
    {
        if (sentIndex == savedIndex)
        {
            return;
        }
        try
        {
            positionFile.write(sentIndex, sentSequence);
            savedIndex = sentIndex;
        }
        catch (final RuntimeException ex)
        {
            lastPositionSaveError = String.valueOf(ex.getMessage());
            positionSaveFailures++;
            LOG.warning("replicator position not saved: " + ex.getMessage());
        }
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

    /** @return the message of the last failed position write, or null; readable from any thread. */
    public String lastPositionSaveError()
    {
        return lastPositionSaveError;
    }

    /** @return position writes that failed; readable from any thread. */
    public long positionSaveFailures()
    {
        return positionSaveFailures;
    }

    /** Saves the position and closes the tailer; call on the owning thread. */
    @Override
    public void close()
    {
        savePosition();
        if (tail != null)
        {
            tail.close();
            tail = null;
        }
    }

    private void position()
    {
        tail = new RecordTail(journal, maxRecordBytes, "replicator");
        final long[] saved = positionFile.read();
        if (saved == null)
        {
            return;
        }
        sentIndex = saved[0];
        sentSequence = saved[1];
        savedIndex = saved[0];
        journal.onSent(sentIndex);
        if (tail.moveAfter(saved[0]) != saved[1])
        {
            LOG.warning("replicator position index=" + Long.toHexString(saved[0]) + " sequence=" + saved[1] +
                " is not in the journal any more; resending from its first record");
            tail.toStart();
        }
    }
}
