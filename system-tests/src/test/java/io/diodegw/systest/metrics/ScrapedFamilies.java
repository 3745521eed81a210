package io.diodegw.systest.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The metric families of a Prometheus text exposition (format 0.0.4) by name, with their type, read from the
 * {@code # TYPE} lines; and every sample line whose name belongs to no family under the suffix rules (exact name;
 * histograms and summaries also {@code _bucket}, {@code _count}, {@code _sum}, {@code _created}).
 */
final class ScrapedFamilies
{
    private static final List<String> DISTRIBUTION_SUFFIXES = List.of("_bucket", "_count", "_sum", "_created");

    private final Map<String, String> types = new TreeMap<>();
    private final List<String> orphans = new ArrayList<>();
    private final Map<String, Double> firstValues = new TreeMap<>();

    ScrapedFamilies(final String text)
    {
        final List<String> samples = new ArrayList<>();
        for (final String line : text.split("\n"))
        {
            if (line.startsWith("# TYPE "))
            {
                final String[] words = line.split(" ");
                types.put(words[2], words[3]);
            }
            else if (!line.isBlank() && !line.startsWith("#"))
            {
                samples.add(line);
            }
        }
        for (final String line : samples)
        {
            final int brace = line.indexOf('{');
            final int space = line.indexOf(' ');
            final String name = line.substring(0, brace >= 0 && brace < space ? brace : space);
            final String family = familyOf(name);
            if (family == null)
            {
                orphans.add(line);
            }
            else
            {
                firstValues.putIfAbsent(name, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
            }
        }
    }

    /** @return family name to type. */
    Map<String, String> types()
    {
        return types;
    }

    /** @return sample lines of no family. */
    List<String> orphans()
    {
        return orphans;
    }

    /** @return the value of the first sample named exactly {@code sample}, or NaN when none. */
    double first(final String sample)
    {
        return firstValues.getOrDefault(sample, Double.NaN);
    }

    private String familyOf(final String sample)
    {
        if (types.containsKey(sample))
        {
            return sample;
        }
        for (final String suffix : DISTRIBUTION_SUFFIXES)
        {
            if (sample.endsWith(suffix))
            {
                final String base = sample.substring(0, sample.length() - suffix.length());
                final String type = types.get(base);
                if ("histogram".equals(type) || "summary".equals(type))
                {
                    return base;
                }
            }
        }
        return null;
    }
}
