package io.diodegw.systest.metrics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The machine-readable table of docs/metrics.md: the rows between {@value #BEGIN} and {@value #END}, one per metric
 * family, {@code | `name` | side | type | labels | unit | appears | meaning | what to do |}.
 *
 * <p>Names are written as in the {@code # TYPE} line of a scrape: counters with {@code _total}, histograms and
 * summaries by their base name (their samples add {@code _bucket}, {@code _count}, {@code _sum}).
 */
final class MetricsDoc
{
    static final String BEGIN = "<!-- metrics-table:begin -->";
    static final String END = "<!-- metrics-table:end -->";
    /** Appears in every scrape of a running deployment. */
    static final String ALWAYS = "always";

    /**
     * One documented family.
     *
     * @param name    the family name.
     * @param side    receiver, sender or both.
     * @param type    counter, gauge, histogram or summary.
     * @param appears {@link #ALWAYS}, or when it first appears (e.g. after the first GC pause).
     */
    record Row(String name, String side, String type, String appears)
    {
        boolean on(final String scrapedSide)
        {
            return side.equals(scrapedSide) || side.equals("both");
        }
    }

    private final Map<String, Row> rows;

    private MetricsDoc(final Map<String, Row> rows)
    {
        this.rows = rows;
    }

    /** @return the doc at {@code docs/metrics.md} under the repository root. */
    static MetricsDoc read(final Path repository) throws IOException
    {
        return parse(Files.readString(repository.resolve("docs").resolve("metrics.md"), StandardCharsets.UTF_8));
    }

    static MetricsDoc parse(final String markdown)
    {
        final int begin = markdown.indexOf(BEGIN);
        final int end = markdown.indexOf(END);
        if (begin < 0 || end < begin)
        {
            throw new IllegalArgumentException("docs/metrics.md has no " + BEGIN + " ... " + END + " table");
        }
        final Map<String, Row> rows = new LinkedHashMap<>();
        for (final String line : markdown.substring(begin, end).split("\n"))
        {
            if (!line.startsWith("| `"))
            {
                continue;
            }
            final String[] cells = line.split("\\|");
            final String name = cells[1].trim().replace("`", "");
            final Row row = new Row(name, cells[2].trim(), cells[3].trim(), cells[6].trim());
            if (!Set.of("receiver", "sender", "both").contains(row.side())
                || !Set.of("counter", "gauge", "histogram", "summary").contains(row.type())
                || cells.length < 9 || cells[7].isBlank() || cells[8].isBlank())
            {
                throw new IllegalArgumentException("malformed row in docs/metrics.md: " + line);
            }
            if (rows.put(name, row) != null)
            {
                throw new IllegalArgumentException("docs/metrics.md lists " + name + " twice");
            }
        }
        return new MetricsDoc(rows);
    }

    /** @return every row, by name, in document order. */
    Map<String, Row> rows()
    {
        return rows;
    }

    /** @return the rows of families a scrape of {@code side} shows. */
    List<Row> rowsOn(final String side)
    {
        return rows.values().stream().filter(r -> r.on(side)).toList();
    }
}
