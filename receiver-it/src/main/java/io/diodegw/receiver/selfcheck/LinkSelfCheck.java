package io.diodegw.receiver.selfcheck;

import java.io.IOException;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.diodegw.config.Config;
import io.diodegw.config.ConfigLoader;
import io.diodegw.config.LinkFingerprint;
import io.diodegw.config.Side;
import io.diodegw.wire.datagram.DatagramHeaderFlyweight;
import io.diodegw.wire.datagram.MtuLimits;

/**
 * {@code bin/diode selfcheck}: runs the link libraries end to end in this process, with real components only. A
 * sender thread frames synthetic plant data into records and blocks, FEC-encodes, interleaves, seals and sends them
 * over UDP on 127.0.0.1 with seeded loss; a receiver thread opens, repairs, reorders, decodes and verifies every value
 * against the plant. See {@link SelfCheckOptions} for the options and {@link SelfCheckReport} for the verdict.
 *
 * <p>Output: a human-readable summary on stderr and exactly one JSON line on stdout. Exit status 0 when the check
 * passed, 1 when it failed, 2 on bad arguments (the message names the argument and what is allowed).
 */
public final class LinkSelfCheck
{
    /** Exit status: the check passed (or --help). */
    public static final int EXIT_PASS = 0;
    /** Exit status: the check ran and failed, or could not run. */
    public static final int EXIT_FAIL = 1;
    /** Exit status: bad arguments. */
    public static final int EXIT_BAD_ARGUMENTS = 2;

    private static final long JOIN_MARGIN_MS = 60_000;

    private LinkSelfCheck()
    {
    }

    public static void main(final String[] args)
    {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Parses the arguments, runs the check and prints its results.
     *
     * @return the exit status.
     */
    public static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        final SelfCheckOptions options;
        try
        {
            options = SelfCheckOptions.parse(args);
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("diode selfcheck: " + ex.getMessage());
            err.println("run 'bin/diode selfcheck --help' for the options");
            return EXIT_BAD_ARGUMENTS;
        }
        if (options.help())
        {
            out.println(SelfCheckOptions.USAGE);
            return EXIT_PASS;
        }
        final SelfCheckReport report;
        try
        {
            report = check(options);
        }
        catch (final IOException ex)
        {
            err.println("diode selfcheck: could not run: " + ex);
            out.println("{\"result\":\"fail\",\"failures\":[\"could not run: " +
                String.valueOf(ex.getMessage()).replace('"', '\'') + "\"]}");
            return EXIT_FAIL;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            err.println("diode selfcheck: interrupted");
            return EXIT_FAIL;
        }
        err.print(report.toSummary());
        err.flush();
        out.println(report.toJson());
        out.flush();
        return report.passed() ? EXIT_PASS : EXIT_FAIL;
    }

    /**
     * Runs one check in this process: starts a receiver and a sender thread, waits for both, closes their sockets.
     *
     * @return the report; {@link SelfCheckReport#passed()} says whether the check passed.
     * @throws IOException if a socket cannot be opened.
     * @throws InterruptedException if interrupted while waiting; both threads are stopped and their sockets closed.
     */
    public static SelfCheckReport check(final SelfCheckOptions options) throws IOException, InterruptedException
    {
        final MtuLimits limits = MtuLimits.forMtu(options.mtuBytes());
        final long startTicks = SyntheticPlant.ticksOfEpochMs(System.currentTimeMillis());
        final long senderEpoch = System.currentTimeMillis();
        final long fingerprint = linkFingerprint(options);
        final List<String> failures = new ArrayList<>();
        try (LinkKeySetup keys = LinkKeySetup.signedAnnouncement(limits, LinkSender.LINK_ID, senderEpoch,
                new SecureRandom());
            LinkReceiver receiver = new LinkReceiver(options,
                new SyntheticPlant(options.seed(), options.tagCount(), startTicks),
                keys.opener(), keys.handler(), fingerprint);
            LinkSender sender = new LinkSender(options,
                new SyntheticPlant(options.seed(), options.tagCount(), startTicks),
                keys.senderKey(), keys.announcement(), fingerprint, receiver.localAddress()))
        {
            final Thread receiverThread = new Thread(receiver, "selfcheck-receiver");
            final Thread senderThread = new Thread(sender, "selfcheck-sender");
            receiverThread.start();
            senderThread.start();
            try
            {
                senderThread.join(options.durationMs() + JOIN_MARGIN_MS);
                if (senderThread.isAlive())
                {
                    failures.add("the sender did not finish in time");
                }
                receiver.requestStop();
                receiverThread.join(JOIN_MARGIN_MS);
                if (receiverThread.isAlive())
                {
                    failures.add("the receiver did not finish in time");
                }
            }
            finally
            {
                receiver.requestStop();
                if (senderThread.isAlive() || receiverThread.isAlive())
                {
                    sender.closeChannel();
                    receiver.closeChannel();
                }
                senderThread.join();
                receiverThread.join();
            }
            addIfPresent(failures, sender.failure());
            addIfPresent(failures, receiver.failure());
            return new SelfCheckReport(options, keys.mode(), sender, receiver, failures);
        }
    }

    /**
     * @return the fingerprint of the link settings the check runs with, computed by the config module as a real
     *     sender would.
     */
    static long linkFingerprint(final SelfCheckOptions options)
    {
        final Config config = ConfigLoader.fromValues(Side.SENDER, "selfcheck", Map.of(
            "link.id", Integer.toString(LinkSender.LINK_ID),
            "link.mtuBytes", Integer.toString(options.mtuBytes()),
            "link.fec.sourceSymbols", Integer.toString(options.sourceSymbols()),
            "link.fec.repairSymbols", Integer.toString(options.repairSymbols()),
            "link.fec.interleaveDepth", Integer.toString(options.interleaveDepth()),
            "sender.destination", "127.0.0.1:4950",
            "sender.linkRateBitsPerSec", options.rateBitsPerSec() + "bit/s",
            "sender.identityKeyFile", "in-memory-selfcheck-identity.pem",
            "sender.receiverPublicKeyFile", "in-memory-selfcheck-receiver.pub.pem"));
        return LinkFingerprint.of(config, DatagramHeaderFlyweight.PROTOCOL_VERSION);
    }

    private static void addIfPresent(final List<String> failures, final String failure)
    {
        if (failure != null)
        {
            failures.add(failure);
        }
    }
}
