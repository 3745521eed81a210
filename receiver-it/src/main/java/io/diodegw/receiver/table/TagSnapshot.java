package io.diodegw.receiver.table;

import io.diodegw.wire.record.RecordType;
import io.diodegw.wire.record.StatusCodes;
import io.diodegw.wire.record.TagValue;

/**
 * One tag as the table holds it at one instant: its definition and its current value. Immutable once published: the
 * table replaces a tag's snapshot as a whole and never changes one it handed out, so a reader sees the definition,
 * value, status and timestamps of one and the same update.
 */
public final class TagSnapshot
{
    private final int tagId;
    private final TagInfo info;
    private final TagValue value;
    private final RecordType origin;
    private final long streamSequence;
    private final long appliedMs;

    TagSnapshot(
        final int tagId,
        final TagInfo info,
        final TagValue value,
        final RecordType origin,
        final long streamSequence,
        final long appliedMs)
    {
        this.tagId = tagId;
        this.info = info;
        this.value = value;
        this.origin = origin;
        this.streamSequence = streamSequence;
        this.appliedMs = appliedMs;
    }

    TagSnapshot withInfo(final TagInfo newInfo)
    {
        return new TagSnapshot(tagId, newInfo, value, origin, streamSequence, appliedMs);
    }

    /** @return the tag id (u32 bit pattern). */
    public int tagId()
    {
        return tagId;
    }

    /** @return the definition, or null while no TAG_DEFINITION for this id arrived. */
    public TagInfo info()
    {
        return info;
    }

    /**
     * @return the current value (value, StatusCode, timestamps), or null while none arrived. Shared and read-only:
     *     callers must not call its setters.
     */
    public TagValue value()
    {
        return value;
    }

    /** @return the record type the current value came in (live batch, snapshot part or history), or null. */
    public RecordType origin()
    {
        return origin;
    }

    /** @return the stream sequence of the record that carried the current value, or -1. */
    public long streamSequence()
    {
        return streamSequence;
    }

    /** @return when the current value was applied, ms since 1970-01-01T00:00Z, or 0 if none. */
    public long appliedMs()
    {
        return appliedMs;
    }

    /** @return the value's StatusCode, or {@link StatusCodes#BAD_WAITING_FOR_INITIAL_DATA} while no value arrived. */
    public int statusCode()
    {
        return value == null ? StatusCodes.BAD_WAITING_FOR_INITIAL_DATA : value.statusCode();
    }

    /**
     * @param nowMs the reader's clock, ms since 1970-01-01T00:00Z.
     * @return ms since the value's source timestamp (its server timestamp when it has none, else its apply time), or
     *     -1 while no value arrived.
     */
    public long ageMs(final long nowMs)
    {
        if (value == null)
        {
            return -1;
        }
        if (value.hasSourceTime())
        {
            return nowMs - OpcUaTime.toUnixMs(value.sourceTimeTicks());
        }
        if (value.hasServerTime())
        {
            return nowMs - OpcUaTime.toUnixMs(value.serverTimeTicks());
        }
        return nowMs - appliedMs;
    }

    /** @return the browse path, or "" without definition; the table's sort key. */
    public String browsePathOrEmpty()
    {
        return info == null || info.browsePath() == null ? "" : info.browsePath();
    }
}
