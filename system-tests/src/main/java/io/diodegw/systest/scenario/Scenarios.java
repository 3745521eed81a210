package io.diodegw.systest.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.diodegw.demo.Deployment;
import io.diodegw.demo.Deployment.Role;
import io.diodegw.systest.hostile.HostileFloodScenario;
import io.diodegw.systest.relay.RelayCounter;

/**
 * The fault matrix of issue 4. Every scenario runs 200 tags at 1000 updates/s (unless it needs otherwise) with a 5 s
 * snapshot period, and checks its own evidence that the fault happened. Stateless.
 */
public final class Scenarios
{
    private static final int TAGS = 200;
    private static final double RATE = 1000;
    private static final long IMPAIRED_MS = 12_000;
    /** Three snapshot periods plus the time a snapshot takes: the table must match the simulator by then. */
    private static final long CONVERGE_MS = 35_000;
    private static final long BLACKOUT_MS = 30_000;
    private static final long OVERLOAD_MS = 60_000;
    private static final long OVERLOAD_CONVERGE_MS = 240_000;
    private static final long SOURCE_STATE_TIMEOUT_MS = 20_000;
    private static final String SEED = "seed=42";
    private static final long SWEEP_MS = 30_000;
    private static final int SWEEP_WINDOWS = 6;
    private static final long SWEEP_SPACING_MS = 2_000;

    /** Names of the scenarios {@code mvn verify} runs (ScenariosIT), about a minute each. */
    public static final List<String> FAST = List.of("loss-5", "burst-20", "reorder-dup-corrupt", "sender-kill9",
        "receiver-kill9", "source-stop-start");

    private Scenarios()
    {
    }

    /** @return every scenario of the matrix, in table order. */
    public static List<Scenario> all()
    {
        final List<Scenario> all = new ArrayList<>();
        for (final int loss : new int[] {0, 1, 5, 10})
        {
            all.add(impaired("loss-" + loss, loss == 0 ? SEED : "loss=" + loss + "%," + SEED,
                loss == 0 ? r -> r.number("datagramsSent") > 0 ? null : "no datagram went through the relay"
                    : Scenarios::lost));
        }
        // 20 % random loss is beyond the FEC budget (4 repair symbols per 36): while it lasts hardly a snapshot
        // block survives, so the loss ends with the fault and the table must converge within a period after it.
        all.add(new Scenario("loss-20", "loss=20%," + SEED, TAGS, RATE, Map.of(), run ->
        {
            run.hold(IMPAIRED_MS);
            run.relay().lift(true);
        }, Scenarios::lost, CONVERGE_MS));
        all.add(impaired("burst-20", "burst=20/5%," + SEED, Scenarios::bursts));
        all.add(impaired("burst-200", "burst=200/20%," + SEED, Scenarios::bursts));
        all.add(impaired("reorder", "reorder=5%/3," + SEED,
            r -> r.number("datagramsReordered") > 0 ? null : "the relay reordered nothing"));
        all.add(impaired("dup", "dup=5%," + SEED,
            r -> r.number("datagramsDuplicated") > 0 ? null : "the relay duplicated nothing"));
        all.add(impaired("corrupt", "corrupt=1%," + SEED, Scenarios::corrupted));
        all.add(impaired("reorder-dup-corrupt", "reorder=2%/3,dup=2%,corrupt=0.5%," + SEED, r ->
        {
            final String corrupted = corrupted(r);
            if (corrupted != null)
            {
                return corrupted;
            }
            return r.number("datagramsReordered") > 0 && r.number("datagramsDuplicated") > 0 ? null
                : "the relay did not reorder and duplicate";
        }));
        all.add(new Scenario("blackout-30s", SEED, TAGS, RATE, Map.of(), run ->
        {
            run.relay().blackout(true);
            run.hold(BLACKOUT_MS);
            run.relay().blackout(false);
            run.hold(IMPAIRED_MS / 2);
        }, r -> r.number("datagramsLost") > 0 ? null : "the blackout dropped nothing", CONVERGE_MS));
        all.add(new Scenario("sender-kill9", SEED, TAGS, RATE, Map.of(), run ->
        {
            run.hold(IMPAIRED_MS / 2);
            run.deployment().kill(Role.SENDER);
            run.hold(2_000);
            run.deployment().startSender();
            run.hold(IMPAIRED_MS);
        }, r -> r.number("senderStarts") == 2 && r.number("senderEpochsSeen") >= 2 ? null
            : "the receiver did not see a second sender epoch (senderEpochs " + r.number("senderEpochsSeen") + ")",
            CONVERGE_MS));
        all.add(new Scenario("receiver-kill9", SEED, TAGS, RATE, Map.of(), run ->
        {
            run.hold(IMPAIRED_MS / 2);
            run.note("beforeKill", journalAndCursor(run));
            run.deployment().kill(Role.RECEIVER);
            run.hold(3_000);
            run.deployment().startReceiver();
            run.note("afterRestart", journalAndCursor(run));
            run.hold(IMPAIRED_MS);
            run.note("atEnd", journalAndCursor(run));
        }, r -> r.number("receiverStarts") == 2 ? null : "the receiver was not restarted", CONVERGE_MS));
        all.add(new Scenario("source-stop-start", SEED, TAGS, RATE, Map.of(), run ->
        {
            run.hold(IMPAIRED_MS / 2);
            run.deployment().pauseSimulator();
            run.saveSimulatorHistory();
            run.deployment().stop(Role.SIMULATOR);
            run.awaitSourceState("DISCONNECTED", SOURCE_STATE_TIMEOUT_MS);
            run.hold(5_000);
            run.deployment().startSimulator();
            run.awaitSourceState("CONNECTED", SOURCE_STATE_TIMEOUT_MS);
            run.hold(IMPAIRED_MS);
        }, r -> r.text("sourceStatesSeen") != null && r.text("sourceStatesSeen").contains("DISCONNECTED>CONNECTED")
            && r.number("simulatorStarts") == 2 && r.number("maxStaleTags") > 0 ? null
            : "the receiver did not show the source disconnected, stale and connected again (states "
                + r.text("sourceStatesSeen") + ", stale tags at most " + r.number("maxStaleTags") + ")",
            CONVERGE_MS));
        all.add(new Scenario("overload-3x", SEED, 500, 10_000,
            Map.of(Role.SENDER, Map.of("sender.linkRateBitsPerSec", "600kbit/s")), run -> run.hold(OVERLOAD_MS),
            r -> r.number("maxBacklogRecords") > 0 && r.number("maxInputToOutputPercent") >= 300 ? null
                : "no backlog of 3x the link rate (backlog at most " + r.number("maxBacklogRecords")
                    + " records, input at most " + r.number("maxInputToOutputPercent") + " % of output)",
            OVERLOAD_CONVERGE_MS));
        all.add(HostileFloodScenario.scenario());
        return all;
    }

    /**
     * @param names scenario names.
     * @return those scenarios of {@link #all()}, in the given order.
     * @throws IllegalArgumentException naming an unknown scenario.
     */
    public static List<Scenario> named(final List<String> names)
    {
        final List<Scenario> all = all();
        final List<Scenario> chosen = new ArrayList<>();
        for (final String name : names)
        {
            chosen.add(all.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown scenario '" + name + "'; known: "
                    + all.stream().map(Scenario::name).toList())));
        }
        return chosen;
    }

    /**
     * @param durationMs how long the impairments last.
     * @return the soak: every relay impairment at once (loss, bursts, reordering, duplication, corruption) for the
     *         duration, with the sender killed (-9) and restarted after a third of it and the receiver after two
     *         thirds.
     */
    public static Scenario soak(final long durationMs)
    {
        return new Scenario("soak", "loss=1%,burst=20/1%,reorder=1%/3,dup=1%,corrupt=0.1%," + SEED, TAGS, RATE,
            Map.of(), run ->
            {
                run.hold(durationMs / 3);
                run.deployment().kill(Role.SENDER);
                run.hold(2_000);
                run.deployment().startSender();
                run.hold(durationMs / 3);
                run.deployment().kill(Role.RECEIVER);
                run.hold(3_000);
                run.deployment().startReceiver();
                run.hold(durationMs - 2 * (durationMs / 3));
            }, r ->
            {
                final String corrupted = corrupted(r);
                return corrupted != null ? corrupted
                    : r.number("senderStarts") == 2 && r.number("receiverStarts") == 2 ? null
                    : "the sender and the receiver were not both killed and restarted";
            }, CONVERGE_MS);
    }

    /**
     * @param name    the scenario.
     * @param profile the relay's profile, on from the start.
     * @param check   the evidence.
     * @return a scenario that runs under {@code profile} for {@value #IMPAIRED_MS} ms.
     */
    public static Scenario impaired(final String name, final String profile, final Scenario.FaultCheck check)
    {
        return new Scenario(name, profile, TAGS, RATE, Map.of(), run -> run.hold(IMPAIRED_MS), check, CONVERGE_MS);
    }

    /**
     * The FEC budget sweep: random loss of 2, 3 and 4 % for 30 s each, and bursts of exact lengths (the relay drops
     * the next N datagrams, {@code SWEEP_WINDOWS} times, 2 s apart) of 4, 5, 8, 16, 32 and 33 datagrams. Figures:
     * {@code burstLengths} as the relay counted them, {@code blocksUnrecoverable} from the receiver.
     *
     * @return the sweep's scenarios.
     */
    public static List<Scenario> fecSweep()
    {
        final List<Scenario> sweep = new ArrayList<>();
        for (final int loss : new int[] {2, 3, 4})
        {
            sweep.add(new Scenario("fec-loss-" + loss, "loss=" + loss + "%," + SEED, TAGS, RATE, Map.of(),
                run -> run.hold(SWEEP_MS), Scenarios::lost, CONVERGE_MS));
        }
        for (final int length : new int[] {4, 5, 8, 16, 32, 33})
        {
            sweep.add(new Scenario("fec-burst-" + length, SEED, TAGS, RATE, Map.of(), run ->
            {
                final StringBuilder lengths = new StringBuilder();
                for (int i = 0; i < SWEEP_WINDOWS; i++)
                {
                    final long before = run.relay().counters().get(RelayCounter.DROPPED_COMMANDED);
                    run.relay().dropNext(length);
                    run.hold(SWEEP_SPACING_MS);
                    final long dropped = run.relay().counters().get(RelayCounter.DROPPED_COMMANDED) - before;
                    lengths.append(i == 0 ? "" : "/").append(dropped);
                }
                run.note("burstLengths", lengths.toString());
            }, r -> everyBurst(r.text("burstLengths"), length) ? null
                : "a burst was not dropped in full (lengths " + r.text("burstLengths") + ")", CONVERGE_MS));
        }
        return sweep;
    }

    /** @return the IT journal's figures and the file sink's cursor as the receiver reports them, for the evidence. */
    private static String journalAndCursor(final ScenarioRunner.Run run) throws java.io.IOException,
        InterruptedException
    {
        final Map<String, Object> status = run.deployment().status();
        return "journal " + Deployment.section(status, "journal") + " files "
            + Deployment.section(Deployment.section(status, "sinks"), "files") + " table.liveValuesApplied "
            + Deployment.number(Deployment.section(status, "table"), "liveValuesApplied");
    }

    private static boolean everyBurst(final String lengths, final int length)
    {
        if (lengths == null || lengths.isEmpty())
        {
            return false;
        }
        for (final String each : lengths.split("/"))
        {
            if (Long.parseLong(each) != length)
            {
                return false;
            }
        }
        return true;
    }

    private static String bursts(final ScenarioResult r)
    {
        return r.number("datagramsDroppedBurst") > 0 ? null : "the relay dropped no burst";
    }

    private static String lost(final ScenarioResult r)
    {
        return r.number("datagramsLost") > 0 ? null : "the relay dropped nothing";
    }

    private static String corrupted(final ScenarioResult r)
    {
        return r.number("datagramsCorrupted") > 0 && r.number("authFailures") > 0 ? null
            : "no corrupted datagram was refused (corrupted " + r.number("datagramsCorrupted") + ", authFailures "
                + r.number("authFailures") + ")";
    }
}
