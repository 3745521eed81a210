package io.diodegw.wire.datagram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.diodegw.wire.crypto.DatagramSealer;
import io.diodegw.wire.crypto.SessionKey;

class MtuLimitsTest
{
    @Test
    void shouldDeriveDatagramSymbolAndPayloadSizesFromTheMtu()
    {
        assertLimits(576, 548, 488, 492);
        assertLimits(1500, 1472, 1416, 1416);
        assertLimits(9000, 8972, 8912, 8916);
        assertLimits(MtuLimits.MAX_MTU_BYTES, 65_507, 65_448, 65_451);
    }

    @Test
    void shouldAcceptTheSmallestMtuThatCarriesAKeyAnnouncement()
    {
        final int smallest = MtuLimits.MAX_CONTROL_DATAGRAM_BYTES + MtuLimits.IPV4_UDP_OVERHEAD_BYTES;
        assertEquals(220, smallest);
        assertEquals(192, MtuLimits.forMtu(smallest).maxDatagramBytes());
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> MtuLimits.forMtu(smallest - 1));
        assertTrue(ex.getMessage().contains("mtuBytes=219"), ex.getMessage());
    }

    @Test
    void shouldRefuseMtusTooSmallForASymbolOrTooLargeForIpv4()
    {
        assertThrows(IllegalArgumentException.class, () -> MtuLimits.forMtu(0));
        assertThrows(IllegalArgumentException.class, () -> MtuLimits.forMtu(-1));
        assertThrows(IllegalArgumentException.class, () -> MtuLimits.forMtu(147));
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> MtuLimits.forMtu(MtuLimits.MAX_MTU_BYTES + 1));
        assertEquals("mtuBytes=65536 > MAX=65535", ex.getMessage());
    }

    @Test
    void shouldNeverSealADatagramLargerThanTheMtuAllows()
    {
        final SplittableRandom random = new SplittableRandom(31);
        for (final int mtu : new int[] {220, 576, 1500, 9000})
        {
            final MtuLimits limits = MtuLimits.forMtu(mtu);
            for (final boolean encrypt : new boolean[] {true, false})
            {
                final DatagramSealer sealer = new DatagramSealer(limits, encrypt);
                final byte[] keyBytes = new byte[SessionKey.KEY_BYTES];
                random.nextBytes(keyBytes);
                sealer.install(SessionKey.of(1, 1, keyBytes, 0, 1_000, Long.MAX_VALUE));
                final byte[] buffer = new byte[mtu + 100];
                for (int payload = limits.maxPayloadBytes() - 2; payload <= limits.maxPayloadBytes() + 2; payload++)
                {
                    writeDataHeader(buffer);
                    final int length = sealer.seal(buffer, 0, payload);
                    if (payload <= limits.maxPayloadBytes())
                    {
                        assertEquals(DatagramHeaderFlyweight.HEADER_LENGTH + payload + DatagramHeaderFlyweight.TAG_LENGTH,
                            length);
                        assertTrue(length <= limits.maxDatagramBytes());
                        assertTrue(length + MtuLimits.IPV4_UDP_OVERHEAD_BYTES <= mtu);
                    }
                    else
                    {
                        assertEquals(DatagramSealer.TOO_LONG, length, "mtu " + mtu + " payload " + payload);
                    }
                }
                assertEquals(limits.maxDatagramBytes(), DatagramHeaderFlyweight.HEADER_LENGTH +
                    limits.maxPayloadBytes() + DatagramHeaderFlyweight.TAG_LENGTH);
            }
        }
    }

    private static void assertLimits(final int mtu, final int datagram, final int symbol, final int payload)
    {
        final MtuLimits limits = MtuLimits.forMtu(mtu);
        assertEquals(mtu, limits.mtuBytes());
        assertEquals(datagram, limits.maxDatagramBytes());
        assertEquals(symbol, limits.maxSymbolBytes());
        assertEquals(payload, limits.maxPayloadBytes());
        assertEquals(0, limits.maxSymbolBytes() % MtuLimits.SYMBOL_ALIGNMENT_BYTES);
        assertTrue(limits.maxSymbolBytes() <= limits.maxPayloadBytes());
        assertTrue(limits.maxDatagramBytes() >= MtuLimits.MAX_CONTROL_DATAGRAM_BYTES);
    }

    private static void writeDataHeader(final byte[] buffer)
    {
        new DatagramHeaderFlyweight().wrap(buffer, 0).type(DatagramHeaderFlyweight.TYPE_DATA_SYMBOL).linkId(1)
            .symbolIndex(0).sourceSymbols(1).repairSymbols(0).blockSequence(1);
    }
}
