package io.diodegw.wire.crypto;

import static io.diodegw.wire.crypto.EnvelopeTestData.NOW_MS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Arbitrary bytes given to a receiver's {@link KeyAnnouncementVerifier}: verify never throws, returns a documented
 * code, and accepts only the one announcement the trusted sender signed ({@link EnvelopeTestData#validAnnouncement()},
 * also in the seed corpus), deriving the key the sender derived.
 */
class KeyAnnouncementFuzzTest
{
    private static final byte[] VALID = EnvelopeTestData.validAnnouncement();
    private static final SessionKey EXPECTED = expectedKey();

    private final KeyAnnouncementVerifier verifier =
        EnvelopeTestData.verifier(EnvelopeTestData.receiverKey(2), EnvelopeTestData.senderIdentity(1));

    @FuzzTest(maxDuration = "60s")
    void verifyArbitraryBytes(final byte[] data)
    {
        final byte[] copy = data.clone();
        final int code = verifier.verify(data, 0, data.length, NOW_MS);
        assertArrayEquals(copy, data, "verify must not modify the datagram");
        assertTrue(code <= KeyAnnouncementVerifier.OK && code > KeyAnnouncementVerifier.DESTROYED, "code " + code);
        if (code != KeyAnnouncementVerifier.OK)
        {
            assertNull(verifier.takeSessionKey());
            return;
        }
        assertArrayEquals(VALID, data, "accepted an announcement the trusted sender never signed");
        final SessionKey key = verifier.takeSessionKey();
        assertTrue(EXPECTED.sameKeyAs(key));
        assertEquals(EXPECTED.packetLimit(), key.packetLimit());
    }

    private static SessionKey expectedKey()
    {
        final byte[] datagram = new byte[VALID.length];
        return EnvelopeTestData.signer(EnvelopeTestData.senderIdentity(1), EnvelopeTestData.receiverKey(2), 3)
            .sign(datagram, 0, EnvelopeTestData.EPOCH, EnvelopeTestData.KEY_ID, EnvelopeTestData.NOT_BEFORE_MS,
                EnvelopeTestData.EXPIRES_AT_MS, EnvelopeTestData.PACKET_LIMIT);
    }
}
