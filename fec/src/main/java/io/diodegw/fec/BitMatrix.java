package io.diodegw.fec;

import java.util.Arrays;

/**
 * A GF(2) matrix of up to {@code maxRows} x {@code maxCols} bits built from 8x8 blocks of GF(2^8) elements, with a
 * "smart" XOR schedule: each row is computed either from its inputs alone or from an already computed row plus
 * the inputs in which the two rows differ, whichever needs fewer XORs (a minimum spanning tree over rows, Prim).
 *
 * <p>Thread-safety: NOT thread-safe; owned by one codec. Allocation-free after construction.
 */
final class BitMatrix
{
    static final int NO_PARENT = -1;

    private final int maxRows;
    private final int maxWordsPerRow;
    private final long[] bits;
    private final int[] order;
    private final int[] parent;
    private final int[] cost;
    private final boolean[] done;

    private int rows;
    private int cols;
    private int wordsPerRow;

    BitMatrix(final int maxRows, final int maxCols)
    {
        this.maxRows = maxRows;
        this.maxWordsPerRow = (maxCols + Long.SIZE - 1) / Long.SIZE;
        this.bits = new long[Math.max(1, maxRows * maxWordsPerRow)];
        this.order = new int[Math.max(1, maxRows)];
        this.parent = new int[Math.max(1, maxRows)];
        this.cost = new int[Math.max(1, maxRows)];
        this.done = new boolean[Math.max(1, maxRows)];
    }

    /** Clears the matrix and sets its shape; both must be multiples of 8 within the construction limits. */
    void reset(final int rows, final int cols)
    {
        if (rows > maxRows || (cols + Long.SIZE - 1) / Long.SIZE > maxWordsPerRow)
        {
            throw new IllegalArgumentException("rows=" + rows + " cols=" + cols + " exceed capacity");
        }
        this.rows = rows;
        this.cols = cols;
        this.wordsPerRow = (cols + Long.SIZE - 1) / Long.SIZE;
        Arrays.fill(bits, 0, rows * wordsPerRow, 0L);
    }

    /** Writes the 8x8 bit-matrix of multiplication by {@code element} at block (rowBlock, colBlock). */
    void setBlock(final int rowBlock, final int colBlock, final int element)
    {
        final int col = colBlock * Byte.SIZE;
        final int word = col >>> 6;
        final int shift = col & (Long.SIZE - 1);
        int index = rowBlock * Byte.SIZE * wordsPerRow + word;
        for (int b = 0; b < Byte.SIZE; b++)
        {
            bits[index] |= ((long)GaloisField256.rowMask(element, b)) << shift;
            index += wordsPerRow;
        }
    }

    int rows()
    {
        return rows;
    }

    int cols()
    {
        return cols;
    }

    int wordsPerRow()
    {
        return wordsPerRow;
    }

    long word(final int row, final int word)
    {
        return bits[row * wordsPerRow + word];
    }

    /** Row computed at step {@code step} of the schedule. */
    int order(final int step)
    {
        return order[step];
    }

    /** Row that {@code row} is derived from, or {@link #NO_PARENT}. */
    int parent(final int row)
    {
        return parent[row];
    }

    int ones()
    {
        int ones = 0;
        for (int i = 0, n = rows * wordsPerRow; i < n; i++)
        {
            ones += Long.bitCount(bits[i]);
        }
        return ones;
    }

    /** Number of packet XORs the schedule performs (inputs minus one per row, plus one for a parent). */
    int scheduledXors()
    {
        int xors = 0;
        for (int r = 0; r < rows; r++)
        {
            xors += parent[r] == NO_PARENT ? Math.max(0, rowDistance(r, r) - 1) : rowDistance(r, parent[r]);
        }
        return xors;
    }

    /** Row order 0..rows-1, every row from its inputs alone: for matrices used once, where scheduling costs more. */
    void scheduleInOrder()
    {
        for (int r = 0; r < rows; r++)
        {
            order[r] = r;
            parent[r] = NO_PARENT;
        }
    }

    /** Computes the order and parents: each row's cost is its number of packet loads (ones, or distance + 1). */
    void schedule()
    {
        for (int r = 0; r < rows; r++)
        {
            cost[r] = rowDistance(r, r);
            parent[r] = NO_PARENT;
            done[r] = false;
        }
        for (int step = 0; step < rows; step++)
        {
            int best = -1;
            for (int r = 0; r < rows; r++)
            {
                if (!done[r] && (best < 0 || cost[r] < cost[best]))
                {
                    best = r;
                }
            }
            done[best] = true;
            order[step] = best;
            for (int r = 0; r < rows; r++)
            {
                if (!done[r] && cost[r] > 1)
                {
                    final int viaBest = rowDistance(r, best) + 1;
                    if (viaBest < cost[r])
                    {
                        cost[r] = viaBest;
                        parent[r] = best;
                    }
                }
            }
        }
    }

    /** Hamming distance between two rows; with a == b, the number of ones of the row. */
    private int rowDistance(final int a, final int b)
    {
        final int ia = a * wordsPerRow;
        final int ib = b * wordsPerRow;
        int distance = 0;
        if (a == b)
        {
            for (int w = 0; w < wordsPerRow; w++)
            {
                distance += Long.bitCount(bits[ia + w]);
            }
        }
        else
        {
            for (int w = 0; w < wordsPerRow; w++)
            {
                distance += Long.bitCount(bits[ia + w] ^ bits[ib + w]);
            }
        }
        return distance;
    }
}
