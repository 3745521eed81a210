package io.diodegw.sender.history;

/**
 * Where the history carousel reads journal records again: a second reader of the OT journal that changes nothing
 * (neither the replicator's position nor retention). Implemented over the journal by {@link JournalHistorySource};
 * tests may supply records from memory.
 *
 * <p>Not thread-safe: one owner, the replicator thread.
 */
public interface HistorySource extends AutoCloseable
{
    /**
     * Positions the source so that {@link #next} returns the record after the one at this journal index.
     *
     * @param index a journal index the replicator reported, or {@code Long.MIN_VALUE} for the journal's first
     *              record; an index no longer in the journal also means the first record still there.
     */
    void moveAfter(long index);

    /**
     * Copies the next record (16-byte record header and body, as journaled) into {@code dst}.
     *
     * @param dst    receives the record at {@code offset}; needs {@link #maxRecordBytes()} bytes of room.
     * @param offset where to put it.
     * @return the record's length, or 0 at the journal's head.
     */
    int next(byte[] dst, int offset);

    /** @return the largest record {@link #next} returns. */
    int maxRecordBytes();

    /** Releases the reader; on the owning thread. */
    @Override
    void close();
}
