package io.diodegw.wire.crypto;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.SplittableRandom;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;

import io.diodegw.wire.datagram.DatagramHeaderFlyweight;
import io.diodegw.wire.datagram.KeyAnnouncementFlyweight;
import io.diodegw.wire.datagram.MtuLimits;

/** Deterministic keys and datagrams for the envelope tests, fuzz tests and benchmarks. */
public final class EnvelopeTestData
{
    public static final MtuLimits LIMITS = MtuLimits.forMtu(MtuLimits.DEFAULT_MTU_BYTES);
    public static final int LINK_ID = 0x0A0B;
    public static final long EPOCH = 0x0000_0197_0000_1234L;
    public static final int KEY_ID = 7;
    public static final long NOT_BEFORE_MS = 1_790_000_000_000L;
    public static final long EXPIRES_AT_MS = NOT_BEFORE_MS + 3_600_000L;
    public static final long NOW_MS = NOT_BEFORE_MS + 60_000L;
    public static final long PACKET_LIMIT = 1L << 32;
    public static final long MAX_CLOCK_SKEW_MS = 5_000L;

    private EnvelopeTestData()
    {
    }

    /** A {@link SecureRandom} whose output is fixed by the seed: for tests only. */
    public static SecureRandom seededSecureRandom(final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        return new SecureRandom()
        {
            private static final long serialVersionUID = 1L;

            @Override
            public void nextBytes(final byte[] bytes)
            {
                random.nextBytes(bytes);
            }
        };
    }

    public static byte[] randomBytes(final SplittableRandom random, final int length)
    {
        final byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    public static SessionKey key(final long seed, final long epoch, final int keyId, final long packetLimit)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        return SessionKey.of(epoch, keyId, randomBytes(random, SessionKey.KEY_BYTES), random.nextInt(), packetLimit,
            EXPIRES_AT_MS);
    }

    public static Ed25519PrivateKeyParameters senderIdentity(final long seed)
    {
        return new Ed25519PrivateKeyParameters(seededSecureRandom(seed));
    }

    public static X25519PrivateKeyParameters receiverKey(final long seed)
    {
        return new X25519PrivateKeyParameters(seededSecureRandom(seed));
    }

    public static TrustedSenderKeys trust(final Ed25519PrivateKeyParameters... identities)
    {
        final Ed25519PrivateKeyParameters[] keys = identities.clone();
        return new TrustedSenderKeys(Arrays.stream(keys).map(Ed25519PrivateKeyParameters::generatePublicKey)
            .toList());
    }

    public static KeyAnnouncementSigner signer(final Ed25519PrivateKeyParameters identity,
        final X25519PrivateKeyParameters receiver, final long seed)
    {
        return new KeyAnnouncementSigner(LINK_ID, identity, receiver.generatePublicKey(), seededSecureRandom(seed));
    }

    public static KeyAnnouncementVerifier verifier(final X25519PrivateKeyParameters receiver,
        final Ed25519PrivateKeyParameters... trusted)
    {
        return new KeyAnnouncementVerifier(LIMITS, LINK_ID, receiver, trust(trusted), MAX_CLOCK_SKEW_MS);
    }

    /** @return a signed announcement of (EPOCH, KEY_ID), identity seed 1, receiver seed 2, ephemeral seed 3. */
    public static byte[] validAnnouncement()
    {
        final byte[] datagram = new byte[KeyAnnouncementFlyweight.DATAGRAM_LENGTH];
        signer(senderIdentity(1), receiverKey(2), 3).sign(datagram, 0, EPOCH, KEY_ID, NOT_BEFORE_MS, EXPIRES_AT_MS,
            PACKET_LIMIT).destroy();
        return datagram;
    }

    /**
     * Writes a data symbol header and a random payload, then seals it.
     *
     * @return the sealed datagram, exactly as long as the sealer said.
     */
    public static byte[] sealDataSymbol(final DatagramSealer sealer, final SplittableRandom random, final int payloadLength)
    {
        final byte[] buffer = new byte[DatagramHeaderFlyweight.HEADER_LENGTH + payloadLength +
            DatagramHeaderFlyweight.TAG_LENGTH];
        writeDataHeader(buffer, 0, random.nextLong(), 3, 32, 4);
        for (int i = 0; i < payloadLength; i++)
        {
            buffer[DatagramHeaderFlyweight.HEADER_LENGTH + i] = (byte)random.nextInt();
        }
        final int length = sealer.seal(buffer, 0, payloadLength);
        if (length != buffer.length)
        {
            throw new IllegalStateException("seal returned " + DatagramSealer.describe(length));
        }
        return buffer;
    }

    public static void writeDataHeader(final byte[] buffer, final int offset, final long blockSequence,
        final int symbolIndex, final int k, final int m)
    {
        new DatagramHeaderFlyweight().wrap(buffer, offset)
            .type(symbolIndex < k ? DatagramHeaderFlyweight.TYPE_DATA_SYMBOL : DatagramHeaderFlyweight.TYPE_REPAIR_SYMBOL)
            .linkId(LINK_ID)
            .blockSequence(blockSequence)
            .symbolIndex(symbolIndex)
            .sourceSymbols(k)
            .repairSymbols(m);
    }
}
