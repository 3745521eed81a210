package io.diodegw.wire.record;

import java.util.Arrays;
import java.util.Objects;

/**
 * GAP_NOTICE record body: the stream sequences from..to (inclusive) are lost for good, with the time span and the
 * sources they covered, so the loss is explicit instead of silent. Fields are little-endian; a notice with from
 * greater than to (unsigned) is malformed. Bytes after the last field are ignored.
 *
 * <pre>
 *   +--------+------+----------------------------------------------------+
 *   | offset | size | field                                              |
 *   +--------+------+----------------------------------------------------+
 *   |      0 |    8 | from stream sequence (u64)                         |
 *   |      8 |    8 | to stream sequence, inclusive (u64)                |
 *   |     16 |    8 | first time (i64, 100-ns ticks since 1601-01-01)    |
 *   |     24 |    8 | last time (i64, 100-ns ticks since 1601-01-01)     |
 *   |     32 |    2 | affected source count n (u16)                      |
 *   |     34 |  4 n | affected source ids (u32 each)                     |
 *   +--------+------+----------------------------------------------------+
 * </pre>
 *
 * <p>A mutable holder; not thread-safe.
 */
public final class GapNotice
{
    /** Offset of the u64 first lost stream sequence. */
    public static final int FROM_SEQUENCE_OFFSET = 0;
    /** Offset of the u64 last lost stream sequence. */
    public static final int TO_SEQUENCE_OFFSET = 8;
    /** Offset of the i64 first time. */
    public static final int FIRST_TIME_OFFSET = 16;
    /** Offset of the i64 last time. */
    public static final int LAST_TIME_OFFSET = 24;
    /** Offset of the u16 source count. */
    public static final int SOURCE_COUNT_OFFSET = 32;
    /** Offset of the source ids. */
    public static final int SOURCE_IDS_OFFSET = 34;
    /** Most source ids in one notice (u16 count). */
    public static final int MAX_SOURCE_IDS = 0xFFFF;

    private static final int[] NO_SOURCES = new int[0];

    private final WireCursor cursor = new WireCursor();
    private long fromSequence;
    private long toSequence;
    private long firstTimeTicks;
    private long lastTimeTicks;
    private int[] sourceIds = NO_SOURCES;

    public long fromSequence()
    {
        return fromSequence;
    }

    public long toSequence()
    {
        return toSequence;
    }

    /**
     * @param fromSequence first lost stream sequence.
     * @param toSequence last lost stream sequence, inclusive; not below {@code fromSequence} (unsigned).
     * @throws IllegalArgumentException if {@code toSequence} is below {@code fromSequence}.
     */
    public GapNotice range(final long fromSequence, final long toSequence)
    {
        if (Long.compareUnsigned(fromSequence, toSequence) > 0)
        {
            throw new IllegalArgumentException("gap from " + Long.toUnsignedString(fromSequence) + " > to " +
                Long.toUnsignedString(toSequence));
        }
        this.fromSequence = fromSequence;
        this.toSequence = toSequence;
        return this;
    }

    /**
     * @return 100-ns ticks since 1601-01-01 UTC of the earliest lost data.
     */
    public long firstTimeTicks()
    {
        return firstTimeTicks;
    }

    public GapNotice firstTimeTicks(final long firstTimeTicks)
    {
        this.firstTimeTicks = firstTimeTicks;
        return this;
    }

    /**
     * @return 100-ns ticks since 1601-01-01 UTC of the latest lost data.
     */
    public long lastTimeTicks()
    {
        return lastTimeTicks;
    }

    public GapNotice lastTimeTicks(final long lastTimeTicks)
    {
        this.lastTimeTicks = lastTimeTicks;
        return this;
    }

    /**
     * @return affected source ids (u32 each); empty if none are known. Do not modify.
     */
    public int[] sourceIds()
    {
        return sourceIds;
    }

    /**
     * @param sourceIds null for none; the holder takes ownership.
     * @throws IllegalArgumentException if more than 65535 ids.
     */
    public GapNotice sourceIds(final int[] sourceIds)
    {
        if (sourceIds != null && sourceIds.length > MAX_SOURCE_IDS)
        {
            throw new IllegalArgumentException(sourceIds.length + " source ids > " + MAX_SOURCE_IDS);
        }
        this.sourceIds = sourceIds == null ? NO_SOURCES : sourceIds;
        return this;
    }

    public int bodyLength()
    {
        return SOURCE_IDS_OFFSET + 4 * sourceIds.length;
    }

    /**
     * Appends this record to the block.
     *
     * @return false if it does not fit; the block is then unchanged.
     */
    public boolean writeTo(final BlockWriter block, final long streamSequence)
    {
        final int length = bodyLength();
        final int start = block.openRecord(RecordType.GAP_NOTICE, streamSequence, length);
        if (start < 0)
        {
            return false;
        }
        final byte[] b = block.buffer();
        final int body = start + RecordHeader.LENGTH;
        WireBytes.putI64(b, body + FROM_SEQUENCE_OFFSET, fromSequence);
        WireBytes.putI64(b, body + TO_SEQUENCE_OFFSET, toSequence);
        WireBytes.putI64(b, body + FIRST_TIME_OFFSET, firstTimeTicks);
        WireBytes.putI64(b, body + LAST_TIME_OFFSET, lastTimeTicks);
        WireBytes.putU16(b, body + SOURCE_COUNT_OFFSET, sourceIds.length);
        int p = body + SOURCE_IDS_OFFSET;
        for (final int id : sourceIds)
        {
            WireBytes.putI32(b, p, id);
            p += 4;
        }
        block.commitRecord(start, length);
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
        fromSequence = c.i64();
        toSequence = c.i64();
        firstTimeTicks = c.i64();
        lastTimeTicks = c.i64();
        final int n = c.u16();
        if (c.failed() || Long.compareUnsigned(fromSequence, toSequence) > 0 || !c.require(4L * n))
        {
            return c.fail();
        }
        sourceIds = n == 0 ? NO_SOURCES : new int[n];
        for (int i = 0; i < n; i++)
        {
            sourceIds[i] = c.i32();
        }
        return !c.failed();
    }

    @Override
    public boolean equals(final Object o)
    {
        if (!(o instanceof GapNotice))
        {
            return false;
        }
        final GapNotice that = (GapNotice)o;
        return fromSequence == that.fromSequence && toSequence == that.toSequence &&
            firstTimeTicks == that.firstTimeTicks && lastTimeTicks == that.lastTimeTicks &&
            Arrays.equals(sourceIds, that.sourceIds);
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(fromSequence, toSequence, firstTimeTicks, lastTimeTicks, Arrays.hashCode(sourceIds));
    }

    @Override
    public String toString()
    {
        return "GapNotice{from=" + Long.toUnsignedString(fromSequence) + ", to=" + Long.toUnsignedString(toSequence) +
            ", firstTimeTicks=" + firstTimeTicks + ", lastTimeTicks=" + lastTimeTicks + ", sourceIds=" +
            Arrays.toString(sourceIds) + '}';
    }
}
