package io.diodegw.systest.netns;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real one-way link between two network namespaces, built with {@code ip} and {@code nft} (root only):
 * <pre>
 *   namespace OT  [otInterface 10.250.x.1/30] ==veth==> [itInterface 10.250.x.2/30]  namespace IT
 *                  egress: numgen random loss               egress: counter drop (everything)
 * </pre>
 * OT has a permanent neighbour entry for IT, so it never needs an ARP reply; IT's netdev egress hook drops every
 * frame it would send, so nothing can flow IT -&gt; OT. IPv6 is disabled in both namespaces, so the only frames on
 * the veth are the ones the test's processes send, and the counters account for them exactly.
 *
 * <p>Names are unique per JVM and instance ({@code dgw-ot-<pid>-<n>}, interfaces {@code dgwo-<pid>-<n>} of at most
 * 15 characters). {@link #close()} stops the processes started with {@link #exec}, deletes both namespaces (which
 * removes the veth) and is idempotent; it also works after a partial set-up, and a JVM shutdown hook calls it when a
 * test never did. Every command runs through {@link ProcessBuilder} with its output captured; a failing command
 * throws {@link CommandFailedException} naming the command and its stderr.
 *
 * <p>Not thread-safe: one test thread owns an instance.
 */
public final class OneWayPath implements AutoCloseable
{
    /** Addresses are 10.250.x.1 (OT) and 10.250.x.2 (IT) with x in [{@value #MIN_SUBNET}, {@value #MAX_SUBNET}]. */
    static final int MIN_SUBNET = 16;
    static final int MAX_SUBNET = 250;
    private static final int MAX_INTERFACE_NAME = 15;
    private static final long COMMAND_TIMEOUT_MS = 20_000;
    private static final long STOP_TIMEOUT_MS = 5_000;
    private static final String TABLE = "diode";
    private static final String IT_CHAIN = "one_way";
    private static final String OT_CHAIN = "loss";
    private static final Pattern COUNTER = Pattern.compile("counter packets (\\d+) bytes \\d+");
    /** Instances created in this JVM; the next instance's names end in {@code <pid>-<INSTANCES + 1>}. */
    static final AtomicInteger INSTANCES = new AtomicInteger();

    private final String otNamespace;
    private final String itNamespace;
    private final String otInterface;
    private final String itInterface;
    private final String otAddress;
    private final String itAddress;
    private final int lossPercent;
    private final List<Process> started = new ArrayList<>();
    private final Thread shutdownHook;
    private boolean closed;

    private OneWayPath(final int lossPercent)
    {
        final long pid = ProcessHandle.current().pid();
        final int instance = INSTANCES.incrementAndGet();
        final String suffix = pid + "-" + instance;
        this.otNamespace = "dgw-ot-" + suffix;
        this.itNamespace = "dgw-it-" + suffix;
        this.otInterface = "dgwo-" + suffix;
        this.itInterface = "dgwi-" + suffix;
        if (otInterface.length() > MAX_INTERFACE_NAME)
        {
            throw new IllegalStateException("interface name " + otInterface + " longer than " + MAX_INTERFACE_NAME);
        }
        final int subnet = MIN_SUBNET + (int)((pid * 31 + instance) % (MAX_SUBNET - MIN_SUBNET + 1));
        this.otAddress = "10.250." + subnet + ".1";
        this.itAddress = "10.250." + subnet + ".2";
        this.lossPercent = lossPercent;
        this.shutdownHook = new Thread(this::closeQuietly, "one-way-path-cleanup-" + suffix);
    }

    /**
     * Builds the path.
     *
     * @param lossPercent share of OT -&gt; IT frames the OT egress hook drops at random, in [0, 100]; 0 installs no
     *                    loss rule (the loss counter then reads 0)
     * @return the path, ready for traffic
     * @throws CommandFailedException when a command fails; whatever was already created is removed again
     */
    public static OneWayPath create(final int lossPercent)
    {
        if (lossPercent < 0 || lossPercent > 100)
        {
            throw new IllegalArgumentException("lossPercent=" + lossPercent + " not in [0, 100]");
        }
        final OneWayPath path = new OneWayPath(lossPercent);
        Runtime.getRuntime().addShutdownHook(path.shutdownHook);
        try
        {
            path.setUp();
        }
        catch (final RuntimeException e)
        {
            try
            {
                path.close();
            }
            catch (final RuntimeException cleanup)
            {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        return path;
    }

    /**
     * Whether this machine can build the path, or why not.
     *
     * @return null when it can, otherwise a message for a skipped test
     */
    public static String unavailableReason()
    {
        if (uid() != 0)
        {
            return "a one-way path between network namespaces needs root (CI runs as root); running as "
                + System.getProperty("user.name");
        }
        for (final String tool : new String[] {"ip", "nft"})
        {
            if (!onPath(tool))
            {
                return "'" + tool + "' is not on the PATH (apt-get install -y nftables iproute2)";
            }
        }
        return null;
    }

    private void setUp()
    {
        run("ip", "netns", "add", otNamespace);
        run("ip", "netns", "add", itNamespace);
        disableIpv6(otNamespace);
        disableIpv6(itNamespace);
        run("ip", "link", "add", otInterface, "type", "veth", "peer", "name", itInterface);
        run("ip", "link", "set", otInterface, "netns", otNamespace);
        run("ip", "link", "set", itInterface, "netns", itNamespace);
        run("ip", "-n", otNamespace, "addr", "add", otAddress + "/30", "dev", otInterface);
        run("ip", "-n", itNamespace, "addr", "add", itAddress + "/30", "dev", itInterface);

        run("ip", "netns", "exec", itNamespace, "nft", "add", "table", "netdev", TABLE);
        run("ip", "netns", "exec", itNamespace, "nft", "add", "chain", "netdev", TABLE, IT_CHAIN,
            "{ type filter hook egress device \"" + itInterface + "\" priority 0; policy accept; }");
        run("ip", "netns", "exec", itNamespace, "nft", "add", "rule", "netdev", TABLE, IT_CHAIN, "counter", "drop");
        if (lossPercent > 0)
        {
            run("ip", "netns", "exec", otNamespace, "nft", "add", "table", "netdev", TABLE);
            run("ip", "netns", "exec", otNamespace, "nft", "add", "chain", "netdev", TABLE, OT_CHAIN,
                "{ type filter hook egress device \"" + otInterface + "\" priority 0; policy accept; }");
            run("ip", "netns", "exec", otNamespace, "nft", "add", "rule", "netdev", TABLE, OT_CHAIN,
                "numgen", "random", "mod", "100", "<", Integer.toString(lossPercent), "counter", "drop");
        }

        for (final String[] link : new String[][] {
            {otNamespace, "lo"}, {otNamespace, otInterface}, {itNamespace, "lo"}, {itNamespace, itInterface}})
        {
            run("ip", "-n", link[0], "link", "set", link[1], "up");
        }
        run("ip", "-n", otNamespace, "neigh", "replace", itAddress, "lladdr", macAddress(itNamespace, itInterface),
            "dev", otInterface, "nud", "permanent");
        // IT gets a permanent entry for OT as well: its datagrams then really reach the egress hook instead of
        // waiting for an ARP reply that can never come, so the drop counter counts them.
        run("ip", "-n", itNamespace, "neigh", "replace", otAddress, "lladdr", macAddress(otNamespace, otInterface),
            "dev", itInterface, "nud", "permanent");
    }

    private void disableIpv6(final String namespace)
    {
        run("ip", "netns", "exec", namespace, "sh", "-c",
            "[ ! -d /proc/sys/net/ipv6 ] || { echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6 && "
                + "echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6; }");
    }

    private static String macAddress(final String namespace, final String device)
    {
        final String[] fields = run("ip", "-n", namespace, "-br", "link", "show", "dev", device).trim().split("\\s+");
        if (fields.length < 3 || !fields[2].matches("[0-9a-f]{2}(:[0-9a-f]{2}){5}"))
        {
            throw new IllegalStateException("no MAC address for " + device + " in " + Arrays.toString(fields));
        }
        return fields[2];
    }

    /** @return the OT namespace's name */
    public String otNamespace()
    {
        return otNamespace;
    }

    /** @return the IT namespace's name */
    public String itNamespace()
    {
        return itNamespace;
    }

    /** @return the veth end in the OT namespace */
    public String otInterface()
    {
        return otInterface;
    }

    /** @return the veth end in the IT namespace */
    public String itInterface()
    {
        return itInterface;
    }

    /** @return OT's IPv4 address (dotted quad) */
    public String otAddress()
    {
        return otAddress;
    }

    /** @return IT's IPv4 address (dotted quad) */
    public String itAddress()
    {
        return itAddress;
    }

    /** @return the configured random loss on OT egress, in percent */
    public int lossPercent()
    {
        return lossPercent;
    }

    /** @return frames the IT egress hook dropped so far: every frame IT tried to send towards OT */
    public long itEgressDropped()
    {
        return counter(itNamespace, IT_CHAIN);
    }

    /** @return OT -&gt; IT frames dropped by the random loss rule so far (0 without loss) */
    public long otLossDropped()
    {
        return lossPercent == 0 ? 0 : counter(otNamespace, OT_CHAIN);
    }

    /** @return frames OT's veth end has received so far (the kernel's rx_packets): 0 on a one-way path */
    public long otReceivedFrames()
    {
        return receivedFrames(otNamespace, otInterface);
    }

    /** @return frames IT's veth end has received so far (the kernel's rx_packets) */
    public long itReceivedFrames()
    {
        return receivedFrames(itNamespace, itInterface);
    }

    private static long receivedFrames(final String namespace, final String device)
    {
        return Long.parseLong(run("ip", "netns", "exec", namespace, "cat",
            "/sys/class/net/" + device + "/statistics/rx_packets").strip());
    }

    private static long counter(final String namespace, final String chain)
    {
        final String listing = run("ip", "netns", "exec", namespace, "nft", "list", "chain", "netdev", TABLE, chain);
        final Matcher m = COUNTER.matcher(listing);
        if (!m.find())
        {
            throw new IllegalStateException("no counter in chain " + chain + " of " + namespace + ":\n" + listing);
        }
        final long packets = Long.parseLong(m.group(1));
        if (m.find())
        {
            throw new IllegalStateException("more than one counter in chain " + chain + ":\n" + listing);
        }
        return packets;
    }

    /**
     * Starts a process inside a namespace ({@code ip netns exec NS command...}). Its stdout and stderr go to the
     * given files. The caller stops it (see {@link #stop(Process)}); {@link #close()} stops whatever is still alive.
     *
     * @param namespace {@link #otNamespace()} or {@link #itNamespace()}
     * @param output    file that receives the process's stdout
     * @param errors    file that receives the process's stderr
     * @param command   program and arguments
     * @return the started process
     */
    public Process exec(final String namespace, final Path output, final Path errors, final String... command)
    {
        if (closed)
        {
            throw new IllegalStateException("path closed");
        }
        if (!namespace.equals(otNamespace) && !namespace.equals(itNamespace))
        {
            throw new IllegalArgumentException("not a namespace of this path: " + namespace);
        }
        final List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
        full.addAll(Arrays.asList(command));
        try
        {
            final Process process = new ProcessBuilder(full)
                .redirectOutput(output.toFile())
                .redirectError(errors.toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .start();
            started.add(process);
            return process;
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("cannot start " + String.join(" ", full), e);
        }
    }

    /**
     * Stops a process and its descendants: SIGTERM, then SIGKILL after {@value #STOP_TIMEOUT_MS} ms.
     *
     * @param process a process, may be null or already dead
     */
    public static void stop(final Process process)
    {
        if (process == null)
        {
            return;
        }
        final List<ProcessHandle> all = new ArrayList<>();
        process.descendants().forEach(all::add);
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroy);
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_TIMEOUT_MS);
        for (final ProcessHandle handle : all)
        {
            final long leftNs = deadlineNs - System.nanoTime();
            try
            {
                handle.onExit().get(Math.max(1, leftNs), TimeUnit.NANOSECONDS);
            }
            catch (final Exception timeoutOrInterrupt)
            {
                handle.destroyForcibly();
            }
        }
    }

    /**
     * Stops every process started with {@link #exec} that is still alive and deletes both namespaces and the veth.
     * Safe to call more than once and after a partial set-up.
     *
     * @throws CommandFailedException when a namespace or the veth exists but cannot be deleted
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        try
        {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        }
        catch (final IllegalStateException shuttingDown)
        {
            // the hook itself is running this close()
        }
        started.forEach(OneWayPath::stop);
        started.clear();
        final List<String> present = Arrays.asList(run("ip", "netns", "list").split("\\s+"));
        for (final String namespace : new String[] {otNamespace, itNamespace})
        {
            if (present.contains(namespace))
            {
                run("ip", "netns", "del", namespace);
            }
        }
        for (final String device : new String[] {otInterface, itInterface})
        {
            if (linkExists(device))
            {
                run("ip", "link", "del", device);
            }
        }
    }

    private void closeQuietly()
    {
        try
        {
            close();
        }
        catch (final RuntimeException e)
        {
            System.err.println("one-way path cleanup failed: " + e.getMessage());
        }
    }

    /**
     * Whether a link with this name exists in the root namespace.
     *
     * @param device link name
     * @return true when {@code ip link show dev NAME} finds it
     */
    static boolean linkExists(final String device)
    {
        return execute(List.of("ip", "link", "show", "dev", device)).exitCode == 0;
    }

    /**
     * Lists the names of the network namespaces ({@code ip netns list}).
     *
     * @return namespace names
     */
    static List<String> namespaces()
    {
        final List<String> names = new ArrayList<>();
        for (final String line : run("ip", "netns", "list").split("\n"))
        {
            if (!line.isBlank())
            {
                names.add(line.trim().split("\\s+")[0]);
            }
        }
        return names;
    }

    /**
     * Runs a command to completion and returns its stdout.
     *
     * @param command program and arguments
     * @return stdout
     * @throws CommandFailedException when it exits non-zero or does not finish within {@value #COMMAND_TIMEOUT_MS} ms
     */
    static String run(final String... command)
    {
        final Result result = execute(Arrays.asList(command));
        if (result.exitCode != 0)
        {
            throw new CommandFailedException(String.join(" ", command), result.exitCode, result.stderr);
        }
        return result.stdout;
    }

    private static Result execute(final List<String> command)
    {
        File out = null;
        File err = null;
        try
        {
            out = File.createTempFile("oneway-cmd", ".out");
            err = File.createTempFile("oneway-cmd", ".err");
            final Process p = new ProcessBuilder(command)
                .redirectOutput(out)
                .redirectError(err)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
            if (!p.waitFor(COMMAND_TIMEOUT_MS, TimeUnit.MILLISECONDS))
            {
                stop(p);
                throw new CommandFailedException(String.join(" ", command), -1,
                    "no exit within " + COMMAND_TIMEOUT_MS + " ms");
            }
            return new Result(p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
                Files.readString(err.toPath(), StandardCharsets.UTF_8));
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("cannot run " + String.join(" ", command), e);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
        finally
        {
            if (out != null)
            {
                out.delete();
            }
            if (err != null)
            {
                err.delete();
            }
        }
    }

    private static boolean onPath(final String tool)
    {
        for (final String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool)))
            {
                return true;
            }
        }
        return false;
    }

    private static long uid()
    {
        try
        {
            final Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return ((Number)uid).longValue();
        }
        catch (final IOException | UnsupportedOperationException | IllegalArgumentException e)
        {
            return -1;
        }
    }

    private static final class Result
    {
        final int exitCode;
        final String stdout;
        final String stderr;

        Result(final int exitCode, final String stdout, final String stderr)
        {
            this.exitCode = exitCode;
            this.stdout = stdout;
            this.stderr = stderr;
        }
    }

    /** A command of the path's set-up, inspection or clean-up failed. */
    public static final class CommandFailedException extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        CommandFailedException(final String command, final int exitCode, final String stderr)
        {
            super("'" + command + "' failed (exit " + exitCode + "): " + stderr.strip());
        }
    }
}
