package io.diodegw.receiver.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * What {@code bin/diode status} makes of one {@code /api/status} answer: a row per source, the link line, the
 * active alarms, and the exit code (0 healthy, 1 when any alarm is active). Immutable; built by {@link #of}.
 */
final class StatusReport
{
    /** Exit code: no alarm active. */
    static final int HEALTHY = 0;
    /** Exit code: at least one alarm active (a threshold crossed). */
    static final int ALARM = 1;

    private static final String NONE = "-";
    private static final long SECOND_MS = 1_000;
    private static final long MINUTE_MS = 60 * SECOND_MS;
    private static final long HOUR_MS = 60 * MINUTE_MS;

    /**
     * One source row; numbers are -1 when unknown.
     *
     * @param sourceId          the source id.
     * @param state             its last reported state, or null.
     * @param lagP99Ms          p99 lag over the last minute, ms.
     * @param sinceLastUpdateMs time since its last live value, ms.
     * @param backlogAgeMs      the sender's oldest unsent record's age, ms (one sender: the same on every row).
     * @param staleTags         tags served Uncertain or Bad.
     * @param openGaps          open gaps that name this source (or no source at all).
     */
    record SourceRow(long sourceId, String state, long lagP99Ms, long sinceLastUpdateMs, long backlogAgeMs,
        long staleTags, long openGaps)
    {
    }

    /**
     * An active alarm as /api/status shows it.
     *
     * @param kind      kind label.
     * @param subject   subject.
     * @param value     value at the receiver's latest check.
     * @param threshold threshold.
     * @param since     when it was raised (ISO-8601).
     * @param message   what it means and what to look at.
     */
    record Alarm(String kind, String subject, long value, long threshold, String since, String message)
    {
    }

    private final String time;
    private final String senderEpoch;
    private final long sinceHeardMs;
    private final boolean silent;
    private final long openGaps;
    private final long unrecoverableBlocks;
    private final List<SourceRow> sources;
    private final List<Alarm> alarms;
    private final long raised;
    private final long cleared;

    private StatusReport(final String time, final String senderEpoch, final long sinceHeardMs, final boolean silent,
        final long openGaps, final long unrecoverableBlocks, final List<SourceRow> sources, final List<Alarm> alarms,
        final long raised, final long cleared)
    {
        this.time = time;
        this.senderEpoch = senderEpoch;
        this.sinceHeardMs = sinceHeardMs;
        this.silent = silent;
        this.openGaps = openGaps;
        this.unrecoverableBlocks = unrecoverableBlocks;
        this.sources = sources;
        this.alarms = alarms;
        this.raised = raised;
        this.cleared = cleared;
    }

    /**
     * @param status the parsed {@code /api/status} object.
     * @return the report.
     * @throws IllegalArgumentException if it is not an object or has no {@code alarms} section (a receiver without
     *     alarms cannot tell whether a threshold is crossed).
     */
    static StatusReport of(final JsonNode status)
    {
        if (status == null || !status.isObject())
        {
            throw new IllegalArgumentException("the answer is not a JSON object");
        }
        final JsonNode alarmsNode = status.path("alarms");
        if (!alarmsNode.isObject())
        {
            throw new IllegalArgumentException("the answer has no alarms section (a receiver older than the alarms?)");
        }
        final JsonNode link = status.path("link");
        final JsonNode gapList = status.path("gaps").path("openGaps");
        final long backlogAgeMs = number(status.path("sender").path("oldestUnsentAgeMs"));
        final List<SourceRow> sources = new ArrayList<>();
        for (final JsonNode source : status.path("sources"))
        {
            final long id = number(source.path("sourceId"));
            final long stale = Math.max(0, number(source.path("tagsUncertain"))) +
                Math.max(0, number(source.path("tagsBad")));
            sources.add(new SourceRow(id, text(source.path("state")), number(source.path("lagRecent").path("p99Ms")),
                number(source.path("sinceLastUpdateMs")), backlogAgeMs, stale, openGapsOf(gapList, id)));
        }
        final List<Alarm> alarms = new ArrayList<>();
        for (final JsonNode alarm : alarmsNode.path("active"))
        {
            alarms.add(new Alarm(text(alarm.path("kind")), text(alarm.path("subject")), number(alarm.path("value")),
                number(alarm.path("threshold")), text(alarm.path("since")), text(alarm.path("message"))));
        }
        return new StatusReport(text(status.path("time")), text(link.path("senderEpoch")),
            number(link.path("sinceHeardMs")), link.path("silent").asBoolean(false),
            Math.max(0, number(status.path("gaps").path("open"))), number(link.path("blocksUnrecoverable")),
            List.copyOf(sources), List.copyOf(alarms), number(alarmsNode.path("raised")),
            number(alarmsNode.path("cleared")));
    }

    /** @return {@link #ALARM} when any alarm is active, else {@link #HEALTHY}. */
    int exitCode()
    {
        return alarms.isEmpty() ? HEALTHY : ALARM;
    }

    List<SourceRow> sources()
    {
        return sources;
    }

    List<Alarm> alarms()
    {
        return alarms;
    }

    /**
     * Prints the human-readable form: a headline, the link line, the source table, the active alarms.
     *
     * @param url the receiver's address, for the headline.
     */
    void printTable(final PrintStream out, final String url)
    {
        out.println("receiver " + url + " at " + orNone(time) + ": " + (alarms.isEmpty() ? "OK, no alarm active" :
            "ALARM, " + alarms.size() + " active"));
        out.println("link: sender " + (senderEpoch == null ? "never heard" : "epoch " + senderEpoch + ", heard "
            + age(sinceHeardMs) + (silent ? " (silent)" : "")) + "; open gaps " + openGaps
            + "; unrecoverable blocks " + Math.max(0, unrecoverableBlocks));
        final List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"SOURCE", "STATE", "LAG P99 1M", "LAST UPDATE", "BACKLOG AGE", "STALE TAGS",
            "OPEN GAPS"});
        for (final SourceRow row : sources)
        {
            rows.add(new String[] {Long.toString(row.sourceId()), orNone(row.state()), duration(row.lagP99Ms()),
                age(row.sinceLastUpdateMs()), duration(row.backlogAgeMs()), Long.toString(row.staleTags()),
                Long.toString(row.openGaps())});
        }
        if (sources.isEmpty())
        {
            rows.add(new String[] {NONE, "no source seen yet", "", "", "", "", ""});
        }
        printColumns(out, rows);
        if (alarms.isEmpty())
        {
            out.println("alarms: none active (raised " + raised + ", cleared " + cleared + " since the receiver "
                + "started)");
            return;
        }
        out.println("alarms: " + alarms.size() + " active (raised " + raised + ", cleared " + cleared + ")");
        for (final Alarm alarm : alarms)
        {
            out.println("  ALARM " + alarm.kind() + " " + alarm.subject() + ": " + alarm.value() + " >= "
                + alarm.threshold() + " since " + alarm.since());
            out.println("    " + alarm.message());
        }
    }

    /**
     * Prints one compact JSON object: url, time, healthy, exitCode, link {senderEpoch, sinceHeardMs, silent,
     * openGaps, unrecoverableBlocks}, sources [{sourceId, state, lagP99Ms, sinceLastUpdateMs, backlogAgeMs,
     * staleTags, openGaps}] (null for unknown numbers), alarms {active [{kind, subject, value, threshold, since,
     * message}], raised, cleared}.
     */
    void printJson(final PrintStream out, final String url) throws IOException
    {
        final StringWriter text = new StringWriter();
        try (JsonGenerator json = new JsonFactory().createGenerator(text))
        {
            json.writeStartObject();
            json.writeStringField("url", url);
            json.writeStringField("time", time);
            json.writeBooleanField("healthy", alarms.isEmpty());
            json.writeNumberField("exitCode", exitCode());
            json.writeObjectFieldStart("link");
            json.writeStringField("senderEpoch", senderEpoch);
            numberOrNull(json, "sinceHeardMs", sinceHeardMs);
            json.writeBooleanField("silent", silent);
            json.writeNumberField("openGaps", openGaps);
            numberOrNull(json, "unrecoverableBlocks", unrecoverableBlocks);
            json.writeEndObject();
            json.writeArrayFieldStart("sources");
            for (final SourceRow row : sources)
            {
                json.writeStartObject();
                json.writeNumberField("sourceId", row.sourceId());
                json.writeStringField("state", row.state());
                numberOrNull(json, "lagP99Ms", row.lagP99Ms());
                numberOrNull(json, "sinceLastUpdateMs", row.sinceLastUpdateMs());
                numberOrNull(json, "backlogAgeMs", row.backlogAgeMs());
                json.writeNumberField("staleTags", row.staleTags());
                json.writeNumberField("openGaps", row.openGaps());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeObjectFieldStart("alarms");
            json.writeArrayFieldStart("active");
            for (final Alarm alarm : alarms)
            {
                json.writeStartObject();
                json.writeStringField("kind", alarm.kind());
                json.writeStringField("subject", alarm.subject());
                json.writeNumberField("value", alarm.value());
                json.writeNumberField("threshold", alarm.threshold());
                json.writeStringField("since", alarm.since());
                json.writeStringField("message", alarm.message());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeNumberField("raised", raised);
            json.writeNumberField("cleared", cleared);
            json.writeEndObject();
            json.writeEndObject();
        }
        out.println(text);
    }

    /**
     * @return a duration for people: {@code 841ms}, {@code 12.3s}, {@code 5m03s}, {@code 2h05m}; {@code -} when
     *     negative (unknown).
     */
    static String duration(final long ms)
    {
        if (ms < 0)
        {
            return NONE;
        }
        if (ms < SECOND_MS)
        {
            return ms + "ms";
        }
        if (ms < MINUTE_MS)
        {
            return (ms / SECOND_MS) + "." + (ms % SECOND_MS) / 100 + "s";
        }
        if (ms < HOUR_MS)
        {
            return (ms / MINUTE_MS) + "m" + String.format("%02d", (ms % MINUTE_MS) / SECOND_MS) + "s";
        }
        return (ms / HOUR_MS) + "h" + String.format("%02d", (ms % HOUR_MS) / MINUTE_MS) + "m";
    }

    private static String age(final long ms)
    {
        return ms < 0 ? NONE : duration(ms) + " ago";
    }

    private static long openGapsOf(final JsonNode openGaps, final long sourceId)
    {
        long n = 0;
        for (final JsonNode gap : openGaps)
        {
            final JsonNode ids = gap.path("sources");
            boolean names = ids.isEmpty();
            for (final JsonNode id : ids)
            {
                names |= id.asLong(-1) == sourceId;
            }
            if (names)
            {
                n++;
            }
        }
        return n;
    }

    private static void printColumns(final PrintStream out, final List<String[]> rows)
    {
        final int[] widths = new int[rows.get(0).length];
        for (final String[] row : rows)
        {
            for (int c = 0; c < row.length; c++)
            {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        for (final String[] row : rows)
        {
            final StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.length; c++)
            {
                line.append(row[c]);
                if (c < row.length - 1)
                {
                    line.append(" ".repeat(widths[c] - row[c].length() + 2));
                }
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private static void numberOrNull(final JsonGenerator json, final String name, final long value) throws IOException
    {
        if (value < 0)
        {
            json.writeNullField(name);
        }
        else
        {
            json.writeNumberField(name, value);
        }
    }

    private static long number(final JsonNode node)
    {
        return node.isNumber() ? node.asLong() : -1;
    }

    private static String text(final JsonNode node)
    {
        return node.isMissingNode() || node.isNull() ? null : node.asText();
    }

    private static String orNone(final String s)
    {
        return s == null ? NONE : s;
    }
}
