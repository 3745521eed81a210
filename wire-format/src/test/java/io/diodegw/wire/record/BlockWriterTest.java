package io.diodegw.wire.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class BlockWriterTest
{
    @Test
    void shouldKeepTheBlockHeaderCurrentAfterEveryRecord()
    {
        final byte[] buffer = new byte[200];
        final BlockWriter block = new BlockWriter().wrap(buffer, 0, buffer.length);

        assertEquals(BlockWriter.HEADER_LENGTH, WireBytes.getI32(buffer, BlockWriter.USED_LENGTH_OFFSET));
        assertTrue(new SnapshotEnd().snapshotId(3).writeTo(block, 41));
        assertTrue(new SnapshotEnd().snapshotId(4).writeTo(block, 42));

        final int expectedUsed = BlockWriter.HEADER_LENGTH + 2 * (RecordHeader.LENGTH + SnapshotEnd.BODY_LENGTH);
        assertEquals(expectedUsed, block.usedLength());
        assertEquals(expectedUsed, WireBytes.getI32(buffer, BlockWriter.USED_LENGTH_OFFSET));
        assertEquals(2, WireBytes.getU16(buffer, BlockWriter.RECORD_COUNT_OFFSET));
        assertEquals(41, WireBytes.getI64(buffer, BlockWriter.FIRST_STREAM_SEQUENCE_OFFSET));
        assertEquals(0, WireBytes.getU16(buffer, BlockWriter.FLAGS_OFFSET));
        assertEquals(buffer.length - expectedUsed, block.remaining());
        assertEquals(block.remaining() - RecordHeader.LENGTH, block.maxBodyLength());
    }

    @Test
    void shouldRefuseARecordThatDoesNotFitAndLeaveTheBlockUnchanged()
    {
        final int capacity = BlockWriter.HEADER_LENGTH + RecordHeader.LENGTH + SnapshotEnd.BODY_LENGTH + 10;
        final byte[] buffer = new byte[capacity];
        final BlockWriter block = new BlockWriter().wrap(buffer, 0, capacity);
        assertTrue(new SnapshotEnd().writeTo(block, 1));
        final byte[] before = buffer.clone();

        assertFalse(new SnapshotEnd().writeTo(block, 2));
        assertFalse(new FileChunk().data(new byte[100], 0, 100).writeTo(block, 2));

        assertArrayEquals(Arrays.copyOf(before, block.usedLength()), Arrays.copyOf(buffer, block.usedLength()));
        assertEquals(1, block.recordCount());
        assertEquals(-1, block.maxBodyLength());
    }

    @Test
    void shouldZeroPadEverythingAfterTheUsedLengthOnFinish()
    {
        final byte[] buffer = new byte[300];
        Arrays.fill(buffer, (byte)0x5A);
        final BlockWriter block = new BlockWriter().wrap(buffer, 50, 200);
        assertTrue(new SnapshotEnd().writeTo(block, 1));

        assertEquals(200, block.finish());

        for (int i = 50 + block.usedLength(); i < 250; i++)
        {
            assertEquals(0, buffer[i], "byte " + i);
        }
        assertEquals(0x5A, buffer[49]);
        assertEquals(0x5A, buffer[250]);
        final BlockReader reader = new BlockReader();
        assertTrue(reader.wrap(buffer, 50, 200));
        assertTrue(reader.next());
        assertFalse(reader.next());
        assertEquals(0, reader.malformed());
    }

    @Test
    void shouldLeaveTheBlockUnchangedWhenABatchGetsNoValue()
    {
        final byte[] buffer = new byte[BlockWriter.HEADER_LENGTH + RecordHeader.LENGTH + 12];
        final BlockWriter block = new BlockWriter().wrap(buffer, 0, buffer.length);
        final TagValueBatchWriter batch = new TagValueBatchWriter();

        assertTrue(batch.beginLiveValues(block, 9));
        assertFalse(batch.append(new TagValue().setDouble(1.0).setSourceTime(1).setServerTime(2)));

        assertEquals(0, block.recordCount());
        assertEquals(BlockWriter.HEADER_LENGTH, block.usedLength());
        assertFalse(batch.beginSnapshotPart(block, 9, 1, 1));
    }

    @Test
    void shouldRejectAppendingToABatchThatIsNoLongerTheLastRecord()
    {
        final byte[] buffer = new byte[1000];
        final BlockWriter block = new BlockWriter().wrap(buffer, 0, buffer.length);
        final TagValueBatchWriter batch = new TagValueBatchWriter();
        assertTrue(batch.beginLiveValues(block, 1));
        assertTrue(batch.append(new TagValue().setInt32(5)));
        assertTrue(new SnapshotEnd().writeTo(block, 2));

        assertThrows(IllegalStateException.class, () -> batch.append(new TagValue().setInt32(6)));
        assertThrows(IllegalStateException.class, () -> new TagValueBatchWriter().append(new TagValue()));
    }

    @Test
    void shouldStopABatchAtTheMaximumValueCount()
    {
        final byte[] buffer = new byte[1 << 20];
        final BlockWriter block = new BlockWriter().wrap(buffer, 0, buffer.length);
        final TagValueBatchWriter batch = new TagValueBatchWriter();
        final TagValue value = new TagValue().setBoolean(true);
        assertTrue(batch.beginLiveValues(block, 1));

        for (int i = 0; i < TagValueBatchWriter.MAX_VALUE_COUNT; i++)
        {
            assertTrue(batch.append(value));
        }
        assertFalse(batch.append(value));

        final BlockReader reader = new BlockReader();
        assertTrue(reader.wrap(buffer, 0, block.finish()));
        assertTrue(reader.next());
        assertEquals(TagValueBatchWriter.MAX_VALUE_COUNT, reader.tagValueBatch().count());
    }

    @Test
    void shouldRejectARegionOutsideTheBufferOrShorterThanTheHeader()
    {
        final BlockWriter block = new BlockWriter();

        assertThrows(IllegalArgumentException.class, () -> block.wrap(new byte[10], 0, 10));
        assertThrows(IllegalArgumentException.class, () -> block.wrap(new byte[100], 90, 20));
        assertThrows(IllegalArgumentException.class, () -> block.wrap(new byte[100], -1, 20));
    }

    @Test
    void shouldAppendEncodedRecordsByteForByteAndReadThemBackLikeEncodedOnes()
    {
        final byte[] source = new byte[200];
        final BlockWriter sourceBlock = new BlockWriter().wrap(source, 0, source.length);
        assertTrue(new SnapshotEnd().snapshotId(7).writeTo(sourceBlock, 90));
        assertTrue(new SnapshotEnd().snapshotId(8).writeTo(sourceBlock, 91));
        final int recordLength = RecordHeader.LENGTH + SnapshotEnd.BODY_LENGTH;

        final byte[] copy = new byte[200];
        final BlockWriter copyBlock = new BlockWriter().wrap(copy, 0, copy.length);
        assertTrue(copyBlock.appendEncoded(source, BlockWriter.HEADER_LENGTH, recordLength));
        assertTrue(copyBlock.appendEncoded(source, BlockWriter.HEADER_LENGTH + recordLength, recordLength));
        sourceBlock.finish();
        copyBlock.finish();

        assertArrayEquals(source, copy);
        final BlockReader reader = new BlockReader();
        assertTrue(reader.wrap(copy, 0, copy.length));
        assertTrue(reader.next());
        assertEquals(90, reader.streamSequence());
        assertTrue(reader.next());
        assertEquals(91, reader.streamSequence());
        assertFalse(reader.next());
    }

    @Test
    void shouldRefuseAnEncodedRecordWhoseLengthDisagreesWithItsHeaderOrThatDoesNotFit()
    {
        final byte[] source = new byte[100];
        final BlockWriter sourceBlock = new BlockWriter().wrap(source, 0, source.length);
        assertTrue(new SnapshotEnd().snapshotId(7).writeTo(sourceBlock, 90));
        final int recordLength = RecordHeader.LENGTH + SnapshotEnd.BODY_LENGTH;

        final byte[] target = new byte[BlockWriter.HEADER_LENGTH + recordLength - 1];
        final BlockWriter block = new BlockWriter().wrap(target, 0, target.length);
        final byte[] before = target.clone();

        assertFalse(block.appendEncoded(source, BlockWriter.HEADER_LENGTH, recordLength - 1));
        assertFalse(block.appendEncoded(source, BlockWriter.HEADER_LENGTH, RecordHeader.LENGTH - 1));
        assertFalse(block.appendEncoded(source, BlockWriter.HEADER_LENGTH, recordLength));

        assertArrayEquals(before, target);
        assertEquals(0, block.recordCount());
    }

    @Test
    void shouldCarryTheOutOfBandFlagAndTreatUndefinedFlagBitsAsMalformed()
    {
        final byte[] buffer = new byte[100];
        final BlockWriter block = new BlockWriter().wrap(buffer, 0, buffer.length).outOfBand(true);
        assertTrue(new SnapshotEnd().snapshotId(7).writeTo(block, 90));
        block.finish();
        final BlockReader reader = new BlockReader();

        assertTrue(reader.wrap(buffer, 0, buffer.length));
        assertTrue(reader.isOutOfBand());
        assertTrue(reader.next());

        block.wrap(buffer, 0, buffer.length);
        assertTrue(reader.wrap(buffer, 0, buffer.length));
        assertFalse(reader.isOutOfBand());

        WireBytes.putU16(buffer, BlockWriter.FLAGS_OFFSET, BlockWriter.FLAG_OUT_OF_BAND | 2);
        assertFalse(reader.wrap(buffer, 0, buffer.length));
        assertFalse(reader.next());
        assertEquals(1, reader.malformed());
    }
}
