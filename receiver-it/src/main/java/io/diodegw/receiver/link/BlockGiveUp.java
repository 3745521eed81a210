package io.diodegw.receiver.link;

import java.util.Arrays;

/**
 * When to give up the oldest unresolved FEC block, so that a lost block never stalls later ones. The symbols of a
 * block are spread over its whole interleave group (up to {@code interleaveDepth} blocks), which on a slow link takes
 * seconds to send, so the wait is timed from evidence that every symbol of the block was sent, never from its first
 * symbol. The oldest incomplete block b is given up when
 * <ul>
 *   <li>the stream has moved on: a symbol of block {@code b + reorderWindowBlocks} or later arrived (the sender
 *   finishes an interleave group before it starts the next, so every symbol of b was sent long before); or</li>
 *   <li>{@code blockTimeoutNs} passed since the sender must have finished b: the first arrival of a symbol of block
 *   {@code b + interleaveDepth} or later (certainly in a later group), or of a heartbeat whose next block sequence is
 *   beyond b (the sender sends heartbeats between whole interleave groups); or</li>
 *   <li>the link went quiet: a symbol of b or a later block arrived, and no symbol at all for {@code blockTimeoutNs}
 *   since the last one (the last group before the sender went idle).</li>
 * </ul>
 * A block with no evidence at all (nothing after it arrived) is never given up: nothing says it exists yet.
 *
 * <p>Not thread-safe; owned by the receiving thread. Allocation-free after construction; the caller passes the
 * clock in ({@code System.nanoTime()} units).
 */
public final class BlockGiveUp
{
    private final int reorderWindowBlocks;
    private final int interleaveDepth;
    private final long blockTimeoutNs;
    private final int slots;
    private final long[] seenBlock;
    private final long[] firstSeenNs;
    private long heartbeatNextBlock;
    private long heartbeatSinceNs;
    private boolean heartbeatSeen;
    private boolean symbolSeen;
    private long lastSymbolNs;

    /**
     * @param reorderWindowBlocks how far the stream may move on before the oldest block is given up, {@code >= 1}.
     * @param interleaveDepth     blocks per interleave group ({@code link.fec.interleaveDepth}), {@code >= 1}.
     * @param blockTimeoutNs      how long to wait for the oldest block after evidence that all of it was sent.
     * @param slots               the {@link BlockReassembly#slots()} of the ring this policy watches, a power of two.
     */
    public BlockGiveUp(final int reorderWindowBlocks, final int interleaveDepth, final long blockTimeoutNs,
        final int slots)
    {
        if (reorderWindowBlocks < 1 || interleaveDepth < 1 || Integer.bitCount(slots) != 1 || blockTimeoutNs < 0)
        {
            throw new IllegalArgumentException("reorderWindowBlocks=" + reorderWindowBlocks + ", interleaveDepth=" +
                interleaveDepth + ", blockTimeoutNs=" + blockTimeoutNs + ", slots=" + slots);
        }
        this.reorderWindowBlocks = reorderWindowBlocks;
        this.interleaveDepth = interleaveDepth;
        this.blockTimeoutNs = blockTimeoutNs;
        this.slots = slots;
        this.seenBlock = new long[slots];
        this.firstSeenNs = new long[slots];
        Arrays.fill(seenBlock, -1);
    }

    /** Notes the arrival of an authenticated symbol of {@code blockSequence} at {@code nowNs}. */
    public void onSymbol(final long blockSequence, final long nowNs)
    {
        final int slot = (int)(blockSequence & (slots - 1));
        if (seenBlock[slot] != blockSequence)
        {
            seenBlock[slot] = blockSequence;
            firstSeenNs[slot] = nowNs;
        }
        symbolSeen = true;
        lastSymbolNs = nowNs;
    }

    /** Notes an authenticated heartbeat saying the sender's next block is {@code nextBlockSequence}. */
    public void onHeartbeat(final long nextBlockSequence, final long nowNs)
    {
        if (!heartbeatSeen || nextBlockSequence > heartbeatNextBlock)
        {
            heartbeatSeen = true;
            heartbeatNextBlock = nextBlockSequence;
            heartbeatSinceNs = nowNs;
        }
    }

    /** @return the highest next block sequence heartbeats announced, or -1 if none arrived since the last restart. */
    public long heartbeatNextBlock()
    {
        return heartbeatSeen ? heartbeatNextBlock : -1;
    }

    /**
     * @param head        the oldest unresolved block, known to be incomplete.
     * @param highestSeen the highest block a symbol arrived for, or {@code head - 1} if none.
     * @param nowNs       the clock.
     * @return true if {@code head} should be given up now.
     */
    public boolean shouldGiveUp(final long head, final long highestSeen, final long nowNs)
    {
        if (highestSeen - head >= reorderWindowBlocks)
        {
            return true;
        }
        long evidenceNs = 0;
        boolean evidence = false;
        if (heartbeatSeen && heartbeatNextBlock > head)
        {
            evidence = true;
            evidenceNs = heartbeatSinceNs;
        }
        final long last = Math.min(highestSeen, head + slots - 1);
        for (long block = head + interleaveDepth; block <= last; block++)
        {
            final int slot = (int)(block & (slots - 1));
            if (seenBlock[slot] == block)
            {
                evidenceNs = evidence ? Math.min(evidenceNs, firstSeenNs[slot]) : firstSeenNs[slot];
                evidence = true;
                break;
            }
        }
        if (evidence && nowNs - evidenceNs >= blockTimeoutNs)
        {
            return true;
        }
        return symbolSeen && highestSeen >= head && nowNs - lastSymbolNs >= blockTimeoutNs;
    }

    /** Forgets everything, for a new sender epoch. */
    public void restart()
    {
        Arrays.fill(seenBlock, -1);
        heartbeatSeen = false;
        heartbeatNextBlock = 0;
        symbolSeen = false;
    }
}
