package io.diodegw.sender.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.diodegw.config.Config;
import io.diodegw.config.ConfigLoader;
import io.diodegw.config.Side;
import io.diodegw.sender.SenderMain;
import io.diodegw.wire.crypto.KeyFiles;
import io.diodegw.wire.record.SourceState;
import io.diodegw.wire.record.TagValue;

/**
 * The sender's metrics as SenderMain wires them: bound to the real journal and replicator, written to the metrics
 * file and, when asked, served on the loopback address.
 */
class SenderMetricsTest
{
    @TempDir
    Path dir;

    private DatagramChannel destination;
    private SenderMain sender;

    @BeforeEach
    void keysAndDestination() throws Exception
    {
        final SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
        seeded.setSeed(3);
        KeyFiles.writePrivateKey(dir.resolve("identity.pem"), new Ed25519PrivateKeyParameters(seeded));
        KeyFiles.writePublicKey(dir.resolve("receiver.pub.pem"),
            new X25519PrivateKeyParameters(seeded).generatePublicKey());
        destination = DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @AfterEach
    void stop() throws Exception
    {
        if (sender != null)
        {
            sender.close();
        }
        destination.close();
    }

    @Test
    void shouldWriteTheMetricsFileInTheJournalDirectoryByDefaultWithTheJournalsCountsReadableByAll()
        throws Exception
    {
        sender = new SenderMain(config(Map.of()));
        final SplittableRandom random = new SplittableRandom(17);
        final int values = 100 + random.nextInt(400);
        final TagValue value = new TagValue();
        for (int i = 0; i < values; i++)
        {
            sender.collectedRecords().tagValue(1, value.setTagId(1 + random.nextInt(20)).setDouble(random.nextDouble())
                .setSourceTime(133_000_000_000_000_000L + i));
        }
        assertTrue(sender.journal().awaitWritten(30_000));
        final long appended = sender.journal().valuesAppended();
        sender.metricsFile().writeNow();

        final Path file = dir.resolve("journal").resolve("metrics.prom");
        assertEquals(file, sender.metricsFile().file());
        final Exposition scrape = new Exposition(Files.readString(file, StandardCharsets.UTF_8));
        assertEquals(values, appended);
        assertEquals(appended, scrape.value("diodegw_ot_journal_values_appended_total"));
        assertEquals(sender.journal().lastSequence(), scrape.value("diodegw_ot_journal_last_sequence"));
        assertEquals(0, scrape.value("diodegw_replicator_failed"));
        assertEquals("gauge", scrape.type("jvm_memory_used_bytes"));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertNull(sender.metricsServer(), "no port unless sender.metrics.httpPort is set");
    }

    @Test
    void shouldServeTheSameMetricsOnTheLoopbackAddressWhenAPortIsSet() throws Exception
    {
        final int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            port = probe.getLocalPort();
        }
        final Path file = dir.resolve("elsewhere").resolve("sender.prom");
        sender = new SenderMain(config(Map.of("sender.metrics.httpPort", Integer.toString(port),
            "sender.metrics.file", file.toString())));

        final InetSocketAddress bound = sender.metricsServer().address();
        assertTrue(bound.getAddress().isLoopbackAddress(), bound.toString());
        assertEquals(port, bound.getPort());
        final HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/metrics")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertEquals(SenderMetrics.CONTENT_TYPE, response.headers().firstValue("Content-Type").orElseThrow());
        final Exposition scrape = new Exposition(response.body());
        assertTrue(scrape.value("diodegw_replicator_key_announcements_total") >= 1);
        assertTrue(Files.exists(file));
        assertEquals(404, HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/api/status")).GET().build(),
            HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    void shouldShowTheCollectorsSourceStateFromWhatItReported() throws Exception
    {
        sender = new SenderMain(config(Map.of()));
        final SourceStates states = new SourceStates();
        final io.diodegw.sender.opcua.OpcUaCollectorCounters counters = new io.diodegw.sender.opcua
            .OpcUaCollectorCounters();
        sender.metrics().bindCollector(counters, 9, states);
        assertTrue(Double.isNaN(new Exposition(sender.metrics().scrape())
            .value("diodegw_opcua_last_value_age_seconds", "source", "9")));

        states.tap(sender.collectedRecords()).sourceState(new SourceState().sourceId(9)
            .state(SourceState.State.DEGRADED).timeTicks(133_000_000_000_000_000L).reason("2 items refused"));
        final Exposition scrape = new Exposition(sender.metrics().scrape());

        for (final SourceState.State state : SourceState.State.values())
        {
            assertEquals(state == SourceState.State.DEGRADED ? 1 : 0,
                scrape.value("diodegw_opcua_source_state", "source", "9", "state", state.name()), state.name());
        }
    }

    @Test
    void shouldWriteNoFileWhenMetricsAreOff() throws Exception
    {
        sender = new SenderMain(config(Map.of("sender.metrics.enabled", "false")));

        assertNull(sender.metrics());
        assertNull(sender.metricsFile());
        assertFalse(Files.exists(dir.resolve("journal").resolve("metrics.prom")));
    }

    private Config config(final Map<String, String> extra) throws Exception
    {
        final Map<String, String> values = new HashMap<>(Map.of(
            "sender.destination", "127.0.0.1:" + ((InetSocketAddress)destination.getLocalAddress()).getPort(),
            "sender.identityKeyFile", dir.resolve("identity.pem").toString(),
            "sender.receiverPublicKeyFile", dir.resolve("receiver.pub.pem").toString(),
            "sender.journal.dir", dir.resolve("journal").toString(),
            "sender.audit.enabled", "false",
            "sender.linkRateBitsPerSec", "10Mbit/s"));
        values.putAll(extra);
        return ConfigLoader.fromValues(Side.SENDER, "test", values);
    }
}
