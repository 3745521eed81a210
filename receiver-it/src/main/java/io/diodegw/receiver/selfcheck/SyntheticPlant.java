package io.diodegw.receiver.selfcheck;

import io.diodegw.wire.record.BuiltinType;
import io.diodegw.wire.record.TagDefinition;
import io.diodegw.wire.record.TagValue;

/**
 * A deterministic simulated plant: the whole record stream of the self-check is a pure function of (seed, stream
 * sequence), so the sender produces it and the receiver regenerates what it must have received without the two
 * sharing any mutable state, and with no memory that grows with the run.
 *
 * <ul>
 *   <li>Every {@value #DEFINITION_PERIOD}th stream sequence is a TAG_DEFINITION record; the definitions cycle over
 *   all tags, like a sender's metadata carousel.</li>
 *   <li>Every other sequence is a TAG_VALUE_BATCH of 1..{@value #MAX_VALUES_PER_RECORD} values of random tags, as
 *   one OPC UA subscription notification would bring.</li>
 *   <li>Tags have a fixed type each (Double, Float, Int32, Boolean, UInt16), drawn from the seed. Values follow the
 *   plant clock: analogue tags ramp up and down with a per-tag period and a little noise, counters count, switches
 *   toggle. StatusCode is Good, with about one value in 64 Uncertain_SensorNotAccurate.</li>
 *   <li>Timestamps are OPC UA DateTime ticks on a plant clock that starts at {@code startTicks} and advances
 *   {@value #RECORD_INTERVAL_TICKS} ticks per record; a value's source time is up to 1.6 ms before its record's
 *   time, its server time 0.5 to 7 ms after the source time; about one source time in 16 carries picoseconds.</li>
 * </ul>
 *
 * <p>Immutable and thread-safe, except that {@link #definition(int)} returns shared holders that callers must not
 * change. Filling a value never allocates.
 */
public final class SyntheticPlant
{
    /** One record in this many is a tag definition. */
    public static final int DEFINITION_PERIOD = 32;
    /** Most values in one batch record. */
    public static final int MAX_VALUES_PER_RECORD = 64;
    /** Plant clock advance per record: 200 microseconds in 100-ns ticks. */
    public static final long RECORD_INTERVAL_TICKS = 2_000;
    /** OPC UA StatusCode Uncertain_SensorNotAccurate. */
    public static final int STATUS_UNCERTAIN_SENSOR_NOT_ACCURATE = 0x4093_0000;
    /** 100-ns ticks between 1601-01-01 and 1970-01-01. */
    public static final long UNIX_EPOCH_TICKS = 116_444_736_000_000_000L;
    /** 100-ns ticks per ms. */
    public static final long TICKS_PER_MS = 10_000;

    private static final int[] TYPE_CHOICES = {
        BuiltinType.DOUBLE, BuiltinType.DOUBLE, BuiltinType.DOUBLE, BuiltinType.FLOAT,
        BuiltinType.FLOAT, BuiltinType.INT32, BuiltinType.BOOLEAN, BuiltinType.UINT16};
    private static final String[] UNITS = {"degC", "bar", "m3/h", "kW", "rpm", "%", "A", "V"};
    private static final long GOLDEN = 0x9E37_79B9_7F4A_7C15L;
    private static final long SEQUENCE_MIX = 0xC2B2_AE3D_27D4_EB4FL;
    private static final long INDEX_MIX = 0x1656_67B1_9E37_79F9L;
    private static final int UNCERTAIN_ONE_IN = 64;
    private static final int PICOSECONDS_ONE_IN = 16;
    private static final long MAX_SOURCE_LEAD_TICKS = 16_383;
    private static final long MIN_SERVER_LAG_TICKS = 5_000;
    private static final long SERVER_LAG_SPREAD_TICKS = 65_535;

    private final long seed;
    private final int tagCount;
    private final long startTicks;
    private final byte[] tagTypes;
    private final long[] periodTicks;
    private final double[] baseValues;
    private final double[] amplitudes;
    private final TagDefinition[] definitions;

    /**
     * @param seed       seed of everything the plant produces.
     * @param tagCount   number of tags, ids 1..tagCount.
     * @param startTicks plant clock at stream sequence 0, OPC UA ticks (see {@link #ticksOfEpochMs(long)}).
     * @throws IllegalArgumentException if tagCount is below 1.
     */
    public SyntheticPlant(final long seed, final int tagCount, final long startTicks)
    {
        if (tagCount < 1)
        {
            throw new IllegalArgumentException("tagCount=" + tagCount + " < 1");
        }
        this.seed = seed;
        this.tagCount = tagCount;
        this.startTicks = startTicks;
        this.tagTypes = new byte[tagCount + 1];
        this.periodTicks = new long[tagCount + 1];
        this.baseValues = new double[tagCount + 1];
        this.amplitudes = new double[tagCount + 1];
        this.definitions = new TagDefinition[tagCount + 1];
        for (int tagId = 1; tagId <= tagCount; tagId++)
        {
            final long h = mix(seed ^ GOLDEN * tagId);
            tagTypes[tagId] = (byte)TYPE_CHOICES[(int)(h & (TYPE_CHOICES.length - 1))];
            periodTicks[tagId] = TICKS_PER_MS * (500 + ((h >>> 8) & 0x3FFF));
            baseValues[tagId] = ((h >>> 24) & 0xFFF) / 4.0;
            amplitudes[tagId] = 1.0 + ((h >>> 40) & 0xFF) / 8.0;
            definitions[tagId] = new TagDefinition()
                .tagId(tagId)
                .sourceId(1 + (tagId - 1) / 1000)
                .dataType(tagTypes[tagId])
                .valueRank(-1)
                .arrayDimensions(new int[0])
                .nodeId("ns=2;s=Plant/Area" + (tagId % 7) + "/Unit" + (tagId % 13) + "/Tag" + tagId)
                .browsePath("/Objects/Plant/Area" + (tagId % 7) + "/Unit" + (tagId % 13) + "/Tag" + tagId)
                .engineeringUnits(tagTypes[tagId] == BuiltinType.BOOLEAN ? null : UNITS[(int)((h >>> 50) & 7)])
                .description("synthetic " + BuiltinType.name(tagTypes[tagId]) + " tag " + tagId);
        }
    }

    /**
     * @param epochMs wall clock, ms since 1970-01-01T00:00Z.
     * @return the same instant in OPC UA DateTime ticks (100 ns since 1601-01-01 UTC).
     */
    public static long ticksOfEpochMs(final long epochMs)
    {
        return UNIX_EPOCH_TICKS + epochMs * TICKS_PER_MS;
    }

    public long seed()
    {
        return seed;
    }

    public int tagCount()
    {
        return tagCount;
    }

    public long startTicks()
    {
        return startTicks;
    }

    /**
     * @return true if the record at this stream sequence is a TAG_DEFINITION, false if it is a TAG_VALUE_BATCH.
     */
    public boolean isDefinition(final long streamSequence)
    {
        return streamSequence % DEFINITION_PERIOD == 0;
    }

    /**
     * @param streamSequence a sequence for which {@link #isDefinition(long)} is true.
     * @return the definition it carries; shared, do not change it.
     */
    public TagDefinition definitionAt(final long streamSequence)
    {
        return definitions[1 + (int)((streamSequence / DEFINITION_PERIOD) % tagCount)];
    }

    /**
     * @param tagId 1..tagCount.
     * @return the tag's definition; shared, do not change it.
     */
    public TagDefinition definition(final int tagId)
    {
        return definitions[tagId];
    }

    /**
     * @param streamSequence a batch sequence.
     * @return the number of values in that batch, 1..{@value #MAX_VALUES_PER_RECORD}.
     */
    public int valueCount(final long streamSequence)
    {
        return 1 + (int)(mix(seed + SEQUENCE_MIX * streamSequence) >>> 58);
    }

    /**
     * Writes value {@code index} of the batch at {@code streamSequence} into {@code into}; every field is set.
     *
     * @return {@code into}.
     */
    public TagValue fill(final long streamSequence, final int index, final TagValue into)
    {
        final long h = mix(seed + SEQUENCE_MIX * streamSequence + INDEX_MIX * (index + 1));
        final long h2 = mix(h ^ GOLDEN);
        final int tagId = 1 + (int)(((h >>> 32) * tagCount) >>> 32);
        final long recordTicks = startTicks + streamSequence * RECORD_INTERVAL_TICKS;
        final long sourceTicks = recordTicks - (h2 & MAX_SOURCE_LEAD_TICKS);
        final long serverTicks = sourceTicks + MIN_SERVER_LAG_TICKS + ((h2 >>> 16) & SERVER_LAG_SPREAD_TICKS);
        final int sourcePicoseconds = ((h2 >>> 32) % PICOSECONDS_ONE_IN) == 0 ?
            (int)((h2 >>> 36) % (TagValue.MAX_PICOSECONDS + 1)) : 0;
        into.setTagId(tagId)
            .setStatusCode(((h2 >>> 52) % UNCERTAIN_ONE_IN) == 0 ? STATUS_UNCERTAIN_SENSOR_NOT_ACCURATE :
                TagValue.STATUS_GOOD)
            .setSourceTime(sourceTicks, sourcePicoseconds)
            .setServerTime(serverTicks);
        final long period = periodTicks[tagId];
        final long elapsed = sourceTicks - startTicks + (period >>> 1) * (tagId & 1);
        final double noise = ((h >>> 11) * 0x1.0p-53 - 0.5) * 0.01;
        switch (tagTypes[tagId])
        {
            case BuiltinType.DOUBLE:
                into.setDouble(baseValues[tagId] + amplitudes[tagId] * (triangle(elapsed, period) + noise));
                break;
            case BuiltinType.FLOAT:
                into.setFloat((float)(baseValues[tagId] + amplitudes[tagId] * (triangle(elapsed, period) + noise)));
                break;
            case BuiltinType.INT32:
                into.setInt32((int)Math.floorDiv(elapsed, period / 64) + tagId * 1000);
                break;
            case BuiltinType.BOOLEAN:
                into.setBoolean((Math.floorDiv(elapsed, period) & 1) == 1);
                break;
            default:
                into.setUInt16((int)((h2 >>> 40) & 0xFFFF));
                break;
        }
        return into;
    }

    /**
     * @return -1..1 and back over one period, a triangle wave.
     */
    private static double triangle(final long elapsed, final long period)
    {
        final double phase = (double)Math.floorMod(elapsed, period) / period;
        return phase < 0.5 ? 4.0 * phase - 1.0 : 3.0 - 4.0 * phase;
    }

    /**
     * SplitMix64's finaliser: a bijection of 64-bit values whose output bits each depend on every input bit.
     */
    static long mix(final long value)
    {
        long z = value;
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }
}
