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
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.diodegw.config.Config;
import io.diodegw.config.ConfigLoader;
import io.diodegw.config.SenderSettings;
import io.diodegw.config.Side;
import io.diodegw.sender.journal.JournalOptions;
import io.diodegw.sender.journal.OtJournal;
import io.diodegw.wire.crypto.DatagramOpener;
import io.diodegw.wire.crypto.KeyAnnouncementVerifier;
import io.diodegw.wire.crypto.KeyFiles;
import io.diodegw.wire.crypto.TrustedSenderKeys;
import io.diodegw.wire.datagram.DatagramHeaderFlyweight;
import io.diodegw.wire.datagram.MtuLimits;
import io.diodegw.wire.record.BlockReader;
import io.diodegw.wire.record.RecordType;
import io.diodegw.wire.record.TagDefinition;
import io.diodegw.wire.record.TagValue;

/**
 * Session key rotation while records flow, over a real UDP socket on loopback: the replicator rotates its key several
 * times by byte count ({@code sender.keyRotationBytes} at its 1 MiB minimum) and several times by time (its key clock
 * is moved past {@code sender.keyRotationIntervalMs} while little data flows). Every captured datagram is opened with
 * the receiver's classes ({@link KeyAnnouncementVerifier}, {@link DatagramOpener}) in arrival order, as the receive
 * agent does: none may fail, every record must come out exactly once and in order, and the keys the receiver installs
 * must be exactly the first key plus one per rotation the sender counted.
 */
class ReplicatorKeyRotationIT
{
    private static final int K = 8;
    private static final int M = 2;
    private static final int DEPTH = 2;
    private static final int MTU = 1500;
    private static final int TAGS = 50;
    private static final long ROTATION_BYTES = 1L << 20;
    private static final long ROTATION_INTERVAL_MS = 60_000;
    private static final int BYTE_PHASE_VALUES = 80_000;
    private static final int TIME_PHASE_VALUES = 200;
    private static final int PHASES = 6;
    private static final long WAIT_MS = 60_000;

    @TempDir
    Path dir;

    @Test
    void shouldLoseNoRecordWhileTheSessionKeyRotatesByBytesAndByTime() throws Exception
    {
        final SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
        seeded.setSeed(17);
        final Ed25519PrivateKeyParameters identity = new Ed25519PrivateKeyParameters(seeded);
        final X25519PrivateKeyParameters receiverKey = new X25519PrivateKeyParameters(seeded);
        KeyFiles.writePrivateKey(dir.resolve("identity.pem"), identity);
        KeyFiles.writePublicKey(dir.resolve("receiver.pub.pem"), receiverKey.generatePublicKey());
        final AtomicLong clockOffsetMs = new AtomicLong();

        try (DatagramChannel socket = DatagramChannel.open())
        {
            socket.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            final int port = ((InetSocketAddress)socket.getLocalAddress()).getPort();
            final Config config = ConfigLoader.fromValues(Side.SENDER, "test", Map.ofEntries(
                Map.entry("sender.destination", "127.0.0.1:" + port),
                Map.entry("sender.linkRateBitsPerSec", "80Mbit/s"),
                Map.entry("sender.heartbeatIntervalMs", "10ms"),
                Map.entry("sender.keyAnnouncementIntervalMs", "100ms"),
                Map.entry("sender.keyRotationBytes", Long.toString(ROTATION_BYTES)),
                Map.entry("sender.keyRotationIntervalMs", ROTATION_INTERVAL_MS + "ms"),
                Map.entry("sender.identityKeyFile", dir.resolve("identity.pem").toString()),
                Map.entry("sender.receiverPublicKeyFile", dir.resolve("receiver.pub.pem").toString()),
                Map.entry("sender.journal.dir", dir.resolve("journal").toString()),
                Map.entry("link.mtuBytes", Integer.toString(MTU)),
                Map.entry("link.fec.sourceSymbols", Integer.toString(K)),
                Map.entry("link.fec.repairSymbols", Integer.toString(M)),
                Map.entry("link.fec.interleaveDepth", Integer.toString(DEPTH))));
            assertEquals(ROTATION_BYTES, config.get(SenderSettings.KEY_ROTATION_BYTES), "the smallest allowed");
            assertEquals(ROTATION_INTERVAL_MS, config.get(SenderSettings.KEY_ROTATION_INTERVAL_MS), "the smallest");

            final DatagramCapture capture = new DatagramCapture(socket);
            final Thread captureThread = new Thread(capture, "test-capture");
            captureThread.start();
            final Replicator replicator;
            final int[] keysAfterPhase = new int[PHASES];
            long values = 0;
            final long expectedRecords;
            try (OtJournal journal = OtJournal.open(JournalOptions.fromConfig(config)))
            {
                replicator = new Replicator(config, journal, () -> System.currentTimeMillis() + clockOffsetMs.get());
                for (int tag = 0; tag < TAGS; tag++)
                {
                    journal.tagDefinition(new TagDefinition().tagId(tag).sourceId(1).dataType(11)
                        .nodeId("ns=2;i=" + tag).browsePath("/Objects/T" + tag));
                }
                replicator.start();
                await(() -> capture.newestKeyId > 0);
                assertTrue(capture.newestKeyId > 0, "the first key sealed the definitions before the first phase");
                final TagValue holder = new TagValue();
                for (int phase = 0; phase < PHASES; phase++)
                {
                    final boolean byTime = phase % 2 == 1;
                    final int keyBefore = capture.newestKeyId;
                    if (byTime)
                    {
                        clockOffsetMs.addAndGet(ROTATION_INTERVAL_MS + 1_000);
                    }
                    final int count = byTime ? TIME_PHASE_VALUES : BYTE_PHASE_VALUES;
                    for (int i = 0; i < count; i++, values++)
                    {
                        journal.tagValue(1, holder.clear().setTagId((int)(values % TAGS)).setDouble(values)
                            .setSourceTime(1_000L + values).setServerTime(2_000L + values));
                        if (i % 10_000 == 0)
                        {
                            assertTrue(journal.awaitWritten(WAIT_MS), "the hand-off queue never overflows");
                        }
                    }
                    assertTrue(journal.awaitWritten(WAIT_MS));
                    final long last = journal.lastSequence();
                    await(() -> replicator.sentSequence() == last && capture.newestKeyId > keyBefore);
                    keysAfterPhase[phase] = capture.newestKeyId;
                    assertTrue(keysAfterPhase[phase] > keyBefore, "phase " + phase + (byTime ? " (time)" : " (bytes)") +
                        " rotated the key: key ids in use " + keyBefore + " -> " + keysAfterPhase[phase]);
                }
                expectedRecords = journal.lastSequence() + 1;
                replicator.close();
                assertNull(replicator.failure());
            }
            capture.stopWhenIdle();
            captureThread.join(WAIT_MS);

            assertEquals(0, replicator.sealFailures());
            assertEquals(0, replicator.sendErrors());
            assertEquals(replicator.datagrams(), capture.datagrams.size(), "no datagram lost on loopback");
            final Opened opened = open(identity, receiverKey, capture.datagrams);
            assertEquals(0, opened.refusedByReason.size(), "every datagram opened: " + opened.refusedByReason);
            assertEquals(0, opened.announcementsRefused);
            assertTrue(replicator.keyRotations() >= PHASES, "rotations " + replicator.keyRotations());
            assertEquals(replicator.keyRotations() + 1, opened.keysInstalled, "the first key and one per rotation");
            assertEquals(replicator.keyRotations() + 1, opened.keyIdsUsed.size(), "every key sealed data: " +
                opened.keyIdsUsed);
            System.out.printf("ReplicatorKeyRotationIT: %d values, %d rotations, %d datagrams, key ids after each "
                + "phase %s%n", values, replicator.keyRotations(), capture.datagrams.size(),
                Arrays.toString(keysAfterPhase));

            final BlockReader reader = new BlockReader();
            final TagValue value = new TagValue();
            long nextSequence = 0;
            long nextValue = 0;
            for (final Map.Entry<Long, byte[]> block : opened.blocks.entrySet())
            {
                assertEquals((1 << K) - 1, opened.dataSymbols.get(block.getKey()),
                    "every data symbol of block " + block.getKey());
                assertTrue(reader.wrap(block.getValue(), 0, block.getValue().length));
                if (reader.isOutOfBand())
                {
                    continue;
                }
                while (reader.next())
                {
                    assertEquals(nextSequence++, reader.streamSequence(), "every record once, in order");
                    if (reader.type() == RecordType.TAG_VALUE_BATCH)
                    {
                        while (reader.tagValueBatch().next(value))
                        {
                            assertEquals(nextValue++, (long)value.doubleValue(), "every value once, in order");
                        }
                    }
                }
                assertEquals(0, reader.malformed());
            }
            assertEquals(expectedRecords, nextSequence, "every journaled record arrived");
            assertEquals(values, nextValue, "every journaled value arrived");
        }
    }

    /** What the receiver's crypto makes of the captured datagrams, in arrival order. */
    private static final class Opened
    {
        final TreeMap<Long, byte[]> blocks = new TreeMap<>();
        final TreeMap<Long, Integer> dataSymbols = new TreeMap<>();
        final TreeMap<String, Integer> refusedByReason = new TreeMap<>();
        final TreeSet<Integer> keyIdsUsed = new TreeSet<>();
        int keysInstalled;
        int announcementsRefused;
    }

    private static Opened open(final Ed25519PrivateKeyParameters identity, final X25519PrivateKeyParameters receiverKey,
        final List<byte[]> datagrams)
    {
        final MtuLimits limits = MtuLimits.forMtu(MTU);
        final int symbolBytes = limits.maxSymbolBytes();
        final KeyAnnouncementVerifier verifier = new KeyAnnouncementVerifier(limits, 1, receiverKey,
            new TrustedSenderKeys(List.of(identity.generatePublicKey())), 5 * 60_000);
        final DatagramOpener opener = new DatagramOpener(limits);
        final DatagramHeaderFlyweight header = new DatagramHeaderFlyweight();
        final Opened opened = new Opened();
        for (final byte[] d : datagrams)
        {
            header.wrap(d, 0);
            final int length = opener.open(d, 0, d.length);
            if (length == DatagramOpener.NOT_SEALED)
            {
                if (!opener.hasKey(header.senderEpoch(), header.keyId()))
                {
                    final int result = verifier.verify(d, 0, d.length, System.currentTimeMillis());
                    if (result == KeyAnnouncementVerifier.OK && opener.install(verifier.takeSessionKey()))
                    {
                        opened.keysInstalled++;
                    }
                    else
                    {
                        opened.announcementsRefused++;
                    }
                }
                continue;
            }
            if (length < 0)
            {
                opened.refusedByReason.merge(DatagramOpener.describe(length), 1, Integer::sum);
                continue;
            }
            opened.keyIdsUsed.add(header.keyId());
            if (header.type() != DatagramHeaderFlyweight.TYPE_DATA_SYMBOL)
            {
                continue;
            }
            final byte[] block = opened.blocks.computeIfAbsent(header.blockSequence(), b -> new byte[K * symbolBytes]);
            System.arraycopy(d, DatagramHeaderFlyweight.HEADER_LENGTH, block, header.symbolIndex() * symbolBytes,
                symbolBytes);
            opened.dataSymbols.merge(header.blockSequence(), 1 << header.symbolIndex(), (a, b) -> a | b);
        }
        return opened;
    }

    private static void await(final BooleanSupplier condition) throws InterruptedException
    {
        final long deadline = System.nanoTime() + WAIT_MS * 1_000_000;
        while (!condition.getAsBoolean() && System.nanoTime() - deadline < 0)
        {
            Thread.sleep(2);
        }
    }
}
