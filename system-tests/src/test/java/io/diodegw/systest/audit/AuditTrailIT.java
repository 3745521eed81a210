package io.diodegw.systest.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.diodegw.demo.Deployment;
import io.diodegw.demo.Deployment.Role;
import io.diodegw.demo.Json;

/**
 * The audit trail end to end, with real processes ({@link Deployment}): simulator, receiver and sender start; the
 * simulator is stopped and started again, so the sender's OPC UA source disconnects and reconnects. The OT events
 * (sender start with its configuration hash, source disconnected, source connected) must cross the diode as
 * AUDIT_EVENT records and appear in the IT audit log with origin OT, their stream sequence and sender epoch, next to
 * the receiver's own events (start, session key installed); the file sink must hold the same OT records as
 * {@code audit} objects (same event ids). The audit log must be mode 0600.
 */
class AuditTrailIT
{
    private static final int TAGS = 20;
    private static final double UPDATES_PER_SEC = 100;
    private static final int HISTORY_DEPTH = 50;
    private static final long TIMEOUT_MS = 45_000;
    private static final long POLL_MS = 250;

    private Deployment deployment;

    @AfterEach
    void stop()
    {
        if (deployment != null)
        {
            deployment.close();
        }
    }

    @Test
    void shouldCarryTheSendersAuditEventsIntoTheItAuditLogAndTheFileSink() throws Exception
    {
        final Path work = Files.createTempDirectory("diodegw-audit-it-");
        deployment = new Deployment(Deployment.Launch.fromSystemProperties(), work,
            new Deployment.Shape(TAGS, UPDATES_PER_SEC, HISTORY_DEPTH, 3), System.err);
        deployment.prepare();
        deployment.startSimulator();
        deployment.setting(Role.SENDER, "sender.opcua.reconnectMinDelayMs", "200ms");
        deployment.setting(Role.SENDER, "sender.opcua.reconnectMaxDelayMs", "1s");
        deployment.writeConfigs(List.of("files"), null, null);
        deployment.startReceiver();
        deployment.startSender();
        final Path auditFile = work.resolve("audit.jsonl");

        awaitLines(auditFile, line -> isOt(line, "source.connected"), "the first source.connected of OT");
        deployment.stop(Role.SIMULATOR);
        awaitLines(auditFile, line -> isOt(line, "source.disconnected"), "source.disconnected of OT");
        deployment.startSimulator();
        awaitLines(auditFile, line -> isOt(line, "source.connected"), "a second source.connected of OT", 2);

        final List<Map<String, Object>> lines = readLines(auditFile);
        final Map<String, Object> start = only(lines, line -> isOt(line, "sender.start"));
        assertTrue(String.valueOf(start.get("message")).matches(".*configSha256=[0-9a-f]{64}.*"), start.toString());
        assertEquals("configuration", start.get("category"));
        assertTrue(start.get("streamSequence") instanceof Number, start.toString());
        assertTrue(start.containsKey("senderEpoch"), start.toString());
        final Map<String, Object> disconnected = first(lines, line -> isOt(line, "source.disconnected"));
        assertEquals("failure", disconnected.get("result"));
        assertTrue(String.valueOf(disconnected.get("message")).contains("reason="), disconnected.toString());
        final Map<String, Object> receiverStart = first(lines, line -> isIt(line, "receiver.start"));
        assertTrue(String.valueOf(receiverStart.get("configSha256")).matches("[0-9a-f]{64}"), receiverStart.toString());
        final Map<String, Object> key = first(lines, line -> isIt(line, "session-key.installed"));
        assertEquals(String.valueOf(start.get("senderEpoch")), String.valueOf(key.get("senderEpoch")));
        assertTrue(String.valueOf(key.get("senderKey")).length() >= 16, key.toString());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(auditFile)));

        final TreeSet<String> otEventIds = new TreeSet<>();
        for (final Map<String, Object> line : lines)
        {
            if ("OT".equals(line.get("origin")))
            {
                otEventIds.add(String.valueOf(line.get("eventId")));
            }
        }
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        TreeSet<String> delivered = new TreeSet<>();
        while (System.nanoTime() - deadline < 0)
        {
            delivered = deliveredAuditEventIds(work.resolve("delivery"));
            if (delivered.containsAll(otEventIds))
            {
                break;
            }
            Thread.sleep(POLL_MS);
        }
        assertTrue(delivered.containsAll(otEventIds), "file sink audit objects " + delivered + " lack some of the "
            + "OT events in the audit log " + otEventIds);
    }

    private static boolean isOt(final Map<String, Object> line, final String type)
    {
        return "OT".equals(line.get("origin")) && type.equals(line.get("type"));
    }

    private static boolean isIt(final Map<String, Object> line, final String type)
    {
        return "IT".equals(line.get("origin")) && type.equals(line.get("type"));
    }

    private void awaitLines(final Path file, final Predicate<Map<String, Object>> match, final String what)
        throws Exception
    {
        awaitLines(file, match, what, 1);
    }

    private void awaitLines(final Path file, final Predicate<Map<String, Object>> match, final String what,
        final int count) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        while (System.nanoTime() - deadline < 0)
        {
            deployment.checkAlive();
            if (Files.exists(file) && readLines(file).stream().filter(match).count() >= count)
            {
                return;
            }
            Thread.sleep(POLL_MS);
        }
        throw new AssertionError("no " + what + " in " + file + " within " + TIMEOUT_MS + " ms: "
            + (Files.exists(file) ? Files.readString(file) : "no file"));
    }

    private static List<Map<String, Object>> readLines(final Path file) throws IOException
    {
        final List<Map<String, Object>> lines = new ArrayList<>();
        for (final String line : Files.readAllLines(file, StandardCharsets.UTF_8))
        {
            if (!line.isBlank())
            {
                lines.add(Json.parseObject(line));
            }
        }
        return lines;
    }

    private static Map<String, Object> first(final List<Map<String, Object>> lines,
        final Predicate<Map<String, Object>> match)
    {
        return lines.stream().filter(match).findFirst().orElseThrow(() -> new AssertionError("no match in " + lines));
    }

    private static Map<String, Object> only(final List<Map<String, Object>> lines,
        final Predicate<Map<String, Object>> match)
    {
        final List<Map<String, Object>> found = lines.stream().filter(match).toList();
        assertEquals(1, found.size(), "expected exactly one in " + lines);
        return found.get(0);
    }

    private static TreeSet<String> deliveredAuditEventIds(final Path dir) throws IOException
    {
        final TreeSet<String> ids = new TreeSet<>();
        if (!Files.isDirectory(dir))
        {
            return ids;
        }
        final List<Path> files;
        try (Stream<Path> walk = Files.walk(dir))
        {
            files = walk.filter(p -> p.getFileName().toString().endsWith(".jsonl.gz")).toList();
        }
        for (final Path file : files)
        {
            final String text;
            try (InputStream in = new GZIPInputStream(Files.newInputStream(file)))
            {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            catch (final IOException ex)
            {
                continue;
            }
            for (final String line : text.split("\n"))
            {
                if (line.contains("\"kind\":\"audit\""))
                {
                    final Map<String, Object> object = Json.parseObject(line);
                    assertEquals("OT", object.get("origin"), line);
                    ids.add(String.valueOf(object.get("eventId")));
                }
            }
        }
        return ids;
    }
}
