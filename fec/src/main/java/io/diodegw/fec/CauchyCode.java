package io.diodegw.fec;

/**
 * The generator of the (k + m, k) systematic code: an m x k Cauchy matrix over GF(2^8), normalised to few ones in
 * its bit-matrix form, plus the encoding {@link BitMatrix} with its XOR schedule.
 *
 * <p>Definition (part of the wire protocol: both ends must compute the same matrix, so any change here is a new
 * protocol version). Elements {@code x_0..x_{m-1}} and {@code y_0..y_{k-1}} are distinct field elements, chosen by
 * {@link #chooseElements}: start from {@code x_i = i}, {@code y_j = m + j}, then a fixed number of trial swaps with
 * an unused element, drawn from a SplitMix64 generator seeded with {@code k * 256 + m}, each kept when it lowers the
 * number of ones. {@code C[i][j] = (x_0 + y_j) / (x_i + y_j)} (columns scaled so row 0 is all ones), and every row
 * i &gt; 0 is multiplied by the non-zero scalar that gives the fewest ones in its bit-matrix (smallest scalar on a
 * tie). Every square submatrix of a scaled Cauchy matrix is non-singular, so any k of the k + m symbols decode.
 *
 * <p>Immutable after construction; thread-safe.
 */
final class CauchyCode
{
    private static final long SEARCH_OPERATION_BUDGET = 3_000_000L;
    private static final int MIN_SEARCH_TRIALS = 8;
    private static final int MAX_SEARCH_TRIALS = 400;

    private final int sourceSymbols;
    private final int repairSymbols;
    private final int[] coefficients;
    private final BitMatrix encoding;

    private CauchyCode(final int sourceSymbols, final int repairSymbols, final int[] coefficients)
    {
        this.sourceSymbols = sourceSymbols;
        this.repairSymbols = repairSymbols;
        this.coefficients = coefficients;
        this.encoding = new BitMatrix(repairSymbols * Byte.SIZE, sourceSymbols * Byte.SIZE);
        encoding.reset(repairSymbols * Byte.SIZE, sourceSymbols * Byte.SIZE);
        for (int i = 0; i < repairSymbols; i++)
        {
            for (int j = 0; j < sourceSymbols; j++)
            {
                encoding.setBlock(i, j, coefficients[i * sourceSymbols + j]);
            }
        }
        encoding.schedule();
    }

    /** Builds the code for k source and m repair symbols; k &gt;= 1, m &gt;= 0, k + m &lt;= 256. */
    static CauchyCode create(final int k, final int m)
    {
        if (k < 1 || m < 0 || k + m > GaloisField256.ORDER)
        {
            throw new IllegalArgumentException("k=" + k + " m=" + m + ": need k >= 1, m >= 0, k + m <= 256");
        }
        final int[] x = new int[m];
        final int[] y = new int[k];
        chooseElements(k, m, x, y);
        final int[] coefficients = new int[m * k];
        normalisedRows(x, y, coefficients, new int[GaloisField256.ORDER]);
        return new CauchyCode(k, m, coefficients);
    }

    int sourceSymbols()
    {
        return sourceSymbols;
    }

    int repairSymbols()
    {
        return repairSymbols;
    }

    /** Coefficient of source symbol j in repair symbol i. */
    int coefficient(final int i, final int j)
    {
        return coefficients[i * sourceSymbols + j];
    }

    BitMatrix encoding()
    {
        return encoding;
    }

    static void chooseElements(final int k, final int m, final int[] x, final int[] y)
    {
        for (int i = 0; i < m; i++)
        {
            x[i] = i;
        }
        for (int j = 0; j < k; j++)
        {
            y[j] = m + j;
        }
        if (m < 2)
        {
            return;
        }
        final boolean[] used = new boolean[GaloisField256.ORDER];
        for (int i = 0; i < k + m; i++)
        {
            used[i] = true;
        }
        final int unusedCount = GaloisField256.ORDER - k - m;
        if (unusedCount == 0)
        {
            return;
        }
        final int[] scratchRow = new int[GaloisField256.ORDER];
        final int[] scratchCoefficients = new int[m * k];
        final long evaluationCost = (long)(m - 1) * k * (GaloisField256.ORDER - 1);
        final int trials = (int)Math.max(MIN_SEARCH_TRIALS, Math.min(MAX_SEARCH_TRIALS,
            SEARCH_OPERATION_BUDGET / Math.max(1, evaluationCost)));
        long bestOnes = normalisedRows(x, y, scratchCoefficients, scratchRow);
        long state = (long)k * GaloisField256.ORDER + m;
        for (int t = 0; t < trials; t++)
        {
            state += 0x9E3779B97F4A7C15L;
            final long random = mix(state);
            final int position = (int)Long.remainderUnsigned(random >>> 32, k + m);
            int skip = (int)Long.remainderUnsigned(random & 0xFFFF_FFFFL, unusedCount);
            int candidate = 0;
            while (true)
            {
                if (!used[candidate])
                {
                    if (skip == 0)
                    {
                        break;
                    }
                    skip--;
                }
                candidate++;
            }
            final int[] target = position < m ? x : y;
            final int index = position < m ? position : position - m;
            final int previous = target[index];
            target[index] = candidate;
            final long ones = normalisedRows(x, y, scratchCoefficients, scratchRow);
            if (ones < bestOnes)
            {
                bestOnes = ones;
                used[previous] = false;
                used[candidate] = true;
            }
            else
            {
                target[index] = previous;
            }
        }
    }

    /**
     * Fills {@code coefficients} (m x k, row-major) with the normalised matrix for the given elements and returns its
     * number of ones in bit-matrix form.
     */
    static long normalisedRows(final int[] x, final int[] y, final int[] coefficients, final int[] scratchRow)
    {
        final int m = x.length;
        final int k = y.length;
        long totalOnes = 0;
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < k; j++)
            {
                scratchRow[j] = GaloisField256.div(x[0] ^ y[j], x[i] ^ y[j]);
            }
            int bestScalar = 1;
            long bestOnes = Long.MAX_VALUE;
            if (i == 0)
            {
                bestOnes = (long)k * Byte.SIZE;
            }
            else
            {
                for (int s = 1; s < GaloisField256.ORDER; s++)
                {
                    long ones = 0;
                    for (int j = 0; j < k; j++)
                    {
                        ones += GaloisField256.ones(GaloisField256.mul(scratchRow[j], s));
                    }
                    if (ones < bestOnes)
                    {
                        bestOnes = ones;
                        bestScalar = s;
                    }
                }
            }
            for (int j = 0; j < k; j++)
            {
                coefficients[i * k + j] = GaloisField256.mul(scratchRow[j], bestScalar);
            }
            totalOnes += bestOnes;
        }
        return totalOnes;
    }

    private static long mix(final long seed)
    {
        long z = seed;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
