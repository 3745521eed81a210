package io.diodegw.sender.replicator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.diodegw.config.Config;
import io.diodegw.config.ConfigLoader;
import io.diodegw.config.LinkFingerprint;
import io.diodegw.config.Side;
import io.diodegw.fec.ErasureCodec;
import io.diodegw.sender.journal.JournalOptions;
import io.diodegw.sender.journal.OtJournal;
import io.diodegw.wire.crypto.DatagramOpener;
import io.diodegw.wire.crypto.KeyAnnouncementVerifier;
import io.diodegw.wire.crypto.KeyFiles;
import io.diodegw.wire.crypto.TrustedSenderKeys;
import io.diodegw.wire.datagram.DatagramHeaderFlyweight;
import io.diodegw.wire.datagram.HeartbeatFlyweight;
import io.diodegw.wire.datagram.MtuLimits;
import io.diodegw.wire.record.BlockReader;
import io.diodegw.wire.record.RecordType;
import io.diodegw.wire.record.TagValue;
import io.diodegw.wire.record.TagDefinition;

/**
 * The replicator against a real UDP socket on loopback: every datagram is authenticated and opened as the receiver
 * would, each block is FEC-decoded after erasing up to m of its symbols, and every journaled record must come out
 * once, in order.
 */
class ReplicatorIT
{
    private static final int K = 8;
    private static final int M = 2;
    private static final int DEPTH = 4;
    private static final int MTU = 1500;
    private static final int TAGS = 200;
    private static final long WAIT_MS = 60_000;
    private static final String RATE = System.getProperty("replicatorIT.rate", "400Mbit/s");
    private static final int VALUES = Integer.getInteger("replicatorIT.values", 60_000);

    @TempDir
    Path dir;

    @Test
    void shouldDeliverEveryJournaledRecordOnceInOrderWithValidHeartbeatsAndPacedBytesEqualToReceivedBytes()
        throws Exception
    {
        final SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
        seeded.setSeed(42);
        final Ed25519PrivateKeyParameters identity = new Ed25519PrivateKeyParameters(seeded);
        final X25519PrivateKeyParameters receiverKey = new X25519PrivateKeyParameters(seeded);
        KeyFiles.writePrivateKey(dir.resolve("identity.pem"), identity);
        KeyFiles.writePublicKey(dir.resolve("receiver.pub.pem"), receiverKey.generatePublicKey());

        try (DatagramChannel socket = DatagramChannel.open())
        {
            socket.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            final int port = ((InetSocketAddress)socket.getLocalAddress()).getPort();
            final Config config = ConfigLoader.fromValues(Side.SENDER, "test", Map.ofEntries(
                Map.entry("sender.destination", "127.0.0.1:" + port),
                Map.entry("sender.linkRateBitsPerSec", RATE),
                Map.entry("sender.heartbeatIntervalMs", "10ms"),
                Map.entry("sender.keyAnnouncementIntervalMs", "100ms"),
                Map.entry("sender.identityKeyFile", dir.resolve("identity.pem").toString()),
                Map.entry("sender.receiverPublicKeyFile", dir.resolve("receiver.pub.pem").toString()),
                Map.entry("sender.journal.dir", dir.resolve("journal").toString()),
                Map.entry("link.mtuBytes", Integer.toString(MTU)),
                Map.entry("link.fec.sourceSymbols", Integer.toString(K)),
                Map.entry("link.fec.repairSymbols", Integer.toString(M)),
                Map.entry("link.fec.interleaveDepth", Integer.toString(DEPTH))));

            final DatagramCapture receiver = new DatagramCapture(socket);
            final Thread receiverThread = new Thread(receiver, "test-receiver");
            receiverThread.start();
            final long expectedRecords;
            final Replicator replicator;
            final long startNs;
            final long endNs;
            try (OtJournal journal = OtJournal.open(JournalOptions.fromConfig(config)))
            {
                replicator = new Replicator(config, journal);
                for (int tag = 0; tag < TAGS; tag++)
                {
                    journal.tagDefinition(new TagDefinition().tagId(tag).sourceId(1).dataType(11)
                        .nodeId("ns=2;i=" + tag).browsePath("/Objects/T" + tag));
                }
                final TagValue holder = new TagValue();
                for (int i = 0; i < VALUES; i++)
                {
                    journal.tagValue(1, holder.clear().setTagId(i % TAGS).setDouble(i).setSourceTime(1_000L + i)
                        .setServerTime(2_000L + i));
                    if (i % 10_000 == 0)
                    {
                        assertTrue(journal.awaitWritten(WAIT_MS), "the hand-off queue never overflows");
                    }
                }
                assertTrue(journal.awaitWritten(WAIT_MS));
                assertEquals(0, journal.valuesDeferred());
                startNs = System.nanoTime();
                replicator.start();
                expectedRecords = journal.lastSequence() + 1;
                final long deadline = System.nanoTime() + WAIT_MS * 1_000_000;
                while (replicator.sentSequence() != journal.lastSequence() && System.nanoTime() < deadline)
                {
                    Thread.sleep(1);
                }
                endNs = System.nanoTime();
                replicator.close();
                assertNull(replicator.failure());
            }
            receiver.stopWhenIdle();
            receiverThread.join(WAIT_MS);

            final double seconds = (endNs - startNs) / 1e9;
            System.out.printf("ReplicatorIT: %d records (%d values) at %s in %.3f s: %.0f records/s, %.0f values/s, %.1f Mbit/s on the wire%n",
                expectedRecords, VALUES, RATE, seconds, expectedRecords / seconds, VALUES / seconds,
                replicator.wireBytes() * 8 / seconds / 1e6);

            assertEquals(replicator.datagrams(), receiver.datagrams.size(), "no datagram lost on loopback");
            assertEquals(replicator.pacedBytes(), receiver.wireBytes, "the pacer counted every byte on the wire");
            assertEquals(replicator.wireBytes(), receiver.wireBytes);
            assertEquals(0, replicator.sendErrors());
            assertTrue(replicator.announcements() >= Replicator.KEY_ANNOUNCEMENT_COPIES);
            verifyStream(config, identity, receiverKey, receiver.datagrams, expectedRecords, replicator);
        }
    }

    private static void verifyStream(
        final Config config,
        final Ed25519PrivateKeyParameters identity,
        final X25519PrivateKeyParameters receiverKey,
        final List<byte[]> datagrams,
        final long expectedRecords,
        final Replicator replicator)
    {
        final MtuLimits limits = MtuLimits.forMtu(MTU);
        final int symbolBytes = limits.maxSymbolBytes();
        final KeyAnnouncementVerifier verifier = new KeyAnnouncementVerifier(limits, 1, receiverKey,
            new TrustedSenderKeys(List.of(identity.generatePublicKey())), 5_000);
        final DatagramOpener opener = new DatagramOpener(limits);
        final DatagramHeaderFlyweight header = new DatagramHeaderFlyweight();
        final HeartbeatFlyweight heartbeat = new HeartbeatFlyweight();
        final long fingerprint = LinkFingerprint.of(config, DatagramHeaderFlyweight.PROTOCOL_VERSION);
        final TreeMap<Long, byte[]> blocks = new TreeMap<>();
        final TreeMap<Long, long[]> present = new TreeMap<>();
        int heartbeats = 0;
        int keysInstalled = 0;
        for (final byte[] d : datagrams)
        {
            final int length = opener.open(d, 0, d.length);
            if (length == DatagramOpener.NOT_SEALED)
            {
                header.wrap(d, 0);
                if (!opener.hasKey(header.senderEpoch(), header.keyId()))
                {
                    assertEquals(KeyAnnouncementVerifier.OK, verifier.verify(d, 0, d.length,
                        System.currentTimeMillis()));
                    assertTrue(opener.install(verifier.takeSessionKey()));
                    keysInstalled++;
                }
                continue;
            }
            assertTrue(length >= 0, "datagram refused: " + DatagramOpener.describe(length));
            header.wrap(d, 0);
            assertEquals(replicator.senderEpoch(), header.senderEpoch());
            if (header.type() == DatagramHeaderFlyweight.TYPE_HEARTBEAT)
            {
                heartbeat.wrap(d, DatagramHeaderFlyweight.HEADER_LENGTH);
                assertEquals(0, heartbeat.mismatches(MTU, K, M, DEPTH, fingerprint));
                heartbeats++;
                continue;
            }
            assertEquals(symbolBytes, length);
            final byte[] block = blocks.computeIfAbsent(header.blockSequence(), b -> new byte[(K + M) * symbolBytes]);
            final long[] bits = present.computeIfAbsent(header.blockSequence(), b -> new long[1]);
            System.arraycopy(d, DatagramHeaderFlyweight.HEADER_LENGTH, block, header.symbolIndex() * symbolBytes,
                symbolBytes);
            bits[0] |= 1L << header.symbolIndex();
        }
        assertEquals(1, keysInstalled);
        assertEquals(replicator.heartbeats(), heartbeats);
        assertEquals(replicator.blocks(), blocks.size());
        assertEquals(0, blocks.firstKey());
        assertEquals(blocks.size() - 1, blocks.lastKey(), "block sequences are contiguous");

        final ErasureCodec codec = new ErasureCodec(K, M, symbolBytes);
        final SplittableRandom random = new SplittableRandom(7);
        final BlockReader reader = new BlockReader();
        final TagValue value = new TagValue();
        long nextSequence = 0;
        long nextValue = 0;
        long outOfBandBlocks = 0;
        for (final Map.Entry<Long, byte[]> e : blocks.entrySet())
        {
            final long[] bits = present.get(e.getKey());
            assertEquals((1L << (K + M)) - 1, bits[0], "every symbol of block " + e.getKey() + " arrived");
            final byte[] original = Arrays.copyOf(e.getValue(), K * symbolBytes);
            final int erasures = random.nextInt(M + 1);
            for (int i = 0; i < erasures; i++)
            {
                final int symbol = random.nextInt(K);
                bits[0] &= ~(1L << symbol);
                Arrays.fill(e.getValue(), symbol * symbolBytes, (symbol + 1) * symbolBytes, (byte)0x5A);
            }
            assertTrue(codec.decode(K, M, symbolBytes, e.getValue(), 0, bits));
            assertTrue(Arrays.equals(original, Arrays.copyOf(e.getValue(), K * symbolBytes)), "FEC rebuilt the block");
            assertTrue(reader.wrap(e.getValue(), 0, K * symbolBytes));
            if (reader.isOutOfBand())
            {
                outOfBandBlocks++;
                continue;
            }
            while (reader.next())
            {
                assertEquals(nextSequence++, reader.streamSequence(), "every record once, in order");
                if (reader.type() == RecordType.TAG_VALUE_BATCH)
                {
                    while (reader.tagValueBatch().next(value))
                    {
                        assertEquals(nextValue, (long)value.doubleValue());
                        assertEquals(nextValue % TAGS, value.tagId());
                        nextValue++;
                    }
                }
            }
            assertEquals(0, reader.malformed());
        }
        assertEquals(replicator.outOfBandBlocks(), outOfBandBlocks, "status and snapshot blocks, skipped here");
        assertEquals(expectedRecords, nextSequence);
        assertEquals(VALUES, nextValue);
    }
}
