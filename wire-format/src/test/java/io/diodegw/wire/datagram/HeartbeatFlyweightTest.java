package io.diodegw.wire.datagram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class HeartbeatFlyweightTest
{
    private final byte[] buffer = new byte[128];
    private final HeartbeatFlyweight heartbeat = new HeartbeatFlyweight();

    @Test
    void shouldReadBackEveryFieldWrittenAndClearTheReservedBytes()
    {
        final SplittableRandom random = new SplittableRandom(21);
        for (int round = 0; round < 1_000; round++)
        {
            random.nextBytes(buffer);
            final int offset = random.nextInt(buffer.length - HeartbeatFlyweight.BODY_LENGTH + 1);
            final long time = random.nextLong();
            final int mtu = random.nextInt(1 << 16);
            final int k = random.nextInt(256);
            final int m = random.nextInt(256);
            final int interleave = random.nextInt(256);
            final long fingerprint = random.nextLong();
            final long head = random.nextLong();
            final long next = random.nextLong();
            final long first = random.nextLong();
            assertEquals(HeartbeatFlyweight.BODY_LENGTH,
                heartbeat.wrap(buffer, offset).write(time, mtu, k, m, interleave, fingerprint, head, next, first));

            final HeartbeatFlyweight reader = new HeartbeatFlyweight().wrap(buffer, offset);
            assertEquals(time, reader.senderTimeMs());
            assertEquals(mtu, reader.mtuBytes());
            assertEquals(k, reader.sourceSymbols());
            assertEquals(m, reader.repairSymbols());
            assertEquals(interleave, reader.interleaveDepth());
            assertEquals(fingerprint, reader.linkFingerprint());
            assertEquals(head, reader.streamHeadSequence());
            assertEquals(next, reader.nextBlockSequence());
            assertEquals(first, reader.epochFirstSequence());
            for (int i = 0; i < HeartbeatFlyweight.RESERVED_LENGTH; i++)
            {
                assertEquals(0, buffer[offset + HeartbeatFlyweight.RESERVED_OFFSET + i]);
            }
            assertEquals(0, reader.mismatches(mtu, k, m, interleave, fingerprint));
        }
    }

    @Test
    void shouldNameEachMismatchingSettingByItsOwnBit()
    {
        heartbeat.wrap(buffer, 0).write(1, 1500, 32, 4, 8, 0x1234, 5, 6, 0);
        assertEquals(0, heartbeat.mismatches(1500, 32, 4, 8, 0x1234));
        assertEquals(HeartbeatFlyweight.MISMATCH_MTU_BYTES, heartbeat.mismatches(9000, 32, 4, 8, 0x1234));
        assertEquals(HeartbeatFlyweight.MISMATCH_SOURCE_SYMBOLS, heartbeat.mismatches(1500, 64, 4, 8, 0x1234));
        assertEquals(HeartbeatFlyweight.MISMATCH_REPAIR_SYMBOLS, heartbeat.mismatches(1500, 32, 8, 8, 0x1234));
        assertEquals(HeartbeatFlyweight.MISMATCH_INTERLEAVE_DEPTH, heartbeat.mismatches(1500, 32, 4, 1, 0x1234));
        assertEquals(HeartbeatFlyweight.MISMATCH_LINK_FINGERPRINT, heartbeat.mismatches(1500, 32, 4, 8, 0x1235));
        assertEquals(0x1F, heartbeat.mismatches(576, 1, 1, 1, 0));
        assertEquals("mtuBytes,fecRepairSymbols", HeartbeatFlyweight.describeMismatches(
            HeartbeatFlyweight.MISMATCH_MTU_BYTES | HeartbeatFlyweight.MISMATCH_REPAIR_SYMBOLS));
        assertEquals("mtuBytes,fecSourceSymbols,fecRepairSymbols,interleaveDepth,linkFingerprint",
            HeartbeatFlyweight.describeMismatches(0x1F));
        assertEquals("", HeartbeatFlyweight.describeMismatches(0));
    }

    @Test
    void shouldAcceptBodiesOfAtLeastTheFirstVersionsLengthAndReadTheEpochFirstSequenceOnlyWhereItIs()
    {
        assertFalse(HeartbeatFlyweight.isLengthValid(HeartbeatFlyweight.MIN_BODY_LENGTH - 1));
        assertFalse(HeartbeatFlyweight.isLengthValid(-1));
        assertTrue(HeartbeatFlyweight.isLengthValid(HeartbeatFlyweight.MIN_BODY_LENGTH));
        assertTrue(HeartbeatFlyweight.isLengthValid(HeartbeatFlyweight.BODY_LENGTH));
        assertTrue(HeartbeatFlyweight.isLengthValid(HeartbeatFlyweight.BODY_LENGTH + 100));
        assertFalse(HeartbeatFlyweight.hasEpochFirstSequence(HeartbeatFlyweight.MIN_BODY_LENGTH));
        assertFalse(HeartbeatFlyweight.hasEpochFirstSequence(HeartbeatFlyweight.BODY_LENGTH - 1));
        assertTrue(HeartbeatFlyweight.hasEpochFirstSequence(HeartbeatFlyweight.BODY_LENGTH));
    }
}
