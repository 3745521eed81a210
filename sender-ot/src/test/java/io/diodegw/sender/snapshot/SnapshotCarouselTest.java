package io.diodegw.sender.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.diodegw.wire.record.BlockReader;
import io.diodegw.wire.record.BlockWriter;
import io.diodegw.wire.record.RecordType;
import io.diodegw.wire.record.SourceState;
import io.diodegw.wire.record.TagDefinition;
import io.diodegw.wire.record.TagValue;
import io.diodegw.wire.record.TagValueBatchWriter;

/**
 * The carousel against a model of the state: what it writes is exactly the state as of the cut, in the contract's
 * order, whatever is applied while the snapshot is being written.
 */
class SnapshotCarouselTest
{
    private static final int IN_BAND_CAPACITY = 16 * 1416;
    private static final long PERIOD_NS = 1_000_000_000L;
    private static final long TIME_TICKS = 133_000_000_000_000_000L;

    /** The state the IT side should have: definitions and values per tag, states per source, in first-seen order. */
    private static final class Model
    {
        final LinkedHashMap<Integer, TagDefinition> definitions = new LinkedHashMap<>();
        final LinkedHashMap<Integer, TagValue> values = new LinkedHashMap<>();
        final LinkedHashMap<Integer, SourceState> sources = new LinkedHashMap<>();
        final List<Integer> order = new ArrayList<>();

        Model copy()
        {
            final Model m = new Model();
            m.definitions.putAll(definitions);
            values.forEach((t, v) -> m.values.put(t, v.copy()));
            m.sources.putAll(sources);
            m.order.addAll(order);
            return m;
        }

        void seen(final int tag)
        {
            if (!definitions.containsKey(tag) && !values.containsKey(tag))
            {
                order.add(tag);
            }
        }
    }

    /** Applies a random in-band block to both the table and the model; returns the next stream sequence. */
    private static long applyRandomBlock(final SplittableRandom random, final TagStateTable table, final Model model,
        final long firstSequence, final int tagRange)
    {
        final byte[] buffer = new byte[IN_BAND_CAPACITY];
        final BlockWriter block = new BlockWriter().wrap(buffer, 0, buffer.length);
        final TagValueBatchWriter batch = new TagValueBatchWriter();
        long sequence = firstSequence;
        final int records = 1 + random.nextInt(6);
        for (int r = 0; r < records; r++)
        {
            final int kind = random.nextInt(10);
            if (kind == 0)
            {
                final int tag = random.nextInt(tagRange);
                final TagDefinition d = new TagDefinition().tagId(tag).sourceId(1 + tag % 3).dataType(11)
                    .nodeId("ns=2;i=" + tag).browsePath("/Objects/T" + tag + "/v" + random.nextInt(1000))
                    .engineeringUnits(random.nextBoolean() ? "degC" : null);
                assertTrue(d.writeTo(block, sequence++));
                model.seen(tag);
                model.definitions.put(tag, d);
            }
            else if (kind == 1)
            {
                final int source = 1 + random.nextInt(3);
                final SourceState s = new SourceState().sourceId(source)
                    .state(random.nextBoolean() ? SourceState.State.CONNECTED : SourceState.State.DISCONNECTED)
                    .timeTicks(TIME_TICKS + random.nextInt(1_000_000)).reason("r" + random.nextInt(100));
                assertTrue(s.writeTo(block, sequence++));
                model.sources.put(source, s);
            }
            else if (kind == 2)
            {
                assertTrue(batch.beginHistory(block, sequence++, 1));
                final TagValue v = new TagValue().setTagId(random.nextInt(tagRange)).setDouble(-1)
                    .setSourceTime(TIME_TICKS);
                assertTrue(batch.append(v), "history never changes the snapshot");
            }
            else
            {
                assertTrue(batch.beginLiveValues(block, sequence++));
                final int n = 1 + random.nextInt(40);
                for (int i = 0; i < n; i++)
                {
                    final int tag = random.nextInt(tagRange);
                    final TagValue v = new TagValue().setTagId(tag).setSourceTime(TIME_TICKS + random.nextInt(1 << 20))
                        .setServerTime(TIME_TICKS + (1 << 21));
                    if (random.nextInt(8) == 0)
                    {
                        v.setString("s" + random.nextInt(1_000_000));
                    }
                    else
                    {
                        v.setDouble(random.nextDouble());
                    }
                    if (!batch.append(v))
                    {
                        break;
                    }
                    model.seen(tag);
                    model.values.put(tag, v);
                }
            }
        }
        block.finish();
        table.applyBlock(buffer, 0, buffer.length);
        return sequence;
    }

    /** A snapshot as written: every record of it, decoded. */
    private static final class Written
    {
        final List<RecordType> types = new ArrayList<>();
        final List<Long> sequences = new ArrayList<>();
        final List<TagDefinition> definitions = new ArrayList<>();
        final List<SourceState> sources = new ArrayList<>();
        final List<TagValue> values = new ArrayList<>();
        final List<Integer> partIndexes = new ArrayList<>();
        long beginId;
        long beginCut;
        int beginTags;
        long beginTime;
        long endId;
        int endParts;
        int endTags;
        int blocks;
    }

    private static void decodeInto(final byte[] buffer, final Written w)
    {
        final BlockReader reader = new BlockReader();
        assertTrue(reader.wrap(buffer, 0, buffer.length));
        assertTrue(reader.isOutOfBand());
        while (reader.next())
        {
            w.types.add(reader.type());
            w.sequences.add(reader.streamSequence());
            switch (reader.type())
            {
                case SNAPSHOT_BEGIN:
                    w.beginId = reader.snapshotBegin().snapshotId();
                    w.beginCut = reader.snapshotBegin().cutStreamSequence();
                    w.beginTags = reader.snapshotBegin().tagCount();
                    w.beginTime = reader.snapshotBegin().timeTicks();
                    break;
                case TAG_DEFINITION:
                    final TagDefinition d = new TagDefinition();
                    assertTrue(d.readFrom(reader.buffer(), reader.bodyOffset(), reader.bodyLength()));
                    w.definitions.add(d);
                    break;
                case SOURCE_STATE:
                    final SourceState s = new SourceState();
                    assertTrue(s.readFrom(reader.buffer(), reader.bodyOffset(), reader.bodyLength()));
                    w.sources.add(s);
                    break;
                case SNAPSHOT_PART:
                    assertEquals(w.beginId, reader.tagValueBatch().snapshotId());
                    w.partIndexes.add(reader.tagValueBatch().partIndex());
                    final TagValue v = new TagValue();
                    while (reader.tagValueBatch().next(v))
                    {
                        w.values.add(v.copy());
                    }
                    break;
                case SNAPSHOT_END:
                    w.endId = reader.snapshotEnd().snapshotId();
                    w.endParts = reader.snapshotEnd().partCount();
                    w.endTags = reader.snapshotEnd().tagCount();
                    break;
                default:
                    throw new AssertionError("unexpected record " + reader.type());
            }
        }
        assertFalse(reader.isBlockMalformed());
    }

    /** Writes one block of the active snapshot, as the replicator does. */
    private static int writeBlock(final SnapshotCarousel carousel, final int capacity, final Written w)
    {
        final byte[] buffer = new byte[capacity];
        final BlockWriter block = new BlockWriter().wrap(buffer, 0, capacity).outOfBand(true);
        final int records = carousel.fill(block);
        block.finish();
        assertEquals(records, block.recordCount());
        decodeInto(buffer, w);
        w.blocks++;
        return records;
    }

    private static void assertSnapshotEquals(final Model expected, final long cut, final long id, final Written w)
    {
        final List<Integer> defined = expected.order.stream().filter(expected.definitions::containsKey).toList();
        final List<Integer> valued = expected.order.stream().filter(expected.values::containsKey).toList();
        final List<RecordType> types = new ArrayList<>();
        types.add(RecordType.SNAPSHOT_BEGIN);
        defined.forEach(t -> types.add(RecordType.TAG_DEFINITION));
        expected.sources.forEach((s, state) -> types.add(RecordType.SOURCE_STATE));
        final int parts = w.partIndexes.size();
        for (int i = 0; i < parts; i++)
        {
            types.add(RecordType.SNAPSHOT_PART);
        }
        types.add(RecordType.SNAPSHOT_END);
        assertEquals(types, w.types, "BEGIN, definitions, source states, parts, END");
        assertTrue(w.sequences.stream().allMatch(s -> s == cut), "every record carries the cut " + cut);
        assertEquals(id, w.beginId);
        assertEquals(cut, w.beginCut);
        assertEquals(valued.size(), w.beginTags);
        assertEquals(TIME_TICKS, w.beginTime);
        assertEquals(defined.stream().map(expected.definitions::get).toList(), w.definitions);
        assertEquals(new ArrayList<>(expected.sources.values()), w.sources);
        for (int i = 0; i < parts; i++)
        {
            assertEquals(i, w.partIndexes.get(i), "parts are numbered from 0");
        }
        assertEquals(valued.stream().map(expected.values::get).toList(), w.values, "every tag's value once");
        assertEquals(id, w.endId);
        assertEquals(parts, w.endParts);
        assertEquals(valued.size(), w.endTags);
    }

    @Test
    void shouldWriteBeginDefinitionsSourcesPartsCoveringEveryTagOnceAndEndAllWithTheCutSequence()
    {
        final SplittableRandom random = new SplittableRandom(1);
        final TagStateTable table = new TagStateTable();
        final Model model = new Model();
        long sequence = 0;
        for (int i = 0; i < 200; i++)
        {
            sequence = applyRandomBlock(random, table, model, sequence, 3000);
        }
        final SnapshotCarousel carousel = new SnapshotCarousel(table, PERIOD_NS);
        assertTrue(carousel.startIfDue(0, TIME_TICKS));
        final Written w = new Written();
        while (carousel.isActive())
        {
            assertTrue(writeBlock(carousel, 4 * 1416, w) > 0, "every block holds at least one record");
        }
        assertSnapshotEquals(model, sequence - 1, 1, w);
        assertTrue(w.blocks > 10 && w.partIndexes.size() > 2, "spread over many blocks and parts: " + w.blocks);
        assertEquals(1, carousel.snapshotsCompleted());
        assertFalse(table.isFrozen());
    }

    @Test
    void shouldWriteTheStateAsOfTheCutWhateverIsAppliedWhileTheSnapshotIsWritten()
    {
        for (int seed = 0; seed < 60; seed++)
        {
            final SplittableRandom random = new SplittableRandom(seed);
            final int tagRange = 20 + random.nextInt(400);
            final TagStateTable table = new TagStateTable();
            final Model model = new Model();
            final SnapshotCarousel carousel = new SnapshotCarousel(table, PERIOD_NS);
            long sequence = 0;
            long nowNs = 0;
            for (int snapshot = 1; snapshot <= 3; snapshot++)
            {
                final int before = 1 + random.nextInt(30);
                for (int i = 0; i < before; i++)
                {
                    sequence = applyRandomBlock(random, table, model, sequence, tagRange);
                }
                if (snapshot > 1)
                {
                    assertFalse(carousel.startIfDue(nowNs + PERIOD_NS - 1, TIME_TICKS), "not before the period");
                }
                nowNs += PERIOD_NS;
                assertTrue(carousel.startIfDue(nowNs, TIME_TICKS));
                final Model atCut = model.copy();
                final long cut = sequence - 1;
                final Written w = new Written();
                final int capacity = 1416 * (1 + random.nextInt(4));
                while (carousel.isActive())
                {
                    writeBlock(carousel, capacity, w);
                    if (random.nextBoolean())
                    {
                        sequence = applyRandomBlock(random, table, model, sequence, tagRange + 50);
                    }
                }
                assertSnapshotEquals(atCut, cut, snapshot, w);
            }
        }
    }

    @Test
    void shouldNotStartBeforeTheFirstRecordAndStartTheNextAtOnceWhenASnapshotOutlastsThePeriod()
    {
        final TagStateTable table = new TagStateTable();
        final SnapshotCarousel carousel = new SnapshotCarousel(table, PERIOD_NS);
        assertFalse(carousel.startIfDue(0, TIME_TICKS), "nothing was sent: no snapshot");
        final Model model = new Model();
        final long sequence = applyRandomBlock(new SplittableRandom(3), table, model, 0, 50);
        assertTrue(carousel.startIfDue(5, TIME_TICKS));
        assertFalse(carousel.startIfDue(5 + 3 * PERIOD_NS, TIME_TICKS), "never two at once");
        final Written w = new Written();
        while (carousel.isActive())
        {
            writeBlock(carousel, 1416, w);
        }
        assertEquals(sequence - 1, carousel.cut());
        assertTrue(carousel.startIfDue(5 + 3 * PERIOD_NS, TIME_TICKS), "overdue: starts at once");
        assertEquals(2, carousel.snapshotId());
    }

    @Test
    void shouldKeepOneEntryPerTagAndSourceWhateverTheNumberOfUpdates()
    {
        final SplittableRandom random = new SplittableRandom(9);
        final TagStateTable table = new TagStateTable();
        final Model model = new Model();
        long sequence = 0;
        for (int i = 0; i < 2000; i++)
        {
            sequence = applyRandomBlock(random, table, model, sequence, 5000);
        }
        assertEquals(model.order.size(), table.tagCount());
        assertEquals(model.values.size(), table.valuedTagCount());
        assertEquals(model.sources.size(), table.sourceCount());
        assertEquals(sequence - 1, table.lastAppliedSequence());
        assertEquals(0, table.malformedBlocks());
    }
}
