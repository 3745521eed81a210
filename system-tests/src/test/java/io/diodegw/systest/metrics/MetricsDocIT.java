package io.diodegw.systest.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.diodegw.demo.Deployment;
import io.diodegw.demo.Deployment.Role;

/**
 * docs/metrics.md against real scrapes: the simulator, receiver and sender run as processes ({@link Deployment},
 * file sink, {@code sender.metrics.file} set); once values flow and the sender's status has reached the receiver,
 * the receiver's {@code GET /metrics} and the sender's metrics file are read. Every family a scrape shows must be
 * documented for that side with its type, and every family documented for a side as appearing {@code always} must
 * be in its scrape. The failure message lists the names missing either way.
 */
class MetricsDocIT
{
    private static final int TAGS = 40;
    private static final double UPDATES_PER_SEC = 200;
    private static final int HISTORY_DEPTH = 100;
    private static final long READY_TIMEOUT_MS = 90_000;
    private static final long POLL_MS = 250;
    private static final String METRICS_INTERVAL_MS = "1000";

    private static Deployment deployment;
    private static Path senderMetrics;
    private static String receiverScrape;
    private static String senderScrape;

    @BeforeAll
    static void startAndScrapeOnceValuesFlow() throws Exception
    {
        final Path work = Files.createTempDirectory("diodegw-metrics-it-");
        deployment = new Deployment(Deployment.Launch.fromSystemProperties(), work,
            new Deployment.Shape(TAGS, UPDATES_PER_SEC, HISTORY_DEPTH, 1), System.err);
        deployment.prepare();
        senderMetrics = work.resolve("sender-metrics").resolve("sender.prom");
        deployment.setting(Role.SENDER, "sender.metrics.file", senderMetrics.toString());
        deployment.setting(Role.SENDER, "sender.metrics.intervalMs", METRICS_INTERVAL_MS);
        deployment.startSimulator();
        deployment.writeConfigs(List.of("files"), null, null);
        deployment.startReceiver();
        deployment.startSender();
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_TIMEOUT_MS);
        while (true)
        {
            deployment.checkAlive();
            final Map<String, Object> status = deployment.status();
            if (Deployment.number(Deployment.section(status, "table"), "liveValuesApplied") > TAGS
                && status.get("sender") != null && Files.exists(senderMetrics))
            {
                senderScrape = Files.readString(senderMetrics, StandardCharsets.UTF_8);
                if (new ScrapedFamilies(senderScrape).first("diodegw_opcua_values_received_total") > 0)
                {
                    break;
                }
            }
            if (System.nanoTime() - deadline > 0)
            {
                throw new IOException("values did not flow within " + READY_TIMEOUT_MS + " ms; see " + work);
            }
            Thread.sleep(POLL_MS);
        }
        final HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            deployment.api().resolve("/metrics")).timeout(Duration.ofSeconds(10)).GET().build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("text/plain; version=0.0.4; charset=utf-8",
            response.headers().firstValue("Content-Type").orElse(""));
        receiverScrape = response.body();
        Files.writeString(work.resolve("receiver-scrape.txt"), receiverScrape, StandardCharsets.UTF_8);
    }

    @AfterAll
    static void stop()
    {
        if (deployment != null)
        {
            deployment.close();
        }
    }

    @Test
    void shouldDocumentEveryFamilyOfTheReceiversScrapeAndScrapeEveryFamilyDocumentedForIt() throws Exception
    {
        assertMatches("receiver", new ScrapedFamilies(receiverScrape));
    }

    @Test
    void shouldDocumentEveryFamilyOfTheSendersMetricsFileAndWriteEveryFamilyDocumentedForIt() throws Exception
    {
        assertMatches("sender", new ScrapedFamilies(senderScrape));
    }

    @Test
    void shouldShowFlowingDataInBothScrapes()
    {
        final ScrapedFamilies receiver = new ScrapedFamilies(receiverScrape);
        final ScrapedFamilies sender = new ScrapedFamilies(senderScrape);
        assertTrue(receiver.first("diodegw_link_datagrams_received_total") > 0, receiverScrape);
        assertTrue(receiver.first("diodegw_source_lag_seconds_count") > 0, receiverScrape);
        assertTrue(receiver.first("diodegw_ot_backlog_records") >= 0, receiverScrape);
        assertTrue(sender.first("diodegw_replicator_datagrams_total") > 0, senderScrape);
        assertTrue(sender.first("diodegw_ot_journal_records_appended_total") > 0, senderScrape);
    }

    private static void assertMatches(final String side, final ScrapedFamilies scraped) throws IOException
    {
        final MetricsDoc doc = MetricsDoc.read(repository());
        final List<String> undocumented = new ArrayList<>();
        final List<String> wrongType = new ArrayList<>();
        for (final Map.Entry<String, String> family : scraped.types().entrySet())
        {
            final MetricsDoc.Row row = doc.rows().get(family.getKey());
            if (row == null || !row.on(side))
            {
                undocumented.add(family.getKey() + " (" + family.getValue() + ")");
            }
            else if (!row.type().equals(family.getValue()))
            {
                wrongType.add(family.getKey() + ": documented " + row.type() + ", scraped " + family.getValue());
            }
        }
        final List<String> missing = doc.rowsOn(side).stream()
            .filter(r -> MetricsDoc.ALWAYS.equals(r.appears()) && !scraped.types().containsKey(r.name()))
            .map(MetricsDoc.Row::name).toList();
        assertEquals(List.of(), scraped.orphans(), side + ": samples of no family");
        assertEquals(List.of(), wrongType, side + ": types differ from docs/metrics.md");
        assertEquals(List.of(), undocumented, side + ": scraped but not documented for the " + side +
            " in docs/metrics.md");
        assertEquals(List.of(), missing, side + ": documented for the " + side + " as always present, but not scraped");
    }

    private static Path repository()
    {
        return Path.of(System.getProperty("diodegw.home", "..")).toAbsolutePath().normalize();
    }
}
