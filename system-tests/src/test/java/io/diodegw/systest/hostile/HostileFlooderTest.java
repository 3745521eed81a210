package io.diodegw.systest.hostile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.diodegw.wire.crypto.DatagramOpener;
import io.diodegw.wire.crypto.DatagramSealer;
import io.diodegw.wire.crypto.KeyAnnouncementSigner;
import io.diodegw.wire.crypto.KeyAnnouncementVerifier;
import io.diodegw.wire.crypto.SessionKey;
import io.diodegw.wire.crypto.TrustedSenderKeys;
import io.diodegw.wire.datagram.DatagramHeaderFlyweight;
import io.diodegw.wire.datagram.KeyAnnouncementFlyweight;
import io.diodegw.wire.datagram.MtuLimits;

/**
 * The flooder against the real wire-format opener and verifier, set up as the receiver is: a legitimate stream of
 * sealed datagrams is captured and opened first, then each kind of flood datagram must be refused for its reason.
 */
class HostileFlooderTest
{
    private static final int LINK_ID = 7;
    private static final long EPOCH = 0x1234_5678_9ABCL;
    private static final int LEGIT_DATAGRAMS = 300;
    private static final int PER_KIND = 400;
    private static final int K = 16;
    private static final int M = 4;

    private final MtuLimits limits = MtuLimits.forMtu(1500);
    private final SecureRandom keys = new SecureRandom(new byte[] {1, 2, 3});
    private final LegitimateCapture capture = new LegitimateCapture();
    private DatagramOpener opener;
    private KeyAnnouncementVerifier verifier;
    private DatagramChannel receiver;

    @BeforeEach
    void legitimateStream() throws IOException
    {
        final Ed25519PrivateKeyParameters identity = new Ed25519PrivateKeyParameters(keys);
        final X25519PrivateKeyParameters receiverKey = new X25519PrivateKeyParameters(keys);
        final KeyAnnouncementSigner signer = new KeyAnnouncementSigner(LINK_ID, identity,
            receiverKey.generatePublicKey(), keys);
        verifier = new KeyAnnouncementVerifier(limits, LINK_ID, receiverKey,
            new TrustedSenderKeys(List.of(identity.generatePublicKey())), 60_000);
        opener = new DatagramOpener(limits);
        final long nowMs = System.currentTimeMillis();
        final byte[] announcement = new byte[KeyAnnouncementFlyweight.DATAGRAM_LENGTH];
        final SessionKey senderKey = signer.sign(announcement, 0, EPOCH, 1, nowMs - 1_000, nowMs + 600_000, 1L << 30);
        capture.send(announcement, 0, announcement.length);
        assertEquals(KeyAnnouncementVerifier.OK, verifier.verify(announcement, 0, announcement.length, nowMs));
        assertTrue(opener.install(verifier.takeSessionKey()));

        final DatagramSealer sealer = new DatagramSealer(limits, true);
        sealer.install(senderKey);
        final byte[] datagram = new byte[limits.maxDatagramBytes()];
        for (int i = 0; i < LEGIT_DATAGRAMS; i++)
        {
            final DatagramHeaderFlyweight header = new DatagramHeaderFlyweight().wrap(datagram, 0);
            final int payload;
            if (i % 25 == 24)
            {
                header.type(DatagramHeaderFlyweight.TYPE_HEARTBEAT).symbolIndex(0).sourceSymbols(0).repairSymbols(0);
                payload = 48;
            }
            else
            {
                final int index = i % (K + M);
                header.type(index < K ? DatagramHeaderFlyweight.TYPE_DATA_SYMBOL
                    : DatagramHeaderFlyweight.TYPE_REPAIR_SYMBOL).symbolIndex(index).sourceSymbols(K).repairSymbols(M);
                payload = limits.maxSymbolBytes();
            }
            header.linkId(LINK_ID).blockSequence(i / (K + M));
            final int length = sealer.seal(datagram, 0, payload);
            assertTrue(length > 0, DatagramSealer.describe(length));
            capture.send(datagram, 0, length);
            assertTrue(opener.open(datagram.clone(), 0, length) >= 0);
        }
        receiver = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @AfterEach
    void close() throws IOException
    {
        receiver.close();
    }

    @Test
    void shouldMakeForgedDatagramsFailAuthenticationOnly()
    {
        assertEquals(Map.of("BAD_TAG", PER_KIND), refusals(FloodKind.FORGED));
    }

    @Test
    void shouldMakeReplaysHitTheReplayWindow()
    {
        assertEquals(Map.of("DUPLICATE", PER_KIND), refusals(FloodKind.REPLAY));
    }

    @Test
    void shouldMakeOversizedWrongVersionAndRandomDatagramsFailTheHeaderCheck()
    {
        for (final FloodKind kind : List.of(FloodKind.OVERSIZED, FloodKind.WRONG_VERSION, FloodKind.RANDOM))
        {
            assertEquals(Map.of("BAD_HEADER", PER_KIND), refusals(kind), kind.label());
        }
    }

    @Test
    void shouldCutTruncatedDatagramsAnywhereSoThatTheHeaderOrTheReplayWindowRefusesThem()
    {
        final Map<String, Integer> refused = refusals(FloodKind.TRUNCATED);
        assertEquals(Set.of("BAD_HEADER", "DUPLICATE"), refused.keySet());
        assertEquals(PER_KIND, refused.get("BAD_HEADER") + refused.get("DUPLICATE"));
    }

    @Test
    void shouldSignForgedAnnouncementsWithAnUntrustedKeyAndSometimesClaimTheTrustedKeyId()
    {
        final Map<String, Integer> refused = refusals(FloodKind.FORGED_ANNOUNCEMENT);
        assertEquals(Set.of("announcement:UNKNOWN_SENDER", "announcement:BAD_SIGNATURE"), refused.keySet());
        assertEquals(PER_KIND, refused.values().stream().mapToInt(Integer::intValue).sum());
        assertEquals(1, opener.keyCount());
    }

    @Test
    void shouldSendTheSameDatagramsForTheSameSeedAndCapture() throws IOException
    {
        final FloodMix clockFree = FloodMix.parse("forged=1,replay=1,truncated=1,oversized=1,version=1,random=1");
        final byte[][] first = sendAndReceive(clockFree, 60, 99);
        final byte[][] second = sendAndReceive(clockFree, 60, 99);
        for (int i = 0; i < first.length; i++)
        {
            assertArrayEquals(first[i], second[i], "datagram " + i);
        }
    }

    @Test
    void shouldSkipKindsThatNeedCapturedTrafficBeforeAnyWasCaptured() throws IOException
    {
        try (HostileFlooder flooder = new HostileFlooder((InetSocketAddress)receiver.getLocalAddress(), 1_000,
            FloodMix.parse("replay=1,random=1"), 5, LINK_ID, limits.maxDatagramBytes(), new LegitimateCapture()))
        {
            for (int i = 0; i < 100; i++)
            {
                flooder.sendOne();
            }
            assertEquals(100, flooder.skipped(FloodKind.REPLAY) + flooder.sent(FloodKind.RANDOM));
            assertEquals(0, flooder.sent(FloodKind.REPLAY));
            assertTrue(flooder.sent(FloodKind.RANDOM) > 0);
        }
    }

    private Map<String, Integer> refusals(final FloodKind kind)
    {
        final Map<String, Integer> refused = new TreeMap<>();
        final byte[][] datagrams;
        final long headerInvalid;
        try (HostileFlooder flooder = new HostileFlooder((InetSocketAddress)receiver.getLocalAddress(), 1_000,
            FloodMix.parse(kind.label() + "=1"), 42, LINK_ID, limits.maxDatagramBytes(), capture))
        {
            datagrams = new byte[PER_KIND][];
            final ByteBuffer in = ByteBuffer.allocate(1 << 16);
            for (int i = 0; i < PER_KIND; i++)
            {
                flooder.sendOne();
                in.clear();
                receiver.receive(in);
                datagrams[i] = java.util.Arrays.copyOf(in.array(), in.position());
            }
            assertEquals(PER_KIND, flooder.sent(kind));
            headerInvalid = flooder.headerInvalid(kind);
        }
        catch (final IOException ex)
        {
            throw new AssertionError(ex);
        }
        long badHeader = 0;
        for (final byte[] datagram : datagrams)
        {
            final int result = opener.open(datagram, 0, datagram.length);
            assertTrue(result < 0, kind + " datagram accepted");
            final String reason;
            if (result == DatagramOpener.NOT_SEALED)
            {
                final int verified = verifier.verify(datagram, 0, datagram.length, System.currentTimeMillis());
                assertTrue(verified < 0, kind + " announcement verified");
                reason = "announcement:" + KeyAnnouncementVerifier.describe(verified);
            }
            else
            {
                reason = DatagramOpener.describe(result);
                badHeader += result == DatagramOpener.BAD_HEADER ? 1 : 0;
            }
            refused.merge(reason, 1, Integer::sum);
        }
        assertEquals(badHeader, headerInvalid, "the flooder's own header check agrees with the opener");
        return refused;
    }

    private byte[][] sendAndReceive(final FloodMix mix, final int count, final long seed) throws IOException
    {
        final byte[][] datagrams = new byte[count][];
        try (HostileFlooder flooder = new HostileFlooder((InetSocketAddress)receiver.getLocalAddress(), 1_000, mix,
            seed, LINK_ID, limits.maxDatagramBytes(), capture))
        {
            final ByteBuffer in = ByteBuffer.allocate(1 << 16);
            for (int i = 0; i < count; i++)
            {
                flooder.sendOne();
                in.clear();
                receiver.receive(in);
                datagrams[i] = java.util.Arrays.copyOf(in.array(), in.position());
            }
        }
        return datagrams;
    }
}
