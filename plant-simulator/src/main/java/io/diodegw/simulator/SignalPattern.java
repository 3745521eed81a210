package io.diodegw.simulator;

/**
 * How a simulated tag's underlying number moves from one step to the next. Tag {@code i} has pattern
 * {@code values()[(i / TagType.values().length) % values().length]}, so every type appears with every pattern.
 */
public enum SignalPattern {
    /** Sawtooth: rises by a fixed slope every step and wraps. */
    RAMP,
    /** Uniform noise around an offset, drawn afresh every step. */
    NOISE,
    /** Offset plus the step number. */
    COUNTER,
    /** Piecewise constant: jumps to a new level every few steps. */
    STEP;

    private static final SignalPattern[] ALL = values();
    private static final int TYPE_COUNT = TagType.values().length;

    /** @return the pattern of tag {@code tagIndex} */
    public static SignalPattern ofTag(int tagIndex) {
        return ALL[(tagIndex / TYPE_COUNT) % ALL.length];
    }
}
