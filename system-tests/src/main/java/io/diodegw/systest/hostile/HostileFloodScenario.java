package io.diodegw.systest.hostile;

import java.io.IOException;
import java.util.Map;

import io.diodegw.config.LinkSettings;
import io.diodegw.demo.Deployment;
import io.diodegw.systest.relay.RelayAgent;
import io.diodegw.systest.relay.RelayCounter;
import io.diodegw.systest.relay.RelayCounters;
import io.diodegw.systest.scenario.Scenario;
import io.diodegw.systest.scenario.ScenarioResult;
import io.diodegw.systest.scenario.ScenarioRunner;
import io.diodegw.wire.datagram.MtuLimits;

/**
 * The scenario {@code hostile-flood}: the normal deployment (simulator, sender, relay, receiver, no impairment) with
 * a {@link HostileFlooder} sending every {@link FloodKind} straight to the receiver's UDP port at
 * {@value #FLOOD_FACTOR} times the legitimate datagram rate (measured at the relay for {@value #MEASURE_MS} ms first)
 * for {@value #FLOOD_MS} ms, replaying and imitating the real traffic the relay's tap captures. The usual oracle then
 * checks the table, the file sink and every delivered value.
 *
 * <p>Passes only if the oracle passes with no gap ({@code gapsReported} 0), the receiver saw one sender epoch, and
 * {@link FloodAccounting} finds every hostile datagram under its refusal reason and no state change (figure
 * {@code floodViolations} empty). Figures: {@code legitDatagramsPerSec}, {@code floodTargetPerSec},
 * {@code floodDatagramsPerSec}, {@code floodSent.<kind>}, {@code refused.<reason>},
 * {@code announcementsRefused.<reason>}, {@code receiverSocketDrops} (exact, Linux; -1 elsewhere),
 * {@code kernelDropsEstimate} and the counters that must not move.
 */
public final class HostileFloodScenario
{
    /** The scenario's name. */
    public static final String NAME = "hostile-flood";
    /** Flood rate as a multiple of the legitimate datagram rate. */
    public static final int FLOOD_FACTOR = 10;
    /** How long the legitimate rate is measured before the flood. */
    public static final long MEASURE_MS = 2_000;
    /** How long the flood lasts. */
    public static final long FLOOD_MS = 10_000;
    /** Pause after the flood before the receiver's counters are read, so its socket is drained. */
    public static final long DRAIN_MS = 2_000;
    /** The flood never runs slower than this, datagrams per second. */
    public static final double MIN_FLOOD_RATE = 500;
    /** Seeds the flood. */
    public static final long SEED = 42;

    private static final int TAGS = 200;
    private static final double RATE = 1000;
    private static final long CONVERGE_MS = 35_000;
    private static final String PROFILE = "seed=42";

    private HostileFloodScenario()
    {
    }

    /** @return the scenario. */
    public static Scenario scenario()
    {
        return new Scenario(NAME, PROFILE, TAGS, RATE, Map.of(), HostileFloodScenario::flood,
            HostileFloodScenario::missing, CONVERGE_MS);
    }

    private static void flood(final ScenarioRunner.Run run) throws Exception
    {
        final Deployment d = run.deployment();
        final RelayAgent relay = run.relay();
        final LegitimateCapture capture = new LegitimateCapture();
        relay.tap(capture);
        try
        {
            final long measureStartNs = System.nanoTime();
            final long forwardedAtStart = forwarded(relay.counters());
            run.hold(MEASURE_MS);
            final double legitRate = (forwarded(relay.counters()) - forwardedAtStart) * 1e9
                / (System.nanoTime() - measureStartNs);
            final double targetRate = Math.max(MIN_FLOOD_RATE, FLOOD_FACTOR * legitRate);
            run.note("legitDatagramsPerSec", Math.round(legitRate));
            run.note("floodTargetPerSec", Math.round(targetRate));

            final int linkId = LinkSettings.ID.defaultValue().orElseThrow();
            final int maxDatagramBytes = MtuLimits.forMtu(LinkSettings.MTU_BYTES.defaultValue().orElseThrow())
                .maxDatagramBytes();
            final FloodMix mix = FloodMix.EVEN;
            final long relayBefore = forwarded(relay.counters());
            final Map<String, Object> before = link(d);
            final long socketDropsBefore = SocketDrops.of(d.receiverAddress().getPort());
            final int keysBefore = capture.announcedKeys();
            final FloodAccounting.Sent sent;
            final double achieved;
            try (HostileFlooder flooder = new HostileFlooder(d.receiverAddress(), targetRate, mix, SEED, linkId,
                maxDatagramBytes, capture))
            {
                flooder.start();
                run.hold(FLOOD_MS);
                flooder.close();
                sent = FloodAccounting.Sent.of(flooder);
                achieved = flooder.achievedRatePerSec();
                long skipped = 0;
                for (final FloodKind kind : FloodKind.values())
                {
                    skipped += flooder.skipped(kind);
                }
                run.note("floodSkipped", skipped);
                run.note("floodSendErrors", flooder.sendErrors());
            }
            run.note("floodDatagramsPerSec", Math.round(achieved));
            run.hold(DRAIN_MS);
            final Map<String, Object> after = link(d);
            final long socketDropsAfter = SocketDrops.of(d.receiverAddress().getPort());
            final long socketDrops = socketDropsBefore == SocketDrops.UNKNOWN || socketDropsAfter == SocketDrops.UNKNOWN
                ? SocketDrops.UNKNOWN : socketDropsAfter - socketDropsBefore;
            final long relayAfter = forwarded(relay.counters());
            final FloodAccounting.Verdict verdict = FloodAccounting.judge(sent, mix, before, after,
                relayAfter - relayBefore, capture.announcedKeys() - keysBefore, socketDrops);
            verdict.figures().forEach(run::note);
            run.note("floodViolations", String.join("; ", verdict.violations()));
        }
        finally
        {
            relay.tap(null);
        }
    }

    private static String missing(final ScenarioResult r)
    {
        final String violations = r.text("floodViolations");
        if (violations == null)
        {
            return "the flood did not run to its end";
        }
        if (!violations.isEmpty())
        {
            return violations;
        }
        if (r.number("gapsReported") != 0 || r.number("senderEpochsSeen") != 1)
        {
            return "the flood cost gaps or a sender epoch (gapsReported " + r.number("gapsReported")
                + ", senderEpochsSeen " + r.number("senderEpochsSeen") + ")";
        }
        if (r.number("floodDatagramsPerSec") < FLOOD_FACTOR * r.number("legitDatagramsPerSec") * 9 / 10)
        {
            return "the flood reached " + r.number("floodDatagramsPerSec") + " datagrams/s, less than 90 % of "
                + FLOOD_FACTOR + " x " + r.number("legitDatagramsPerSec");
        }
        return null;
    }

    private static long forwarded(final RelayCounters counters)
    {
        final RelayCounters.Snapshot snapshot = counters.snapshot();
        return snapshot.get(RelayCounter.FORWARDED) + snapshot.get(RelayCounter.DUPLICATED);
    }

    private static Map<String, Object> link(final Deployment d) throws IOException, InterruptedException
    {
        return Deployment.section(d.status(), "link");
    }
}
