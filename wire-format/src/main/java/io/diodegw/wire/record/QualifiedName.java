package io.diodegw.wire.record;

/**
 * An OPC UA QualifiedName value.
 *
 * @param namespaceIndex 0..65535.
 * @param name the name; may be null (an OPC UA null string).
 */
public record QualifiedName(int namespaceIndex, String name)
{
    /** Largest namespace index (UInt16). */
    public static final int MAX_NAMESPACE_INDEX = 0xFFFF;

    /**
     * @throws IllegalArgumentException if the namespace index is outside 0..65535.
     */
    public QualifiedName
    {
        if (namespaceIndex < 0 || namespaceIndex > MAX_NAMESPACE_INDEX)
        {
            throw new IllegalArgumentException("namespaceIndex " + namespaceIndex + " is outside 0.." +
                MAX_NAMESPACE_INDEX);
        }
    }
}
