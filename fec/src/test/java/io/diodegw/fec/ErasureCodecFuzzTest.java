package io.diodegw.fec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The decoder against fuzzer-chosen geometries, data and erasure patterns (including present bits beyond the block):
 * it must rebuild exactly the encoded source symbols whenever at least k slots are present, report unrecoverable
 * and touch nothing otherwise, and never throw. Corruption is out of scope here: the link envelope authenticates
 * every symbol before it reaches the decoder.
 */
class ErasureCodecFuzzTest
{
    private static final int MAX_K = 40;
    private static final int MAX_M = 12;
    private static final int MAX_SYMBOL_BYTES = 300;
    private static final byte POISON = (byte)0x5A;

    private final ErasureCodec codec = new ErasureCodec(MAX_K, MAX_M, MAX_SYMBOL_BYTES);

    @FuzzTest(maxDuration = "60s")
    void decodeArbitraryErasures(final FuzzedDataProvider data)
    {
        final int k = data.consumeInt(1, MAX_K);
        final int m = data.consumeInt(0, MAX_M);
        final int symbolBytes = data.consumeInt(1, MAX_SYMBOL_BYTES);
        final int n = k + m;
        final long[] present = {data.consumeLong(), data.consumeLong()};
        final byte[] source = data.consumeBytes(k * symbolBytes);
        final byte[] block = Arrays.copyOf(source, n * symbolBytes);
        codec.encode(k, m, symbolBytes, block, 0, block, k * symbolBytes);
        final byte[] encoded = block.clone();

        int presentCount = 0;
        for (int slot = 0; slot < n; slot++)
        {
            if ((present[slot >>> 6] & (1L << slot)) != 0)
            {
                presentCount++;
            }
            else
            {
                Arrays.fill(block, slot * symbolBytes, (slot + 1) * symbolBytes, POISON);
            }
        }
        final byte[] damaged = block.clone();

        final boolean decoded = codec.decode(k, m, symbolBytes, block, 0, present);

        assertEquals(presentCount >= k, decoded);
        if (decoded)
        {
            assertArrayEquals(Arrays.copyOf(encoded, k * symbolBytes), Arrays.copyOf(block, k * symbolBytes));
        }
        else
        {
            assertArrayEquals(damaged, block);
        }
    }
}
