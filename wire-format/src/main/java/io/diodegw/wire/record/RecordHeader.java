package io.diodegw.wire.record;

/**
 * The 16-byte header in front of every record of a block payload. All fields are little-endian. The body length
 * counts the bytes after this header, so a reader skips any record, known or not, by its length. The flags are
 * reserved: written as 0 and ignored by readers. The stream sequence is the 64-bit sequence the sender assigned to
 * the record.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |          Type (u16)           |          Flags (u16)          |
 *  +-------------------------------+-------------------------------+
 *  |                       Body Length (u32)                       |
 *  +---------------------------------------------------------------+
 *  |                                                               |
 *  +                     Stream Sequence (u64)                     +
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                   Body (Body Length bytes)                  ...
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class RecordHeader
{
    /** Offset of the u16 record type id ({@link RecordType#id()}). */
    public static final int TYPE_OFFSET = 0;
    /** Offset of the u16 reserved flags. */
    public static final int FLAGS_OFFSET = 2;
    /** Offset of the u32 body length. */
    public static final int BODY_LENGTH_OFFSET = 4;
    /** Offset of the u64 stream sequence. */
    public static final int STREAM_SEQUENCE_OFFSET = 8;
    /** Length of the header in bytes. */
    public static final int LENGTH = 16;

    private RecordHeader()
    {
    }

    static void write(
        final byte[] buffer, final int offset, final int typeId, final long streamSequence, final int bodyLength)
    {
        WireBytes.putU16(buffer, offset + TYPE_OFFSET, typeId);
        WireBytes.putU16(buffer, offset + FLAGS_OFFSET, 0);
        WireBytes.putI32(buffer, offset + BODY_LENGTH_OFFSET, bodyLength);
        WireBytes.putI64(buffer, offset + STREAM_SEQUENCE_OFFSET, streamSequence);
    }
}
