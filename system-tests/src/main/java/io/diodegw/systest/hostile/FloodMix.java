package io.diodegw.systest.hostile;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * How a flood divides its datagrams among the {@link FloodKind}s: one non-negative weight per kind. Immutable and
 * thread-safe.
 */
public final class FloodMix
{
    /** Every kind with weight 1. */
    public static final FloodMix EVEN = new FloodMix(evenWeights());
    /** Largest weight of one kind. */
    public static final int MAX_WEIGHT = 1_000;

    private static final FloodKind[] KINDS = FloodKind.values();

    private final int[] weights;
    private final int total;

    private FloodMix(final int[] weights)
    {
        this.weights = weights;
        int sum = 0;
        for (final int weight : weights)
        {
            sum += weight;
        }
        this.total = sum;
    }

    /**
     * Parses {@code label=weight} pairs separated by commas, e.g. {@code forged=3,replay=1,random=1}; kinds not named
     * get weight 0. {@code even} (or an empty text) is {@link #EVEN}.
     *
     * @param spec the mix.
     * @return the mix.
     * @throws IllegalArgumentException naming the pair that is malformed, an unknown kind, a weight outside
     *     [0, {@value #MAX_WEIGHT}], a kind named twice, or a mix whose weights are all 0.
     */
    public static FloodMix parse(final String spec)
    {
        if (spec == null || spec.isBlank() || "even".equals(spec.trim()))
        {
            return EVEN;
        }
        final int[] weights = new int[FloodKind.values().length];
        final boolean[] named = new boolean[weights.length];
        for (final String pair : spec.split(","))
        {
            final int eq = pair.indexOf('=');
            if (eq < 0)
            {
                throw new IllegalArgumentException("mix entry '" + pair + "' is not KIND=WEIGHT");
            }
            final FloodKind kind = FloodKind.byLabel(pair.substring(0, eq));
            final int weight;
            try
            {
                weight = Integer.parseInt(pair.substring(eq + 1).trim());
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("mix entry '" + pair + "': weight is not an integer");
            }
            if (weight < 0 || weight > MAX_WEIGHT)
            {
                throw new IllegalArgumentException("mix entry '" + pair + "': weight " + weight + " not in [0, "
                    + MAX_WEIGHT + "]");
            }
            if (named[kind.ordinal()])
            {
                throw new IllegalArgumentException("mix names " + kind.label() + " twice");
            }
            named[kind.ordinal()] = true;
            weights[kind.ordinal()] = weight;
        }
        final FloodMix mix = new FloodMix(weights);
        if (mix.total == 0)
        {
            throw new IllegalArgumentException("mix '" + spec + "' has no kind with a weight above 0");
        }
        return mix;
    }

    /** @return the weight of {@code kind}. */
    public int weight(final FloodKind kind)
    {
        return weights[kind.ordinal()];
    }

    /**
     * Draws a kind with probability proportional to its weight. Allocation-free.
     *
     * @param random the caller's generator.
     * @return the kind.
     */
    public FloodKind next(final SplittableRandom random)
    {
        int draw = random.nextInt(total);
        for (int i = 0; i < weights.length; i++)
        {
            draw -= weights[i];
            if (draw < 0)
            {
                return KINDS[i];
            }
        }
        throw new IllegalStateException("weights " + Arrays.toString(weights) + " do not add up to " + total);
    }

    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder();
        for (final FloodKind kind : FloodKind.values())
        {
            if (weights[kind.ordinal()] > 0)
            {
                sb.append(sb.length() == 0 ? "" : ",").append(kind.label()).append('=').append(weights[kind.ordinal()]);
            }
        }
        return sb.toString();
    }

    private static int[] evenWeights()
    {
        final int[] weights = new int[FloodKind.values().length];
        Arrays.fill(weights, 1);
        return weights;
    }
}
