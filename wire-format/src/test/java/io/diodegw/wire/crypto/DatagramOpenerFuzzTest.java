package io.diodegw.wire.crypto;

import static io.diodegw.wire.crypto.EnvelopeTestData.EPOCH;
import static io.diodegw.wire.crypto.EnvelopeTestData.KEY_ID;
import static io.diodegw.wire.crypto.EnvelopeTestData.LIMITS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Arbitrary bytes opened by a receiver holding two keys (one for encrypted, one for integrity-only datagrams): open
 * never throws, and accepts nothing but the datagrams {@link #validDatagrams()} sealed under those keys, whose
 * payloads it then returns intact. The seed corpus holds each valid datagram.
 */
class DatagramOpenerFuzzTest
{
    static final int PACKET_LIMIT = 1_000;
    private static final byte[][] VALID = validDatagrams();
    private static final byte[][] PAYLOADS = payloads();

    @FuzzTest(maxDuration = "60s")
    void openArbitraryBytes(final byte[] data)
    {
        final DatagramOpener opener = new DatagramOpener(LIMITS);
        opener.install(EnvelopeTestData.key(1, EPOCH, KEY_ID, PACKET_LIMIT));
        opener.install(EnvelopeTestData.key(2, EPOCH, KEY_ID + 1, PACKET_LIMIT));
        final byte[] buffer = data.clone();
        final int result = opener.open(buffer, 0, buffer.length);
        if (result < 0)
        {
            return;
        }
        int match = -1;
        for (int i = 0; i < VALID.length; i++)
        {
            if (Arrays.equals(VALID[i], data))
            {
                match = i;
            }
        }
        assertTrue(match >= 0, "accepted bytes that were never sealed: " + Arrays.toString(data));
        assertArrayEquals(PAYLOADS[match], Arrays.copyOfRange(buffer, 40, 40 + result));
    }

    /** The encrypted then the integrity-only datagrams the fuzz keys sealed; deterministic. */
    static byte[][] validDatagrams()
    {
        final DatagramSealer encrypted = new DatagramSealer(LIMITS, true);
        encrypted.install(EnvelopeTestData.key(1, EPOCH, KEY_ID, PACKET_LIMIT));
        final DatagramSealer integrityOnly = new DatagramSealer(LIMITS, false);
        integrityOnly.install(EnvelopeTestData.key(2, EPOCH, KEY_ID + 1, PACKET_LIMIT));
        final SplittableRandom random = new SplittableRandom(101);
        return new byte[][] {
            EnvelopeTestData.sealDataSymbol(encrypted, random, 48),
            EnvelopeTestData.sealDataSymbol(encrypted, random, 1416),
            EnvelopeTestData.sealDataSymbol(integrityOnly, random, 48),
            EnvelopeTestData.sealDataSymbol(integrityOnly, random, 300)};
    }

    private static byte[][] payloads()
    {
        final SplittableRandom random = new SplittableRandom(101);
        final int[] lengths = {48, 1416, 48, 300};
        final byte[][] payloads = new byte[lengths.length][];
        for (int i = 0; i < lengths.length; i++)
        {
            random.nextLong();
            payloads[i] = new byte[lengths[i]];
            for (int j = 0; j < lengths[i]; j++)
            {
                payloads[i][j] = (byte)random.nextInt();
            }
        }
        return payloads;
    }
}
