package io.diodegw.systest.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import io.diodegw.demo.Json;

/**
 * The Grafana dashboard and the Prometheus alert rules in docs/ parse, and every metric their queries use is listed
 * in docs/metrics.md (a histogram's or summary's {@code _bucket}, {@code _count} and {@code _sum} series by their
 * family).
 */
class MetricsReferencesTest
{
    private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern METRIC = Pattern.compile("\\b((?:diodegw|jvm|process|system)_[a-zA-Z0-9_]+)");
    private static final List<String> SERIES_SUFFIXES = List.of("_bucket", "_count", "_sum");

    @Test
    void shouldUseOnlyDocumentedMetricsInTheGrafanaDashboard() throws IOException
    {
        final Object dashboard = Json.parseObject(Files.readString(
            REPOSITORY.resolve("docs/grafana/diodegw-dashboard.json"), StandardCharsets.UTF_8));
        final List<String> expressions = new ArrayList<>();
        collect(dashboard, "expr", expressions);

        assertTrue(expressions.size() >= 20, "the dashboard's queries were not found: " + expressions);
        assertUndocumented(expressions, "docs/grafana/diodegw-dashboard.json");
    }

    @Test
    void shouldUseOnlyDocumentedMetricsInTheAlertRulesEachWithANameAndASummary() throws IOException
    {
        final Object rules = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(
            REPOSITORY.resolve("docs/prometheus/diodegw-alerts.yml"), StandardCharsets.UTF_8));
        final List<String> expressions = new ArrayList<>();
        collect(rules, "expr", expressions);
        final List<String> names = new ArrayList<>();
        collect(rules, "alert", names);
        final List<String> summaries = new ArrayList<>();
        collect(rules, "summary", summaries);

        assertTrue(expressions.size() >= 7, "the rules' expressions were not found: " + expressions);
        assertEquals(expressions.size(), names.size(), "every rule is an alert with a name");
        assertEquals(expressions.size(), summaries.size(), "every alert has a summary");
        assertEquals(names.size(), new TreeSet<>(names).size(), "alert names are distinct: " + names);
        for (final String required : List.of("diodegw_source_lag_seconds_bucket", "diodegw_ot_oldest_unsent_age",
            "diodegw_link_sender_silence_seconds", "diodegw_source_stale_tags", "diodegw_link_blocks_unrecoverable",
            "diodegw_sink_lag_entries", "diodegw_link_auth_failures_total"))
        {
            assertTrue(expressions.stream().anyMatch(e -> e.contains(required)), "no alert on " + required);
        }
        assertUndocumented(expressions, "docs/prometheus/diodegw-alerts.yml");
    }

    @Test
    void shouldFindAnUndocumentedMetricInAnExpression() throws IOException
    {
        final Set<String> unknown = undocumented(MetricsDoc.read(REPOSITORY),
            List.of("rate(diodegw_link_blocks_repaired_total[5m]) + diodegw_no_such_metric",
                "histogram_quantile(0.5, rate(diodegw_source_lag_seconds_bucket[5m]))", "diodegw_gaps_open_bucket"));

        assertEquals(Set.of("diodegw_no_such_metric", "diodegw_gaps_open_bucket"), unknown);
    }

    private static void assertUndocumented(final List<String> expressions, final String file) throws IOException
    {
        assertEquals(Set.of(), undocumented(MetricsDoc.read(REPOSITORY), expressions),
            file + " uses metrics that docs/metrics.md does not list");
    }

    private static Set<String> undocumented(final MetricsDoc doc, final List<String> expressions)
    {
        final Map<String, MetricsDoc.Row> rows = doc.rows();
        final Set<String> unknown = new TreeSet<>();
        for (final String expression : expressions)
        {
            final Matcher m = METRIC.matcher(expression);
            while (m.find())
            {
                final String name = m.group(1);
                if (!rows.containsKey(name) && !isSeriesOfDistribution(rows, name))
                {
                    unknown.add(name);
                }
            }
        }
        return unknown;
    }

    private static boolean isSeriesOfDistribution(final Map<String, MetricsDoc.Row> rows, final String name)
    {
        for (final String suffix : SERIES_SUFFIXES)
        {
            if (name.endsWith(suffix))
            {
                final MetricsDoc.Row row = rows.get(name.substring(0, name.length() - suffix.length()));
                if (row != null && (row.type().equals("histogram") || row.type().equals("summary")))
                {
                    return true;
                }
            }
        }
        return false;
    }

    private static void collect(final Object node, final String key, final List<String> into)
    {
        if (node instanceof Map<?, ?> map)
        {
            for (final Map.Entry<?, ?> e : map.entrySet())
            {
                if (key.equals(e.getKey()) && e.getValue() instanceof String s)
                {
                    into.add(s);
                }
                else
                {
                    collect(e.getValue(), key, into);
                }
            }
        }
        else if (node instanceof List<?> list)
        {
            for (final Object item : list)
            {
                collect(item, key, into);
            }
        }
    }
}
