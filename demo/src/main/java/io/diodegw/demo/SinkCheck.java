package io.diodegw.demo;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Checks what one sink holds against the receiver's IT journal and the simulator: every delivered JSON object is
 * identified by (senderEpoch, streamSequence, index) (index only for values; a gap by its first sequence), so
 * <ul>
 *   <li>{@code duplicates}: objects whose identity was delivered before;</li>
 *   <li>{@code records}: distinct stream sequences of the journal's sender epoch within the journal's
 *   first..last sequence; {@code missing} = the journal's record count minus that (the journal's sequences of one
 *   epoch are distinct and inside that range, so this is exact when nothing unexpected shows up);</li>
 *   <li>{@code unexpected}: distinct sequences the journal did not hold (before its first one or of another epoch);
 *   {@code later}: sequences after the journal's last one as read (records journaled after the figures were taken,
 *   e.g. sender status, not a fault);</li>
 *   <li>{@code valueMismatches}: values (kinds value, history, snapshot) that differ from what the simulator produced
 *   for the tag at the value's source time ({@link SimulatorHistory}); {@code valuesUnchecked}: values older than
 *   the simulator's retained history; {@code malformed}: lines that are not JSON objects;
 *   {@code valuesWithoutTag}: values delivered without a node id (their tag's definition reached neither the IT
 *   journal nor, before delivery, the mirror's table), which cannot be compared and are not counted as checked or
 *   mismatched.</li>
 * </ul>
 * Keeps 8 bytes per object. Not thread-safe.
 */
public final class SinkCheck
{
    private static final int INDEX_BITS = 20;
    private static final long NO_INDEX = 0;
    private static final Set<String> VALUE_KINDS = Set.of("value", "history", "snapshot");
    private static final int DETAILS_KEPT = 10;
    private static final int GAP_STATE_BITS = 2;

    private final String sink;
    private final SimulatorHistory history;
    private final Map<Long, LongList> keysByEpoch = new HashMap<>();
    private final Map<Long, LongList> gapsByEpoch = new HashMap<>();
    private final List<String> details = new ArrayList<>();
    private final LongList keysAllEpochs = new LongList();
    private final List<long[]> gapRanges = new ArrayList<>();
    private long objects;
    private long malformed;
    private long valuesChecked;
    private long valueMismatches;
    private long valuesUnchecked;
    private long valuesWithoutTag;

    /** The journal's own figures, as {@code /api/status} reports them under {@code journal}. */
    public record JournalFigures(long records, long firstStreamSequence, long lastStreamSequence, long senderEpoch)
    {
        public static JournalFigures of(final Map<String, Object> journal)
        {
            return new JournalFigures(number(journal, "records"), number(journal, "firstStreamSequence"),
                number(journal, "lastStreamSequence"), number(journal, "senderEpoch"));
        }

        private static long number(final Map<String, Object> map, final String key)
        {
            return map.get(key) instanceof BigDecimal n ? n.longValue() : -1;
        }
    }

    /**
     * @param sink    the sink's name, for the details.
     * @param history what the simulator produced.
     */
    public SinkCheck(final String sink, final SimulatorHistory history)
    {
        this.sink = sink;
        this.history = history;
    }

    /**
     * What the sink holds of a stream-sequence range, over all sender epochs (stream sequences come from the OT
     * journal and survive sender restarts).
     *
     * @param delivered   distinct stream sequences in the range delivered as records.
     * @param inGaps      sequences in the range not delivered but inside a delivered gap record.
     * @param silent      sequences in the range neither delivered nor inside a gap: silent loss.
     * @param duplicates  (sequence, index) pairs of non-link objects delivered more than once, over all epochs.
     * @param firstSilent the first silently missing sequence, or -1.
     */
    public record Coverage(long delivered, long inGaps, long silent, long duplicates, long firstSilent)
    {
    }

    /**
     * @param first the first stream sequence the sender journaled (0 for a fresh OT journal).
     * @param last  the last one it journaled (e.g. its reported journal head).
     * @return how the sink covers {@code first..last}.
     */
    public Coverage coverage(final long first, final long last)
    {
        final long[] keys = keysAllEpochs.sorted();
        long duplicates = 0;
        final BitSet seen = new BitSet();
        for (int i = 0; i < keys.length; i++)
        {
            if (i > 0 && keys[i] == keys[i - 1])
            {
                duplicates++;
            }
            final long sequence = keys[i] >>> INDEX_BITS;
            if (sequence >= first && sequence <= last)
            {
                seen.set((int)(sequence - first));
            }
        }
        final BitSet gaps = new BitSet();
        for (final long[] range : gapRanges)
        {
            final long from = Math.max(first, range[0]);
            final long to = Math.min(last, range[1]);
            if (from <= to)
            {
                gaps.set((int)(from - first), (int)(to - first) + 1);
            }
        }
        final long size = last < first ? 0 : last - first + 1;
        final long delivered = seen.cardinality();
        gaps.andNot(seen);
        final long inGaps = gaps.cardinality();
        final BitSet covered = (BitSet)seen.clone();
        covered.or(gaps);
        final int firstHole = size == 0 ? -1 : covered.nextClearBit(0);
        final long silent = size - delivered - inGaps;
        if (silent > 0)
        {
            detail(silent + " stream sequences of " + first + ".." + last + " neither delivered nor in a gap, the first "
                + (first + firstHole));
        }
        return new Coverage(delivered, inGaps, silent, duplicates, silent > 0 ? first + firstHole : -1);
    }

    /**
     * Adds every {@code *.jsonl.gz} file under the file sink's folder, in name order; nothing when it does not exist.
     *
     * @throws IOException if a file cannot be read or is not gzip.
     */
    public void addFileSink(final Path dir) throws IOException
    {
        if (!Files.isDirectory(dir))
        {
            return;
        }
        final List<Path> files;
        try (Stream<Path> walk = Files.walk(dir))
        {
            files = walk.filter(p -> p.getFileName().toString().endsWith(".jsonl.gz") && Files.isRegularFile(p))
                .sorted().toList();
        }
        for (final Path file : files)
        {
            addGzipJsonLines(Files.readAllBytes(file));
        }
    }

    /** Adds the objects of one gzip JSON Lines file or S3 object. */
    public void addGzipJsonLines(final byte[] gzip) throws IOException
    {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(
            new GZIPInputStream(new ByteArrayInputStream(gzip)), StandardCharsets.UTF_8)))
        {
            String line;
            while ((line = reader.readLine()) != null)
            {
                if (!line.isBlank())
                {
                    addJson(line);
                }
            }
        }
    }

    /** Adds one delivered object (a Kinesis record's data, a line of a file). */
    public void addJson(final String json)
    {
        final Map<String, Object> object;
        try
        {
            object = Json.parseObject(json);
        }
        catch (final IllegalArgumentException ex)
        {
            objects++;
            malformed++;
            detail("malformed object: " + ex.getMessage());
            return;
        }
        add(object);
    }

    /**
     * A gap's reports share its first sequence: one OPEN, then at most one CLOSED or ABANDONED. Only a report
     * delivered twice in the same state is a duplicate.
     */
    private static long gapState(final Object state)
    {
        final String text = String.valueOf(state);
        return "open".equals(text) ? 0 : "closed".equals(text) ? 1 : "abandoned".equals(text) ? 2 : 3;
    }

    /** Adds one delivered object. */
    void add(final Map<String, Object> object)
    {
        objects++;
        final String kind = String.valueOf(object.get("kind"));
        final long epoch = number(object.get("senderEpoch"));
        if ("gap".equals(kind))
        {
            gapsByEpoch.computeIfAbsent(epoch, e -> new LongList())
                .add(number(object.get("fromSequence")) << GAP_STATE_BITS | gapState(object.get("state")));
            gapRanges.add(new long[] {number(object.get("fromSequence")), number(object.get("toSequence"))});
            return;
        }
        final long sequence = number(object.get("streamSequence"));
        final Object index = object.get("index");
        if (sequence < 0 || epoch < 0)
        {
            malformed++;
            detail("object without senderEpoch or streamSequence: " + object);
            return;
        }
        final long key = sequence << INDEX_BITS | (index == null ? NO_INDEX : number(index) + 1);
        keysByEpoch.computeIfAbsent(epoch, e -> new LongList()).add(key);
        if (!"record".equals(kind))
        {
            keysAllEpochs.add(key);
        }
        if (VALUE_KINDS.contains(kind) && object.get("nodeId") == null)
        {
            valuesWithoutTag++;
        }
        else if (VALUE_KINDS.contains(kind))
        {
            final Object nodeId = object.get("nodeId");
            final SimulatorHistory.Verdict verdict = history.check(nodeId == null ? null : nodeId.toString(),
                object.get("sourceTime"), object.get("value"), object.get("statusCode"));
            switch (verdict.outcome())
            {
                case EQUAL -> valuesChecked++;
                case UNCHECKED -> valuesUnchecked++;
                case DIFFERENT ->
                {
                    valuesChecked++;
                    valueMismatches++;
                    detail(nodeId + " sequence " + sequence + " index " + index + ": " + verdict.detail());
                }
                default -> throw new IllegalStateException(verdict.toString());
            }
        }
    }

    /**
     * @param journal the journal's figures, taken when every sink had caught up with them.
     * @return the result: objects, records, duplicates, missing, unexpected, later, valuesChecked,
     *         valueMismatches, valuesUnchecked, malformed.
     */
    public Map<String, Object> result(final JournalFigures journal)
    {
        long duplicates = 0;
        long matched = 0;
        long unexpected = 0;
        long later = 0;
        for (final Map.Entry<Long, LongList> entry : keysByEpoch.entrySet())
        {
            final long[] keys = entry.getValue().sorted();
            final boolean journalEpoch = entry.getKey() == journal.senderEpoch() && journal.records() > 0;
            long previousSequence = Long.MIN_VALUE;
            for (int i = 0; i < keys.length; i++)
            {
                if (i > 0 && keys[i] == keys[i - 1])
                {
                    duplicates++;
                    continue;
                }
                final long sequence = keys[i] >>> INDEX_BITS;
                if (sequence == previousSequence)
                {
                    continue;
                }
                previousSequence = sequence;
                if (!journalEpoch || sequence < journal.firstStreamSequence())
                {
                    unexpected++;
                }
                else if (sequence > journal.lastStreamSequence())
                {
                    later++;
                }
                else
                {
                    matched++;
                }
            }
        }
        for (final LongList gaps : gapsByEpoch.values())
        {
            final long[] firsts = gaps.sorted();
            for (int i = 1; i < firsts.length; i++)
            {
                if (firsts[i] == firsts[i - 1])
                {
                    duplicates++;
                }
            }
        }
        final long missing = Math.max(0, journal.records() - matched);
        if (missing > 0)
        {
            detail(missing + " of the journal's " + journal.records() + " records (stream sequences "
                + journal.firstStreamSequence() + ".." + journal.lastStreamSequence() + ") are not in the sink");
        }
        if (duplicates > 0)
        {
            detail(duplicates + " objects delivered more than once");
        }
        final Map<String, Object> result = new LinkedHashMap<>();
        result.put("objects", objects);
        result.put("records", matched);
        result.put("duplicates", duplicates);
        result.put("missing", missing);
        result.put("unexpected", unexpected);
        result.put("later", later);
        result.put("valuesChecked", valuesChecked);
        result.put("valueMismatches", valueMismatches);
        result.put("valuesUnchecked", valuesUnchecked);
        result.put("malformed", malformed);
        result.put("valuesWithoutTag", valuesWithoutTag);
        return result;
    }

    /** @return up to {@value #DETAILS_KEPT} descriptions of what was wrong, each prefixed with the sink. */
    public List<String> details()
    {
        return List.copyOf(details);
    }

    private void detail(final String text)
    {
        if (details.size() < DETAILS_KEPT)
        {
            details.add(sink + ": " + text);
        }
    }

    private static long number(final Object value)
    {
        return value instanceof BigDecimal n ? n.longValue() : -1;
    }

    /** A growable array of longs. */
    private static final class LongList
    {
        private long[] values = new long[1024];
        private int size;

        void add(final long value)
        {
            if (size == values.length)
            {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        long[] sorted()
        {
            final long[] copy = Arrays.copyOf(values, size);
            Arrays.sort(copy);
            return copy;
        }
    }
}
