package io.diodegw.fec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Computes one output packet as the XOR of input packets: {@code out[dst..dst+packetBytes) = base ^ in[o_0..] ^
 * in[o_1..] ^ ...}, where {@code base} is an optional packet of {@code out}. Packets of 8 bytes or more are processed
 * as unaligned little-endian 64-bit words; a length that is not a multiple of 8 ends with one overlapping word that
 * is recomputed from all operands, so writing it twice is harmless. The output must not overlap any operand.
 *
 * <p>Stateless and thread-safe; bounds are the caller's responsibility (the JVM still checks them).
 */
final class XorKernel
{
    static final int NO_BASE = -1;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int OPERANDS_PER_PASS = 4;

    private XorKernel()
    {
    }

    static void xorPacket(
        final byte[] in,
        final int[] offsets,
        final int count,
        final byte[] out,
        final int dst,
        final int base,
        final int packetBytes,
        final boolean wordKernel)
    {
        if (wordKernel && packetBytes >= Long.BYTES)
        {
            xorWords(in, offsets, count, out, dst, base, packetBytes);
        }
        else
        {
            xorBytes(in, offsets, count, out, dst, base, packetBytes);
        }
    }

    static void xorBytes(
        final byte[] in, final int[] offsets, final int count, final byte[] out, final int dst, final int base,
        final int packetBytes)
    {
        for (int t = 0; t < packetBytes; t++)
        {
            int acc = base == NO_BASE ? 0 : out[base + t];
            for (int i = 0; i < count; i++)
            {
                acc ^= in[offsets[i] + t];
            }
            out[dst + t] = (byte)acc;
        }
    }

    private static void xorWords(
        final byte[] in, final int[] offsets, final int count, final byte[] out, final int dst, final int base,
        final int packetBytes)
    {
        final int end = packetBytes & ~(Long.BYTES - 1);
        int i;
        if (base != NO_BASE)
        {
            i = Math.min(count, OPERANDS_PER_PASS - 1);
            switch (i)
            {
                case 0 -> copy(out, base, out, dst, end);
                case 1 -> assign2(out, base, in, offsets[0], out, dst, end);
                case 2 -> assign3(out, base, in, offsets[0], offsets[1], out, dst, end);
                default -> assign4(out, base, in, offsets[0], offsets[1], offsets[2], out, dst, end);
            }
        }
        else
        {
            i = Math.min(count, OPERANDS_PER_PASS);
            switch (i)
            {
                case 0 -> zero(out, dst, end);
                case 1 -> copy(in, offsets[0], out, dst, end);
                case 2 -> assign2(in, offsets[0], in, offsets[1], out, dst, end);
                case 3 -> assign3(in, offsets[0], in, offsets[1], offsets[2], out, dst, end);
                default -> assign4(in, offsets[0], in, offsets[1], offsets[2], offsets[3], out, dst, end);
            }
        }
        for (; i + 2 * OPERANDS_PER_PASS <= count; i += 2 * OPERANDS_PER_PASS)
        {
            accumulate8(in, offsets, i, out, dst, end);
        }
        for (; i + OPERANDS_PER_PASS <= count; i += OPERANDS_PER_PASS)
        {
            accumulate4(in, offsets[i], offsets[i + 1], offsets[i + 2], offsets[i + 3], out, dst, end);
        }
        switch (count - i)
        {
            case 1 -> accumulate1(in, offsets[i], out, dst, end);
            case 2 -> accumulate2(in, offsets[i], offsets[i + 1], out, dst, end);
            case 3 -> accumulate3(in, offsets[i], offsets[i + 1], offsets[i + 2], out, dst, end);
            default ->
            {
            }
        }
        if (end != packetBytes)
        {
            final int last = packetBytes - Long.BYTES;
            long acc = base == NO_BASE ? 0L : (long)LONGS.get(out, base + last);
            for (int j = 0; j < count; j++)
            {
                acc ^= (long)LONGS.get(in, offsets[j] + last);
            }
            LONGS.set(out, dst + last, acc);
        }
    }

    private static void zero(final byte[] out, final int dst, final int end)
    {
        for (int w = 0; w < end; w += Long.BYTES)
        {
            LONGS.set(out, dst + w, 0L);
        }
    }

    private static void copy(final byte[] a, final int ao, final byte[] out, final int dst, final int end)
    {
        for (int w = 0; w < end; w += Long.BYTES)
        {
            LONGS.set(out, dst + w, (long)LONGS.get(a, ao + w));
        }
    }

    private static void assign2(
        final byte[] a, final int ao, final byte[] in, final int bo, final byte[] out, final int dst, final int end)
    {
        for (int w = 0; w < end; w += Long.BYTES)
        {
            LONGS.set(out, dst + w, (long)LONGS.get(a, ao + w) ^ (long)LONGS.get(in, bo + w));
        }
    }

    private static void assign3(
        final byte[] a, final int ao, final byte[] in, final int bo, final int co, final byte[] out, final int dst,
        final int end)
    {
        for (int w = 0; w < end; w += Long.BYTES)
        {
            LONGS.set(out, dst + w,
                (long)LONGS.get(a, ao + w) ^ (long)LONGS.get(in, bo + w) ^ (long)LONGS.get(in, co + w));
        }
    }

    private static void assign4(
        final byte[] a, final int ao, final byte[] in, final int bo, final int co, final int eo, final byte[] out,
        final int dst, final int end)
    {
        for (int w = 0; w < end; w += Long.BYTES)
        {
            LONGS.set(out, dst + w, (long)LONGS.get(a, ao + w) ^ (long)LONGS.get(in, bo + w) ^
                (long)LONGS.get(in, co + w) ^ (long)LONGS.get(in, eo + w));
        }
    }

    private static void accumulate1(final byte[] in, final int ao, final byte[] out, final int dst, final int end)
    {
        for (int w = 0; w < end; w += Long.BYTES)
        {
            LONGS.set(out, dst + w, (long)LONGS.get(out, dst + w) ^ (long)LONGS.get(in, ao + w));
        }
    }

    private static void accumulate2(
        final byte[] in, final int ao, final int bo, final byte[] out, final int dst, final int end)
    {
        for (int w = 0; w < end; w += Long.BYTES)
        {
            LONGS.set(out, dst + w,
                (long)LONGS.get(out, dst + w) ^ (long)LONGS.get(in, ao + w) ^ (long)LONGS.get(in, bo + w));
        }
    }

    private static void accumulate3(
        final byte[] in, final int ao, final int bo, final int co, final byte[] out, final int dst, final int end)
    {
        for (int w = 0; w < end; w += Long.BYTES)
        {
            LONGS.set(out, dst + w, (long)LONGS.get(out, dst + w) ^ (long)LONGS.get(in, ao + w) ^
                (long)LONGS.get(in, bo + w) ^ (long)LONGS.get(in, co + w));
        }
    }

    private static void accumulate4(
        final byte[] in, final int ao, final int bo, final int co, final int eo, final byte[] out, final int dst,
        final int end)
    {
        for (int w = 0; w < end; w += Long.BYTES)
        {
            LONGS.set(out, dst + w, (long)LONGS.get(out, dst + w) ^ (long)LONGS.get(in, ao + w) ^
                (long)LONGS.get(in, bo + w) ^ (long)LONGS.get(in, co + w) ^ (long)LONGS.get(in, eo + w));
        }
    }

    private static void accumulate8(
        final byte[] in, final int[] offsets, final int from, final byte[] out, final int dst, final int end)
    {
        final int o0 = offsets[from];
        final int o1 = offsets[from + 1];
        final int o2 = offsets[from + 2];
        final int o3 = offsets[from + 3];
        final int o4 = offsets[from + 4];
        final int o5 = offsets[from + 5];
        final int o6 = offsets[from + 6];
        final int o7 = offsets[from + 7];
        for (int w = 0; w < end; w += Long.BYTES)
        {
            LONGS.set(out, dst + w, (long)LONGS.get(out, dst + w) ^
                (long)LONGS.get(in, o0 + w) ^ (long)LONGS.get(in, o1 + w) ^
                (long)LONGS.get(in, o2 + w) ^ (long)LONGS.get(in, o3 + w) ^
                (long)LONGS.get(in, o4 + w) ^ (long)LONGS.get(in, o5 + w) ^
                (long)LONGS.get(in, o6 + w) ^ (long)LONGS.get(in, o7 + w));
        }
    }
}
