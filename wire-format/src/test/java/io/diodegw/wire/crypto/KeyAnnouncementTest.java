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
import static io.diodegw.wire.crypto.EnvelopeTestData.verifier;
import static io.diodegw.wire.datagram.DatagramHeaderFlyweight.HEADER_LENGTH;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.SplittableRandom;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.junit.jupiter.api.Test;

import io.diodegw.wire.datagram.DatagramHeaderFlyweight;
import io.diodegw.wire.datagram.KeyAnnouncementFlyweight;

class KeyAnnouncementTest
{
    /** X25519 u-coordinates of small order, and non-canonical encodings of them (p - 1, p, p + 1). */
    private static final String[] LOW_ORDER_POINTS = {
        "0000000000000000000000000000000000000000000000000000000000000000",
        "0100000000000000000000000000000000000000000000000000000000000000",
        "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
        "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"};

    private final Ed25519PrivateKeyParameters identity = senderIdentity(1);
    private final X25519PrivateKeyParameters receiver = receiverKey(2);
    private final KeyAnnouncementVerifier verifier = verifier(receiver, identity);

    @Test
    void shouldDeriveIdenticalSessionKeysOnBothSides()
    {
        for (int seed = 0; seed < 20; seed++)
        {
            final Ed25519PrivateKeyParameters sender = senderIdentity(100 + seed);
            final X25519PrivateKeyParameters rx = receiverKey(200 + seed);
            final byte[] datagram = new byte[KeyAnnouncementFlyweight.DATAGRAM_LENGTH];
            final long epoch = new SplittableRandom(seed).nextLong();
            final SessionKey senderKey = signer(sender, rx, 300 + seed).sign(datagram, 0, epoch, seed, NOT_BEFORE_MS,
                EXPIRES_AT_MS, PACKET_LIMIT + seed);

            final KeyAnnouncementVerifier v = verifier(rx, senderIdentity(999), sender);
            assertEquals(KeyAnnouncementVerifier.OK, v.verify(datagram, 0, datagram.length, NOW_MS));
            final SessionKey receiverKey = v.takeSessionKey();
            assertTrue(senderKey.sameKeyAs(receiverKey));
            assertArrayEquals(senderKey.secretKey().getEncoded(), receiverKey.secretKey().getEncoded());
            assertEquals(senderKey.noncePrefix(), receiverKey.noncePrefix());
            assertEquals(epoch, receiverKey.senderEpoch());
            assertEquals(seed, receiverKey.keyId());
            assertEquals(PACKET_LIMIT + seed, receiverKey.packetLimit());
            assertEquals(EXPIRES_AT_MS, receiverKey.expiresAtMs());
            assertNull(v.takeSessionKey(), "the key is handed out once");
        }
    }

    @Test
    void shouldOpenDataSealedUnderTheAnnouncedKey()
    {
        final byte[] announcement = new byte[KeyAnnouncementFlyweight.DATAGRAM_LENGTH];
        final DatagramSealer sealer = new DatagramSealer(LIMITS, true);
        sealer.install(signer(identity, receiver, 3).sign(announcement, 0, EPOCH, KEY_ID, NOT_BEFORE_MS, EXPIRES_AT_MS,
            PACKET_LIMIT));
        final DatagramOpener opener = new DatagramOpener(LIMITS);
        assertEquals(KeyAnnouncementVerifier.OK, verifier.verify(announcement, 0, announcement.length, NOW_MS));
        assertTrue(opener.install(verifier.takeSessionKey()));

        final byte[] datagram = EnvelopeTestData.sealDataSymbol(sealer, new SplittableRandom(71), 1416);
        assertEquals(1416, opener.open(datagram, 0, datagram.length));
    }

    @Test
    void shouldWriteTheAnnouncementAsTheFlyweightDescribes()
    {
        final byte[] buffer = new byte[KeyAnnouncementFlyweight.DATAGRAM_LENGTH + 10];
        final KeyAnnouncementSigner signer = signer(identity, receiver, 3);
        signer.sign(buffer, 10, EPOCH, KEY_ID, NOT_BEFORE_MS, EXPIRES_AT_MS, PACKET_LIMIT);
        final DatagramHeaderFlyweight header = new DatagramHeaderFlyweight().wrap(buffer, 10);
        assertEquals(DatagramHeaderFlyweight.TYPE_KEY_ANNOUNCEMENT, header.type());
        assertEquals(0, header.flags());
        assertEquals(LINK_ID, header.linkId());
        assertEquals(EPOCH, header.senderEpoch());
        assertEquals(KEY_ID, header.keyId());
        assertEquals(0, header.packetCounter());
        final KeyAnnouncementFlyweight body = new KeyAnnouncementFlyweight()
            .wrap(buffer, 10 + HEADER_LENGTH, KeyAnnouncementFlyweight.BODY_LENGTH);
        assertEquals(EPOCH, body.senderEpoch());
        assertEquals(KEY_ID, body.keyId());
        assertEquals(0, body.reserved());
        assertEquals(KeyIds.of(receiver.generatePublicKey().getEncoded()), body.receiverKeyId());
        assertEquals(signer.receiverKeyId(), body.receiverKeyId());
        assertEquals(KeyIds.of(identity.generatePublicKey().getEncoded()), body.senderKeyId());
        assertEquals(signer.senderKeyId(), body.senderKeyId());
        assertEquals(NOT_BEFORE_MS, body.notBeforeMs());
        assertEquals(EXPIRES_AT_MS, body.expiresAtMs());
        assertEquals(PACKET_LIMIT, body.packetLimit());
        assertEquals(10 + HEADER_LENGTH + KeyAnnouncementFlyweight.SIGNATURE_OFFSET, body.signatureIndex());
        assertEquals(KeyAnnouncementVerifier.OK,
            verifier.verify(buffer, 10, KeyAnnouncementFlyweight.DATAGRAM_LENGTH, NOW_MS));
    }

    @Test
    void shouldUseAFreshEphemeralKeyAndSessionKeyForEveryAnnouncement()
    {
        final KeyAnnouncementSigner signer = signer(identity, receiver, 3);
        final Set<String> ephemeralKeys = new HashSet<>();
        final Set<String> sessionKeys = new HashSet<>();
        for (int i = 0; i < 10; i++)
        {
            final byte[] datagram = new byte[KeyAnnouncementFlyweight.DATAGRAM_LENGTH];
            final SessionKey key = signer.sign(datagram, 0, EPOCH, KEY_ID, NOT_BEFORE_MS, EXPIRES_AT_MS, PACKET_LIMIT);
            final int eph = HEADER_LENGTH + KeyAnnouncementFlyweight.EPHEMERAL_PUBLIC_KEY_OFFSET;
            ephemeralKeys.add(HexFormat.of().formatHex(datagram, eph, eph + 32));
            sessionKeys.add(HexFormat.of().formatHex(key.secretKey().getEncoded()));
        }
        assertEquals(10, ephemeralKeys.size());
        assertEquals(10, sessionKeys.size());
    }

    @Test
    void shouldRefuseEverySingleBitFlipAnywhereInTheAnnouncement()
    {
        final byte[] valid = EnvelopeTestData.validAnnouncement();
        assertEquals(KeyAnnouncementVerifier.OK, verifier.verify(valid, 0, valid.length, NOW_MS));
        final Set<Integer> codes = new HashSet<>();
        for (int bit = 0; bit < valid.length * 8; bit++)
        {
            final byte[] tampered = valid.clone();
            tampered[bit >>> 3] ^= (byte)(1 << (bit & 7));
            final int code = verifier.verify(tampered, 0, tampered.length, NOW_MS);
            assertTrue(code < 0, "bit " + bit + ": " + KeyAnnouncementVerifier.describe(code));
            assertNull(verifier.takeSessionKey());
            codes.add(code);
        }
        assertTrue(codes.contains(KeyAnnouncementVerifier.BAD_SIGNATURE), codes.toString());
        assertEquals(KeyAnnouncementVerifier.OK, verifier.verify(valid, 0, valid.length, NOW_MS));
    }

    @Test
    void shouldRefuseAnAnnouncementFromAnUntrustedSigner()
    {
        final byte[] datagram = new byte[KeyAnnouncementFlyweight.DATAGRAM_LENGTH];
        signer(senderIdentity(66), receiver, 3).sign(datagram, 0, EPOCH, KEY_ID, NOT_BEFORE_MS, EXPIRES_AT_MS,
            PACKET_LIMIT);
        assertEquals(KeyAnnouncementVerifier.UNKNOWN_SENDER, verifier.verify(datagram, 0, datagram.length, NOW_MS));
    }

    @Test
    void shouldRefuseAnAnnouncementSignedByAnotherKeyThanTheTrustedIdItNames()
    {
        final byte[] datagram = EnvelopeTestData.validAnnouncement();
        resign(datagram, senderIdentity(66));
        assertEquals(KeyAnnouncementVerifier.BAD_SIGNATURE, verifier.verify(datagram, 0, datagram.length, NOW_MS));
    }

    @Test
    void shouldRefuseAnAnnouncementForAnotherReceiver()
    {
        final byte[] datagram = new byte[KeyAnnouncementFlyweight.DATAGRAM_LENGTH];
        signer(identity, receiverKey(77), 3).sign(datagram, 0, EPOCH, KEY_ID, NOT_BEFORE_MS, EXPIRES_AT_MS,
            PACKET_LIMIT);
        assertEquals(KeyAnnouncementVerifier.WRONG_RECEIVER, verifier.verify(datagram, 0, datagram.length, NOW_MS));
    }

    @Test
    void shouldRefuseAnAnnouncementOfAnotherLink()
    {
        final byte[] datagram = new byte[KeyAnnouncementFlyweight.DATAGRAM_LENGTH];
        new KeyAnnouncementSigner(LINK_ID + 1, identity, receiver.generatePublicKey(),
            EnvelopeTestData.seededSecureRandom(3))
            .sign(datagram, 0, EPOCH, KEY_ID, NOT_BEFORE_MS, EXPIRES_AT_MS, PACKET_LIMIT);
        assertEquals(KeyAnnouncementVerifier.WRONG_LINK, verifier.verify(datagram, 0, datagram.length, NOW_MS));
    }

    @Test
    void shouldAcceptAnAnnouncementOnlyInsideItsValidityPlusTheClockSkew()
    {
        final byte[] datagram = EnvelopeTestData.validAnnouncement();
        assertEquals(KeyAnnouncementVerifier.NOT_YET_VALID,
            verifier.verify(datagram, 0, datagram.length, NOT_BEFORE_MS - MAX_CLOCK_SKEW_MS - 1));
        assertEquals(KeyAnnouncementVerifier.OK,
            verifier.verify(datagram, 0, datagram.length, NOT_BEFORE_MS - MAX_CLOCK_SKEW_MS));
        assertEquals(KeyAnnouncementVerifier.OK,
            verifier.verify(datagram, 0, datagram.length, EXPIRES_AT_MS + MAX_CLOCK_SKEW_MS - 1));
        assertEquals(KeyAnnouncementVerifier.EXPIRED,
            verifier.verify(datagram, 0, datagram.length, EXPIRES_AT_MS + MAX_CLOCK_SKEW_MS));
        assertEquals(KeyAnnouncementVerifier.EXPIRED, verifier.verify(datagram, 0, datagram.length, Long.MAX_VALUE));
        assertEquals(KeyAnnouncementVerifier.NOT_YET_VALID,
            verifier.verify(datagram, 0, datagram.length, Long.MIN_VALUE));
    }

    @Test
    void shouldRefuseASignedAnnouncementWithAnEmptyValidity()
    {
        final byte[] zeroPackets = EnvelopeTestData.validAnnouncement();
        writeLong(zeroPackets, HEADER_LENGTH + KeyAnnouncementFlyweight.PACKET_LIMIT_OFFSET, 0);
        resign(zeroPackets, identity);
        assertEquals(KeyAnnouncementVerifier.BAD_VALIDITY, verifier.verify(zeroPackets, 0, zeroPackets.length, NOW_MS));

        final byte[] backwards = EnvelopeTestData.validAnnouncement();
        writeLong(backwards, HEADER_LENGTH + KeyAnnouncementFlyweight.EXPIRES_AT_MS_OFFSET, NOT_BEFORE_MS);
        resign(backwards, identity);
        assertEquals(KeyAnnouncementVerifier.BAD_VALIDITY, verifier.verify(backwards, 0, backwards.length, NOW_MS));
    }

    @Test
    void shouldRefuseEveryLowOrderEphemeralPointEvenWhenValidlySigned()
    {
        for (final String point : LOW_ORDER_POINTS)
        {
            final byte[] datagram = EnvelopeTestData.validAnnouncement();
            System.arraycopy(HexFormat.of().parseHex(point), 0, datagram,
                HEADER_LENGTH + KeyAnnouncementFlyweight.EPHEMERAL_PUBLIC_KEY_OFFSET, 32);
            resign(datagram, identity);
            assertEquals(KeyAnnouncementVerifier.LOW_ORDER_POINT, verifier.verify(datagram, 0, datagram.length, NOW_MS),
                point);
            assertNull(verifier.takeSessionKey());
        }
    }

    @Test
    void shouldRefuseToSignForALowOrderReceiverKey()
    {
        for (final String point : LOW_ORDER_POINTS)
        {
            final X25519PublicKeyParameters lowOrder = new X25519PublicKeyParameters(HexFormat.of().parseHex(point));
            assertThrows(IllegalArgumentException.class, () -> new KeyAnnouncementSigner(LINK_ID, identity, lowOrder,
                EnvelopeTestData.seededSecureRandom(1)), point);
        }
    }

    @Test
    void shouldRefuseABodyWhoseEpochOrKeyIdDiffersFromTheHeader()
    {
        final byte[] epoch = EnvelopeTestData.validAnnouncement();
        new DatagramHeaderFlyweight().wrap(epoch, 0).senderEpoch(EPOCH + 1);
        resign(epoch, identity);
        assertEquals(KeyAnnouncementVerifier.INCONSISTENT, verifier.verify(epoch, 0, epoch.length, NOW_MS));

        final byte[] keyId = EnvelopeTestData.validAnnouncement();
        new DatagramHeaderFlyweight().wrap(keyId, 0).keyId(KEY_ID + 1);
        resign(keyId, identity);
        assertEquals(KeyAnnouncementVerifier.INCONSISTENT, verifier.verify(keyId, 0, keyId.length, NOW_MS));
    }

    @Test
    void shouldRefuseMalformedAndForeignDatagramsByTheirCode()
    {
        final byte[] valid = EnvelopeTestData.validAnnouncement();
        assertEquals(KeyAnnouncementVerifier.TOO_SHORT, verifier.verify(valid, 0, valid.length - 1, NOW_MS));
        assertEquals(KeyAnnouncementVerifier.TOO_SHORT, verifier.verify(valid, 0, HEADER_LENGTH, NOW_MS));
        assertEquals(KeyAnnouncementVerifier.BAD_HEADER, verifier.verify(valid, 0, HEADER_LENGTH - 1, NOW_MS));
        assertEquals(KeyAnnouncementVerifier.BAD_HEADER, verifier.verify(new byte[300], 0, 300, NOW_MS));
        final byte[] tooLong = new byte[LIMITS.maxDatagramBytes() + 1];
        System.arraycopy(valid, 0, tooLong, 0, valid.length);
        assertEquals(KeyAnnouncementVerifier.BAD_HEADER, verifier.verify(tooLong, 0, tooLong.length, NOW_MS));

        final DatagramSealer sealer = new DatagramSealer(LIMITS, true);
        sealer.install(EnvelopeTestData.key(1, EPOCH, KEY_ID, 10));
        final byte[] data = EnvelopeTestData.sealDataSymbol(sealer, new SplittableRandom(1), 300);
        assertEquals(KeyAnnouncementVerifier.NOT_ANNOUNCEMENT, verifier.verify(data, 0, data.length, NOW_MS));
    }

    @Test
    void shouldAcceptFieldsALaterRevisionInsertsBeforeTheSignature()
    {
        final byte[] valid = EnvelopeTestData.validAnnouncement();
        final byte[] extended = new byte[valid.length + 24];
        System.arraycopy(valid, 0, extended, 0, valid.length - KeyAnnouncementFlyweight.SIGNATURE_LENGTH);
        Arrays.fill(extended, valid.length - KeyAnnouncementFlyweight.SIGNATURE_LENGTH, extended.length - 64, (byte)0x5A);
        resign(extended, identity);
        assertEquals(KeyAnnouncementVerifier.OK, verifier.verify(extended, 0, extended.length, NOW_MS));
        final SessionKey fromExtended = verifier.takeSessionKey();
        assertEquals(KeyAnnouncementVerifier.OK, verifier.verify(valid, 0, valid.length, NOW_MS));
        assertTrue(fromExtended.sameKeyAs(verifier.takeSessionKey()));
    }

    @Test
    void shouldDestroyAKeyThatWasNotTakenBeforeTheNextVerification()
    {
        final byte[] valid = EnvelopeTestData.validAnnouncement();
        assertEquals(KeyAnnouncementVerifier.OK, verifier.verify(valid, 0, valid.length, NOW_MS));
        final SessionKey first = verifier.takeSessionKey();
        assertEquals(KeyAnnouncementVerifier.OK, verifier.verify(valid, 0, valid.length, NOW_MS));
        assertEquals(KeyAnnouncementVerifier.BAD_HEADER, verifier.verify(valid, 0, 0, NOW_MS));
        assertNull(verifier.takeSessionKey());
        assertFalse(first.isDestroyed());
    }

    @Test
    void shouldAcceptNothingOnceDestroyed()
    {
        final byte[] valid = EnvelopeTestData.validAnnouncement();
        assertEquals(KeyAnnouncementVerifier.OK, verifier.verify(valid, 0, valid.length, NOW_MS));
        final SessionKey notTaken = verifier.takeSessionKey();
        assertEquals(KeyAnnouncementVerifier.OK, verifier.verify(valid, 0, valid.length, NOW_MS));
        verifier.destroy();
        assertEquals(KeyAnnouncementVerifier.DESTROYED, verifier.verify(valid, 0, valid.length, NOW_MS));
        assertNull(verifier.takeSessionKey());
        assertFalse(notTaken.isDestroyed());
    }

    @Test
    void shouldNameEveryResultCodeDistinctly()
    {
        final Set<String> names = new HashSet<>();
        for (int code = KeyAnnouncementVerifier.REVOKED_SENDER; code <= KeyAnnouncementVerifier.OK; code++)
        {
            final String name = KeyAnnouncementVerifier.describe(code);
            assertFalse(name.startsWith("UNKNOWN("), "code " + code);
            names.add(name);
        }
        assertEquals(15, names.size());
        assertEquals("UNKNOWN(-15)", KeyAnnouncementVerifier.describe(-15));
    }

    @Test
    void shouldRefuseImpossibleSigningRequests()
    {
        final KeyAnnouncementSigner signer = signer(identity, receiver, 3);
        final byte[] small = new byte[KeyAnnouncementFlyweight.DATAGRAM_LENGTH - 1];
        final byte[] buffer = new byte[KeyAnnouncementFlyweight.DATAGRAM_LENGTH];
        assertThrows(IllegalArgumentException.class,
            () -> signer.sign(small, 0, EPOCH, KEY_ID, NOT_BEFORE_MS, EXPIRES_AT_MS, PACKET_LIMIT));
        assertThrows(IllegalArgumentException.class,
            () -> signer.sign(buffer, 1, EPOCH, KEY_ID, NOT_BEFORE_MS, EXPIRES_AT_MS, PACKET_LIMIT));
        assertThrows(IllegalArgumentException.class,
            () -> signer.sign(buffer, 0, EPOCH, KEY_ID, NOT_BEFORE_MS, NOT_BEFORE_MS, PACKET_LIMIT));
        assertThrows(IllegalArgumentException.class,
            () -> signer.sign(buffer, 0, EPOCH, KEY_ID, NOT_BEFORE_MS, EXPIRES_AT_MS, 0));
        assertThrows(IllegalArgumentException.class, () -> new KeyAnnouncementSigner(0x10000, identity,
            receiver.generatePublicKey(), EnvelopeTestData.seededSecureRandom(1)));
    }

    private static void writeLong(final byte[] buffer, final int index, final long value)
    {
        for (int i = 0; i < 8; i++)
        {
            buffer[index + i] = (byte)(value >>> (8 * i));
        }
    }

    /** Signs everything before the last 64 bytes again, as a sender holding {@code key} could. */
    private static void resign(final byte[] datagram, final Ed25519PrivateKeyParameters key)
    {
        final Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, key);
        final int signed = datagram.length - KeyAnnouncementFlyweight.SIGNATURE_LENGTH;
        signer.update(datagram, 0, signed);
        System.arraycopy(signer.generateSignature(), 0, datagram, signed, KeyAnnouncementFlyweight.SIGNATURE_LENGTH);
    }

    @Test
    void shouldNotConfuseTheIdsOfDifferentKeys()
    {
        assertNotEquals(KeyIds.of(receiver.generatePublicKey().getEncoded()),
            KeyIds.of(receiverKey(3).generatePublicKey().getEncoded()));
        assertEquals("66687aadf862bd77", KeyIds.toHex(KeyIds.of(new byte[32])), "SHA-256 of 32 zero bytes");
        assertEquals(0x77bd62f8ad7a6866L, KeyIds.of(new byte[32]));
    }
}
