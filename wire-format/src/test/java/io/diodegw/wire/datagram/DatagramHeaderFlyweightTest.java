package io.diodegw.wire.datagram;

import static io.diodegw.wire.datagram.DatagramHeaderFlyweight.HEADER_LENGTH;
import static io.diodegw.wire.datagram.DatagramHeaderFlyweight.TAG_LENGTH;
import static io.diodegw.wire.datagram.DatagramHeaderFlyweight.TYPE_DATA_SYMBOL;
import static io.diodegw.wire.datagram.DatagramHeaderFlyweight.TYPE_HEARTBEAT;
import static io.diodegw.wire.datagram.DatagramHeaderFlyweight.TYPE_KEY_ANNOUNCEMENT;
import static io.diodegw.wire.datagram.DatagramHeaderFlyweight.TYPE_REPAIR_SYMBOL;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class DatagramHeaderFlyweightTest
{
    private static final int MAX = 1472;
    private static final int OFFSET = 5;

    private final byte[] buffer = new byte[OFFSET + MAX];
    private final DatagramHeaderFlyweight header = new DatagramHeaderFlyweight();

    @Test
    void shouldReadBackEveryFieldWrittenAtAnyOffset()
    {
        final SplittableRandom random = new SplittableRandom(11);
        for (int round = 0; round < 1_000; round++)
        {
            final int offset = random.nextInt(OFFSET + 1);
            final int type = 1 + random.nextInt(4);
            final int flags = random.nextInt(256);
            final int reserved = random.nextInt(256);
            final int linkId = random.nextInt(1 << 16);
            final long epoch = random.nextLong();
            final int keyId = random.nextInt();
            final int index = random.nextInt(1 << 16);
            final int k = random.nextInt(256);
            final int m = random.nextInt(256);
            final long block = random.nextLong();
            final long counter = random.nextLong();
            header.wrap(buffer, offset).writePreamble().type(type).flags(flags).reserved(reserved).linkId(linkId)
                .senderEpoch(epoch).keyId(keyId).symbolIndex(index).sourceSymbols(k).repairSymbols(m)
                .blockSequence(block).packetCounter(counter);

            final DatagramHeaderFlyweight reader = new DatagramHeaderFlyweight().wrap(buffer, offset);
            assertEquals(DatagramHeaderFlyweight.MAGIC, reader.magic());
            assertEquals(DatagramHeaderFlyweight.PROTOCOL_VERSION, reader.version());
            assertEquals(type, reader.type());
            assertEquals(flags, reader.flags());
            assertEquals((flags & 1) != 0, reader.isEncrypted());
            assertEquals(reserved, reader.reserved());
            assertEquals(linkId, reader.linkId());
            assertEquals(epoch, reader.senderEpoch());
            assertEquals(keyId, reader.keyId());
            assertEquals(index, reader.symbolIndex());
            assertEquals(k, reader.sourceSymbols());
            assertEquals(m, reader.repairSymbols());
            assertEquals(block, reader.blockSequence());
            assertEquals(counter, reader.packetCounter());
            assertEquals(offset, reader.offset());
        }
    }

    @Test
    void shouldLayOutTheHeaderLittleEndianAsTheDiagramShows()
    {
        header.wrap(buffer, 0).writePreamble().type(TYPE_REPAIR_SYMBOL).flags(1).linkId(0x0102)
            .senderEpoch(0x0807060504030201L).keyId(0x0C0B0A09).symbolIndex(0x0E0D).sourceSymbols(0x0F)
            .repairSymbols(0x10).blockSequence(0x1817161514131211L).packetCounter(0x201F1E1D1C1B1A19L);
        final byte[] expected = {
            0x0D, (byte)0xD1, 1, 2, 1, 0, 0x02, 0x01,
            1, 2, 3, 4, 5, 6, 7, 8,
            9, 10, 11, 12, 0x0D, 0x0E, 0x0F, 0x10,
            0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18,
            0x19, 0x1A, 0x1B, 0x1C, 0x1D, 0x1E, 0x1F, 0x20};
        final byte[] actual = new byte[HEADER_LENGTH];
        System.arraycopy(buffer, 0, actual, 0, HEADER_LENGTH);
        assertArrayEquals(expected, actual);
    }

    @Test
    void shouldAcceptWellFormedDatagramsOfEveryType()
    {
        assertEquals(HeaderStatus.OK, validate(dataSymbol(), HEADER_LENGTH + TAG_LENGTH));
        assertEquals(HeaderStatus.OK, validate(dataSymbol(), MAX));
        assertEquals(HeaderStatus.OK, validate(control(TYPE_HEARTBEAT).flags(1), HEADER_LENGTH + TAG_LENGTH));
        assertEquals(HeaderStatus.OK, validate(control(TYPE_KEY_ANNOUNCEMENT), HEADER_LENGTH));
        assertEquals(HeaderStatus.OK, validate(repair(10, 2, 10), MAX));
        assertEquals(HeaderStatus.OK, validate(repair(255, 255, 509), MAX));
        assertEquals(HeaderStatus.OK, validate(dataSymbol().reserved(0xFF), MAX), "reserved byte is ignored");
    }

    @Test
    void shouldRefuseDatagramsShorterThanTheHeaderOrHeaderAndTag()
    {
        assertEquals(HeaderStatus.TOO_SHORT, validate(dataSymbol(), 0));
        assertEquals(HeaderStatus.TOO_SHORT, validate(control(TYPE_KEY_ANNOUNCEMENT), HEADER_LENGTH - 1));
        assertEquals(HeaderStatus.TOO_SHORT, validate(dataSymbol(), HEADER_LENGTH + TAG_LENGTH - 1));
        assertEquals(HeaderStatus.TOO_SHORT, validate(repair(4, 1, 4), HEADER_LENGTH));
        assertEquals(HeaderStatus.TOO_SHORT, validate(control(TYPE_HEARTBEAT), HEADER_LENGTH + TAG_LENGTH - 1));
        assertEquals(HeaderStatus.TOO_SHORT, DatagramHeaderFlyweight.validate(new byte[0], 0, 0, MAX));
    }

    @Test
    void shouldRefuseDatagramsLongerThanTheMaximum()
    {
        assertEquals(HeaderStatus.TOO_LONG, validate(dataSymbol(), MAX + 1));
        assertEquals(HeaderStatus.TOO_LONG, DatagramHeaderFlyweight.validate(buffer, 0, 100, 99));
    }

    @Test
    void shouldRefuseAWrongMagicInEitherByte()
    {
        dataSymbol();
        buffer[0] ^= 1;
        assertEquals(HeaderStatus.BAD_MAGIC, DatagramHeaderFlyweight.validate(buffer, 0, MAX, MAX));
        buffer[0] ^= 1;
        buffer[1] ^= (byte)0x80;
        assertEquals(HeaderStatus.BAD_MAGIC, DatagramHeaderFlyweight.validate(buffer, 0, MAX, MAX));
    }

    @Test
    void shouldRefuseEveryOtherProtocolVersion()
    {
        for (int version = 0; version < 256; version++)
        {
            final HeaderStatus expected = version == 1 ? HeaderStatus.OK : HeaderStatus.UNSUPPORTED_VERSION;
            assertEquals(expected, validate(dataSymbol().version(version), MAX), "version " + version);
        }
    }

    @Test
    void shouldRefuseEveryUnknownType()
    {
        for (int type = 0; type < 256; type++)
        {
            if (type < TYPE_DATA_SYMBOL || type > TYPE_HEARTBEAT)
            {
                assertEquals(HeaderStatus.UNKNOWN_TYPE, validate(control(TYPE_HEARTBEAT).type(type), MAX), "type " + type);
            }
        }
    }

    @Test
    void shouldRefuseUnknownFlagBitsAndEncryptedKeyAnnouncements()
    {
        for (int bit = 1; bit < 8; bit++)
        {
            assertEquals(HeaderStatus.BAD_FLAGS, validate(dataSymbol().flags(1 | 1 << bit), MAX), "bit " + bit);
        }
        assertEquals(HeaderStatus.BAD_FLAGS, validate(control(TYPE_KEY_ANNOUNCEMENT).flags(1), MAX));
        assertEquals(HeaderStatus.OK, validate(dataSymbol().flags(0), MAX));
    }

    @Test
    void shouldRefuseGeometryThatContradictsTheType()
    {
        assertEquals(HeaderStatus.BAD_GEOMETRY, validate(dataSymbol().sourceSymbols(0).symbolIndex(0), MAX));
        assertEquals(HeaderStatus.BAD_GEOMETRY, validate(dataSymbol().sourceSymbols(8).symbolIndex(8), MAX));
        assertEquals(HeaderStatus.BAD_GEOMETRY, validate(repair(0, 1, 0), MAX));
        assertEquals(HeaderStatus.BAD_GEOMETRY, validate(repair(8, 0, 8), MAX));
        assertEquals(HeaderStatus.BAD_GEOMETRY, validate(repair(8, 2, 7), MAX));
        assertEquals(HeaderStatus.BAD_GEOMETRY, validate(repair(8, 2, 10), MAX));
        for (final int type : new int[] {TYPE_HEARTBEAT, TYPE_KEY_ANNOUNCEMENT})
        {
            assertEquals(HeaderStatus.BAD_GEOMETRY, validate(control(type).sourceSymbols(1), MAX));
            assertEquals(HeaderStatus.BAD_GEOMETRY, validate(control(type).repairSymbols(1), MAX));
            assertEquals(HeaderStatus.BAD_GEOMETRY, validate(control(type).symbolIndex(1), MAX));
        }
    }

    @Test
    void shouldReportOnlySealedTypesAsCarryingATag()
    {
        assertTrue(DatagramHeaderFlyweight.isSealedType(TYPE_DATA_SYMBOL));
        assertTrue(DatagramHeaderFlyweight.isSealedType(TYPE_REPAIR_SYMBOL));
        assertTrue(DatagramHeaderFlyweight.isSealedType(TYPE_HEARTBEAT));
        assertFalse(DatagramHeaderFlyweight.isSealedType(TYPE_KEY_ANNOUNCEMENT));
        assertFalse(DatagramHeaderFlyweight.isSealedType(0));
        assertFalse(DatagramHeaderFlyweight.isSealedType(5));
    }

    private HeaderStatus validate(final DatagramHeaderFlyweight written, final int length)
    {
        return DatagramHeaderFlyweight.validate(written.buffer(), written.offset(), length, MAX);
    }

    private DatagramHeaderFlyweight dataSymbol()
    {
        return header.wrap(buffer, OFFSET).writePreamble().type(TYPE_DATA_SYMBOL).flags(1).linkId(3).senderEpoch(4)
            .keyId(5).symbolIndex(7).sourceSymbols(32).repairSymbols(4).blockSequence(9).packetCounter(10);
    }

    private DatagramHeaderFlyweight repair(final int k, final int m, final int index)
    {
        return dataSymbol().type(TYPE_REPAIR_SYMBOL).sourceSymbols(k).repairSymbols(m).symbolIndex(index);
    }

    private DatagramHeaderFlyweight control(final int type)
    {
        return dataSymbol().type(type).flags(0).symbolIndex(0).sourceSymbols(0).repairSymbols(0);
    }
}
