package io.diodegw.receiver.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.diodegw.config.Config;
import io.diodegw.config.ConfigLoader;
import io.diodegw.config.Side;
import io.diodegw.receiver.journal.AppliedRecords;
import io.diodegw.wire.crypto.DatagramOpener;
import io.diodegw.wire.crypto.KeyAnnouncementVerifier;
import io.diodegw.wire.crypto.KeyFiles;
import io.diodegw.wire.record.BlockWriter;
import io.diodegw.wire.record.RecordType;
import io.diodegw.wire.record.TagDefinition;

/**
 * The receive agent built by {@link ReceiveAgent#fromConfig} with two trusted sender identity keys (a rollover) of
 * which one is listed in {@code receiver.revokedSenderKeysFile}: real signed announcements and sealed blocks over UDP
 * on 127.0.0.1. The revoked sender's traffic installs no key and is counted by reason; the other key keeps working.
 */
class ReceiveAgentRevocationIT
{
    private static final int LINK_ID = 3;
    private static final int MTU = 576;
    private static final int K = 4;
    private static final int M = 2;
    private static final int RECORDS = 40;
    private static final long REVOKED_EPOCH = 1_000;
    private static final long SUCCESSOR_EPOCH = 2_000;
    private static final int ANNOUNCEMENT_COPIES = 3;
    private static final long WAIT_MS = 20_000;

    @TempDir
    Path keyDir;

    private final SecureRandom random = new SecureRandom();
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());

    @Test
    void shouldInstallNoKeyFromARevokedTrustedSenderAndCountItWhileTheSecondTrustedKeyKeepsWorking() throws Exception
    {
        final TestLinkSender.Keys keys = TestLinkSender.Keys.create(keyDir, random);
        final Ed25519PrivateKeyParameters successor = new Ed25519PrivateKeyParameters(random);
        final Path successorFile = keyDir.resolve("sender-identity-2.pub.pem");
        KeyFiles.writePublicKey(successorFile, successor.generatePublicKey());
        final Path revokedFile = keyDir.resolve("revoked-senders.txt");
        Files.writeString(revokedFile, "# withdrawn 2026-11-23: OT host replaced\n" +
            KeyFiles.fingerprint(keys.identity().generatePublicKey().getEncoded()) + "\n", StandardCharsets.UTF_8);

        final List<LogRecord> warnings = Collections.synchronizedList(new ArrayList<>());
        final Handler capture = capture(warnings);
        final Logger agentLog = Logger.getLogger(ReceiveAgent.class.getName());
        final Logger handlerLog = Logger.getLogger(SignedAnnouncementHandler.class.getName());
        agentLog.addHandler(capture);
        handlerLog.addHandler(capture);
        try (ReceiveAgent agent = ReceiveAgent.fromConfig(config(keys, successorFile, revokedFile), new Recorder()))
        {
            agent.start();
            assertTrue(warnings.stream().anyMatch(w -> w.getMessage().contains(keys.senderPublicKeyFile().toString()) &&
                w.getMessage().contains(revokedFile.toString())), "start-up warning names the trusted file: " +
                messages(warnings));

            final InetSocketAddress to = new InetSocketAddress("127.0.0.1", agent.localAddress().getPort());
            final List<TestLinkSender.Framed> successorRecords = new ArrayList<>();
            try (TestLinkSender revoked = new TestLinkSender(keys, keys.identity(), LINK_ID, MTU, K, M, REVOKED_EPOCH,
                    to, random);
                 TestLinkSender current = new TestLinkSender(keys, successor, LINK_ID, MTU, K, M, SUCCESSOR_EPOCH, to,
                    random))
            {
                final List<byte[]> revokedBlocks = revoked.frame(0, RECORDS, ReceiveAgentRevocationIT::tag,
                    new ArrayList<>());
                for (int i = 0; i < ANNOUNCEMENT_COPIES; i++)
                {
                    revoked.sendAnnouncement();
                }
                for (int block = 0; block < revokedBlocks.size(); block++)
                {
                    revoked.sendBlock(block, revokedBlocks.get(block), (b, s) -> false);
                }

                final List<byte[]> blocks = current.frame(0, RECORDS, ReceiveAgentRevocationIT::tag, successorRecords);
                current.sendAnnouncement();
                current.sendAnnouncement();
                for (int block = 0; block < blocks.size(); block++)
                {
                    current.sendBlock(block, blocks.get(block), (b, s) -> false);
                }
                final long total = revoked.sent() + current.sent();
                final LinkCounters counters = agent.counters();
                awaitCondition(() -> counters.get(LinkCounter.DATAGRAMS_RECEIVED) == total &&
                    calls.size() >= successorRecords.size());

                assertEquals(ANNOUNCEMENT_COPIES, counters.announcementRejections(KeyAnnouncementVerifier.REVOKED_SENDER));
                assertEquals(Map.of("REVOKED_SENDER", (long)ANNOUNCEMENT_COPIES),
                    counters.announcementRejectionsByReason());
                assertEquals(1, counters.get(LinkCounter.KEYS_INSTALLED), "only the successor's key");
                assertEquals(1, counters.get(LinkCounter.ANNOUNCEMENT_REPEATS));
                assertEquals((long)revokedBlocks.size() * (K + M), counters.openRejections(DatagramOpener.UNKNOWN_KEY),
                    "every symbol under the revoked sender's key");
                assertEquals(0, counters.authFailures());
                final List<String> expected = new ArrayList<>();
                for (final TestLinkSender.Framed record : successorRecords)
                {
                    expected.add(call(record.type(), record.sequence(), SUCCESSOR_EPOCH));
                }
                assertEquals(expected, new ArrayList<>(calls), "the successor's records, once, in order; none else");
                assertEquals(1, warnings.stream().filter(w -> w.getMessage().contains("revoked sender key " +
                    KeyFiles.fingerprint(keys.identity().generatePublicKey().getEncoded()))).count(),
                    "three refused announcements, logged once: " + messages(warnings));
                assertNull(agent.failure());
            }
        }
        finally
        {
            agentLog.removeHandler(capture);
            handlerLog.removeHandler(capture);
        }
    }

    private static Config config(final TestLinkSender.Keys keys, final Path successorFile, final Path revokedFile)
    {
        final Map<String, String> values = new HashMap<>();
        values.put("link.id", Integer.toString(LINK_ID));
        values.put("link.mtuBytes", Integer.toString(MTU));
        values.put("link.fec.sourceSymbols", Integer.toString(K));
        values.put("link.fec.repairSymbols", Integer.toString(M));
        values.put("link.fec.interleaveDepth", "1");
        values.put("receiver.bind", "127.0.0.1:0");
        values.put("receiver.socketReceiveBufferBytes", "1048576");
        values.put("receiver.privateKeyFile", keys.receiverKeyFile().toString());
        values.put("receiver.trustedSenderKeyFiles", keys.senderPublicKeyFile() + "," + successorFile);
        values.put("receiver.revokedSenderKeysFile", revokedFile.toString());
        return ConfigLoader.fromValues(Side.RECEIVER, "test", values);
    }

    private static boolean tag(final BlockWriter block, final int index, final long sequence)
    {
        return new TagDefinition().tagId(index + 1).sourceId(1).dataType(11).valueRank(-1)
            .nodeId("ns=2;s=Tag" + (index + 1)).browsePath("Plant/Tag" + (index + 1)).writeTo(block, sequence);
    }

    private static Handler capture(final List<LogRecord> into)
    {
        final Handler handler = new Handler()
        {
            @Override
            public void publish(final LogRecord record)
            {
                if (record.getLevel().intValue() >= Level.WARNING.intValue())
                {
                    into.add(record);
                }
            }

            @Override
            public void flush()
            {
            }

            @Override
            public void close()
            {
            }
        };
        handler.setLevel(Level.ALL);
        return handler;
    }

    private static String messages(final List<LogRecord> records)
    {
        return records.stream().map(LogRecord::getMessage).toList().toString();
    }

    private static String call(final RecordType type, final long sequence, final long epoch)
    {
        return "record " + type + " " + sequence + " epoch " + epoch;
    }

    private static void awaitCondition(final BooleanSupplier condition) throws InterruptedException
    {
        final long deadline = System.nanoTime() + WAIT_MS * 1_000_000;
        while (!condition.getAsBoolean() && System.nanoTime() - deadline < 0)
        {
            Thread.sleep(5);
        }
    }

    private final class Recorder implements AppliedRecords
    {
        @Override
        public void record(final RecordType type, final long streamSequence, final long senderEpoch,
            final byte[] buffer, final int bodyOffset, final int bodyLength)
        {
            calls.add(call(type, streamSequence, senderEpoch));
        }

        @Override
        public void gap(final long senderEpoch, final long fromSequence, final long toSequence)
        {
            calls.add("gap " + fromSequence + ".." + toSequence + " epoch " + senderEpoch);
        }
    }
}
