package io.diodegw.sender.snapshot;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

import io.diodegw.wire.record.BlockWriter;
import io.diodegw.wire.record.RecordHeader;
import io.diodegw.wire.record.RecordType;
import io.diodegw.wire.record.SourceState;
import io.diodegw.wire.record.TagDefinition;
import io.diodegw.wire.record.TagValue;
import io.diodegw.wire.record.TagValueBatchReader;

/**
 * What the IT side should know after every in-band record the sender has sent: per tag the latest TAG_DEFINITION and
 * the latest live value (TAG_VALUE_BATCH only; HISTORY_BATCH never changes it), per source the latest SOURCE_STATE.
 * The replicator feeds it each in-band block once the block has left on the link ({@link #applyBlock}), in stream
 * order, so the table is always the state as of {@link #lastAppliedSequence()}.
 *
 * <p>Consistent cut: {@link #freeze(long)} fixes the state as of the current sequence for one snapshot without
 * copying it. Until {@link #release()}, a tag that changes is copied once, just before its first change (copy on
 * write), and the frozen accessors ({@link #frozenDefinitionRecord}, {@link #frozenValue}, {@link #frozenSourceRecord})
 * keep returning the state at the cut; tags first seen after the cut are not part of the frozen state.
 *
 * <p>Storage: definitions and source states are kept as the encoded records that were sent (header and body, one
 * array each, replaced on change) so a snapshot re-sends them byte for byte; values are kept decoded in one
 * {@link TagValue} holder per tag, plus a second holder allocated the first time the tag changes during a snapshot
 * and reused afterwards. Memory per tag, with compressed references: 45 to 90 bytes of index and slot arrays
 * (depending on how full they are), 72 bytes per {@code TagValue} holder (two once the tag changed during a snapshot),
 * the encoded definition (a 16-byte array header, the 16-byte record header and a body of typically 50 to 150 bytes),
 * and for string, byte-string and array values their payload, twice. About 300 bytes per numeric tag in total.
 * Nothing is ever removed: the table holds every tag seen since the replicator started.
 *
 * <p>Not thread-safe: owned by the replicator thread. Applying a block walks its records by the block layout's
 * constants ({@link BlockWriter}, {@link RecordHeader}) without the full validation of a receiver's
 * {@code BlockReader}, since the blocks are the replicator's own: values are decoded once
 * ({@link TagValueBatchReader}), definitions and source states are copied as bytes, other records are skipped. For
 * values of numeric types nothing is allocated after the tag's first value; strings, byte strings and arrays allocate
 * their decoded copies. A malformed block (never expected) is counted and its records from the first malformed one are
 * ignored.
 */
public final class TagStateTable
{
    private static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int INITIAL_SLOTS = 1024;
    private static final int INITIAL_SOURCES = 8;
    private static final long NOT_FROZEN = 0;

    private final TagValueBatchReader batch = new TagValueBatchReader();
    private final TagValue scratch = new TagValue();

    private final TagSlots slots = new TagSlots(INITIAL_SLOTS);

    private int slotCount;
    private int valuedSlots;
    private TagValue[] values = new TagValue[INITIAL_SLOTS];
    private byte[][] definitions = new byte[INITIAL_SLOTS][];
    private long[] frozenIn = new long[INITIAL_SLOTS];
    private TagValue[] frozenValues = new TagValue[INITIAL_SLOTS];
    private boolean[] frozenHasValue = new boolean[INITIAL_SLOTS];
    private byte[][] frozenDefinitions = new byte[INITIAL_SLOTS][];

    private int sourceCount;
    private int[] sourceIds = new int[INITIAL_SOURCES];
    private byte[][] sourceStates = new byte[INITIAL_SOURCES][];
    private byte[][] frozenSources = new byte[INITIAL_SOURCES][];
    private int frozenSourceCount;

    private long frozenSnapshot = NOT_FROZEN;
    private int frozenSlotCount;
    private int frozenTagCount;
    private long frozenSequence = -1;
    private long lastAppliedSequence = -1;
    private long copiesOnWrite;
    private long malformedBlocks;

    /**
     * Applies every record of an in-band block payload, in order.
     *
     * @param buffer holds the block payload (block header, records, padding), as {@code BlockWriter} wrote it.
     * @param offset where the payload starts.
     * @param length its length, k * S.
     * @return records applied or skipped (types that carry no state count too).
     */
    public int applyBlock(final byte[] buffer, final int offset, final int length)
    {
        final int used = (int)I32.get(buffer, offset + BlockWriter.USED_LENGTH_OFFSET);
        if (used < BlockWriter.HEADER_LENGTH || used > length)
        {
            malformedBlocks++;
            return 0;
        }
        final int count = (short)I16.get(buffer, offset + BlockWriter.RECORD_COUNT_OFFSET) & 0xFFFF;
        final int end = offset + used;
        int position = offset + BlockWriter.HEADER_LENGTH;
        for (int r = 0; r < count; r++)
        {
            if (end - position < RecordHeader.LENGTH)
            {
                malformedBlocks++;
                return r;
            }
            final long bodyLength = (int)I32.get(buffer, position + RecordHeader.BODY_LENGTH_OFFSET) & 0xFFFF_FFFFL;
            final int typeId = (short)I16.get(buffer, position + RecordHeader.TYPE_OFFSET) & 0xFFFF;
            if (bodyLength > end - position - RecordHeader.LENGTH ||
                !apply(RecordType.fromId(typeId), buffer, position, (int)bodyLength))
            {
                malformedBlocks++;
                return r;
            }
            lastAppliedSequence = (long)I64.get(buffer, position + RecordHeader.STREAM_SEQUENCE_OFFSET);
            position += RecordHeader.LENGTH + (int)bodyLength;
        }
        return count;
    }

    private boolean apply(final RecordType type, final byte[] buffer, final int recordStart, final int bodyLength)
    {
        final int body = recordStart + RecordHeader.LENGTH;
        if (type == RecordType.TAG_VALUE_BATCH)
        {
            if (!batch.wrap(type, buffer, body, bodyLength))
            {
                return false;
            }
            while (batch.next(scratch))
            {
                final int slot = slotFor(scratch.tagId());
                copyOnWrite(slot);
                TagValue value = values[slot];
                if (value == null)
                {
                    value = new TagValue();
                    values[slot] = value;
                    valuedSlots++;
                }
                value.copyFrom(scratch);
            }
            return !batch.isMalformed();
        }
        if (type == RecordType.TAG_DEFINITION || type == RecordType.SOURCE_STATE)
        {
            final int idOffset = type == RecordType.TAG_DEFINITION ? TagDefinition.TAG_ID_OFFSET :
                SourceState.SOURCE_ID_OFFSET;
            if (bodyLength < idOffset + Integer.BYTES)
            {
                return false;
            }
            final int id = (int)I32.get(buffer, body + idOffset);
            final byte[] record = Arrays.copyOfRange(buffer, recordStart, body + bodyLength);
            if (type == RecordType.SOURCE_STATE)
            {
                putSource(id, record);
            }
            else
            {
                final int slot = slotFor(id);
                copyOnWrite(slot);
                definitions[slot] = record;
            }
        }
        return true;
    }

    /**
     * Fixes the current state for one snapshot (see the class comment); a previous freeze ends.
     *
     * @param snapshotId non-zero id of the snapshot, different from the previous one.
     * @return the number of tags with a value at the cut.
     */
    public int freeze(final long snapshotId)
    {
        if (snapshotId == NOT_FROZEN)
        {
            throw new IllegalArgumentException("snapshotId must not be 0");
        }
        frozenSnapshot = snapshotId;
        frozenSlotCount = slotCount;
        frozenTagCount = valuedSlots;
        frozenSequence = lastAppliedSequence;
        if (frozenSources.length < sourceCount)
        {
            frozenSources = new byte[sourceStates.length][];
        }
        System.arraycopy(sourceStates, 0, frozenSources, 0, sourceCount);
        frozenSourceCount = sourceCount;
        return frozenTagCount;
    }

    /** Ends the freeze: changes are no longer copied. */
    public void release()
    {
        frozenSnapshot = NOT_FROZEN;
        Arrays.fill(frozenSources, 0, frozenSourceCount, null);
    }

    /** @return whether a freeze is in effect. */
    public boolean isFrozen()
    {
        return frozenSnapshot != NOT_FROZEN;
    }

    /** @return the stream sequence of the cut of the current (or last) freeze, or -1. */
    public long frozenSequence()
    {
        return frozenSequence;
    }

    /** @return slots (tags) that existed at the cut; frozen accessors take {@code 0 <= slot < frozenSlotCount()}. */
    public int frozenSlotCount()
    {
        return frozenSlotCount;
    }

    /** @return tags that had a value at the cut. */
    public int frozenTagCount()
    {
        return frozenTagCount;
    }

    /**
     * @return the TAG_DEFINITION record (header and body) of the slot's tag at the cut, or null if it had none. The
     *     array is shared: a caller may overwrite its stream sequence field, nothing else.
     */
    public byte[] frozenDefinitionRecord(final int slot)
    {
        return isCopied(slot) ? frozenDefinitions[slot] : definitions[slot];
    }

    /** @return the slot's value at the cut, or null if the tag had none; read-only, valid until the next apply. */
    public TagValue frozenValue(final int slot)
    {
        if (isCopied(slot))
        {
            return frozenHasValue[slot] ? frozenValues[slot] : null;
        }
        return values[slot];
    }

    /** @return sources with a state at the cut. */
    public int frozenSourceCount()
    {
        return frozenSourceCount;
    }

    /** @return the SOURCE_STATE record of the i-th source at the cut; shared like the definition records. */
    public byte[] frozenSourceRecord(final int i)
    {
        return frozenSources[i];
    }

    /** @return the stream sequence of the last record applied, or -1. */
    public long lastAppliedSequence()
    {
        return lastAppliedSequence;
    }

    /** @return tags known (with a definition, a value or both). */
    public int tagCount()
    {
        return slotCount;
    }

    /** @return tags with a value. */
    public int valuedTagCount()
    {
        return valuedSlots;
    }

    /** @return sources with a state. */
    public int sourceCount()
    {
        return sourceCount;
    }

    /** @return tags copied because they changed during a freeze. */
    public long copiesOnWrite()
    {
        return copiesOnWrite;
    }

    /** @return blocks that were malformed (never expected: the replicator feeds blocks it wrote). */
    public long malformedBlocks()
    {
        return malformedBlocks;
    }

    private boolean isCopied(final int slot)
    {
        return frozenSnapshot != NOT_FROZEN && frozenIn[slot] == frozenSnapshot;
    }

    private void copyOnWrite(final int slot)
    {
        if (frozenSnapshot == NOT_FROZEN || slot >= frozenSlotCount || frozenIn[slot] == frozenSnapshot)
        {
            return;
        }
        frozenIn[slot] = frozenSnapshot;
        frozenDefinitions[slot] = definitions[slot];
        final TagValue value = values[slot];
        frozenHasValue[slot] = value != null;
        if (value != null)
        {
            TagValue frozen = frozenValues[slot];
            if (frozen == null)
            {
                frozen = new TagValue();
                frozenValues[slot] = frozen;
            }
            frozen.copyFrom(value);
        }
        copiesOnWrite++;
    }

    private void putSource(final int sourceId, final byte[] record)
    {
        for (int i = 0; i < sourceCount; i++)
        {
            if (sourceIds[i] == sourceId)
            {
                sourceStates[i] = record;
                return;
            }
        }
        if (sourceCount == sourceIds.length)
        {
            sourceIds = Arrays.copyOf(sourceIds, 2 * sourceCount);
            sourceStates = Arrays.copyOf(sourceStates, 2 * sourceCount);
        }
        sourceIds[sourceCount] = sourceId;
        sourceStates[sourceCount] = record;
        sourceCount++;
    }

    private int slotFor(final int tagId)
    {
        final int slot = slots.slotFor(tagId);
        if (slot == values.length)
        {
            growSlots();
        }
        slotCount = slots.count();
        return slot;
    }

    private void growSlots()
    {
        final int n = 2 * values.length;
        values = Arrays.copyOf(values, n);
        definitions = Arrays.copyOf(definitions, n);
        frozenIn = Arrays.copyOf(frozenIn, n);
        frozenValues = Arrays.copyOf(frozenValues, n);
        frozenHasValue = Arrays.copyOf(frozenHasValue, n);
        frozenDefinitions = Arrays.copyOf(frozenDefinitions, n);
    }
}
