package io.diodegw.wire.record;

/**
 * Iterates the values of a batch record body (TAG_VALUE_BATCH, HISTORY_BATCH or SNAPSHOT_PART; layout in
 * {@link TagValueBatchWriter}). Bytes after the last value are ignored. A {@link BlockReader} hands out a batch
 * reader only for records it has already checked value by value, so {@link #next} does not fail on them; on bytes
 * from elsewhere {@link #next} returns false at the first malformed value and {@link #isMalformed()} tells so.
 *
 * <p>Not thread-safe; one owner. Decoding a bits-valued scalar (see {@link TagValue}) never allocates.
 */
public final class TagValueBatchReader
{
    private final WireCursor cursor = new WireCursor();
    private RecordType type;
    private int sourceId;
    private long snapshotId;
    private int partIndex;
    private int count;
    private long baseTimeTicks;
    private int valuesStart;
    private int index;
    private int previousTagId;
    private long previousSourceTicks;
    private boolean malformed;

    /**
     * Reads the prefix and batch header of a batch body.
     *
     * @param type TAG_VALUE_BATCH, HISTORY_BATCH or SNAPSHOT_PART.
     * @return false if the type is not a batch type or the body is shorter than its headers.
     */
    public boolean wrap(final RecordType type, final byte[] buffer, final int offset, final int length)
    {
        this.type = type;
        sourceId = 0;
        snapshotId = 0;
        partIndex = 0;
        count = 0;
        baseTimeTicks = 0;
        index = 0;
        malformed = false;
        cursor.wrap(buffer, offset, length);
        if (type == RecordType.HISTORY_BATCH)
        {
            sourceId = cursor.i32();
        }
        else if (type == RecordType.SNAPSHOT_PART)
        {
            snapshotId = cursor.i64();
            partIndex = cursor.i32();
        }
        else if (type != RecordType.TAG_VALUE_BATCH)
        {
            cursor.fail();
        }
        count = cursor.u16();
        baseTimeTicks = cursor.i64();
        valuesStart = cursor.position();
        previousTagId = 0;
        previousSourceTicks = baseTimeTicks;
        malformed = cursor.failed();
        if (malformed)
        {
            count = 0;
        }
        return !malformed;
    }

    /**
     * Decodes the next value into the holder (all of its fields are overwritten).
     *
     * @return false after the last value or at a malformed value (the holder is then unspecified).
     */
    public boolean next(final TagValue into)
    {
        return next(into, true);
    }

    /**
     * Walks all values without allocating, then rewinds to the first value.
     *
     * @param scratch a holder to decode into.
     * @return true if every value is well-formed.
     */
    boolean validate(final TagValue scratch)
    {
        while (next(scratch, false))
        {
            // walking is the check
        }
        final boolean valid = !malformed;
        rewind();
        return valid;
    }

    /**
     * @return true if a value was found malformed.
     */
    public boolean isMalformed()
    {
        return malformed;
    }

    public RecordType recordType()
    {
        return type;
    }

    /**
     * @return number of values the batch header announces.
     */
    public int count()
    {
        return count;
    }

    /**
     * @return values not yet returned by {@link #next}.
     */
    public int remaining()
    {
        return count - index;
    }

    /**
     * @return base time in 100-ns ticks since 1601-01-01 UTC.
     */
    public long baseTimeTicks()
    {
        return baseTimeTicks;
    }

    /**
     * @return source id of a HISTORY_BATCH (u32), else 0.
     */
    public int sourceId()
    {
        return sourceId;
    }

    /**
     * @return snapshot id of a SNAPSHOT_PART, else 0.
     */
    public long snapshotId()
    {
        return snapshotId;
    }

    /**
     * @return part index (u32) of a SNAPSHOT_PART, else 0.
     */
    public int partIndex()
    {
        return partIndex;
    }

    private boolean next(final TagValue into, final boolean materialize)
    {
        if (index >= count || malformed)
        {
            return false;
        }
        if (!TagValueCodec.decode(cursor, into, previousTagId, previousSourceTicks, materialize))
        {
            malformed = true;
            return false;
        }
        previousTagId = into.tagId();
        if (into.hasSourceTime())
        {
            previousSourceTicks = into.sourceTimeTicks();
        }
        index++;
        return true;
    }

    private void rewind()
    {
        cursor.wrap(cursor.buffer(), valuesStart, cursor.limit() - valuesStart);
        index = 0;
        previousTagId = 0;
        previousSourceTicks = baseTimeTicks;
        malformed = false;
    }
}
