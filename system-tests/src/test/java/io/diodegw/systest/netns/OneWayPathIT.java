package io.diodegw.systest.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.diodegw.config.ConfigLoader;
import io.diodegw.config.Side;
import io.diodegw.wire.crypto.KeygenCommand;

/**
 * The one-way path between two network namespaces with real processes on both ends: OT -&gt; IT works (with and
 * without loss, every lost frame counted by nftables), IT -&gt; OT carries nothing, nothing is left behind, and the
 * real product ({@code bin/diode simulator} and {@code send} in OT, {@code receive} in IT, from the packaged jars)
 * mirrors every tag across the path at 1 % loss, repairing the loss with FEC. Needs root and {@code ip}/{@code nft};
 * skipped elsewhere.
 */
class OneWayPathIT
{
    private static final int PORT = 47_001;
    private static final long READY_TIMEOUT_MS = 20_000;
    private static final long EXIT_TIMEOUT_MS = 30_000;
    private static final int CONNECT_TIMEOUT_MS = 2_000;
    private static final int PRODUCT_LOSS_PERCENT = 1;
    private static final int PRODUCT_TAGS = 200;
    private static final int PRODUCT_UPDATES_PER_SEC = 1_000;
    private static final int PRODUCT_UDP_PORT = 47_002;
    private static final int SIMULATOR_PORT = 4840;
    private static final int HTTP_PORT = 8080;
    private static final long PRODUCT_RUN_MS = 10_000;
    private static final long START_TIMEOUT_MS = 60_000;
    private static final long CONVERGE_TIMEOUT_MS = 30_000;
    private static final String HTTP_STATUS = "/api/status";
    private static final String HTTP_TAGS = "/api/tags";

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();
    private final List<OneWayPath> paths = new ArrayList<>();
    private int outputs;

    @BeforeAll
    static void requireNamespaces()
    {
        final String reason = OneWayPath.unavailableReason();
        assumeTrue(reason == null, () -> "one-way path tests skipped: " + reason);
    }

    @AfterEach
    void stopEverything()
    {
        processes.forEach(OneWayPath::stop);
        paths.forEach(OneWayPath::close);
    }

    @Test
    void shouldDeliverEveryDatagramFromOtToItAndSendNothingBack() throws Exception
    {
        final int count = 2_000;
        final OneWayPath path = path(0);
        final Probe receiver = probe(path, path.itNamespace(), "count", path.itAddress(), PORT);
        receiver.awaitReady();

        final Probe sender = probe(path, path.otNamespace(), "send", path.itAddress(), PORT, count);
        assertEquals("SENT " + count + " ERRORS 0", sender.awaitResult());
        assertEquals("RECEIVED " + count + " DISTINCT " + count, receiver.stopAndAwaitResult());
        assertEquals(0, path.otLossDropped());
        assertEquals(0, path.itEgressDropped(), "IT sent no frame at all while receiving");
        assertEquals(count, path.itReceivedFrames());
        assertEquals(0, path.otReceivedFrames());
    }

    @Test
    void shouldLoseAboutTheConfiguredShareAndCountEveryLostFrame() throws Exception
    {
        final int count = 4_000;
        final int lossPercent = 5;
        final OneWayPath path = path(lossPercent);
        final Probe receiver = probe(path, path.itNamespace(), "count", path.itAddress(), PORT);
        receiver.awaitReady();

        final Probe sender = probe(path, path.otNamespace(), "send", path.itAddress(), PORT, count);
        assertEquals("SENT " + count + " ERRORS 0", sender.awaitResult());
        final String[] result = receiver.stopAndAwaitResult().split(" ");
        final long received = Long.parseLong(result[1]);
        final long lost = path.otLossDropped();
        System.out.println("one-way path, " + lossPercent + " % loss: sent " + count + ", received " + received
            + ", nft loss counter " + lost + ", IT egress drop counter " + path.itEgressDropped());

        assertEquals(received, Long.parseLong(result[3]), "no duplicates on the path");
        assertEquals(count, received + lost, "every datagram arrived or was dropped by the loss rule");
        final double mean = count * lossPercent / 100.0;
        final double sd = Math.sqrt(mean * (1 - lossPercent / 100.0));
        // 6 standard deviations: a correct rule fails this about once in 500 million runs
        assertTrue(Math.abs(lost - mean) <= 6 * sd, lost + " lost of " + count + ", expected " + mean + " +- " + 6 * sd);
        assertEquals(received, path.itReceivedFrames(), "the loss happened before the wire");
        assertEquals(0, path.itEgressDropped(), "IT sent no frame at all while receiving");
        assertEquals(0, path.otReceivedFrames());
    }

    @Test
    void shouldCarryNothingFromItToOt() throws Exception
    {
        final int count = 200;
        final int controlCount = 10;
        final OneWayPath path = path(0);
        final Probe listener = probe(path, path.otNamespace(), "listen", path.otAddress(), PORT);
        listener.awaitReady();
        final long droppedBefore = path.itEgressDropped();

        final Probe itSender = probe(path, path.itNamespace(), "send", path.otAddress(), PORT, count);
        final Probe itConnect = probe(path, path.itNamespace(), "connect", path.otAddress(), PORT, CONNECT_TIMEOUT_MS);
        assertEquals("SENT " + count + " ERRORS 0", itSender.awaitResult());
        final String connect = itConnect.awaitResult();
        assertTrue(connect.startsWith("NOT_CONNECTED"), connect);
        final long droppedFromIt = path.itEgressDropped() - droppedBefore;
        System.out.println("one-way path, IT -> OT: " + count + " datagrams and a TCP connect (" + connect
            + "); IT egress drop counter " + droppedBefore + " -> " + (droppedBefore + droppedFromIt));

        // the listener does count what reaches it: the same traffic from inside OT arrives
        final Probe otSender = probe(path, path.otNamespace(), "send", path.otAddress(), PORT, controlCount);
        final Probe otConnect = probe(path, path.otNamespace(), "connect", path.otAddress(), PORT, CONNECT_TIMEOUT_MS);
        assertEquals("SENT " + controlCount + " ERRORS 0", otSender.awaitResult());
        assertEquals("CONNECTED", otConnect.awaitResult());

        assertEquals("UDP " + controlCount + " TCP 1", listener.stopAndAwaitResult(),
            "only OT's own control traffic reached the OT listener");
        assertTrue(droppedFromIt >= count + 1,
            droppedFromIt + " frames dropped on IT egress for " + count + " datagrams and at least one SYN");
        assertEquals(0, path.otReceivedFrames(), "OT's end of the veth never received a frame");
        assertEquals(0, path.otLossDropped());
    }

    @Test
    void shouldLeaveNoNamespaceOrVethAfterClose() throws Exception
    {
        final OneWayPath path = OneWayPath.create(5);
        try
        {
            final Probe listener = probe(path, path.itNamespace(), "listen", path.itAddress(), PORT);
            listener.awaitReady();
            assertTrue(OneWayPath.namespaces().contains(path.otNamespace()));
            assertTrue(OneWayPath.namespaces().contains(path.itNamespace()));

            path.close();

            assertFalse(listener.process.isAlive(), "close() stopped the process left in a namespace");
            final List<String> namespaces = OneWayPath.namespaces();
            assertFalse(namespaces.contains(path.otNamespace()), namespaces.toString());
            assertFalse(namespaces.contains(path.itNamespace()), namespaces.toString());
            assertFalse(OneWayPath.linkExists(path.otInterface()));
            assertFalse(OneWayPath.linkExists(path.itInterface()));
            final String links = OneWayPath.run("ip", "link");
            assertFalse(links.contains(path.otInterface()) || links.contains(path.itInterface()), links);
            path.close();
        }
        finally
        {
            path.close();
        }
    }

    @Test
    void shouldRemoveWhatWasCreatedWhenTheSetUpFailsAndNameTheFailingCommand()
    {
        final String suffix = ProcessHandle.current().pid() + "-" + (OneWayPath.INSTANCES.get() + 1);
        final String blocker = "dgwo-" + suffix;
        OneWayPath.run("ip", "link", "add", blocker, "type", "veth", "peer", "name", "dgwb-" + suffix);
        try
        {
            final OneWayPath.CommandFailedException e =
                assertThrows(OneWayPath.CommandFailedException.class, () -> path(0));
            assertTrue(e.getMessage().contains("'ip link add " + blocker + " type veth")
                && e.getMessage().contains("exists"), e.getMessage());
            final List<String> namespaces = OneWayPath.namespaces();
            assertFalse(namespaces.contains("dgw-ot-" + suffix) || namespaces.contains("dgw-it-" + suffix),
                namespaces.toString());
        }
        finally
        {
            if (OneWayPath.linkExists(blocker))
            {
                OneWayPath.run("ip", "link", "del", blocker);
            }
        }
    }

    @Test
    void shouldMirrorEveryTagAndRepairTheLossWhenTheProductRunsAcrossThePath() throws Exception
    {
        final Path home = diodeHome();
        for (final String module : List.of("plant-simulator", "sender-ot", "receiver-it"))
        {
            assertTrue(Files.isDirectory(home.resolve(module).resolve("target").resolve("lib")),
                module + " is not packaged: run `mvn -o -q -DskipTests install` first (bin/diode runs the jars)");
        }
        final OneWayPath path = path(PRODUCT_LOSS_PERCENT);
        final Path keys = Files.createDirectories(dir.resolve("keys"));
        final ByteArrayOutputStream keygenLog = new ByteArrayOutputStream();
        try (PrintStream log = new PrintStream(keygenLog, true, StandardCharsets.UTF_8))
        {
            assertEquals(0, KeygenCommand.run(new String[] {"--sender", keys.toString(), "--receiver",
                keys.toString()}, new SecureRandom(), log, log), keygenLog.toString(StandardCharsets.UTF_8));
        }

        final Probe simulator = diode(path, path.otNamespace(), "simulator", "--host", "127.0.0.1", "--port",
            Integer.toString(SIMULATOR_PORT), "--tags", Integer.toString(PRODUCT_TAGS), "--rate",
            Integer.toString(PRODUCT_UPDATES_PER_SEC), "--seed", "7");
        final String endpoint = simulator.awaitLine(0, "opc.tcp://", START_TIMEOUT_MS);
        final String link = path.itAddress() + ":" + PRODUCT_UDP_PORT;
        final Path receiverYaml = write("receiver.yaml",
            "receiver:",
            "  bind: " + link,
            "  journal:",
            "    dir: " + quote(dir.resolve("receiver-journal")),
            "  privateKeyFile: " + quote(keys.resolve(KeygenCommand.RECEIVER_PRIVATE)),
            "  trustedSenderKeyFiles:",
            "    - " + quote(keys.resolve(KeygenCommand.SENDER_PUBLIC)),
            "  http:",
            "    enabled: true",
            "    bind: 127.0.0.1:" + HTTP_PORT,
            "  sinks:",
            "    files:",
            "      enabled: true",
            "      dir: " + quote(dir.resolve("delivery")));
        final Path senderYaml = write("sender.yaml",
            "sender:",
            "  destination: " + link,
            "  linkRateBitsPerSec: 20Mbit/s",
            "  journal:",
            "    dir: " + quote(dir.resolve("sender-journal")),
            "  identityKeyFile: " + quote(keys.resolve(KeygenCommand.SENDER_PRIVATE)),
            "  receiverPublicKeyFile: " + quote(keys.resolve(KeygenCommand.RECEIVER_PUBLIC)),
            "  snapshot:",
            "    periodMs: 5s",
            "  opcua:",
            "    endpointUrl: " + quote(endpoint),
            "    security: NONE");
        ConfigLoader.load(Side.RECEIVER, receiverYaml, Map.of());
        ConfigLoader.load(Side.SENDER, senderYaml, Map.of());

        final Probe receiver = diode(path, path.itNamespace(), "receive", "--config", receiverYaml.toString());
        final Probe api = probe(path, path.itNamespace(), "fetch");
        awaitStatus(api, receiver, status -> true);
        final Probe sender = diode(path, path.otNamespace(), "send", "--config", senderYaml.toString());
        awaitStatus(api, sender, status -> number(section(status, "table"), "tags") >= PRODUCT_TAGS);
        Thread.sleep(PRODUCT_RUN_MS);

        simulator.tell("pause");
        simulator.awaitLine(1, "paused", EXIT_TIMEOUT_MS);
        final Path dump = dir.resolve("plant.jsonl");
        simulator.tell("dump " + dump);
        assertEquals("dumped " + PRODUCT_TAGS, simulator.awaitLine(1, "dumped", EXIT_TIMEOUT_MS));
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CONVERGE_TIMEOUT_MS);
        List<String> differences;
        do
        {
            Thread.sleep(500);
            differences = MirrorCheck.differences(Files.readAllLines(dump),
                body(api.fetch(api(HTTP_TAGS + "?limit=" + PRODUCT_TAGS)), api));
        }
        while (!differences.isEmpty() && System.nanoTime() < deadlineNs);
        assertEquals(List.of(), differences.subList(0, Math.min(10, differences.size())),
            differences.size() + " tags differ; sender: " + sender.describe() + " receiver: " + receiver.describe());

        final Map<String, Object> linkStatus = section(MirrorCheck.parse(body(api.fetch(api(HTTP_STATUS)), api)),
            "link");
        final long lost = path.otLossDropped();
        System.out.println("one-way path, product at " + PRODUCT_LOSS_PERCENT + " % loss: nft loss counter " + lost
            + ", IT egress drop counter " + path.itEgressDropped() + ", receiver link " + linkStatus);
        assertTrue(lost > 0, "the path lost datagrams");
        assertTrue(number(linkStatus, "blocksRepaired") > 0, "the receiver repaired blocks: " + linkStatus);
        assertEquals(0, number(linkStatus, "blocksUnrecoverable"), linkStatus.toString());
        assertEquals(0, path.itEgressDropped(), "the receiver side never sent a frame towards OT");
        assertEquals(0, path.otReceivedFrames(), "OT's end of the veth never received a frame");
        assertTrue(sender.process.isAlive() && receiver.process.isAlive() && simulator.process.isAlive());
    }

    private static Path diodeHome()
    {
        final String home = System.getProperty("diodegw.home");
        return home != null ? Path.of(home) : Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
    }

    private Probe diode(final OneWayPath path, final String namespace, final String... args)
    {
        final List<String> command = new ArrayList<>(List.of("env", "JAVA_HOME=" + System.getProperty("java.home"),
            "DIODE_JAVA_OPTS=-Xmx256m", diodeHome().resolve("bin").resolve("diode").toString()));
        command.addAll(List.of(args));
        return start(path, namespace, args[0], command);
    }

    private Path write(final String name, final String... lines) throws IOException
    {
        return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    private static String quote(final Object value)
    {
        return "'" + value.toString().replace("'", "''") + "'";
    }

    private static String api(final String path)
    {
        return "http://127.0.0.1:" + HTTP_PORT + path;
    }

    private static String body(final String answer, final Probe api) throws IOException
    {
        if (!answer.startsWith("200 "))
        {
            throw new AssertionError("HTTP API answered '" + answer + "'; " + api.describe());
        }
        return answer.substring("200 ".length());
    }

    /** Polls /api/status inside IT until the condition holds; fails when {@code watched} dies or time runs out. */
    private static void awaitStatus(final Probe api, final Probe watched, final Predicate<Map<String, Object>> done)
        throws IOException, InterruptedException
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
        String last = "";
        while (System.nanoTime() < deadlineNs)
        {
            if (!watched.process.isAlive())
            {
                throw new AssertionError(watched.name + " stopped: " + watched.describe());
            }
            last = api.fetch(api(HTTP_STATUS));
            if (last.startsWith("200 ") && done.test(MirrorCheck.parse(last.substring("200 ".length()))))
            {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("status not reached; last answer " + last + "; " + watched.describe());
    }

    private static Map<String, Object> section(final Map<String, Object> map, final String name)
    {
        return MirrorCheck.asMap(map.get(name));
    }

    private static long number(final Map<String, Object> map, final String key)
    {
        return new BigDecimal(String.valueOf(map.get(key))).longValueExact();
    }

    private OneWayPath path(final int lossPercent)
    {
        final OneWayPath path = OneWayPath.create(lossPercent);
        paths.add(path);
        return path;
    }

    private Probe probe(final OneWayPath path, final String namespace, final Object... args)
    {
        final List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx64m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-cp", System.getProperty("java.class.path"),
            NetProbe.class.getName()));
        for (final Object arg : args)
        {
            command.add(String.valueOf(arg));
        }
        return start(path, namespace, String.valueOf(args[0]), command);
    }

    private Probe start(final OneWayPath path, final String namespace, final String label, final List<String> command)
    {
        final int n = ++outputs;
        final Path out = dir.resolve(n + "-" + label + ".out");
        final Path err = dir.resolve(n + "-" + label + ".err");
        final Process process = path.exec(namespace, out, err, command.toArray(new String[0]));
        processes.add(process);
        return new Probe(process, out, err, namespace + " " + label);
    }

    /** A NetProbe process and its output files. */
    private static final class Probe
    {
        final Process process;
        final Path out;
        final Path err;
        final String name;

        Probe(final Process process, final Path out, final Path err, final String name)
        {
            this.process = process;
            this.out = out;
            this.err = err;
            this.name = name;
        }

        void awaitReady() throws IOException, InterruptedException
        {
            final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_TIMEOUT_MS);
            while (!Files.readString(out).contains("READY"))
            {
                if (!process.isAlive() || System.nanoTime() > deadlineNs)
                {
                    throw new AssertionError(name + " not ready: " + describe());
                }
                Thread.sleep(20);
            }
        }

        /** Writes one line to the process's stdin, which stays open. */
        void tell(final String line) throws IOException
        {
            final OutputStream stdin = process.getOutputStream();
            stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        }

        /** Waits for the first stdout line after the first {@code skip} lines that starts with {@code prefix}. */
        String awaitLine(final int skip, final String prefix, final long timeoutMs)
            throws IOException, InterruptedException
        {
            final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            while (true)
            {
                final List<String> lines = completeLines();
                for (int i = skip; i < lines.size(); i++)
                {
                    if (lines.get(i).startsWith(prefix))
                    {
                        return lines.get(i);
                    }
                }
                if (!process.isAlive() || System.nanoTime() > deadlineNs)
                {
                    throw new AssertionError(name + " printed no line starting with '" + prefix + "': " + describe());
                }
                Thread.sleep(20);
            }
        }

        /** For a {@code fetch} probe: one GET inside the namespace; returns "STATUS BODY". */
        String fetch(final String url) throws IOException, InterruptedException
        {
            final int before = completeLines().size();
            tell(url);
            final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(EXIT_TIMEOUT_MS);
            while (true)
            {
                final List<String> lines = completeLines();
                if (lines.size() > before)
                {
                    return lines.get(before);
                }
                if (!process.isAlive() || System.nanoTime() > deadlineNs)
                {
                    throw new AssertionError(name + " did not answer " + url + ": " + describe());
                }
                Thread.sleep(20);
            }
        }

        private List<String> completeLines() throws IOException
        {
            final String text = Files.readString(out);
            final int end = text.lastIndexOf('\n');
            return end < 0 ? List.of() : List.of(text.substring(0, end).split("\n", -1));
        }

        String stopAndAwaitResult() throws IOException, InterruptedException
        {
            try (OutputStream stdin = process.getOutputStream())
            {
                stdin.write("stop\n".getBytes(StandardCharsets.UTF_8));
            }
            return awaitResult();
        }

        String awaitResult() throws IOException, InterruptedException
        {
            if (!process.waitFor(EXIT_TIMEOUT_MS, TimeUnit.MILLISECONDS) || process.exitValue() != 0)
            {
                throw new AssertionError(name + " did not finish cleanly: " + describe());
            }
            final List<String> lines = Files.readAllLines(out);
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        }

        String describe() throws IOException
        {
            return "alive=" + process.isAlive() + " stdout=" + Files.readString(out) + " stderr=" + Files.readString(err);
        }
    }
}
