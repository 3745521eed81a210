package io.diodegw.wire.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class BlockReaderTest
{
    private static final int CAPACITY = 16_384;
    private static final long FIRST_SEQUENCE = 77;

    @Test
    void shouldSkipAndCountUnknownRecordTypeAndStillReadTheNextKnownRecord()
    {
        final byte[] block = rawBlock(
            record(RecordType.SNAPSHOT_END.id(), snapshotEndBody(1)),
            record(999, new byte[] {9, 9, 9, 9, 9}),
            record(0xFFFF, new byte[0]),
            record(RecordType.SNAPSHOT_END.id(), snapshotEndBody(2)));
        final BlockReader reader = new BlockReader();

        assertTrue(reader.wrap(block, 0, block.length));
        assertTrue(reader.next());
        assertEquals(1, reader.snapshotEnd().snapshotId());
        assertTrue(reader.next());
        assertEquals(RecordType.SNAPSHOT_END, reader.type());
        assertEquals(2, reader.snapshotEnd().snapshotId());
        assertEquals(FIRST_SEQUENCE + 3, reader.streamSequence());
        assertFalse(reader.next());

        assertEquals(2, reader.recordsRead());
        assertEquals(2, reader.unknownSkipped());
        assertEquals(0, reader.malformed());
    }

    @Test
    void shouldYieldNoRecordFromABlockCutShortOfItsUsedLengthAtEveryOffset()
    {
        final byte[] block = new byte[CAPACITY];
        final int used = RecordTestData.writeMixedBlock(1, block, CAPACITY);
        final BlockReader reader = new BlockReader();

        for (int length = 0; length < used; length++)
        {
            final byte[] cut = Arrays.copyOf(block, length);
            assertFalse(reader.wrap(cut, 0, length), "length " + length);
            assertFalse(reader.next(), "length " + length);
        }
        assertEquals(used, reader.malformed());
        assertEquals(0, reader.recordsRead());

        assertTrue(reader.wrap(Arrays.copyOf(block, used), 0, used));
        int records = 0;
        while (reader.next())
        {
            records++;
        }
        assertEquals(RecordType.values().length, records);
        assertEquals(used, reader.malformed());
    }

    @Test
    void shouldYieldOnlyCompleteIdenticalRecordsWhenTheUsedLengthClaimsFewerBytesAtEveryOffset()
    {
        final byte[] block = new byte[CAPACITY];
        final int used = RecordTestData.writeMixedBlock(2, block, CAPACITY);
        final List<Integer> recordEnds = new ArrayList<>();
        final List<String> originals = new ArrayList<>();
        final BlockReader reader = new BlockReader();
        reader.wrap(block, 0, CAPACITY);
        while (reader.next())
        {
            recordEnds.add(reader.bodyOffset() + reader.bodyLength());
            originals.add(describe(reader));
        }

        for (int length = BlockWriter.HEADER_LENGTH; length <= used; length++)
        {
            final byte[] cut = Arrays.copyOf(block, length);
            WireBytes.putI32(cut, BlockWriter.USED_LENGTH_OFFSET, length);
            final long malformedBefore = reader.malformed();
            assertTrue(reader.wrap(cut, 0, length));
            int yielded = 0;
            while (reader.next())
            {
                assertTrue(reader.bodyOffset() + reader.bodyLength() <= length);
                assertEquals(originals.get(yielded), describe(reader), "length " + length + " record " + yielded);
                yielded++;
            }
            final int available = length;
            final int complete = (int)recordEnds.stream().filter(end -> end <= available).count();
            assertEquals(complete, yielded, "length " + length);
            assertEquals(length == used ? 0 : 1, reader.malformed() - malformedBefore, "length " + length);
        }
    }

    @Test
    void shouldCountEveryCutRecordBodyAsMalformedForEveryRecordType()
    {
        final byte[] block = new byte[CAPACITY];
        final BlockReader reader = new BlockReader();
        int cuts = 0;
        for (int seed = 0; seed < 4; seed++)
        {
            RecordTestData.writeMixedBlock(seed, block, CAPACITY);
            reader.wrap(block, 0, CAPACITY);
            final List<byte[]> records = new ArrayList<>();
            while (reader.next())
            {
                final int start = reader.bodyOffset() - RecordHeader.LENGTH;
                records.add(Arrays.copyOfRange(block, start, reader.bodyOffset() + reader.bodyLength()));
            }
            for (final byte[] original : records)
            {
                final int bodyLength = original.length - RecordHeader.LENGTH;
                for (int cut = 0; cut < bodyLength; cut++)
                {
                    final byte[] shortened = Arrays.copyOf(original, RecordHeader.LENGTH + cut);
                    WireBytes.putI32(shortened, RecordHeader.BODY_LENGTH_OFFSET, cut);
                    final byte[] single = rawBlock(shortened);
                    final long before = reader.malformed();
                    reader.wrap(single, 0, single.length);
                    assertFalse(reader.next(), "type " + WireBytes.getU16(original, 0) + " cut at " + cut);
                    assertEquals(before + 1, reader.malformed());
                    cuts++;
                }
            }
        }
        assertTrue(cuts > 1000, "cuts " + cuts);
    }

    @Test
    void shouldStopTheBlockAtAMalformedRecordAfterYieldingTheRecordsBeforeIt()
    {
        final List<byte[]> badBodies = List.of(
            batchBody(0x0B, 0, 0, 0),
            batchBody(0x08, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01),
            batchBody(0x08, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02),
            batchBody(0x06, 0, 0, 0, 0x80, 0x00),
            batchBody(0x01, 0, 0, 0, 2),
            batchBody(0x04, 0, 0, 0, 0x80, 0x80, 0x04),
            batchBody(0x86, 0, 0, 0, 1),
            batchBody(0x46, 0x20, 0, 0, 0, 1),
            batchBody(0x46, 0x08, 0, 0, 0x90, 0x4E, 0, 1),
            batchBody(0x46, 0x0A, 0, 0, 1, 1),
            batchBody(0x11, 0, 0, 0),
            batchBody(0x20, 0, 0, 0, 1),
            batchBody(0x0C, 0, 0, 0, 3, 0xC0, 0x80),
            batchBody(0x0C, 0, 0, 0, 4, 0xED, 0xA0, 0x80),
            batchBody(0x26, 0, 0, 0, 0x80, 0x80, 0x80, 0x80, 0x08),
            batchBody(0x14, 0, 0, 0, 0x80, 0x80, 0x04, 0));
        for (final byte[] bad : badBodies)
        {
            final byte[] block = rawBlock(
                record(RecordType.SNAPSHOT_END.id(), snapshotEndBody(1)),
                record(RecordType.TAG_VALUE_BATCH.id(), bad),
                record(RecordType.SNAPSHOT_END.id(), snapshotEndBody(3)));
            final BlockReader reader = new BlockReader();

            assertTrue(reader.wrap(block, 0, block.length));
            assertTrue(reader.next());
            assertFalse(reader.next(), Arrays.toString(bad));
            assertFalse(reader.next());
            assertTrue(reader.isBlockMalformed());
            assertEquals(1, reader.recordsRead());
            assertEquals(1, reader.malformed());
        }
    }

    @Test
    void shouldReadHandWrittenValuesThatDifferFromTheMalformedOnesOnlyInTheFaultyByte()
    {
        final List<byte[]> goodBodies = List.of(
            batchBody(0x0B, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F),
            batchBody(0x08, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01),
            batchBody(0x06, 0, 0, 0, 0x80, 0x01),
            batchBody(0x01, 0, 0, 0, 1),
            batchBody(0x04, 0, 0, 0, 0xFF, 0xFF, 0x03),
            batchBody(0x46, 0x08, 0, 0, 0x8F, 0x4E, 0, 1),
            batchBody(0x46, 0x02, 0, 0, 1),
            batchBody(0x0C, 0, 0, 0, 3, 0xC3, 0xA4),
            batchBody(0x26, 0, 0, 0, 2, 0x7F),
            batchBody(0x14, 0, 0, 0, 0xFF, 0xFF, 0x03, 0));
        final TagValue value = new TagValue();
        for (final byte[] good : goodBodies)
        {
            final byte[] block = rawBlock(record(RecordType.TAG_VALUE_BATCH.id(), good));
            final BlockReader reader = new BlockReader();

            assertTrue(reader.wrap(block, 0, block.length));
            assertTrue(reader.next(), Arrays.toString(good));
            assertTrue(reader.tagValueBatch().next(value));
            assertEquals(0, reader.malformed());
        }
        assertEquals(BuiltinType.QUALIFIED_NAME, value.builtinType());
        assertEquals(new QualifiedName(0xFFFF, null), value.objectValue());
    }

    @Test
    void shouldCountMalformedHeadersEnumsAndCountsOncePerBlock()
    {
        final byte[] goodEnd = record(RecordType.SNAPSHOT_END.id(), snapshotEndBody(1));
        final byte[] badState = record(RecordType.SOURCE_STATE.id(), new byte[] {1, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        final byte[] badCategory = record(RecordType.AUDIT_EVENT.id(),
            new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7, 1, 0, 0, 0});
        final byte[] typeZero = record(0, new byte[0]);
        final byte[] gapBackwards = record(RecordType.GAP_NOTICE.id(), gapBody(5, 4));

        assertMalformedAfter(0, rawBlock(badState));
        assertMalformedAfter(0, rawBlock(badCategory));
        assertMalformedAfter(1, rawBlock(goodEnd, typeZero));
        assertMalformedAfter(0, rawBlock(gapBackwards));

        final byte[] lengthBeyondBlock = rawBlock(goodEnd, goodEnd);
        WireBytes.putI32(lengthBeyondBlock, BlockWriter.HEADER_LENGTH + goodEnd.length + RecordHeader.BODY_LENGTH_OFFSET,
            1000);
        assertMalformedAfter(1, lengthBeyondBlock);

        final byte[] countTooHigh = rawBlock(goodEnd);
        WireBytes.putU16(countTooHigh, BlockWriter.RECORD_COUNT_OFFSET, 2);
        assertMalformedAfter(1, countTooHigh);

        final byte[] countTooLow = rawBlock(goodEnd, goodEnd);
        WireBytes.putU16(countTooLow, BlockWriter.RECORD_COUNT_OFFSET, 1);
        assertMalformedAfter(1, countTooLow);

        final byte[] wrongFirstSequence = rawBlock(goodEnd);
        WireBytes.putI64(wrongFirstSequence, BlockWriter.FIRST_STREAM_SEQUENCE_OFFSET, 1);
        assertMalformedAfter(0, wrongFirstSequence);

        final byte[] usedBeyondRegion = rawBlock(goodEnd);
        WireBytes.putI32(usedBeyondRegion, BlockWriter.USED_LENGTH_OFFSET, usedBeyondRegion.length + 1);
        assertMalformedAfter(0, usedBeyondRegion);

        final byte[] usedBelowHeader = rawBlock();
        WireBytes.putI32(usedBelowHeader, BlockWriter.USED_LENGTH_OFFSET, 15);
        assertMalformedAfter(0, usedBelowHeader);
    }

    @Test
    void shouldNeverThrowOnNullBufferOrRegionOutsideTheBuffer()
    {
        final BlockReader reader = new BlockReader();

        assertFalse(reader.wrap(null, 0, 100));
        assertFalse(reader.next());
        assertFalse(reader.wrap(new byte[32], -1, 16));
        assertFalse(reader.wrap(new byte[32], 20, 16));
        assertFalse(reader.wrap(new byte[32], 0, -5));
        assertFalse(reader.next());

        assertEquals(4, reader.malformed());
        assertEquals(4, reader.blocksRead());
    }

    @Test
    void shouldReadAnEmptyBlockAsNoRecordsWithoutCountingItMalformed()
    {
        final byte[] buffer = new byte[64];
        new BlockWriter().wrap(buffer, 0, buffer.length).finish();
        final BlockReader reader = new BlockReader();

        assertTrue(reader.wrap(buffer, 0, buffer.length));
        assertFalse(reader.next());
        assertEquals(0, reader.malformed());
        assertEquals(0, reader.recordCount());
    }

    private static void assertMalformedAfter(final int goodRecords, final byte[] block)
    {
        final BlockReader reader = new BlockReader();
        reader.wrap(block, 0, block.length);
        int read = 0;
        while (reader.next())
        {
            read++;
        }
        assertEquals(goodRecords, read);
        assertEquals(1, reader.malformed());
        assertFalse(reader.next());
        assertEquals(1, reader.malformed());
    }

    private static String describe(final BlockReader reader)
    {
        if (reader.type().isTagValueBatch())
        {
            final StringBuilder sb = new StringBuilder(reader.type() + "@" + reader.streamSequence());
            final TagValue v = new TagValue();
            final TagValueBatchReader batch = reader.tagValueBatch();
            sb.append(batch.sourceId()).append('/').append(batch.snapshotId()).append('/').append(batch.partIndex());
            while (batch.next(v))
            {
                sb.append(v);
            }
            return sb.toString();
        }
        return reader.type() + "@" + reader.streamSequence() + RecordTestData.current(reader);
    }

    private static byte[] snapshotEndBody(final long snapshotId)
    {
        final byte[] body = new byte[SnapshotEnd.BODY_LENGTH];
        WireBytes.putI64(body, SnapshotEnd.SNAPSHOT_ID_OFFSET, snapshotId);
        return body;
    }

    private static byte[] gapBody(final long from, final long to)
    {
        final byte[] body = new byte[GapNotice.SOURCE_IDS_OFFSET];
        WireBytes.putI64(body, GapNotice.FROM_SEQUENCE_OFFSET, from);
        WireBytes.putI64(body, GapNotice.TO_SEQUENCE_OFFSET, to);
        return body;
    }

    /**
     * @return a TAG_VALUE_BATCH body with one value given as raw bytes (header byte first).
     */
    private static byte[] batchBody(final int... valueBytes)
    {
        final byte[] body = new byte[TagValueBatchWriter.BATCH_HEADER_LENGTH + valueBytes.length];
        WireBytes.putU16(body, TagValueBatchWriter.VALUE_COUNT_OFFSET, 1);
        for (int i = 0; i < valueBytes.length; i++)
        {
            body[TagValueBatchWriter.BATCH_HEADER_LENGTH + i] = (byte)valueBytes[i];
        }
        return body;
    }

    private static byte[] record(final int typeId, final byte[] body)
    {
        final byte[] record = new byte[RecordHeader.LENGTH + body.length];
        RecordHeader.write(record, 0, typeId, 0, body.length);
        System.arraycopy(body, 0, record, RecordHeader.LENGTH, body.length);
        return record;
    }

    /**
     * @return a block of exactly the records given, numbered from {@link #FIRST_SEQUENCE}.
     */
    private static byte[] rawBlock(final byte[]... records)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[BlockWriter.HEADER_LENGTH]);
        long sequence = FIRST_SEQUENCE;
        for (final byte[] r : records)
        {
            final byte[] copy = r.clone();
            WireBytes.putI64(copy, RecordHeader.STREAM_SEQUENCE_OFFSET, sequence++);
            out.writeBytes(copy);
        }
        final byte[] block = out.toByteArray();
        WireBytes.putI64(block, BlockWriter.FIRST_STREAM_SEQUENCE_OFFSET, records.length == 0 ? 0 : FIRST_SEQUENCE);
        WireBytes.putI32(block, BlockWriter.USED_LENGTH_OFFSET, block.length);
        WireBytes.putU16(block, BlockWriter.RECORD_COUNT_OFFSET, records.length);
        return block;
    }
}
