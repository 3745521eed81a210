package io.diodegw.wire.crypto;

import static io.diodegw.wire.crypto.EnvelopeTestData.EPOCH;
import static io.diodegw.wire.crypto.EnvelopeTestData.KEY_ID;
import static io.diodegw.wire.crypto.EnvelopeTestData.LIMITS;
import static io.diodegw.wire.crypto.EnvelopeTestData.key;
import static io.diodegw.wire.crypto.EnvelopeTestData.sealDataSymbol;
import static io.diodegw.wire.datagram.DatagramHeaderFlyweight.HEADER_LENGTH;
import static io.diodegw.wire.datagram.DatagramHeaderFlyweight.TAG_LENGTH;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.diodegw.wire.datagram.DatagramHeaderFlyweight;
import io.diodegw.wire.datagram.HeartbeatFlyweight;

class DatagramEnvelopeTest
{
    private final SplittableRandom random = new SplittableRandom(41);

    @Test
    void shouldOpenWhatWasSealedInEncryptedModeForEveryPayloadLength()
    {
        final DatagramSealer sealer = sealer(true, key(1, EPOCH, KEY_ID, 10_000));
        final DatagramOpener opener = opener(key(1, EPOCH, KEY_ID, 10_000));
        for (final int payloadLength : new int[] {0, 1, 15, 16, 17, 100, 1415, 1416})
        {
            final byte[] datagram = new byte[HEADER_LENGTH + payloadLength + TAG_LENGTH];
            EnvelopeTestData.writeDataHeader(datagram, 0, 99, 0, 1, 0);
            final byte[] payload = EnvelopeTestData.randomBytes(random, payloadLength);
            System.arraycopy(payload, 0, datagram, HEADER_LENGTH, payloadLength);

            assertEquals(datagram.length, sealer.seal(datagram, 0, payloadLength));
            final DatagramHeaderFlyweight header = new DatagramHeaderFlyweight().wrap(datagram, 0);
            assertTrue(header.isEncrypted());
            assertEquals(EPOCH, header.senderEpoch());
            assertEquals(KEY_ID, header.keyId());
            if (payloadLength >= 16)
            {
                assertFalse(Arrays.equals(payload, Arrays.copyOfRange(datagram, HEADER_LENGTH, HEADER_LENGTH + payloadLength)),
                    "payload must be encrypted");
            }

            assertEquals(payloadLength, opener.open(datagram, 0, datagram.length));
            assertArrayEquals(payload, Arrays.copyOfRange(datagram, HEADER_LENGTH, HEADER_LENGTH + payloadLength));
        }
    }

    @Test
    void shouldLeaveThePayloadReadableInIntegrityOnlyModeAndStillAuthenticateIt()
    {
        final DatagramSealer sealer = sealer(false, key(2, EPOCH, KEY_ID, 10_000));
        final DatagramOpener opener = opener(key(2, EPOCH, KEY_ID, 10_000));
        final byte[] datagram = new byte[HEADER_LENGTH + 1416 + TAG_LENGTH];
        EnvelopeTestData.writeDataHeader(datagram, 0, 5, 33, 32, 4);
        final byte[] payload = EnvelopeTestData.randomBytes(random, 1416);
        System.arraycopy(payload, 0, datagram, HEADER_LENGTH, payload.length);

        assertEquals(datagram.length, sealer.seal(datagram, 0, payload.length));
        assertFalse(new DatagramHeaderFlyweight().wrap(datagram, 0).isEncrypted());
        assertArrayEquals(payload, Arrays.copyOfRange(datagram, HEADER_LENGTH, HEADER_LENGTH + payload.length));

        final byte[] tampered = datagram.clone();
        tampered[HEADER_LENGTH + 700] ^= 4;
        assertEquals(DatagramOpener.BAD_TAG, opener.open(tampered, 0, tampered.length));
        assertEquals(payload.length, opener.open(datagram, 0, datagram.length));
        assertArrayEquals(payload, Arrays.copyOfRange(datagram, HEADER_LENGTH, HEADER_LENGTH + payload.length));
    }

    @Test
    void shouldSealAndOpenAHeartbeatAtAnOffsetInALargerBuffer()
    {
        final DatagramSealer sealer = sealer(true, key(3, EPOCH, KEY_ID, 10));
        final DatagramOpener opener = opener(key(3, EPOCH, KEY_ID, 10));
        final int offset = 13;
        final byte[] buffer = new byte[200];
        new DatagramHeaderFlyweight().wrap(buffer, offset).type(DatagramHeaderFlyweight.TYPE_HEARTBEAT)
            .linkId(EnvelopeTestData.LINK_ID);
        final int body = new HeartbeatFlyweight().wrap(buffer, offset + HEADER_LENGTH)
            .write(1_790_000_000_000L, 1500, 32, 4, 8, 0xFEEDL, 1234, 56, 1000);

        final int length = sealer.seal(buffer, offset, body);
        assertEquals(HEADER_LENGTH + body + TAG_LENGTH, length);
        assertEquals(body, opener.open(buffer, offset, length));
        final HeartbeatFlyweight heartbeat = new HeartbeatFlyweight().wrap(buffer, offset + HEADER_LENGTH);
        assertEquals(1_790_000_000_000L, heartbeat.senderTimeMs());
        assertEquals(0, heartbeat.mismatches(1500, 32, 4, 8, 0xFEEDL));
        assertEquals(1234, heartbeat.streamHeadSequence());
        assertEquals(1000, heartbeat.epochFirstSequence());
    }

    @Test
    void shouldGiveEachDatagramTheNextPacketCounterFromZero()
    {
        final DatagramSealer sealer = sealer(true, key(4, EPOCH, KEY_ID, 10));
        for (long expected = 0; expected < 5; expected++)
        {
            assertEquals(expected, sealer.nextPacketCounter());
            final byte[] datagram = sealDataSymbol(sealer, random, 64);
            assertEquals(expected, new DatagramHeaderFlyweight().wrap(datagram, 0).packetCounter());
        }
        assertEquals(5, sealer.remainingPackets());
        sealer.install(key(5, EPOCH, KEY_ID + 1, 10));
        assertEquals(0, sealer.nextPacketCounter());
    }

    @Test
    void shouldRefuseToSealWithoutAKeyBeyondItsLimitOrAfterItWasDestroyed()
    {
        final DatagramSealer sealer = new DatagramSealer(LIMITS, true);
        final byte[] buffer = new byte[LIMITS.maxDatagramBytes() + 64];
        EnvelopeTestData.writeDataHeader(buffer, 0, 1, 0, 1, 0);
        assertEquals(DatagramSealer.NO_KEY, sealer.seal(buffer, 0, 10));
        assertEquals(0, sealer.remainingPackets());

        sealer.install(key(6, EPOCH, KEY_ID, 2));
        assertEquals(HEADER_LENGTH + 10 + TAG_LENGTH, sealer.seal(buffer, 0, 10));
        assertEquals(HEADER_LENGTH + 10 + TAG_LENGTH, sealer.seal(buffer, 0, 10));
        assertEquals(DatagramSealer.KEY_EXHAUSTED, sealer.seal(buffer, 0, 10));

        final SessionKey destroyed = key(7, EPOCH, KEY_ID, 100);
        sealer.install(destroyed);
        destroyed.destroy();
        assertEquals(DatagramSealer.KEY_EXHAUSTED, sealer.seal(buffer, 0, 10));
        assertEquals("KEY_EXHAUSTED", DatagramSealer.describe(DatagramSealer.KEY_EXHAUSTED));
    }

    @Test
    void shouldRefuseToSealTooLongPayloadsAndUnsealedTypes()
    {
        final DatagramSealer sealer = sealer(true, key(8, EPOCH, KEY_ID, 100));
        final byte[] buffer = new byte[LIMITS.maxDatagramBytes() + 64];
        EnvelopeTestData.writeDataHeader(buffer, 0, 1, 0, 1, 0);
        assertEquals(DatagramSealer.TOO_LONG, sealer.seal(buffer, 0, LIMITS.maxPayloadBytes() + 1));
        assertEquals(DatagramSealer.TOO_LONG, sealer.seal(buffer, 0, -1));
        assertEquals(DatagramSealer.TOO_LONG, sealer.seal(new byte[100], 0, 60), "no room for the tag");

        new DatagramHeaderFlyweight().wrap(buffer, 0).type(DatagramHeaderFlyweight.TYPE_KEY_ANNOUNCEMENT)
            .sourceSymbols(0).repairSymbols(0).symbolIndex(0);
        assertEquals(DatagramSealer.BAD_HEADER, sealer.seal(buffer, 0, 10));
        EnvelopeTestData.writeDataHeader(buffer, 0, 1, 5, 4, 0);
        assertEquals(DatagramSealer.BAD_HEADER, sealer.seal(buffer, 0, 10));
    }

    @Test
    void shouldRefuseADatagramSealedUnderAnotherKeyWithTheSameIds()
    {
        final byte[] datagram = sealDataSymbol(sealer(true, key(9, EPOCH, KEY_ID, 100)), random, 200);
        final DatagramOpener opener = opener(key(10, EPOCH, KEY_ID, 100));
        assertEquals(DatagramOpener.BAD_TAG, opener.open(datagram, 0, datagram.length));
    }

    @Test
    void shouldRefuseADatagramWhoseEpochOrKeyIdIsNotInstalled()
    {
        final byte[] datagram = sealDataSymbol(sealer(true, key(11, EPOCH, KEY_ID, 100)), random, 200);
        assertEquals(DatagramOpener.UNKNOWN_KEY, opener(key(11, EPOCH + 1, KEY_ID, 100)).open(datagram, 0, datagram.length));
        assertEquals(DatagramOpener.UNKNOWN_KEY, opener(key(11, EPOCH, KEY_ID + 1, 100)).open(datagram, 0, datagram.length));
        assertEquals(DatagramOpener.UNKNOWN_KEY, new DatagramOpener(LIMITS).open(datagram, 0, datagram.length));
    }

    @Test
    void shouldAcceptEachDatagramOnceAndRefuseItsReplay()
    {
        final DatagramOpener opener = opener(key(12, EPOCH, KEY_ID, 100));
        final byte[] datagram = sealDataSymbol(sealer(true, key(12, EPOCH, KEY_ID, 100)), random, 200);
        final byte[] replay = datagram.clone();
        assertEquals(200, opener.open(datagram, 0, datagram.length));
        assertEquals(DatagramOpener.DUPLICATE, opener.open(replay, 0, replay.length));
    }

    @Test
    void shouldRefuseCountersBeyondTheKeysPacketLimitAndBelowTheWindow()
    {
        final SessionKey sealing = key(13, EPOCH, KEY_ID, Long.MAX_VALUE);
        final DatagramSealer sealer = sealer(true, sealing);
        final byte[] first = sealDataSymbol(sealer, random, 40);
        final DatagramOpener opener = opener(key(13, EPOCH, KEY_ID, 1));
        final byte[] second = sealDataSymbol(sealer, random, 40);
        assertEquals(DatagramOpener.COUNTER_BEYOND_LIMIT, opener.open(second, 0, second.length));
        assertEquals(40, opener.open(first, 0, first.length));

        final DatagramOpener wide = opener(key(13, EPOCH, KEY_ID, Long.MAX_VALUE));
        final byte[] old = sealDataSymbol(sealer, random, 40);
        byte[] newest = null;
        for (int i = 0; i <= ReplayWindow.WINDOW_SIZE; i++)
        {
            newest = sealDataSymbol(sealer, random, 8);
        }
        assertEquals(8, wide.open(newest, 0, newest.length));
        assertEquals(DatagramOpener.TOO_OLD, wide.open(old, 0, old.length));
    }

    @Test
    void shouldRefuseAKeyAnnouncementAsNotSealedAndGarbageAsBadHeader()
    {
        final DatagramOpener opener = opener(key(14, EPOCH, KEY_ID, 100));
        final byte[] announcement = EnvelopeTestData.validAnnouncement();
        assertEquals(DatagramOpener.NOT_SEALED, opener.open(announcement, 0, announcement.length));
        assertEquals(DatagramOpener.BAD_HEADER, opener.open(new byte[100], 0, 100));
        assertEquals(DatagramOpener.BAD_HEADER, opener.open(new byte[0], 0, 0));
        assertEquals("NOT_SEALED", DatagramOpener.describe(DatagramOpener.NOT_SEALED));
    }

    @Test
    void shouldAcceptTheOldEpochOnlyUntilTheNewerOneAuthenticated()
    {
        final DatagramSealer oldSealer = sealer(true, key(15, EPOCH, KEY_ID, 100));
        final DatagramSealer newSealer = sealer(true, key(16, EPOCH + 1, 1, 100));
        final DatagramOpener opener = opener(key(15, EPOCH, KEY_ID, 100));
        assertTrue(opener.install(key(16, EPOCH + 1, 1, 100)));
        assertEquals(2, opener.keyCount());

        final byte[] oldFirst = sealDataSymbol(oldSealer, random, 16);
        final byte[] oldSecond = sealDataSymbol(oldSealer, random, 16);
        final byte[] newFirst = sealDataSymbol(newSealer, random, 16);
        assertEquals(16, opener.open(oldFirst, 0, oldFirst.length));
        assertEquals(16, opener.open(newFirst, 0, newFirst.length));
        assertEquals(1, opener.keyCount(), "the first datagram of the newer epoch retires the older keys");
        assertEquals(DatagramOpener.UNKNOWN_KEY, opener.open(oldSecond, 0, oldSecond.length));
        assertFalse(opener.install(key(15, EPOCH, KEY_ID, 100)), "an older epoch is not installed again");
    }

    @Test
    void shouldOverlapTwoKeysOfOneEpochDuringARotationWithoutLosingADatagram()
    {
        final DatagramSealer sealer = sealer(true, key(17, EPOCH, 1, 100));
        final DatagramOpener opener = opener(key(17, EPOCH, 1, 100));
        final byte[] beforeRotation = sealDataSymbol(sealer, random, 32);
        assertTrue(opener.install(key(18, EPOCH, 2, 100)));
        sealer.install(key(18, EPOCH, 2, 100));
        final byte[] afterRotation = sealDataSymbol(sealer, random, 32);
        assertEquals(32, opener.open(afterRotation, 0, afterRotation.length));
        assertEquals(32, opener.open(beforeRotation, 0, beforeRotation.length), "late datagram of the old key");
        assertTrue(opener.remove(EPOCH, 1));
        assertFalse(opener.hasKey(EPOCH, 1));
        assertTrue(opener.hasKey(EPOCH, 2));
    }

    @Test
    void shouldEvictTheOldestKeyWhenAllSlotsAreFullAndExpireKeysByTime()
    {
        final DatagramOpener opener = new DatagramOpener(LIMITS);
        final SessionKey first = key(19, EPOCH, 0, 100);
        assertTrue(opener.install(first));
        for (int id = 1; id < DatagramOpener.MAX_KEYS; id++)
        {
            assertTrue(opener.install(key(19, EPOCH, id, 100)));
        }
        assertFalse(opener.install(key(19, EPOCH, 1, 100)), "same (epoch, key id) twice");
        assertTrue(opener.install(key(19, EPOCH, 99, 100)));
        assertEquals(DatagramOpener.MAX_KEYS, opener.keyCount());
        assertFalse(opener.hasKey(EPOCH, 0));
        assertTrue(first.isDestroyed());

        assertEquals(0, opener.expire(EnvelopeTestData.EXPIRES_AT_MS - 1));
        assertEquals(DatagramOpener.MAX_KEYS, opener.expire(EnvelopeTestData.EXPIRES_AT_MS));
        assertEquals(0, opener.keyCount());
    }

    @Test
    void shouldNotUseAKeyDestroyedWhileInstalled()
    {
        final SessionKey receiving = key(20, EPOCH, KEY_ID, 100);
        final DatagramOpener opener = opener(receiving);
        final byte[] datagram = sealDataSymbol(sealer(true, key(20, EPOCH, KEY_ID, 100)), random, 20);
        receiving.destroy();
        assertEquals(DatagramOpener.UNKNOWN_KEY, opener.open(datagram, 0, datagram.length));
    }

    private static DatagramSealer sealer(final boolean encrypt, final SessionKey key)
    {
        final DatagramSealer sealer = new DatagramSealer(LIMITS, encrypt);
        sealer.install(key);
        return sealer;
    }

    private static DatagramOpener opener(final SessionKey key)
    {
        final DatagramOpener opener = new DatagramOpener(LIMITS);
        assertTrue(opener.install(key));
        return opener;
    }
}
