package io.diodegw.wire.record;

import java.util.Arrays;

/**
 * Appends records to a block payload: the concatenation of a FEC block's k source symbols, k * S bytes. The payload
 * starts with a 16-byte block header, then records (each a {@link RecordHeader} and a body) back to back, then zero
 * padding up to the capacity. All fields are little-endian. Used Length counts the header and the records. The first
 * stream sequence is that of the first record (0 in a block without records). Flags are reserved: written as 0 and
 * ignored by readers. Records never span blocks.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                                                               |
 *  +                  First Stream Sequence (u64)                  +
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                       Used Length (u32)                       |
 *  +-------------------------------+-------------------------------+
 *  |      Record Count (u16)       |          Flags (u16)          |
 *  +-------------------------------+-------------------------------+
 *  |              Records (Used Length - 16 bytes)               ...
 *  +---------------------------------------------------------------+
 *  |               Zero padding up to k * S bytes                ...
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>A flyweight over a caller-supplied region: {@link #wrap} starts an empty block, record encoders
 * ({@link TagValueBatchWriter}, {@link TagDefinition#writeTo} and the other record classes) append and return false
 * when the record does not fit, and {@link #finish} zero-fills the rest. The header is kept current after every
 * append. Not thread-safe; one owner. Allocation-free.
 */
public final class BlockWriter
{
    /** Offset of the u64 stream sequence of the first record. */
    public static final int FIRST_STREAM_SEQUENCE_OFFSET = 0;
    /** Offset of the u32 used length (header plus records). */
    public static final int USED_LENGTH_OFFSET = 8;
    /** Offset of the u16 record count. */
    public static final int RECORD_COUNT_OFFSET = 12;
    /** Offset of the u16 block flags. */
    public static final int FLAGS_OFFSET = 14;
    /**
     * Block flag bit 0: the records are outside the in-order stream (snapshot carousel, re-sent history). Their
     * stream sequences name what they refer to (a snapshot's cut, a re-sent record's original sequence) instead of
     * continuing the stream, so a receiver neither orders them nor derives gaps from them. Other bits must be 0.
     */
    public static final int FLAG_OUT_OF_BAND = 1;
    /** Every flag bit this version defines. */
    public static final int KNOWN_FLAGS = FLAG_OUT_OF_BAND;
    /** Length of the block header in bytes. */
    public static final int HEADER_LENGTH = 16;
    /** Most records one block can hold (u16 record count). */
    public static final int MAX_RECORD_COUNT = 0xFFFF;

    private static final int NO_RECORD = -1;

    private byte[] buffer;
    private int offset;
    private int capacity;
    private int usedLength;
    private int recordCount;
    private int openRecordStart = NO_RECORD;
    private boolean openRecordCommitted;

    /**
     * Starts an empty block in {@code buffer[offset .. offset + capacity)}; writes the block header.
     *
     * @param capacity the block payload length k * S in bytes.
     * @return this.
     * @throws IllegalArgumentException if the region is outside the buffer or shorter than the header.
     */
    public BlockWriter wrap(final byte[] buffer, final int offset, final int capacity)
    {
        if (offset < 0 || capacity < HEADER_LENGTH || capacity > buffer.length - offset)
        {
            throw new IllegalArgumentException("region offset=" + offset + " capacity=" + capacity +
                " does not fit buffer length=" + buffer.length + " with a " + HEADER_LENGTH + "-byte header");
        }
        this.buffer = buffer;
        this.offset = offset;
        this.capacity = capacity;
        usedLength = HEADER_LENGTH;
        recordCount = 0;
        openRecordStart = NO_RECORD;
        openRecordCommitted = false;
        WireBytes.putI64(buffer, offset + FIRST_STREAM_SEQUENCE_OFFSET, 0);
        WireBytes.putI32(buffer, offset + USED_LENGTH_OFFSET, usedLength);
        WireBytes.putU16(buffer, offset + RECORD_COUNT_OFFSET, 0);
        WireBytes.putU16(buffer, offset + FLAGS_OFFSET, 0);
        return this;
    }

    /**
     * Marks the block as out of band ({@link #FLAG_OUT_OF_BAND}) or not; {@link #wrap} starts it in band.
     *
     * @return this.
     */
    public BlockWriter outOfBand(final boolean outOfBand)
    {
        WireBytes.putU16(buffer, offset + FLAGS_OFFSET, outOfBand ? FLAG_OUT_OF_BAND : 0);
        return this;
    }

    /**
     * @return the block payload length k * S given to {@link #wrap}.
     */
    public int capacity()
    {
        return capacity;
    }

    /**
     * @return bytes in use: header plus records.
     */
    public int usedLength()
    {
        return usedLength;
    }

    /**
     * @return bytes still free for records (record headers included).
     */
    public int remaining()
    {
        return capacity - usedLength;
    }

    /**
     * @return the largest body a record appended now could have, or -1 if no further record fits.
     */
    public int maxBodyLength()
    {
        return recordCount == MAX_RECORD_COUNT ? -1 : Math.max(-1, remaining() - RecordHeader.LENGTH);
    }

    public int recordCount()
    {
        return recordCount;
    }

    public boolean isEmpty()
    {
        return recordCount == 0;
    }

    public byte[] buffer()
    {
        return buffer;
    }

    public int offset()
    {
        return offset;
    }

    /**
     * Zero-fills the payload after the used length; the region then holds the complete block payload.
     *
     * @return the capacity (the number of bytes to hand to the FEC encoder).
     */
    public int finish()
    {
        Arrays.fill(buffer, offset + usedLength, offset + capacity, (byte)0);
        openRecordStart = NO_RECORD;
        return capacity;
    }

    /**
     * Appends a record that is already encoded (its 16-byte {@link RecordHeader} and body, e.g. as a journal stored
     * it), byte for byte, without decoding it. The record's own body length must match {@code length}.
     *
     * @param record bytes holding the record.
     * @param from   index of its first byte.
     * @param length header and body length.
     * @return false if it does not fit in what is left of the block, or if it is not a well-formed record of that
     *     length; the block is then unchanged.
     */
    public boolean appendEncoded(final byte[] record, final int from, final int length)
    {
        if (length < RecordHeader.LENGTH ||
            WireBytes.getI32(record, from + RecordHeader.BODY_LENGTH_OFFSET) != length - RecordHeader.LENGTH)
        {
            return false;
        }
        final int bodyLength = length - RecordHeader.LENGTH;
        final int start = openRecord(RecordType.TAG_DEFINITION, 0, bodyLength);
        if (start == NO_RECORD)
        {
            return false;
        }
        System.arraycopy(record, from, buffer, start, length);
        commitRecord(start, bodyLength);
        return true;
    }

    /**
     * Writes a record header after the last committed record without committing it.
     *
     * @return the absolute offset of the record in {@link #buffer()}, or -1 if a record with this body does not fit.
     */
    int openRecord(final RecordType type, final long streamSequence, final int bodyLength)
    {
        if (recordCount == MAX_RECORD_COUNT || bodyLength < 0 || bodyLength > remaining() - RecordHeader.LENGTH)
        {
            return NO_RECORD;
        }
        final int start = offset + usedLength;
        RecordHeader.write(buffer, start, type.id(), streamSequence, 0);
        openRecordStart = start;
        openRecordCommitted = false;
        return start;
    }

    /**
     * @return true if the record at this absolute offset is the last one opened and may still grow.
     */
    boolean isOpen(final int recordStart)
    {
        return recordStart != NO_RECORD && recordStart == openRecordStart;
    }

    /**
     * @return bytes the open record's body may occupy in total.
     */
    int maxOpenBodyLength(final int recordStart)
    {
        return offset + capacity - recordStart - RecordHeader.LENGTH;
    }

    /**
     * Makes the open record part of the block with this body length (again, as it grows).
     */
    void commitRecord(final int recordStart, final int bodyLength)
    {
        if (!isOpen(recordStart))
        {
            throw new IllegalStateException("record at " + recordStart + " is no longer the open record");
        }
        if (!openRecordCommitted)
        {
            openRecordCommitted = true;
            recordCount++;
            WireBytes.putU16(buffer, offset + RECORD_COUNT_OFFSET, recordCount);
            if (recordCount == 1)
            {
                WireBytes.putI64(buffer, offset + FIRST_STREAM_SEQUENCE_OFFSET,
                    WireBytes.getI64(buffer, recordStart + RecordHeader.STREAM_SEQUENCE_OFFSET));
            }
        }
        WireBytes.putI32(buffer, recordStart + RecordHeader.BODY_LENGTH_OFFSET, bodyLength);
        usedLength = recordStart - offset + RecordHeader.LENGTH + bodyLength;
        WireBytes.putI32(buffer, offset + USED_LENGTH_OFFSET, usedLength);
    }
}
