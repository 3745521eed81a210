package io.diodegw.wire.crypto;

import static io.diodegw.wire.crypto.EnvelopeTestData.EPOCH;
import static io.diodegw.wire.crypto.EnvelopeTestData.KEY_ID;
import static io.diodegw.wire.crypto.EnvelopeTestData.LIMITS;
import static io.diodegw.wire.crypto.EnvelopeTestData.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.diodegw.wire.datagram.DatagramHeaderFlyweight;

/**
 * Any single flipped bit anywhere in a sealed datagram (header, payload or tag) makes {@link DatagramOpener#open}
 * refuse it, in both modes; the unmodified datagram still opens afterwards, so the loop really tested a valid one.
 */
class DatagramBitFlipPropertyTest
{
    @Test
    void shouldRefuseEverySingleBitFlipOfAnEncryptedDatagram()
    {
        assertEveryBitFlipRefused(true, new int[] {0, 1, 57, 1416});
    }

    @Test
    void shouldRefuseEverySingleBitFlipOfAnIntegrityOnlyDatagram()
    {
        assertEveryBitFlipRefused(false, new int[] {0, 16, 333, 1416});
    }

    private static void assertEveryBitFlipRefused(final boolean encrypt, final int[] payloadLengths)
    {
        final SplittableRandom random = new SplittableRandom(encrypt ? 51 : 52);
        final DatagramSealer sealer = new DatagramSealer(LIMITS, encrypt);
        sealer.install(key(53, EPOCH, KEY_ID, 1L << 20));
        final DatagramOpener opener = new DatagramOpener(LIMITS);
        opener.install(key(53, EPOCH, KEY_ID, 1L << 20));

        int refusedByTag = 0;
        for (final int payloadLength : payloadLengths)
        {
            final byte[] sealed = EnvelopeTestData.sealDataSymbol(sealer, random, payloadLength);
            final byte[] trial = new byte[sealed.length];
            for (int bit = 0; bit < sealed.length * 8; bit++)
            {
                System.arraycopy(sealed, 0, trial, 0, sealed.length);
                trial[bit >>> 3] ^= (byte)(1 << (bit & 7));
                final int result = opener.open(trial, 0, trial.length);
                assertTrue(result < 0, "bit " + bit + " of a " + sealed.length + "-byte datagram: " +
                    DatagramOpener.describe(result));
                if (result == DatagramOpener.BAD_TAG)
                {
                    refusedByTag++;
                }
            }
            assertEquals(payloadLength, opener.open(sealed, 0, sealed.length));
        }
        final int payloadBits = (payloadLengths[0] + payloadLengths[1] + payloadLengths[2] + payloadLengths[3]) * 8;
        final int tagBits = 4 * DatagramHeaderFlyweight.TAG_LENGTH * 8;
        assertTrue(refusedByTag >= payloadBits + tagBits, "payload and tag flips must fail authentication: " + refusedByTag);
    }
}
