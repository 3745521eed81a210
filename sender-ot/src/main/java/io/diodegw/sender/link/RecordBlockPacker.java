package io.diodegw.sender.link;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

import io.diodegw.wire.record.BlockWriter;
import io.diodegw.wire.record.RecordHeader;

/**
 * Packs records that are already encoded (a {@link RecordHeader} and its body, as the OT journal stores them) into a
 * block payload, byte for byte, without decoding them: the block header is written by {@link BlockWriter} and kept
 * current here through its documented offsets (first stream sequence, used length, record count; little-endian).
 * The result reads back with {@code BlockReader} exactly as if every record had been written by its own encoder.
 *
 * <p>Not thread-safe; owned by the replicator thread. Allocation-free.
 */
public final class RecordBlockPacker
{
    private static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

    private final BlockWriter header = new BlockWriter();
    private byte[] buffer;
    private int offset;
    private int capacity;
    private int usedLength;
    private int recordCount;

    /**
     * Starts an empty block in {@code buffer[offset .. offset + capacity)}.
     *
     * @param capacity the block payload length k x symbol bytes.
     * @return this.
     * @throws IllegalArgumentException if the region is outside the buffer or shorter than the block header.
     */
    public RecordBlockPacker wrap(final byte[] buffer, final int offset, final int capacity)
    {
        header.wrap(buffer, offset, capacity);
        this.buffer = buffer;
        this.offset = offset;
        this.capacity = capacity;
        this.usedLength = BlockWriter.HEADER_LENGTH;
        this.recordCount = 0;
        return this;
    }

    /**
     * Appends one encoded record.
     *
     * @param record bytes holding the record (header and body).
     * @param from   index of its first byte.
     * @param length its length: 16 + its body length.
     * @return false if it does not fit in what is left of the block (the block is then unchanged).
     */
    public boolean append(final byte[] record, final int from, final int length)
    {
        if (recordCount == BlockWriter.MAX_RECORD_COUNT || length > capacity - usedLength)
        {
            return false;
        }
        final int at = offset + usedLength;
        System.arraycopy(record, from, buffer, at, length);
        if (recordCount == 0)
        {
            I64.set(buffer, offset + BlockWriter.FIRST_STREAM_SEQUENCE_OFFSET,
                (long)I64.get(record, from + RecordHeader.STREAM_SEQUENCE_OFFSET));
        }
        recordCount++;
        usedLength += length;
        I32.set(buffer, offset + BlockWriter.USED_LENGTH_OFFSET, usedLength);
        I16.set(buffer, offset + BlockWriter.RECORD_COUNT_OFFSET, (short)recordCount);
        return true;
    }

    /** Zero-fills the rest of the block; the region then holds the complete block payload for the FEC encoder. */
    public void finish()
    {
        Arrays.fill(buffer, offset + usedLength, offset + capacity, (byte)0);
    }

    /** @return records in the block. */
    public int recordCount()
    {
        return recordCount;
    }

    /** @return bytes of header and records. */
    public int usedLength()
    {
        return usedLength;
    }

    /** @return the block payload length given to {@link #wrap}. */
    public int capacity()
    {
        return capacity;
    }
}
