package io.diodegw.receiver.link;

import java.util.Arrays;

/**
 * When to give up the oldest unresolved FEC block, so that a lost block never stalls later ones. The oldest
 * incomplete block b is given up when either
 * <ul>
 *   <li>the stream has moved on: a symbol of block {@code b + reorderWindowBlocks} or later arrived (the sender
 *   finishes an interleave group before it starts the next, so every symbol of b was sent long before); or</li>
 *   <li>{@code blockTimeoutNs} passed since the first evidence that b was sent: the arrival of its first symbol, of
 *   the first symbol of the lowest later block, or of a heartbeat whose next block sequence is beyond b (the sender
 *   sends heartbeats between whole interleave groups).</li>
 * </ul>
 * A block with no evidence at all (nothing after it arrived) is never given up: nothing says it exists yet.
 *
 * <p>Not thread-safe; owned by the receiving thread. Allocation-free after construction; the caller passes the
 * clock in ({@code System.nanoTime()} units).
 */
public final class BlockGiveUp
{
    private final int reorderWindowBlocks;
    private final long blockTimeoutNs;
    private final int slots;
    private final long[] seenBlock;
    private final long[] firstSeenNs;
    private long heartbeatNextBlock;
    private long heartbeatSinceNs;
    private boolean heartbeatSeen;

    /**
     * @param reorderWindowBlocks how far the stream may move on before the oldest block is given up, {@code >= 1}.
     * @param blockTimeoutNs      how long to wait for the oldest block after the first evidence that it was sent.
     * @param slots               the {@link BlockReassembly#slots()} of the ring this policy watches, a power of two.
     */
    public BlockGiveUp(final int reorderWindowBlocks, final long blockTimeoutNs, final int slots)
    {
        if (reorderWindowBlocks < 1 || Integer.bitCount(slots) != 1 || blockTimeoutNs < 0)
        {
            throw new IllegalArgumentException("reorderWindowBlocks=" + reorderWindowBlocks + ", blockTimeoutNs=" +
                blockTimeoutNs + ", slots=" + slots);
        }
        this.reorderWindowBlocks = reorderWindowBlocks;
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
        for (long block = head; block <= last; block++)
        {
            final int slot = (int)(block & (slots - 1));
            if (seenBlock[slot] == block)
            {
                evidenceNs = evidence ? Math.min(evidenceNs, firstSeenNs[slot]) : firstSeenNs[slot];
                evidence = true;
                break;
            }
        }
        return evidence && nowNs - evidenceNs >= blockTimeoutNs;
    }

    /** Forgets everything, for a new sender epoch. */
    public void restart()
    {
        Arrays.fill(seenBlock, -1);
        heartbeatSeen = false;
        heartbeatNextBlock = 0;
    }
}
