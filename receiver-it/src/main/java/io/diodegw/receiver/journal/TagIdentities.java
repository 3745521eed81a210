package io.diodegw.receiver.journal;

/**
 * Where the sinks' decoder finds a tag's identity when the IT journal holds no definition for it: a TAG_DEFINITION
 * lost in a gap is not sent in band again unless the tag changes, but the snapshot carousel re-sends every definition
 * out of band and the mirror's tag table applies them. Implementations are thread-safe (each sink's consumer thread
 * asks).
 */
@FunctionalInterface
public interface TagIdentities
{
    /** Knows no tag: values whose definition the journal lacks go out without source, node id and browse path. */
    TagIdentities NONE = tagId -> null;

    /**
     * @param tagId the tag id (u32 bit pattern).
     * @return the tag's identity, or null when it is unknown here too.
     */
    Identity find(int tagId);

    /**
     * What a definition says about which tag it is.
     *
     * @param sourceId   the source the tag belongs to (u32 bit pattern).
     * @param nodeId     the OPC UA NodeId in text form, or null.
     * @param browsePath the browse path, or null.
     */
    record Identity(int sourceId, String nodeId, String browsePath)
    {
    }
}
