package io.diodegw.receiver.table;

import io.diodegw.wire.record.TagDefinition;

/**
 * What a TAG_DEFINITION said about a tag, frozen: immutable and safe to share between threads.
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
}
