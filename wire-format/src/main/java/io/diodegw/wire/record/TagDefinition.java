package io.diodegw.wire.record;

import java.util.Arrays;
import java.util.Objects;

/**
 * TAG_DEFINITION record body: binds a tag id to its source and OPC UA identity, declared data type, value rank,
 * array dimensions, engineering units and description. Fixed-width fields are little-endian; a "string" is a varint
 * of (UTF-8 byte length + 1, 0 for null) followed by strict UTF-8. Bytes after the last field are ignored.
 *
 * <pre>
 *   +--------+------+----------------------------------------------------+
 *   | offset | size | field                                              |
 *   +--------+------+----------------------------------------------------+
 *   |      0 |    4 | tag id (u32)                                       |
 *   |      4 |    4 | source id (u32)                                    |
 *   |      8 |    1 | data type: OPC UA built-in type id (u8, 0..25)     |
 *   |      9 |    4 | value rank (i32, OPC UA ValueRank)                 |
 *   |     13 |  var | array dimension count n (varint)                   |
 *   |    ... |  4 n | array dimensions (u32 each)                        |
 *   |    ... |  var | node id (string, OPC UA NodeId text form)          |
 *   |    ... |  var | browse path (string)                               |
 *   |    ... |  var | engineering units (string)                         |
 *   |    ... |  var | description (string)                               |
 *   +--------+------+----------------------------------------------------+
 * </pre>
 *
 * <p>A mutable holder; not thread-safe. Strings may be null.
 */
public final class TagDefinition
{
    /** Offset of the u32 tag id. */
    public static final int TAG_ID_OFFSET = 0;
    /** Offset of the u32 source id. */
    public static final int SOURCE_ID_OFFSET = 4;
    /** Offset of the u8 data type. */
    public static final int DATA_TYPE_OFFSET = 8;
    /** Offset of the i32 value rank. */
    public static final int VALUE_RANK_OFFSET = 9;
    /** Offset of the array dimension count varint. */
    public static final int ARRAY_DIMENSIONS_OFFSET = 13;

    private static final int[] NO_DIMENSIONS = new int[0];

    private final WireCursor cursor = new WireCursor();
    private int tagId;
    private int sourceId;
    private int dataType;
    private int valueRank = -1;
    private int[] arrayDimensions = NO_DIMENSIONS;
    private String nodeId;
    private String browsePath;
    private String engineeringUnits;
    private String description;

    public int tagId()
    {
        return tagId;
    }

    public TagDefinition tagId(final int tagId)
    {
        this.tagId = tagId;
        return this;
    }

    public int sourceId()
    {
        return sourceId;
    }

    public TagDefinition sourceId(final int sourceId)
    {
        this.sourceId = sourceId;
        return this;
    }

    /**
     * @return the declared OPC UA built-in type id, 0..25 (see {@link BuiltinType}).
     */
    public int dataType()
    {
        return dataType;
    }

    /**
     * @throws IllegalArgumentException if outside 0..25.
     */
    public TagDefinition dataType(final int dataType)
    {
        if (dataType < 0 || dataType > BuiltinType.MAX_ID)
        {
            throw new IllegalArgumentException("dataType " + dataType + " is outside 0.." + BuiltinType.MAX_ID);
        }
        this.dataType = dataType;
        return this;
    }

    /**
     * @return OPC UA ValueRank: -1 scalar, 1 one dimension, 0 one or more, -2 any, -3 scalar or one dimension.
     */
    public int valueRank()
    {
        return valueRank;
    }

    public TagDefinition valueRank(final int valueRank)
    {
        this.valueRank = valueRank;
        return this;
    }

    /**
     * @return array dimensions (u32 each, 0 = unknown length); empty when none are declared. Do not modify.
     */
    public int[] arrayDimensions()
    {
        return arrayDimensions;
    }

    /**
     * @param arrayDimensions null for none; the holder takes ownership.
     */
    public TagDefinition arrayDimensions(final int[] arrayDimensions)
    {
        this.arrayDimensions = arrayDimensions == null ? NO_DIMENSIONS : arrayDimensions;
        return this;
    }

    public String nodeId()
    {
        return nodeId;
    }

    public TagDefinition nodeId(final String nodeId)
    {
        this.nodeId = nodeId;
        return this;
    }

    public String browsePath()
    {
        return browsePath;
    }

    public TagDefinition browsePath(final String browsePath)
    {
        this.browsePath = browsePath;
        return this;
    }

    public String engineeringUnits()
    {
        return engineeringUnits;
    }

    public TagDefinition engineeringUnits(final String engineeringUnits)
    {
        this.engineeringUnits = engineeringUnits;
        return this;
    }

    public String description()
    {
        return description;
    }

    public TagDefinition description(final String description)
    {
        this.description = description;
        return this;
    }

    /**
     * @return the body length in bytes.
     */
    public int bodyLength()
    {
        return ARRAY_DIMENSIONS_OFFSET + WireBytes.varintLength(arrayDimensions.length) + 4 * arrayDimensions.length +
            WireBytes.stringLength(nodeId) + WireBytes.stringLength(browsePath) +
            WireBytes.stringLength(engineeringUnits) + WireBytes.stringLength(description);
    }

    /**
     * Appends this record to the block.
     *
     * @return false if it does not fit; the block is then unchanged.
     */
    public boolean writeTo(final BlockWriter block, final long streamSequence)
    {
        final int length = bodyLength();
        final int start = block.openRecord(RecordType.TAG_DEFINITION, streamSequence, length);
        if (start < 0)
        {
            return false;
        }
        final byte[] b = block.buffer();
        final int body = start + RecordHeader.LENGTH;
        WireBytes.putI32(b, body + TAG_ID_OFFSET, tagId);
        WireBytes.putI32(b, body + SOURCE_ID_OFFSET, sourceId);
        b[body + DATA_TYPE_OFFSET] = (byte)dataType;
        WireBytes.putI32(b, body + VALUE_RANK_OFFSET, valueRank);
        int p = WireBytes.putVarint(b, body + ARRAY_DIMENSIONS_OFFSET, arrayDimensions.length);
        for (final int dimension : arrayDimensions)
        {
            WireBytes.putI32(b, p, dimension);
            p += 4;
        }
        p = WireBytes.putString(b, p, nodeId);
        p = WireBytes.putString(b, p, browsePath);
        p = WireBytes.putString(b, p, engineeringUnits);
        WireBytes.putString(b, p, description);
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
        tagId = c.i32();
        sourceId = c.i32();
        dataType = c.u8();
        valueRank = c.i32();
        final int n = (int)c.varint(c.remaining() / 4);
        if (c.failed() || dataType > BuiltinType.MAX_ID)
        {
            return c.fail();
        }
        arrayDimensions = n == 0 ? NO_DIMENSIONS : new int[n];
        for (int i = 0; i < n; i++)
        {
            arrayDimensions[i] = c.i32();
        }
        nodeId = c.string(true);
        browsePath = c.string(true);
        engineeringUnits = c.string(true);
        description = c.string(true);
        return !c.failed();
    }

    @Override
    public boolean equals(final Object o)
    {
        if (!(o instanceof TagDefinition))
        {
            return false;
        }
        final TagDefinition that = (TagDefinition)o;
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

    @Override
    public String toString()
    {
        return "TagDefinition{tagId=" + Integer.toUnsignedString(tagId) + ", sourceId=" +
            Integer.toUnsignedString(sourceId) + ", dataType=" + BuiltinType.name(dataType) + ", valueRank=" +
            valueRank + ", arrayDimensions=" + Arrays.toString(arrayDimensions) + ", nodeId=" + nodeId +
            ", browsePath=" + browsePath + ", engineeringUnits=" + engineeringUnits + ", description=" +
            description + '}';
    }
}
