package io.diodegw.receiver.selfcheck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class StreamVerifierTest
{
    private static final int BLOCK_BYTES = 8 * 1024;
    private static final long START_TICKS = SyntheticPlant.ticksOfEpochMs(1_790_000_000_000L);

    private final SyntheticPlant plant = new SyntheticPlant(5, 300, START_TICKS);
    private final List<byte[]> blocks = new ArrayList<>();
    private final List<Long> firstSequences = new ArrayList<>();
    private final RecordFramer framer = new RecordFramer(plant);

    @Test
    void shouldVerifyEveryRecordAndValueOfBlocksDeliveredInOrder()
    {
        frame(6);
        final StreamVerifier verifier = new StreamVerifier(plant);

        for (final byte[] block : blocks)
        {
            verifier.onBlockDelivered(block, 0, BLOCK_BYTES);
        }
        verifier.finish(framer.nextSequence() - 1);

        assertEquals(framer.records(), verifier.recordsVerified());
        assertEquals(framer.tagUpdates(), verifier.valuesVerified());
        assertTrue(verifier.definitionsVerified() > 0);
        assertEquals(framer.recordBytes(), verifier.recordBytes());
        assertEquals(0, verifier.valuesWrong());
        assertEquals(0, verifier.recordsWrong());
        assertEquals(0, verifier.gapCount());
        assertEquals(0, verifier.sequencesMissing());
        assertEquals(0, verifier.sequencesOutOfOrder());
        assertEquals(framer.nextSequence(), verifier.expectedSequence());
    }

    @Test
    void shouldReportTheExactSequenceRangeOfEachLostBlockAsAGap()
    {
        frame(6);
        final long last = framer.nextSequence() - 1;
        final StreamVerifier verifier = new StreamVerifier(plant);

        verifier.onBlockDelivered(blocks.get(0), 0, BLOCK_BYTES);
        verifier.onBlockLost();
        verifier.onBlockLost();
        verifier.onBlockDelivered(blocks.get(3), 0, BLOCK_BYTES);
        verifier.onBlockDelivered(blocks.get(4), 0, BLOCK_BYTES);
        verifier.onBlockLost();
        verifier.finish(last);

        assertEquals(2, verifier.gapCount());
        assertArrayEquals(new long[] {firstSequences.get(1), firstSequences.get(3) - 1}, verifier.gaps().get(0));
        assertArrayEquals(new long[] {firstSequences.get(5), last}, verifier.gaps().get(1));
        assertEquals(firstSequences.get(3) - firstSequences.get(1) + last - firstSequences.get(5) + 1,
            verifier.sequencesInGaps());
        assertEquals(framer.records(), verifier.recordsVerified() + verifier.sequencesInGaps());
        assertEquals(0, verifier.sequencesMissing());
        assertEquals(0, verifier.valuesWrong());
    }

    @Test
    void shouldCountSequencesMissingWithoutALostBlockAsADefectNotAsAGap()
    {
        frame(3);
        final StreamVerifier verifier = new StreamVerifier(plant);

        verifier.onBlockDelivered(blocks.get(0), 0, BLOCK_BYTES);
        verifier.onBlockDelivered(blocks.get(2), 0, BLOCK_BYTES);
        verifier.finish(framer.nextSequence() - 1);

        assertEquals(firstSequences.get(2) - firstSequences.get(1), verifier.sequencesMissing());
        assertEquals(0, verifier.gapCount());
        assertEquals(1, verifier.firstProblems().size());
    }

    @Test
    void shouldCountATrailingLossWithoutALostBlockAsMissing()
    {
        frame(2);
        final StreamVerifier verifier = new StreamVerifier(plant);

        verifier.onBlockDelivered(blocks.get(0), 0, BLOCK_BYTES);
        verifier.finish(framer.nextSequence() - 1);

        assertEquals(framer.nextSequence() - firstSequences.get(1), verifier.sequencesMissing());
        assertEquals(0, verifier.gapCount());
    }

    @Test
    void shouldCountEveryRecordOfARepeatedBlockAsOutOfOrder()
    {
        frame(2);
        final StreamVerifier verifier = new StreamVerifier(plant);

        verifier.onBlockDelivered(blocks.get(0), 0, BLOCK_BYTES);
        verifier.onBlockDelivered(blocks.get(1), 0, BLOCK_BYTES);
        verifier.onBlockDelivered(blocks.get(1), 0, BLOCK_BYTES);

        assertEquals(framer.nextSequence() - firstSequences.get(1), verifier.sequencesOutOfOrder());
        assertEquals(0, verifier.sequencesMissing());
    }

    @Test
    void shouldCountEveryValueThatDiffersFromWhatThePlantProducedAsWrong()
    {
        frame(2);
        final SyntheticPlant otherClock = new SyntheticPlant(5, 300, START_TICKS + 1);
        final StreamVerifier verifier = new StreamVerifier(otherClock);

        verifier.onBlockDelivered(blocks.get(0), 0, BLOCK_BYTES);
        verifier.onBlockDelivered(blocks.get(1), 0, BLOCK_BYTES);

        assertEquals(framer.tagUpdates(), verifier.valuesWrong());
        assertEquals(0, verifier.valuesVerified());
        assertEquals(framer.records(), verifier.recordsWrong() + verifier.definitionsVerified());
        assertEquals(StreamVerifier.MAX_PROBLEMS_LISTED, verifier.firstProblems().size());
    }

    @Test
    void shouldCountAMalformedBlock()
    {
        final StreamVerifier verifier = new StreamVerifier(plant);

        verifier.onBlockDelivered(new byte[BLOCK_BYTES], 0, BLOCK_BYTES);

        assertEquals(1, verifier.blocksMalformed());
    }

    private void frame(final int count)
    {
        for (int i = 0; i < count; i++)
        {
            final byte[] block = new byte[BLOCK_BYTES];
            firstSequences.add(framer.nextSequence());
            assertTrue(framer.fillBlock(block, 0, BLOCK_BYTES) > 0);
            blocks.add(block);
        }
    }
}
