package io.diodegw.wire.record;

import java.util.Arrays;
import java.util.Objects;

/**
 * FILE_CHUNK record body: one chunk of a file announced by a FILE_MANIFEST. Fields are little-endian; the data length
 * is explicit so a cut body is detected. Bytes after the data are ignored. The sender sizes chunks so that a chunk
 * record fits in one block.
 *
 * <pre>
 *   +--------+------+----------------------------------------------------+
 *   | offset | size | field                                              |
 *   +--------+------+----------------------------------------------------+
 *   |      0 |    8 | file id (u64)                                      |
 *   |      8 |    4 | chunk index (u32)                                  |
 *   |     12 |    4 | data length n (u32)                                |
 *   |     16 |    8 | byte offset of the chunk in the file (u64)         |
 *   |     24 |    n | data                                               |
 *   +--------+------+----------------------------------------------------+
 * </pre>
 *
 * <p>A mutable holder; not thread-safe. The data is a view, never copied by the holder: when writing, of the caller's
 * array; after decoding, of the block buffer (valid until that buffer is reused; {@link #copyData()} keeps it).
 */
public final class FileChunk
{
    /** Offset of the u64 file id. */
    public static final int FILE_ID_OFFSET = 0;
    /** Offset of the u32 chunk index. */
    public static final int CHUNK_INDEX_OFFSET = 8;
    /** Offset of the u32 data length. */
    public static final int DATA_LENGTH_OFFSET = 12;
    /** Offset of the u64 byte offset. */
    public static final int BYTE_OFFSET_OFFSET = 16;
    /** Offset of the data. */
    public static final int DATA_OFFSET = 24;

    private static final byte[] EMPTY = new byte[0];

    private final WireCursor cursor = new WireCursor();
    private long fileId;
    private int chunkIndex;
    private long byteOffset;
    private byte[] dataBuffer = EMPTY;
    private int dataOffset;
    private int dataLength;

    public long fileId()
    {
        return fileId;
    }

    public FileChunk fileId(final long fileId)
    {
        this.fileId = fileId;
        return this;
    }

    /**
     * @return index of the chunk in the file (u32), from 0.
     */
    public int chunkIndex()
    {
        return chunkIndex;
    }

    public FileChunk chunkIndex(final int chunkIndex)
    {
        this.chunkIndex = chunkIndex;
        return this;
    }

    public long byteOffset()
    {
        return byteOffset;
    }

    public FileChunk byteOffset(final long byteOffset)
    {
        this.byteOffset = byteOffset;
        return this;
    }

    /**
     * Sets the data as a view of the caller's array (not copied).
     *
     * @throws IndexOutOfBoundsException if the range is outside the array.
     */
    public FileChunk data(final byte[] buffer, final int offset, final int length)
    {
        Objects.checkFromIndexSize(offset, length, buffer.length);
        dataBuffer = buffer;
        dataOffset = offset;
        dataLength = length;
        return this;
    }

    /**
     * @return the array holding the data (see {@link #dataOffset()} and {@link #dataLength()}).
     */
    public byte[] dataBuffer()
    {
        return dataBuffer;
    }

    public int dataOffset()
    {
        return dataOffset;
    }

    public int dataLength()
    {
        return dataLength;
    }

    /**
     * @return a new array with the data.
     */
    public byte[] copyData()
    {
        return Arrays.copyOfRange(dataBuffer, dataOffset, dataOffset + dataLength);
    }

    public int bodyLength()
    {
        return DATA_OFFSET + dataLength;
    }

    /**
     * Appends this record to the block.
     *
     * @return false if it does not fit; the block is then unchanged.
     */
    public boolean writeTo(final BlockWriter block, final long streamSequence)
    {
        final int length = bodyLength();
        final int start = block.openRecord(RecordType.FILE_CHUNK, streamSequence, length);
        if (start < 0)
        {
            return false;
        }
        final byte[] b = block.buffer();
        final int body = start + RecordHeader.LENGTH;
        WireBytes.putI64(b, body + FILE_ID_OFFSET, fileId);
        WireBytes.putI32(b, body + CHUNK_INDEX_OFFSET, chunkIndex);
        WireBytes.putI32(b, body + DATA_LENGTH_OFFSET, dataLength);
        WireBytes.putI64(b, body + BYTE_OFFSET_OFFSET, byteOffset);
        System.arraycopy(dataBuffer, dataOffset, b, body + DATA_OFFSET, dataLength);
        block.commitRecord(start, length);
        return true;
    }

    /**
     * Decodes a body; never throws. The data then refers to {@code buffer}.
     *
     * @return false if the bytes are malformed (the holder's contents are then unspecified).
     */
    public boolean readFrom(final byte[] buffer, final int offset, final int length)
    {
        return decode(cursor.wrap(buffer, offset, length));
    }

    boolean decode(final WireCursor c)
    {
        fileId = c.i64();
        chunkIndex = c.i32();
        final int length = c.i32();
        byteOffset = c.i64();
        if (c.failed() || !c.require(length & 0xFFFF_FFFFL))
        {
            return c.fail();
        }
        dataBuffer = c.buffer();
        dataOffset = c.position();
        dataLength = length;
        c.skip(length);
        return !c.failed();
    }

    /**
     * Equal when ids, offsets and data bytes are equal (wherever the data lives).
     */
    @Override
    public boolean equals(final Object o)
    {
        if (!(o instanceof FileChunk))
        {
            return false;
        }
        final FileChunk that = (FileChunk)o;
        return fileId == that.fileId && chunkIndex == that.chunkIndex && byteOffset == that.byteOffset &&
            Arrays.equals(dataBuffer, dataOffset, dataOffset + dataLength,
                that.dataBuffer, that.dataOffset, that.dataOffset + that.dataLength);
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(fileId, chunkIndex, byteOffset, Arrays.hashCode(copyData()));
    }

    @Override
    public String toString()
    {
        return "FileChunk{fileId=" + fileId + ", chunkIndex=" + Integer.toUnsignedString(chunkIndex) +
            ", byteOffset=" + byteOffset + ", dataLength=" + dataLength + '}';
    }
}
