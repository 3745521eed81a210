package io.diodegw.receiver.selfcheck;

import io.diodegw.config.LinkSettings;
import io.diodegw.wire.datagram.MtuLimits;

/**
 * Validated options of the link self-check ({@code bin/diode selfcheck}). Bounds of the link geometry are those of
 * {@link LinkSettings}, so the check runs only geometries a real link could be configured with.
 *
 * <pre>
 *   --seconds N       duration of the sending phase, whole seconds, 1..3600 (default 5)
 *   --loss PCT        injected datagram loss at the sender, percent, 0..50, decimals allowed (default 5)
 *   --seed N          seed of the plant data and of the loss, a 64-bit integer (default 1)
 *   --k N             FEC source symbols per block (default 32)
 *   --m N             FEC repair symbols per block (default 4)
 *   --interleave N    blocks interleaved on the wire (default 8)
 *   --mtu N           link MTU in bytes (default 1500)
 *   --rate-mbit N     sender pacing, Mbit/s of UDP payload, 1..10000 (default 200)
 *   --tags N          number of synthetic tags, 1..1000000 (default 5000)
 *   --burst N         mean length of a loss burst in datagrams, 1..1000; 1 is independent loss, more is a
 *                     Gilbert-Elliott chain with the same long-run loss (default 1)
 *   --help            print the usage and exit 0
 * </pre>
 *
 * <p>Immutable and thread-safe. {@link #parse} throws {@link IllegalArgumentException} whose message names the
 * option, the value given and what is allowed; the caller prints it and exits with status 2.
 */
public final class SelfCheckOptions
{
    /** Smallest block payload (k x symbol bytes) the check accepts: the largest record it writes must fit. */
    public static final int MIN_BLOCK_BYTES = 4096;
    public static final int DEFAULT_SECONDS = 5;
    public static final double DEFAULT_LOSS_PERCENT = 5.0;
    public static final long DEFAULT_SEED = 1;
    public static final int DEFAULT_RATE_MBIT = 200;
    public static final int DEFAULT_TAGS = 5000;
    public static final int MAX_SECONDS = 3600;
    public static final double MAX_LOSS_PERCENT = 50.0;
    public static final int MAX_RATE_MBIT = 10_000;
    public static final int MAX_TAGS = 1_000_000;
    public static final int MAX_BURST_DATAGRAMS = 1000;

    private static final int MIN_K = 1;
    private static final int MAX_K = 128;
    private static final int MIN_M = 0;
    private static final int MAX_M = 32;
    private static final int MIN_INTERLEAVE = 1;
    private static final int MAX_INTERLEAVE = 64;
    private static final int MIN_MTU = 576;
    private static final int MAX_MTU = 9216;

    /** The usage text printed by {@code --help} and after a bad argument. */
    public static final String USAGE = String.join("\n",
        "usage: bin/diode selfcheck [--seconds N] [--loss PCT] [--seed N] [--k N] [--m N] [--interleave N]",
        "                           [--mtu N] [--rate-mbit N] [--tags N] [--burst N]",
        "",
        "Runs the link libraries end to end on this machine: synthetic tag updates are framed into records and",
        "blocks, FEC-encoded, interleaved, sealed with AES-GCM and sent over real UDP on 127.0.0.1 with seeded",
        "loss; a receiving thread opens, repairs, decodes and verifies every value. Prints a summary on stderr",
        "and one JSON line on stdout. Exit status: 0 pass, 1 fail, 2 bad arguments.",
        "",
        "  --seconds N      sending time in whole seconds, " + 1 + ".." + MAX_SECONDS + " (default " + DEFAULT_SECONDS +
            ")",
        "  --loss PCT       injected datagram loss in percent, 0.." + (int)MAX_LOSS_PERCENT + " (default " +
            (int)DEFAULT_LOSS_PERCENT + ")",
        "  --seed N         seed of the plant data and of the loss, 64-bit integer (default " + DEFAULT_SEED + ")",
        "  --k N            FEC source symbols per block, " + MIN_K + ".." + MAX_K + " (default " +
            LinkSettings.FEC_SOURCE_SYMBOLS.defaultValue().orElse(32) + ")",
        "  --m N            FEC repair symbols per block, " + MIN_M + ".." + MAX_M + " (default " +
            LinkSettings.FEC_REPAIR_SYMBOLS.defaultValue().orElse(4) + ")",
        "  --interleave N   blocks interleaved on the wire, " + MIN_INTERLEAVE + ".." + MAX_INTERLEAVE + " (default " +
            LinkSettings.FEC_INTERLEAVE_DEPTH.defaultValue().orElse(8) + ")",
        "  --mtu N          link MTU in bytes, " + MIN_MTU + ".." + MAX_MTU + " (default " +
            LinkSettings.MTU_BYTES.defaultValue().orElse(MtuLimits.DEFAULT_MTU_BYTES) + ")",
        "  --rate-mbit N    sender pacing in Mbit/s of UDP payload, 1.." + MAX_RATE_MBIT + " (default " +
            DEFAULT_RATE_MBIT + ")",
        "  --tags N         number of synthetic tags, 1.." + MAX_TAGS + " (default " + DEFAULT_TAGS + ")",
        "  --burst N        mean loss burst in datagrams, 1.." + MAX_BURST_DATAGRAMS + "; 1 is independent loss, more" +
            " is Gilbert-Elliott (default 1)",
        "  --help           this text");

    private final long durationMs;
    private final double lossPercent;
    private final long seed;
    private final int sourceSymbols;
    private final int repairSymbols;
    private final int interleaveDepth;
    private final int mtuBytes;
    private final long rateBitsPerSec;
    private final int tagCount;
    private final int meanBurstDatagrams;
    private final boolean help;

    private SelfCheckOptions(final Builder b)
    {
        this.durationMs = b.durationMs;
        this.lossPercent = b.lossPercent;
        this.seed = b.seed;
        this.sourceSymbols = b.sourceSymbols;
        this.repairSymbols = b.repairSymbols;
        this.interleaveDepth = b.interleaveDepth;
        this.mtuBytes = b.mtuBytes;
        this.rateBitsPerSec = b.rateBitsPerSec;
        this.tagCount = b.tagCount;
        this.meanBurstDatagrams = b.meanBurstDatagrams;
        this.help = b.help;
    }

    /**
     * @return the defaults, as if no argument was given.
     */
    public static SelfCheckOptions defaults()
    {
        return builder().build();
    }

    /**
     * @return a builder starting from the defaults, for tests and tools that run the check in-process.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * Parses command-line arguments ({@code --name value} or {@code --name=value}).
     *
     * @param args the arguments after {@code selfcheck}.
     * @return the options; {@link #help()} is true if {@code --help} or {@code -h} was given (other arguments are then
     *     still checked).
     * @throws IllegalArgumentException naming the argument, the value and what is allowed.
     */
    public static SelfCheckOptions parse(final String... args)
    {
        final Builder b = builder();
        for (int i = 0; i < args.length; i++)
        {
            final String arg = args[i];
            if ("--help".equals(arg) || "-h".equals(arg))
            {
                b.help = true;
                continue;
            }
            if (!arg.startsWith("--"))
            {
                throw new IllegalArgumentException("unexpected argument '" + arg + "': options start with --" +
                    " (see --help)");
            }
            final int eq = arg.indexOf('=');
            final String name = eq < 0 ? arg : arg.substring(0, eq);
            final String value;
            if (eq >= 0)
            {
                value = arg.substring(eq + 1);
            }
            else if (i + 1 < args.length)
            {
                value = args[++i];
            }
            else
            {
                throw new IllegalArgumentException(knownOption(name) + " needs a value (see --help)");
            }
            switch (name)
            {
                case "--seconds":
                    b.durationMs(1000L * parseInt(name, value, 1, MAX_SECONDS));
                    break;
                case "--loss":
                    b.lossPercent(parsePercent(name, value));
                    break;
                case "--seed":
                    b.seed(parseLong(name, value));
                    break;
                case "--k":
                    b.sourceSymbols(parseInt(name, value, MIN_K, MAX_K));
                    break;
                case "--m":
                    b.repairSymbols(parseInt(name, value, MIN_M, MAX_M));
                    break;
                case "--interleave":
                    b.interleaveDepth(parseInt(name, value, MIN_INTERLEAVE, MAX_INTERLEAVE));
                    break;
                case "--mtu":
                    b.mtuBytes(parseInt(name, value, MIN_MTU, MAX_MTU));
                    break;
                case "--rate-mbit":
                    b.rateBitsPerSec(1_000_000L * parseInt(name, value, 1, MAX_RATE_MBIT));
                    break;
                case "--tags":
                    b.tagCount(parseInt(name, value, 1, MAX_TAGS));
                    break;
                case "--burst":
                    b.meanBurstDatagrams(parseInt(name, value, 1, MAX_BURST_DATAGRAMS));
                    break;
                default:
                    throw new IllegalArgumentException(knownOption(name));
            }
        }
        return b.build();
    }

    /** @return how long the sender produces and sends, in ms. */
    public long durationMs()
    {
        return durationMs;
    }

    /** @return injected loss, percent of datagrams, 0..50. */
    public double lossPercent()
    {
        return lossPercent;
    }

    public long seed()
    {
        return seed;
    }

    /** @return FEC source symbols per block (k). */
    public int sourceSymbols()
    {
        return sourceSymbols;
    }

    /** @return FEC repair symbols per block (m). */
    public int repairSymbols()
    {
        return repairSymbols;
    }

    /** @return blocks interleaved on the wire. */
    public int interleaveDepth()
    {
        return interleaveDepth;
    }

    public int mtuBytes()
    {
        return mtuBytes;
    }

    /** @return the sender's pacing rate in bits per second of UDP payload. */
    public long rateBitsPerSec()
    {
        return rateBitsPerSec;
    }

    public int tagCount()
    {
        return tagCount;
    }

    /** @return mean length of an injected loss burst, in datagrams; 1 means independent loss. */
    public int meanBurstDatagrams()
    {
        return meanBurstDatagrams;
    }

    /** @return true if the usage was asked for. */
    public boolean help()
    {
        return help;
    }

    /** @return the FEC symbol size that follows from the MTU, in bytes. */
    public int symbolBytes()
    {
        return MtuLimits.forMtu(mtuBytes).maxSymbolBytes();
    }

    @Override
    public String toString()
    {
        return "seconds=" + durationMs / 1000.0 + " loss=" + lossPercent + "% seed=" + seed + " k=" + sourceSymbols +
            " m=" + repairSymbols + " interleave=" + interleaveDepth + " mtu=" + mtuBytes + " rate=" +
            rateBitsPerSec / 1_000_000 + "Mbit/s tags=" + tagCount + " burst=" + meanBurstDatagrams;
    }

    private static String knownOption(final String name)
    {
        switch (name)
        {
            case "--seconds":
            case "--loss":
            case "--seed":
            case "--k":
            case "--m":
            case "--interleave":
            case "--mtu":
            case "--rate-mbit":
            case "--tags":
            case "--burst":
                return name;
            default:
                return "unknown option '" + name + "': allowed are --seconds, --loss, --seed, --k, --m, --interleave, " +
                    "--mtu, --rate-mbit, --tags, --burst, --help";
        }
    }

    private static int parseInt(final String name, final String value, final int min, final int max)
    {
        final long parsed;
        try
        {
            parsed = Long.parseLong(value.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(name + " '" + value + "' is not a whole number; allowed: " + min + ".." +
                max);
        }
        if (parsed < min || parsed > max)
        {
            throw new IllegalArgumentException(name + " " + parsed + " is outside the allowed range " + min + ".." +
                max);
        }
        return (int)parsed;
    }

    private static long parseLong(final String name, final String value)
    {
        try
        {
            return Long.parseLong(value.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(name + " '" + value + "' is not a 64-bit integer; allowed: " +
                Long.MIN_VALUE + ".." + Long.MAX_VALUE);
        }
    }

    private static double parsePercent(final String name, final String value)
    {
        final String text = value.trim().endsWith("%") ? value.trim().substring(0, value.trim().length() - 1) :
            value.trim();
        final double parsed;
        try
        {
            parsed = Double.parseDouble(text);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(name + " '" + value + "' is not a number; allowed: 0.." +
                (int)MAX_LOSS_PERCENT + " (percent, decimals allowed)");
        }
        if (!(parsed >= 0.0 && parsed <= MAX_LOSS_PERCENT))
        {
            throw new IllegalArgumentException(name + " " + value + " is outside the allowed range 0.." +
                (int)MAX_LOSS_PERCENT + " (percent)");
        }
        return parsed;
    }

    /**
     * Collects options; {@link #build()} validates them together. Not thread-safe.
     */
    public static final class Builder
    {
        private long durationMs = DEFAULT_SECONDS * 1000L;
        private double lossPercent = DEFAULT_LOSS_PERCENT;
        private long seed = DEFAULT_SEED;
        private int sourceSymbols = LinkSettings.FEC_SOURCE_SYMBOLS.defaultValue().orElse(32);
        private int repairSymbols = LinkSettings.FEC_REPAIR_SYMBOLS.defaultValue().orElse(4);
        private int interleaveDepth = LinkSettings.FEC_INTERLEAVE_DEPTH.defaultValue().orElse(8);
        private int mtuBytes = LinkSettings.MTU_BYTES.defaultValue().orElse(MtuLimits.DEFAULT_MTU_BYTES);
        private long rateBitsPerSec = DEFAULT_RATE_MBIT * 1_000_000L;
        private int tagCount = DEFAULT_TAGS;
        private int meanBurstDatagrams = 1;
        private boolean help;

        private Builder()
        {
        }

        /** @param durationMs sending time in ms, 100..3600000 (tests run shorter checks than the command line). */
        public Builder durationMs(final long durationMs)
        {
            this.durationMs = durationMs;
            return this;
        }

        public Builder lossPercent(final double lossPercent)
        {
            this.lossPercent = lossPercent;
            return this;
        }

        public Builder seed(final long seed)
        {
            this.seed = seed;
            return this;
        }

        public Builder sourceSymbols(final int sourceSymbols)
        {
            this.sourceSymbols = sourceSymbols;
            return this;
        }

        public Builder repairSymbols(final int repairSymbols)
        {
            this.repairSymbols = repairSymbols;
            return this;
        }

        public Builder interleaveDepth(final int interleaveDepth)
        {
            this.interleaveDepth = interleaveDepth;
            return this;
        }

        public Builder mtuBytes(final int mtuBytes)
        {
            this.mtuBytes = mtuBytes;
            return this;
        }

        public Builder rateBitsPerSec(final long rateBitsPerSec)
        {
            this.rateBitsPerSec = rateBitsPerSec;
            return this;
        }

        public Builder tagCount(final int tagCount)
        {
            this.tagCount = tagCount;
            return this;
        }

        public Builder meanBurstDatagrams(final int meanBurstDatagrams)
        {
            this.meanBurstDatagrams = meanBurstDatagrams;
            return this;
        }

        /**
         * @return the validated options.
         * @throws IllegalArgumentException naming the option that is out of range or that makes the geometry
         *     unusable.
         */
        public SelfCheckOptions build()
        {
            check("--seconds", durationMs, 100, MAX_SECONDS * 1000L, "ms");
            if (!(lossPercent >= 0.0 && lossPercent <= MAX_LOSS_PERCENT))
            {
                throw new IllegalArgumentException("--loss " + lossPercent + " is outside the allowed range 0.." +
                    (int)MAX_LOSS_PERCENT + " (percent)");
            }
            check("--k", sourceSymbols, MIN_K, MAX_K, "");
            check("--m", repairSymbols, MIN_M, MAX_M, "");
            check("--interleave", interleaveDepth, MIN_INTERLEAVE, MAX_INTERLEAVE, "");
            check("--mtu", mtuBytes, MIN_MTU, MAX_MTU, "");
            check("--rate-mbit", rateBitsPerSec, 1_000_000L, MAX_RATE_MBIT * 1_000_000L, "bit/s");
            check("--tags", tagCount, 1, MAX_TAGS, "");
            check("--burst", meanBurstDatagrams, 1, MAX_BURST_DATAGRAMS, "");
            final int symbolBytes = MtuLimits.forMtu(mtuBytes).maxSymbolBytes();
            if ((long)sourceSymbols * symbolBytes < MIN_BLOCK_BYTES)
            {
                final int minK = (MIN_BLOCK_BYTES + symbolBytes - 1) / symbolBytes;
                throw new IllegalArgumentException("--k " + sourceSymbols + " with --mtu " + mtuBytes + " gives blocks of " +
                    (long)sourceSymbols * symbolBytes + " bytes; the self-check needs at least " + MIN_BLOCK_BYTES +
                    ": use --k " + minK + " or more");
            }
            return new SelfCheckOptions(this);
        }

        private static void check(final String name, final long value, final long min, final long max,
            final String unit)
        {
            if (value < min || value > max)
            {
                throw new IllegalArgumentException(name + " " + value + (unit.isEmpty() ? "" : " " + unit) +
                    " is outside the allowed range " + min + ".." + max + (unit.isEmpty() ? "" : " " + unit));
            }
        }
    }
}
