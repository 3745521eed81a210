package io.diodegw.receiver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

/**
 * The status command against canned {@code /api/status} answers of a real run (StatusCommandIT: healthy while data
 * flowed; with the stale-tags and lag alarms 3 s after the sender stopped).
 */
class StatusCommandTest
{
    private static final String URL = "http://127.0.0.1:8080";
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private HttpServer server;

    @AfterEach
    void stopServer()
    {
        if (server != null)
        {
            server.stop(0);
        }
    }

    private static String canned(final String name) throws IOException
    {
        try (InputStream in = StatusCommandTest.class.getResourceAsStream(name))
        {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private int run(final StatusCommand.Fetcher fetcher, final String... args) throws InterruptedException
    {
        return StatusCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), fetcher);
    }

    private String out()
    {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err()
    {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldPrintTheSourceTableAndExitZeroWhenNoAlarmIsActive() throws Exception
    {
        final String body = canned("status-healthy.json");
        assertEquals(0, run(options -> body, "--url", URL));
        assertEquals("""
            receiver http://127.0.0.1:8080 at 2026-11-23T19:37:28.991Z: OK, no alarm active
            link: sender epoch 117667439311675182, heard 16ms ago; open gaps 0; unrecoverable blocks 0
            SOURCE  STATE      LAG P99 1M  LAST UPDATE  BACKLOG AGE  STALE TAGS  OPEN GAPS
            1       CONNECTED  799ms       135ms ago    0ms          0           0
            alarms: none active (raised 0, cleared 0 since the receiver started)
            """, out());
        assertEquals("", err());
    }

    @Test
    void shouldNameEveryActiveAlarmAndExitOneWhenAThresholdIsCrossed() throws Exception
    {
        final String body = canned("status-alarm.json");
        assertEquals(1, run(options -> body, "--url", URL));
        final String[] lines = out().split("\n");
        assertEquals("receiver http://127.0.0.1:8080 at 2026-11-23T19:37:39.021Z: ALARM, 2 active", lines[0]);
        assertEquals("link: sender epoch 117667439311675182, heard 3.3s ago; open gaps 0; unrecoverable blocks 0",
            lines[1]);
        assertEquals("1       DISCONNECTED  799ms       3.7s ago     0ms          20          0", lines[3]);
        assertEquals("alarms: 2 active (raised 2, cleared 0)", lines[4]);
        assertEquals("  ALARM staleTags source 1: 20 >= 1 since 2026-11-23T19:37:35.826Z", lines[5]);
        assertEquals("  ALARM lag source 1: 3155 >= 3000 since 2026-11-23T19:37:38.866Z", lines[7]);
        assertTrue(lines[8].startsWith("    source 1 is 3155 ms behind the plant (threshold 3000 ms)"), lines[8]);
        assertEquals(9, lines.length);
    }

    @Test
    void shouldPrintACompactJsonSummaryWithTheSameExitCode() throws Exception
    {
        final String body = canned("status-alarm.json");
        assertEquals(1, run(options -> body, "--json", "--url", URL));
        assertEquals(1, out().strip().lines().count());
        final JsonNode json = new ObjectMapper().readTree(out());
        assertEquals(URL, json.get("url").asText());
        assertEquals(false, json.get("healthy").asBoolean());
        assertEquals(1, json.get("exitCode").asInt());
        assertEquals(3310, json.get("link").get("sinceHeardMs").asLong());
        final JsonNode source = json.get("sources").get(0);
        assertEquals(1, source.get("sourceId").asLong());
        assertEquals("DISCONNECTED", source.get("state").asText());
        assertEquals(799, source.get("lagP99Ms").asLong());
        assertEquals(3728, source.get("sinceLastUpdateMs").asLong());
        assertEquals(0, source.get("backlogAgeMs").asLong());
        assertEquals(20, source.get("staleTags").asLong());
        assertEquals(0, source.get("openGaps").asLong());
        assertEquals("lag", json.get("alarms").get("active").get(1).get("kind").asText());
        assertEquals(3155, json.get("alarms").get("active").get(1).get("value").asLong());
        assertEquals(2, json.get("alarms").get("raised").asLong());

        out.reset();
        final String healthy = canned("status-healthy.json");
        assertEquals(0, run(options -> healthy, "--json"));
        assertEquals(true, new ObjectMapper().readTree(out()).get("healthy").asBoolean());
    }

    @Test
    void shouldCountOpenGapsPerSourceAndShowUnknownFiguresAsDashes() throws Exception
    {
        final String body = """
            {"time":"2026-11-23T19:00:00Z","sources":[{"sourceId":1,"state":null,"sinceLastUpdateMs":null,
             "lagRecent":{"p99Ms":null}},{"sourceId":2,"state":"CONNECTED","sinceLastUpdateMs":125000,
             "lagRecent":{"p99Ms":7300000},"tagsUncertain":3,"tagsBad":4}],
             "link":{"senderEpoch":null,"sinceHeardMs":null},"sender":null,
             "gaps":{"open":3,"openGaps":[{"sources":[1,2]},{"sources":[2]},{"sources":[]}]},
             "alarms":{"active":[],"raised":0,"cleared":0,"recent":[]}}
            """;
        assertEquals(0, run(options -> body));
        final String[] lines = out().split("\n");
        assertEquals("link: sender never heard; open gaps 3; unrecoverable blocks 0", lines[1]);
        assertEquals("1       -          -           -            -            0           2", lines[3]);
        assertEquals("2       CONNECTED  2h01m       2m05s ago    -            7           3", lines[4]);
    }

    @Test
    void shouldExitTwoWhenTheReceiverCannotBeReachedOrDoesNotAnswerWithAStatus() throws Exception
    {
        assertEquals(2, run(options ->
        {
            throw new IOException("cannot reach the receiver at 127.0.0.1:8080: ConnectException");
        }, "--url", URL));
        assertEquals("status: http://127.0.0.1:8080/api/status: cannot reach the receiver at 127.0.0.1:8080: "
            + "ConnectException\n", err());
        assertEquals("", out());

        err.reset();
        assertEquals(2, run(options -> "<html>proxy error</html>", "--url", URL));
        assertTrue(err().startsWith("status: http://127.0.0.1:8080/api/status: "), err());

        err.reset();
        assertEquals(2, run(options -> "{\"sources\":[]}", "--url", URL, "--json"));
        assertTrue(err().contains("has no alarms section"), err());
        final JsonNode json = new ObjectMapper().readTree(out());
        assertEquals(2, json.get("exitCode").asInt());
        assertTrue(json.get("error").asText().contains("has no alarms section"), out());
    }

    @Test
    void shouldExit64WithUsageForBadArguments() throws Exception
    {
        final StatusCommand.Fetcher never = options ->
        {
            throw new AssertionError("must not fetch");
        };
        assertEquals(64, run(never, "--verbose"));
        assertTrue(err().startsWith("status: unknown argument '--verbose'\nusage: bin/diode status "), err());
        err.reset();
        assertEquals(64, run(never, "--url"));
        assertTrue(err().startsWith("status: --url needs a value\n"), err());
        err.reset();
        assertEquals(64, run(never, "--url", "ftp://receiver:21"));
        assertTrue(err().startsWith("status: --url ftp://receiver:21 must be an http:// or https:// URL"), err());
        assertEquals("", out());
        assertEquals(0, run(never, "--help"));
        assertTrue(out().startsWith("usage: bin/diode status [--url URL] [--json] [--token-file FILE] [--ca-file PEM]"));
    }

    @Test
    void shouldDefaultToTheReceiversDefaultHttpBindAndAcceptTheFullStatusUrl()
    {
        assertEquals("http://127.0.0.1:8080", StatusCommand.parse(new String[0]).baseUrl().toString());
        assertEquals("https://rx.example:8443", StatusCommand.parse(new String[] {"--url",
            "https://rx.example:8443/api/status/"}).baseUrl().toString());
    }

    @Test
    void shouldFetchOverHttpWithTheBearerTokenAndReportAnHttpErrorAsExitTwo(@TempDir final Path dir) throws Exception
    {
        final String body = canned("status-healthy.json");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/status", exchange ->
        {
            final boolean authorized = ("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"));
            final byte[] answer = (authorized ? body : "{\"error\":\"unauthorized\",\"status\":401}")
                .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(authorized ? 200 : 401, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        final String url = "http://127.0.0.1:" + server.getAddress().getPort();
        final Path tokenFile = Files.writeString(dir.resolve("token"), "# reader\n\n" + TOKEN + "\n");

        assertEquals(0, run(StatusCommand::http, "--url", url, "--token-file", tokenFile.toString()));
        assertTrue(out().contains("1       CONNECTED  799ms"), out());

        assertEquals(2, run(StatusCommand::http, "--url", url));
        assertEquals("status: " + url + "/api/status: the receiver answered HTTP 401: "
            + "{\"error\":\"unauthorized\",\"status\":401}\n", err());
    }

    @Test
    void shouldFormatDurationsForPeople()
    {
        assertEquals("-", StatusReport.duration(-1));
        assertEquals("0ms", StatusReport.duration(0));
        assertEquals("999ms", StatusReport.duration(999));
        assertEquals("1.0s", StatusReport.duration(1_000));
        assertEquals("59.9s", StatusReport.duration(59_999));
        assertEquals("1m00s", StatusReport.duration(60_000));
        assertEquals("59m59s", StatusReport.duration(3_599_999));
        assertEquals("1h00m", StatusReport.duration(3_600_000));
        assertEquals("26h03m", StatusReport.duration(93_780_000));
    }
}
