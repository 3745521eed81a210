package io.diodegw.receiver.link;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.SecureRandom;
import java.util.List;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.junit.jupiter.api.Test;

import io.diodegw.wire.crypto.DatagramOpener;
import io.diodegw.wire.crypto.KeyAnnouncementSigner;
import io.diodegw.wire.crypto.KeyAnnouncementVerifier;
import io.diodegw.wire.crypto.TrustedSenderKeys;
import io.diodegw.wire.datagram.KeyAnnouncementFlyweight;
import io.diodegw.wire.datagram.MtuLimits;

/**
 * The announcement handler with real keys and an explicit clock: signature checks are limited to the budget per
 * second, what is beyond it is dropped unchecked, and the budget comes back with time (and after the clock steps
 * back), so a trusted announcement is installed once a flood of forged ones has spent only its own share.
 */
class SignedAnnouncementHandlerTest
{
    private static final int LINK_ID = 9;
    private static final int PER_SEC = 5;
    private static final long NOW_MS = 1_790_000_000_000L;
    private static final long EPOCH = 42;
    private static final MtuLimits LIMITS = MtuLimits.forMtu(1500);

    private final SecureRandom random = new SecureRandom(new byte[] {7});
    private final X25519PrivateKeyParameters receiverKey = new X25519PrivateKeyParameters(random);
    private final Ed25519PrivateKeyParameters trusted = new Ed25519PrivateKeyParameters(random);
    private final Ed25519PrivateKeyParameters forger = new Ed25519PrivateKeyParameters(random);
    private final DatagramOpener opener = new DatagramOpener(LIMITS);
    private final SignedAnnouncementHandler handler = new SignedAnnouncementHandler(new KeyAnnouncementVerifier(LIMITS,
        LINK_ID, receiverKey, new TrustedSenderKeys(List.of(trusted.generatePublicKey())), 60_000), PER_SEC);

    @Test
    void shouldCheckAtMostTheBudgetPerSecondAndInstallATrustedKeyWhenTheBudgetComesBack()
    {
        final byte[] forged = announcement(forger, 1);
        final byte[] real = announcement(trusted, 2);
        for (int i = 0; i < PER_SEC; i++)
        {
            assertEquals(KeyAnnouncementVerifier.UNKNOWN_SENDER, onAnnouncement(forged, NOW_MS));
        }
        assertEquals(AnnouncementHandler.RATE_LIMITED, onAnnouncement(forged, NOW_MS));
        assertEquals(AnnouncementHandler.RATE_LIMITED, onAnnouncement(real, NOW_MS + 100), "a fifth of a check only");
        assertEquals(AnnouncementHandler.INSTALLED, onAnnouncement(real, NOW_MS + 200), "one check refilled");
        assertEquals(AnnouncementHandler.REPEAT, onAnnouncement(real, NOW_MS + 200), "repeats cost nothing");
        assertEquals(AnnouncementHandler.RATE_LIMITED, onAnnouncement(forged, NOW_MS + 200));
        assertEquals(PER_SEC, handler.refused());

        for (int i = 0; i < PER_SEC; i++)
        {
            assertEquals(KeyAnnouncementVerifier.UNKNOWN_SENDER, onAnnouncement(forged, NOW_MS + 1_200));
        }
        assertEquals(AnnouncementHandler.RATE_LIMITED, onAnnouncement(forged, NOW_MS + 1_200));
        assertEquals(KeyAnnouncementVerifier.UNKNOWN_SENDER, onAnnouncement(forged, NOW_MS - 60_000),
            "a clock stepped back refills the budget instead of stalling it");
    }

    private int onAnnouncement(final byte[] datagram, final long nowMs)
    {
        return handler.onAnnouncement(datagram, 0, datagram.length, opener, nowMs);
    }

    private byte[] announcement(final Ed25519PrivateKeyParameters identity, final int keyId)
    {
        final byte[] datagram = new byte[KeyAnnouncementFlyweight.DATAGRAM_LENGTH];
        new KeyAnnouncementSigner(LINK_ID, identity, receiverKey.generatePublicKey(), random)
            .sign(datagram, 0, EPOCH, keyId, NOW_MS - 120_000, NOW_MS + 3_600_000, 1L << 32).destroy();
        return datagram;
    }
}
