package io.diodegw.systest.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.diodegw.demo.Deployment;
import io.diodegw.demo.Deployment.Role;
import io.diodegw.demo.Json;

/**
 * {@code bin/diode status} and the lag alarm end to end, with real processes ({@link Deployment}: simulator, receiver
 * with the file sink, sender): while data flows the status command, run as a child JVM on the receiver's class path,
 * exits 0 and prints the source's row; after the sender is stopped the lag alarm (threshold 3 s) becomes active, the
 * command exits 1 and names it, and the webhook (a JDK HTTP server in this test) receives the RAISED lag event as
 * JSON; after the sender is started again the alarm clears and the webhook receives the CLEARED event.
 */
class StatusCommandIT
{
    private static final int TAGS = 20;
    private static final double UPDATES_PER_SEC = 50;
    private static final int HISTORY_DEPTH = 10;
    private static final long TIMEOUT_MS = 40_000;
    private static final long POLL_MS = 200;
    private static final String STATUS_MAIN = "io.diodegw.receiver.cli.StatusCommand";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> webhookBodies = new CopyOnWriteArrayList<>();
    private Deployment deployment;
    private HttpServer webhook;

    @AfterEach
    void stop()
    {
        if (deployment != null)
        {
            deployment.close();
        }
        if (webhook != null)
        {
            webhook.stop(0);
        }
    }

    @Test
    void shouldExitZeroWhileHealthyAndOneWithTheLagAlarmWhileTheSenderIsStoppedAndDeliverRaiseAndClear()
        throws Exception
    {
        webhook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        webhook.createContext("/alarms", exchange ->
        {
            try (InputStream in = exchange.getRequestBody())
            {
                final String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                if ("POST".equals(exchange.getRequestMethod()) &&
                    String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")).startsWith("application/json"))
                {
                    webhookBodies.add(body);
                }
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        webhook.start();
        final Path work = Files.createTempDirectory("diodegw-status-it-");
        final Deployment.Launch launch = Deployment.Launch.fromSystemProperties();
        deployment = new Deployment(launch, work, new Deployment.Shape(TAGS, UPDATES_PER_SEC, HISTORY_DEPTH, 11),
            System.err);
        deployment.prepare();
        deployment.startSimulator();
        deployment.setting(Role.RECEIVER, "receiver.alarms.lagMs", "3s");
        deployment.setting(Role.RECEIVER, "receiver.alarms.clearAfterMs", "1s");
        deployment.setting(Role.RECEIVER, "receiver.alarms.checkIntervalMs", "200ms");
        deployment.setting(Role.RECEIVER, "receiver.alarms.webhookUrl",
            "http://127.0.0.1:" + webhook.getAddress().getPort() + "/alarms");
        deployment.writeConfigs(List.of("files"), null, null);
        deployment.startReceiver();
        deployment.startSender();

        awaitStatus(status -> sources(status).stream().anyMatch(s -> "CONNECTED".equals(s.get("state"))
            && Deployment.number(Deployment.section(s, "lagRecent"), "count") > 0) && activeAlarms(status).isEmpty(),
            "a connected source with values and no alarm");
        saveStatus(work.resolve("status-healthy.json"));
        final Result healthy = statusCommand(launch);
        assertEquals(0, healthy.exitCode(), healthy.output());
        assertTrue(healthy.output().contains("SOURCE  STATE"), healthy.output());
        assertTrue(healthy.output().lines().anyMatch(line -> line.startsWith("1 ") && line.contains("CONNECTED")),
            healthy.output());
        assertTrue(healthy.output().contains("alarms: none active"), healthy.output());

        deployment.stop(Role.SENDER);
        awaitStatus(status -> activeAlarms(status).stream().anyMatch(StatusCommandIT::isLagOfSource1),
            "the lag alarm of source 1");
        saveStatus(work.resolve("status-alarm.json"));
        final Result alarm = statusCommand(launch);
        assertEquals(1, alarm.exitCode(), alarm.output());
        assertTrue(alarm.output().contains("ALARM lag source 1: "), alarm.output());
        final Map<String, Object> raised = awaitWebhook("RAISED");
        assertEquals(3000L, Deployment.number(raised, "threshold"), raised.toString());
        assertTrue(Deployment.number(raised, "value") >= 3000, raised.toString());
        assertTrue(String.valueOf(raised.get("message")).contains("behind"), raised.toString());

        deployment.startSender();
        awaitStatus(status -> activeAlarms(status).stream().noneMatch(StatusCommandIT::isLagOfSource1)
            && recent(status).stream().anyMatch(e -> "CLEARED".equals(e.get("event")) && isLagOfSource1(e)),
            "the lag alarm of source 1 cleared");
        final Map<String, Object> cleared = awaitWebhook("CLEARED");
        assertTrue(Deployment.number(cleared, "value") < 3000, cleared.toString());
        saveStatus(work.resolve("status-cleared.json"));
        System.err.println("status-it: status samples in " + work);
    }

    private static boolean isLagOfSource1(final Map<String, Object> alarm)
    {
        return "lag".equals(alarm.get("kind")) && "source 1".equals(alarm.get("subject"));
    }

    private Map<String, Object> awaitWebhook(final String event) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        while (System.nanoTime() - deadline < 0)
        {
            for (final String body : webhookBodies)
            {
                final Map<String, Object> json = Json.parseObject(body);
                if (event.equals(json.get("event")) && isLagOfSource1(json))
                {
                    return json;
                }
            }
            Thread.sleep(POLL_MS);
        }
        throw new AssertionError("the webhook received no " + event + " lag event within " + TIMEOUT_MS + " ms: "
            + webhookBodies);
    }

    private Map<String, Object> awaitStatus(final Predicate<Map<String, Object>> condition, final String what)
        throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        Map<String, Object> status = Map.of();
        while (System.nanoTime() - deadline < 0)
        {
            status = deployment.status();
            if (condition.test(status))
            {
                return status;
            }
            Thread.sleep(POLL_MS);
        }
        throw new AssertionError("no " + what + " within " + TIMEOUT_MS + " ms: " + status);
    }

    private void saveStatus(final Path file) throws IOException, InterruptedException
    {
        final HttpResponse<String> response = http.send(HttpRequest.newBuilder(deployment.api().resolve("/api/status"))
            .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        Files.writeString(file, response.body(), StandardCharsets.UTF_8);
    }

    private Result statusCommand(final Deployment.Launch launch) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>(List.of(launch.java(), "-cp", launch.receiverCp(), STATUS_MAIN,
            "--url", deployment.api().toString()));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(TIMEOUT_MS, TimeUnit.MILLISECONDS))
        {
            process.destroyForcibly();
            throw new AssertionError("the status command did not end: " + output);
        }
        System.err.println("status-it: exit " + process.exitValue() + "\n" + output);
        return new Result(process.exitValue(), output);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> sources(final Map<String, Object> status)
    {
        final Object list = status.get("sources");
        return list instanceof List ? (List<Map<String, Object>>)list : List.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> activeAlarms(final Map<String, Object> status)
    {
        final Object list = Deployment.section(status, "alarms").get("active");
        return list instanceof List ? (List<Map<String, Object>>)list : List.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> recent(final Map<String, Object> status)
    {
        final Object list = Deployment.section(status, "alarms").get("recent");
        return list instanceof List ? (List<Map<String, Object>>)list : List.of();
    }

    private record Result(int exitCode, String output)
    {
    }
}
