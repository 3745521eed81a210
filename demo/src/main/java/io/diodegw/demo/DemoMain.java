package io.diodegw.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;


/**
 * {@code bin/diode demo}: the whole product on one machine. Generates keys and the two configurations in a temporary
 * folder, starts the plant simulator, the chosen sinks' services (Adobe S3Mock, kinesis-local; see
 * {@link LocalServices}), the receiver and the sender as separate processes on loopback (each logging to a file in
 * that folder), prints one progress line a second from the receiver's HTTP API, and after {@code --duration} or
 * Ctrl-C pauses the simulator, waits until the receiver's table stops changing, and compares every simulator tag
 * with the receiver's. Then it waits until every sink committed the receiver's IT journal up to its head, reads back
 * what each sink holds and checks it ({@link SinkCheck}): every journaled stream sequence exactly once, every value
 * equal to what the simulator produced for its tag at its source time (from the simulator's {@code history}). The
 * last stdout line is one JSON object with the results; the exit code is 0 when no tag is missing or different, the
 * link reported neither gaps nor unrecoverable blocks and every sink caught up without duplicates, missing records
 * or value mismatches, else 1 (2 for a usage error or a service that is not installed).
 *
 * <p>The children's classpaths come from system properties set by {@code bin/diode} (or by the build for
 * {@code DemoIT}): {@code diodegw.cp.simulator}, {@code diodegw.cp.sender}, {@code diodegw.cp.receiver}; their extra JVM options
 * (the Chronicle Queue flags) from {@code diodegw.child.jvm.args} ({@link Deployment.Launch}); the services' locations as {@link LocalServices} says. Every
 * child is stopped with its descendants on every exit path, Ctrl-C included.
 */
public final class DemoMain
{
    private static final int EXIT_OK = 0;
    private static final int EXIT_FAILED = 1;
    private static final int EXIT_USAGE = 2;
    private static final long SETTLE_TIMEOUT_MS = 90_000;
    private static final long SETTLE_QUIET_MS = 3_000;
    private static final long POLL_MS = 500;
    private static final long PROGRESS_INTERVAL_MS = 1_000;
    private static final int MISMATCHES_SHOWN = 10;
    private static final long HOOK_WAIT_MS = 300_000;
    private static final long SERVICE_START_TIMEOUT_MS = 120_000;
    /** S3Mock and kinesis-local hold nothing the demo needs once it has checked them. */
    private static final long SERVICE_STOP_WAIT_MS = 3_000;
    private static final long CATCH_UP_TIMEOUT_MS = 120_000;
    private static final int DEFAULT_HISTORY_DEPTH = 100;
    private static final int MAX_HISTORY_DEPTH = 100_000;
    private static final long MAX_HISTORY_SLOTS = 4_000_000;
    private static final long HISTORY_START_ALLOWANCE_MS = 60_000;
    private static final double HISTORY_MARGIN = 1.5;
    private static final int HISTORY_SPARE_STEPS = 64;
    private static final String BUCKET = Deployment.BUCKET;
    private static final String STREAM = Deployment.STREAM;
    private static final int KINESIS_SHARDS = 4;
    private static final String FILES = "files";
    private static final String S3 = "s3";
    private static final String KINESIS = "kinesis";

    private final DemoOptions options;
    private final Deployment.Launch launch;
    private final PrintStream out;
    private final PrintStream err;
    private final BooleanSupplier stopRequested;
    private final List<Long> lagSamplesMs = new ArrayList<>();
    private final Map<String, Long> lastSequenceByNode = new HashMap<>();
    private final List<ChildProcess> children = Collections.synchronizedList(new ArrayList<>());
    private final LocalAws aws = new LocalAws();
    private volatile Deployment deployment;
    private URI s3Endpoint;
    private URI kinesisEndpoint;

    DemoMain(final DemoOptions options, final Deployment.Launch launch, final PrintStream out, final PrintStream err,
        final BooleanSupplier stopRequested)
    {
        this.options = options;
        this.launch = launch;
        this.out = out;
        this.err = err;
        this.stopRequested = stopRequested;
    }

    /**
     * @param args see {@link DemoOptions#USAGE}.
     */
    public static void main(final String[] args)
    {
        final DemoOptions options;
        final Deployment.Launch launch;
        try
        {
            options = DemoOptions.parse(args);
            if (options == null)
            {
                System.out.println(DemoOptions.USAGE);
                return;
            }
            launch = Deployment.Launch.fromSystemProperties();
        }
        catch (final IllegalArgumentException | IllegalStateException ex)
        {
            System.err.println("demo: " + ex.getMessage());
            System.err.println("run 'bin/diode demo --help' for the options");
            System.exit(EXIT_USAGE);
            return;
        }
        final AtomicBoolean stop = new AtomicBoolean();
        final CountDownLatch done = new CountDownLatch(1);
        final DemoMain demo = new DemoMain(options, launch, System.out, System.err, stop::get);
        final Thread hook = new Thread(() ->
        {
            stop.set(true);
            try
            {
                if (!done.await(HOOK_WAIT_MS, TimeUnit.MILLISECONDS))
                {
                    System.err.println("demo: the final comparison did not finish in time; stopping");
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            demo.stopChildren();
        }, "demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        final int code = demo.run();
        done.countDown();
        System.out.flush();
        if (stop.get())
        {
            Runtime.getRuntime().halt(code);
        }
        System.exit(code);
    }

    /**
     * Runs the demo to the end; stops every child before returning.
     *
     * @return the exit code.
     */
    int run()
    {
        final Path s3MockJar;
        final Path kinesisLocalMain;
        try
        {
            s3MockJar = options.sinks().contains(S3) ? LocalServices.s3MockJar(System::getProperty, System::getenv)
                : null;
            kinesisLocalMain = options.sinks().contains(KINESIS)
                ? LocalServices.kinesisLocalMain(System::getProperty, System::getenv) : null;
        }
        catch (final LocalServices.NotInstalledException ex)
        {
            err.println("demo: " + ex.getMessage());
            return EXIT_USAGE;
        }
        Path work = null;
        boolean clean = false;
        try
        {
            work = Files.createTempDirectory("diodegw-demo-");
            err.println("demo: working folder " + work + " (keys, configs, journals, logs)");
            final Map<String, Object> result = runIn(work, s3MockJar, kinesisLocalMain);
            result.put("workDir", work.toString());
            out.println(toJson(result));
            clean = isClean(result);
            return clean ? EXIT_OK : EXIT_FAILED;
        }
        catch (final IOException | RuntimeException ex)
        {
            err.println("demo: failed: " + ex.getMessage());
            final Map<String, Object> failure = new LinkedHashMap<>();
            failure.put("error", String.valueOf(ex.getMessage()));
            failure.put("workDir", String.valueOf(work));
            out.println(toJson(failure));
            return EXIT_FAILED;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            err.println("demo: interrupted");
            return EXIT_FAILED;
        }
        finally
        {
            stopChildren();
            if (clean && !options.keep())
            {
                deleteTree(work);
            }
        }
    }

    static boolean isClean(final Map<String, Object> result)
    {
        for (final String key : List.of("mismatches", "gaps", "unrecoveredBlocks", "sinkDuplicates", "sinkMissing",
            "sinkUnexpected", "sinkValueMismatches", "sinkMalformed"))
        {
            if (!(result.get(key) instanceof Number n) || n.longValue() != 0)
            {
                return false;
            }
        }
        return Boolean.TRUE.equals(result.get("sinksCaughtUp"));
    }

    /**
     * @return values the simulator keeps per tag: enough for the whole run (with a margin for the start-up and the
     *         simulator's tick rounding) within a memory bound of {@value #MAX_HISTORY_SLOTS} values in all; for a
     *         run until Ctrl-C, that bound. Values older than the retained history are reported as unchecked.
     */
    static int historyDepth(final DemoOptions options)
    {
        final long bound = Math.max(1, Math.min(MAX_HISTORY_DEPTH, MAX_HISTORY_SLOTS / options.tags()));
        if (options.durationMs() == 0)
        {
            return (int)bound;
        }
        final double steps = options.ratePerSec() / options.tags()
            * (options.durationMs() + HISTORY_START_ALLOWANCE_MS) / 1000.0;
        final long depth = (long)Math.ceil(steps * HISTORY_MARGIN) + HISTORY_SPARE_STEPS;
        return (int)Math.min(bound, Math.max(DEFAULT_HISTORY_DEPTH, depth));
    }

    /** Stops the children, the sender first so its collector and replicator end cleanly. Idempotent. */
    void stopChildren()
    {
        final List<ChildProcess> all;
        synchronized (children)
        {
            all = new ArrayList<>(children);
            children.clear();
        }
        Collections.reverse(all);
        final Deployment running = deployment;
        if (running != null)
        {
            running.close();
        }
        aws.close();
        all.forEach(ChildProcess::close);
    }

    private Map<String, Object> runIn(final Path work, final Path s3MockJar, final Path kinesisLocalMain)
        throws IOException, InterruptedException
    {
        final Deployment d = new Deployment(launch, work, new Deployment.Shape(options.tags(), options.ratePerSec(),
            historyDepth(options), 1), err);
        deployment = d;
        d.prepare();
        d.startSimulator();
        startServices(work, s3MockJar, kinesisLocalMain);
        d.writeConfigs(options.sinks(), s3Endpoint, kinesisEndpoint);
        d.startReceiver();
        err.println("demo: receiver on udp 127.0.0.1:" + d.receiverAddress().getPort() + ", HTTP API " + d.api());
        err.println("demo: watch it: status page " + d.api() + "/status, metrics " + d.api() + "/metrics, "
            + "bin/diode status --url " + d.api());
        d.startSender();
        final long readyMs = awaitFirstValues(work);
        err.println("demo: values flowing " + readyMs + " ms after the sender started; " + (options.durationMs() > 0
            ? "running for " + options.durationMs() / 1000.0 + " s" : "running until Ctrl-C"));

        final long startNs = System.nanoTime();
        long previousApplied = 0;
        long nextNs = startNs;
        while (!stopRequested.getAsBoolean()
            && (options.durationMs() == 0 || elapsedMs(startNs) < options.durationMs()))
        {
            nextNs += TimeUnit.MILLISECONDS.toNanos(PROGRESS_INTERVAL_MS);
            sleepUntil(nextNs);
            checkAlive();
            final Map<String, Object> status = status();
            final List<Long> secondSamples = sampleLags();
            final long applied = number(table(status), "liveValuesApplied");
            out.println(progressLine(elapsedMs(startNs), status, applied - previousApplied, secondSamples));
            previousApplied = applied;
        }
        err.println("demo: pausing the simulator and waiting for the IT side to settle");
        d.pauseSimulator();
        settle();
        final Path dump = work.resolve("simulator-dump.jsonl");
        d.dumpSimulator(dump);
        final Path history = work.resolve("simulator-history.jsonl");
        d.simulatorHistory(history);
        final Map<String, Object> result = compare(dump, status(), elapsedMs(startNs));
        checkSinks(work, SimulatorHistory.read(history), result);
        return result;
    }

    /** Starts S3Mock and kinesis-local when their sinks are chosen, waits until they answer, creates bucket/stream. */
    private void startServices(final Path work, final Path s3MockJar, final Path kinesisLocalMain)
        throws IOException, InterruptedException
    {
        ChildProcess s3Mock = null;
        ChildProcess kinesisLocal = null;
        if (s3MockJar != null)
        {
            final LocalServices.Start start = LocalServices.s3Mock(launch.java(), s3MockJar,
                Files.createDirectories(work.resolve("s3mock-store")));
            s3Mock = startService("s3mock", start, work.resolve("s3mock.log"));
            s3Endpoint = URI.create("http://127.0.0.1:" + start.port());
        }
        if (kinesisLocalMain != null)
        {
            final LocalServices.Start start = LocalServices.kinesisLocal(kinesisLocalMain);
            kinesisLocal = startService("kinesis-local", start, work.resolve("kinesis-local.log"));
            kinesisEndpoint = URI.create("http://127.0.0.1:" + start.port());
        }
        if (s3Mock != null)
        {
            awaitService(s3Mock, () -> aws.s3Ready(s3Endpoint));
            aws.createBucket(s3Endpoint, BUCKET);
            err.println("demo: S3Mock " + s3Endpoint + ", bucket " + BUCKET);
        }
        if (kinesisLocal != null)
        {
            awaitService(kinesisLocal, () -> aws.kinesisReady(kinesisEndpoint));
            aws.createStream(kinesisEndpoint, STREAM, KINESIS_SHARDS);
            awaitService(kinesisLocal, () -> "ACTIVE".equals(aws.streamStatus(kinesisEndpoint, STREAM)));
            err.println("demo: kinesis-local " + kinesisEndpoint + ", stream " + STREAM + " (" + KINESIS_SHARDS
                + " shards)");
        }
    }

    private ChildProcess startService(final String name, final LocalServices.Start start, final Path log)
        throws IOException
    {
        final ChildProcess child = ChildProcess.start(name, start.command(), log, false, start.environment(),
            SERVICE_STOP_WAIT_MS);
        children.add(child);
        return child;
    }

    /** A readiness probe. */
    @FunctionalInterface
    private interface Probe
    {
        boolean ready() throws IOException, InterruptedException;
    }

    private static void awaitService(final ChildProcess service, final Probe probe)
        throws IOException, InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SERVICE_START_TIMEOUT_MS);
        while (!probe.ready())
        {
            if (!service.isAlive())
            {
                throw new IOException(service.name() + " stopped; see " + service.log());
            }
            if (System.nanoTime() - deadline > 0)
            {
                throw new IOException(service.name() + " did not get ready within " + SERVICE_START_TIMEOUT_MS
                    + " ms; see " + service.log());
            }
            Thread.sleep(POLL_MS);
        }
    }

    /**
     * Waits until every sink committed the receiver's IT journal up to its head, reads back what each sink holds and
     * checks it against the journal's figures and the simulator's history; adds the results to {@code result}.
     */
    private void checkSinks(final Path work, final SimulatorHistory history, final Map<String, Object> result)
        throws IOException, InterruptedException
    {
        final Map<String, Object> status = awaitSinksCaughtUp();
        final boolean caughtUp = status != null;
        final Map<String, Object> journal = section(caughtUp ? status : status(), "journal");
        final SinkCheck.JournalFigures figures = SinkCheck.JournalFigures.of(journal);
        final Map<String, Object> sinks = new LinkedHashMap<>();
        long duplicates = 0;
        long missing = 0;
        long unexpected = 0;
        long valueMismatches = 0;
        long malformed = 0;
        long unchecked = 0;
        for (final String sink : options.sinks())
        {
            final SinkCheck check = new SinkCheck(sink, history);
            switch (sink)
            {
                case FILES -> check.addFileSink(work.resolve("delivery"));
                case S3 -> readS3(check);
                case KINESIS -> aws.readStream(kinesisEndpoint, STREAM, data ->
                    check.addJson(new String(data, StandardCharsets.UTF_8)));
                default -> throw new IllegalStateException("unknown sink " + sink);
            }
            final Map<String, Object> sinkResult = check.result(figures);
            check.details().forEach(line -> err.println("demo: sink " + line));
            sinks.put(sink, sinkResult);
            for (final String key : List.of("records", "duplicates", "missing", "valueMismatches"))
            {
                result.put(sink + Character.toUpperCase(key.charAt(0)) + key.substring(1), sinkResult.get(key));
            }
            duplicates += (Long)sinkResult.get("duplicates");
            missing += (Long)sinkResult.get("missing");
            unexpected += (Long)sinkResult.get("unexpected");
            valueMismatches += (Long)sinkResult.get("valueMismatches");
            malformed += (Long)sinkResult.get("malformed");
            unchecked += (Long)sinkResult.get("valuesUnchecked");
        }
        result.put("journalRecords", journal.get("records"));
        result.put("journalFirstSequence", journal.get("firstStreamSequence"));
        result.put("journalLastSequence", journal.get("lastStreamSequence"));
        result.put("sinksCaughtUp", caughtUp);
        result.put("sinkDuplicates", duplicates);
        result.put("sinkMissing", missing);
        result.put("sinkUnexpected", unexpected);
        result.put("sinkValueMismatches", valueMismatches);
        result.put("sinkMalformed", malformed);
        result.put("sinkValuesUnchecked", unchecked);
        result.put("historyComplete", history.complete());
        result.put("sinks", sinks);
        if (unchecked > 0)
        {
            err.println("demo: " + unchecked + " delivered values are older than the simulator's retained history "
                + "(--history-depth " + historyDepth(options) + ") and were not checked");
        }
    }

    /** @return the status in which every sink committed the journal's head, or null at the deadline. */
    private Map<String, Object> awaitSinksCaughtUp() throws IOException, InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CATCH_UP_TIMEOUT_MS);
        while (true)
        {
            checkAlive();
            final Map<String, Object> status = status();
            final long head = number(section(status, "journal"), "headSequence");
            final Map<String, Object> sinks = section(status, "sinks");
            boolean all = !section(status, "journal").isEmpty();
            for (final String sink : options.sinks())
            {
                final Object figures = sinks.get(sink);
                @SuppressWarnings("unchecked")
                final Map<String, Object> sinkFigures = figures instanceof Map ? (Map<String, Object>)figures
                    : Map.of();
                all &= !sinkFigures.isEmpty() && number(sinkFigures, "committedSequence") >= head;
            }
            if (all)
            {
                return status;
            }
            if (System.nanoTime() - deadline > 0)
            {
                err.println("demo: the sinks did not catch up with the IT journal (head " + head + ") within "
                    + CATCH_UP_TIMEOUT_MS + " ms: " + sinks);
                return null;
            }
            Thread.sleep(POLL_MS);
        }
    }

    private void readS3(final SinkCheck check) throws IOException, InterruptedException
    {
        for (final String key : aws.keys(s3Endpoint, BUCKET))
        {
            check.addGzipJsonLines(aws.object(s3Endpoint, BUCKET, key));
        }
    }

    private void checkAlive() throws IOException
    {
        deployment.checkAlive();
        synchronized (children)
        {
            for (final ChildProcess child : children)
            {
                if (!child.isAlive())
                {
                    throw new IOException(child.name() + " stopped unexpectedly; see " + child.log());
                }
            }
        }
    }

    /**
     * Waits until the receiver applied its first live value, so that the run's duration measures replication, not
     * start-up (the simulator's and the sender's OPC UA start take seconds, more on a loaded machine).
     *
     * @param work the demo's folder, named in the error.
     * @return ms waited.
     * @throws IOException if no value arrived within {@link #HISTORY_START_ALLOWANCE_MS} (the simulator's history
     *     is sized to cover that wait).
     */
    private long awaitFirstValues(final Path work) throws IOException, InterruptedException
    {
        final long startNs = System.nanoTime();
        while (number(table(status()), "liveValuesApplied") == 0)
        {
            checkAlive();
            if (elapsedMs(startNs) >= HISTORY_START_ALLOWANCE_MS)
            {
                throw new IOException("no tag value reached the receiver within " + HISTORY_START_ALLOWANCE_MS +
                    " ms of the sender's start; the logs of every process are in " + work);
            }
            Thread.sleep(POLL_MS);
        }
        return elapsedMs(startNs);
    }

    /** Waits until the receiver applied no new value for {@link #SETTLE_QUIET_MS}, or the deadline. */
    private void settle() throws IOException, InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SETTLE_TIMEOUT_MS);
        long last = -1;
        long quietSinceNs = System.nanoTime();
        while (System.nanoTime() - deadline < 0)
        {
            checkAlive();
            final long applied = number(table(status()), "liveValuesApplied");
            if (applied != last)
            {
                last = applied;
                quietSinceNs = System.nanoTime();
            }
            else if (System.nanoTime() - quietSinceNs >= TimeUnit.MILLISECONDS.toNanos(SETTLE_QUIET_MS))
            {
                return;
            }
            Thread.sleep(POLL_MS);
        }
        err.println("demo: the receiver kept applying values until the settle deadline; comparing anyway");
    }

    private Map<String, Object> compare(final Path dump, final Map<String, Object> status, final long runMs)
        throws IOException, InterruptedException
    {
        final Map<String, Map<String, Object>> received = new HashMap<>();
        for (final Map<String, Object> tag : allTags())
        {
            final Object nodeId = tag.get("nodeId");
            if (nodeId != null)
            {
                received.put(nodeId.toString(), tag);
            }
        }
        int simulated = 0;
        int mirrored = 0;
        int mismatches = 0;
        int sourceTimeMismatches = 0;
        final List<String> shown = new ArrayList<>();
        try (Stream<String> lines = Files.lines(dump, StandardCharsets.UTF_8))
        {
            for (final String line : (Iterable<String>)lines::iterator)
            {
                if (line.isBlank())
                {
                    continue;
                }
                simulated++;
                final Map<String, Object> expected = Json.parseObject(line);
                final String nodeId = String.valueOf(expected.get("nodeId"));
                final Map<String, Object> actual = received.get(nodeId);
                if (actual != null && actual.get("streamSequence") != null)
                {
                    mirrored++;
                }
                final String difference = TagComparator.difference(expected, actual);
                if (difference != null)
                {
                    mismatches++;
                    if (shown.size() < MISMATCHES_SHOWN)
                    {
                        shown.add(nodeId + ": " + difference);
                    }
                }
                else if (!TagComparator.sourceTimeEquals(expected, actual))
                {
                    sourceTimeMismatches++;
                }
            }
        }
        shown.forEach(line -> err.println("demo: mismatch " + line));
        final Map<String, Object> link = link(status);
        final Map<String, Object> table = table(status);
        final Map<String, Object> result = new LinkedHashMap<>();
        result.put("tagsSimulated", simulated);
        result.put("tagsMirrored", mirrored);
        result.put("updatesApplied", number(table, "liveValuesApplied"));
        result.put("lagP50Ms", percentile(lagSamplesMs, 50));
        result.put("lagP99Ms", percentile(lagSamplesMs, 99));
        result.put("lagSamples", lagSamplesMs.size());
        result.put("datagrams", number(link, "datagrams"));
        result.put("repairedBlocks", number(link, "blocksRepaired"));
        result.put("unrecoveredBlocks", number(link, "blocksUnrecoverable"));
        result.put("gaps", number(link, "gaps") + number(table, "gaps"));
        result.put("mismatches", mismatches);
        result.put("sourceTimeMismatches", sourceTimeMismatches);
        result.put("runMs", runMs);
        return result;
    }

    private List<Map<String, Object>> allTags() throws IOException, InterruptedException
    {
        return deployment.allTags();
    }

    /**
     * Samples, for every tag whose stream sequence moved since the last call, the time from its source timestamp to
     * its application on the IT side; a tag's first sighting is skipped (its source time may predate the run).
     */
    private List<Long> sampleLags() throws IOException, InterruptedException
    {
        final List<Long> samples = new ArrayList<>();
        for (final Map<String, Object> tag : allTags())
        {
            final Object nodeId = tag.get("nodeId");
            final Object sequence = tag.get("streamSequence");
            if (nodeId == null || !(sequence instanceof Number n))
            {
                continue;
            }
            final Long previous = lastSequenceByNode.put(nodeId.toString(), n.longValue());
            if (previous == null || previous == n.longValue())
            {
                continue;
            }
            final Object applied = tag.get("appliedAt");
            final Object source = tag.get("sourceTimestamp");
            if (applied != null && source != null)
            {
                try
                {
                    final long lagMs = Duration.between(Instant.parse(source.toString()),
                        Instant.parse(applied.toString())).toMillis();
                    samples.add(Math.max(0, lagMs));
                }
                catch (final DateTimeParseException ex)
                {
                    continue;
                }
            }
        }
        lagSamplesMs.addAll(samples);
        return samples;
    }

    private String progressLine(final long elapsedMs, final Map<String, Object> status, final long appliedInSecond,
        final List<Long> secondSamples)
    {
        final Map<String, Object> link = link(status);
        final Map<String, Object> table = table(status);
        final StringBuilder line = new StringBuilder(160);
        line.append(String.format(Locale.ROOT, "[%4ds] tags %d/%d  updates/s %d  lag p50 %s p99 %s ms",
            elapsedMs / 1000, number(table, "tags"), options.tags(), appliedInSecond,
            percentile(secondSamples, 50), percentile(secondSamples, 99)));
        line.append(String.format(Locale.ROOT, "  link datagrams %d repaired %d unrecovered %d gaps %d",
            number(link, "datagrams"), number(link, "blocksRepaired"), number(link, "blocksUnrecoverable"),
            number(link, "gaps")));
        final Object sources = status.get("sources");
        if (sources instanceof List<?> list)
        {
            for (final Object source : list)
            {
                if (source instanceof Map<?, ?> s)
                {
                    line.append("  source ").append(s.get("sourceId")).append(' ').append(s.get("state"));
                }
            }
        }
        return line.toString();
    }

    private Map<String, Object> status() throws IOException, InterruptedException
    {
        return deployment.status();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(final Map<String, Object> status, final String name)
    {
        final Object section = status.get(name);
        return section instanceof Map ? (Map<String, Object>)section : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> link(final Map<String, Object> status)
    {
        final Object link = status.get("link");
        return link instanceof Map ? (Map<String, Object>)link : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> table(final Map<String, Object> status)
    {
        final Object table = status.get("table");
        return table instanceof Map ? (Map<String, Object>)table : Map.of();
    }

    private static long number(final Map<String, Object> map, final String key)
    {
        final Object value = map.get(key);
        return value instanceof Number n ? n.longValue() : 0;
    }

    /** @return the nearest-rank percentile, or null without samples. */
    static Long percentile(final List<Long> samples, final int percent)
    {
        if (samples.isEmpty())
        {
            return null;
        }
        final List<Long> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        final int rank = (int)Math.ceil(percent / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    /** @return the map as one line of JSON; nested maps become objects, other values numbers, booleans or text. */
    static String toJson(final Map<String, Object> map)
    {
        final StringBuilder sb = new StringBuilder("{");
        for (final Map.Entry<String, Object> e : map.entrySet())
        {
            if (sb.length() > 1)
            {
                sb.append(',');
            }
            sb.append(Json.quote(e.getKey())).append(':');
            final Object v = e.getValue();
            if (v == null || v instanceof Number || v instanceof Boolean)
            {
                sb.append(v);
            }
            else if (v instanceof Map<?, ?> nested)
            {
                @SuppressWarnings("unchecked")
                final Map<String, Object> object = (Map<String, Object>)nested;
                sb.append(toJson(object));
            }
            else
            {
                sb.append(Json.quote(v.toString()));
            }
        }
        return sb.append('}').toString();
    }

    static String receiverYaml(final Path work, final Path keys, final int udpPort, final int httpPort,
        final List<String> sinks, final URI s3Endpoint, final URI kinesisEndpoint)
    {
        return Deployment.receiverYaml(work, keys, udpPort, httpPort, sinks, s3Endpoint, kinesisEndpoint);
    }

    private static long elapsedMs(final long startNs)
    {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
    }

    private static void sleepUntil(final long deadlineNs) throws InterruptedException
    {
        final long waitNs = deadlineNs - System.nanoTime();
        if (waitNs > 0)
        {
            TimeUnit.NANOSECONDS.sleep(waitNs);
        }
    }

    private void deleteTree(final Path root)
    {
        if (root == null)
        {
            return;
        }
        try (Stream<Path> paths = Files.walk(root))
        {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        catch (final IOException ex)
        {
            err.println("demo: could not delete " + root + ": " + ex.getMessage());
        }
    }
}
