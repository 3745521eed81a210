package io.diodegw.sender.replicator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.diodegw.config.Config;
import io.diodegw.config.ConfigLoader;
import io.diodegw.config.Side;
import io.diodegw.sender.journal.JournalOptions;
import io.diodegw.sender.journal.OtJournal;
import io.diodegw.wire.crypto.KeyFiles;
import io.diodegw.wire.record.RecordType;
import io.diodegw.wire.record.SnapshotBegin;
import io.diodegw.wire.record.SnapshotEnd;
import io.diodegw.wire.record.SourceState;
import io.diodegw.wire.record.TagDefinition;
import io.diodegw.wire.record.TagValue;

/**
 * The running replicator over a real UDP socket: after the live data, a complete snapshot at the last record's
 * sequence arrives, holding every tag's definition, the source's state and every tag's last value.
 */
class ReplicatorSnapshotIT
{
    private static final int MTU = 1500;
    private static final int K = 8;
    private static final int TAGS = 300;
    private static final int VALUES = 30_000;
    private static final long WAIT_MS = 60_000;

    @TempDir
    Path dir;

    @Test
    void shouldSendACompleteSnapshotAtTheLastRecordAfterTheLiveData() throws Exception
    {
        final SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
        seeded.setSeed(5);
        final Ed25519PrivateKeyParameters identity = new Ed25519PrivateKeyParameters(seeded);
        final X25519PrivateKeyParameters receiverKey = new X25519PrivateKeyParameters(seeded);
        KeyFiles.writePrivateKey(dir.resolve("identity.pem"), identity);
        KeyFiles.writePublicKey(dir.resolve("receiver.pub.pem"), receiverKey.generatePublicKey());
        final List<byte[]> datagrams = new ArrayList<>();
        final Map<Integer, TagValue> lastValues = new HashMap<>();
        final Map<Integer, TagDefinition> definitions = new HashMap<>();
        final SourceState source = new SourceState().sourceId(1).state(SourceState.State.CONNECTED).timeTicks(5)
            .reason("connected");
        final long lastSequence;
        try (DatagramChannel socket = DatagramChannel.open())
        {
            socket.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            socket.configureBlocking(false);
            final Config config = ConfigLoader.fromValues(Side.SENDER, "test", Map.ofEntries(
                Map.entry("sender.destination", "127.0.0.1:" + ((InetSocketAddress)socket.getLocalAddress()).getPort()),
                Map.entry("sender.linkRateBitsPerSec", "200Mbit/s"),
                Map.entry("sender.snapshot.periodMs", "200ms"),
                Map.entry("sender.snapshot.bandwidthSharePercent", "20"),
                Map.entry("sender.status.intervalMs", "100ms"),
                Map.entry("sender.identityKeyFile", dir.resolve("identity.pem").toString()),
                Map.entry("sender.receiverPublicKeyFile", dir.resolve("receiver.pub.pem").toString()),
                Map.entry("sender.journal.dir", dir.resolve("journal").toString()),
                Map.entry("link.mtuBytes", Integer.toString(MTU)),
                Map.entry("link.fec.sourceSymbols", Integer.toString(K)),
                Map.entry("link.fec.repairSymbols", "2"),
                Map.entry("link.fec.interleaveDepth", "4")));
            final Thread drain = new Thread(() -> drain(socket, datagrams), "test-drain");
            drain.start();
            final Replicator replicator;
            try (OtJournal journal = OtJournal.open(JournalOptions.fromConfig(config)))
            {
                replicator = new Replicator(config, journal);
                replicator.start();
                journal.sourceState(source);
                for (int tag = 0; tag < TAGS; tag++)
                {
                    final TagDefinition d = new TagDefinition().tagId(tag).sourceId(1).dataType(11)
                        .nodeId("ns=2;i=" + tag).browsePath("/Objects/T" + tag).engineeringUnits("bar");
                    definitions.put(tag, d);
                    journal.tagDefinition(d);
                }
                for (int i = 0; i < VALUES; i++)
                {
                    final TagValue v = new TagValue().setTagId(i % TAGS).setDouble(i * 0.5)
                        .setSourceTime(1_000L + i).setServerTime(2_000L + i);
                    lastValues.put(v.tagId(), v);
                    journal.tagValue(1, v);
                    if (i % 1_000 == 0)
                    {
                        Thread.sleep(1);
                    }
                }
                assertTrue(journal.awaitWritten(WAIT_MS));
                lastSequence = journal.lastSequence();
                final long deadline = System.nanoTime() + WAIT_MS * 1_000_000;
                while (!(replicator.snapshotCut() == lastSequence &&
                    replicator.snapshotsCompleted() == replicator.snapshotsStarted()) && System.nanoTime() < deadline)
                {
                    Thread.sleep(5);
                }
                Thread.sleep(50);
                replicator.close();
                assertNull(replicator.failure());
            }
            drain.interrupt();
            drain.join(WAIT_MS);
            assertTrue(replicator.snapshotsCompleted() >= 2, "snapshots while the live data flowed, then one more");
        }

        final DecodedLink link = new DecodedLink(datagrams, MTU, K, identity, receiverKey);
        assertEquals(0, link.malformed);
        final List<DecodedLink.Rec> inBand = link.inBand();
        assertEquals(lastSequence + 1, inBand.size(), "every live record arrived");
        final long lastLiveBlock = inBand.get(inBand.size() - 1).block();
        final List<DecodedLink.Rec> snapshot = new ArrayList<>();
        for (final DecodedLink.Rec r : link.outOfBand())
        {
            if (r.type() != RecordType.SENDER_STATUS && r.sequence() == lastSequence &&
                (!snapshot.isEmpty() || r.type() == RecordType.SNAPSHOT_BEGIN))
            {
                snapshot.add(r);
                if (r.type() == RecordType.SNAPSHOT_END)
                {
                    break;
                }
            }
        }
        assertTrue(!snapshot.isEmpty(), "a snapshot at the last sequence arrived");
        final SnapshotBegin begin = (SnapshotBegin)snapshot.get(0).body();
        assertEquals(lastSequence, begin.cutStreamSequence());
        assertEquals(TAGS, begin.tagCount());
        assertTrue(snapshot.get(0).block() > lastLiveBlock, "it arrived after the live data");
        assertEquals(RecordType.SNAPSHOT_END, snapshot.get(snapshot.size() - 1).type());
        final SnapshotEnd end = (SnapshotEnd)snapshot.get(snapshot.size() - 1).body();
        assertEquals(begin.snapshotId(), end.snapshotId());
        assertEquals(TAGS, end.tagCount());

        final Map<Integer, TagDefinition> sentDefinitions = new HashMap<>();
        final Map<Integer, TagValue> values = new HashMap<>();
        int parts = 0;
        for (final DecodedLink.Rec r : snapshot.subList(1, snapshot.size() - 1))
        {
            switch (r.type())
            {
                case TAG_DEFINITION -> sentDefinitions.put(((TagDefinition)r.body()).tagId(), (TagDefinition)r.body());
                case SOURCE_STATE -> assertEquals(source, r.body());
                case SNAPSHOT_PART ->
                {
                    assertEquals(begin.snapshotId(), r.snapshotId());
                    assertEquals(parts++, r.partIndex());
                    r.values().forEach(v -> assertNull(values.put(v.tagId(), v), "each tag once"));
                }
                default -> throw new AssertionError("unexpected " + r.type());
            }
        }
        assertEquals(definitions, sentDefinitions);
        assertEquals(lastValues, values, "every tag's last value");
        assertEquals(parts, end.partCount());
        System.out.printf("ReplicatorSnapshotIT: %d snapshots, %d tags in %d parts, %d out-of-band blocks%n",
            link.outOfBand().stream().filter(r -> r.type() == RecordType.SNAPSHOT_BEGIN).count(), TAGS, parts,
            link.blockOutOfBand.values().stream().filter(b -> b).count());
    }

    private static void drain(final DatagramChannel socket, final List<byte[]> into)
    {
        final ByteBuffer buffer = ByteBuffer.allocate(65_536);
        long idleSinceNs = System.nanoTime();
        try
        {
            while (true)
            {
                buffer.clear();
                if (socket.receive(buffer) != null)
                {
                    buffer.flip();
                    final byte[] d = new byte[buffer.remaining()];
                    buffer.get(d);
                    synchronized (into)
                    {
                        into.add(d);
                    }
                    idleSinceNs = System.nanoTime();
                }
                else if (Thread.currentThread().isInterrupted() && System.nanoTime() - idleSinceNs > 200_000_000L)
                {
                    return;
                }
                else
                {
                    LockSupport.parkNanos(20_000);
                }
            }
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
