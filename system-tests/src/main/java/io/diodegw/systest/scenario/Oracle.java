package io.diodegw.systest.scenario;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.diodegw.demo.Deployment;
import io.diodegw.demo.Json;
import io.diodegw.demo.SimulatorHistory;
import io.diodegw.demo.SinkCheck;
import io.diodegw.demo.TagComparator;

/**
 * The scenarios' oracle, run once the plant is paused:
 * <ol>
 *   <li>the IT tag table against the simulator: every tag's value and status equal to the simulator's current one
 *   (delivered or superseded), polled until equal or {@code convergeMs} after the pause; figures
 *   {@code tagMismatches} (at the end) and {@code convergeMs} (pause to first full match, -1 if never);</li>
 *   <li>the file sink against the OT stream, once the receiver reports itself no records behind the sender's journal
 *   head (a backlog still draining is not a loss) and the file sink committed the IT journal's head, or after
 *   {@value #CATCH_UP_TIMEOUT_MS} ms: every stream sequence 0..the sender's reported journal head delivered
 *   exactly once or inside a gap the receiver delivered ({@code sinkSilentLoss}, {@code sinkDuplicates},
 *   {@code sinkSequencesInGaps}, {@code sinkGapRecords});</li>
 *   <li>no corrupted value delivered: every delivered value equals what the simulator produced for the tag at that
 *   source time ({@code sinkValueMismatches}, {@link SinkCheck}).</li>
 * </ol>
 * Stateless; blocking.
 */
public final class Oracle
{
    private static final long POLL_MS = 1_000;
    private static final long CATCH_UP_TIMEOUT_MS = 120_000;
    private static final int SHOWN = 5;
    /**
     * SinkCheck's per-epoch count against the IT journal counts records of an earlier sender epoch as missing; the
     * oracle judges by {@link SinkCheck#coverage} over all epochs instead, so that detail is left out.
     */
    private static final String JOURNAL_COUNT_DETAIL = "of the journal's";

    private Oracle()
    {
    }

    /**
     * Checks the tag table until it matches the simulator or the time is up.
     *
     * @param d          the deployment, simulator paused.
     * @param pausedNs   {@link System#nanoTime()} at the pause.
     * @param convergeMs how long after the pause to keep trying.
     * @param result     receives {@code tagsSimulated, tagMismatches, convergeMs}.
     */
    public static void checkTable(final Deployment d, final long pausedNs, final long convergeMs,
        final ScenarioResult result) throws IOException, InterruptedException
    {
        final Path dump = d.work().resolve("simulator-dump.jsonl");
        d.dumpSimulator(dump);
        final List<Map<String, Object>> expected;
        try (Stream<String> lines = Files.lines(dump, StandardCharsets.UTF_8))
        {
            expected = lines.filter(l -> !l.isBlank()).map(Json::parseObject).toList();
        }
        final long deadline = pausedNs + TimeUnit.MILLISECONDS.toNanos(convergeMs);
        List<String> differences;
        while (true)
        {
            differences = differences(expected, d.allTags());
            if (differences.isEmpty())
            {
                result.put("convergeMs", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - pausedNs));
                break;
            }
            if (System.nanoTime() - deadline > 0)
            {
                result.put("convergeMs", -1L);
                break;
            }
            Thread.sleep(POLL_MS);
        }
        result.put("tagsSimulated", (long)expected.size());
        result.put("tagMismatches", (long)differences.size());
        differences.stream().limit(SHOWN).forEach(line -> result.details().add("table: " + line));
    }

    private static List<String> differences(final List<Map<String, Object>> expected,
        final List<Map<String, Object>> tags)
    {
        final Map<String, Map<String, Object>> byNode = new HashMap<>();
        for (final Map<String, Object> tag : tags)
        {
            if (tag.get("nodeId") != null)
            {
                byNode.put(tag.get("nodeId").toString(), tag);
            }
        }
        return expected.stream().map(e ->
        {
            final String node = String.valueOf(e.get("nodeId"));
            final String why = TagComparator.difference(e, byNode.get(node));
            return why == null ? null : node + ": " + why;
        }).filter(s -> s != null).toList();
    }

    /**
     * Waits until the file sink committed the IT journal's head, then checks the sink against the stream and the
     * simulator's history.
     *
     * @param d         the deployment.
     * @param histories the simulator's {@code history} outputs, oldest run first.
     * @param result    receives the sink figures.
     */
    public static void checkSinks(final Deployment d, final List<Path> histories, final ScenarioResult result)
        throws IOException, InterruptedException
    {
        Map<String, Object> status = d.status();
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CATCH_UP_TIMEOUT_MS);
        boolean caughtUp = false;
        while (System.nanoTime() - deadline < 0)
        {
            status = d.status();
            final Map<String, Object> journal = Deployment.section(status, "journal");
            final Map<String, Object> files = Deployment.section(Deployment.section(status, "sinks"), "files");
            final Map<String, Object> sender = Deployment.section(status, "sender");
            if (!journal.isEmpty() && !files.isEmpty() && !sender.isEmpty()
                && Deployment.number(sender, "receiverBehindRecords") == 0
                && Deployment.number(files, "committedSequence") >= Deployment.number(journal, "headSequence"))
            {
                caughtUp = true;
                break;
            }
            Thread.sleep(POLL_MS);
        }
        result.put("sinksCaughtUp", caughtUp);
        final SinkCheck check = new SinkCheck("files", SimulatorHistory.read(histories));
        check.addFileSink(d.work().resolve("delivery"));
        final Map<String, Object> figures = check.result(
            SinkCheck.JournalFigures.of(Deployment.section(status, "journal")));
        final Map<String, Object> sender = Deployment.section(status, "sender");
        final long head = sender.isEmpty() ? -1 : Deployment.number(sender, "journalHeadSequence");
        final SinkCheck.Coverage coverage = check.coverage(0, head);
        result.put("senderJournalHead", head);
        result.put("sinkRecords", coverage.delivered());
        result.put("sinkSequencesInGaps", coverage.inGaps());
        result.put("sinkSilentLoss", sender.isEmpty() ? -1L : coverage.silent());
        result.put("sinkFirstSilent", coverage.firstSilent());
        result.put("sinkDuplicates", coverage.duplicates());
        result.put("sinkValuesChecked", figures.get("valuesChecked"));
        result.put("sinkValueMismatches", figures.get("valueMismatches"));
        result.put("sinkValuesUnchecked", figures.get("valuesUnchecked"));
        result.put("sinkMalformed", figures.get("malformed"));
        result.put("sinkValuesWithoutTag", figures.get("valuesWithoutTag"));
        if (sender.isEmpty())
        {
            result.details().add("sink: the receiver reports no sender status, so the stream's head is unknown");
        }
        check.details().stream().filter(line -> !line.contains(JOURNAL_COUNT_DETAIL)).limit(SHOWN)
            .forEach(line -> result.details().add("sink " + line));
    }
}
