package io.diodegw.wire.record;

import java.util.Objects;

/**
 * SENDER_STATUS record body: the sender tells what the receiver cannot ask: how far its journal is, how much is
 * waiting to be sent and how old it is, and its rates. Fields are little-endian; bytes after the last field are
 * ignored.
 *
 * <pre>
 *   +--------+------+----------------------------------------------------+
 *   | offset | size | field                                              |
 *   +--------+------+----------------------------------------------------+
 *   |      0 |    8 | journal head stream sequence (u64)                 |
 *   |      8 |    8 | backlog records (u64)                              |
 *   |     16 |    8 | backlog bytes (u64)                                |
 *   |     24 |    8 | oldest unsent record age, ms (u64)                 |
 *   |     32 |    8 | input records per second (u64)                     |
 *   |     40 |    8 | output records per second (u64)                    |
 *   |     48 |    8 | output bytes per second (u64)                      |
 *   |     56 |    8 | time (i64, 100-ns ticks since 1601-01-01 UTC)      |
 *   +--------+------+----------------------------------------------------+
 * </pre>
 *
 * <p>A mutable holder; not thread-safe.
 */
public final class SenderStatus
{
    /** Offset of the u64 journal head stream sequence. */
    public static final int JOURNAL_HEAD_SEQUENCE_OFFSET = 0;
    /** Offset of the u64 backlog record count. */
    public static final int BACKLOG_RECORDS_OFFSET = 8;
    /** Offset of the u64 backlog bytes. */
    public static final int BACKLOG_BYTES_OFFSET = 16;
    /** Offset of the u64 oldest unsent age in ms. */
    public static final int OLDEST_UNSENT_AGE_MS_OFFSET = 24;
    /** Offset of the u64 input records per second. */
    public static final int INPUT_RECORDS_PER_SEC_OFFSET = 32;
    /** Offset of the u64 output records per second. */
    public static final int OUTPUT_RECORDS_PER_SEC_OFFSET = 40;
    /** Offset of the u64 output bytes per second. */
    public static final int OUTPUT_BYTES_PER_SEC_OFFSET = 48;
    /** Offset of the i64 time. */
    public static final int TIME_OFFSET = 56;
    /** Body length in bytes. */
    public static final int BODY_LENGTH = 64;

    private final WireCursor cursor = new WireCursor();
    private long journalHeadSequence;
    private long backlogRecords;
    private long backlogBytes;
    private long oldestUnsentAgeMs;
    private long inputRecordsPerSec;
    private long outputRecordsPerSec;
    private long outputBytesPerSec;
    private long timeTicks;

    public long journalHeadSequence()
    {
        return journalHeadSequence;
    }

    public SenderStatus journalHeadSequence(final long journalHeadSequence)
    {
        this.journalHeadSequence = journalHeadSequence;
        return this;
    }

    public long backlogRecords()
    {
        return backlogRecords;
    }

    public SenderStatus backlogRecords(final long backlogRecords)
    {
        this.backlogRecords = backlogRecords;
        return this;
    }

    public long backlogBytes()
    {
        return backlogBytes;
    }

    public SenderStatus backlogBytes(final long backlogBytes)
    {
        this.backlogBytes = backlogBytes;
        return this;
    }

    public long oldestUnsentAgeMs()
    {
        return oldestUnsentAgeMs;
    }

    public SenderStatus oldestUnsentAgeMs(final long oldestUnsentAgeMs)
    {
        this.oldestUnsentAgeMs = oldestUnsentAgeMs;
        return this;
    }

    public long inputRecordsPerSec()
    {
        return inputRecordsPerSec;
    }

    public SenderStatus inputRecordsPerSec(final long inputRecordsPerSec)
    {
        this.inputRecordsPerSec = inputRecordsPerSec;
        return this;
    }

    public long outputRecordsPerSec()
    {
        return outputRecordsPerSec;
    }

    public SenderStatus outputRecordsPerSec(final long outputRecordsPerSec)
    {
        this.outputRecordsPerSec = outputRecordsPerSec;
        return this;
    }

    public long outputBytesPerSec()
    {
        return outputBytesPerSec;
    }

    public SenderStatus outputBytesPerSec(final long outputBytesPerSec)
    {
        this.outputBytesPerSec = outputBytesPerSec;
        return this;
    }

    /**
     * @return 100-ns ticks since 1601-01-01 UTC.
     */
    public long timeTicks()
    {
        return timeTicks;
    }

    public SenderStatus timeTicks(final long timeTicks)
    {
        this.timeTicks = timeTicks;
        return this;
    }

    /**
     * Appends this record to the block.
     *
     * @return false if it does not fit; the block is then unchanged.
     */
    public boolean writeTo(final BlockWriter block, final long streamSequence)
    {
        final int start = block.openRecord(RecordType.SENDER_STATUS, streamSequence, BODY_LENGTH);
        if (start < 0)
        {
            return false;
        }
        final byte[] b = block.buffer();
        final int body = start + RecordHeader.LENGTH;
        WireBytes.putI64(b, body + JOURNAL_HEAD_SEQUENCE_OFFSET, journalHeadSequence);
        WireBytes.putI64(b, body + BACKLOG_RECORDS_OFFSET, backlogRecords);
        WireBytes.putI64(b, body + BACKLOG_BYTES_OFFSET, backlogBytes);
        WireBytes.putI64(b, body + OLDEST_UNSENT_AGE_MS_OFFSET, oldestUnsentAgeMs);
        WireBytes.putI64(b, body + INPUT_RECORDS_PER_SEC_OFFSET, inputRecordsPerSec);
        WireBytes.putI64(b, body + OUTPUT_RECORDS_PER_SEC_OFFSET, outputRecordsPerSec);
        WireBytes.putI64(b, body + OUTPUT_BYTES_PER_SEC_OFFSET, outputBytesPerSec);
        WireBytes.putI64(b, body + TIME_OFFSET, timeTicks);
        block.commitRecord(start, BODY_LENGTH);
        return true;
    }

    /**
     * Decodes a body; never throws.
     *
     * @return false if the bytes are malformed (the holder's contents are then unspecified).
     */
    public boolean readFrom(final byte[] buffer, final int offset, final int length)
    {
        return decode(cursor.wrap(buffer, offset, length));
    }

    boolean decode(final WireCursor c)
    {
        journalHeadSequence = c.i64();
        backlogRecords = c.i64();
        backlogBytes = c.i64();
        oldestUnsentAgeMs = c.i64();
        inputRecordsPerSec = c.i64();
        outputRecordsPerSec = c.i64();
        outputBytesPerSec = c.i64();
        timeTicks = c.i64();
        return !c.failed();
    }

    @Override
    public boolean equals(final Object o)
    {
        if (!(o instanceof SenderStatus))
        {
            return false;
        }
        final SenderStatus that = (SenderStatus)o;
        return journalHeadSequence == that.journalHeadSequence && backlogRecords == that.backlogRecords &&
            backlogBytes == that.backlogBytes && oldestUnsentAgeMs == that.oldestUnsentAgeMs &&
            inputRecordsPerSec == that.inputRecordsPerSec && outputRecordsPerSec == that.outputRecordsPerSec &&
            outputBytesPerSec == that.outputBytesPerSec && timeTicks == that.timeTicks;
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(journalHeadSequence, backlogRecords, backlogBytes, oldestUnsentAgeMs, inputRecordsPerSec,
            outputRecordsPerSec, outputBytesPerSec, timeTicks);
    }

    @Override
    public String toString()
    {
        return "SenderStatus{journalHeadSequence=" + journalHeadSequence + ", backlogRecords=" + backlogRecords +
            ", backlogBytes=" + backlogBytes + ", oldestUnsentAgeMs=" + oldestUnsentAgeMs + ", inputRecordsPerSec=" +
            inputRecordsPerSec + ", outputRecordsPerSec=" + outputRecordsPerSec + ", outputBytesPerSec=" +
            outputBytesPerSec + ", timeTicks=" + timeTicks + '}';
    }
}
