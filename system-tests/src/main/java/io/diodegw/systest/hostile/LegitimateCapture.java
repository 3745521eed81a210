package io.diodegw.systest.hostile;

import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import io.diodegw.systest.relay.DatagramSink;
import io.diodegw.systest.relay.RelayAgent;
import io.diodegw.wire.datagram.DatagramHeaderFlyweight;
import io.diodegw.wire.datagram.HeaderStatus;
import io.diodegw.wire.datagram.KeyAnnouncementFlyweight;

/**
 * Keeps copies of the most recent real datagrams of a link, for {@link HostileFlooder} to replay, cut short or
 * imitate: installed as the {@link RelayAgent#tap(DatagramSink) tap} of the relay between sender and receiver.
 *
 * <p>Keeps the last {@value #SLOTS} sealed datagrams (data, repair, heartbeat; at most {@value #SLOT_BYTES} bytes)
 * in a ring, and notes the key announcements that pass: every distinct (sender epoch, key id) announced (up to
 * {@value #MAX_ANNOUNCED_KEYS}), and the ids of the trusted sender key and of the receiver key they name.
 *
 * <p>Threading: one writer ({@link #send}, the relay's thread; allocation-free, lock-free, never blocks) and one
 * reader of the ring ({@link #copyRecent}, {@link #copyLatest}, the flooder's thread); each slot is guarded by a
 * sequence lock, so a reader never returns a datagram half overwritten. The other accessors may be called from any
 * thread.
 */
public final class LegitimateCapture implements DatagramSink
{
    /** Datagrams kept. A power of two. */
    public static final int SLOTS = 512;
    /** Longest datagram kept, in bytes (links up to MTU 2076). */
    public static final int SLOT_BYTES = 2048;
    /** Distinct announced keys remembered. */
    public static final int MAX_ANNOUNCED_KEYS = 64;

    private static final int MASK = SLOTS - 1;
    private static final int COPY_ATTEMPTS = 4;

    private final byte[] slots = new byte[SLOTS * SLOT_BYTES];
    private final int[] lengths = new int[SLOTS];
    private final AtomicLongArray versions = new AtomicLongArray(SLOTS);
    private final AtomicLong captured = new AtomicLong();
    private final DatagramHeaderFlyweight header = new DatagramHeaderFlyweight();
    private final KeyAnnouncementFlyweight body = new KeyAnnouncementFlyweight();
    private final long[] announcedEpochs = new long[MAX_ANNOUNCED_KEYS];
    private final int[] announcedKeyIds = new int[MAX_ANNOUNCED_KEYS];
    private volatile int announcedKeys;
    private volatile long announcements;
    private volatile long trustedSenderKeyId;
    private volatile long receiverKeyId;

    @Override
    public void send(final byte[] buffer, final int offset, final int length)
    {
        if (DatagramHeaderFlyweight.validate(buffer, offset, length, Integer.MAX_VALUE) != HeaderStatus.OK)
        {
            return;
        }
        header.wrap(buffer, offset);
        if (header.type() == DatagramHeaderFlyweight.TYPE_KEY_ANNOUNCEMENT)
        {
            onAnnouncement(buffer, offset, length);
        }
        else if (length <= SLOT_BYTES)
        {
            final long index = captured.get();
            final int slot = (int)(index & MASK);
            final long version = versions.get(slot);
            versions.set(slot, version + 1);
            VarHandle.storeStoreFence();
            System.arraycopy(buffer, offset, slots, slot * SLOT_BYTES, length);
            lengths[slot] = length;
            versions.setRelease(slot, version + 2);
            captured.setRelease(index + 1);
        }
    }

    private void onAnnouncement(final byte[] buffer, final int offset, final int length)
    {
        announcements = announcements + 1;
        if (!KeyAnnouncementFlyweight.isLengthValid(length - DatagramHeaderFlyweight.HEADER_LENGTH))
        {
            return;
        }
        body.wrap(buffer, offset + DatagramHeaderFlyweight.HEADER_LENGTH, length - DatagramHeaderFlyweight.HEADER_LENGTH);
        trustedSenderKeyId = body.senderKeyId();
        receiverKeyId = body.receiverKeyId();
        final long epoch = header.senderEpoch();
        final int keyId = header.keyId();
        final int known = announcedKeys;
        for (int i = 0; i < known; i++)
        {
            if (announcedEpochs[i] == epoch && announcedKeyIds[i] == keyId)
            {
                return;
            }
        }
        if (known < MAX_ANNOUNCED_KEYS)
        {
            announcedEpochs[known] = epoch;
            announcedKeyIds[known] = keyId;
            announcedKeys = known + 1;
        }
    }

    /** @return sealed datagrams captured so far; any thread. */
    public long captured()
    {
        return captured.getAcquire();
    }

    /** @return key announcement datagrams seen (repetitions included); any thread. */
    public long announcements()
    {
        return announcements;
    }

    /** @return distinct (sender epoch, key id) pairs announced so far, at most {@value #MAX_ANNOUNCED_KEYS}. */
    public int announcedKeys()
    {
        return announcedKeys;
    }

    /** @return whether a well-formed key announcement passed, so the two key ids below are real. */
    public boolean hasAnnouncement()
    {
        return announcedKeys > 0;
    }

    /** @return the sender identity key id the last real announcement named (the trusted key); 0 before one. */
    public long trustedSenderKeyId()
    {
        return trustedSenderKeyId;
    }

    /** @return the receiver key id the last real announcement named; 0 before one. */
    public long receiverKeyId()
    {
        return receiverKeyId;
    }

    /**
     * Copies the most recently captured sealed datagram. Reader thread only; allocation-free.
     *
     * @param destination receives the datagram at index 0; at least {@value #SLOT_BYTES} bytes.
     * @return its length, or -1 if nothing was captured yet or the writer kept overwriting it.
     */
    public int copyLatest(final byte[] destination)
    {
        for (int attempt = 0; attempt < COPY_ATTEMPTS; attempt++)
        {
            final long count = captured.getAcquire();
            if (count == 0)
            {
                return -1;
            }
            final int length = copySlot((int)((count - 1) & MASK), destination);
            if (length >= 0)
            {
                return length;
            }
        }
        return -1;
    }

    /**
     * Copies one of the captured sealed datagrams still in the ring, chosen uniformly. Reader thread only;
     * allocation-free.
     *
     * @param draw        a random number, e.g. {@code random.nextLong()}; selects the datagram.
     * @param destination receives the datagram at index 0; at least {@value #SLOT_BYTES} bytes.
     * @return its length, or -1 if nothing was captured yet or the writer kept overwriting it.
     */
    public int copyRecent(final long draw, final byte[] destination)
    {
        for (int attempt = 0; attempt < COPY_ATTEMPTS; attempt++)
        {
            final long count = captured.getAcquire();
            if (count == 0)
            {
                return -1;
            }
            final long held = Math.min(count, SLOTS);
            final long index = count - 1 - Math.floorMod(draw + attempt, held);
            final int length = copySlot((int)(index & MASK), destination);
            if (length >= 0)
            {
                return length;
            }
        }
        return -1;
    }

    private int copySlot(final int slot, final byte[] destination)
    {
        final long before = versions.getAcquire(slot);
        if ((before & 1) != 0 || before == 0)
        {
            return -1;
        }
        final int length = lengths[slot];
        System.arraycopy(slots, slot * SLOT_BYTES, destination, 0, length);
        VarHandle.loadLoadFence();
        return versions.getAcquire(slot) == before ? length : -1;
    }
}
