package io.diodegw.receiver.journal;

import io.diodegw.wire.record.BlockReader;
import io.diodegw.wire.record.BlockWriter;
import io.diodegw.wire.record.SourceState;
import io.diodegw.wire.record.TagDefinition;
import io.diodegw.wire.record.TagValue;
import io.diodegw.wire.record.TagValueBatchWriter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A seeded stream of applied records for tests: tag definitions, batches of Double tag values, a source state and
 * gaps, written into an {@link AppliedRecords}, with what every delivered value must be.
 */
public final class TestStream
{
    /** The epoch every record carries. */
    public static final long EPOCH = 7;
    /** Base time of the values: 2026-11-23T10:00:00Z in OPC UA ticks. */
    public static final long BASE_TICKS = RecordJsonDecoder.toTicks(java.time.Instant.parse("2026-11-23T10:00:00Z"));

    /**
     * One value every sink must deliver exactly once.
     *
     * @param streamSequence its record's stream sequence.
     * @param index          its position in the record.
     * @param tagId          its tag.
     * @param sourceId       its tag's source.
     * @param value          the Double value.
     * @param statusCode     its StatusCode.
     * @param sourceTicks    its source time.
     */
    public record Expected(long streamSequence, int index, int tagId, int sourceId, double value, int statusCode,
        long sourceTicks)
    {
        /** @return the key (streamSequence:index) of the value. */
        public String key()
        {
            return streamSequence + ":" + index;
        }
    }

    private final SplittableRandom random;
    private final int tagCount;
    private final byte[] buffer = new byte[64 * 1024];
    private final BlockWriter block = new BlockWriter();
    private final BlockReader reader = new BlockReader();
    private final TagValueBatchWriter batch = new TagValueBatchWriter();
    private final TagValue value = new TagValue();
    private final Map<String, Expected> expected = new LinkedHashMap<>();
    private final List<long[]> gaps = new ArrayList<>();
    private long nextSequence = 1;

    /**
     * @param seed     the random seed.
     * @param tagCount tags defined (ids 1..tagCount, sources 1 and 2 alternating).
     */
    public TestStream(final long seed, final int tagCount)
    {
        this.random = new SplittableRandom(seed);
        this.tagCount = tagCount;
    }

    /** Writes one TAG_DEFINITION per tag. */
    public void writeDefinitions(final AppliedRecords out)
    {
        for (int tagId = 1; tagId <= tagCount; tagId++)
        {
            final TagDefinition definition = new TagDefinition().tagId(tagId).sourceId(sourceOf(tagId))
                .dataType(11).valueRank(-1).nodeId("ns=2;s=Tag" + tagId).browsePath("/Plant/Tag" + tagId)
                .engineeringUnits("degC");
            block.wrap(buffer, 0, buffer.length);
            definition.writeTo(block, nextSequence);
            emit(out);
        }
    }

    /** Writes a SOURCE_STATE (source 1 connected). */
    public void writeSourceState(final AppliedRecords out)
    {
        block.wrap(buffer, 0, buffer.length);
        new SourceState().sourceId(1).state(SourceState.State.CONNECTED).timeTicks(BASE_TICKS).reason("test")
            .writeTo(block, nextSequence);
        emit(out);
    }

    /**
     * Writes {@code records} TAG_VALUE_BATCH records of 1..maxValues values each.
     */
    public void writeValues(final AppliedRecords out, final int records, final int maxValues)
    {
        for (int r = 0; r < records; r++)
        {
            block.wrap(buffer, 0, buffer.length);
            batch.beginLiveValues(block, nextSequence);
            final int count = 1 + random.nextInt(maxValues);
            for (int i = 0; i < count; i++)
            {
                final int tagId = 1 + random.nextInt(tagCount);
                final double v = Math.round(random.nextDouble() * 1_000_000) / 1000.0;
                final int status = random.nextInt(10) == 0 ? 0x40900000 : 0;
                final long ticks = BASE_TICKS + nextSequence * 10_000_000L + i * 1_234L;
                value.clear().setTagId(tagId).setDouble(v).setStatusCode(status).setSourceTime(ticks)
                    .setServerTime(ticks + 5);
                if (!batch.append(value))
                {
                    throw new IllegalStateException("test batch does not fit");
                }
                expected.put(nextSequence + ":" + i, new Expected(nextSequence, i, tagId, sourceOf(tagId), v, status,
                    ticks));
            }
            emit(out);
        }
    }

    /** Records a gap of {@code length} stream sequences. */
    public void writeGap(final AppliedRecords out, final int length)
    {
        out.gap(EPOCH, nextSequence, nextSequence + length - 1);
        gaps.add(new long[] {nextSequence, nextSequence + length - 1});
        nextSequence += length;
    }

    /** @return every value written so far, by {@link Expected#key()}. */
    public Map<String, Expected> expected()
    {
        return expected;
    }

    /** @return every gap written so far as {from, to}. */
    public List<long[]> gaps()
    {
        return gaps;
    }

    /** @return the stream sequence the next record gets. */
    public long nextSequence()
    {
        return nextSequence;
    }

    private static int sourceOf(final int tagId)
    {
        return 1 + (tagId & 1);
    }

    private void emit(final AppliedRecords out)
    {
        block.finish();
        if (!reader.wrap(buffer, 0, buffer.length) || !reader.next())
        {
            throw new IllegalStateException("test block unreadable");
        }
        out.record(reader.type(), reader.streamSequence(), EPOCH, reader.buffer(), reader.bodyOffset(),
            reader.bodyLength());
        nextSequence++;
    }
}
