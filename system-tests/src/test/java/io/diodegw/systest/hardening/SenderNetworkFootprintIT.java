package io.diodegw.systest.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.diodegw.demo.Deployment;
import io.diodegw.demo.Deployment.Role;
import io.diodegw.systest.hardening.ProcSockets.Family;
import io.diodegw.systest.hardening.ProcSockets.Socket;

/**
 * The OT side's network footprint, seen from outside the process: the real simulator, receiver and sender run as
 * processes ({@link Deployment}); once values flow, the sender's sockets are read from {@code /proc} several times
 * over a few seconds. The sender must hold no listening TCP socket, no bound-but-unconnected (receiving) UDP socket,
 * no raw, netlink or packet socket, no named or accepting unix socket nor one connected to another process (checked
 * with {@code ss} where installed), and every remote address must be the simulator's OPC UA endpoint or the diode
 * destination. The receiver, inspected the same way, must show its UDP bind and HTTP listener, so the
 * inspection is known to see sockets. The sender's classpath must hold no Chronicle analytics jar and its command
 * line must disable analytics. Linux only: skipped where {@code /proc} has no socket tables.
 */
class SenderNetworkFootprintIT
{
    private static final int TAGS = 50;
    private static final double UPDATES_PER_SEC = 500;
    private static final int HISTORY_DEPTH = 200;
    private static final long READY_TIMEOUT_MS = 120_000;
    private static final long POLL_MS = 250;
    private static final int SAMPLES = 12;
    private static final long SAMPLE_INTERVAL_MS = 500;
    private static final String ANALYTICS_JAR = "chronicle-analytics";
    private static final String ANALYTICS_OFF = "-Dchronicle.analytics.disable=true";

    private static Deployment deployment;
    private static InetSocketAddress udpDestination;
    private static Set<InetSocketAddress> opcUaEndpoint;

    @BeforeAll
    static void startAndAwaitFlowingValues() throws Exception
    {
        assumeTrue(ProcSockets.available(), "skipped: no /proc/PID/net socket tables here (not Linux); the OT-side "
            + "network footprint is only checked on Linux");
        final Path work = Files.createTempDirectory("diodegw-footprint-it-");
        deployment = new Deployment(Deployment.Launch.fromSystemProperties(), work,
            new Deployment.Shape(TAGS, UPDATES_PER_SEC, HISTORY_DEPTH, 1), System.err);
        deployment.prepare();
        final URI endpoint = URI.create(deployment.startSimulator());
        opcUaEndpoint = new LinkedHashSet<>();
        for (final InetAddress address : InetAddress.getAllByName(endpoint.getHost()))
        {
            opcUaEndpoint.add(new InetSocketAddress(address, endpoint.getPort()));
        }
        udpDestination = deployment.receiverAddress();
        deployment.writeConfigs(List.of("files"), null, null);
        deployment.startReceiver();
        deployment.startSender();
        awaitLiveValues();
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
    void shouldListenOnNothingAndConnectOnlyToTheOpcUaEndpointAndTheDiodeDestination() throws Exception
    {
        final long pid = javaPid(Role.SENDER);
        final List<Socket> seen = sample(pid);
        final List<String> violations = new ArrayList<>();
        boolean sawOpcUa = false;
        boolean sawDestination = false;
        final Optional<Map<Long, Long>> unixPeers = ProcSockets.unixPeers();
        final Set<Long> own = seen.stream().map(Socket::inode).collect(Collectors.toSet());
        for (final Socket s : seen)
        {
            if (s.family() == Family.UNIX)
            {
                // the JDK keeps one end of a socket pair (the other end closed) to close channels asynchronously
                final long peer = unixPeers.map(p -> p.getOrDefault(s.inode(), 0L)).orElse(0L);
                if (s.listening() || !s.path().isEmpty() || (peer != 0 && !own.contains(peer)))
                {
                    violations.add("a unix socket that is named, accepting or connected to another process (peer "
                        + peer + "): " + s);
                }
                continue;
            }
            if (!(s.family().isTcp() || s.family().isUdp()))
            {
                violations.add("a socket that is neither TCP, UDP nor an unnamed unix socket: " + s);
                continue;
            }
            if (s.listening())
            {
                violations.add("a listening or receiving socket: " + s);
            }
            if (s.isConnected())
            {
                final boolean toOpcUa = s.family().isTcp() && opcUaEndpoint.contains(s.remote());
                final boolean toDestination = s.family().isUdp() && udpDestination.equals(s.remote());
                sawOpcUa |= toOpcUa;
                sawDestination |= toDestination;
                if (!toOpcUa && !toDestination)
                {
                    violations.add("connected to something else than " + opcUaEndpoint + " (TCP) or "
                        + udpDestination + " (UDP): " + s);
                }
            }
        }
        assertEquals(List.of(), violations, "sender sockets over " + SAMPLES + " samples: " + seen);
        assertTrue(sawOpcUa, "the sender's OPC UA connection was never seen, so the inspection saw nothing: " + seen);
        assertTrue(sawDestination, "the sender's UDP socket to " + udpDestination + " was never seen: " + seen);
    }

    @Test
    void shouldRunTheSenderWithoutChronicleAnalyticsOnItsClasspathAndWithAnalyticsDisabled() throws Exception
    {
        final List<String> commandLine = commandLine(javaPid(Role.SENDER));
        assertTrue(commandLine.contains(ANALYTICS_OFF), "sender command line: " + commandLine);
        final List<Path> jars = classpathJars(commandLine);
        assertTrue(jars.stream().anyMatch(j -> j.getFileName().toString().startsWith("chronicle-queue-")),
            "the sender's classpath as read holds no chronicle-queue jar, so it was not read right: " + jars);
        assertEquals(List.of(), jars.stream().filter(j -> j.getFileName().toString().contains(ANALYTICS_JAR))
            .toList(), "analytics jars on the sender's classpath");
        final String maps = Files.readString(ProcSockets.PROC.resolve(javaPid(Role.SENDER) + "/maps"),
            StandardCharsets.UTF_8);
        assertFalse(maps.contains(ANALYTICS_JAR), "the sender process maps a Chronicle analytics jar");
    }

    @Test
    void shouldSeeTheReceiversUdpBindAndHttpListenerWithTheSameInspection() throws Exception
    {
        final List<Socket> seen = sample(javaPid(Role.RECEIVER));
        final int httpPort = deployment.api().getPort();
        assertTrue(seen.stream().anyMatch(s -> s.family().isUdp() && s.listening()
            && s.local().getPort() == udpDestination.getPort()),
            "the receiver's UDP bind on " + udpDestination + " was not seen: " + seen);
        assertTrue(seen.stream().anyMatch(s -> s.family().isTcp() && s.listening()
            && s.local().getPort() == httpPort), "the receiver's HTTP listener on port " + httpPort
            + " was not seen: " + seen);
    }

    private static void awaitLiveValues() throws IOException, InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_TIMEOUT_MS);
        while (System.nanoTime() - deadline < 0)
        {
            deployment.checkAlive();
            if (Deployment.number(Deployment.section(deployment.status(), "table"), "liveValuesApplied") > TAGS)
            {
                return;
            }
            Thread.sleep(POLL_MS);
        }
        throw new IOException("no live values reached the receiver within " + READY_TIMEOUT_MS + " ms; see "
            + deployment.work());
    }

    /** Every distinct socket (by inode) seen in {@link #SAMPLES} snapshots, the processes checked alive in each. */
    private static List<Socket> sample(final long pid) throws IOException, InterruptedException
    {
        final Set<Socket> seen = new LinkedHashSet<>();
        for (int i = 0; i < SAMPLES; i++)
        {
            deployment.checkAlive();
            seen.addAll(ProcSockets.of(pid));
            Thread.sleep(SAMPLE_INTERVAL_MS);
        }
        return List.copyOf(seen);
    }

    /** The child's java process: the child itself, or its only java descendant when a wrapper started it. */
    private static long javaPid(final Role role) throws IOException
    {
        final long pid = deployment.pid(role);
        if (pid < 0)
        {
            throw new IOException(role.label() + " is not running");
        }
        final List<ProcessHandle> candidates = new ArrayList<>();
        ProcessHandle.of(pid).ifPresent(candidates::add);
        ProcessHandle.of(pid).ifPresent(h -> h.descendants().forEach(candidates::add));
        for (final ProcessHandle h : candidates)
        {
            if (h.info().command().map(c -> c.endsWith("/java")).orElse(false))
            {
                return h.pid();
            }
        }
        throw new IOException("no java process at or below pid " + pid + " for " + role.label());
    }

    private static List<String> commandLine(final long pid) throws IOException
    {
        final byte[] raw = Files.readAllBytes(ProcSockets.PROC.resolve(pid + "/cmdline"));
        return Arrays.stream(new String(raw, StandardCharsets.UTF_8).split("\0")).filter(a -> !a.isEmpty())
            .collect(Collectors.toList());
    }

    /** The jars of the {@code -cp} argument, with {@code dir/*} entries expanded as the java launcher does. */
    private static List<Path> classpathJars(final List<String> commandLine) throws IOException
    {
        final int cp = Math.max(commandLine.indexOf("-cp"), commandLine.indexOf("-classpath"));
        assertTrue(cp >= 0 && cp + 1 < commandLine.size(), "no -cp in the command line: " + commandLine);
        final List<Path> jars = new ArrayList<>();
        for (final String entry : commandLine.get(cp + 1).split(java.io.File.pathSeparator))
        {
            if (entry.endsWith("/*"))
            {
                try (DirectoryStream<Path> dir = Files.newDirectoryStream(Path.of(entry.substring(0,
                    entry.length() - 2)), "*.{jar,JAR}"))
                {
                    dir.forEach(jars::add);
                }
            }
            else if (!entry.isEmpty())
            {
                jars.add(Path.of(entry));
            }
        }
        return jars;
    }
}
