package io.diodegw.wire.datagram;

import static io.diodegw.wire.datagram.DatagramHeaderFlyweight.HEADER_LENGTH;
import static io.diodegw.wire.datagram.DatagramHeaderFlyweight.TAG_LENGTH;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Arbitrary bytes as a received datagram: {@link DatagramHeaderFlyweight#validate} never throws, and what it accepts
 * obeys every rule it documents; an accepted heartbeat or key announcement body reads without failure, and a
 * heartbeat re-written from the values read is byte-identical (reserved bytes aside).
 */
class DatagramHeaderFuzzTest
{
    private static final MtuLimits LIMITS = MtuLimits.forMtu(MtuLimits.DEFAULT_MTU_BYTES);

    private final DatagramHeaderFlyweight header = new DatagramHeaderFlyweight();
    private final HeartbeatFlyweight heartbeat = new HeartbeatFlyweight();
    private final HeartbeatFlyweight rewritten = new HeartbeatFlyweight();
    private final KeyAnnouncementFlyweight announcement = new KeyAnnouncementFlyweight();
    private final byte[] scratch = new byte[HeartbeatFlyweight.BODY_LENGTH];

    @FuzzTest(maxDuration = "60s")
    void validateArbitraryBytes(final byte[] data)
    {
        final HeaderStatus status = DatagramHeaderFlyweight.validate(data, 0, data.length, LIMITS.maxDatagramBytes());
        if (status != HeaderStatus.OK)
        {
            return;
        }
        assertTrue(data.length >= HEADER_LENGTH && data.length <= LIMITS.maxDatagramBytes());
        header.wrap(data, 0);
        assertEquals(DatagramHeaderFlyweight.MAGIC, header.magic());
        assertEquals(DatagramHeaderFlyweight.PROTOCOL_VERSION, header.version());
        assertEquals(0, header.flags() & ~DatagramHeaderFlyweight.KNOWN_FLAGS);
        final int type = header.type();
        final int index = header.symbolIndex();
        final int k = header.sourceSymbols();
        final int m = header.repairSymbols();
        switch (type)
        {
            case DatagramHeaderFlyweight.TYPE_DATA_SYMBOL:
                assertTrue(k >= 1 && index < k);
                break;
            case DatagramHeaderFlyweight.TYPE_REPAIR_SYMBOL:
                assertTrue(k >= 1 && m >= 1 && index >= k && index < k + m);
                break;
            case DatagramHeaderFlyweight.TYPE_HEARTBEAT:
            case DatagramHeaderFlyweight.TYPE_KEY_ANNOUNCEMENT:
                assertTrue(k == 0 && m == 0 && index == 0);
                break;
            default:
                throw new AssertionError("accepted type " + type);
        }
        if (DatagramHeaderFlyweight.isSealedType(type))
        {
            assertTrue(data.length >= HEADER_LENGTH + TAG_LENGTH);
        }
        else
        {
            assertTrue(!header.isEncrypted());
        }
        if (type == DatagramHeaderFlyweight.TYPE_HEARTBEAT &&
            HeartbeatFlyweight.isLengthValid(data.length - HEADER_LENGTH - TAG_LENGTH))
        {
            checkHeartbeat(data);
        }
        if (type == DatagramHeaderFlyweight.TYPE_KEY_ANNOUNCEMENT &&
            KeyAnnouncementFlyweight.isLengthValid(data.length - HEADER_LENGTH))
        {
            announcement.wrap(data, HEADER_LENGTH, data.length - HEADER_LENGTH);
            final long sum = announcement.senderEpoch() + announcement.keyId() + announcement.receiverKeyId() +
                announcement.senderKeyId() + announcement.notBeforeMs() + announcement.expiresAtMs() +
                announcement.packetLimit() + announcement.reserved();
            assertEquals(data.length - KeyAnnouncementFlyweight.SIGNATURE_LENGTH, announcement.signatureIndex(),
                "sum " + sum);
            assertTrue(announcement.ephemeralPublicKeyIndex() + KeyAnnouncementFlyweight.EPHEMERAL_PUBLIC_KEY_LENGTH <=
                announcement.signatureIndex());
        }
    }

    private void checkHeartbeat(final byte[] data)
    {
        heartbeat.wrap(data, HEADER_LENGTH);
        rewritten.wrap(scratch, 0).write(heartbeat.senderTimeMs(), heartbeat.mtuBytes(), heartbeat.sourceSymbols(),
            heartbeat.repairSymbols(), heartbeat.interleaveDepth(), heartbeat.linkFingerprint(),
            heartbeat.streamHeadSequence(), heartbeat.nextBlockSequence(), heartbeat.epochFirstSequence());
        final byte[] original = Arrays.copyOfRange(data, HEADER_LENGTH, HEADER_LENGTH + HeartbeatFlyweight.BODY_LENGTH);
        Arrays.fill(original, HeartbeatFlyweight.RESERVED_OFFSET,
            HeartbeatFlyweight.RESERVED_OFFSET + HeartbeatFlyweight.RESERVED_LENGTH, (byte)0);
        assertArrayEquals(original, scratch);
        assertEquals(0, heartbeat.mismatches(heartbeat.mtuBytes(), heartbeat.sourceSymbols(), heartbeat.repairSymbols(),
            heartbeat.interleaveDepth(), heartbeat.linkFingerprint()));
    }
}
