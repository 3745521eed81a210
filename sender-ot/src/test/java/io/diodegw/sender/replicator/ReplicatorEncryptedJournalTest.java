package io.diodegw.sender.replicator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.diodegw.config.Config;
import io.diodegw.config.ConfigLoader;
import io.diodegw.config.Side;
import io.diodegw.sender.journal.JournalOptions;
import io.diodegw.sender.journal.JournalReader;
import io.diodegw.sender.journal.OtJournal;
import io.diodegw.wire.crypto.JournalCipher;
import io.diodegw.wire.crypto.KeyFiles;
import io.diodegw.wire.record.RecordHeader;
import io.diodegw.wire.record.RecordType;
import io.diodegw.wire.record.TagDefinition;

/**
 * The replicator over an encrypted OT journal (sender.journal.encryptionKeyFile), driven with an explicit clock on a
 * real loopback socket and decoded with wire-format's classes only: the link carries exactly the clear records, and
 * records altered on disk are never sent, so their stream sequences are missing on the link (the receiver's
 * RecordSequencer turns a sequence jump into an unexplained gap, see RecordSequencerTest).
 */
class ReplicatorEncryptedJournalTest
{
    private static final int MTU = 1500;
    private static final int K = 4;
    private static final int RECORDS = 60;
    private static final long STEP_NS = 100_000;
    private static final long RUN_NS = 1_000_000_000L;
    private static final Set<Long> ALTERED = Set.of(10L, 11L, 37L);

    @TempDir
    Path dir;

    @Test
    void shouldSendTheClearRecordsOfAnEncryptedJournalAndNeverARecordAlteredOnDisk() throws Exception
    {
        final SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
        seeded.setSeed(31);
        final Ed25519PrivateKeyParameters identity = new Ed25519PrivateKeyParameters(seeded);
        final X25519PrivateKeyParameters receiverKey = new X25519PrivateKeyParameters(seeded);
        KeyFiles.writePrivateKey(dir.resolve("identity.pem"), identity);
        KeyFiles.writePublicKey(dir.resolve("receiver.pub.pem"), receiverKey.generatePublicKey());
        final byte[] keyBytes = new byte[32];
        seeded.nextBytes(keyBytes);
        KeyFiles.writeJournalKey(dir.resolve("journal.key"), keyBytes);
        final List<byte[]> datagrams = new ArrayList<>();
        try (DatagramChannel socket = DatagramChannel.open())
        {
            socket.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            socket.configureBlocking(false);
            final Config config = ConfigLoader.fromValues(Side.SENDER, "test", Map.ofEntries(
                Map.entry("sender.destination", "127.0.0.1:" + ((InetSocketAddress)socket.getLocalAddress()).getPort()),
                Map.entry("sender.linkRateBitsPerSec", "8Mbit/s"),
                Map.entry("sender.heartbeatIntervalMs", "1s"),
                Map.entry("sender.keyAnnouncementIntervalMs", "1s"),
                Map.entry("sender.snapshot.periodMs", "1h"),
                Map.entry("sender.status.intervalMs", "60s"),
                Map.entry("sender.identityKeyFile", dir.resolve("identity.pem").toString()),
                Map.entry("sender.receiverPublicKeyFile", dir.resolve("receiver.pub.pem").toString()),
                Map.entry("sender.journal.dir", dir.resolve("journal").toString()),
                Map.entry("sender.journal.encryptionKeyFile", dir.resolve("journal.key").toString()),
                Map.entry("link.mtuBytes", Integer.toString(MTU)),
                Map.entry("link.fec.sourceSymbols", Integer.toString(K)),
                Map.entry("link.fec.repairSymbols", "1"),
                Map.entry("link.fec.interleaveDepth", "2")));
            final List<byte[]> headers = writeJournal(config);
            alter(dir.resolve("journal"), headers);

            try (OtJournal journal = OtJournal.open(JournalOptions.fromConfig(config)))
            {
                final JournalReader reader = journal.openReader(1_000);
                final Replicator replicator = new Replicator(config, reader, journal::lastSequence, identity,
                    receiverKey.generatePublicKey(), seeded);
                final ByteBuffer buffer = ByteBuffer.allocate(65_536);
                for (long nowNs = 0; nowNs <= RUN_NS; nowNs += STEP_NS)
                {
                    replicator.doWork(nowNs);
                    DatagramCapture.drainWaiting(socket, buffer, datagrams);
                }
                assertEquals(ALTERED.size(), reader.unauthenticExcerpts());
                assertEquals(RECORDS - 1, replicator.sentSequence(), "the replicator went on past the altered records");
                replicator.close();
                assertNull(replicator.failure());
            }
        }

        final DecodedLink link = new DecodedLink(datagrams, MTU, K, identity, receiverKey);
        assertEquals(0, link.malformed);
        final List<Long> sent = new ArrayList<>();
        for (final DecodedLink.Rec r : link.inBand())
        {
            sent.add(r.sequence());
            assertEquals(RecordType.TAG_DEFINITION, r.type());
            assertEquals(new Definition(r.sequence()).tagId, ((TagDefinition)r.body()).tagId());
            assertEquals(new Definition(r.sequence()).description, ((TagDefinition)r.body()).description(),
                "the clear record went out");
        }
        final List<Long> expected = new ArrayList<>();
        for (long s = 0; s < RECORDS; s++)
        {
            if (!ALTERED.contains(s))
            {
                expected.add(s);
            }
        }
        assertEquals(expected, sent, "every record once, in order, except the altered ones");
    }

    /** The seeded definition journaled as record {@code sequence}. */
    private static final class Definition
    {
        final int tagId;
        final String description;

        Definition(final long sequence)
        {
            final SplittableRandom random = new SplittableRandom(sequence);
            this.tagId = (int)sequence + 1000;
            this.description = "tag " + sequence + " " + Long.toHexString(random.nextLong()).repeat(1 + random.nextInt(40));
        }
    }

    /** @return the 16-byte record headers, in sequence order, as they stand in clear in the journal file. */
    private static List<byte[]> writeJournal(final Config config) throws InterruptedException
    {
        final List<byte[]> headers = new ArrayList<>();
        try (OtJournal journal = OtJournal.open(JournalOptions.fromConfig(config)))
        {
            for (long s = 0; s < RECORDS; s++)
            {
                final Definition d = new Definition(s);
                journal.tagDefinition(new TagDefinition().tagId(d.tagId).sourceId(1).dataType(11)
                    .nodeId("ns=2;i=" + d.tagId).browsePath("/Objects/T" + d.tagId).description(d.description));
            }
            assertTrue(journal.awaitWritten(30_000));
            try (JournalReader reader = journal.openReader(1_000))
            {
                final byte[] record = new byte[reader.maxRecordBytes()];
                while (reader.next(record, 0) > 0)
                {
                    headers.add(Arrays.copyOf(record, RecordHeader.LENGTH));
                }
            }
            Files.deleteIfExists(journal.options().dir().resolve("replicator.position"));
        }
        catch (final IOException ex)
        {
            throw new AssertionError(ex);
        }
        assertEquals(RECORDS, headers.size());
        return headers;
    }

    /** Flips one ciphertext bit of each altered record, found by its clear header. */
    private static void alter(final Path journalDir, final List<byte[]> headers) throws IOException
    {
        final Path file;
        try (Stream<Path> files = Files.list(journalDir.resolve("queue")))
        {
            file = files.filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
        final byte[] bytes = Files.readAllBytes(file);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            for (final long s : ALTERED)
            {
                final int at = indexOf(bytes, headers.get((int)s)) + RecordHeader.LENGTH + JournalCipher.NONCE_LENGTH + 1;
                raf.seek(at);
                raf.write(bytes[at] ^ 0x10);
            }
        }
    }

    private static int indexOf(final byte[] haystack, final byte[] needle)
    {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++)
        {
            for (int j = 0; j < needle.length; j++)
            {
                if (haystack[i + j] != needle[j])
                {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("record header not found in the journal file");
    }
}
