package io.diodegw.fec;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErasureCodecPropertyTest
{
    private static final int[] SOURCE_COUNTS = {1, 2, 3, 8, 10, 16, 32, 64, 100, 128};
    private static final int[] REPAIR_COUNTS = {0, 1, 2, 4, 8, 16, 32};
    private static final int[] SYMBOL_SIZES = {1, 7, 8, 64, 1400, 1416, 8896, 8900};
    private static final int MAX_SYMBOL_BYTES = 8900;
    private static final byte POISON = (byte)0xA5;

    private final ErasureCodec codec = new ErasureCodec(128, 32, MAX_SYMBOL_BYTES);

    @Test
    void shouldRecoverSourceSymbolsForEveryErasurePatternWithinBudgetOfSmallGeometries()
    {
        final SplittableRandom random = new SplittableRandom(1);
        final int[] sizes = {1, 7, 8, 13, 64, 67, 200};
        for (int k = 1; k <= 6; k++)
        {
            for (int m = 0; m <= 3; m++)
            {
                for (final int symbolBytes : sizes)
                {
                    final byte[] block = encodedBlock(k, m, symbolBytes, random);
                    final int n = k + m;
                    for (int lostMask = 0; lostMask < (1 << n); lostMask++)
                    {
                        final int lost = Integer.bitCount(lostMask);
                        final boolean recoverable = lost <= m;
                        assertDecode(k, m, symbolBytes, block, new long[] {~lostMask & ((1L << n) - 1)}, recoverable);
                    }
                }
            }
        }
    }

    @Test
    void shouldRecoverSourceSymbolsForRandomErasurePatternsWithinBudget()
    {
        final SplittableRandom random = new SplittableRandom(2);
        for (final int k : SOURCE_COUNTS)
        {
            for (final int m : REPAIR_COUNTS)
            {
                if (k + m > ErasureCodec.MAX_TOTAL_SYMBOLS)
                {
                    continue;
                }
                final int symbolBytes = sampledSize(k, m, random);
                final byte[] block = encodedBlock(k, m, symbolBytes, random);
                final int n = k + m;
                assertDecode(k, m, symbolBytes, block, presentWithLost(n, randomSubset(n, m, random)), true);
                assertDecode(k, m, symbolBytes, block, presentWithLost(n, range(k, m)), true);
                if (m >= k)
                {
                    assertDecode(k, m, symbolBytes, block, presentWithLost(n, range(0, k)), true);
                }
                else
                {
                    assertDecode(k, m, symbolBytes, block, presentWithLost(n, range(0, m)), true);
                    assertDecode(k, m, symbolBytes, block, presentWithLost(n, range(k - m, m)), true);
                }
                assertDecode(k, m, symbolBytes, block, presentWithLost(n, randomSubset(n, random.nextInt(m + 1),
                    random)), true);
            }
        }
    }

    @Test
    void shouldReportUnrecoverableAndLeaveSlotsUntouchedWhenMoreThanRepairCountSymbolsAreLost()
    {
        final SplittableRandom random = new SplittableRandom(3);
        for (final int k : SOURCE_COUNTS)
        {
            for (final int m : REPAIR_COUNTS)
            {
                if (k + m > ErasureCodec.MAX_TOTAL_SYMBOLS)
                {
                    continue;
                }
                final int symbolBytes = SYMBOL_SIZES[random.nextInt(4)];
                final byte[] block = encodedBlock(k, m, symbolBytes, random);
                final int n = k + m;
                final int[] lost = randomSubset(n, m + 1, random);
                boolean sourceLost = false;
                for (final int slot : lost)
                {
                    sourceLost |= slot < k;
                }
                if (!sourceLost)
                {
                    lost[0] = random.nextInt(k);
                    if (Arrays.stream(lost).distinct().count() != lost.length)
                    {
                        continue;
                    }
                }
                assertDecode(k, m, symbolBytes, block, presentWithLost(n, lost), false);
            }
        }
    }

    @Test
    void shouldProduceTheSameRepairBytesAsTheReferenceMatrixMultiply()
    {
        final SplittableRandom random = new SplittableRandom(4);
        final int[][] geometries = {{1, 1}, {3, 2}, {10, 4}, {32, 4}, {17, 9}, {64, 8}, {100, 32}, {224, 32}};
        final int[] sizes = {1, 7, 8, 15, 56, 64, 65, 1400, 1416};
        final ErasureCodec wide = new ErasureCodec(224, 32, 1416);
        for (final int[] g : geometries)
        {
            final int k = g[0];
            final int m = g[1];
            final int symbolBytes = sizes[random.nextInt(sizes.length)];
            final byte[] src = randomBytes(k * symbolBytes, random);
            final byte[] expected = new byte[m * symbolBytes];
            ReferenceCauchyCode.encode(CauchyCode.create(k, m), symbolBytes, src, expected);
            final byte[] actual = new byte[m * symbolBytes];
            wide.encode(k, m, symbolBytes, src, 0, actual, 0);
            assertArrayEquals(expected, actual, () -> "k=" + k + " m=" + m + " symbolBytes=" + symbolBytes);
        }
    }

    @Test
    void shouldProduceIdenticalBytesOnWordAndByteKernels()
    {
        final SplittableRandom random = new SplittableRandom(5);
        final ErasureCodec bytewise = new ErasureCodec(128, 32, MAX_SYMBOL_BYTES, false);
        final int[][] geometries = {{2, 1}, {8, 4}, {32, 4}, {64, 8}, {128, 32}};
        final int[] sizes = {8, 64, 72, 1400, 8896};
        for (final int[] g : geometries)
        {
            final int k = g[0];
            final int m = g[1];
            final int symbolBytes = sizes[random.nextInt(sizes.length)];
            final byte[] words = encodedBlock(k, m, symbolBytes, random);
            final byte[] bytes = words.clone();
            bytewise.encode(k, m, symbolBytes, bytes, 0, bytes, k * symbolBytes);
            assertArrayEquals(words, bytes, () -> "encode k=" + k + " m=" + m + " symbolBytes=" + symbolBytes);

            final long[] present = presentWithLost(k + m, randomSubset(k, Math.min(k, m), random));
            final byte[] damaged = erase(words, k + m, symbolBytes, present);
            assertTrue(bytewise.decode(k, m, symbolBytes, damaged, 0, present));
            assertArrayEquals(words, damaged, () -> "decode k=" + k + " m=" + m + " symbolBytes=" + symbolBytes);
        }
    }

    @Test
    void shouldDecodeBlocksAtAnOffsetInsideALargerBuffer()
    {
        final SplittableRandom random = new SplittableRandom(6);
        final int k = 10;
        final int m = 3;
        final int symbolBytes = 1416;
        final int offset = 77;
        final byte[] buffer = randomBytes(offset + (k + m) * symbolBytes + 50, random);
        codec.encode(k, m, symbolBytes, buffer, offset, buffer, offset + k * symbolBytes);
        final byte[] original = buffer.clone();
        final long[] present = presentWithLost(k + m, new int[] {0, 4, 9});
        for (final int slot : new int[] {0, 4, 9})
        {
            Arrays.fill(buffer, offset + slot * symbolBytes, offset + (slot + 1) * symbolBytes, POISON);
        }
        assertTrue(codec.decode(k, m, symbolBytes, buffer, offset, present));
        assertArrayEquals(original, buffer);
    }

    @Test
    void shouldKeepTheCodeOnTheWireStable()
    {
        // the generator is part of the wire protocol: a change here breaks every receiver of another version
        assertEquals(2421721531L, repairChecksum(32, 4, 1400), "32+4 repair checksum");
        assertEquals(3100633656L, repairChecksum(64, 8, 8896), "64+8 repair checksum");
        assertEquals(1079677686L, repairChecksum(5, 3, 13), "5+3 repair checksum");
    }

    @Test
    void shouldNotAllocateWhenEncodingAndDecodingAPreparedGeometry()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().getId();
        final SplittableRandom random = new SplittableRandom(7);
        final int k = 32;
        final int m = 4;
        final int symbolBytes = 1400;
        final byte[] block = encodedBlock(k, m, symbolBytes, random);
        final long[] present = presentWithLost(k + m, new int[] {1, 5, 6, 30});
        for (int warm = 0; warm < 200; warm++)
        {
            codec.encode(k, m, symbolBytes, block, 0, block, k * symbolBytes);
            codec.decode(k, m, symbolBytes, block, 0, present);
        }
        final long calibrationStart = threads.getThreadAllocatedBytes(thread);
        final long calibration = threads.getThreadAllocatedBytes(thread) - calibrationStart;
        final long start = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 100; i++)
        {
            codec.encode(k, m, symbolBytes, block, 0, block, k * symbolBytes);
            codec.decode(k, m, symbolBytes, block, 0, present);
        }
        final long allocated = threads.getThreadAllocatedBytes(thread) - start - calibration;
        assertEquals(0L, allocated);
    }

    @Test
    void shouldRejectGeometriesOutsideTheLimits()
    {
        final byte[] buffer = new byte[1 << 20];
        assertThrows(IllegalArgumentException.class, () -> codec.encode(0, 1, 8, buffer, 0, buffer, 0));
        assertThrows(IllegalArgumentException.class, () -> codec.encode(129, 1, 8, buffer, 0, buffer, 0));
        assertThrows(IllegalArgumentException.class, () -> codec.encode(8, 33, 8, buffer, 0, buffer, 0));
        assertThrows(IllegalArgumentException.class, () -> codec.encode(8, 1, 0, buffer, 0, buffer, 0));
        assertThrows(IllegalArgumentException.class, () -> codec.encode(8, 1, 8901, buffer, 0, buffer, 0));
        assertThrows(IllegalArgumentException.class, () -> codec.encode(8, 1, 8, new byte[63], 0, buffer, 0));
        assertThrows(IllegalArgumentException.class, () -> codec.decode(8, 1, 8, buffer, -1, new long[1]));
        assertThrows(IllegalArgumentException.class, () -> codec.decode(8, 1, 8, buffer, 0, new long[0]));
        assertThrows(IllegalArgumentException.class, () -> new ErasureCodec(200, 57, 8).prepare(200, 57));
        assertThrows(IllegalArgumentException.class, () -> new ErasureCodec(257, 0, 8));
    }

    private long repairChecksum(final int k, final int m, final int symbolBytes)
    {
        final ErasureCodec wide = new ErasureCodec(k, m, symbolBytes);
        final byte[] src = randomBytes(k * symbolBytes, new SplittableRandom(42));
        final byte[] repair = new byte[m * symbolBytes];
        wide.encode(k, m, symbolBytes, src, 0, repair, 0);
        final CRC32 crc = new CRC32();
        crc.update(repair);
        return crc.getValue();
    }

    private void assertDecode(
        final int k, final int m, final int symbolBytes, final byte[] block, final long[] present,
        final boolean recoverable)
    {
        final byte[] damaged = erase(block, k + m, symbolBytes, present);
        final byte[] before = damaged.clone();
        final boolean decoded = codec.decode(k, m, symbolBytes, damaged, 0, present);
        final String description = "k=" + k + " m=" + m + " symbolBytes=" + symbolBytes + " present=" +
            Long.toBinaryString(present[0]) + (present.length > 1 ? "," + Long.toBinaryString(present[1]) : "");
        assertEquals(recoverable, decoded, description);
        if (recoverable)
        {
            assertArrayEquals(Arrays.copyOf(block, k * symbolBytes), Arrays.copyOf(damaged, k * symbolBytes),
                description);
        }
        else
        {
            assertArrayEquals(before, damaged, description);
        }
    }

    private static byte[] erase(final byte[] block, final int n, final int symbolBytes, final long[] present)
    {
        final byte[] damaged = block.clone();
        for (int slot = 0; slot < n; slot++)
        {
            if ((present[slot >>> 6] & (1L << slot)) == 0)
            {
                Arrays.fill(damaged, slot * symbolBytes, (slot + 1) * symbolBytes, POISON);
            }
        }
        return damaged;
    }

    private byte[] encodedBlock(final int k, final int m, final int symbolBytes, final SplittableRandom random)
    {
        final byte[] block = new byte[(k + m) * symbolBytes];
        for (int i = 0; i < k * symbolBytes; i++)
        {
            block[i] = (byte)random.nextInt(256);
        }
        codec.encode(k, m, symbolBytes, block, 0, block, k * symbolBytes);
        return block;
    }

    private static byte[] randomBytes(final int length, final SplittableRandom random)
    {
        final byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)random.nextInt(256);
        }
        return bytes;
    }

    private static int sampledSize(final int k, final int m, final SplittableRandom random)
    {
        final int size = SYMBOL_SIZES[random.nextInt(SYMBOL_SIZES.length)];
        return (k + m) * size > 400_000 ? SYMBOL_SIZES[random.nextInt(5)] : size;
    }

    private static long[] presentWithLost(final int n, final int[] lost)
    {
        final long[] present = new long[(n + 63) / 64];
        for (int slot = 0; slot < n; slot++)
        {
            present[slot >>> 6] |= 1L << slot;
        }
        for (final int slot : lost)
        {
            present[slot >>> 6] &= ~(1L << slot);
        }
        return present;
    }

    private static int[] range(final int from, final int count)
    {
        final int[] slots = new int[count];
        for (int i = 0; i < count; i++)
        {
            slots[i] = from + i;
        }
        return slots;
    }

    private static int[] randomSubset(final int n, final int count, final SplittableRandom random)
    {
        final int[] all = range(0, n);
        for (int i = 0; i < count; i++)
        {
            final int j = i + random.nextInt(n - i);
            final int tmp = all[i];
            all[i] = all[j];
            all[j] = tmp;
        }
        return Arrays.copyOf(all, count);
    }
}
