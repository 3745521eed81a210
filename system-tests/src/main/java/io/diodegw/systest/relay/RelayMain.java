package io.diodegw.systest.relay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.diodegw.config.HostPort;

/**
 * {@code bin/diode relay --listen HOST:PORT --forward HOST:PORT [--profile SPEC]}: runs a {@link RelayAgent} until
 * SIGINT or SIGTERM, printing its counters to stderr once a second and once more when it stops. Reads commands from
 * stdin, one per line: {@code blackout on}, {@code blackout off}, {@code drop N} (the next N datagrams: a burst of an
 * exact length), {@code stats}.
 *
 * <p>Exit codes: 0 after an orderly stop, 2 for a usage or profile error, 1 if the relay cannot start or fails.
 */
public final class RelayMain
{
    private static final long STATS_INTERVAL_MS = 1_000;
    private static final long NANOS_PER_MS = 1_000_000;
    private static final String USAGE = String.join(System.lineSeparator(),
        "usage: bin/diode relay --listen HOST:PORT --forward HOST:PORT [--profile SPEC]",
        "  receives UDP datagrams on --listen and sends them to --forward with seeded impairments; prints its",
        "  counters to stderr every second; stdin commands: 'blackout on', 'blackout off', 'drop N', 'stats'",
        "  SPEC: comma-separated, e.g. loss=5%,burst=20/2%,reorder=1%/3,dup=1%,corrupt=0.1%,rate=100Mbit,",
        "        seed=42,blackout=2s+1s (see docs/fault-injection.md); default: no impairment");

    private RelayMain()
    {
    }

    /**
     * The parsed command line.
     *
     * @param listen  address to receive on.
     * @param forward where to send.
     * @param profile what to do to the datagrams.
     */
    public record Options(HostPort listen, HostPort forward, ImpairmentProfile profile)
    {
    }

    /**
     * @param args the command line without the command name.
     * @return the options.
     * @throws IllegalArgumentException naming the option, if an option is missing, unknown, repeated or invalid.
     */
    public static Options parse(final String[] args)
    {
        HostPort listen = null;
        HostPort forward = null;
        ImpairmentProfile profile = null;
        for (int i = 0; i < args.length; i += 2)
        {
            final String option = args[i];
            if (i + 1 >= args.length)
            {
                throw new IllegalArgumentException(option + " needs a value");
            }
            final String value = args[i + 1];
            switch (option)
            {
                case "--listen" ->
                {
                    requireOnce(option, listen);
                    listen = hostPort(option, value);
                }
                case "--forward" ->
                {
                    requireOnce(option, forward);
                    forward = hostPort(option, value);
                }
                case "--profile" ->
                {
                    requireOnce(option, profile);
                    profile = ImpairmentProfile.parse(value);
                }
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        if (listen == null || forward == null)
        {
            throw new IllegalArgumentException((listen == null ? "--listen" : "--forward") + " is required");
        }
        return new Options(listen, forward, profile == null ? ImpairmentProfile.NONE : profile);
    }

    /**
     * @param args {@code --listen HOST:PORT --forward HOST:PORT [--profile SPEC]}, or {@code --help}.
     */
    public static void main(final String[] args)
    {
        if (args.length == 1 && ("--help".equals(args[0]) || "-h".equals(args[0])))
        {
            System.out.println(USAGE);
            return;
        }
        final Options options;
        final InetSocketAddress destination;
        try
        {
            options = parse(args);
            destination = options.forward().toInetSocketAddress();
            if (destination.isUnresolved())
            {
                throw new IllegalArgumentException("--forward " + options.forward() + ": host cannot be resolved");
            }
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("relay: " + ex.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        final RelayAgent relay;
        try
        {
            relay = new RelayAgent(options.listen().toInetSocketAddress(), destination, options.profile());
        }
        catch (final IOException | RuntimeException ex)
        {
            System.err.println("relay failed to start on " + options.listen() + ": " + ex);
            System.exit(1);
            return;
        }
        final int code = run(relay, options, System.err);
        if (code != 0)
        {
            System.exit(code);
        }
    }

    private static int run(final RelayAgent relay, final Options options, final PrintStream out)
    {
        final long startNs = System.nanoTime();
        final CountDownLatch stopped = new CountDownLatch(1);
        relay.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            relay.close();
            out.println("relay stopped: " + relay.counters().summary());
            stopped.countDown();
        }, "diodegw-relay-shutdown"));
        out.println("relay listening on " + relay.localAddress() + ", forwarding to " + relay.destination() +
            ", profile " + options.profile() + ", SO_RCVBUF " + relay.receiveBufferBytes() + " SO_SNDBUF " +
            relay.sendBufferBytes() + " bytes granted");
        startCommandReader(relay, out);
        try
        {
            while (!stopped.await(STATS_INTERVAL_MS, TimeUnit.MILLISECONDS))
            {
                final String failure = relay.failure();
                if (failure != null)
                {
                    out.println("relay failed: " + failure + "; " + relay.counters().summary());
                    return 1;
                }
                out.println("relay t=" + (System.nanoTime() - startNs) / NANOS_PER_MS / STATS_INTERVAL_MS + "s " +
                    relay.counters().summary());
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        // stopped by a signal: the JVM is already shutting down, and System.exit would block until it has
        return 0;
    }

    private static void startCommandReader(final RelayAgent relay, final PrintStream out)
    {
        final Thread reader = new Thread(() ->
        {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)))
            {
                String line;
                while ((line = in.readLine()) != null)
                {
                    final String command = line.strip();
                    if (command.matches("drop [0-9]{1,9}"))
                    {
                        relay.dropNext(Integer.parseInt(command.substring("drop ".length())));
                        continue;
                    }
                    switch (command)
                    {
                        case "blackout on" -> relay.blackout(true);
                        case "blackout off" -> relay.blackout(false);
                        case "stats" -> out.println("relay " + relay.counters().summary());
                        case "" ->
                        {
                        }
                        default -> out.println("relay: unknown command '" + line.strip() +
                            "'; commands: blackout on, blackout off, drop N, stats");
                    }
                }
            }
            catch (final IOException ex)
            {
                out.println("relay: stdin closed: " + ex.getMessage());
            }
        }, "diodegw-relay-commands");
        reader.setDaemon(true);
        reader.start();
    }

    private static void requireOnce(final String option, final Object previous)
    {
        if (previous != null)
        {
            throw new IllegalArgumentException(option + " is given twice");
        }
    }

    private static HostPort hostPort(final String option, final String value)
    {
        try
        {
            return HostPort.parse(value);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(option + " " + ex.getMessage(), ex);
        }
    }
}
