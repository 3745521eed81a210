package io.diodegw.receiver.selfcheck;

import java.security.SecureRandom;
import java.util.List;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;

import io.diodegw.receiver.link.AnnouncementHandler;
import io.diodegw.receiver.link.SignedAnnouncementHandler;
import io.diodegw.wire.crypto.DatagramOpener;
import io.diodegw.wire.crypto.KeyAnnouncementSigner;
import io.diodegw.wire.crypto.KeyAnnouncementVerifier;
import io.diodegw.wire.crypto.SessionKey;
import io.diodegw.wire.crypto.TrustedSenderKeys;
import io.diodegw.wire.datagram.KeyAnnouncementFlyweight;
import io.diodegw.wire.datagram.MtuLimits;

/**
 * How the two halves of the self-check get the same session key: the sender's key and the signed announcement
 * datagram that carries it, and the receiver's opener (empty) with the handler that installs announced keys.
 *
 * <p>Built once per run on the main thread, then each part is handed to its owner; {@link #close()} after the run
 * zeroes the receiver's private key. Not thread-safe.
 */
final class LinkKeySetup implements AutoCloseable
{
    /** Mode name: the key travels in a signed key announcement over the link. */
    static final String SIGNED_ANNOUNCEMENT = "signed-announcement";
    /** Clock skew the receiver tolerates on the announcement's validity; both ends share this machine's clock. */
    static final long MAX_CLOCK_SKEW_MS = 5_000;

    /** Packet budget of the run's key: far more than any run sends. */
    static final long PACKET_LIMIT = 1L << 40;
    /** Validity of the run's key. */
    static final long KEY_LIFETIME_MS = 24L * 3600 * 1000;
    /** Id of the run's key within the epoch. */
    static final int KEY_ID = 1;

    private final String mode;
    private final SessionKey senderKey;
    private final byte[] announcement;
    private final DatagramOpener opener;
    private final AnnouncementHandler handler;

    LinkKeySetup(
        final String mode,
        final SessionKey senderKey,
        final byte[] announcement,
        final DatagramOpener opener,
        final AnnouncementHandler handler)
    {
        this.mode = mode;
        this.senderKey = senderKey;
        this.announcement = announcement;
        this.opener = opener;
        this.handler = handler;
    }

    /**
     * The real key agreement of the link, with identities generated in memory for the run: the sender signs a key
     * announcement with a fresh Ed25519 identity key, for a fresh X25519 receiver key; the announcement datagram is
     * sent over the same UDP path as the data, and the receiver derives the session key from it (X25519 + HKDF)
     * before it can open anything.
     */
    static LinkKeySetup signedAnnouncement(
        final MtuLimits limits, final int linkId, final long senderEpoch, final SecureRandom random)
    {
        final Ed25519PrivateKeyParameters identity = new Ed25519PrivateKeyParameters(random);
        final X25519PrivateKeyParameters receiverKey = new X25519PrivateKeyParameters(random);
        final KeyAnnouncementSigner signer =
            new KeyAnnouncementSigner(linkId, identity, receiverKey.generatePublicKey(), random);
        final byte[] announcement = new byte[KeyAnnouncementFlyweight.DATAGRAM_LENGTH];
        final long nowMs = System.currentTimeMillis();
        final SessionKey senderKey =
            signer.sign(announcement, 0, senderEpoch, KEY_ID, nowMs, nowMs + KEY_LIFETIME_MS, PACKET_LIMIT);
        final KeyAnnouncementVerifier verifier = new KeyAnnouncementVerifier(limits, linkId, receiverKey,
            new TrustedSenderKeys(List.of(identity.generatePublicKey())), MAX_CLOCK_SKEW_MS);
        return new LinkKeySetup(SIGNED_ANNOUNCEMENT, senderKey, announcement, new DatagramOpener(limits),
            new SignedAnnouncementHandler(verifier));
    }

    /** @return how the key is established, {@link #SIGNED_ANNOUNCEMENT}. */
    String mode()
    {
        return mode;
    }

    /** @return the key the sender seals with. */
    SessionKey senderKey()
    {
        return senderKey;
    }

    /** @return the announcement datagram the sender sends first and repeats. */
    byte[] announcement()
    {
        return announcement;
    }

    /** @return the receiver's opener; it holds no key until an announcement is verified. */
    DatagramOpener opener()
    {
        return opener;
    }

    /** @return the receiver's announcement handler. */
    AnnouncementHandler handler()
    {
        return handler;
    }

    /** Destroys what the receiver's handler holds (its private key); the session keys belong to sealer and opener. */
    @Override
    public void close()
    {
        if (handler instanceof SignedAnnouncementHandler)
        {
            ((SignedAnnouncementHandler)handler).close();
        }
    }
}
