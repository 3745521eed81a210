package io.diodegw.receiver.selfcheck;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.diodegw.wire.record.BlockReader;
import io.diodegw.wire.record.RecordHeader;
import io.diodegw.wire.record.RecordType;
import io.diodegw.wire.record.TagValue;
import io.diodegw.wire.record.TagValueBatchReader;

/**
 * Receiver side: reads the records of each block delivered in block order, checks that stream sequences continue
 * without duplicate, reordering or hole, and compares every record with what {@link SyntheticPlant} says the sender
 * produced: definitions field by field, values bit-exactly (value, StatusCode, both timestamps with picoseconds).
 *
 * <p>Loss accounting: a block given up as unrecoverable is reported through {@link #onBlockLost()}; the sequences
 * between the last record before it and the first record after it become one gap with that exact range. A sequence
 * that is missing without a lost block in between is a violation, as is any sequence that goes backwards or repeats.
 * {@link #finish(long)} closes a trailing gap up to the sender's last sequence, learned from its heartbeats.
 *
 * <p>Not thread-safe; owned by the receiving thread. Allocation-free per value (definitions decode strings); gaps are
 * kept up to {@value #MAX_GAPS_LISTED}, then only counted.
 */
final class StreamVerifier
{
    /** Gaps listed individually; more are counted in {@link #gapCount()} and {@link #sequencesInGaps()}. */
    static final int MAX_GAPS_LISTED = 10_000;
    /** First wrong values described in {@link #firstProblems()}. */
    static final int MAX_PROBLEMS_LISTED = 5;

    private final SyntheticPlant plant;
    private final BlockReader reader = new BlockReader();
    private final TagValue expected = new TagValue();
    private final TagValue actual = new TagValue();
    private final List<long[]> gaps = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    private long expectedSequence;
    private boolean lossPending;
    private long blocksDelivered;
    private long blocksMalformed;
    private long recordsVerified;
    private long recordsWrong;
    private long definitionsVerified;
    private long valuesVerified;
    private long valuesWrong;
    private long recordBytes;
    private long gapCount;
    private long sequencesInGaps;
    private long sequencesMissing;
    private long sequencesOutOfOrder;

    StreamVerifier(final SyntheticPlant plant)
    {
        this.plant = plant;
    }

    /**
     * Checks the records of one recovered block payload, the next in block order.
     *
     * @param length k x symbol bytes.
     */
    void onBlockDelivered(final byte[] buffer, final int offset, final int length)
    {
        blocksDelivered++;
        if (!reader.wrap(buffer, offset, length))
        {
            blocksMalformed++;
            problem("block " + blocksDelivered + " has a malformed header");
            return;
        }
        boolean first = true;
        while (reader.next())
        {
            final long sequence = reader.streamSequence();
            if (first)
            {
                first = false;
                enterBlockAt(sequence);
            }
            else if (sequence != expectedSequence)
            {
                outOfOrder(sequence);
            }
            expectedSequence = Math.max(expectedSequence, sequence + 1);
            recordBytes += reader.bodyLength() + RecordHeader.LENGTH;
            verifyRecord(sequence);
        }
        if (reader.isBlockMalformed())
        {
            blocksMalformed++;
            problem("block with first sequence " + reader.firstStreamSequence() + " is malformed after " +
                "record " + (expectedSequence - 1));
        }
        lossPending = false;
    }

    /** Records that the next block in block order was given up: the records it held will be a gap. */
    void onBlockLost()
    {
        lossPending = true;
    }

    /**
     * Ends the stream.
     *
     * @param lastSequence the sender's last stream sequence (its heartbeats' stream head), or -1 if unknown.
     */
    void finish(final long lastSequence)
    {
        if (lastSequence >= expectedSequence)
        {
            if (lossPending)
            {
                addGap(expectedSequence, lastSequence);
            }
            else
            {
                sequencesMissing += lastSequence - expectedSequence + 1;
                problem("sequences " + expectedSequence + ".." + lastSequence + " missing at the end without a " +
                    "lost block");
            }
            expectedSequence = lastSequence + 1;
        }
        lossPending = false;
    }

    private void enterBlockAt(final long sequence)
    {
        if (sequence == expectedSequence)
        {
            return;
        }
        if (sequence < expectedSequence)
        {
            outOfOrder(sequence);
        }
        else if (lossPending)
        {
            addGap(expectedSequence, sequence - 1);
        }
        else
        {
            sequencesMissing += sequence - expectedSequence;
            problem("sequences " + expectedSequence + ".." + (sequence - 1) + " missing without a lost block");
        }
    }

    private void outOfOrder(final long sequence)
    {
        sequencesOutOfOrder++;
        problem("sequence " + sequence + " arrived when " + expectedSequence + " was expected");
    }

    private void addGap(final long fromSequence, final long toSequence)
    {
        gapCount++;
        sequencesInGaps += toSequence - fromSequence + 1;
        if (gaps.size() < MAX_GAPS_LISTED)
        {
            gaps.add(new long[] {fromSequence, toSequence});
        }
    }

    private void verifyRecord(final long sequence)
    {
        final RecordType type = reader.type();
        if (plant.isDefinition(sequence))
        {
            if (type == RecordType.TAG_DEFINITION && plant.definitionAt(sequence).equals(reader.tagDefinition()))
            {
                definitionsVerified++;
                recordsVerified++;
            }
            else
            {
                recordsWrong++;
                problem("record " + sequence + " should be " + plant.definitionAt(sequence) + " but is " + type);
            }
            return;
        }
        if (type != RecordType.TAG_VALUE_BATCH)
        {
            recordsWrong++;
            problem("record " + sequence + " should be a TAG_VALUE_BATCH but is " + type);
            return;
        }
        final TagValueBatchReader batch = reader.tagValueBatch();
        final int count = plant.valueCount(sequence);
        boolean recordOk = batch.count() == count;
        if (!recordOk)
        {
            problem("record " + sequence + " holds " + batch.count() + " values, expected " + count);
        }
        int index = 0;
        while (batch.next(actual))
        {
            if (index < count && plant.fill(sequence, index, expected).equals(actual))
            {
                valuesVerified++;
            }
            else
            {
                valuesWrong++;
                recordOk = false;
                if (problems.size() < MAX_PROBLEMS_LISTED)
                {
                    problem("record " + sequence + " value " + index + " is " + actual + ", expected " +
                        (index < count ? plant.fill(sequence, index, expected).toString() : "nothing"));
                }
            }
            index++;
        }
        if (index < count)
        {
            valuesWrong += count - index;
        }
        if (recordOk)
        {
            recordsVerified++;
        }
        else
        {
            recordsWrong++;
        }
    }

    private void problem(final String description)
    {
        if (problems.size() < MAX_PROBLEMS_LISTED)
        {
            problems.add(description);
        }
    }

    /** @return the next stream sequence expected; every lower one was delivered or is in a gap. */
    long expectedSequence()
    {
        return expectedSequence;
    }

    long blocksDelivered()
    {
        return blocksDelivered;
    }

    long blocksMalformed()
    {
        return blocksMalformed;
    }

    long recordsVerified()
    {
        return recordsVerified;
    }

    long recordsWrong()
    {
        return recordsWrong;
    }

    long definitionsVerified()
    {
        return definitionsVerified;
    }

    long valuesVerified()
    {
        return valuesVerified;
    }

    long valuesWrong()
    {
        return valuesWrong;
    }

    /** @return bytes of records (headers and bodies) delivered. */
    long recordBytes()
    {
        return recordBytes;
    }

    /** @return the reported gaps as {fromSequence, toSequence}, inclusive, in stream order (at most the listed cap). */
    List<long[]> gaps()
    {
        return Collections.unmodifiableList(gaps);
    }

    long gapCount()
    {
        return gapCount;
    }

    long sequencesInGaps()
    {
        return sequencesInGaps;
    }

    /** @return sequences that went missing with no lost block to explain them (a defect). */
    long sequencesMissing()
    {
        return sequencesMissing;
    }

    /** @return records whose sequence repeated or went backwards (a defect). */
    long sequencesOutOfOrder()
    {
        return sequencesOutOfOrder;
    }

    /** @return descriptions of the first problems found, for the summary. */
    List<String> firstProblems()
    {
        return Collections.unmodifiableList(problems);
    }
}
