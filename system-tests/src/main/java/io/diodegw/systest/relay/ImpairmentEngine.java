package io.diodegw.systest.relay;

import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The relay's decisions, without a socket: for every received datagram, whether it is dropped (and why), changed,
 * held back or copied, per an {@link ImpairmentProfile}, counted in {@link RelayCounters}.
 *
 * <p>Per received datagram, in this order:
 * <ol>
 *   <li>held datagrams whose hold time ran out are released;</li>
 *   <li>dropped if a {@link #dropNext(int)} command still has datagrams to drop;</li>
 *   <li>else dropped if a blackout window is open or a blackout was commanded ({@link #blackout(boolean)});</li>
 *   <li>else dropped by independent random loss;</li>
 *   <li>else dropped by the Gilbert-Elliott model;</li>
 *   <li>else dropped if it does not fit into the rate cap's queue: a token bucket of {@code rateQueueBytes} that
 *   fills at {@code rateBitsPerSec}, so exactly the datagrams a drop-tail queue of that size drained at that rate
 *   would refuse are dropped (without the queue's delay: what is admitted goes on at once);</li>
 *   <li>corrupted in place: 1..{@code corruptMaxBytes} distinct positions anywhere in the datagram, each XORed with
 *   a non-zero byte, so exactly that many bytes differ;</li>
 *   <li>held back (copied into a slot) or sent; a held datagram is sent after {@code reorderDistanceDatagrams}
 *   later datagrams were sent directly or when {@code reorderMaxHoldNs} passed, whichever comes first, and held
 *   datagrams leave in the order they were held. A datagram is sent directly instead when every slot is taken or
 *   it is longer than a slot;</li>
 *   <li>whenever a datagram is sent, an extra identical copy follows it if it was chosen for duplication.</li>
 * </ol>
 * Each random impairment draws from its own generator split from the profile's seed, the same number of times for
 * every received datagram (corruption positions from one more generator, only for corrupted datagrams), so one
 * impairment's decisions do not change when another is switched on: with the same seed, {@code loss=5%} drops the
 * same datagrams with or without {@code dup=1%}. Given the profile, the start time, the datagrams and the clock
 * readings, every decision is reproducible.
 *
 * <p>Not thread-safe: one owning thread calls every method except {@link #counters()}, whose counters any thread may
 * read. Allocates only in the constructor; never blocks, locks or logs. The clock is an argument (monotonic
 * nanoseconds, e.g. {@link System#nanoTime()}; it must not go backwards).
 */
public final class ImpairmentEngine
{
    /** Slots for held datagrams the relay uses. */
    public static final int DEFAULT_HELD_CAPACITY = 256;
    /** Slot size the relay uses: the largest datagram at the product's largest MTU (9216) fits. */
    public static final int DEFAULT_HELD_DATAGRAM_BYTES = 9216;

    private static final int BYTE_VALUES = 256;
    private static final long NANOS_PER_SEC = 1_000_000_000L;
    /** Rate-cap credit is kept in bit-nanoseconds, so refill and cost are exact integers. */
    private static final long CREDIT_PER_BYTE = Byte.SIZE * NANOS_PER_SEC;

    private final RelayCounters counters;

    private final double lossProbability;
    private final SplittableRandom lossRandom;

    private long pendingDrops;
    private boolean lifted;
    private final boolean burstOn;
    private final double goodToBad;
    private final double badToGood;
    private final double goodLoss;
    private final double badLoss;
    private final SplittableRandom burstRandom;
    private boolean bad;

    private final long[] blackoutStartNs;
    private final long[] blackoutEndNs;
    private boolean commandedBlackout;

    private final long rateBitsPerSec;
    private final long creditCap;
    private final long fullRefillNs;
    private long credit;
    private long creditTimeNs;

    private final double corruptProbability;
    private final int corruptMaxBytes;
    private final SplittableRandom corruptRandom;
    private final SplittableRandom corruptPositionRandom;
    private final int[] corruptPositions;

    private final double reorderProbability;
    private final int reorderDistance;
    private final long reorderMaxHoldNs;
    private final SplittableRandom reorderRandom;

    private final double duplicateProbability;
    private final SplittableRandom duplicateRandom;

    private final int slotBytes;
    private final int slotCount;
    private final byte[] slots;
    private final int[] slotLength;
    private final long[] slotReleaseAfterSent;
    private final long[] slotReleaseAtNs;
    private final boolean[] slotDuplicate;
    private int heldHead;
    private int held;
    private long sentDirectly;

    /**
     * @param profile           what to do.
     * @param startNs           the relay's start on the clock passed to the other methods; blackout windows are
     *                          relative to it, and the rate cap's queue is empty then.
     * @param heldDatagramBytes size of a slot for a held datagram; longer datagrams are never held.
     * @param heldCapacity      number of slots (at least 1).
     * @param counters          where to count; written by this engine's thread only.
     */
    public ImpairmentEngine(final ImpairmentProfile profile, final long startNs, final int heldDatagramBytes,
        final int heldCapacity, final RelayCounters counters)
    {
        Objects.requireNonNull(profile, "profile");
        this.counters = Objects.requireNonNull(counters, "counters");
        if (heldDatagramBytes < 1 || heldCapacity < 1 || (long)heldDatagramBytes * heldCapacity > Integer.MAX_VALUE)
        {
            throw new IllegalArgumentException("heldDatagramBytes=" + heldDatagramBytes + " heldCapacity=" +
                heldCapacity + ": both must be positive and their product at most " + Integer.MAX_VALUE);
        }
        final SplittableRandom root = new SplittableRandom(profile.seed());
        this.lossRandom = root.split();
        this.burstRandom = root.split();
        this.corruptRandom = root.split();
        this.corruptPositionRandom = root.split();
        this.reorderRandom = root.split();
        this.duplicateRandom = root.split();

        this.lossProbability = profile.lossProbability();
        this.burstOn = profile.burstGoodToBadProbability() > 0 || profile.burstGoodLossProbability() > 0;
        this.goodToBad = profile.burstGoodToBadProbability();
        this.badToGood = profile.burstBadToGoodProbability();
        this.goodLoss = profile.burstGoodLossProbability();
        this.badLoss = profile.burstBadLossProbability();

        final List<ImpairmentProfile.Blackout> windows = profile.blackouts();
        this.blackoutStartNs = new long[windows.size()];
        this.blackoutEndNs = new long[windows.size()];
        for (int i = 0; i < windows.size(); i++)
        {
            blackoutStartNs[i] = startNs + windows.get(i).startOffsetNs();
            blackoutEndNs[i] = blackoutStartNs[i] + windows.get(i).durationNs();
        }

        this.rateBitsPerSec = profile.rateBitsPerSec();
        this.creditCap = profile.rateQueueBytes() * CREDIT_PER_BYTE;
        this.fullRefillNs = rateBitsPerSec == 0 ? 0 : creditCap / rateBitsPerSec + 1;
        this.credit = creditCap;
        this.creditTimeNs = startNs;

        this.corruptProbability = profile.corruptProbability();
        this.corruptMaxBytes = profile.corruptMaxBytes();
        this.corruptPositions = new int[Math.max(1, corruptMaxBytes)];

        this.reorderProbability = profile.reorderProbability();
        this.reorderDistance = profile.reorderDistanceDatagrams();
        this.reorderMaxHoldNs = profile.reorderMaxHoldNs();

        this.duplicateProbability = profile.duplicateProbability();

        final boolean holding = reorderProbability > 0;
        this.slotBytes = holding ? heldDatagramBytes : 0;
        this.slotCount = holding ? heldCapacity : 0;
        this.slots = new byte[slotBytes * slotCount];
        this.slotLength = new int[slotCount];
        this.slotReleaseAfterSent = new long[slotCount];
        this.slotReleaseAtNs = new long[slotCount];
        this.slotDuplicate = new boolean[slotCount];
    }

    /** @return the counters this engine writes; any thread may read them. */
    public RelayCounters counters()
    {
        return counters;
    }

    /**
     * Starts or ends a commanded blackout: while on, every datagram is dropped (counted as blackout), on top of the
     * profile's windows. Owner thread only (a relay passes commands from other threads in through its agent).
     *
     * @param on true to drop everything from now on, false to stop.
     */
    public void blackout(final boolean on)
    {
        this.commandedBlackout = on;
    }

    /**
     * Lifts the profile's impairments (loss, bursts, rate cap, corruption, reordering, duplication) or puts them back:
     * while lifted, every datagram is forwarded unchanged; commanded drops and blackouts still apply. The random
     * decisions are still drawn, so a seeded run stays reproducible. Owner thread only.
     */
    public void lift(final boolean on)
    {
        this.lifted = on;
    }

    /**
     * Drops the next {@code datagrams} datagrams that arrive, whatever the profile says (counted as commanded):
     * a burst of an exact length. Adds to a drop still pending. Owner thread only.
     */
    public void dropNext(final int datagrams)
    {
        pendingDrops += Math.max(0, datagrams);
    }

    /** @return datagrams a {@link #dropNext} command will still drop. */
    public long pendingDrops()
    {
        return pendingDrops;
    }

    /** @return datagrams currently held back for reordering. */
    public int heldDatagrams()
    {
        return held;
    }

    /**
     * @param nowNs the clock.
     * @return true if a datagram arriving now would be dropped by a blackout.
     */
    public boolean inBlackout(final long nowNs)
    {
        if (commandedBlackout)
        {
            return true;
        }
        for (int i = 0; i < blackoutStartNs.length; i++)
        {
            if (nowNs >= blackoutStartNs[i] && nowNs < blackoutEndNs[i])
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Decides on one received datagram and sends what comes of it (plus held datagrams that are due) to the sink.
     *
     * @param buffer holds the datagram; corruption changes it in place.
     * @param offset where the datagram starts.
     * @param length its length in bytes (0 is a valid UDP datagram).
     * @param nowNs  the clock when it arrived.
     * @param sink   receives the datagrams to send, synchronously, on this thread.
     * @return datagrams sent to the sink during this call.
     */
    public int onDatagram(final byte[] buffer, final int offset, final int length, final long nowNs,
        final DatagramSink sink)
    {
        counters.beginUpdate();
        int sent = releaseByTime(nowNs, sink);
        counters.increment(RelayCounter.RECEIVED);
        counters.add(RelayCounter.RECEIVED_BYTES, length);

        final boolean randomLoss = lossProbability > 0 && lossRandom.nextDouble() < lossProbability && !lifted;
        final boolean burstLoss = burstOn && nextBurstLoss() && !lifted;
        final boolean corrupt = corruptProbability > 0 && corruptRandom.nextDouble() < corruptProbability && !lifted;
        final boolean hold = reorderProbability > 0 && reorderRandom.nextDouble() < reorderProbability && !lifted;
        final boolean duplicate = duplicateProbability > 0 && duplicateRandom.nextDouble() < duplicateProbability &&
            !lifted;

        if (pendingDrops > 0)
        {
            pendingDrops--;
            counters.increment(RelayCounter.DROPPED_COMMANDED);
        }
        else if (inBlackout(nowNs))
        {
            counters.increment(RelayCounter.DROPPED_BLACKOUT);
        }
        else if (randomLoss)
        {
            counters.increment(RelayCounter.DROPPED_RANDOM);
        }
        else if (burstLoss)
        {
            counters.increment(RelayCounter.DROPPED_BURST);
        }
        else if (rateBitsPerSec > 0 && !lifted && !admit(length, nowNs))
        {
            counters.increment(RelayCounter.DROPPED_RATE_CAP);
        }
        else
        {
            if (corrupt && length > 0)
            {
                corrupt(buffer, offset, length);
            }
            if (hold && held < slotCount && length <= slotBytes)
            {
                holdBack(buffer, offset, length, duplicate, nowNs);
            }
            else
            {
                sent += send(buffer, offset, length, duplicate, sink);
                sentDirectly++;
                sent += releaseByDistance(sink);
            }
        }
        counters.endUpdate();
        return sent;
    }

    /**
     * Sends the held datagrams whose hold time ran out; call it when no datagram arrives (e.g. every duty cycle).
     *
     * @param nowNs the clock.
     * @param sink  receives them.
     * @return datagrams sent.
     */
    public int releaseDue(final long nowNs, final DatagramSink sink)
    {
        if (held == 0 || nowNs - slotReleaseAtNs[heldHead] < 0)
        {
            return 0;
        }
        counters.beginUpdate();
        final int sent = releaseByTime(nowNs, sink);
        counters.endUpdate();
        return sent;
    }

    /**
     * Sends every held datagram now, in the order they were held (e.g. when the relay stops).
     *
     * @param sink receives them.
     * @return datagrams sent.
     */
    public int releaseAll(final DatagramSink sink)
    {
        if (held == 0)
        {
            return 0;
        }
        counters.beginUpdate();
        int sent = 0;
        while (held > 0)
        {
            sent += releaseHead(sink);
        }
        counters.endUpdate();
        return sent;
    }

    private boolean nextBurstLoss()
    {
        bad = bad ? burstRandom.nextDouble() >= badToGood : burstRandom.nextDouble() < goodToBad;
        return burstRandom.nextDouble() < (bad ? badLoss : goodLoss);
    }

    private boolean admit(final int length, final long nowNs)
    {
        final long elapsedNs = nowNs - creditTimeNs;
        if (elapsedNs > 0)
        {
            credit = elapsedNs >= fullRefillNs ? creditCap :
                Math.min(creditCap, credit + elapsedNs * rateBitsPerSec);
            creditTimeNs = nowNs;
        }
        final long cost = length * CREDIT_PER_BYTE;
        if (credit < cost)
        {
            return false;
        }
        credit -= cost;
        return true;
    }

    private void corrupt(final byte[] buffer, final int offset, final int length)
    {
        final int count = 1 + corruptPositionRandom.nextInt(Math.min(corruptMaxBytes, length));
        for (int i = 0; i < count; i++)
        {
            int position;
            do
            {
                position = corruptPositionRandom.nextInt(length);
            }
            while (chosen(position, i));
            corruptPositions[i] = position;
            buffer[offset + position] ^= (byte)(1 + corruptPositionRandom.nextInt(BYTE_VALUES - 1));
        }
        counters.increment(RelayCounter.CORRUPTED);
        counters.add(RelayCounter.CORRUPTED_BYTES, count);
    }

    private boolean chosen(final int position, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            if (corruptPositions[i] == position)
            {
                return true;
            }
        }
        return false;
    }

    private void holdBack(final byte[] buffer, final int offset, final int length, final boolean duplicate,
        final long nowNs)
    {
        final int slot = (heldHead + held) % slotCount;
        System.arraycopy(buffer, offset, slots, slot * slotBytes, length);
        slotLength[slot] = length;
        slotReleaseAfterSent[slot] = reorderDistance == 0 ? Long.MAX_VALUE : sentDirectly + reorderDistance;
        slotReleaseAtNs[slot] = nowNs + reorderMaxHoldNs;
        slotDuplicate[slot] = duplicate;
        held++;
        counters.addHeld(1);
        counters.increment(RelayCounter.REORDERED);
    }

    private int releaseByTime(final long nowNs, final DatagramSink sink)
    {
        int sent = 0;
        while (held > 0 && nowNs - slotReleaseAtNs[heldHead] >= 0)
        {
            sent += releaseHead(sink);
        }
        return sent;
    }

    private int releaseByDistance(final DatagramSink sink)
    {
        int sent = 0;
        while (held > 0 && sentDirectly >= slotReleaseAfterSent[heldHead])
        {
            sent += releaseHead(sink);
        }
        return sent;
    }

    private int releaseHead(final DatagramSink sink)
    {
        final int slot = heldHead;
        heldHead = (heldHead + 1) % slotCount;
        held--;
        counters.addHeld(-1);
        return send(slots, slot * slotBytes, slotLength[slot], slotDuplicate[slot], sink);
    }

    private int send(final byte[] buffer, final int offset, final int length, final boolean duplicate,
        final DatagramSink sink)
    {
        sink.send(buffer, offset, length);
        counters.increment(RelayCounter.FORWARDED);
        if (duplicate)
        {
            sink.send(buffer, offset, length);
            counters.increment(RelayCounter.DUPLICATED);
            return 2;
        }
        return 1;
    }
}
