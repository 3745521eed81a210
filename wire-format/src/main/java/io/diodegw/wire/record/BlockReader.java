package io.diodegw.wire.record;

/**
 * Iterates the records of a block payload (layout in {@link BlockWriter}) and decodes each known record fully before
 * handing it out, so a record is returned only if every byte of it was present and well-formed.
 *
 * <ul>
 *   <li>A record of an unknown type is skipped by its length and counted in {@link #unknownSkipped()}.</li>
 *   <li>A malformed block or record (header shorter than 16 bytes or used length outside the region, a record
 *   length beyond the used length, type 0, a truncated body, a bad varint, invalid UTF-8, an invalid enum code, a
 *   record count or first stream sequence that disagrees with the records, a block flag bit this version does not
 *   define) is counted once in {@link #malformed()}
 *   and ends the block: {@link #next()} returns false from then on. Records returned before stay valid.</li>
 *   <li>Never throws on any input, including a null buffer or a region outside it; never allocates except when
 *   decoding strings, byte strings and arrays.</li>
 * </ul>
 *
 * <p>Decoded records live in holders owned by the reader ({@link #tagDefinition()}, {@link #tagValueBatch()}...),
 * valid until the next call to {@link #next()} or {@link #wrap}. A {@link FileChunk}'s data and a batch's values refer
 * to the block buffer. Not thread-safe; one owner (the decode agent). The counters are plain fields: read them on the
 * owning thread or publish them yourself.
 */
public final class BlockReader
{
    private final WireCursor cursor = new WireCursor();
    private final TagValue scratch = new TagValue();
    private final TagValueBatchReader batch = new TagValueBatchReader();
    private final TagDefinition tagDefinition = new TagDefinition();
    private final SnapshotBegin snapshotBegin = new SnapshotBegin();
    private final SnapshotEnd snapshotEnd = new SnapshotEnd();
    private final SourceState sourceState = new SourceState();
    private final FileManifest fileManifest = new FileManifest();
    private final FileChunk fileChunk = new FileChunk();
    private final SenderStatus senderStatus = new SenderStatus();
    private final AuditEvent auditEvent = new AuditEvent();
    private final GapNotice gapNotice = new GapNotice();
    private final ResendMarker resendMarker = new ResendMarker();

    private byte[] buffer;
    private int offset;
    private int usedLength;
    private int recordCount;
    private long firstStreamSequence;
    private boolean outOfBand;
    private int position;
    private int recordsSeen;
    private boolean done = true;
    private boolean blockMalformed;

    private RecordType type;
    private long streamSequence;
    private int bodyOffset;
    private int bodyLength;

    private long blocksRead;
    private long recordsRead;
    private long unknownSkipped;
    private long malformed;

    /**
     * Starts reading a block payload in {@code buffer[offset .. offset + length)}.
     *
     * @param length bytes available, normally k * S.
     * @return false if the block header is malformed (counted; the block yields no record).
     */
    public boolean wrap(final byte[] buffer, final int offset, final int length)
    {
        blocksRead++;
        this.buffer = buffer;
        this.offset = offset;
        type = null;
        position = BlockWriter.HEADER_LENGTH;
        recordsSeen = 0;
        done = false;
        blockMalformed = false;
        usedLength = 0;
        recordCount = 0;
        firstStreamSequence = 0;
        outOfBand = false;
        if (buffer == null || offset < 0 || length < BlockWriter.HEADER_LENGTH || length > buffer.length - offset)
        {
            return markMalformed();
        }
        final long used = WireBytes.getI32(buffer, offset + BlockWriter.USED_LENGTH_OFFSET) & 0xFFFF_FFFFL;
        if (used < BlockWriter.HEADER_LENGTH || used > length)
        {
            return markMalformed();
        }
        final int flags = WireBytes.getU16(buffer, offset + BlockWriter.FLAGS_OFFSET);
        if ((flags & ~BlockWriter.KNOWN_FLAGS) != 0)
        {
            return markMalformed();
        }
        outOfBand = (flags & BlockWriter.FLAG_OUT_OF_BAND) != 0;
        usedLength = (int)used;
        recordCount = WireBytes.getU16(buffer, offset + BlockWriter.RECORD_COUNT_OFFSET);
        firstStreamSequence = WireBytes.getI64(buffer, offset + BlockWriter.FIRST_STREAM_SEQUENCE_OFFSET);
        return true;
    }

    /**
     * Advances to the next known, well-formed record, skipping unknown ones.
     *
     * @return false at the end of the block or when the block turned out malformed.
     */
    public boolean next()
    {
        type = null;
        while (!done)
        {
            if (recordsSeen == recordCount)
            {
                done = true;
                if (position != usedLength)
                {
                    markMalformed();
                }
                return false;
            }
            if (usedLength - position < RecordHeader.LENGTH)
            {
                return markMalformed();
            }
            final int start = offset + position;
            final int typeId = WireBytes.getU16(buffer, start + RecordHeader.TYPE_OFFSET);
            final long length = WireBytes.getI32(buffer, start + RecordHeader.BODY_LENGTH_OFFSET) & 0xFFFF_FFFFL;
            final long sequence = WireBytes.getI64(buffer, start + RecordHeader.STREAM_SEQUENCE_OFFSET);
            if (length > usedLength - position - RecordHeader.LENGTH || typeId == 0 ||
                (recordsSeen == 0 && sequence != firstStreamSequence))
            {
                return markMalformed();
            }
            recordsSeen++;
            position += RecordHeader.LENGTH + (int)length;
            final RecordType recordType = RecordType.fromId(typeId);
            if (recordType == null)
            {
                unknownSkipped++;
                continue;
            }
            streamSequence = sequence;
            bodyOffset = start + RecordHeader.LENGTH;
            bodyLength = (int)length;
            if (!decodeBody(recordType))
            {
                return markMalformed();
            }
            type = recordType;
            recordsRead++;
            return true;
        }
        return false;
    }

    /**
     * @return type of the current record; null before the first and after the last.
     */
    public RecordType type()
    {
        return type;
    }

    public long streamSequence()
    {
        return streamSequence;
    }

    /**
     * @return absolute offset of the current record's body in {@link #buffer()}.
     */
    public int bodyOffset()
    {
        return bodyOffset;
    }

    public int bodyLength()
    {
        return bodyLength;
    }

    public byte[] buffer()
    {
        return buffer;
    }

    /**
     * @return the block header's first stream sequence (0 when the header is malformed).
     */
    public long firstStreamSequence()
    {
        return firstStreamSequence;
    }

    /**
     * @return true if the block header has {@link BlockWriter#FLAG_OUT_OF_BAND}: its records are not part of the
     *     in-order stream (false when the header is malformed).
     */
    public boolean isOutOfBand()
    {
        return outOfBand;
    }

    /**
     * @return the block header's record count, unknown records included.
     */
    public int recordCount()
    {
        return recordCount;
    }

    /**
     * @return the block header's used length.
     */
    public int usedLength()
    {
        return usedLength;
    }

    /**
     * @return true if the current block was found malformed.
     */
    public boolean isBlockMalformed()
    {
        return blockMalformed;
    }

    /**
     * @return the values of the current TAG_VALUE_BATCH, HISTORY_BATCH or SNAPSHOT_PART record, positioned at the
     *     first value.
     */
    public TagValueBatchReader tagValueBatch()
    {
        return batch;
    }

    public TagDefinition tagDefinition()
    {
        return tagDefinition;
    }

    public SnapshotBegin snapshotBegin()
    {
        return snapshotBegin;
    }

    public SnapshotEnd snapshotEnd()
    {
        return snapshotEnd;
    }

    public SourceState sourceState()
    {
        return sourceState;
    }

    public FileManifest fileManifest()
    {
        return fileManifest;
    }

    public FileChunk fileChunk()
    {
        return fileChunk;
    }

    public SenderStatus senderStatus()
    {
        return senderStatus;
    }

    public AuditEvent auditEvent()
    {
        return auditEvent;
    }

    public GapNotice gapNotice()
    {
        return gapNotice;
    }

    public ResendMarker resendMarker()
    {
        return resendMarker;
    }

    /**
     * @return blocks passed to {@link #wrap}.
     */
    public long blocksRead()
    {
        return blocksRead;
    }

    /**
     * @return known, well-formed records returned by {@link #next()}.
     */
    public long recordsRead()
    {
        return recordsRead;
    }

    /**
     * @return records of unknown type skipped by length.
     */
    public long unknownSkipped()
    {
        return unknownSkipped;
    }

    /**
     * @return blocks that ended at a malformed header or record (at most one count per block).
     */
    public long malformed()
    {
        return malformed;
    }

    private boolean markMalformed()
    {
        done = true;
        type = null;
        if (!blockMalformed)
        {
            blockMalformed = true;
            malformed++;
        }
        return false;
    }

    private boolean decodeBody(final RecordType recordType)
    {
        switch (recordType)
        {
            case TAG_VALUE_BATCH:
            case SNAPSHOT_PART:
            case HISTORY_BATCH:
                return batch.wrap(recordType, buffer, bodyOffset, bodyLength) && batch.validate(scratch);
            case TAG_DEFINITION:
                return tagDefinition.decode(cursor.wrap(buffer, bodyOffset, bodyLength));
            case SNAPSHOT_BEGIN:
                return snapshotBegin.decode(cursor.wrap(buffer, bodyOffset, bodyLength));
            case SNAPSHOT_END:
                return snapshotEnd.decode(cursor.wrap(buffer, bodyOffset, bodyLength));
            case SOURCE_STATE:
                return sourceState.decode(cursor.wrap(buffer, bodyOffset, bodyLength));
            case FILE_MANIFEST:
                return fileManifest.decode(cursor.wrap(buffer, bodyOffset, bodyLength));
            case FILE_CHUNK:
                return fileChunk.decode(cursor.wrap(buffer, bodyOffset, bodyLength));
            case SENDER_STATUS:
                return senderStatus.decode(cursor.wrap(buffer, bodyOffset, bodyLength));
            case AUDIT_EVENT:
                return auditEvent.decode(cursor.wrap(buffer, bodyOffset, bodyLength));
            case GAP_NOTICE:
                return gapNotice.decode(cursor.wrap(buffer, bodyOffset, bodyLength));
            case RESEND_MARKER:
                return resendMarker.decode(cursor.wrap(buffer, bodyOffset, bodyLength));
            default:
                return false;
        }
    }
}
