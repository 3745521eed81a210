package io.diodegw.simulator;

import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;

/**
 * OPC UA data type of a simulated tag. Tag {@code i} has type {@code values()[i % values().length]}, so any
 * {@code values().length} consecutive tags cover every type.
 */
public enum TagType {
    BOOLEAN(NodeIds.Boolean, false),
    SBYTE(NodeIds.SByte, false),
    BYTE(NodeIds.Byte, false),
    INT16(NodeIds.Int16, false),
    UINT16(NodeIds.UInt16, false),
    INT32(NodeIds.Int32, false),
    UINT32(NodeIds.UInt32, false),
    INT64(NodeIds.Int64, false),
    UINT64(NodeIds.UInt64, false),
    FLOAT(NodeIds.Float, false),
    DOUBLE(NodeIds.Double, false),
    STRING(NodeIds.String, false),
    DATE_TIME(NodeIds.DateTime, false),
    DOUBLE_ARRAY(NodeIds.Double, true),
    INT32_ARRAY(NodeIds.Int32, true);

    /** Length of every array value. */
    public static final int ARRAY_LENGTH = 4;

    private static final TagType[] ALL = values();

    private final NodeId dataTypeId;
    private final boolean array;

    TagType(NodeId dataTypeId, boolean array) {
        this.dataTypeId = dataTypeId;
        this.array = array;
    }

    /** @return the OPC UA DataType node id (element type for arrays) */
    public NodeId dataTypeId() {
        return dataTypeId;
    }

    /** @return whether values are one-dimensional arrays of {@link #ARRAY_LENGTH} elements */
    public boolean isArray() {
        return array;
    }

    /** @return the type of tag {@code tagIndex} */
    public static TagType ofTag(int tagIndex) {
        return ALL[tagIndex % ALL.length];
    }
}
