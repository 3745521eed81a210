package io.diodegw.receiver.link;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.diodegw.fec.ErasureCodec;

class BlockReassemblyTest
{
    private static final int K = 8;
    private static final int M = 3;
    private static final int SYMBOL_BYTES = 64;
    private static final int SLOTS = 4;

    @Test
    void shouldRebuildEveryBlockFromAnyKOfItsSymbols()
    {
        final SplittableRandom random = new SplittableRandom(11);
        for (int trial = 0; trial < 60; trial++)
        {
            final byte[] block = encodedBlock(random);
            final int[] order = shuffledIndices(random);
            final BlockReassembly reassembly = new BlockReassembly(K, M, SYMBOL_BYTES, SLOTS);
            for (int i = 0; i < K - 1; i++)
            {
                assertEquals(BlockReassembly.STORED, reassembly.onSymbol(0, order[i], block, order[i] * SYMBOL_BYTES));
                assertFalse(reassembly.isNextComplete());
            }

            assertEquals(BlockReassembly.COMPLETED,
                reassembly.onSymbol(0, order[K - 1], block, order[K - 1] * SYMBOL_BYTES));

            assertTrue(reassembly.isNextComplete());
            final int offset = reassembly.nextOffset();
            assertArrayEquals(Arrays.copyOf(block, K * SYMBOL_BYTES),
                Arrays.copyOfRange(reassembly.buffer(), offset, offset + reassembly.payloadBytes()), "trial " + trial);
            final boolean sourcesAllPresent = Arrays.stream(order, 0, K).allMatch(index -> index < K);
            assertEquals(sourcesAllPresent ? 0 : 1, reassembly.blocksRepaired());
            assertEquals(0, reassembly.decodeFailures());
        }
    }

    @Test
    void shouldIgnoreDuplicatesAndSymbolsOfACompleteBlock()
    {
        final byte[] block = encodedBlock(new SplittableRandom(3));
        final BlockReassembly reassembly = new BlockReassembly(K, M, SYMBOL_BYTES, SLOTS);

        assertEquals(BlockReassembly.STORED, reassembly.onSymbol(0, 0, block, 0));
        assertEquals(BlockReassembly.DUPLICATE, reassembly.onSymbol(0, 0, block, 0));
        for (int i = 1; i < K; i++)
        {
            reassembly.onSymbol(0, i, block, i * SYMBOL_BYTES);
        }
        assertEquals(BlockReassembly.NOT_NEEDED, reassembly.onSymbol(0, K, block, K * SYMBOL_BYTES));
        reassembly.deliverNext();
        assertEquals(BlockReassembly.AFTER_DELIVERY, reassembly.onSymbol(0, K + 1, block, (K + 1) * SYMBOL_BYTES));
    }

    @Test
    void shouldHandBlocksOutInBlockOrderOnly()
    {
        final byte[] block = encodedBlock(new SplittableRandom(4));
        final BlockReassembly reassembly = new BlockReassembly(K, M, SYMBOL_BYTES, SLOTS);
        for (int i = 0; i < K; i++)
        {
            reassembly.onSymbol(1, i, block, i * SYMBOL_BYTES);
        }

        assertFalse(reassembly.isNextComplete());
        assertEquals(0, reassembly.nextBlock());
        assertEquals(1, reassembly.highestBlockSeen());

        reassembly.giveUpNext();

        assertTrue(reassembly.isNextComplete());
        assertEquals(1, reassembly.nextBlock());
        assertEquals(1, reassembly.blocksGivenUp());
    }

    @Test
    void shouldTellASymbolOfAGivenUpBlockApart()
    {
        final byte[] block = encodedBlock(new SplittableRandom(5));
        final BlockReassembly reassembly = new BlockReassembly(K, M, SYMBOL_BYTES, SLOTS);
        reassembly.onSymbol(0, 0, block, 0);

        reassembly.giveUpNext();

        assertEquals(BlockReassembly.AFTER_GIVE_UP, reassembly.onSymbol(0, 1, block, SYMBOL_BYTES));
        assertFalse(reassembly.fits(1 + SLOTS));
        assertTrue(reassembly.fits(SLOTS));
        reassembly.onSymbol(SLOTS, 0, block, 0);
        assertEquals(BlockReassembly.TOO_OLD, reassembly.onSymbol(0, 2, block, 2 * SYMBOL_BYTES));
    }

    private static byte[] encodedBlock(final SplittableRandom random)
    {
        final byte[] block = new byte[(K + M) * SYMBOL_BYTES];
        for (int i = 0; i < K * SYMBOL_BYTES; i++)
        {
            block[i] = (byte)random.nextInt(256);
        }
        new ErasureCodec(K, M, SYMBOL_BYTES).encode(K, M, SYMBOL_BYTES, block, 0, block, K * SYMBOL_BYTES);
        return block;
    }

    private static int[] shuffledIndices(final SplittableRandom random)
    {
        final int[] order = new int[K + M];
        for (int i = 0; i < order.length; i++)
        {
            order[i] = i;
        }
        for (int i = order.length - 1; i > 0; i--)
        {
            final int j = random.nextInt(i + 1);
            final int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
