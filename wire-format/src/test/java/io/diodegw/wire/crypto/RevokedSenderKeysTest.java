package io.diodegw.wire.crypto;

import static io.diodegw.wire.crypto.EnvelopeTestData.EPOCH;
import static io.diodegw.wire.crypto.EnvelopeTestData.EXPIRES_AT_MS;
import static io.diodegw.wire.crypto.EnvelopeTestData.KEY_ID;
import static io.diodegw.wire.crypto.EnvelopeTestData.LIMITS;
import static io.diodegw.wire.crypto.EnvelopeTestData.LINK_ID;
import static io.diodegw.wire.crypto.EnvelopeTestData.MAX_CLOCK_SKEW_MS;
import static io.diodegw.wire.crypto.EnvelopeTestData.NOT_BEFORE_MS;
import static io.diodegw.wire.crypto.EnvelopeTestData.NOW_MS;
import static io.diodegw.wire.crypto.EnvelopeTestData.PACKET_LIMIT;
import static io.diodegw.wire.crypto.EnvelopeTestData.receiverKey;
import static io.diodegw.wire.crypto.EnvelopeTestData.senderIdentity;
import static io.diodegw.wire.crypto.EnvelopeTestData.signer;
import static io.diodegw.wire.crypto.EnvelopeTestData.trust;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.diodegw.wire.datagram.KeyAnnouncementFlyweight;

class RevokedSenderKeysTest
{
    private final Ed25519PrivateKeyParameters revoked = senderIdentity(1);
    private final Ed25519PrivateKeyParameters successor = senderIdentity(5);
    private final X25519PrivateKeyParameters receiver = receiverKey(2);

    @TempDir
    Path dir;

    @Test
    void shouldParseEveryFingerprintKeyFilesPrintsBackToItsKeyId()
    {
        final SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 500; i++)
        {
            final byte[] publicKey = new byte[KeyIds.PUBLIC_KEY_BYTES];
            for (int b = 0; b < publicKey.length; b++)
            {
                publicKey[b] = (byte)random.nextInt(256);
            }
            final long id = KeyIds.of(publicKey);
            final String fingerprint = KeyFiles.fingerprint(publicKey);
            assertEquals(id, RevokedSenderKeys.parseFingerprint(fingerprint), fingerprint);
            assertEquals(id, RevokedSenderKeys.parseFingerprint(fingerprint.replace("-", "").toUpperCase()));
        }
    }

    @Test
    void shouldRefuseTextThatIsNotAFingerprint()
    {
        for (final String bad : new String[] {"", "3f2a-9c01-77be-0d4", "3f2a-9c01-77be-0d456", "3f2a-9c01-77be-0d4g",
            "sender identity (Ed25519) 3f2a-9c01-77be-0d45", "+f2a9c0177be0d45"})
        {
            assertThrows(IllegalArgumentException.class, () -> RevokedSenderKeys.parseFingerprint(bad), bad);
        }
    }

    @Test
    void shouldReadAFileOfFingerprintsWithCommentsAndBlankLines() throws IOException
    {
        final Path file = dir.resolve("revoked-senders.txt");
        Files.writeString(file, String.join("\n",
            "# sender identities withdrawn from service",
            "",
            fingerprint(revoked) + "   # 2026-11-23 host ot-gw-1 decommissioned",
            "   " + fingerprint(senderIdentity(9)).replace("-", ""),
            ""), StandardCharsets.UTF_8);

        final RevokedSenderKeys keys = RevokedSenderKeys.read(file);

        assertEquals(2, keys.size());
        assertTrue(keys.contains(keyId(revoked)));
        assertTrue(keys.contains(keyId(senderIdentity(9))));
        assertFalse(keys.contains(keyId(successor)));
    }

    @Test
    void shouldRefuseAWholeFileWhenOneLineIsNotAFingerprintAndNameTheLine() throws IOException
    {
        final Path file = dir.resolve("revoked-senders.txt");
        Files.writeString(file, fingerprint(revoked) + "\n3f2a-9c01-77be\n", StandardCharsets.UTF_8);

        final KeyFiles.KeyFileException ex =
            assertThrows(KeyFiles.KeyFileException.class, () -> RevokedSenderKeys.read(file));
        assertTrue(ex.getMessage().startsWith(file + ":2: "), ex.getMessage());
    }

    @Test
    void shouldRefuseAMissingFileInsteadOfRevokingNothing()
    {
        final Path file = dir.resolve("absent.txt");
        final KeyFiles.KeyFileException ex =
            assertThrows(KeyFiles.KeyFileException.class, () -> RevokedSenderKeys.read(file));
        assertTrue(ex.getMessage().contains(file.toString()), ex.getMessage());
    }

    @Test
    void shouldRefuseAnAnnouncementSignedByARevokedKeyEvenWhenItIsTrusted()
    {
        final KeyAnnouncementVerifier verifier = verifier(RevokedSenderKeys.of(keyId(revoked)));
        final byte[] datagram = announcement(revoked);

        assertEquals(KeyAnnouncementVerifier.REVOKED_SENDER, verifier.verify(datagram, 0, datagram.length, NOW_MS));
        assertNull(verifier.takeSessionKey());
        assertEquals(keyId(revoked), verifier.senderKeyId());
        assertEquals("REVOKED_SENDER", KeyAnnouncementVerifier.describe(KeyAnnouncementVerifier.REVOKED_SENDER));
    }

    @Test
    void shouldKeepAcceptingTheOtherTrustedKeyWhileOneIsRevoked()
    {
        final KeyAnnouncementVerifier verifier = verifier(RevokedSenderKeys.of(keyId(revoked)));
        final byte[] datagram = announcement(successor);

        assertEquals(KeyAnnouncementVerifier.OK, verifier.verify(datagram, 0, datagram.length, NOW_MS));
        assertNotNull(verifier.takeSessionKey());
        assertEquals(keyId(successor), verifier.senderKeyId());
    }

    @Test
    void shouldAcceptBothTrustedKeysWhenNothingIsRevoked()
    {
        final KeyAnnouncementVerifier verifier = verifier(RevokedSenderKeys.none());
        for (final Ed25519PrivateKeyParameters identity : new Ed25519PrivateKeyParameters[] {revoked, successor})
        {
            final byte[] datagram = announcement(identity);
            assertEquals(KeyAnnouncementVerifier.OK, verifier.verify(datagram, 0, datagram.length, NOW_MS));
        }
    }

    @Test
    void shouldCountAForgeryNamingARevokedKeyAsABadSignatureNotAsRevoked()
    {
        final KeyAnnouncementVerifier verifier = verifier(RevokedSenderKeys.of(keyId(revoked)));
        final byte[] datagram = announcement(revoked);
        datagram[datagram.length - 1] ^= 0x01;

        assertEquals(KeyAnnouncementVerifier.BAD_SIGNATURE, verifier.verify(datagram, 0, datagram.length, NOW_MS));
    }

    @Test
    void shouldCountARevokedKeyThatIsNoLongerTrustedAsAnUnknownSender()
    {
        final KeyAnnouncementVerifier verifier = new KeyAnnouncementVerifier(LIMITS, LINK_ID, receiver,
            trust(successor), RevokedSenderKeys.of(keyId(revoked)), MAX_CLOCK_SKEW_MS);
        final byte[] datagram = announcement(revoked);

        assertEquals(KeyAnnouncementVerifier.UNKNOWN_SENDER, verifier.verify(datagram, 0, datagram.length, NOW_MS));
        assertEquals(keyId(revoked), verifier.senderKeyId());
    }

    private KeyAnnouncementVerifier verifier(final RevokedSenderKeys revokedKeys)
    {
        return new KeyAnnouncementVerifier(LIMITS, LINK_ID, receiver, trust(revoked, successor), revokedKeys,
            MAX_CLOCK_SKEW_MS);
    }

    private byte[] announcement(final Ed25519PrivateKeyParameters identity)
    {
        final byte[] datagram = new byte[KeyAnnouncementFlyweight.DATAGRAM_LENGTH];
        signer(identity, receiver, 3).sign(datagram, 0, EPOCH, KEY_ID, NOT_BEFORE_MS, EXPIRES_AT_MS, PACKET_LIMIT)
            .destroy();
        return datagram;
    }

    private static long keyId(final Ed25519PrivateKeyParameters identity)
    {
        return KeyIds.of(identity.generatePublicKey().getEncoded());
    }

    private static String fingerprint(final Ed25519PrivateKeyParameters identity)
    {
        return KeyFiles.fingerprint(identity.generatePublicKey().getEncoded());
    }
}
