package io.diodegw.systest.scenario;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.diodegw.demo.Deployment;

/**
 * {@code bin/diode scenarios [--all | --only a,b | --fec-sweep | --soak 30m] [--out DIR]}: runs fault scenarios
 * ({@link Scenarios}; default the fast subset), prints the matrix as a table and writes it as JSON to
 * {@code DIR/scenarios-<UTC time>.json} (default {@code bench/results} under {@code diodegw.home}). Exit code 0 when
 * every scenario passed, 1 otherwise, 2 for a usage error.
 */
public final class ScenariosMain
{
    static final String USAGE = String.join("\n",
        "usage: bin/diode scenarios [--all | --only NAME,NAME | --fec-sweep | --soak DURATION] [--out DIR]",
        "  (no option)      the fast subset: " + String.join(", ", Scenarios.FAST),
        "  --all            the whole matrix",
        "  --only NAMES     these scenarios",
        "  --fec-sweep      random loss 2-4 % and bursts of exactly 4-33 datagrams to find the FEC budget",
        "  --soak DURATION  every relay impairment at once for DURATION (e.g. 30m, 90s), killing the sender and the receiver once",
        "  --out DIR        where scenarios-<time>.json goes (default bench/results)");

    private ScenariosMain()
    {
    }

    /** @param args see {@link #USAGE}. */
    public static void main(final String[] args) throws InterruptedException, IOException
    {
        final List<Scenario> chosen;
        Path out = Path.of(System.getProperty("diodegw.home", "."), "bench", "results");
        try
        {
            List<Scenario> selection = Scenarios.named(Scenarios.FAST);
            for (int i = 0; i < args.length; i++)
            {
                switch (args[i])
                {
                    case "--all" -> selection = Scenarios.all();
                    case "--only" -> selection = Scenarios.named(Arrays.asList(value(args, ++i).split(",")));
                    case "--fec-sweep" -> selection = Scenarios.fecSweep();
                    case "--soak" -> selection = List.of(Scenarios.soak(durationMs(value(args, ++i))));
                    case "--out" -> out = Path.of(value(args, ++i));
                    case "--help", "-h" ->
                    {
                        System.out.println(USAGE);
                        return;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            chosen = selection;
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println("scenarios: " + ex.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        final ScenarioRunner runner = new ScenarioRunner(Deployment.Launch.fromSystemProperties(),
            Files.createTempDirectory("diodegw-scenarios-"), System.err);
        final List<ScenarioResult> results = new ArrayList<>();
        for (final Scenario scenario : chosen)
        {
            results.add(runner.run(scenario));
        }
        System.out.println(table(results));
        Files.createDirectories(out);
        final Path json = out.resolve("scenarios-" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC).format(Instant.now()) + ".json");
        Files.writeString(json, json(results), StandardCharsets.UTF_8);
        System.out.println("written " + json);
        System.exit(results.stream().allMatch(ScenarioResult::passed) ? 0 : 1);
    }

    /** @return the matrix as a Markdown table (one row per scenario, {@link ScenarioResult#TABLE_COLUMNS}). */
    static String table(final List<ScenarioResult> results)
    {
        final StringBuilder sb = new StringBuilder("| scenario | profile |");
        ScenarioResult.TABLE_COLUMNS.forEach(c -> sb.append(' ').append(c).append(" |"));
        sb.append("\n|---|---|");
        ScenarioResult.TABLE_COLUMNS.forEach(c -> sb.append("---:|"));
        for (final ScenarioResult r : results)
        {
            sb.append("\n| ").append(r.name()).append(" | ").append(r.text("profile")).append(" |");
            for (final String column : ScenarioResult.TABLE_COLUMNS)
            {
                sb.append(' ').append(r.figures().get(column)).append(" |");
            }
        }
        return sb.toString();
    }

    static String json(final List<ScenarioResult> results)
    {
        final StringBuilder sb = new StringBuilder("[\n");
        for (int i = 0; i < results.size(); i++)
        {
            sb.append(results.get(i).toJson()).append(i + 1 < results.size() ? ",\n" : "\n");
        }
        return sb.append("]\n").toString();
    }

    private static String value(final String[] args, final int i)
    {
        if (i >= args.length)
        {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }

    static long durationMs(final String text)
    {
        final String t = text.strip().toLowerCase(Locale.ROOT);
        final long factor = t.endsWith("ms") ? 1 : t.endsWith("s") ? 1000 : t.endsWith("m") ? 60_000
            : t.endsWith("h") ? 3_600_000 : -1;
        if (factor < 0)
        {
            throw new IllegalArgumentException("duration '" + text + "' needs a unit (ms, s, m, h)");
        }
        final String number = t.substring(0, t.length() - (t.endsWith("ms") ? 2 : 1));
        try
        {
            return Math.multiplyExact(Long.parseLong(number), factor);
        }
        catch (final NumberFormatException | ArithmeticException ex)
        {
            throw new IllegalArgumentException("duration '" + text + "' is not a whole number with a unit", ex);
        }
    }
}
