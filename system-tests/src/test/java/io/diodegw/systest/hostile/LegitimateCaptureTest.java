package io.diodegw.systest.hostile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import io.diodegw.wire.datagram.DatagramHeaderFlyweight;
import io.diodegw.wire.datagram.KeyAnnouncementFlyweight;

class LegitimateCaptureTest
{
    private final LegitimateCapture capture = new LegitimateCapture();
    private final byte[] copy = new byte[LegitimateCapture.SLOT_BYTES];

    @Test
    void shouldKeepTheLatestSealedDatagramsAndNothingElse()
    {
        assertEquals(-1, capture.copyLatest(copy));
        capture.send(new byte[10], 0, 10);
        capture.send(new byte[100], 0, 100);
        assertEquals(0, capture.captured());
        final int total = LegitimateCapture.SLOTS + 10;
        for (int i = 0; i < total; i++)
        {
            final byte[] datagram = sealed(i);
            capture.send(datagram, 0, datagram.length);
        }
        assertEquals(total, capture.captured());
        final int length = capture.copyLatest(copy);
        assertArrayEquals(sealed(total - 1), Arrays.copyOf(copy, length));
        for (long draw = 0; draw < 2_000; draw++)
        {
            final int n = capture.copyRecent(draw, copy);
            final long counter = new DatagramHeaderFlyweight().wrap(copy, 0).packetCounter();
            assertTrue(counter >= total - LegitimateCapture.SLOTS && counter < total, "counter " + counter);
            assertArrayEquals(sealed((int)counter), Arrays.copyOf(copy, n));
        }
    }

    @Test
    void shouldNoteEachDistinctAnnouncedKeyAndTheKeyIdsItNames()
    {
        assertFalse(capture.hasAnnouncement());
        for (int repeat = 0; repeat < 3; repeat++)
        {
            for (int keyId = 1; keyId <= 2; keyId++)
            {
                final byte[] announcement = announcement(keyId);
                capture.send(announcement, 0, announcement.length);
            }
        }
        assertEquals(6, capture.announcements());
        assertEquals(2, capture.announcedKeys());
        assertEquals(0x1111L, capture.receiverKeyId());
        assertEquals(0x2222L, capture.trustedSenderKeyId());
        assertEquals(0, capture.captured());
    }

    private static byte[] sealed(final int counter)
    {
        final byte[] datagram = new byte[DatagramHeaderFlyweight.HEADER_LENGTH + 64 + DatagramHeaderFlyweight.TAG_LENGTH];
        new DatagramHeaderFlyweight().wrap(datagram, 0).writePreamble().type(DatagramHeaderFlyweight.TYPE_DATA_SYMBOL)
            .linkId(1).senderEpoch(9).keyId(1).symbolIndex(0).sourceSymbols(4).repairSymbols(1).blockSequence(counter)
            .packetCounter(counter);
        Arrays.fill(datagram, DatagramHeaderFlyweight.HEADER_LENGTH, datagram.length, (byte)counter);
        return datagram;
    }

    private static byte[] announcement(final int keyId)
    {
        final byte[] datagram = new byte[KeyAnnouncementFlyweight.DATAGRAM_LENGTH];
        new DatagramHeaderFlyweight().wrap(datagram, 0).writePreamble()
            .type(DatagramHeaderFlyweight.TYPE_KEY_ANNOUNCEMENT).linkId(1).senderEpoch(9).keyId(keyId);
        new KeyAnnouncementFlyweight().wrap(datagram, DatagramHeaderFlyweight.HEADER_LENGTH,
            KeyAnnouncementFlyweight.BODY_LENGTH).write(9, keyId, new byte[32], 0, 0x1111L, 0x2222L, 0, 1, 1);
        return datagram;
    }
}
