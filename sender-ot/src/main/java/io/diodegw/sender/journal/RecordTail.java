package io.diodegw.sender.journal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.logging.Logger;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

import io.diodegw.wire.crypto.JournalCipher;
import io.diodegw.wire.record.RecordHeader;

/**
 * A Chronicle tailer over the OT journal's encoded records, shared by {@link JournalReader} (the replicator's
 * persisted position) and {@link JournalFollower} (read-only views): reads records in order, skipping and counting
 * excerpts that cannot be a record, and tracks the index and stream sequence of the last one.
 *
 * <p>In an encrypted journal ({@link JournalOptions#encryptionKey()}) it decrypts each body, so every reader gets
 * the records as they would be journaled in clear. An excerpt whose GCM tag fails (altered on disk) is skipped and
 * counted ({@link #unauthenticExcerpts()}), with one log line per run of consecutive failures and one when reading
 * succeeds again; it is never returned.
 *
 * <p>Not thread-safe: created and used on the owner's thread. {@link #next} neither allocates nor locks in a journal
 * in clear; in an encrypted one, it allocates only what the JDK's AES-GCM needs per excerpt.
 */
final class RecordTail implements AutoCloseable
{
    private static final Logger LOG = Logger.getLogger(RecordTail.class.getName());
    private static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final ExcerptTailer tailer;
    private final int maxRecordBytes;
    private final byte[] header = new byte[RecordHeader.LENGTH];
    private long lastReadIndex = Long.MIN_VALUE;
    private long lastReadSequence = -1;
    private final String owner;
    private final JournalCipher cipher;
    private final byte[] sealed;
    private long malformedExcerpts;
    private long unauthenticExcerpts;
    private long failureRun;

    /**
     * @param owner names the reader in log lines, e.g. "replicator".
     */
    RecordTail(final OtJournal journal, final int maxRecordBytes, final String owner)
    {
        this.tailer = journal.queue().createTailer();
        this.maxRecordBytes = maxRecordBytes;
        this.owner = owner;
        this.cipher = journal.options().encryptionKey() == null ? null :
            JournalCipher.forReading(journal.options().encryptionKey());
        this.sealed = cipher == null ? null : new byte[maxRecordBytes - RecordHeader.LENGTH +
            JournalCipher.OVERHEAD_BYTES];
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
                if (cipher != null)
                {
                    final int recordLength = openSealed(bytes, length, dst, offset, dc.index());
                    if (recordLength > 0)
                    {
                        lastReadSequence = (long)I64.get(dst, offset + RecordHeader.STREAM_SEQUENCE_OFFSET);
                        return recordLength;
                    }
                    continue;
                }
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

    /** @return the record's length, or 0 when the excerpt was skipped (malformed or not authentic). */
    private int openSealed(final Bytes<?> bytes, final int length, final byte[] dst, final int offset, final long index)
    {
        final int sealedLength = length - RecordHeader.LENGTH;
        if (sealedLength < JournalCipher.OVERHEAD_BYTES || sealedLength > sealed.length)
        {
            malformedExcerpts++;
            return 0;
        }
        bytes.read(dst, offset, RecordHeader.LENGTH);
        bytes.read(sealed, 0, sealedLength);
        final int bodyLength = cipher.open(dst, offset, RecordHeader.LENGTH, sealed, 0, sealedLength, dst,
            offset + RecordHeader.LENGTH);
        if (bodyLength < 0)
        {
            unauthenticExcerpts++;
            if (failureRun++ == 0)
            {
                LOG.severe(owner + ": journal excerpt at index " + Long.toHexString(index) + " (stream sequence " +
                    (long)I64.get(dst, offset + RecordHeader.STREAM_SEQUENCE_OFFSET) + " by its unauthenticated " +
                    "header) fails AES-GCM authentication: the journal was altered on disk; skipping it and any " +
                    "following such excerpts, never sending them (the IT side reports the missing sequences as a gap)");
            }
            return 0;
        }
        if (failureRun > 0)
        {
            LOG.warning(owner + ": journal readable again at index " + Long.toHexString(index) + " after " +
                failureRun + " excerpt(s) failed authentication (unauthenticExcerpts=" + unauthenticExcerpts + ")");
            failureRun = 0;
        }
        return RecordHeader.LENGTH + bodyLength;
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

    long unauthenticExcerpts()
    {
        return unauthenticExcerpts;
    }

    @Override
    public void close()
    {
        tailer.close();
    }
}
