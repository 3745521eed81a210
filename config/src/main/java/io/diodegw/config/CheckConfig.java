package io.diodegw.config;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code diode check-config} command: validates one side's configuration file together with the
 * {@code DIODEGW_*} environment overrides, exactly as the process would at start-up, without starting anything.
 *
 * <p>On success it prints the effective values with their origin and the link fingerprint (and the canonical text
 * it hashes, so two sites can compare line by line); on failure it prints every problem, each naming the key, the
 * value and the fix. Exit codes: {@value #VALID}, {@value #INVALID} for an invalid configuration,
 * {@value #USAGE} for bad command-line arguments.
 *
 * <p>The launcher's main lives with the side that knows the wire protocol version and calls {@link #run}.
 */
public final class CheckConfig
{
    /** The configuration is valid. */
    public static final int VALID = 0;
    /** The configuration has problems; they were printed. */
    public static final int INVALID = 1;
    /** The command line was wrong; usage was printed. */
    public static final int USAGE = 2;

    private static final String USAGE_TEXT = String.join("\n",
        "usage: diode check-config --config FILE [--side sender|receiver]",
        "  --config FILE   the sender.yaml or receiver.yaml to check",
        "  --side SIDE     sender or receiver; optional when the file name contains one of them",
        "DIODEGW_* environment variables override the file as they would at start-up.");

    private CheckConfig()
    {
    }

    /**
     * Runs the command.
     *
     * @param args            command-line arguments after {@code check-config}.
     * @param env             the environment whose {@code DIODEGW_*} variables override the file.
     * @param protocolVersion the wire protocol version, part of the link fingerprint.
     * @param out             receives the report of a valid configuration and the help text.
     * @param err             receives problems and usage errors.
     * @return the exit code: {@link #VALID}, {@link #INVALID} or {@link #USAGE}.
     */
    public static int run(
        final String[] args,
        final Map<String, String> env,
        final int protocolVersion,
        final PrintStream out,
        final PrintStream err)
    {
        Path file = null;
        Side side = null;
        for (int i = 0; i < args.length; i++)
        {
            final String arg = args[i];
            if ("-h".equals(arg) || "--help".equals(arg))
            {
                out.println(USAGE_TEXT);
                return VALID;
            }
            if (!"--config".equals(arg) && !"--side".equals(arg))
            {
                return usage(err, "unknown argument '" + arg + "'");
            }
            if (i + 1 >= args.length)
            {
                return usage(err, arg + " needs a value");
            }
            final String value = args[++i];
            if ("--config".equals(arg))
            {
                file = Path.of(value);
            }
            else
            {
                side = parseSide(value);
                if (side == null)
                {
                    return usage(err, "--side is '" + value + "'; use sender or receiver");
                }
            }
        }
        if (file == null)
        {
            return usage(err, "--config FILE is required");
        }
        if (side == null)
        {
            side = sideFromFileName(file);
            if (side == null)
            {
                return usage(err, "cannot tell the side from the file name '" + file.getFileName() +
                    "'; add --side sender or --side receiver");
            }
        }
        if (!Files.isRegularFile(file))
        {
            err.println("check-config: " + file.toAbsolutePath() + " does not exist or is not a file");
            return INVALID;
        }
        try
        {
            final Config config = ConfigLoader.load(side, file, env);
            out.println(config.describe());
            out.println();
            out.println("link fingerprint " + LinkFingerprint.toHex(LinkFingerprint.of(config, protocolVersion)) +
                " over (must print identically on the other end):");
            for (final String line : LinkFingerprint.canonicalText(config, protocolVersion).split("\n"))
            {
                out.println("  " + line);
            }
            out.println();
            out.println("OK: " + file + " is a valid " + side.label() + " configuration");
            return VALID;
        }
        catch (final ConfigException ex)
        {
            err.println(ex.getMessage());
            return INVALID;
        }
    }

    private static Side parseSide(final String value)
    {
        switch (value.toLowerCase(Locale.ROOT))
        {
            case "sender":
                return Side.SENDER;
            case "receiver":
                return Side.RECEIVER;
            default:
                return null;
        }
    }

    private static Side sideFromFileName(final Path file)
    {
        final Path name = file.getFileName();
        final String text = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
        final boolean sender = text.contains("sender");
        final boolean receiver = text.contains("receiver");
        if (sender == receiver)
        {
            return null;
        }
        return sender ? Side.SENDER : Side.RECEIVER;
    }

    private static int usage(final PrintStream err, final String problem)
    {
        err.println("check-config: " + problem);
        err.println(USAGE_TEXT);
        return USAGE;
    }
}
