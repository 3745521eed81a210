package io.diodegw.wire.record;

import java.util.Objects;

/**
 * SNAPSHOT_BEGIN record body: a snapshot of every tag's current value starts. The values that follow in SNAPSHOT_PART
 * records are those as of the cut: the state after applying every record up to and including the cut stream
 * sequence. Fields are little-endian; bytes after the last field are ignored.
 *
 * <pre>
 *   +--------+------+----------------------------------------------------+
 *   | offset | size | field                                              |
 *   +--------+------+----------------------------------------------------+
 *   |      0 |    8 | snapshot id (u64)                                  |
 *   |      8 |    8 | cut stream sequence (u64)                          |
 *   |     16 |    4 | tag count (u32)                                    |
 *   |     20 |    8 | time (i64, 100-ns ticks since 1601-01-01 UTC)      |
 *   +--------+------+----------------------------------------------------+
 * </pre>
 *
 * <p>A mutable holder; not thread-safe.
 */
public final class SnapshotBegin
{
    /** Offset of the u64 snapshot id. */
    public static final int SNAPSHOT_ID_OFFSET = 0;
    /** Offset of the u64 cut stream sequence. */
    public static final int CUT_STREAM_SEQUENCE_OFFSET = 8;
    /** Offset of the u32 tag count. */
    public static final int TAG_COUNT_OFFSET = 16;
    /** Offset of the i64 time. */
    public static final int TIME_OFFSET = 20;
    /** Body length in bytes. */
    public static final int BODY_LENGTH = 28;

    private final WireCursor cursor = new WireCursor();
    private long snapshotId;
    private long cutStreamSequence;
    private int tagCount;
    private long timeTicks;

    public long snapshotId()
    {
        return snapshotId;
    }

    public SnapshotBegin snapshotId(final long snapshotId)
    {
        this.snapshotId = snapshotId;
        return this;
    }

    public long cutStreamSequence()
    {
        return cutStreamSequence;
    }

    public SnapshotBegin cutStreamSequence(final long cutStreamSequence)
    {
        this.cutStreamSequence = cutStreamSequence;
        return this;
    }

    /**
     * @return number of tags in the snapshot (u32).
     */
    public int tagCount()
    {
        return tagCount;
    }

    public SnapshotBegin tagCount(final int tagCount)
    {
        this.tagCount = tagCount;
        return this;
    }

    /**
     * @return 100-ns ticks since 1601-01-01 UTC.
     */
    public long timeTicks()
    {
        return timeTicks;
    }

    public SnapshotBegin timeTicks(final long timeTicks)
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
        final int start = block.openRecord(RecordType.SNAPSHOT_BEGIN, streamSequence, BODY_LENGTH);
        if (start < 0)
        {
            return false;
        }
        final byte[] b = block.buffer();
        final int body = start + RecordHeader.LENGTH;
        WireBytes.putI64(b, body + SNAPSHOT_ID_OFFSET, snapshotId);
        WireBytes.putI64(b, body + CUT_STREAM_SEQUENCE_OFFSET, cutStreamSequence);
        WireBytes.putI32(b, body + TAG_COUNT_OFFSET, tagCount);
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
        snapshotId = c.i64();
        cutStreamSequence = c.i64();
        tagCount = c.i32();
        timeTicks = c.i64();
        return !c.failed();
    }

    @Override
    public boolean equals(final Object o)
    {
        if (!(o instanceof SnapshotBegin))
        {
            return false;
        }
        final SnapshotBegin that = (SnapshotBegin)o;
        return snapshotId == that.snapshotId && cutStreamSequence == that.cutStreamSequence &&
            tagCount == that.tagCount && timeTicks == that.timeTicks;
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(snapshotId, cutStreamSequence, tagCount, timeTicks);
    }

    @Override
    public String toString()
    {
        return "SnapshotBegin{snapshotId=" + snapshotId + ", cutStreamSequence=" + cutStreamSequence +
            ", tagCount=" + Integer.toUnsignedString(tagCount) + ", timeTicks=" + timeTicks + '}';
    }
}
