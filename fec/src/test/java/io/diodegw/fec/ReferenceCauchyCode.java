package io.diodegw.fec;

/**
 * Straightforward reference of the code's definition for tests: field multiplication by shift-and-reduce (no
 * tables), explicit gathering of bit-sliced elements, one element at a time.
 */
final class ReferenceCauchyCode
{
    private ReferenceCauchyCode()
    {
    }

    static int mul(final int a, final int b)
    {
        int product = 0;
        int x = a;
        for (int bit = 0; bit < Byte.SIZE; bit++)
        {
            if ((b & (1 << bit)) != 0)
            {
                product ^= x;
            }
            x <<= 1;
            if ((x & 0x100) != 0)
            {
                x ^= 0x11D;
            }
        }
        return product;
    }

    /** Element at (packet byte t, bit b) of a symbol's bit-sliced part. */
    static int gather(final byte[] data, final int symbolStart, final int packetBytes, final int t, final int b)
    {
        int element = 0;
        for (int c = 0; c < Byte.SIZE; c++)
        {
            element |= ((data[symbolStart + c * packetBytes + t] >>> b) & 1) << c;
        }
        return element;
    }

    static void scatter(
        final byte[] data, final int symbolStart, final int packetBytes, final int t, final int b, final int element)
    {
        for (int c = 0; c < Byte.SIZE; c++)
        {
            final int index = symbolStart + c * packetBytes + t;
            data[index] = (byte)((data[index] & ~(1 << b)) | (((element >>> c) & 1) << b));
        }
    }

    static void encode(
        final CauchyCode code, final int symbolBytes, final byte[] src, final byte[] repair)
    {
        final int k = code.sourceSymbols();
        final int m = code.repairSymbols();
        final int packetBytes = symbolBytes / Byte.SIZE;
        for (int i = 0; i < m; i++)
        {
            for (int t = 0; t < packetBytes; t++)
            {
                for (int b = 0; b < Byte.SIZE; b++)
                {
                    int acc = 0;
                    for (int j = 0; j < k; j++)
                    {
                        acc ^= mul(code.coefficient(i, j), gather(src, j * symbolBytes, packetBytes, t, b));
                    }
                    scatter(repair, i * symbolBytes, packetBytes, t, b, acc);
                }
            }
            for (int t = packetBytes * Byte.SIZE; t < symbolBytes; t++)
            {
                int acc = 0;
                for (int j = 0; j < k; j++)
                {
                    acc ^= mul(code.coefficient(i, j), src[j * symbolBytes + t] & 0xFF);
                }
                repair[i * symbolBytes + t] = (byte)acc;
            }
        }
    }
}
