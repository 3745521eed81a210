package io.diodegw.receiver.link;

import java.util.Arrays;

import io.diodegw.fec.ErasureCodec;

/**
 * Receiver side: places authenticated symbols into a ring of block slots by block sequence, rebuilds a block with
 * {@link ErasureCodec} as soon as any k of its k + m symbols are present, and hands blocks out strictly in block
 * order: the oldest unresolved block is either {@link #isNextComplete() complete} and {@link #deliverNext()
 * delivered}, or {@link #giveUpNext() given up} by the caller's policy. A lost block therefore never stalls later
 * ones for longer than the caller lets it.
 *
 * <p>Slot {@code b mod slots} holds block b; a block at or beyond {@code nextBlock + slots} does not fit until the
 * caller resolves older blocks ({@link #fits(long)}). Not thread-safe; owned by the receiving thread. Allocation-free
 * after construction.
 */
public final class BlockReassembly
{
    /** The symbol was stored. */
    public static final int STORED = 0;
    /** The symbol was stored and made its block complete (rebuilt if needed). */
    public static final int COMPLETED = 1;
    /** The block already had this symbol. */
    public static final int DUPLICATE = 2;
    /** The block was already complete: the symbol is not needed. */
    public static final int NOT_NEEDED = 3;
    /** The block was delivered before this symbol arrived (normal for trailing repair symbols). */
    public static final int AFTER_DELIVERY = 4;
    /** The block had been given up before this symbol arrived: the give-up was premature. */
    public static final int AFTER_GIVE_UP = 5;
    /** The block is older than the ring remembers. */
    public static final int TOO_OLD = 6;

    private static final byte EMPTY = 0;
    private static final byte FILLING = 1;
    private static final byte COMPLETE = 2;
    private static final byte DELIVERED = 3;
    private static final byte GIVEN_UP = 4;

    private final ErasureCodec codec;
    private final int k;
    private final int m;
    private final int symbolBytes;
    private final int slots;
    private final int slotBytes;
    private final byte[] symbols;
    private final long[][] present;
    private final int[] presentCount;
    private final long[] slotBlock;
    private final byte[] state;

    private long nextBlock;
    private long highestBlockSeen = -1;
    private long blocksRepaired;
    private long blocksComplete;
    private long blocksGivenUp;
    private long decodeFailures;

    /**
     * @param k           source symbols per block.
     * @param m           repair symbols per block.
     * @param symbolBytes bytes per symbol.
     * @param slots       blocks held at once, a power of two.
     */
    public BlockReassembly(final int k, final int m, final int symbolBytes, final int slots)
    {
        if (Integer.bitCount(slots) != 1)
        {
            throw new IllegalArgumentException("slots=" + slots + " is not a power of two");
        }
        this.k = k;
        this.m = m;
        this.symbolBytes = symbolBytes;
        this.slots = slots;
        this.slotBytes = (k + m) * symbolBytes;
        this.codec = new ErasureCodec(k, m, symbolBytes);
        this.codec.prepare(k, m);
        this.symbols = new byte[slots * slotBytes];
        this.present = new long[slots][(k + m + Long.SIZE - 1) / Long.SIZE];
        this.presentCount = new int[slots];
        this.slotBlock = new long[slots];
        this.state = new byte[slots];
        Arrays.fill(slotBlock, -1);
    }

    /**
     * @return true if a symbol of this block can be stored now (or is older than the next block).
     */
    public boolean fits(final long blockSequence)
    {
        return blockSequence < nextBlock + slots;
    }

    /**
     * Stores one symbol.
     *
     * @param blockSequence the block, below {@code nextBlock + slots} (see {@link #fits}).
     * @param symbolIndex   0..k+m-1.
     * @return one of the result constants of this class.
     */
    public int onSymbol(final long blockSequence, final int symbolIndex, final byte[] source, final int sourceOffset)
    {
        final int slot = (int)(blockSequence & (slots - 1));
        if (blockSequence < nextBlock)
        {
            if (slotBlock[slot] != blockSequence)
            {
                return TOO_OLD;
            }
            return state[slot] == GIVEN_UP ? AFTER_GIVE_UP : AFTER_DELIVERY;
        }
        if (blockSequence > highestBlockSeen)
        {
            highestBlockSeen = blockSequence;
        }
        if (slotBlock[slot] != blockSequence)
        {
            reset(slot, blockSequence);
        }
        if (state[slot] == COMPLETE)
        {
            return NOT_NEEDED;
        }
        final long[] bits = present[slot];
        final long mask = 1L << (symbolIndex & (Long.SIZE - 1));
        if ((bits[symbolIndex >>> 6] & mask) != 0)
        {
            return DUPLICATE;
        }
        bits[symbolIndex >>> 6] |= mask;
        System.arraycopy(source, sourceOffset, symbols, slot * slotBytes + symbolIndex * symbolBytes, symbolBytes);
        if (++presentCount[slot] < k)
        {
            return STORED;
        }
        boolean sourcesMissing = false;
        for (int i = 0; i < k && !sourcesMissing; i++)
        {
            sourcesMissing = (bits[i >>> 6] & (1L << (i & (Long.SIZE - 1)))) == 0;
        }
        if (sourcesMissing)
        {
            if (!codec.decode(k, m, symbolBytes, symbols, slot * slotBytes, bits))
            {
                decodeFailures++;
                return STORED;
            }
            blocksRepaired++;
        }
        state[slot] = COMPLETE;
        blocksComplete++;
        return COMPLETED;
    }

    /** @return the oldest unresolved block's sequence. */
    public long nextBlock()
    {
        return nextBlock;
    }

    /** @return the highest block sequence a symbol was stored for, or -1. */
    public long highestBlockSeen()
    {
        return highestBlockSeen;
    }

    /** @return true if the oldest unresolved block is complete and can be delivered. */
    public boolean isNextComplete()
    {
        final int slot = (int)(nextBlock & (slots - 1));
        return slotBlock[slot] == nextBlock && state[slot] == COMPLETE;
    }

    /** @return offset in {@link #buffer()} of the oldest block's k source symbols (valid when it is complete). */
    public int nextOffset()
    {
        return (int)(nextBlock & (slots - 1)) * slotBytes;
    }

    /** @return the ring's storage. */
    public byte[] buffer()
    {
        return symbols;
    }

    /** @return k x symbol bytes, the payload length of a block. */
    public int payloadBytes()
    {
        return k * symbolBytes;
    }

    /** Marks the oldest block delivered (the caller has read it) and moves to the next. */
    public void deliverNext()
    {
        final int slot = (int)(nextBlock & (slots - 1));
        state[slot] = DELIVERED;
        nextBlock++;
    }

    /** Marks the oldest block unrecoverable, whether or not any of its symbols arrived, and moves to the next. */
    public void giveUpNext()
    {
        final int slot = (int)(nextBlock & (slots - 1));
        if (slotBlock[slot] != nextBlock)
        {
            reset(slot, nextBlock);
        }
        state[slot] = GIVEN_UP;
        blocksGivenUp++;
        nextBlock++;
    }

    /** @return blocks rebuilt from repair symbols. */
    public long blocksRepaired()
    {
        return blocksRepaired;
    }

    /** @return blocks that became complete. */
    public long blocksComplete()
    {
        return blocksComplete;
    }

    public long blocksGivenUp()
    {
        return blocksGivenUp;
    }

    /** @return decodes that failed although k symbols were present (a defect of the code). */
    public long decodeFailures()
    {
        return decodeFailures;
    }

    /**
     * Forgets every open block and starts again at {@code firstBlock}, for a new sender epoch (block sequences restart)
     * or a late join. Counters are kept.
     *
     * @param firstBlock the block sequence expected next.
     */
    public void restartAt(final long firstBlock)
    {
        nextBlock = firstBlock;
        highestBlockSeen = firstBlock - 1;
        Arrays.fill(slotBlock, -1);
        Arrays.fill(state, EMPTY);
    }

    /** @return blocks held at once, a power of two. */
    public int slots()
    {
        return slots;
    }

    private void reset(final int slot, final long blockSequence)
    {
        slotBlock[slot] = blockSequence;
        state[slot] = FILLING;
        presentCount[slot] = 0;
        Arrays.fill(present[slot], 0);
    }
}
