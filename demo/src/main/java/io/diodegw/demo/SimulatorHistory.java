package io.diodegw.demo;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * What the plant simulator produced, per tag, as its {@code history FILE} command wrote it: the retained values with
 * their source times, and whether they reach back to the tag's value at start. Answers whether a delivered value
 * equals what the simulator produced for that tag at that source time. Immutable after {@link #read}; thread-safe.
 */
public final class SimulatorHistory
{
    /** How a delivered value compares. */
    enum Outcome
    {
        /** The simulator produced this value and status at this source time. */
        EQUAL,
        /** It did not (other value or status, no value at that time, unknown tag, no source time). */
        DIFFERENT,
        /** The source time is older than the oldest value the simulator still retains for the tag. */
        UNCHECKED
    }

    /**
     * @param outcome the outcome.
     * @param detail  why it is different, else null.
     */
    record Verdict(Outcome outcome, String detail)
    {
        static final Verdict EQUAL = new Verdict(Outcome.EQUAL, null);
        static final Verdict UNCHECKED = new Verdict(Outcome.UNCHECKED, null);

        static Verdict different(final String detail)
        {
            return new Verdict(Outcome.DIFFERENT, detail);
        }
    }

    private record Tag(String type, boolean complete, long[] timesNanos, Object[] values, Object[] statusCodes)
    {
    }

    /** OPC UA StatusCode bits: InfoType DataValue (0x400) and Overflow (0x80). */
    static final long OVERFLOW_INFO_BITS = 0x480;

    private final Map<String, Tag> tags;

    private SimulatorHistory(final Map<String, Tag> tags)
    {
        this.tags = tags;
    }

    /**
     * Reads the histories of successive simulator runs (e.g. before and after a restart) as one: each tag's values
     * of all files, in source-time order; a tag is complete when its first file's history is.
     *
     * @param files the {@code history} outputs, oldest run first.
     * @return the merged history.
     * @throws IOException if a file cannot be read or a line is not what the simulator writes.
     */
    public static SimulatorHistory read(final List<Path> files) throws IOException
    {
        final Map<String, Tag> merged = new HashMap<>();
        for (final Path file : files)
        {
            for (final Map.Entry<String, Tag> e : read(file).tags.entrySet())
            {
                merged.merge(e.getKey(), e.getValue(), SimulatorHistory::concat);
            }
        }
        return new SimulatorHistory(merged);
    }

    private static Tag concat(final Tag first, final Tag second)
    {
        final int n = first.timesNanos().length + second.timesNanos().length;
        final Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }
        final long[] allTimes = new long[n];
        System.arraycopy(first.timesNanos(), 0, allTimes, 0, first.timesNanos().length);
        System.arraycopy(second.timesNanos(), 0, allTimes, first.timesNanos().length, second.timesNanos().length);
        Arrays.sort(order, (a, b) -> Long.compare(allTimes[a], allTimes[b]));
        final long[] times = new long[n];
        final Object[] values = new Object[n];
        final Object[] status = new Object[n];
        final int split = first.timesNanos().length;
        for (int i = 0; i < n; i++)
        {
            final int k = order[i];
            final Tag from = k < split ? first : second;
            final int j = k < split ? k : k - split;
            times[i] = from.timesNanos()[j];
            values[i] = from.values()[j];
            status[i] = from.statusCodes()[j];
        }
        return new Tag(first.type(), first.complete(), times, values, status);
    }

    /**
     * @param file the simulator's {@code history} output.
     * @return the history.
     * @throws IOException if the file cannot be read or a line is not what the simulator writes.
     */
    public static SimulatorHistory read(final Path file) throws IOException
    {
        try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8))
        {
            return parse(lines);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IOException(file + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * @param lines the lines of a {@code history} file.
     * @return the history.
     * @throws IllegalArgumentException if a line is not what the simulator writes.
     */
    static SimulatorHistory parse(final Stream<String> lines)
    {
        final Map<String, Tag> tags = new HashMap<>();
        lines.filter(line -> !line.isBlank()).forEach(line ->
        {
            final Map<String, Object> tag = Json.parseObject(line);
            if (!(tag.get("values") instanceof List<?> values) || !(tag.get("firstStep") instanceof BigDecimal first))
            {
                throw new IllegalArgumentException("not a history line: " + line);
            }
            final long[] times = new long[values.size()];
            final Object[] value = new Object[values.size()];
            final Object[] status = new Object[values.size()];
            for (int i = 0; i < values.size(); i++)
            {
                final Map<?, ?> v = (Map<?, ?>)values.get(i);
                times[i] = nanos(v.get("sourceTime"));
                value[i] = v.get("value");
                status[i] = v.get("statusCode");
            }
            tags.put(String.valueOf(tag.get("nodeId")),
                new Tag(String.valueOf(tag.get("type")), first.signum() == 0, times, value, status));
        });
        return new SimulatorHistory(tags);
    }

    /** @return number of tags. */
    int tagCount()
    {
        return tags.size();
    }

    /** @return whether every tag's history reaches back to its value at start. */
    boolean complete()
    {
        return tags.values().stream().allMatch(Tag::complete);
    }

    /**
     * @param nodeId     the tag's node id as the sinks carry it.
     * @param sourceTime the delivered source time (ISO-8601), or null.
     * @param value      the delivered value (as {@link Json} parses it).
     * @param statusCode the delivered status code.
     * @return how the value compares with what the simulator produced.
     */
    Verdict check(final String nodeId, final Object sourceTime, final Object value, final Object statusCode)
    {
        final Tag tag = nodeId == null ? null : tags.get(nodeId);
        if (tag == null)
        {
            return Verdict.different(nodeId == null ? "value without a tag definition" : "tag unknown to the simulator");
        }
        final long time;
        try
        {
            time = nanos(sourceTime);
        }
        catch (final IllegalArgumentException ex)
        {
            return Verdict.different("source time " + sourceTime + " unreadable");
        }
        final int i = Arrays.binarySearch(tag.timesNanos(), time);
        if (i < 0)
        {
            if (!tag.complete() && (tag.timesNanos().length == 0 || time < tag.timesNanos()[0]))
            {
                return Verdict.UNCHECKED;
            }
            return Verdict.different("the simulator produced no value at " + sourceTime);
        }
        if (!Objects.equals(asLong(tag.statusCodes()[i]), withoutOverflow(asLong(statusCode))))
        {
            return Verdict.different("status " + statusCode + " != simulator's " + tag.statusCodes()[i] + " at "
                + sourceTime);
        }
        if (!TagComparator.valueEquals(tag.type(), tag.values()[i], value))
        {
            return Verdict.different("value " + value + " != simulator's " + tag.values()[i] + " (" + tag.type()
                + ") at " + sourceTime);
        }
        return Verdict.EQUAL;
    }

    /**
     * @return the status code without the info bits an OPC UA server adds when a monitored item's queue overflowed
     *         (InfoType DataValue with Overflow, {@value #OVERFLOW_INFO_BITS}): the value is still one the simulator
     *         produced, with older ones dropped by the server before the collector saw them.
     */
    static Long withoutOverflow(final Long statusCode)
    {
        return statusCode == null || (statusCode & OVERFLOW_INFO_BITS) != OVERFLOW_INFO_BITS ? statusCode
            : Long.valueOf(statusCode & ~OVERFLOW_INFO_BITS);
    }

    private static Long asLong(final Object number)
    {
        return number instanceof BigDecimal n ? n.longValue() : null;
    }

    private static long nanos(final Object isoTime)
    {
        if (isoTime == null)
        {
            throw new IllegalArgumentException("no source time");
        }
        try
        {
            final Instant instant = Instant.parse(isoTime.toString());
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
        }
        catch (final DateTimeParseException | ArithmeticException ex)
        {
            throw new IllegalArgumentException("bad source time " + isoTime, ex);
        }
    }
}
