package io.diodegw.sender.replicator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.diodegw.config.Config;
import io.diodegw.config.ConfigLoader;
import io.diodegw.config.Side;
import io.diodegw.sender.SenderMain;
import io.diodegw.sender.journal.JournalOptions;
import io.diodegw.sender.journal.OtJournal;
import io.diodegw.sender.pkcs11.Pkcs11Exception;
import io.diodegw.sender.pkcs11.Pkcs11IdentitySigner;
import io.diodegw.sender.pkcs11.Pkcs11KeygenCommand;
import io.diodegw.sender.pkcs11.SoftHsm;
import io.diodegw.wire.crypto.KeyAnnouncementVerifier;
import io.diodegw.wire.crypto.KeyFiles;
import io.diodegw.wire.crypto.KeygenCommand;
import io.diodegw.wire.crypto.TrustedSenderKeys;
import io.diodegw.wire.datagram.DatagramHeaderFlyweight;
import io.diodegw.wire.datagram.MtuLimits;
import io.diodegw.wire.record.RecordType;
import io.diodegw.wire.record.TagDefinition;

/**
 * The sender with its identity on a SoftHSM2 token: the replicator's announcements, signed on the token, let the
 * receiver's classes open every datagram, and SenderMain opens the token at start (refusing a wrong PIN before it
 * touches the journal) and runs with it.
 */
class ReplicatorPkcs11Test
{
    private static final int MTU = 1500;
    private static final int K = 4;
    private static final int RECORDS = 40;
    private static final long STEP_NS = 100_000;
    private static final long RUN_NS = 500_000_000L;
    private static final long START_DEADLINE_MS = 20_000;
    private static final String KEY = "sender-identity";

    @TempDir
    Path dir;

    private String token;
    private Path pinFile;
    private Ed25519PublicKeyParameters tokenPublicKey;
    private X25519PrivateKeyParameters receiverKey;

    @BeforeEach
    void createTokenAndKeys() throws Exception
    {
        SoftHsm.assumeAvailable();
        token = SoftHsm.newToken("replicator");
        pinFile = SoftHsm.pinFile(dir, SoftHsm.USER_PIN, "rw-------");
        assertEquals(0, Pkcs11KeygenCommand.run(new String[] {"--pkcs11", "--library", SoftHsm.LIBRARY.toString(),
            "--token", token, "--key-label", KEY, "--pin-file", pinFile.toString(), "--sender", dir.toString()},
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), System.err));
        tokenPublicKey = KeyFiles.readEd25519PublicKey(dir.resolve(KeygenCommand.SENDER_PUBLIC));
        final SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
        seeded.setSeed(5);
        receiverKey = new X25519PrivateKeyParameters(seeded);
        KeyFiles.writePublicKey(dir.resolve("receiver.pub.pem"), receiverKey.generatePublicKey());
    }

    @Test
    void shouldSendAJournalTheReceiverOpensWithAnnouncementsSignedOnTheToken() throws Exception
    {
        final List<byte[]> datagrams = new ArrayList<>();
        try (DatagramChannel socket = bound();
            Pkcs11IdentitySigner identity = Pkcs11IdentitySigner.open(SoftHsm.LIBRARY, token, KEY, pinFile))
        {
            socket.configureBlocking(false);
            final Config config = config(socket, Map.of());
            try (OtJournal journal = OtJournal.open(JournalOptions.fromConfig(config)))
            {
                for (int i = 0; i < RECORDS; i++)
                {
                    journal.tagDefinition(new TagDefinition().tagId(100 + i).sourceId(1).dataType(11)
                        .nodeId("ns=2;i=" + i).browsePath("/Objects/T" + i).description("tag " + i));
                }
                assertTrue(journal.awaitWritten(30_000));
                final Replicator replicator = new Replicator(config, journal, identity);
                final ByteBuffer buffer = ByteBuffer.allocate(65_536);
                for (long nowNs = 0; nowNs <= RUN_NS; nowNs += STEP_NS)
                {
                    replicator.doWork(nowNs);
                    DatagramCapture.drainWaiting(socket, buffer, datagrams);
                }
                replicator.close();
                assertNull(replicator.failure());
            }
        }

        final DecodedLink link = new DecodedLink(datagrams, MTU, K, tokenPublicKey, receiverKey);
        assertEquals(0, link.malformed);
        final List<Long> sequences = link.inBand().stream().map(DecodedLink.Rec::sequence).toList();
        assertEquals(RECORDS, sequences.size());
        for (int i = 0; i < RECORDS; i++)
        {
            assertEquals(i, sequences.get(i));
            assertEquals(RecordType.TAG_DEFINITION, link.inBand().get(i).type());
        }
    }

    @Test
    void shouldRunTheSenderWithItsIdentityOnTheToken() throws Exception
    {
        try (DatagramChannel socket = bound())
        {
            socket.configureBlocking(false);
            final Config config = config(socket, pkcs11(pinFile));
            final KeyAnnouncementVerifier verifier = new KeyAnnouncementVerifier(MtuLimits.forMtu(MTU), 1,
                receiverKey, new TrustedSenderKeys(List.of(tokenPublicKey)), 5_000);
            final DatagramHeaderFlyweight header = new DatagramHeaderFlyweight();
            int verified = 0;
            try (SenderMain sender = new SenderMain(config))
            {
                final ByteBuffer buffer = ByteBuffer.allocate(65_536);
                final long deadlineMs = System.currentTimeMillis() + START_DEADLINE_MS;
                while (verified == 0 && System.currentTimeMillis() < deadlineMs)
                {
                    buffer.clear();
                    if (socket.receive(buffer) == null)
                    {
                        Thread.onSpinWait();
                        continue;
                    }
                    final byte[] d = new byte[buffer.flip().remaining()];
                    buffer.get(d);
                    header.wrap(d, 0);
                    if (header.type() == DatagramHeaderFlyweight.TYPE_KEY_ANNOUNCEMENT)
                    {
                        assertEquals(KeyAnnouncementVerifier.OK, verifier.verify(d, 0, d.length,
                            System.currentTimeMillis()));
                        verified++;
                    }
                }
                assertNull(sender.replicator().failure());
            }
            assertEquals(1, verified, "no key announcement arrived within " + START_DEADLINE_MS + " ms");
        }
    }

    @Test
    void shouldRefuseToStartWithAWrongPinBeforeOpeningTheJournal() throws Exception
    {
        final Path wrongPin = SoftHsm.pinFile(dir, "000000", "rw-------");
        try (DatagramChannel socket = bound())
        {
            final Config config = config(socket, pkcs11(wrongPin));

            final Pkcs11Exception ex = assertThrows(Pkcs11Exception.class, () -> new SenderMain(config));

            assertTrue(ex.getMessage().startsWith("sender.pkcs11.pinFile=" + wrongPin + ": C_Login to token '" + token
                + "' failed: CKR_PIN_INCORRECT"), ex.getMessage());
            assertFalse(Files.exists(dir.resolve("journal")), "the journal was opened before the token failed");
        }
    }

    private Map<String, String> pkcs11(final Path pin)
    {
        return Map.of("sender.pkcs11.library", SoftHsm.LIBRARY.toString(), "sender.pkcs11.tokenLabel", token,
            "sender.pkcs11.keyLabel", KEY, "sender.pkcs11.pinFile", pin.toString());
    }

    private Config config(final DatagramChannel socket, final Map<String, String> identity) throws Exception
    {
        final Map<String, String> values = new HashMap<>(Map.ofEntries(
            Map.entry("sender.destination", "127.0.0.1:" + ((InetSocketAddress)socket.getLocalAddress()).getPort()),
            Map.entry("sender.linkRateBitsPerSec", "8Mbit/s"),
            Map.entry("sender.heartbeatIntervalMs", "1s"),
            Map.entry("sender.keyAnnouncementIntervalMs", "1s"),
            Map.entry("sender.snapshot.periodMs", "1h"),
            Map.entry("sender.status.intervalMs", "60s"),
            Map.entry("sender.audit.enabled", "false"),
            Map.entry("sender.receiverPublicKeyFile", dir.resolve("receiver.pub.pem").toString()),
            Map.entry("sender.journal.dir", dir.resolve("journal").toString()),
            Map.entry("link.mtuBytes", Integer.toString(MTU)),
            Map.entry("link.fec.sourceSymbols", Integer.toString(K)),
            Map.entry("link.fec.repairSymbols", "1"),
            Map.entry("link.fec.interleaveDepth", "2")));
        if (identity.isEmpty())
        {
            values.put("sender.identityKeyFile", dir.resolve("unused-identity.pem").toString());
        }
        values.putAll(identity);
        return ConfigLoader.fromValues(Side.SENDER, "test", values);
    }

    private static DatagramChannel bound() throws Exception
    {
        final DatagramChannel socket = DatagramChannel.open();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return socket;
    }
}
