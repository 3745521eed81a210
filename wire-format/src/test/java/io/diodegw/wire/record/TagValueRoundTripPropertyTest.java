package io.diodegw.wire.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class TagValueRoundTripPropertyTest
{
    private static final int RANDOM_VALUES = 20_000;

    @Test
    void shouldRoundTripBoundaryValuesOfEveryBuiltinTypeScalarAndArrayBitExactly()
    {
        final List<TagValue> values = RecordTestData.boundaryValues();
        assertTrue(values.size() > 300, "boundary set too small: " + values.size());

        final List<TagValue> decoded = writeAndRead(values, 1 << 20, RecordType.TAG_VALUE_BATCH);

        assertEquals(values.size(), decoded.size());
        for (int i = 0; i < values.size(); i++)
        {
            assertEquals(values.get(i), decoded.get(i), "value " + i);
        }
    }

    @Test
    void shouldRoundTripSeededRandomValuesAcrossBlocksOfRandomCapacity()
    {
        final SplittableRandom random = new SplittableRandom(42);
        final List<TagValue> values = new ArrayList<>(RANDOM_VALUES);
        for (int i = 0; i < RANDOM_VALUES; i++)
        {
            values.add(RecordTestData.randomValue(random));
        }
        final RecordType[] types = {RecordType.TAG_VALUE_BATCH, RecordType.HISTORY_BATCH, RecordType.SNAPSHOT_PART};

        int index = 0;
        int blocks = 0;
        while (index < values.size())
        {
            final int capacity = 200 + random.nextInt(3000);
            final RecordType type = types[blocks % types.length];
            final byte[] buffer = new byte[capacity];
            final BlockWriter block = new BlockWriter().wrap(buffer, 0, capacity);
            final TagValueBatchWriter batch = new TagValueBatchWriter();
            begin(batch, block, type, blocks);
            final int first = index;
            while (index < values.size() && batch.append(values.get(index)))
            {
                index++;
            }
            if (index == first)
            {
                assertTrue(TagValueCodec.encodedLength(values.get(index), 0, 0) > block.maxBodyLength() - 30,
                    "value " + index + " refused by an empty block of capacity " + capacity);
                index++;
                continue;
            }
            block.finish();

            final BlockReader reader = new BlockReader();
            assertTrue(reader.wrap(buffer, 0, capacity));
            assertTrue(reader.next());
            assertEquals(type, reader.type());
            final TagValueBatchReader batchReader = reader.tagValueBatch();
            assertEquals(index - first, batchReader.count());
            assertPrefix(type, blocks, batchReader);
            final TagValue into = new TagValue();
            for (int i = first; i < index; i++)
            {
                assertTrue(batchReader.next(into), "value " + i);
                assertEquals(values.get(i), into, "value " + i);
            }
            assertFalse(batchReader.next(into));
            assertFalse(reader.next());
            assertEquals(0, reader.malformed());
            blocks++;
        }
        assertTrue(blocks > 100, "blocks " + blocks);
    }

    @Test
    void shouldKeepNaNPayloadsNegativeZeroAndUInt64AboveLongMaxBitExactly()
    {
        final List<TagValue> values = List.of(
            new TagValue().setDoubleBits(0x7FF0_0000_0000_0001L),
            new TagValue().setDoubleBits(0xFFF8_1234_5678_9ABCL),
            new TagValue().setDouble(-0.0),
            new TagValue().setFloatBits(0x7F80_0001),
            new TagValue().setFloat(-0f),
            new TagValue().setUInt64(-1L),
            new TagValue().setUInt64(Long.MIN_VALUE));

        final List<TagValue> decoded = writeAndRead(values, 4096, RecordType.TAG_VALUE_BATCH);

        assertEquals(0x7FF0_0000_0000_0001L, decoded.get(0).rawBits());
        assertEquals(0xFFF8_1234_5678_9ABCL, decoded.get(1).rawBits());
        assertEquals(Double.doubleToRawLongBits(-0.0), decoded.get(2).rawBits());
        assertEquals(0x7F80_0001L, decoded.get(3).rawBits());
        assertEquals(Float.floatToRawIntBits(-0f) & 0xFFFF_FFFFL, decoded.get(4).rawBits());
        assertEquals("18446744073709551615", Long.toUnsignedString(decoded.get(5).longValue()));
        assertEquals("9223372036854775808", Long.toUnsignedString(decoded.get(6).longValue()));
    }

    @Test
    void shouldDistinguishNullArrayFromEmptyArrayAndNullStringFromEmptyString()
    {
        final List<TagValue> values = List.of(
            new TagValue().setArray(BuiltinType.DOUBLE, null),
            new TagValue().setArray(BuiltinType.DOUBLE, new double[0]),
            new TagValue().setString(null),
            new TagValue().setString(""),
            new TagValue().setArray(BuiltinType.STRING, new String[] {null, ""}));

        final List<TagValue> decoded = writeAndRead(values, 4096, RecordType.TAG_VALUE_BATCH);

        assertNull(decoded.get(0).objectValue());
        assertTrue(decoded.get(0).isArray());
        assertEquals(0, ((double[])decoded.get(1).objectValue()).length);
        assertNull(decoded.get(2).objectValue());
        assertEquals("", decoded.get(3).objectValue());
        final String[] strings = (String[])decoded.get(4).objectValue();
        assertNull(strings[0]);
        assertEquals("", strings[1]);
    }

    @Test
    void shouldRoundTripAbsentAndExtremeTimestampsWithMaximumPicoseconds()
    {
        final long[] ticks = {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1, RecordTestData.TICKS_2026};
        final List<TagValue> values = new ArrayList<>();
        for (final long source : ticks)
        {
            for (final long server : ticks)
            {
                values.add(new TagValue().setTagId(values.size()).setInt32(values.size())
                    .setSourceTime(source, TagValue.MAX_PICOSECONDS).setServerTime(server, TagValue.MAX_PICOSECONDS));
                values.add(new TagValue().setTagId(values.size()).setInt32(values.size()).setServerTime(server));
                values.add(new TagValue().setTagId(values.size()).setInt32(values.size()).setSourceTime(source));
            }
        }
        values.add(new TagValue().setTagId(1).setBoolean(true));

        assertEquals(values, writeAndRead(values, 1 << 16, RecordType.HISTORY_BATCH));
    }

    @Test
    void shouldCompareFloatingPointValuesByRawBits()
    {
        final TagValue quietNaN = new TagValue().setDoubleBits(0x7FF8_0000_0000_0000L);
        final TagValue payloadNaN = new TagValue().setDoubleBits(0x7FF8_0000_0000_0001L);
        final TagValue arrayA = new TagValue().setArray(BuiltinType.DOUBLE, new double[] {0.0});
        final TagValue arrayB = new TagValue().setArray(BuiltinType.DOUBLE, new double[] {-0.0});

        assertNotEquals(quietNaN, payloadNaN);
        assertNotEquals(arrayA, arrayB);
        assertEquals(payloadNaN, payloadNaN.copy());
        assertEquals(arrayB, arrayB.copy());
    }

    private static List<TagValue> writeAndRead(final List<TagValue> values, final int capacity, final RecordType type)
    {
        final byte[] buffer = new byte[capacity];
        final BlockWriter block = new BlockWriter().wrap(buffer, 0, capacity);
        final TagValueBatchWriter batch = new TagValueBatchWriter();
        begin(batch, block, type, 7);
        for (final TagValue v : values)
        {
            assertTrue(batch.append(v), "did not fit: " + v);
        }
        block.finish();

        final BlockReader reader = new BlockReader();
        assertTrue(reader.wrap(buffer, 0, capacity));
        assertTrue(reader.next());
        assertEquals(type, reader.type());
        final List<TagValue> decoded = new ArrayList<>();
        final TagValue into = new TagValue();
        while (reader.tagValueBatch().next(into))
        {
            decoded.add(into.copy());
        }
        assertFalse(reader.tagValueBatch().isMalformed());
        assertFalse(reader.next());
        assertEquals(0, reader.malformed());
        return decoded;
    }

    private static void begin(
        final TagValueBatchWriter batch, final BlockWriter block, final RecordType type, final int n)
    {
        final boolean begun;
        switch (type)
        {
            case HISTORY_BATCH:
                begun = batch.beginHistory(block, n, 0x8000_0000 + n);
                break;
            case SNAPSHOT_PART:
                begun = batch.beginSnapshotPart(block, n, Long.MIN_VALUE + n, -n);
                break;
            default:
                begun = batch.beginLiveValues(block, n);
        }
        assertTrue(begun);
    }

    private static void assertPrefix(final RecordType type, final int n, final TagValueBatchReader batch)
    {
        assertEquals(type == RecordType.HISTORY_BATCH ? 0x8000_0000 + n : 0, batch.sourceId());
        assertEquals(type == RecordType.SNAPSHOT_PART ? Long.MIN_VALUE + n : 0, batch.snapshotId());
        assertEquals(type == RecordType.SNAPSHOT_PART ? -n : 0, batch.partIndex());
    }
}
