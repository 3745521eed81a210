package io.diodegw.fec;

/**
 * Send order for a group of up to {@code depth} consecutive blocks: round-robin over the blocks by symbol index,
 * {@code (0,0), (1,0), ..., (D-1,0), (0,1), (1,1), ...}, skipping a block once all its symbols are sent. With D
 * blocks of n symbols each, the symbols of one block are exactly D positions apart on the wire, so a burst of L
 * consecutive lost datagrams removes at most {@code ceil(L / D)} symbols from any block. Blocks may differ in size
 * (and the last group of a stream may hold fewer than D blocks); smaller blocks simply end earlier.
 *
 * <p>An entry is packed in one int: {@code blockIndex << 16 | symbolIndex}; read it with {@link #blockIndex(int)}
 * and {@link #symbolIndex(int)}. Use either {@link #fillOrder(int[], int, int[])} or the iteration
 * {@link #start(int[], int)} / {@link #hasNext()} / {@link #next()}.
 *
 * <p>Thread-safety: NOT thread-safe; one instance per owning agent. Allocation-free after construction.
 */
public final class BlockInterleaver
{
    /** Largest symbol count of a block: k + m of the erasure code. */
    public static final int MAX_SYMBOLS_PER_BLOCK = ErasureCodec.MAX_TOTAL_SYMBOLS;
    /** Largest depth: block indices must fit in the upper half of an entry. */
    public static final int MAX_DEPTH = 1 << 15;

    private static final int SYMBOL_BITS = 16;
    private static final int SYMBOL_MASK = (1 << SYMBOL_BITS) - 1;

    private final int depth;
    private final int[] symbolCounts;
    private int blockCount;
    private int maxSymbols;
    private int block;
    private int symbol;

    /**
     * @param depth number of blocks interleaved, 1..{@link #MAX_DEPTH}.
     * @throws IllegalArgumentException when depth is out of range.
     */
    public BlockInterleaver(final int depth)
    {
        if (depth < 1 || depth > MAX_DEPTH)
        {
            throw new IllegalArgumentException("depth=" + depth + " outside 1.." + MAX_DEPTH);
        }
        this.depth = depth;
        this.symbolCounts = new int[depth];
    }

    public int depth()
    {
        return depth;
    }

    public static int blockIndex(final int entry)
    {
        return entry >>> SYMBOL_BITS;
    }

    public static int symbolIndex(final int entry)
    {
        return entry & SYMBOL_MASK;
    }

    /**
     * Writes the send order of a group into {@code order}.
     *
     * @param symbolCounts k_i + m_i of block i of the group, each 0..{@link #MAX_SYMBOLS_PER_BLOCK}; only read.
     * @param blockCount   number of blocks in the group, 1..depth.
     * @param order        receives the entries; at least the sum of the symbol counts long.
     * @return the number of entries written (the sum of the symbol counts).
     * @throws IllegalArgumentException on a count out of range or an order array too short.
     */
    public int fillOrder(final int[] symbolCounts, final int blockCount, final int[] order)
    {
        start(symbolCounts, blockCount);
        int total = 0;
        for (int i = 0; i < blockCount; i++)
        {
            total += symbolCounts[i];
        }
        if (order.length < total)
        {
            throw new IllegalArgumentException("order.length=" + order.length + " < " + total + " symbols");
        }
        int n = 0;
        while (hasNext())
        {
            order[n++] = next();
        }
        return n;
    }

    /**
     * Starts iterating over a group; the counts are copied, so the caller may reuse its array.
     *
     * @param symbolCounts k_i + m_i of block i of the group, each 0..{@link #MAX_SYMBOLS_PER_BLOCK}.
     * @param blockCount   number of blocks in the group, 1..depth.
     * @throws IllegalArgumentException on a count out of range.
     */
    public void start(final int[] symbolCounts, final int blockCount)
    {
        if (blockCount < 1 || blockCount > depth || blockCount > symbolCounts.length)
        {
            throw new IllegalArgumentException("blockCount=" + blockCount + " outside 1.." + depth);
        }
        int max = 0;
        for (int i = 0; i < blockCount; i++)
        {
            final int count = symbolCounts[i];
            if (count < 0 || count > MAX_SYMBOLS_PER_BLOCK)
            {
                throw new IllegalArgumentException("symbolCounts[" + i + "]=" + count + " outside 0.." +
                    MAX_SYMBOLS_PER_BLOCK);
            }
            this.symbolCounts[i] = count;
            max = Math.max(max, count);
        }
        this.blockCount = blockCount;
        this.maxSymbols = max;
        this.block = 0;
        this.symbol = 0;
        skipExhausted();
    }

    /** Whether {@link #next()} has another entry for the current group. */
    public boolean hasNext()
    {
        return symbol < maxSymbols;
    }

    /**
     * Next entry of the send order.
     *
     * @return the packed entry, or -1 when the group is exhausted.
     */
    public int next()
    {
        if (symbol >= maxSymbols)
        {
            return -1;
        }
        final int entry = (block << SYMBOL_BITS) | symbol;
        block++;
        skipExhausted();
        return entry;
    }

    private void skipExhausted()
    {
        while (symbol < maxSymbols)
        {
            if (block == blockCount)
            {
                block = 0;
                symbol++;
            }
            else if (symbol < symbolCounts[block])
            {
                return;
            }
            else
            {
                block++;
            }
        }
    }
}
