package io.diodegw.receiver.link;

import java.lang.System.Logger.Level;
import java.util.Arrays;

import io.diodegw.wire.crypto.DatagramOpener;
import io.diodegw.wire.crypto.KeyAnnouncementVerifier;
import io.diodegw.wire.crypto.KeyIds;
import io.diodegw.wire.crypto.SessionKey;
import io.diodegw.wire.datagram.DatagramHeaderFlyweight;

/**
 * Receiver side of the signed key announcement: verifies each announcement datagram with
 * {@link KeyAnnouncementVerifier} (Ed25519 signature of a trusted sender, addressed to this receiver's X25519 key,
 * within its validity) and installs the derived session key into the opener. An announcement of a key the opener
 * already holds is skipped without verification, as the repetitions every second are. Signature checks are limited
 * to a budget per second (a token bucket holding one second's worth): a flood of forged announcements, each costing a
 * signature check, cannot starve the receive thread; beyond the budget announcements are dropped unchecked
 * ({@link #RATE_LIMITED}).
 *
 * <p>An announcement signed by a revoked sender key ({@link KeyAnnouncementVerifier#REVOKED_SENDER}) is logged as a
 * warning the first time each revoked key is seen, then only counted; the revocation list bounds how many keys can
 * ever be logged, so no datagram stream can flood the log.
 *
 * <p>Not thread-safe; owned by the receiving thread. Allocates per verified announcement and per first sight of a
 * revoked key only.
 */
public final class SignedAnnouncementHandler implements AnnouncementHandler, AutoCloseable
{
    private static final System.Logger LOG = System.getLogger(SignedAnnouncementHandler.class.getName());
    private static final int CODES = 16;

    /** Signature checks per second when none is given: plenty for a sender, which announces a new key rarely. */
    public static final int DEFAULT_VERIFICATIONS_PER_SEC = 50;
    private static final long MS_PER_SEC = 1_000;

    private final KeyAnnouncementVerifier verifier;
    private final long verificationsPerSec;
    private long budgetMilli;
    private long budgetAtMs = Long.MIN_VALUE;
    private final DatagramHeaderFlyweight header = new DatagramHeaderFlyweight();
    private final long[] refused = new long[CODES];
    private long repeats;
    private long[] revokedSeen = new long[1];
    private int revokedSeenCount;

    /**
     * @param verifier the receiver's verifier; this handler owns it and destroys it on {@link #close()}.
     */
    public SignedAnnouncementHandler(final KeyAnnouncementVerifier verifier)
    {
        this(verifier, DEFAULT_VERIFICATIONS_PER_SEC);
    }

    /**
     * @param verifier            the receiver's verifier; this handler owns it and destroys it on {@link #close()}.
     * @param verificationsPerSec signature checks allowed per second, at least 1 ({@code
     *                            receiver.announcementVerificationsPerSec}).
     */
    public SignedAnnouncementHandler(final KeyAnnouncementVerifier verifier, final int verificationsPerSec)
    {
        if (verificationsPerSec < 1)
        {
            throw new IllegalArgumentException("verificationsPerSec=" + verificationsPerSec + " must be at least 1");
        }
        this.verifier = verifier;
        this.verificationsPerSec = verificationsPerSec;
    }

    @Override
    public int onAnnouncement(
        final byte[] buffer, final int offset, final int length, final DatagramOpener opener, final long nowMs)
    {
        if (length >= DatagramHeaderFlyweight.HEADER_LENGTH)
        {
            header.wrap(buffer, offset);
            if (opener.hasKey(header.senderEpoch(), header.keyId()))
            {
                repeats++;
                return REPEAT;
            }
        }
        if (!takeVerification(nowMs))
        {
            return RATE_LIMITED;
        }
        final int result = verifier.verify(buffer, offset, length, nowMs);
        if (result != KeyAnnouncementVerifier.OK)
        {
            refused[Math.min(-result, CODES - 1)]++;
            if (result == KeyAnnouncementVerifier.REVOKED_SENDER)
            {
                onRevoked(verifier.senderKeyId());
            }
            return result;
        }
        final SessionKey key = verifier.takeSessionKey();
        if (!opener.install(key))
        {
            key.destroy();
            return NOT_INSTALLED;
        }
        return INSTALLED;
    }

    @Override
    public long refused()
    {
        long sum = 0;
        for (final long count : refused)
        {
            sum += count;
        }
        return sum;
    }

    @Override
    public long lastSenderKeyId()
    {
        return verifier.senderKeyId();
    }

    /** @return repetitions of a key already installed. */
    public long repeats()
    {
        return repeats;
    }

    /** @return the number of distinct revoked sender keys whose signed announcements arrived. */
    public int revokedKeysSeen()
    {
        return revokedSeenCount;
    }

    /** Zeroes the receiver's private key held by the verifier. */
    @Override
    public void close()
    {
        verifier.destroy();
    }

    /**
     * Token bucket in thousandths of a check: refills at the rate, holds one second's worth; a wall clock that steps
     * back refills it (the clock is the receiver's own, not the sender's).
     */
    private boolean takeVerification(final long nowMs)
    {
        final long capacityMilli = verificationsPerSec * MS_PER_SEC;
        if (budgetAtMs == Long.MIN_VALUE || nowMs < budgetAtMs || nowMs - budgetAtMs >= MS_PER_SEC)
        {
            budgetMilli = capacityMilli;
        }
        else
        {
            budgetMilli = Math.min(capacityMilli, budgetMilli + (nowMs - budgetAtMs) * verificationsPerSec);
        }
        budgetAtMs = nowMs;
        if (budgetMilli < MS_PER_SEC)
        {
            return false;
        }
        budgetMilli -= MS_PER_SEC;
        return true;
    }

    private void onRevoked(final long senderKeyId)
    {
        for (int i = 0; i < revokedSeenCount; i++)
        {
            if (revokedSeen[i] == senderKeyId)
            {
                return;
            }
        }
        if (revokedSeenCount == revokedSeen.length)
        {
            revokedSeen = Arrays.copyOf(revokedSeen, 2 * revokedSeen.length);
        }
        revokedSeen[revokedSeenCount++] = senderKeyId;
        LOG.log(Level.WARNING, "refused a key announcement signed by revoked sender key " +
            KeyIds.toFingerprint(senderKeyId) + " (epoch " + Long.toUnsignedString(header.senderEpoch()) + ", key id " +
            header.keyId() + "); its holder is still sending. Further ones are counted as REVOKED_SENDER only.");
    }
}
