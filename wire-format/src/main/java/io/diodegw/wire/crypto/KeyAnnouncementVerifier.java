package io.diodegw.wire.crypto;

import java.util.Arrays;

import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.math.ec.rfc7748.X25519;

import io.diodegw.wire.datagram.DatagramHeaderFlyweight;
import io.diodegw.wire.datagram.HeaderStatus;
import io.diodegw.wire.datagram.KeyAnnouncementFlyweight;
import io.diodegw.wire.datagram.MtuLimits;

/**
 * Receiver side of key agreement: checks a key announcement from the network and derives the session key it
 * announces, the same key {@link KeyAnnouncementSigner} returned to the sender.
 *
 * <p>Rules, in order (the first broken one is the result): the header validates and is a key announcement of at
 * least {@link KeyAnnouncementFlyweight#DATAGRAM_LENGTH} bytes; its link id is this receiver's; epoch and key id in
 * the body equal the header's; the announcement names this receiver's X25519 key; the signer's identity key is
 * trusted; the Ed25519 signature over everything before it verifies; the validity is well formed (packet limit at
 * least 1, expiry after not-before) and contains {@code nowMs} within the clock-skew tolerance; X25519 of the
 * receiver's private key and the ephemeral public key is not all zero (a low-order point). Only then is the key
 * derived, and {@link #takeSessionKey()} hands it out.
 *
 * <p>Never throws for any input bytes and counts nothing: {@link #verify} returns a code the caller counts
 * ({@link #describe(int)} names it). Off the hot path (a signature verification and an X25519 per accepted
 * announcement; allocates): a caller that already holds the announced (epoch, key id), see
 * {@link DatagramOpener#hasKey(long, int)}, may skip verification. Owned by one thread; not thread-safe.
 */
public final class KeyAnnouncementVerifier
{
    /** The announcement is authentic and valid; {@link #takeSessionKey()} returns its key. */
    public static final int OK = 0;
    /** The header did not validate (see {@link DatagramHeaderFlyweight#validate}). */
    public static final int BAD_HEADER = -1;
    /** The datagram is not a key announcement. */
    public static final int NOT_ANNOUNCEMENT = -2;
    /** The body is shorter than this protocol revision's fields and signature. */
    public static final int TOO_SHORT = -3;
    /** The link id is not this receiver's. */
    public static final int WRONG_LINK = -4;
    /** Epoch or key id in the body differ from the header's. */
    public static final int INCONSISTENT = -5;
    /** The announcement is for another receiver key. */
    public static final int WRONG_RECEIVER = -6;
    /** No trusted sender identity key has the announced id. */
    public static final int UNKNOWN_SENDER = -7;
    /** The Ed25519 signature did not verify: corrupted or forged. */
    public static final int BAD_SIGNATURE = -8;
    /** Signed, but the packet limit is below 1 or the expiry is not after not-before. */
    public static final int BAD_VALIDITY = -9;
    /** Signed and well formed, but not valid yet at {@code nowMs} plus the clock-skew tolerance. */
    public static final int NOT_YET_VALID = -10;
    /** Signed and well formed, but expired at {@code nowMs} minus the clock-skew tolerance. */
    public static final int EXPIRED = -11;
    /** The ephemeral key is a low-order point: the shared secret would be all zero. */
    public static final int LOW_ORDER_POINT = -12;
    /** {@link #destroy()} was called: this verifier accepts nothing. */
    public static final int DESTROYED = -13;
    /**
     * Signed by a trusted sender key that is also revoked: the signature verified, so the revoked key's holder sent
     * it. {@link #senderKeyId()} names the key.
     */
    public static final int REVOKED_SENDER = -14;

    private final int maxDatagramBytes;
    private final int linkId;
    private final byte[] receiverPrivateKey = new byte[X25519.SCALAR_SIZE];
    private final long receiverKeyId;
    private final TrustedSenderKeys trustedSenders;
    private final RevokedSenderKeys revokedSenders;
    private final long maxClockSkewMs;
    private final Ed25519Signer signer = new Ed25519Signer();
    private final LinkKeyDerivation derivation = new LinkKeyDerivation();
    private final DatagramHeaderFlyweight header = new DatagramHeaderFlyweight();
    private final KeyAnnouncementFlyweight body = new KeyAnnouncementFlyweight();
    private final byte[] signature = new byte[KeyAnnouncementFlyweight.SIGNATURE_LENGTH];
    private final byte[] sharedSecret = new byte[X25519.POINT_SIZE];
    private SessionKey verifiedKey;
    private long lastSenderKeyId;
    private boolean destroyed;

    /**
     * @param limits             the link's MTU limits; longer datagrams are {@link #BAD_HEADER}.
     * @param linkId             this receiver's link id, u16.
     * @param receiverPrivateKey the receiver's long-term X25519 key; its bytes are copied.
     * @param trustedSenders     the sender identity keys whose announcements are accepted.
     * @param maxClockSkewMs     how far the two ends' wall clocks may differ, {@code >= 0}: an announcement is
     *                           accepted from {@code notBefore - maxClockSkewMs} until {@code expiresAt +
     *                           maxClockSkewMs}.
     * @throws IllegalArgumentException on a link id outside u16 or a negative skew (configuration, not network input).
     */
    public KeyAnnouncementVerifier(
        final MtuLimits limits,
        final int linkId,
        final X25519PrivateKeyParameters receiverPrivateKey,
        final TrustedSenderKeys trustedSenders,
        final long maxClockSkewMs)
    {
        this(limits, linkId, receiverPrivateKey, trustedSenders, RevokedSenderKeys.none(), maxClockSkewMs);
    }

    /**
     * As {@link #KeyAnnouncementVerifier(MtuLimits, int, X25519PrivateKeyParameters, TrustedSenderKeys, long)}, with
     * a revocation list.
     *
     * @param revokedSenders sender identity keys refused even when trusted ({@link #REVOKED_SENDER}).
     */
    public KeyAnnouncementVerifier(
        final MtuLimits limits,
        final int linkId,
        final X25519PrivateKeyParameters receiverPrivateKey,
        final TrustedSenderKeys trustedSenders,
        final RevokedSenderKeys revokedSenders,
        final long maxClockSkewMs)
    {
        if (linkId < 0 || linkId > 0xFFFF)
        {
            throw new IllegalArgumentException("linkId=" + linkId + " not in [0, 65535]");
        }
        if (maxClockSkewMs < 0)
        {
            throw new IllegalArgumentException("maxClockSkewMs=" + maxClockSkewMs + " < 0");
        }
        this.maxDatagramBytes = limits.maxDatagramBytes();
        this.linkId = linkId;
        receiverPrivateKey.encode(this.receiverPrivateKey, 0);
        this.receiverKeyId = KeyIds.of(receiverPrivateKey.generatePublicKey().getEncoded());
        this.trustedSenders = trustedSenders;
        this.revokedSenders = revokedSenders;
        this.maxClockSkewMs = maxClockSkewMs;
    }

    /**
     * Checks one received datagram and, if it is an authentic, valid announcement for this receiver, derives its key.
     * A key derived before and not taken is destroyed.
     *
     * @param buffer bytes of the datagram; not modified.
     * @param offset index of its first byte.
     * @param length received length.
     * @param nowMs  receiver wall clock, ms since 1970-01-01T00:00Z.
     * @return {@link #OK} or a negative code of this class.
     */
    public int verify(final byte[] buffer, final int offset, final int length, final long nowMs)
    {
        discardVerifiedKey();
        lastSenderKeyId = 0;
        if (destroyed)
        {
            return DESTROYED;
        }
        if (DatagramHeaderFlyweight.validate(buffer, offset, length, maxDatagramBytes) != HeaderStatus.OK)
        {
            return BAD_HEADER;
        }
        header.wrap(buffer, offset);
        if (header.type() != DatagramHeaderFlyweight.TYPE_KEY_ANNOUNCEMENT)
        {
            return NOT_ANNOUNCEMENT;
        }
        final int bodyLength = length - DatagramHeaderFlyweight.HEADER_LENGTH;
        if (!KeyAnnouncementFlyweight.isLengthValid(bodyLength))
        {
            return TOO_SHORT;
        }
        if (header.linkId() != linkId)
        {
            return WRONG_LINK;
        }
        body.wrap(buffer, offset + DatagramHeaderFlyweight.HEADER_LENGTH, bodyLength);
        if (body.senderEpoch() != header.senderEpoch() || body.keyId() != header.keyId())
        {
            return INCONSISTENT;
        }
        if (body.receiverKeyId() != receiverKeyId)
        {
            return WRONG_RECEIVER;
        }
        final long senderKeyId = body.senderKeyId();
        lastSenderKeyId = senderKeyId;
        final Ed25519PublicKeyParameters senderKey = trustedSenders.find(senderKeyId);
        if (senderKey == null)
        {
            return UNKNOWN_SENDER;
        }
        final int signatureIndex = body.signatureIndex();
        System.arraycopy(buffer, signatureIndex, signature, 0, KeyAnnouncementFlyweight.SIGNATURE_LENGTH);
        signer.init(false, senderKey);
        signer.update(buffer, offset, signatureIndex - offset);
        if (!signer.verifySignature(signature))
        {
            return BAD_SIGNATURE;
        }
        if (revokedSenders.contains(senderKeyId))
        {
            return REVOKED_SENDER;
        }
        final long notBeforeMs = body.notBeforeMs();
        final long expiresAtMs = body.expiresAtMs();
        final long packetLimit = body.packetLimit();
        if (packetLimit < 1 || expiresAtMs <= notBeforeMs)
        {
            return BAD_VALIDITY;
        }
        if (nowMs < saturatedAdd(notBeforeMs, -maxClockSkewMs))
        {
            return NOT_YET_VALID;
        }
        if (nowMs >= saturatedAdd(expiresAtMs, maxClockSkewMs))
        {
            return EXPIRED;
        }
        try
        {
            if (!X25519.calculateAgreement(receiverPrivateKey, 0, buffer, body.ephemeralPublicKeyIndex(), sharedSecret, 0))
            {
                return LOW_ORDER_POINT;
            }
            verifiedKey = derivation.derive(sharedSecret, linkId, header.senderEpoch(), header.keyId(), senderKeyId,
                receiverKeyId, buffer, body.ephemeralPublicKeyIndex(), packetLimit, expiresAtMs);
        }
        finally
        {
            Arrays.fill(sharedSecret, (byte)0);
        }
        return OK;
    }

    /**
     * Hands out the key of the last announcement that verified {@link #OK}; ownership passes to the caller (usually
     * {@link DatagramOpener#install(SessionKey)}).
     *
     * @return the key, or null if the last {@link #verify} did not return {@link #OK} or the key was taken already.
     */
    public SessionKey takeSessionKey()
    {
        final SessionKey key = verifiedKey;
        verifiedKey = null;
        return key;
    }

    /**
     * @return the sender identity key id named by the announcement last passed to {@link #verify}, or 0 when it was
     *     refused before its body was read (e.g. {@link #BAD_HEADER}); lets the caller say which key was
     *     {@link #REVOKED_SENDER} or {@link #UNKNOWN_SENDER}. Unauthenticated unless the result was {@link #OK} or
     *     {@link #REVOKED_SENDER}.
     */
    public long senderKeyId()
    {
        return lastSenderKeyId;
    }

    /** @return key id of this receiver's X25519 key, which announcements must name. */
    public long receiverKeyId()
    {
        return receiverKeyId;
    }

    /**
     * Zeroes this verifier's copy of the receiver's private key and destroys any key not taken; every later
     * {@link #verify} returns {@link #DESTROYED}.
     */
    public void destroy()
    {
        destroyed = true;
        discardVerifiedKey();
        Arrays.fill(receiverPrivateKey, (byte)0);
    }

    /**
     * @param code a result of {@link #verify(byte[], int, int, long)}.
     * @return its constant name, for counters and logs.
     */
    public static String describe(final int code)
    {
        switch (code)
        {
            case OK:
                return "OK";
            case BAD_HEADER:
                return "BAD_HEADER";
            case NOT_ANNOUNCEMENT:
                return "NOT_ANNOUNCEMENT";
            case TOO_SHORT:
                return "TOO_SHORT";
            case WRONG_LINK:
                return "WRONG_LINK";
            case INCONSISTENT:
                return "INCONSISTENT";
            case WRONG_RECEIVER:
                return "WRONG_RECEIVER";
            case UNKNOWN_SENDER:
                return "UNKNOWN_SENDER";
            case BAD_SIGNATURE:
                return "BAD_SIGNATURE";
            case BAD_VALIDITY:
                return "BAD_VALIDITY";
            case NOT_YET_VALID:
                return "NOT_YET_VALID";
            case EXPIRED:
                return "EXPIRED";
            case LOW_ORDER_POINT:
                return "LOW_ORDER_POINT";
            case DESTROYED:
                return "DESTROYED";
            case REVOKED_SENDER:
                return "REVOKED_SENDER";
            default:
                return "UNKNOWN(" + code + ")";
        }
    }

    private void discardVerifiedKey()
    {
        if (verifiedKey != null)
        {
            verifiedKey.destroy();
            verifiedKey = null;
        }
    }

    private static long saturatedAdd(final long a, final long b)
    {
        final long sum = a + b;
        if (((a ^ sum) & (b ^ sum)) < 0)
        {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return sum;
    }
}
