package io.diodegw.wire.record;

/**
 * OPC UA built-in type ids (OPC 10000-6, 5.1.2) as used on the wire and in {@link TagValue#builtinType()}. The ids
 * marked supported can be carried as tag values; the others (NodeId, ExpandedNodeId, ExtensionObject, DataValue,
 * Variant, DiagnosticInfo) may only appear as a declared data type in a {@link TagDefinition}.
 */
public final class BuiltinType
{
    /** No value (an empty Variant). */
    public static final int NULL = 0;
    public static final int BOOLEAN = 1;
    public static final int SBYTE = 2;
    public static final int BYTE = 3;
    public static final int INT16 = 4;
    public static final int UINT16 = 5;
    public static final int INT32 = 6;
    public static final int UINT32 = 7;
    public static final int INT64 = 8;
    public static final int UINT64 = 9;
    public static final int FLOAT = 10;
    public static final int DOUBLE = 11;
    public static final int STRING = 12;
    /** Signed 64-bit count of 100-ns ticks since 1601-01-01 UTC. */
    public static final int DATE_TIME = 13;
    public static final int GUID = 14;
    public static final int BYTE_STRING = 15;
    public static final int XML_ELEMENT = 16;
    public static final int NODE_ID = 17;
    public static final int EXPANDED_NODE_ID = 18;
    public static final int STATUS_CODE = 19;
    public static final int QUALIFIED_NAME = 20;
    public static final int LOCALIZED_TEXT = 21;
    public static final int EXTENSION_OBJECT = 22;
    public static final int DATA_VALUE = 23;
    public static final int VARIANT = 24;
    public static final int DIAGNOSTIC_INFO = 25;

    /** Largest built-in type id defined by OPC UA. */
    public static final int MAX_ID = DIAGNOSTIC_INFO;

    private static final String[] NAMES =
    {
        "Null", "Boolean", "SByte", "Byte", "Int16", "UInt16", "Int32", "UInt32", "Int64", "UInt64", "Float",
        "Double", "String", "DateTime", "Guid", "ByteString", "XmlElement", "NodeId", "ExpandedNodeId", "StatusCode",
        "QualifiedName", "LocalizedText", "ExtensionObject", "DataValue", "Variant", "DiagnosticInfo",
    };

    private BuiltinType()
    {
    }

    /**
     * @return true if a {@link TagValue} can carry a value of this type.
     */
    public static boolean isSupportedValueType(final int id)
    {
        return (id >= NULL && id <= XML_ELEMENT) || (id >= STATUS_CODE && id <= LOCALIZED_TEXT);
    }

    /**
     * @return true if the type's scalar value lives in {@link TagValue#rawBits()} (no object): Boolean through
     *     Double, DateTime, Guid and StatusCode.
     */
    public static boolean isBitsType(final int id)
    {
        return (id >= BOOLEAN && id <= DOUBLE) || id == DATE_TIME || id == GUID || id == STATUS_CODE;
    }

    /**
     * @return the OPC UA name ({@code "Double"}), or {@code "Unknown(id)"}.
     */
    public static String name(final int id)
    {
        return id >= 0 && id < NAMES.length ? NAMES[id] : "Unknown(" + id + ")";
    }
}
