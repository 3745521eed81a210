package io.diodegw.wire.record;

/**
 * Appends tag values to a batch record until the block is full. Three record types share the batch body: live
 * values (TAG_VALUE_BATCH), historical values of one source (HISTORY_BATCH) and one part of a snapshot
 * (SNAPSHOT_PART); they differ only in a prefix. All fixed-width fields are little-endian. The base time is the first
 * value's source time (its server time if it has none, else 0); every value is then encoded as in
 * {@link TagValueCodec}, relative to the value before it.
 *
 * <pre>
 *   +--------+------+----------------------------------------------------+
 *   | offset | size | field                                              |
 *   +--------+------+----------------------------------------------------+
 *   | prefix P, by record type:                                          |
 *   |   TAG_VALUE_BATCH (2): nothing                            P = 0    |
 *   |   HISTORY_BATCH (7):   source id u32                      P = 4    |
 *   |   SNAPSHOT_PART (4):   snapshot id u64, part index u32    P = 12   |
 *   +--------+------+----------------------------------------------------+
 *   |  P + 0 |    2 | value count (u16)                                  |
 *   |  P + 2 |    8 | base time (i64, 100-ns ticks since 1601-01-01 UTC) |
 *   | P + 10 |  var | values, each as in TagValueCodec                   |
 *   +--------+------+----------------------------------------------------+
 * </pre>
 *
 * <p>Usage: {@code begin...} opens a batch record at the end of the block; {@link #append} adds values and returns
 * false when the next value does not fit (or the batch holds {@link #MAX_VALUE_COUNT} values), and the caller then
 * finishes the block and begins a new batch in a new one. The record joins the block with its first value, so a
 * batch that received no value leaves the block unchanged. The block header and the record length are current after
 * every append. Appending a value whose type is bits-valued (see {@link TagValue}) never allocates.
 *
 * <p>Not thread-safe; one owner. Reusable: each {@code begin...} starts a new batch.
 */
public final class TagValueBatchWriter
{
    /** HISTORY_BATCH prefix: offset of the u32 source id. */
    public static final int HISTORY_SOURCE_ID_OFFSET = 0;
    /** HISTORY_BATCH prefix length. */
    public static final int HISTORY_PREFIX_LENGTH = 4;
    /** SNAPSHOT_PART prefix: offset of the u64 snapshot id. */
    public static final int SNAPSHOT_ID_OFFSET = 0;
    /** SNAPSHOT_PART prefix: offset of the u32 part index. */
    public static final int SNAPSHOT_PART_INDEX_OFFSET = 8;
    /** SNAPSHOT_PART prefix length. */
    public static final int SNAPSHOT_PREFIX_LENGTH = 12;
    /**
     * SNAPSHOT_PART snapshot id of a conflated live pass (out of band, no SNAPSHOT_BEGIN or END): the values of the
     * tags that changed, as of the record's stream sequence; the carousel's snapshot ids start at 1.
     */
    public static final long CONFLATED_PASS_SNAPSHOT_ID = 0;
    /** Offset of the u16 value count after the prefix. */
    public static final int VALUE_COUNT_OFFSET = 0;
    /** Offset of the i64 base time after the prefix. */
    public static final int BASE_TIME_OFFSET = 2;
    /** Length of the batch header (value count and base time) after the prefix. */
    public static final int BATCH_HEADER_LENGTH = 10;
    /** Most values in one batch (u16 count). */
    public static final int MAX_VALUE_COUNT = 0xFFFF;

    private static final int NONE = -1;

    private BlockWriter block;
    private int recordStart = NONE;
    private int bodyStart;
    private int headerStart;
    private int position;
    private int count;
    private int previousTagId;
    private long previousSourceTicks;

    /**
     * Opens a TAG_VALUE_BATCH record (live values).
     *
     * @return false if not even the batch header fits in the block.
     */
    public boolean beginLiveValues(final BlockWriter block, final long streamSequence)
    {
        return begin(block, RecordType.TAG_VALUE_BATCH, streamSequence, 0) != NONE;
    }

    /**
     * Opens a HISTORY_BATCH record: the values are historical values of one source.
     *
     * @param sourceId u32 source id.
     * @return false if not even the batch header fits in the block.
     */
    public boolean beginHistory(final BlockWriter block, final long streamSequence, final int sourceId)
    {
        final int prefix = begin(block, RecordType.HISTORY_BATCH, streamSequence, HISTORY_PREFIX_LENGTH);
        if (prefix == NONE)
        {
            return false;
        }
        WireBytes.putI32(block.buffer(), prefix + HISTORY_SOURCE_ID_OFFSET, sourceId);
        return true;
    }

    /**
     * Opens a SNAPSHOT_PART record.
     *
     * @param partIndex u32 index of the part within the snapshot, from 0.
     * @return false if not even the batch header fits in the block.
     */
    public boolean beginSnapshotPart(
        final BlockWriter block, final long streamSequence, final long snapshotId, final int partIndex)
    {
        final int prefix = begin(block, RecordType.SNAPSHOT_PART, streamSequence, SNAPSHOT_PREFIX_LENGTH);
        if (prefix == NONE)
        {
            return false;
        }
        WireBytes.putI64(block.buffer(), prefix + SNAPSHOT_ID_OFFSET, snapshotId);
        WireBytes.putI32(block.buffer(), prefix + SNAPSHOT_PART_INDEX_OFFSET, partIndex);
        return true;
    }

    /**
     * Appends one value to the open batch.
     *
     * @return false if the value does not fit in the block or the batch is full; the block is then unchanged.
     * @throws IllegalStateException if no batch is open, or another record was appended to the block since the
     *     batch began.
     */
    public boolean append(final TagValue value)
    {
        if (block == null || !block.isOpen(recordStart))
        {
            throw new IllegalStateException("no open batch: begin one after the last record of the block");
        }
        if (count == MAX_VALUE_COUNT)
        {
            return false;
        }
        final byte[] buffer = block.buffer();
        if (count == 0)
        {
            previousTagId = 0;
            previousSourceTicks = value.hasSourceTime() ? value.sourceTimeTicks() :
                value.hasServerTime() ? value.serverTimeTicks() : 0;
        }
        final int room = bodyStart + block.maxOpenBodyLength(recordStart) - position;
        if (room < TagValueCodec.MAX_BITS_SCALAR_LENGTH || value.isArray() ||
            !BuiltinType.isBitsType(value.builtinType()))
        {
            if (TagValueCodec.encodedLength(value, previousTagId, previousSourceTicks) > room)
            {
                return false;
            }
        }
        if (count == 0)
        {
            WireBytes.putI64(buffer, headerStart + BASE_TIME_OFFSET, previousSourceTicks);
        }
        position = TagValueCodec.encode(buffer, position, value, previousTagId, previousSourceTicks);
        previousTagId = value.tagId();
        if (value.hasSourceTime())
        {
            previousSourceTicks = value.sourceTimeTicks();
        }
        count++;
        WireBytes.putU16(buffer, headerStart + VALUE_COUNT_OFFSET, count);
        block.commitRecord(recordStart, position - bodyStart);
        return true;
    }

    /**
     * @return values appended to the current batch.
     */
    public int count()
    {
        return count;
    }

    private int begin(final BlockWriter block, final RecordType type, final long streamSequence, final int prefix)
    {
        this.block = block;
        count = 0;
        recordStart = block.openRecord(type, streamSequence, prefix + BATCH_HEADER_LENGTH);
        if (recordStart == NONE)
        {
            return NONE;
        }
        bodyStart = recordStart + RecordHeader.LENGTH;
        headerStart = bodyStart + prefix;
        position = headerStart + BATCH_HEADER_LENGTH;
        WireBytes.putU16(block.buffer(), headerStart + VALUE_COUNT_OFFSET, 0);
        WireBytes.putI64(block.buffer(), headerStart + BASE_TIME_OFFSET, 0);
        return bodyStart;
    }
}
