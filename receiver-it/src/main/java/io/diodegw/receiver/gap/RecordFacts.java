package io.diodegw.receiver.gap;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import io.diodegw.wire.record.RecordType;
import io.diodegw.wire.record.SourceState;
import io.diodegw.wire.record.TagDefinition;
import io.diodegw.wire.record.TagValueBatchWriter;

/**
 * Two facts read straight from a well-formed record body without decoding it: its time and its source. Used to give
 * gaps a time span and the sources they may affect.
 *
 * <p>Stateless and thread-safe; allocation-free; never throws (a body too short for the field yields "none").
 */
public final class RecordFacts
{
    /** {@link #sourceId} of a record that names no source. */
    public static final long NO_SOURCE = -1;

    private static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int I64_BYTES = Long.BYTES;
    private static final int I32_BYTES = Integer.BYTES;

    private RecordFacts()
    {
    }

    /**
     * @return the record's time in 100-ns ticks since 1601-01-01 UTC: a value batch's base time (its first value's
     *     source time, else server time), a source state's time; 0 for other types or none.
     */
    public static long timeTicks(final RecordType type, final byte[] buffer, final int offset, final int length)
    {
        if (type == null || buffer == null)
        {
            return 0;
        }
        switch (type)
        {
            case TAG_VALUE_BATCH:
                return i64(buffer, offset, length, TagValueBatchWriter.BASE_TIME_OFFSET);
            case HISTORY_BATCH:
                return i64(buffer, offset, length,
                    TagValueBatchWriter.HISTORY_PREFIX_LENGTH + TagValueBatchWriter.BASE_TIME_OFFSET);
            case SOURCE_STATE:
                return i64(buffer, offset, length, SourceState.TIME_OFFSET);
            default:
                return 0;
        }
    }

    /**
     * @return the source id (u32) a tag definition, source state or history batch names; {@link #NO_SOURCE} for other
     *     types or a body too short.
     */
    public static long sourceId(final RecordType type, final byte[] buffer, final int offset, final int length)
    {
        if (type == null || buffer == null)
        {
            return NO_SOURCE;
        }
        switch (type)
        {
            case TAG_DEFINITION:
                return u32(buffer, offset, length, TagDefinition.SOURCE_ID_OFFSET);
            case SOURCE_STATE:
                return u32(buffer, offset, length, SourceState.SOURCE_ID_OFFSET);
            case HISTORY_BATCH:
                return u32(buffer, offset, length, TagValueBatchWriter.HISTORY_SOURCE_ID_OFFSET);
            default:
                return NO_SOURCE;
        }
    }

    private static long i64(final byte[] buffer, final int offset, final int length, final int field)
    {
        if (offset < 0 || length < field + I64_BYTES || offset > buffer.length - field - I64_BYTES)
        {
            return 0;
        }
        return (long)I64.get(buffer, offset + field);
    }

    private static long u32(final byte[] buffer, final int offset, final int length, final int field)
    {
        if (offset < 0 || length < field + I32_BYTES || offset > buffer.length - field - I32_BYTES)
        {
            return NO_SOURCE;
        }
        return Integer.toUnsignedLong((int)I32.get(buffer, offset + field));
    }
}
