package io.diodegw.systest.relay;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * What the impairment relay does to the datagrams it forwards: an immutable, validated value, built with
 * {@link #builder()} or parsed from a compact string with {@link #parse(String)}. Probabilities are fractions in
 * 0..1 (written as {@code 5%} or {@code 0.05}); every impairment is off at zero.
 *
 * <p>Compact syntax: comma-separated {@code field=value} pairs in any order, each field at most once except
 * {@code blackout}; {@code ""} and {@code none} mean no impairment.
 * <pre>
 *   seed=N                 seed of every random decision (default 1)
 *   loss=P                 independent random loss
 *   burst=L/P              Gilbert-Elliott bursts of mean length L datagrams and mean loss rate P
 *                          (the bad state loses every datagram, the good state none)
 *   ge=PGB/PBG[/LG/LB]     Gilbert-Elliott by its parameters: good-to-bad and bad-to-good transition
 *                          probabilities per datagram, loss in the good (default 0) and bad (default 100%) state
 *   reorder=P/N[/T]        hold a datagram back with probability P and release it after N later datagrams
 *                          or after T (default 50ms), whichever comes first
 *   reorder=P/T            hold a datagram back with probability P for T
 *   dup=P                  send an extra copy right after the datagram
 *   corrupt=P[/B]          change 1..B (default 1) bytes at random positions, header included
 *   rate=R[/Q]             cap at R bits/s (bit, kbit, Mbit, Gbit; 1k = 1000) with a queue of Q bytes
 *                          (B, KiB, MiB; default 10 ms at R, at least 64KiB); what the queue cannot take is dropped
 *   blackout=S+D           drop everything from S after the relay started, for D (durations: ns, us, ms, s)
 * </pre>
 * Example: {@code loss=5%,burst=20/2%,reorder=1%/3,dup=1%,corrupt=0.1%,rate=100Mbit,seed=42,blackout=2s+1s}.
 * {@link #toString()} writes the canonical form, which parses back to an equal profile.
 *
 * @param seed                       seeds every random decision; a profile, a seed and the same sequence of datagrams
 *                                   and clock readings give the same decisions.
 * @param lossProbability            probability that a datagram is lost independently of the others.
 * @param burstGoodToBadProbability  Gilbert-Elliott: probability per datagram of going from the good to the bad state.
 * @param burstBadToGoodProbability  Gilbert-Elliott: probability per datagram of going from the bad to the good state;
 *                                   a burst lasts 1 / this many datagrams on average.
 * @param burstGoodLossProbability   Gilbert-Elliott: loss probability in the good state.
 * @param burstBadLossProbability    Gilbert-Elliott: loss probability in the bad state.
 * @param reorderProbability         probability that a datagram is held back.
 * @param reorderDistanceDatagrams   a held datagram is released after this many later datagrams were sent; 0: by
 *                                   time only.
 * @param reorderMaxHoldNs           a held datagram is released at the latest after this long.
 * @param duplicateProbability       probability that an extra copy of a datagram is sent.
 * @param corruptProbability         probability that a datagram's bytes are changed.
 * @param corruptMaxBytes            a corrupted datagram has 1..this many bytes changed (each one really differs).
 * @param rateBitsPerSec             rate cap in bits of UDP payload per second; 0: no cap.
 * @param rateQueueBytes             bytes the rate cap's queue holds; a datagram that does not fit is dropped.
 * @param blackouts                  windows, relative to the relay's start, in which every datagram is dropped.
 */
public record ImpairmentProfile(
    long seed,
    double lossProbability,
    double burstGoodToBadProbability,
    double burstBadToGoodProbability,
    double burstGoodLossProbability,
    double burstBadLossProbability,
    double reorderProbability,
    int reorderDistanceDatagrams,
    long reorderMaxHoldNs,
    double duplicateProbability,
    double corruptProbability,
    int corruptMaxBytes,
    long rateBitsPerSec,
    long rateQueueBytes,
    List<Blackout> blackouts)
{
    /** The seed used when none is given. */
    public static final long DEFAULT_SEED = 1;
    /** Longest hold of a reordered datagram when the profile names only a distance. */
    public static final long DEFAULT_REORDER_MAX_HOLD_NS = 50_000_000L;
    /** Largest reorder distance. */
    public static final int MAX_REORDER_DISTANCE_DATAGRAMS = 1_000_000;
    /** Longest hold of a reordered datagram. */
    public static final long MAX_REORDER_HOLD_NS = 60_000_000_000L;
    /** Most bytes changed in one corrupted datagram. */
    public static final int MAX_CORRUPT_BYTES = 64;
    /** Highest rate cap. */
    public static final long MAX_RATE_BITS_PER_SEC = 100_000_000_000L;
    /** Largest rate-cap queue. */
    public static final long MAX_RATE_QUEUE_BYTES = 256L << 20;
    /** Smallest default rate-cap queue. */
    public static final long MIN_DEFAULT_RATE_QUEUE_BYTES = 64L << 10;
    /** Most blackout windows. */
    public static final int MAX_BLACKOUTS = 64;

    /** Turns bits per second into the bytes sent in 10 ms: the default rate-cap queue. */
    private static final long DEFAULT_QUEUE_DIVISOR = 100 * Byte.SIZE;
    private static final List<String> FIELDS =
        List.of("seed", "loss", "burst", "ge", "reorder", "dup", "corrupt", "rate", "blackout");
    /** Units, smallest first, and their factors; a value is parsed with the longest unit it ends with. */
    private static final String[] DURATION_UNITS = {"ns", "us", "ms", "s"};
    private static final long[] DURATION_FACTORS = {1, 1_000, 1_000_000, 1_000_000_000};
    private static final String[] RATE_UNITS = {"bit", "kbit", "Mbit", "Gbit"};
    private static final long[] RATE_FACTORS = {1, 1_000, 1_000_000, 1_000_000_000};
    private static final String[] BYTE_UNITS = {"B", "KiB", "MiB"};
    private static final long[] BYTE_FACTORS = {1, 1L << 10, 1L << 20};
    /** No impairment at all. */
    public static final ImpairmentProfile NONE = builder().build();

    /**
     * Validates every component; the message names the component and the value.
     *
     * @throws IllegalArgumentException if a component is out of range.
     */
    public ImpairmentProfile
    {
        requireProbability("lossProbability", lossProbability);
        requireProbability("burstGoodToBadProbability", burstGoodToBadProbability);
        requireProbability("burstBadToGoodProbability", burstBadToGoodProbability);
        requireProbability("burstGoodLossProbability", burstGoodLossProbability);
        requireProbability("burstBadLossProbability", burstBadLossProbability);
        requireProbability("reorderProbability", reorderProbability);
        requireProbability("duplicateProbability", duplicateProbability);
        requireProbability("corruptProbability", corruptProbability);
        if (burstGoodToBadProbability > 0 && burstBadToGoodProbability == 0)
        {
            throw new IllegalArgumentException("burstBadToGoodProbability=0 would make the first burst endless");
        }
        requireRange("reorderDistanceDatagrams", reorderDistanceDatagrams, 0, MAX_REORDER_DISTANCE_DATAGRAMS);
        requireRange("reorderMaxHoldNs", reorderMaxHoldNs, reorderProbability > 0 ? 1 : 0, MAX_REORDER_HOLD_NS);
        requireRange("corruptMaxBytes", corruptMaxBytes, corruptProbability > 0 ? 1 : 0, MAX_CORRUPT_BYTES);
        requireRange("rateBitsPerSec", rateBitsPerSec, 0, MAX_RATE_BITS_PER_SEC);
        requireRange("rateQueueBytes", rateQueueBytes, rateBitsPerSec > 0 ? 1 : 0, MAX_RATE_QUEUE_BYTES);
        Objects.requireNonNull(blackouts, "blackouts");
        if (blackouts.size() > MAX_BLACKOUTS)
        {
            throw new IllegalArgumentException("blackouts: " + blackouts.size() + " windows > MAX=" + MAX_BLACKOUTS);
        }
        blackouts = List.copyOf(blackouts);
    }

    /** @return a builder with every impairment off and seed {@value #DEFAULT_SEED}. */
    public static Builder builder()
    {
        return new Builder();
    }

    /** @return true when the Gilbert-Elliott model can drop anything. */
    public boolean burstEnabled()
    {
        return (burstGoodToBadProbability > 0 && burstBadLossProbability > 0) || burstGoodLossProbability > 0;
    }

    /** @return true when no impairment is configured (the relay forwards everything unchanged). */
    public boolean isNone()
    {
        return lossProbability == 0 && !burstEnabled() && reorderProbability == 0 && duplicateProbability == 0 &&
            corruptProbability == 0 && rateBitsPerSec == 0 && blackouts.isEmpty();
    }

    /**
     * @return the long-run fraction of datagrams the Gilbert-Elliott model drops (stationary state probabilities
     *     times the per-state loss); 0 when it is off.
     */
    public double burstMeanLossRate()
    {
        final double transitions = burstGoodToBadProbability + burstBadToGoodProbability;
        if (transitions == 0)
        {
            return burstGoodLossProbability;
        }
        final double bad = burstGoodToBadProbability / transitions;
        return bad * burstBadLossProbability + (1 - bad) * burstGoodLossProbability;
    }

    /**
     * Parses the compact syntax described in the class comment.
     *
     * @param spec e.g. {@code "loss=5%,burst=20/2%,seed=42"}; {@code ""} or {@code "none"} for no impairment.
     * @return the profile.
     * @throws IllegalArgumentException naming the field and the bad value, if the text is not a valid profile.
     */
    public static ImpairmentProfile parse(final String spec)
    {
        Objects.requireNonNull(spec, "spec");
        final String text = spec.strip();
        final Builder builder = builder();
        if (text.isEmpty() || "none".equals(text))
        {
            return builder.build();
        }
        final Set<String> seen = new HashSet<>();
        for (final String pair : text.split(",", -1))
        {
            final int eq = pair.indexOf('=');
            final String field = (eq < 0 ? pair : pair.substring(0, eq)).strip();
            if (!FIELDS.contains(field))
            {
                throw new IllegalArgumentException("profile field '" + field + "' is unknown; known fields: " +
                    String.join(", ", FIELDS));
            }
            if (eq < 0)
            {
                throw new IllegalArgumentException("profile field '" + field + "' has no value (write " + field +
                    "=...)");
            }
            if (!"blackout".equals(field) && !seen.add(field))
            {
                throw new IllegalArgumentException("profile field '" + field + "' is given twice");
            }
            final String value = pair.substring(eq + 1).strip();
            try
            {
                parseField(builder, field, value);
                builder.build();
            }
            catch (final IllegalArgumentException ex)
            {
                throw new IllegalArgumentException("profile field '" + field + "': '" + value + "' " +
                    ex.getMessage(), ex);
            }
        }
        if (seen.contains("burst") && seen.contains("ge"))
        {
            throw new IllegalArgumentException("profile fields 'burst' and 'ge' both set the Gilbert-Elliott model; " +
                "give one");
        }
        try
        {
            return builder.build();
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("profile '" + text + "': " + ex.getMessage(), ex);
        }
    }

    private static void parseField(final Builder builder, final String field, final String value)
    {
        final String[] parts = value.split("/", -1);
        switch (field)
        {
            case "seed" ->
            {
                requireParts(parts, 1, 1, "N");
                builder.seed(parseLong(parts[0]));
            }
            case "loss" ->
            {
                requireParts(parts, 1, 1, "P");
                builder.loss(parseProbability(parts[0]));
            }
            case "burst" ->
            {
                requireParts(parts, 2, 2, "L/P");
                builder.burst(parseDecimal(parts[0]).doubleValue(), parseProbability(parts[1]));
            }
            case "ge" ->
            {
                requireParts(parts, 2, 4, "PGB/PBG[/LG/LB]");
                builder.gilbertElliott(parseProbability(parts[0]), parseProbability(parts[1]),
                    parts.length > 2 ? parseProbability(parts[2]) : 0.0,
                    parts.length > 3 ? parseProbability(parts[3]) : 1.0);
            }
            case "reorder" -> parseReorder(builder, parts);
            case "dup" ->
            {
                requireParts(parts, 1, 1, "P");
                builder.duplicate(parseProbability(parts[0]));
            }
            case "corrupt" ->
            {
                requireParts(parts, 1, 2, "P[/B]");
                builder.corrupt(parseProbability(parts[0]), parts.length > 1 ? parseInt(parts[1]) : 1);
            }
            case "rate" ->
            {
                requireParts(parts, 1, 2, "R[/Q]");
                final long bitsPerSec = parseBitRate(parts[0]);
                builder.rateCap(bitsPerSec, parts.length > 1 ? parseBytes(parts[1]) : defaultQueueBytes(bitsPerSec));
            }
            case "blackout" ->
            {
                final int plus = value.indexOf('+');
                if (plus < 0)
                {
                    throw new IllegalArgumentException("is not START+DURATION, e.g. 2s+1s");
                }
                builder.blackout(parseDurationNs(value.substring(0, plus)), parseDurationNs(value.substring(plus + 1)));
            }
            default -> throw new IllegalStateException(field);
        }
    }

    private static void parseReorder(final Builder builder, final String[] parts)
    {
        requireParts(parts, 2, 3, "P/N[/T] or P/T");
        final double probability = parseProbability(parts[0]);
        if (parts.length == 2 && !isWholeNumber(parts[1]))
        {
            builder.reorder(probability, 0, parseDurationNs(parts[1]));
        }
        else
        {
            builder.reorder(probability, parseInt(parts[1]),
                parts.length > 2 ? parseDurationNs(parts[2]) : DEFAULT_REORDER_MAX_HOLD_NS);
        }
    }

    /**
     * @param bitsPerSec a rate cap.
     * @return the queue the compact syntax gives a rate cap without {@code /Q}: 10 ms at the rate, at least
     *     {@value #MIN_DEFAULT_RATE_QUEUE_BYTES} bytes.
     */
    public static long defaultQueueBytes(final long bitsPerSec)
    {
        return Math.min(MAX_RATE_QUEUE_BYTES,
            Math.max(MIN_DEFAULT_RATE_QUEUE_BYTES, bitsPerSec / DEFAULT_QUEUE_DIVISOR));
    }

    /**
     * @return the canonical compact form: {@code seed} first, then every impairment that is on, probabilities in
     *     percent; {@link #parse(String)} of it returns an equal profile.
     */
    @Override
    public String toString()
    {
        final StringBuilder text = new StringBuilder("seed=").append(seed);
        if (lossProbability > 0)
        {
            text.append(",loss=").append(percent(lossProbability));
        }
        if (burstGoodToBadProbability > 0 || burstGoodLossProbability > 0)
        {
            text.append(",ge=").append(percent(burstGoodToBadProbability)).append('/')
                .append(percent(burstBadToGoodProbability)).append('/').append(percent(burstGoodLossProbability))
                .append('/').append(percent(burstBadLossProbability));
        }
        if (reorderProbability > 0)
        {
            text.append(",reorder=").append(percent(reorderProbability)).append('/')
                .append(reorderDistanceDatagrams).append('/').append(duration(reorderMaxHoldNs));
        }
        if (duplicateProbability > 0)
        {
            text.append(",dup=").append(percent(duplicateProbability));
        }
        if (corruptProbability > 0)
        {
            text.append(",corrupt=").append(percent(corruptProbability)).append('/').append(corruptMaxBytes);
        }
        if (rateBitsPerSec > 0)
        {
            text.append(",rate=").append(bitRate(rateBitsPerSec)).append('/').append(bytes(rateQueueBytes));
        }
        for (final Blackout window : blackouts)
        {
            text.append(",blackout=").append(duration(window.startOffsetNs())).append('+')
                .append(duration(window.durationNs()));
        }
        return text.toString();
    }

    private static void requireProbability(final String name, final double value)
    {
        if (!(value >= 0 && value <= 1))
        {
            throw new IllegalArgumentException(name + "=" + value + " is not a probability in 0..1");
        }
    }

    private static void requireRange(final String name, final long value, final long min, final long max)
    {
        if (value < min || value > max)
        {
            throw new IllegalArgumentException(name + "=" + value + " is outside " + min + ".." + max);
        }
    }

    private static void requireParts(final String[] parts, final int min, final int max, final String form)
    {
        if (parts.length < min || parts.length > max)
        {
            throw new IllegalArgumentException("is not of the form " + form);
        }
    }

    private static boolean isWholeNumber(final String text)
    {
        final String t = text.strip();
        if (t.isEmpty())
        {
            return false;
        }
        for (int i = 0; i < t.length(); i++)
        {
            if (!Character.isDigit(t.charAt(i)))
            {
                return false;
            }
        }
        return true;
    }

    private static BigDecimal parseDecimal(final String text)
    {
        try
        {
            return new BigDecimal(text.strip());
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("is not a number", ex);
        }
    }

    private static long parseLong(final String text)
    {
        try
        {
            return Long.parseLong(text.strip());
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("is not a whole number", ex);
        }
    }

    private static int parseInt(final String text)
    {
        try
        {
            return Integer.parseInt(text.strip());
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("is not a whole number", ex);
        }
    }

    private static double parseProbability(final String text)
    {
        final String t = text.strip();
        final BigDecimal value = t.endsWith("%") ? parseDecimal(t.substring(0, t.length() - 1)).movePointLeft(2) :
            parseDecimal(t);
        if (value.signum() < 0 || value.compareTo(BigDecimal.ONE) > 0)
        {
            throw new IllegalArgumentException("is not a probability (0..100% or 0..1)");
        }
        return value.doubleValue();
    }

    private static long parseScaled(final String text, final String[] units, final long[] factors, final String what)
    {
        final String t = text.strip();
        int unit = -1;
        for (int i = 0; i < units.length; i++)
        {
            if (t.endsWith(units[i]) && t.length() > units[i].length() &&
                (unit < 0 || units[i].length() > units[unit].length()))
            {
                unit = i;
            }
        }
        if (unit < 0)
        {
            throw new IllegalArgumentException("has no unit; use one of " + String.join(", ", units));
        }
        final BigDecimal scaled = parseDecimal(t.substring(0, t.length() - units[unit].length()))
            .multiply(BigDecimal.valueOf(factors[unit]));
        if (scaled.signum() < 0 || scaled.stripTrailingZeros().scale() > 0)
        {
            throw new IllegalArgumentException("is not a whole, non-negative number of " + what);
        }
        try
        {
            return scaled.longValueExact();
        }
        catch (final ArithmeticException ex)
        {
            throw new IllegalArgumentException("is too large", ex);
        }
    }

    private static long parseDurationNs(final String text)
    {
        return parseScaled(text, DURATION_UNITS, DURATION_FACTORS, "nanoseconds");
    }

    private static long parseBitRate(final String text)
    {
        return parseScaled(text, RATE_UNITS, RATE_FACTORS, "bits per second");
    }

    private static long parseBytes(final String text)
    {
        final String t = text.strip();
        return isWholeNumber(t) ? parseLong(t) : parseScaled(t, BYTE_UNITS, BYTE_FACTORS, "bytes");
    }

    private static String percent(final double probability)
    {
        return new BigDecimal(Double.toString(probability)).movePointRight(2).stripTrailingZeros().toPlainString() +
            "%";
    }

    private static String withUnit(final long value, final String[] units, final long[] factors)
    {
        for (int i = factors.length - 1; i > 0; i--)
        {
            if (value != 0 && value % factors[i] == 0)
            {
                return value / factors[i] + units[i];
            }
        }
        return value + units[0];
    }

    private static String duration(final long ns)
    {
        return withUnit(ns, DURATION_UNITS, DURATION_FACTORS);
    }

    private static String bitRate(final long bitsPerSec)
    {
        return withUnit(bitsPerSec, RATE_UNITS, RATE_FACTORS);
    }

    private static String bytes(final long count)
    {
        return withUnit(count, BYTE_UNITS, BYTE_FACTORS);
    }

    /**
     * A time window in which the relay drops every datagram.
     *
     * @param startOffsetNs when the window opens, after the relay's start.
     * @param durationNs    how long it stays open; the window is {@code [start, start + duration)}.
     */
    public record Blackout(long startOffsetNs, long durationNs)
    {
        /** Latest start and longest duration: about 100 days, so start + duration never overflows. */
        public static final long MAX_NS = 100L * 24 * 3600 * 1_000_000_000L;

        /**
         * @throws IllegalArgumentException if the start is negative or the duration is not positive.
         */
        public Blackout
        {
            requireRange("blackout startOffsetNs", startOffsetNs, 0, MAX_NS);
            requireRange("blackout durationNs", durationNs, 1, MAX_NS);
        }
    }

    /** Builds an {@link ImpairmentProfile}; not thread-safe. Every impairment is off until set. */
    public static final class Builder
    {
        private long seed = DEFAULT_SEED;
        private double lossProbability;
        private double goodToBad;
        private double badToGood;
        private double goodLoss;
        private double badLoss;
        private double reorderProbability;
        private int reorderDistanceDatagrams;
        private long reorderMaxHoldNs;
        private double duplicateProbability;
        private double corruptProbability;
        private int corruptMaxBytes;
        private long rateBitsPerSec;
        private long rateQueueBytes;
        private final List<Blackout> blackouts = new ArrayList<>();

        private Builder()
        {
        }

        /** @param seed seeds every random decision. @return this. */
        public Builder seed(final long seed)
        {
            this.seed = seed;
            return this;
        }

        /** @param probability independent loss probability, 0..1. @return this. */
        public Builder loss(final double probability)
        {
            this.lossProbability = probability;
            return this;
        }

        /**
         * Gilbert-Elliott bursts given by their mean length and the long-run loss rate: the bad state loses every
         * datagram and lasts {@code meanBurstDatagrams} on average (bad-to-good probability 1/L); the good state
         * loses none and turns bad with probability {@code rate / (L (1 - rate))}, so the chain is bad for the
         * fraction {@code rate} of the datagrams. A rate of 0 turns the model off.
         *
         * @param meanBurstDatagrams mean burst length L, at least 1.
         * @param meanLossRate       long-run loss fraction, 0 up to L / (L + 1).
         * @return this.
         * @throws IllegalArgumentException naming the value, if L &lt; 1 or the rate cannot be reached.
         */
        public Builder burst(final double meanBurstDatagrams, final double meanLossRate)
        {
            if (!(meanBurstDatagrams >= 1))
            {
                throw new IllegalArgumentException("mean burst length " + meanBurstDatagrams + " < 1 datagram");
            }
            requireProbability("meanLossRate", meanLossRate);
            final double badToGood = 1.0 / meanBurstDatagrams;
            final double goodToBad = meanLossRate == 1 ? 1 : meanLossRate * badToGood / (1 - meanLossRate);
            if (goodToBad > 1)
            {
                throw new IllegalArgumentException("mean loss rate " + meanLossRate + " > L/(L+1) = " +
                    meanBurstDatagrams / (meanBurstDatagrams + 1) + " cannot be reached with bursts of mean length " +
                    meanBurstDatagrams);
            }
            return meanLossRate == 0 ? gilbertElliott(0, 0, 0, 0) : gilbertElliott(goodToBad, badToGood, 0, 1);
        }

        /**
         * The Gilbert-Elliott model by its four parameters; the chain starts in the good state and moves once per
         * received datagram, before that datagram's loss is decided in the new state.
         *
         * @param goodToBad probability per datagram of going from good to bad.
         * @param badToGood probability per datagram of going from bad to good.
         * @param goodLoss  loss probability in the good state.
         * @param badLoss   loss probability in the bad state.
         * @return this.
         */
        public Builder gilbertElliott(final double goodToBad, final double badToGood, final double goodLoss,
            final double badLoss)
        {
            this.goodToBad = goodToBad;
            this.badToGood = badToGood;
            this.goodLoss = goodLoss;
            this.badLoss = badLoss;
            return this;
        }

        /**
         * @param probability       probability that a datagram is held back.
         * @param distanceDatagrams release after this many later datagrams were sent; 0: by time only.
         * @param maxHoldNs         release at the latest after this long; positive when the probability is.
         * @return this.
         */
        public Builder reorder(final double probability, final int distanceDatagrams, final long maxHoldNs)
        {
            this.reorderProbability = probability;
            this.reorderDistanceDatagrams = distanceDatagrams;
            this.reorderMaxHoldNs = maxHoldNs;
            return this;
        }

        /** @param probability probability of an extra copy. @return this. */
        public Builder duplicate(final double probability)
        {
            this.duplicateProbability = probability;
            return this;
        }

        /**
         * @param probability probability that a datagram is corrupted.
         * @param maxBytes    1..{@value #MAX_CORRUPT_BYTES}: bytes changed per corrupted datagram, drawn uniformly
         *                    from 1..maxBytes (at most the datagram's length).
         * @return this.
         */
        public Builder corrupt(final double probability, final int maxBytes)
        {
            this.corruptProbability = probability;
            this.corruptMaxBytes = maxBytes;
            return this;
        }

        /**
         * @param bitsPerSec rate cap in bits of UDP payload per second; 0 turns it off.
         * @param queueBytes queue size in bytes (also the burst the cap lets through at once).
         * @return this.
         */
        public Builder rateCap(final long bitsPerSec, final long queueBytes)
        {
            this.rateBitsPerSec = bitsPerSec;
            this.rateQueueBytes = bitsPerSec == 0 ? 0 : queueBytes;
            return this;
        }

        /**
         * @param startOffsetNs when the window opens, after the relay's start.
         * @param durationNs    how long it stays open.
         * @return this.
         */
        public Builder blackout(final long startOffsetNs, final long durationNs)
        {
            blackouts.add(new Blackout(startOffsetNs, durationNs));
            return this;
        }

        /**
         * @return the profile.
         * @throws IllegalArgumentException naming the component, if a value is out of range.
         */
        public ImpairmentProfile build()
        {
            return new ImpairmentProfile(seed, lossProbability, goodToBad, badToGood, goodLoss, badLoss,
                reorderProbability, reorderDistanceDatagrams, reorderMaxHoldNs, duplicateProbability,
                corruptProbability, corruptMaxBytes, rateBitsPerSec, rateQueueBytes, blackouts);
        }
    }
}
