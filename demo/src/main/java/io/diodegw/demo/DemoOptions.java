package io.diodegw.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The demo's command-line options.
 *
 * @param durationMs how long to run before the comparison; 0 runs until Ctrl-C.
 * @param tags       tags in the simulator.
 * @param ratePerSec simulator changes per second across all tags.
 * @param sinks      the sinks to deliver to, in {@link #SINKS} order: files, s3 (S3Mock), kinesis (kinesis-local).
 * @param keep       whether to keep the working folder after a clean run (it is always kept after a failure).
 */
record DemoOptions(long durationMs, int tags, double ratePerSec, List<String> sinks, boolean keep)
{
    /** Sink names in the order the demo accepts and reports them. */
    static final List<String> SINKS = List.of("files", "s3", "kinesis");

    static final String USAGE = String.join(System.lineSeparator(),
        "usage: bin/diode demo [--duration 30s] [--tags 1000] [--rate 1000] [--sinks files] [--keep]",
        "",
        "Generates keys in a temporary folder, starts the plant simulator, the receiver and the sender as separate",
        "processes on loopback, prints one progress line a second, and runs until Ctrl-C or --duration.",
        "Then it pauses the simulator, waits for the IT side to settle and compares every tag's value and status;",
        "then waits until every sink caught up with the receiver's IT journal, reads back what each sink holds and",
        "checks that every journaled stream sequence is there exactly once and every value equals what the",
        "simulator produced for that tag at that source time. The last line on stdout is one JSON object",
        "(tagsMirrored, updatesApplied, lagP50Ms, lagP99Ms, unrecoveredBlocks, gaps, mismatches, sinks, ...).",
        "Exit code 0 when nothing is missing, duplicated or different; 2 for a usage error or a missing service.",
        "",
        "options:",
        "  --duration D   30s, 2m, 1500ms or plain seconds; 0 = until Ctrl-C (default 30s)",
        "  --tags N       simulated tags (default 1000)",
        "  --rate N       simulator changes per second across all tags (default 1000)",
        "  --sinks LIST   comma-separated, any of files, s3, kinesis (default files). s3 and kinesis start Adobe",
        "                 S3Mock and kinesis-local on loopback as well (install them once with",
        "                 bin/install-test-services; Node 18+ runs kinesis-local) and deliver to a bucket and a",
        "                 stream the demo creates there",
        "  --keep         keep the working folder (keys, configs, journals, logs) after a clean run");

    /**
     * @param args the command line.
     * @return the options, or null when {@code --help} was asked for.
     * @throws IllegalArgumentException naming the bad option.
     */
    static DemoOptions parse(final String[] args)
    {
        long durationMs = 30_000;
        int tags = 1000;
        double rate = 1000;
        List<String> sinks = List.of("files");
        boolean keep = false;
        for (int i = 0; i < args.length; i++)
        {
            final String option = args[i];
            if ("--help".equals(option) || "-h".equals(option))
            {
                return null;
            }
            if ("--keep".equals(option))
            {
                keep = true;
                continue;
            }
            if (i + 1 >= args.length)
            {
                throw new IllegalArgumentException(option + " needs a value");
            }
            final String value = args[++i];
            switch (option)
            {
                case "--duration" -> durationMs = parseDurationMs(value);
                case "--tags" -> tags = parsePositiveInt(option, value);
                case "--rate" -> rate = parseRate(value);
                case "--sinks" -> sinks = List.of(value.toLowerCase(Locale.ROOT).split(",", -1));
                default -> throw new IllegalArgumentException("unknown option '" + option + "'");
            }
        }
        return new DemoOptions(durationMs, tags, rate, sinks(sinks), keep);
    }

    /** @return the sinks in {@link #SINKS} order, each once; throws naming an unknown one or an empty list. */
    private static List<String> sinks(final List<String> names)
    {
        final List<String> chosen = new ArrayList<>();
        for (final String name : names)
        {
            final String sink = name.strip();
            if (!SINKS.contains(sink))
            {
                throw new IllegalArgumentException("--sinks: unknown sink '" + sink + "' (choose from "
                    + String.join(", ", SINKS) + ")");
            }
        }
        for (final String sink : SINKS)
        {
            if (names.stream().anyMatch(name -> name.strip().equals(sink)))
            {
                chosen.add(sink);
            }
        }
        if (chosen.isEmpty())
        {
            throw new IllegalArgumentException("--sinks needs at least one of " + String.join(", ", SINKS));
        }
        return List.copyOf(chosen);
    }

    static long parseDurationMs(final String text)
    {
        final String t = text.strip().toLowerCase(Locale.ROOT);
        try
        {
            if (t.endsWith("ms"))
            {
                return nonNegative(Long.parseLong(t.substring(0, t.length() - 2)), text);
            }
            if (t.endsWith("s"))
            {
                return nonNegative(Long.parseLong(t.substring(0, t.length() - 1)) * 1000, text);
            }
            if (t.endsWith("m"))
            {
                return nonNegative(Long.parseLong(t.substring(0, t.length() - 1)) * 60_000, text);
            }
            if (t.endsWith("h"))
            {
                return nonNegative(Long.parseLong(t.substring(0, t.length() - 1)) * 3_600_000, text);
            }
            return nonNegative(Long.parseLong(t) * 1000, text);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("--duration '" + text + "': expected e.g. 30s, 2m, 1500ms");
        }
    }

    private static long nonNegative(final long ms, final String text)
    {
        if (ms < 0)
        {
            throw new IllegalArgumentException("--duration '" + text + "' is negative");
        }
        return ms;
    }

    private static int parsePositiveInt(final String option, final String value)
    {
        try
        {
            final int n = Integer.parseInt(value);
            if (n < 1)
            {
                throw new IllegalArgumentException(option + " " + value + ": must be at least 1");
            }
            return n;
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(option + " '" + value + "' is not an integer");
        }
    }

    private static double parseRate(final String value)
    {
        try
        {
            final double rate = Double.parseDouble(value);
            if (!(rate > 0))
            {
                throw new IllegalArgumentException("--rate " + value + ": must be positive");
            }
            return rate;
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("--rate '" + value + "' is not a number");
        }
    }
}
