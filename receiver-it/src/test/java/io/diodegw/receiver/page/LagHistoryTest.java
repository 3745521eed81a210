package io.diodegw.receiver.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.diodegw.receiver.table.OpcUaTime;
import io.diodegw.receiver.table.TagTable;
import io.diodegw.wire.record.BuiltinType;
import io.diodegw.wire.record.RecordType;
import io.diodegw.wire.record.TagDefinition;
import io.diodegw.wire.record.TagValue;

class LagHistoryTest
{
    static final long T0 = 1_795_000_000_000L;

    private final TagTable table = new TagTable();
    private long sequence;

    @Test
    void shouldRecordOnePointPerSourceWithTheLastMinutesQuantilesAndTheAgeOfTheLastUpdate()
    {
        define(1, 7);
        define(2, 9);
        for (int i = 0; i < 98; i++)
        {
            apply(1, T0 - 7, T0);
        }
        apply(1, T0 - 150, T0);
        apply(1, T0 + 320, T0 + 500);
        final LagHistory history = new LagHistory();

        history.sample(table, T0 + 2_500);

        final List<LagHistory.Series> series = history.read(T0 + 2_500, LagHistory.SPAN_MS);
        assertEquals(List.of(
            new LagHistory.Series(7, List.of(new LagHistory.Point(T0 + 2_500, 10, 180, 180, 100, 2_000))),
            new LagHistory.Series(9, List.of(new LagHistory.Point(T0 + 2_500, -1, -1, -1, 0, -1)))), series);
    }

    @Test
    void shouldRecordNoQuantilesOnceTheLastValueIsOlderThanAMinuteButKeepItsAge()
    {
        define(1, 7);
        apply(1, T0 - 40, T0);
        final LagHistory history = new LagHistory();

        history.sample(table, T0 + 10_000);
        history.sample(table, T0 + 70_000);

        assertEquals(List.of(
            new LagHistory.Point(T0 + 10_000, 40, 40, 40, 1, 10_000),
            new LagHistory.Point(T0 + 70_000, -1, -1, -1, 0, 70_000)),
            history.read(T0 + 70_000, LagHistory.SPAN_MS).get(0).points());
    }

    @Test
    void shouldKeepOnlyTheNewestCapacityPointsOldestFirst()
    {
        define(1, 7);
        final LagHistory history = new LagHistory();
        final int samples = LagHistory.CAPACITY + 25;
        for (int i = 0; i < samples; i++)
        {
            history.sample(table, T0 + i * LagHistory.INTERVAL_MS);
        }
        final long nowMs = T0 + (samples - 1) * LagHistory.INTERVAL_MS;

        final List<LagHistory.Point> points = history.read(nowMs, LagHistory.SPAN_MS).get(0).points();

        assertEquals(LagHistory.CAPACITY, points.size());
        assertEquals(T0 + 25 * LagHistory.INTERVAL_MS, points.get(0).timeMs());
        for (int i = 1; i < points.size(); i++)
        {
            assertEquals(LagHistory.INTERVAL_MS, points.get(i).timeMs() - points.get(i - 1).timeMs());
        }
    }

    @Test
    void shouldReturnOnlyThePointsOfTheWindow()
    {
        define(1, 7);
        final LagHistory history = new LagHistory();
        for (int i = 0; i < 10; i++)
        {
            history.sample(table, T0 + i * LagHistory.INTERVAL_MS);
        }
        final long nowMs = T0 + 9 * LagHistory.INTERVAL_MS;

        assertEquals(3, history.read(nowMs, 3 * LagHistory.INTERVAL_MS).get(0).points().size());
        assertEquals(1, history.read(nowMs, 1).get(0).points().size());
        assertEquals(0, history.read(nowMs + LagHistory.SPAN_MS, LagHistory.SPAN_MS).get(0).points().size());
    }

    @Test
    void shouldMatchAModelThatKeepsEverySampleOverManySeededRuns()
    {
        for (long seed = 1; seed <= 200; seed++)
        {
            final SplittableRandom random = new SplittableRandom(seed);
            final int capacity = 1 + random.nextInt(12);
            final LagHistory history = new LagHistory(capacity);
            final TagTable seeded = new TagTable();
            seeded.applyDefinition(definition(1, 3));
            final List<Long> sampled = new ArrayList<>();
            long nowMs = T0;
            final int samples = random.nextInt(40);
            for (int i = 0; i < samples; i++)
            {
                nowMs += 1 + random.nextInt(20_000);
                history.sample(seeded, nowMs);
                sampled.add(nowMs);
            }
            final long windowMs = 1 + random.nextInt(200_000);
            final List<Long> expected = new ArrayList<>();
            for (final long t : sampled.subList(Math.max(0, sampled.size() - capacity), sampled.size()))
            {
                if (t > nowMs - windowMs)
                {
                    expected.add(t);
                }
            }

            final List<LagHistory.Series> read = history.read(nowMs, windowMs);

            assertEquals(samples == 0 ? 0 : 1, read.size(), "seed " + seed);
            if (samples > 0)
            {
                assertEquals(expected, read.get(0).points().stream().map(LagHistory.Point::timeMs).toList(),
                    "seed " + seed);
            }
        }
    }

    @Test
    void shouldDropSamplesOfSourcesBeyondTheMaximumAndCountThem()
    {
        for (int source = 0; source < LagHistory.MAX_SOURCES + 3; source++)
        {
            define(source, source);
        }
        final LagHistory history = new LagHistory();

        history.sample(table, T0);
        history.sample(table, T0 + LagHistory.INTERVAL_MS);

        assertEquals(LagHistory.MAX_SOURCES, history.read(T0 + LagHistory.INTERVAL_MS, LagHistory.SPAN_MS).size());
        assertEquals(6, history.samplesDropped());
    }

    @Test
    void shouldListSourcesByUnsignedId()
    {
        define(1, -1);
        define(2, 5);
        final LagHistory history = new LagHistory();

        history.sample(table, T0);

        assertEquals(List.of(5, -1), history.read(T0, LagHistory.SPAN_MS).stream().map(LagHistory.Series::sourceId)
            .toList());
    }

    @Test
    void shouldRefuseACapacityBelowOne()
    {
        assertThrows(IllegalArgumentException.class, () -> new LagHistory(0));
    }

    private void define(final int tagId, final int sourceId)
    {
        table.applyDefinition(definition(tagId, sourceId));
    }

    private void apply(final int tagId, final long sourceMs, final long appliedMs)
    {
        table.applyValue(RecordType.TAG_VALUE_BATCH, new TagValue().setTagId(tagId).setDouble(1.5)
            .setSourceTime(OpcUaTime.fromUnixMs(sourceMs)).setStatusCode(0), ++sequence, appliedMs);
    }

    static TagDefinition definition(final int tagId, final int sourceId)
    {
        return new TagDefinition().tagId(tagId).sourceId(sourceId).dataType(BuiltinType.DOUBLE).valueRank(-1)
            .nodeId("ns=2;s=T" + tagId).browsePath("Plant/T" + tagId);
    }
}
