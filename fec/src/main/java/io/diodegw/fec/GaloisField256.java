package io.diodegw.fec;

/**
 * Arithmetic in GF(2^8) with the primitive polynomial x^8 + x^4 + x^3 + x^2 + 1 (0x11D) and generator 2.
 *
 * <p>The field, the polynomial and the bit order (bit {@code c} of an element is the coefficient of x^c) are part of
 * the code's definition on the wire: changing them changes every repair symbol. Stateless and thread-safe.
 */
final class GaloisField256
{
    static final int ORDER = 256;
    static final int PRIMITIVE_POLYNOMIAL = 0x11D;

    private static final int[] LOG = new int[ORDER];
    private static final int[] EXP = new int[2 * ORDER];

    /**
     * ROW_MASKS[e * 8 + b] has bit c set when bit b of (e * x^c) is set: row b of the 8x8 GF(2) matrix that
     * multiplies a bit-sliced element by e.
     */
    private static final int[] ROW_MASKS = new int[ORDER * Byte.SIZE];
    private static final int[] ONES = new int[ORDER];

    static
    {
        int x = 1;
        for (int i = 0; i < ORDER - 1; i++)
        {
            EXP[i] = x;
            LOG[x] = i;
            x <<= 1;
            if (x >= ORDER)
            {
                x ^= PRIMITIVE_POLYNOMIAL;
            }
        }
        for (int i = ORDER - 1; i < EXP.length; i++)
        {
            EXP[i] = EXP[i - (ORDER - 1)];
        }
        for (int e = 0; e < ORDER; e++)
        {
            int ones = 0;
            for (int c = 0; c < Byte.SIZE; c++)
            {
                final int product = mul(e, 1 << c);
                for (int b = 0; b < Byte.SIZE; b++)
                {
                    if ((product & (1 << b)) != 0)
                    {
                        ROW_MASKS[e * Byte.SIZE + b] |= 1 << c;
                        ones++;
                    }
                }
            }
            ONES[e] = ones;
        }
    }

    private GaloisField256()
    {
    }

    static int mul(final int a, final int b)
    {
        if (a == 0 || b == 0)
        {
            return 0;
        }
        return EXP[LOG[a] + LOG[b]];
    }

    /** Inverse of a non-zero element; the result for 0 is unspecified. */
    static int inv(final int a)
    {
        return EXP[(ORDER - 1) - LOG[a]];
    }

    static int div(final int a, final int b)
    {
        if (a == 0)
        {
            return 0;
        }
        return EXP[LOG[a] + (ORDER - 1) - LOG[b]];
    }

    /** Row {@code bit} of the 8x8 bit-matrix of multiplication by {@code e}, as a mask over input bits. */
    static int rowMask(final int e, final int bit)
    {
        return ROW_MASKS[e * Byte.SIZE + bit];
    }

    /** Number of ones in the 8x8 bit-matrix of multiplication by {@code e}. */
    static int ones(final int e)
    {
        return ONES[e];
    }
}
