package io.diodegw.sender.metrics;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/** The samples of a Prometheus text exposition, by series (name and labels, labels sorted by name). */
final class Exposition
{
    private final Map<String, Double> samples = new HashMap<>();
    private final Map<String, String> types = new HashMap<>();

    Exposition(final String text)
    {
        for (final String line : text.split("\n"))
        {
            if (line.startsWith("# TYPE "))
            {
                final String[] words = line.split(" ");
                types.put(words[2], words[3]);
                continue;
            }
            if (line.isBlank() || line.startsWith("#"))
            {
                continue;
            }
            final int space = line.lastIndexOf(' ');
            final String series = line.substring(0, space);
            final int brace = series.indexOf('{');
            final Map<String, String> labels = new TreeMap<>();
            if (brace >= 0)
            {
                for (final String pair : series.substring(brace + 1, series.length() - 1).split(","))
                {
                    final int equals = pair.indexOf('=');
                    labels.put(pair.substring(0, equals), pair.substring(equals + 2, pair.length() - 1));
                }
            }
            samples.put(key(brace < 0 ? series : series.substring(0, brace), labels),
                Double.parseDouble(line.substring(space + 1)));
        }
    }

    /**
     * @param name   the sample name, e.g. {@code diodegw_link_datagrams_received_total}.
     * @param labels label name, value, name, value...
     * @return the value.
     * @throws AssertionError if the scrape holds no such series.
     */
    double value(final String name, final String... labels)
    {
        final Map<String, String> sorted = new TreeMap<>();
        for (int i = 0; i < labels.length; i += 2)
        {
            sorted.put(labels[i], labels[i + 1]);
        }
        final Double value = samples.get(key(name, sorted));
        if (value == null)
        {
            throw new AssertionError("no series " + key(name, sorted) + " in the scrape: " + samples.keySet());
        }
        return value;
    }

    /**
     * @return the {@code le} bound (as a double, +Inf included) to value of every {@code <family>_bucket} series with
     *     the given label, ascending.
     */
    TreeMap<Double, Double> buckets(final String family, final String label, final String value)
    {
        final TreeMap<Double, Double> buckets = new TreeMap<>();
        final String prefix = family + "_bucket{";
        for (final Map.Entry<String, Double> e : samples.entrySet())
        {
            final String key = e.getKey();
            if (key.startsWith(prefix) && key.contains(label + "=" + value + ",") || key.startsWith(prefix) &&
                key.contains(label + "=" + value + "}"))
            {
                final int le = key.indexOf("le=") + "le=".length();
                final int end = key.indexOf(key.indexOf(',', le) < 0 ? '}' : ',', le);
                final String bound = key.substring(le, end);
                buckets.put("+Inf".equals(bound) ? Double.POSITIVE_INFINITY : Double.parseDouble(bound), e.getValue());
            }
        }
        return buckets;
    }

    /** @return the family's type from its {@code # TYPE} line, or null. */
    String type(final String family)
    {
        return types.get(family);
    }

    private static String key(final String name, final Map<String, String> labels)
    {
        return name + labels;
    }
}
