package io.diodegw.wire.crypto;

import java.security.SecureRandom;
import java.util.Arrays;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;
import org.bouncycastle.math.ec.rfc7748.X25519;

import io.diodegw.wire.datagram.DatagramHeaderFlyweight;
import io.diodegw.wire.datagram.KeyAnnouncementFlyweight;

/**
 * Sender side of key agreement: creates a fresh session key for one (link, sender epoch, key id) and writes the
 * signed key announcement that lets the receiver derive the same key.
 *
 * <p>For each {@link #sign} call: a fresh ephemeral X25519 key pair; X25519 with the receiver's static public key;
 * HKDF-SHA256 as in {@link LinkKeyDerivation}; a {@link KeyAnnouncementFlyweight#DATAGRAM_LENGTH}-byte datagram
 * (header of type {@link DatagramHeaderFlyweight#TYPE_KEY_ANNOUNCEMENT}, not encrypted, symbol index, geometry, block
 * sequence and packet counter 0) signed with the sender's Ed25519 identity ({@link IdentitySigner}: a key in memory or
 * on a PKCS#11 token). The
 * ephemeral private key and the shared secret are zeroed before {@code sign} returns; nothing but the returned
 * {@link SessionKey} can derive the key again. The sender re-sends the same announcement bytes (about every second)
 * for as long as the key is in use, so a receiver that starts late joins.
 *
 * <p>Off the hot path (allocates; one X25519 key generation, one agreement and one signature per call). Owned by
 * one thread; not thread-safe.
 */
public final class KeyAnnouncementSigner
{
    private final int linkId;
    private final IdentitySigner identity;
    private final byte[] receiverPublicKey = new byte[KeyIds.PUBLIC_KEY_BYTES];
    private final long receiverKeyId;
    private final long senderKeyId;
    private final SecureRandom random;
    private final LinkKeyDerivation derivation = new LinkKeyDerivation();
    private final DatagramHeaderFlyweight header = new DatagramHeaderFlyweight();
    private final KeyAnnouncementFlyweight body = new KeyAnnouncementFlyweight();
    private final byte[] ephemeralPrivateKey = new byte[X25519.SCALAR_SIZE];
    private final byte[] ephemeralPublicKey = new byte[X25519.POINT_SIZE];
    private final byte[] sharedSecret = new byte[X25519.POINT_SIZE];

    /**
     * As {@link #KeyAnnouncementSigner(int, IdentitySigner, X25519PublicKeyParameters, SecureRandom)} with the
     * identity key in memory.
     *
     * @param identityKey the sender's long-term Ed25519 signing key.
     */
    public KeyAnnouncementSigner(
        final int linkId,
        final Ed25519PrivateKeyParameters identityKey,
        final X25519PublicKeyParameters receiverPublicKey,
        final SecureRandom random)
    {
        this(linkId, new Ed25519IdentitySigner(identityKey), receiverPublicKey, random);
    }

    /**
     * @param linkId            the link's id, u16; every key is bound to it.
     * @param identity          the sender's long-term Ed25519 identity; called from the thread that owns this signer.
     * @param receiverPublicKey the receiver's long-term X25519 public key.
     * @param random            source of ephemeral keys, e.g. {@code new SecureRandom()}; tests may pass a seeded one.
     * @throws IllegalArgumentException if the link id is not u16 or the receiver key is a low-order point (no shared
     *     secret can come from it). This is configuration, never network input.
     */
    public KeyAnnouncementSigner(
        final int linkId,
        final IdentitySigner identity,
        final X25519PublicKeyParameters receiverPublicKey,
        final SecureRandom random)
    {
        if (linkId < 0 || linkId > 0xFFFF)
        {
            throw new IllegalArgumentException("linkId=" + linkId + " not in [0, 65535]");
        }
        this.linkId = linkId;
        this.identity = identity;
        receiverPublicKey.encode(this.receiverPublicKey, 0);
        this.receiverKeyId = KeyIds.of(this.receiverPublicKey);
        this.senderKeyId = KeyIds.of(identity.publicKey());
        this.random = random;
        X25519.generatePrivateKey(random, ephemeralPrivateKey);
        final boolean agreed = X25519.calculateAgreement(ephemeralPrivateKey, 0, this.receiverPublicKey, 0, sharedSecret, 0);
        wipe();
        if (!agreed)
        {
            throw new IllegalArgumentException("receiver X25519 public key " + KeyIds.toHex(receiverKeyId) +
                " is a low-order point");
        }
    }

    /**
     * Creates a new session key and writes its signed announcement.
     *
     * @param buffer      receives the datagram at {@code offset}: {@link KeyAnnouncementFlyweight#DATAGRAM_LENGTH}
     *                    bytes.
     * @param offset      index of the datagram's first byte.
     * @param senderEpoch this sender run's epoch.
     * @param keyId       id of the new key, unique within the epoch.
     * @param notBeforeMs first instant the key may be used, ms since 1970-01-01T00:00Z.
     * @param expiresAtMs instant from which receivers refuse the key, {@code > notBeforeMs}.
     * @param packetLimit datagrams the key may seal, {@code >= 1}.
     * @return the session key, for {@link DatagramSealer#install(SessionKey)}; the caller owns it.
     * @throws IllegalArgumentException if the buffer is too small or the validity is empty.
     * @throws IllegalStateException    if the identity cannot sign (e.g. its PKCS#11 token is gone).
     */
    public SessionKey sign(
        final byte[] buffer,
        final int offset,
        final long senderEpoch,
        final int keyId,
        final long notBeforeMs,
        final long expiresAtMs,
        final long packetLimit)
    {
        if (offset < 0 || buffer.length - offset < KeyAnnouncementFlyweight.DATAGRAM_LENGTH)
        {
            throw new IllegalArgumentException("buffer.length=" + buffer.length + ", offset=" + offset +
                ": no room for " + KeyAnnouncementFlyweight.DATAGRAM_LENGTH + " bytes");
        }
        if (expiresAtMs <= notBeforeMs)
        {
            throw new IllegalArgumentException("expiresAtMs=" + expiresAtMs + " <= notBeforeMs=" + notBeforeMs);
        }
        if (packetLimit < 1)
        {
            throw new IllegalArgumentException("packetLimit=" + packetLimit + " < 1");
        }
        try
        {
            X25519.generatePrivateKey(random, ephemeralPrivateKey);
            X25519.generatePublicKey(ephemeralPrivateKey, 0, ephemeralPublicKey, 0);
            if (!X25519.calculateAgreement(ephemeralPrivateKey, 0, receiverPublicKey, 0, sharedSecret, 0))
            {
                throw new IllegalStateException("X25519 agreement with a checked receiver key gave zero");
            }

            header.wrap(buffer, offset)
                .writePreamble()
                .type(DatagramHeaderFlyweight.TYPE_KEY_ANNOUNCEMENT)
                .linkId(linkId)
                .senderEpoch(senderEpoch)
                .keyId(keyId)
                .symbolIndex(0)
                .sourceSymbols(0)
                .repairSymbols(0)
                .blockSequence(0)
                .packetCounter(0);
            final int bodyOffset = offset + DatagramHeaderFlyweight.HEADER_LENGTH;
            body.wrap(buffer, bodyOffset, KeyAnnouncementFlyweight.BODY_LENGTH)
                .write(senderEpoch, keyId, ephemeralPublicKey, 0, receiverKeyId, senderKeyId, notBeforeMs, expiresAtMs,
                    packetLimit);
            identity.sign(buffer, offset, DatagramHeaderFlyweight.HEADER_LENGTH +
                KeyAnnouncementFlyweight.SIGNATURE_OFFSET, buffer, body.signatureIndex());

            return derivation.derive(sharedSecret, linkId, senderEpoch, keyId, senderKeyId, receiverKeyId,
                ephemeralPublicKey, 0, packetLimit, expiresAtMs);
        }
        finally
        {
            wipe();
        }
    }

    /** @return key id of the sender's Ed25519 identity key, as written in every announcement. */
    public long senderKeyId()
    {
        return senderKeyId;
    }

    /** @return key id of the receiver's X25519 key, as written in every announcement. */
    public long receiverKeyId()
    {
        return receiverKeyId;
    }

    /** @return the link id every key is bound to. */
    public int linkId()
    {
        return linkId;
    }

    private void wipe()
    {
        Arrays.fill(ephemeralPrivateKey, (byte)0);
        Arrays.fill(sharedSecret, (byte)0);
    }
}
