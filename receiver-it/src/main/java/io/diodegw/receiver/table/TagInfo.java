package io.diodegw.receiver.table;

import java.util.Arrays;
import java.util.Objects;

import io.diodegw.wire.record.TagDefinition;

/**
 * What a TAG_DEFINITION said about a tag, frozen: immutable and safe to share between threads. Two infos are equal
 * when every field is (array dimensions by content).
 *
 * @param tagId            the tag id (u32 bit pattern).
 * @param sourceId         the source the tag belongs to (u32 bit pattern).
 * @param dataType         the declared OPC UA built-in type id.
 * @param valueRank        the OPC UA ValueRank.
 * @param arrayDimensions  the declared array dimensions (a private copy; do not modify), possibly empty.
 * @param nodeId           the OPC UA NodeId in text form, or null.
 * @param browsePath       the browse path, or null.
 * @param engineeringUnits the engineering units, or null.
 * @param description      the description, or null.
 */
public record TagInfo(
    int tagId,
    int sourceId,
    int dataType,
    int valueRank,
    int[] arrayDimensions,
    String nodeId,
    String browsePath,
    String engineeringUnits,
    String description)
{
    /** @return a frozen copy of a decoded definition. */
    public static TagInfo of(final TagDefinition definition)
    {
        final int[] dimensions = definition.arrayDimensions();
        return new TagInfo(definition.tagId(), definition.sourceId(), definition.dataType(), definition.valueRank(),
            dimensions == null ? new int[0] : dimensions.clone(), definition.nodeId(), definition.browsePath(),
            definition.engineeringUnits(), definition.description());
    }

    @Override
    public boolean equals(final Object o)
    {
        if (this == o)
        {
            return true;
        }
        if (!(o instanceof TagInfo))
        {
            return false;
        }
        final TagInfo that = (TagInfo)o;
        return tagId == that.tagId && sourceId == that.sourceId && dataType == that.dataType &&
            valueRank == that.valueRank && Arrays.equals(arrayDimensions, that.arrayDimensions) &&
            Objects.equals(nodeId, that.nodeId) && Objects.equals(browsePath, that.browsePath) &&
            Objects.equals(engineeringUnits, that.engineeringUnits) && Objects.equals(description, that.description);
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(tagId, sourceId, dataType, valueRank, Arrays.hashCode(arrayDimensions), nodeId,
            browsePath, engineeringUnits, description);
    }
}
