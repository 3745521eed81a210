package io.diodegw.wire.record;

import java.util.Objects;

/**
 * SNAPSHOT_END record body: the snapshot is complete with this many parts and tags; a receiver that holds every part
 * can trust the snapshot. Fields are little-endian; bytes after the last field are ignored.
 *
 * <pre>
 *   +--------+------+----------------------------------------------------+
 *   | offset | size | field                                              |
 *   +--------+------+----------------------------------------------------+
 *   |      0 |    8 | snapshot id (u64)                                  |
 *   |      8 |    4 | part count (u32)                                   |
 *   |     12 |    4 | tag count (u32)                                    |
 *   +--------+------+----------------------------------------------------+
 * </pre>
 *
 * <p>A mutable holder; not thread-safe.
 */
public final class SnapshotEnd
{
    /** Offset of the u64 snapshot id. */
    public static final int SNAPSHOT_ID_OFFSET = 0;
    /** Offset of the u32 part count. */
    public static final int PART_COUNT_OFFSET = 8;
    /** Offset of the u32 tag count. */
    public static final int TAG_COUNT_OFFSET = 12;
    /** Body length in bytes. */
    public static final int BODY_LENGTH = 16;

    private final WireCursor cursor = new WireCursor();
    private long snapshotId;
    private int partCount;
    private int tagCount;

    public long snapshotId()
    {
        return snapshotId;
    }

    public SnapshotEnd snapshotId(final long snapshotId)
    {
        this.snapshotId = snapshotId;
        return this;
    }

    /**
     * @return number of SNAPSHOT_PART records (u32).
     */
    public int partCount()
    {
        return partCount;
    }

    public SnapshotEnd partCount(final int partCount)
    {
        this.partCount = partCount;
        return this;
    }

    /**
     * @return number of tags over all parts (u32).
     */
    public int tagCount()
    {
        return tagCount;
    }

    public SnapshotEnd tagCount(final int tagCount)
    {
        this.tagCount = tagCount;
        return this;
    }

    /**
     * Appends this record to the block.
     *
     * @return false if it does not fit; the block is then unchanged.
     */
    public boolean writeTo(final BlockWriter block, final long streamSequence)
    {
        final int start = block.openRecord(RecordType.SNAPSHOT_END, streamSequence, BODY_LENGTH);
        if (start < 0)
        {
            return false;
        }
        final byte[] b = block.buffer();
        final int body = start + RecordHeader.LENGTH;
        WireBytes.putI64(b, body + SNAPSHOT_ID_OFFSET, snapshotId);
        WireBytes.putI32(b, body + PART_COUNT_OFFSET, partCount);
        WireBytes.putI32(b, body + TAG_COUNT_OFFSET, tagCount);
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
        snapshotId = c.i64();
        partCount = c.i32();
        tagCount = c.i32();
        return !c.failed();
    }

    @Override
    public boolean equals(final Object o)
    {
        if (!(o instanceof SnapshotEnd))
        {
            return false;
        }
        final SnapshotEnd that = (SnapshotEnd)o;
        return snapshotId == that.snapshotId && partCount == that.partCount && tagCount == that.tagCount;
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(snapshotId, partCount, tagCount);
    }

    @Override
    public String toString()
    {
        return "SnapshotEnd{snapshotId=" + snapshotId + ", partCount=" + Integer.toUnsignedString(partCount) +
            ", tagCount=" + Integer.toUnsignedString(tagCount) + '}';
    }
}
