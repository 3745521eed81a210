package io.diodegw.simulator;

import java.time.Instant;
import java.util.function.IntToDoubleFunction;

import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UByte;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.ULong;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;

/**
 * The deterministic values of the simulation: the value and status of tag {@code i} at its step {@code k} (step 0 is
 * the value at start, step {@code k} the value after its k-th change) depend only on the seed, {@code i} and
 * {@code k}, never on timing. Tests predict what a client sees with {@link #valueAt} and {@link #statusAt}.
 *
 * <p>Immutable and thread-safe.
 */
public final class TagModel {

    /** Status of a change drawn as Bad; its value is {@link Variant#NULL_VALUE}. */
    public static final StatusCode BAD_STATUS = new StatusCode(StatusCodes.Bad_SensorFailure);
    /** Status of a change drawn as Uncertain; its value is kept. */
    public static final StatusCode UNCERTAIN_STATUS = new StatusCode(StatusCodes.Uncertain_LastUsableValue);

    private static final long DATE_TIME_BASE_MS = 1_704_067_200_000L;
    private static final long DATE_TIME_STEP_MS = 1_000L;
    private static final String[] STATES = {"IDLE", "RUNNING", "STOPPED", "FAULT", "MAINTENANCE"};

    private static final long SALT_OFFSET = 0x9E3779B97F4A7C15L;
    private static final long SALT_AMPLITUDE = 0xC2B2AE3D27D4EB4FL;
    private static final long SALT_SHAPE = 0x165667B19E3779F9L;
    private static final long SALT_NOISE = 0xD6E8FEB86659FD93L;
    private static final long SALT_LEVEL = 0xFF51AFD7ED558CCDL;
    private static final long SALT_STATUS = 0xC4CEB9FE1A85EC53L;
    private static final long SALT_STATUS_KIND = 0x2545F4914F6CDD1DL;

    private final long seed;
    private final int tagCount;
    private final double[] badProbability;

    /**
     * @param seed           seed of every value
     * @param tagCount       number of tags
     * @param badProbability chance in [0, 1] per tag of a Bad/Uncertain status per change; read once per tag here
     * @throws IllegalArgumentException when a probability is outside [0, 1]
     */
    public TagModel(long seed, int tagCount, IntToDoubleFunction badProbability) {
        this.seed = seed;
        this.tagCount = tagCount;
        this.badProbability = new double[tagCount];
        for (int i = 0; i < tagCount; i++) {
            double p = badProbability.applyAsDouble(i);
            if (!(p >= 0.0 && p <= 1.0)) {
                throw new IllegalArgumentException("badProbability of tag " + i + " = " + p + " must be within [0, 1]");
            }
            this.badProbability[i] = p;
        }
    }

    /** @return number of tags */
    public int tagCount() {
        return tagCount;
    }

    /** @return seed of the values */
    public long seed() {
        return seed;
    }

    /** @return the data type of tag {@code i} */
    public TagType typeOf(int i) {
        return TagType.ofTag(i);
    }

    /** @return how tag {@code i} moves */
    public SignalPattern patternOf(int i) {
        return SignalPattern.ofTag(i);
    }

    /**
     * @return the status of tag {@code i} at {@code step}: Good, {@link #BAD_STATUS} or {@link #UNCERTAIN_STATUS}
     */
    public StatusCode statusAt(int i, long step) {
        double p = badProbability[i];
        if (p > 0.0 && unit(mix(i, step, SALT_STATUS)) < p) {
            return (mix(i, step, SALT_STATUS_KIND) & 1) == 0 ? BAD_STATUS : UNCERTAIN_STATUS;
        }
        return StatusCode.GOOD;
    }

    /** @return the value of tag {@code i} at {@code step}; {@link Variant#NULL_VALUE} when the status is Bad */
    public Variant valueAt(int i, long step) {
        if (statusAt(i, step).isBad()) {
            return Variant.NULL_VALUE;
        }
        return new Variant(rawValueAt(i, step));
    }

    /** @return value and status of tag {@code i} at {@code step}, both timestamps set to {@code sourceTimeMs} */
    public DataValue dataValueAt(int i, long step, long sourceTimeMs) {
        DateTime time = new DateTime(Instant.ofEpochMilli(sourceTimeMs));
        return new DataValue(valueAt(i, step), statusAt(i, step), time, time);
    }

    private Object rawValueAt(int i, long step) {
        double x = signal(i, step);
        long v = patternOf(i) == SignalPattern.COUNTER ? offset(i) + step : Math.round(x);
        switch (typeOf(i)) {
            case BOOLEAN:
                return (v & 1) != 0;
            case SBYTE:
                return (byte) v;
            case BYTE:
                return UByte.valueOf(v & 0xFF);
            case INT16:
                return (short) v;
            case UINT16:
                return UShort.valueOf((int) (v & 0xFFFF));
            case INT32:
                return (int) v;
            case UINT32:
                return UInteger.valueOf(v & 0xFFFF_FFFFL);
            case INT64:
                return v;
            case UINT64:
                return ULong.valueOf(v & Long.MAX_VALUE);
            case FLOAT:
                return (float) x;
            case DOUBLE:
                return x;
            case STRING:
                return STATES[(int) Math.floorMod(v, (long) STATES.length)] + "-" + v;
            case DATE_TIME:
                return new DateTime(Instant.ofEpochMilli(DATE_TIME_BASE_MS + v * DATE_TIME_STEP_MS));
            case DOUBLE_ARRAY: {
                Double[] a = new Double[TagType.ARRAY_LENGTH];
                for (int j = 0; j < a.length; j++) {
                    a[j] = x + j * 0.25 * amplitude(i);
                }
                return a;
            }
            case INT32_ARRAY: {
                Integer[] a = new Integer[TagType.ARRAY_LENGTH];
                for (int j = 0; j < a.length; j++) {
                    a[j] = (int) (v + j);
                }
                return a;
            }
            default:
                throw new IllegalStateException("unhandled type " + typeOf(i));
        }
    }

    private double signal(int i, long step) {
        double offset = offset(i);
        double amplitude = amplitude(i);
        long shape = mix(i, 0, SALT_SHAPE);
        switch (patternOf(i)) {
            case RAMP: {
                long rampSteps = 20 + Math.floorMod(shape, 80);
                long phase = Math.floorMod(shape >>> 8, rampSteps);
                return offset + amplitude * ((step + phase) % rampSteps) / rampSteps;
            }
            case NOISE:
                return offset + amplitude * (2.0 * unit(mix(i, step, SALT_NOISE)) - 1.0);
            case COUNTER:
                return offset + step;
            case STEP: {
                long segmentSteps = 5 + Math.floorMod(shape, 20);
                long level = Math.floorMod(mix(i, step / segmentSteps, SALT_LEVEL), 8L);
                return offset + amplitude * level / 8.0;
            }
            default:
                throw new IllegalStateException("unhandled pattern " + patternOf(i));
        }
    }

    private long offset(int i) {
        return Math.floorMod(mix(i, 0, SALT_OFFSET), 1_000L);
    }

    private double amplitude(int i) {
        return 10 + Math.floorMod(mix(i, 0, SALT_AMPLITUDE), 90L);
    }

    private long mix(int i, long step, long salt) {
        long z = seed ^ salt ^ (i * 0xBF58476D1CE4E5B9L) ^ (step * 0x94D049BB133111EBL);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static double unit(long hash) {
        return (hash >>> 11) * 0x1.0p-53;
    }
}
