package io.diodegw.systest.scenario;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.diodegw.demo.Json;

/**
 * What one scenario measured, as named figures in a fixed order ({@link #FIGURES} first), plus the oracle's details.
 * A scenario passes when it ran to the end, its fault happened, and the oracle found no tag mismatch, no silent loss,
 * no duplicate and no delivered value the simulator did not produce. Immutable.
 *
 * @param name    the scenario.
 * @param figures figure name to number, text or boolean.
 * @param details what the oracle found wrong (at most a few lines per check).
 */
public record ScenarioResult(String name, Map<String, Object> figures, List<String> details)
{
    /** Figures in the matrix table, in column order. */
    public static final List<String> TABLE_COLUMNS = List.of("datagramsLost", "blocksRepaired", "blocksUnrecoverable",
        "gapsReported", "gapsRefilled", "tagMismatches", "sinkSilentLoss", "sinkDuplicates", "sinkValueMismatches",
        "sinkValuesWithoutTag", "convergeMs", "passed");

    /** @param name the scenario; figures are added with {@link #put}. */
    public ScenarioResult(final String name)
    {
        this(name, new LinkedHashMap<>(), new ArrayList<>());
    }

    /** Sets a figure (insertion order is kept). */
    public ScenarioResult put(final String figure, final Object value)
    {
        figures.put(figure, value);
        return this;
    }

    /** @return the figure as a long, or 0 when absent or not a number. */
    public long number(final String figure)
    {
        return figures.get(figure) instanceof Number n ? n.longValue() : 0;
    }

    /** @return the figure as text, or null. */
    public String text(final String figure)
    {
        final Object v = figures.get(figure);
        return v == null ? null : v.toString();
    }

    /** @return whether the scenario passed (see the class comment); also stored as figure {@code passed}. */
    public boolean passed()
    {
        return figures.get("error") == null && figures.get("faultMissing") == null && number("tagMismatches") == 0
            && number("sinkSilentLoss") == 0 && number("sinkDuplicates") == 0 && number("sinkValueMismatches") == 0
            && number("sinkMalformed") == 0 && Boolean.TRUE.equals(figures.get("sinksCaughtUp"));
    }

    /** @return one JSON object: name, figures, details. */
    public String toJson()
    {
        final StringBuilder sb = new StringBuilder(512).append("{\"scenario\":").append(Json.quote(name));
        for (final Map.Entry<String, Object> e : figures.entrySet())
        {
            sb.append(',').append(Json.quote(e.getKey())).append(':');
            final Object v = e.getValue();
            sb.append(v == null || v instanceof Number || v instanceof Boolean ? String.valueOf(v)
                : Json.quote(v.toString()));
        }
        sb.append(",\"details\":[");
        for (int i = 0; i < details.size(); i++)
        {
            sb.append(i == 0 ? "" : ",").append(Json.quote(details.get(i)));
        }
        return sb.append("]}").toString();
    }

    /** @return a one-line summary for messages and assertion failures. */
    @Override
    public String toString()
    {
        return toJson();
    }
}
