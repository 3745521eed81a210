package io.diodegw.fec;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlockInterleaverTest
{
    @Test
    void shouldSendEverySymbolOfEveryBlockExactlyOnce()
    {
        final SplittableRandom random = new SplittableRandom(11);
        for (int trial = 0; trial < 200; trial++)
        {
            final int depth = 1 + random.nextInt(16);
            final BlockInterleaver interleaver = new BlockInterleaver(depth);
            final int blockCount = 1 + random.nextInt(depth);
            final int[] counts = new int[blockCount];
            int total = 0;
            for (int b = 0; b < blockCount; b++)
            {
                counts[b] = random.nextInt(BlockInterleaver.MAX_SYMBOLS_PER_BLOCK + 1);
                total += counts[b];
            }
            final int[] order = new int[total];
            assertEquals(total, interleaver.fillOrder(counts, blockCount, order));
            final int[] nextSymbol = new int[blockCount];
            for (final int entry : order)
            {
                final int block = BlockInterleaver.blockIndex(entry);
                final int symbol = BlockInterleaver.symbolIndex(entry);
                assertTrue(block < blockCount, "block " + block);
                assertEquals(nextSymbol[block], symbol, "symbols of a block go out in index order, once each");
                nextSymbol[block]++;
            }
            for (int b = 0; b < blockCount; b++)
            {
                assertEquals(counts[b], nextSymbol[b], "block " + b);
            }
        }
    }

    @Test
    void shouldLoseAtMostCeilingOfBurstOverDepthSymbolsOfAnyEqualSizedBlock()
    {
        for (int depth = 1; depth <= 12; depth++)
        {
            for (final int symbols : new int[] {1, 5, 36, 72})
            {
                final BlockInterleaver interleaver = new BlockInterleaver(depth);
                final int[] counts = new int[depth];
                java.util.Arrays.fill(counts, symbols);
                final int[] order = new int[depth * symbols];
                final int total = interleaver.fillOrder(counts, depth, order);
                for (int burst = 1; burst <= total; burst += Math.max(1, total / 40))
                {
                    final int bound = (burst + depth - 1) / depth;
                    for (int start = 0; start + burst <= total; start++)
                    {
                        final int[] lost = new int[depth];
                        for (int p = start; p < start + burst; p++)
                        {
                            lost[BlockInterleaver.blockIndex(order[p])]++;
                        }
                        for (int b = 0; b < depth; b++)
                        {
                            assertTrue(lost[b] <= bound, "depth=" + depth + " symbols=" + symbols + " burst=" +
                                burst + " start=" + start + " block=" + b + " lost=" + lost[b]);
                        }
                    }
                }
            }
        }
    }

    @Test
    void shouldInterleaveAnUnevenLastGroupWithFewerBlocksThanTheDepth()
    {
        final BlockInterleaver interleaver = new BlockInterleaver(4);
        final int[] counts = {3, 1, 2, 99};
        final int[] order = new int[6];
        assertEquals(6, interleaver.fillOrder(counts, 3, order));
        final int[] expected = {entry(0, 0), entry(1, 0), entry(2, 0), entry(0, 1), entry(2, 1), entry(0, 2)};
        for (int i = 0; i < expected.length; i++)
        {
            assertEquals(expected[i], order[i], "position " + i);
        }
    }

    @Test
    void shouldIterateTheSameOrderAsFillOrderAndSignalTheEnd()
    {
        final BlockInterleaver interleaver = new BlockInterleaver(3);
        final int[] counts = {0, 4, 2};
        final int[] order = new int[6];
        final int total = interleaver.fillOrder(counts, 3, order);
        interleaver.start(counts, 3);
        for (int i = 0; i < total; i++)
        {
            assertTrue(interleaver.hasNext());
            assertEquals(order[i], interleaver.next());
        }
        assertFalse(interleaver.hasNext());
        assertEquals(-1, interleaver.next());
    }

    @Test
    void shouldRejectGroupsOutsideTheLimits()
    {
        final BlockInterleaver interleaver = new BlockInterleaver(2);
        assertThrows(IllegalArgumentException.class, () -> new BlockInterleaver(0));
        assertThrows(IllegalArgumentException.class, () -> interleaver.start(new int[] {1, 1, 1}, 3));
        assertThrows(IllegalArgumentException.class, () -> interleaver.start(new int[] {257}, 1));
        assertThrows(IllegalArgumentException.class, () -> interleaver.fillOrder(new int[] {4, 4}, 2, new int[7]));
    }

    private static int entry(final int block, final int symbol)
    {
        return block << 16 | symbol;
    }
}
