package io.diodegw.sender.journal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

import io.diodegw.wire.record.RecordHeader;

/**
 * A Chronicle tailer over the OT journal's encoded records, shared by {@link JournalReader} (the replicator's
 * persisted position) and {@link JournalFollower} (read-only views): reads records in order, skipping and counting
 * excerpts that cannot be a record, and tracks the index and stream sequence of the last one.
 *
 * <p>Not thread-safe: created and used on the owner's thread. {@link #next} neither allocates nor locks.
 */
final class RecordTail implements AutoCloseable
{
    private static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final ExcerptTailer tailer;
    private final int maxRecordBytes;
    private final byte[] header = new byte[RecordHeader.LENGTH];
    private long lastReadIndex = Long.MIN_VALUE;
    private long lastReadSequence = -1;
    private long malformedExcerpts;

    RecordTail(final OtJournal journal, final int maxRecordBytes)
    {
        this.tailer = journal.queue().createTailer();
        this.maxRecordBytes = maxRecordBytes;
    }

    /** Places the tail before the journal's first record and forgets the last record read. */
    void toStart()
    {
        tailer.toStart();
        lastReadIndex = Long.MIN_VALUE;
        lastReadSequence = -1;
    }

    /**
     * Places the tail after the record at {@code index}, which becomes the last record read.
     *
     * @return that record's stream sequence, or -1 (the tail then is {@link #toStart() at the start}) when the index
     *     is {@code Long.MIN_VALUE}, not in the journal any more, or not a record.
     */
    long moveAfter(final long index)
    {
        if (index != Long.MIN_VALUE && tailer.moveToIndex(index))
        {
            try (DocumentContext dc = tailer.readingDocument())
            {
                final Bytes<?> bytes = dc.isPresent() ? dc.wire().bytes() : null;
                if (bytes != null && bytes.readRemaining() >= RecordHeader.LENGTH)
                {
                    bytes.read(header, 0, RecordHeader.LENGTH);
                    lastReadIndex = dc.index();
                    lastReadSequence = (long)I64.get(header, RecordHeader.STREAM_SEQUENCE_OFFSET);
                    return lastReadSequence;
                }
            }
        }
        toStart();
        return -1;
    }

    /**
     * Copies the next record (16-byte record header and body, as journaled) into {@code dst}.
     *
     * @param dst    receives the record at {@code offset}; needs {@link #maxRecordBytes()} bytes of room.
     * @param offset where to put it.
     * @return the record's length, or 0 when no new record is available yet.
     */
    int next(final byte[] dst, final int offset)
    {
        while (true)
        {
            try (DocumentContext dc = tailer.readingDocument())
            {
                if (!dc.isPresent())
                {
                    return 0;
                }
                final Bytes<?> bytes = dc.wire().bytes();
                final int length = (int)bytes.readRemaining();
                lastReadIndex = dc.index();
                if (length < RecordHeader.LENGTH || length > maxRecordBytes)
                {
                    malformedExcerpts++;
                    continue;
                }
                bytes.read(dst, offset, length);
                lastReadSequence = (long)I64.get(dst, offset + RecordHeader.STREAM_SEQUENCE_OFFSET);
                return length;
            }
        }
    }

    long lastReadIndex()
    {
        return lastReadIndex;
    }

    long lastReadSequence()
    {
        return lastReadSequence;
    }

    int maxRecordBytes()
    {
        return maxRecordBytes;
    }

    long malformedExcerpts()
    {
        return malformedExcerpts;
    }

    @Override
    public void close()
    {
        tailer.close();
    }
}
