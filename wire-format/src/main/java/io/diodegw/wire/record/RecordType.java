package io.diodegw.wire.record;

/**
 * Record types of the record stream with their stable wire ids. An id is never reused or renumbered; readers skip
 * (and count) ids they do not know, so new types can be added without breaking older receivers. Id 0 is never
 * valid.
 */
public enum RecordType
{
    /** Tag id to source, node id, browse path, data type, units: {@link TagDefinition}. */
    TAG_DEFINITION(1),
    /** Live tag values: {@link TagValueBatchWriter}. */
    TAG_VALUE_BATCH(2),
    /** Start of a snapshot at a consistent cut: {@link SnapshotBegin}. */
    SNAPSHOT_BEGIN(3),
    /** One part of a snapshot's tag values: {@link TagValueBatchWriter}. */
    SNAPSHOT_PART(4),
    /** End of a snapshot: {@link SnapshotEnd}. */
    SNAPSHOT_END(5),
    /** A source connected, disconnected...: {@link SourceState}. */
    SOURCE_STATE(6),
    /** Historical tag values of one source: {@link TagValueBatchWriter}. */
    HISTORY_BATCH(7),
    /** Name, size, chunking and SHA-256 of a transferred file: {@link FileManifest}. */
    FILE_MANIFEST(8),
    /** One chunk of a file's bytes: {@link FileChunk}. */
    FILE_CHUNK(9),
    /** Journal head, backlog and rates of the sender: {@link SenderStatus}. */
    SENDER_STATUS(10),
    /** An audit event: {@link AuditEvent}. */
    AUDIT_EVENT(11),
    /** A range of stream sequences that was lost: {@link GapNotice}. */
    GAP_NOTICE(12),
    /**
     * One segment of a history carousel pass (out of band only): which sequences were re-sent and which the snapshot
     * carousel supersedes: {@link ResendMarker}.
     */
    RESEND_MARKER(13);

    private static final RecordType[] BY_ID = new RecordType[14];

    static
    {
        for (final RecordType type : values())
        {
            BY_ID[type.id] = type;
        }
    }

    private final int id;

    RecordType(final int id)
    {
        this.id = id;
    }

    /**
     * @return the u16 id written in the record header.
     */
    public int id()
    {
        return id;
    }

    /**
     * @return the type with this id, or null if the id is unknown (never throws; allocation-free).
     */
    public static RecordType fromId(final int id)
    {
        return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
    }

    /**
     * @return true for the three types whose body is a tag value batch.
     */
    public boolean isTagValueBatch()
    {
        return this == TAG_VALUE_BATCH || this == SNAPSHOT_PART || this == HISTORY_BATCH;
    }
}
