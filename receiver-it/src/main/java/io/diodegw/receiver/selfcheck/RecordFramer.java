package io.diodegw.receiver.selfcheck;

import io.diodegw.wire.record.BlockWriter;
import io.diodegw.wire.record.TagDefinition;
import io.diodegw.wire.record.TagValue;
import io.diodegw.wire.record.TagValueBatchWriter;
import io.diodegw.wire.record.TagValueCodec;

/**
 * Sender side: frames the plant's record stream into block payloads with the record codec, in stream-sequence order,
 * whole records only. A record that does not fit in what is left of a block starts the next block, so the content of
 * every record is exactly what {@link SyntheticPlant} says, whatever the block size.
 *
 * <p>Not thread-safe; owned by the sender thread. Allocation-free per block.
 */
final class RecordFramer
{
    private final SyntheticPlant plant;
    private final BlockWriter block = new BlockWriter();
    private final TagValueBatchWriter batch = new TagValueBatchWriter();
    private final TagValue[] values = new TagValue[SyntheticPlant.MAX_VALUES_PER_RECORD];

    private long nextSequence;
    private long records;
    private long tagUpdates;
    private long recordBytes;

    /**
     * @param plant the stream to frame, from stream sequence 0.
     */
    RecordFramer(final SyntheticPlant plant)
    {
        this.plant = plant;
        for (int i = 0; i < values.length; i++)
        {
            values[i] = new TagValue();
        }
    }

    /**
     * Fills {@code buffer[offset .. offset + capacity)} with one block payload: header, as many whole records as
     * fit, zero padding.
     *
     * @param capacity k x symbol bytes; at least {@link SelfCheckOptions#MIN_BLOCK_BYTES}.
     * @return the number of records written (at least one).
     * @throws IllegalStateException if a record does not fit even in an empty block (the options forbid it).
     */
    int fillBlock(final byte[] buffer, final int offset, final int capacity)
    {
        block.wrap(buffer, offset, capacity);
        int written = 0;
        while (appendNext())
        {
            written++;
        }
        if (written == 0)
        {
            throw new IllegalStateException("record " + nextSequence + " does not fit in an empty block of " +
                capacity + " bytes");
        }
        recordBytes += block.usedLength() - BlockWriter.HEADER_LENGTH;
        block.finish();
        return written;
    }

    /** @return the stream sequence the next record will have; all sequences below it were framed. */
    long nextSequence()
    {
        return nextSequence;
    }

    /** @return records framed. */
    long records()
    {
        return records;
    }

    /** @return tag values framed. */
    long tagUpdates()
    {
        return tagUpdates;
    }

    /** @return bytes of records (headers and bodies) framed, without block headers and padding. */
    long recordBytes()
    {
        return recordBytes;
    }

    private boolean appendNext()
    {
        final long sequence = nextSequence;
        if (plant.isDefinition(sequence))
        {
            final TagDefinition definition = plant.definitionAt(sequence);
            if (!definition.writeTo(block, sequence))
            {
                return false;
            }
        }
        else
        {
            final int count = plant.valueCount(sequence);
            if (batchBodyLength(sequence, count) > block.maxBodyLength() || !batch.beginLiveValues(block, sequence))
            {
                return false;
            }
            for (int i = 0; i < count; i++)
            {
                if (!batch.append(values[i]))
                {
                    throw new IllegalStateException("value " + i + " of record " + sequence +
                        " did not fit although the record length was checked");
                }
            }
            tagUpdates += count;
        }
        nextSequence++;
        records++;
        return true;
    }

    private int batchBodyLength(final long sequence, final int count)
    {
        int length = TagValueBatchWriter.BATCH_HEADER_LENGTH;
        int previousTagId = 0;
        long previousSourceTicks = 0;
        for (int i = 0; i < count; i++)
        {
            final TagValue value = plant.fill(sequence, i, values[i]);
            if (i == 0)
            {
                previousSourceTicks = value.sourceTimeTicks();
            }
            length += TagValueCodec.encodedLength(value, previousTagId, previousSourceTicks);
            previousTagId = value.tagId();
            previousSourceTicks = value.sourceTimeTicks();
        }
        return length;
    }
}
