package io.diodegw.systest.scenario;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.diodegw.demo.Deployment;
import io.diodegw.demo.Deployment.Role;
import io.diodegw.systest.relay.ImpairmentProfile;
import io.diodegw.systest.relay.RelayAgent;
import io.diodegw.systest.relay.RelayCounter;
import io.diodegw.systest.relay.RelayCounters;

/**
 * Runs one {@link Scenario}: simulator, receiver and sender as processes ({@link Deployment}) with an impairment
 * relay ({@link RelayAgent}, in this JVM) between sender and receiver; a warm-up, the fault phase, then the plant is
 * paused and the {@link Oracle} checks the tag table, the file sink and every delivered value. While the scenario
 * runs, a watcher samples {@code /api/status} once a second (source states, sender backlog, epochs). Not thread-safe.
 */
public final class ScenarioRunner
{
    /** Snapshot period in every scenario unless it sets its own: convergence is quick. */
    public static final String SNAPSHOT_PERIOD = "5s";
    private static final long WARM_UP_MS = 3_000;
    /** How long the plant may take to stream (sender connected, values applied on IT) before the fault phase. */
    private static final long READY_TIMEOUT_MS = 120_000;
    private static final long SAMPLE_MS = 1_000;
    private static final double HISTORY_MARGIN = 2.0;
    private static final long HISTORY_ALLOWANCE_MS = 120_000;
    private static final int MIN_HISTORY_DEPTH = 200;
    private static final int MAX_HISTORY_DEPTH = 100_000;
    private static final long MAX_HISTORY_SLOTS = 4_000_000;

    private final Deployment.Launch launch;
    private final Path baseDir;
    private final PrintStream log;

    /**
     * @param launch  how to start the children.
     * @param baseDir where each scenario gets a working folder.
     * @param log     progress messages.
     */
    public ScenarioRunner(final Deployment.Launch launch, final Path baseDir, final PrintStream log)
    {
        this.launch = launch;
        this.baseDir = baseDir;
        this.log = log;
    }

    /** The running scenario, as the fault phase sees it. */
    public static final class Run
    {
        private final Deployment deployment;
        private final RelayAgent relay;
        private final List<Path> histories = new ArrayList<>();
        private final List<String> sourceStates = new ArrayList<>();
        private final Set<String> senderEpochs = new LinkedHashSet<>();
        private final Map<String, Object> notes = new java.util.LinkedHashMap<>();
        private long maxBacklogRecords;
        private long maxStaleTags;
        private long maxInputToOutputPercent;
        private long maxOldestUnsentAgeMs;
        private int historyFiles;

        Run(final Deployment deployment, final RelayAgent relay)
        {
            this.deployment = deployment;
            this.relay = relay;
        }

        /** Adds a figure the fault phase measured to the result. */
        public void note(final String figure, final Object value)
        {
            notes.put(figure, value);
        }

        /** @return the deployment. */
        public Deployment deployment()
        {
            return deployment;
        }

        /** @return the relay between sender and receiver. */
        public RelayAgent relay()
        {
            return relay;
        }

        /**
         * Sleeps while sampling the receiver's status once a second.
         *
         * @param ms how long.
         */
        public void hold(final long ms) throws InterruptedException
        {
            final long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
            while (System.nanoTime() - end < 0)
            {
                sample();
                Thread.sleep(Math.max(1, Math.min(SAMPLE_MS, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()))));
            }
        }

        /**
         * Saves the simulator's history before it is stopped or killed, so the oracle still knows what it produced.
         */
        public void saveSimulatorHistory() throws IOException, InterruptedException
        {
            final Path file = deployment.work().resolve("simulator-history-" + (++historyFiles) + ".jsonl");
            deployment.simulatorHistory(file);
            histories.add(file);
        }

        /**
         * Waits until a source state the receiver reports is {@code state}, sampling meanwhile.
         *
         * @return whether it was seen within {@code timeoutMs}.
         */
        public boolean awaitSourceState(final String state, final long timeoutMs) throws InterruptedException
        {
            final long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            while (System.nanoTime() - end < 0)
            {
                if (state.equals(sample()))
                {
                    return true;
                }
                Thread.sleep(SAMPLE_MS / 2);
            }
            return false;
        }

        /**
         * Waits until the receiver applied more live values than there are tags (the sender is connected and values
         * flow), or the time is up.
         *
         * @return milliseconds it took, or -1 at the timeout.
         */
        long awaitStreaming(final int tags, final long timeoutMs) throws InterruptedException
        {
            final long startNs = System.nanoTime();
            while (System.nanoTime() - startNs < TimeUnit.MILLISECONDS.toNanos(timeoutMs))
            {
                sample();
                try
                {
                    if (Deployment.number(Deployment.section(deployment.status(), "table"), "liveValuesApplied")
                        > tags)
                    {
                        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
                    }
                }
                catch (final IOException ex)
                {
                    // the receiver is still starting: keep waiting
                }
                Thread.sleep(SAMPLE_MS / 2);
            }
            return -1;
        }

        private static long asLong(final Object value)
        {
            return value instanceof Number n ? n.longValue() : 0;
        }

        /** @return the source state now (first source), after recording the status figures; null if unknown. */
        String sample()
        {
            try
            {
                final Map<String, Object> status = deployment.status();
                String state = null;
                if (status.get("sources") instanceof List<?> sources && !sources.isEmpty()
                    && sources.get(0) instanceof Map<?, ?> source)
                {
                    state = String.valueOf(source.get("state"));
                    maxStaleTags = Math.max(maxStaleTags, asLong(source.get("tagsUncertain"))
                        + asLong(source.get("tagsBad")));
                    if (sourceStates.isEmpty() || !sourceStates.get(sourceStates.size() - 1).equals(state))
                    {
                        sourceStates.add(state);
                    }
                }
                final Map<String, Object> sender = Deployment.section(status, "sender");
                if (!sender.isEmpty())
                {
                    senderEpochs.add(String.valueOf(sender.get("senderEpoch")));
                    maxBacklogRecords = Math.max(maxBacklogRecords, Deployment.number(sender, "backlogRecords"));
                    final long output = Deployment.number(sender, "outputRecordsPerSec");
                    if (output > 0)
                    {
                        maxInputToOutputPercent = Math.max(maxInputToOutputPercent,
                            Deployment.number(sender, "inputRecordsPerSec") * 100 / output);
                    }
                    maxOldestUnsentAgeMs = Math.max(maxOldestUnsentAgeMs,
                        Deployment.number(sender, "oldestUnsentAgeMs"));
                }
                return state;
            }
            catch (final IOException ex)
            {
                return null;
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    /**
     * Runs the scenario to the end and stops every process it started.
     *
     * @return the result; a scenario that could not run has figure {@code error}.
     */
    public ScenarioResult run(final Scenario scenario) throws InterruptedException
    {
        final ScenarioResult result = new ScenarioResult(scenario.name());
        result.put("profile", scenario.profile());
        final long startNs = System.nanoTime();
        Path work = null;
        try
        {
            Files.createDirectories(baseDir);
            work = Files.createTempDirectory(baseDir, scenario.name() + "-");
            log.println("scenario " + scenario.name() + ": working folder " + work);
            final Deployment d = new Deployment(launch, work, new Deployment.Shape(scenario.tags(),
                scenario.ratePerSec(), historyDepth(scenario), 1), log);
            final ImpairmentProfile profile = scenario.profile().isEmpty() ? ImpairmentProfile.NONE
                : ImpairmentProfile.parse(scenario.profile());
            try (d)
            {
                d.prepare();
                final RelayAgent relay = new RelayAgent(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    d.receiverAddress(), profile);
                try (relay)
                {
                    relay.start();
                    d.senderDestination(relay.localAddress());
                    d.setting(Role.SENDER, "sender.snapshot.periodMs", SNAPSHOT_PERIOD);
                    for (final Map.Entry<Role, Map<String, String>> e : scenario.settings().entrySet())
                    {
                        e.getValue().forEach((key, value) -> d.setting(e.getKey(), key, value));
                    }
                    final Run run = new Run(d, relay);
                    d.startSimulator();
                    d.writeConfigs(List.of("files"), null, null);
                    d.startReceiver();
                    d.startSender();
                    result.put("readyMs", run.awaitStreaming(scenario.tags(), READY_TIMEOUT_MS));
                    run.hold(WARM_UP_MS);
                    scenario.fault().apply(run);
                    d.checkAlive();
                    d.pauseSimulator();
                    final long pausedNs = System.nanoTime();
                    Oracle.checkTable(d, pausedNs, scenario.convergeMs(), result);
                    run.saveSimulatorHistory();
                    Oracle.checkSinks(d, run.histories, result);
                    run.sample();
                    figures(run, relay.counters(), d.status(), result);
                }
            }
        }
        catch (final Exception ex)
        {
            result.put("error", ex.getClass().getSimpleName() + ": " + ex.getMessage());
        }
        result.put("wallMs", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs));
        result.put("workDir", String.valueOf(work));
        if (result.figures().get("error") == null)
        {
            result.put("faultMissing", scenario.faultCheck().missing(result));
        }
        result.put("passed", result.passed());
        log.println("scenario " + scenario.name() + ": " + result.toJson());
        return result;
    }

    private static void figures(final Run run, final RelayCounters counters, final Map<String, Object> status,
        final ScenarioResult result)
    {
        final RelayCounters.Snapshot relay = counters.snapshot();
        final Map<String, Object> link = Deployment.section(status, "link");
        final Map<String, Object> table = Deployment.section(status, "table");
        result.put("datagramsSent", relay.get(RelayCounter.RECEIVED));
        result.put("datagramsLost", relay.dropped());
        result.put("datagramsDuplicated", relay.get(RelayCounter.DUPLICATED));
        result.put("datagramsReordered", relay.get(RelayCounter.REORDERED));
        result.put("datagramsCorrupted", relay.get(RelayCounter.CORRUPTED));
        result.put("datagramsDroppedBurst", relay.get(RelayCounter.DROPPED_BURST));
        result.put("datagramsDroppedBlackout", relay.get(RelayCounter.DROPPED_BLACKOUT));
        result.put("datagramsReceived", Deployment.number(link, "datagrams"));
        result.put("authFailures", Deployment.number(link, "authFailures"));
        long refused = 0;
        for (final Object v : Deployment.section(link, "datagramsRefused").values())
        {
            refused += v instanceof Number n ? n.longValue() : 0;
        }
        result.put("datagramsRefused", refused);
        result.put("blocksOutOfBand", Deployment.number(link, "blocksOutOfBand"));
        result.put("snapshotsCompleted", Deployment.number(Deployment.section(status, "snapshots"), "completed"));
        result.put("snapshotValuesApplied", Deployment.number(table, "snapshotValuesApplied"));
        result.put("liveValuesApplied", Deployment.number(table, "liveValuesApplied"));
        result.put("blocksRepaired", Deployment.number(link, "blocksRepaired"));
        result.put("blocksUnrecoverable", Deployment.number(link, "blocksUnrecoverable"));
        result.put("gapsReported", Deployment.number(link, "gaps"));
        result.put("sequencesInGaps", Deployment.number(link, "sequencesInGaps"));
        final Map<String, Object> gaps = Deployment.section(status, "gaps");
        result.put("gapsRefilled", Deployment.number(gaps, "closed"));
        result.put("gapsOpen", Deployment.number(gaps, "open"));
        result.put("gapsAbandoned", Deployment.number(gaps, "abandoned"));
        result.put("sequencesRefilled", Deployment.number(gaps, "refilledSequences"));
        result.put("sequencesSuperseded", Deployment.number(gaps, "supersededSequences"));
        result.put("sequencesStillOpen", Deployment.number(gaps, "openSequences"));
        result.put("recordsRepeated", Deployment.number(link, "recordsRepeated"));
        result.put("streamRestarts", Deployment.number(link, "streamRestarts"));
        result.put("senderEpochsSeen", Deployment.number(link, "senderEpochs"));
        result.put("senderStarts", (long)run.deployment.starts(Role.SENDER));
        result.put("receiverStarts", (long)run.deployment.starts(Role.RECEIVER));
        result.put("simulatorStarts", (long)run.deployment.starts(Role.SIMULATOR));
        result.put("sourceStatesSeen", String.join(">", run.sourceStates));
        result.put("maxStaleTags", run.maxStaleTags);
        result.put("maxInputToOutputPercent", run.maxInputToOutputPercent);
        result.put("senderStatusEpochs", (long)run.senderEpochs.size());
        result.put("maxBacklogRecords", run.maxBacklogRecords);
        result.put("maxOldestUnsentAgeMs", run.maxOldestUnsentAgeMs);
        result.put("blocksComplete", Deployment.number(link, "blocksComplete"));
        run.notes.forEach(result::put);
    }

    private static int historyDepth(final Scenario scenario)
    {
        final long bound = Math.max(1, Math.min(MAX_HISTORY_DEPTH, MAX_HISTORY_SLOTS / scenario.tags()));
        final double steps = scenario.ratePerSec() / scenario.tags() * HISTORY_ALLOWANCE_MS / 1000.0 * HISTORY_MARGIN;
        return (int)Math.min(bound, Math.max(MIN_HISTORY_DEPTH, (long)Math.ceil(steps)));
    }
}
