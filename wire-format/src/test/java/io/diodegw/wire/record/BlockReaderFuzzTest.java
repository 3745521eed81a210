package io.diodegw.wire.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Arbitrary bytes as a block payload: nothing escapes the reader, its counters agree with what it returned, and
 * every record it returns re-encodes to a record that decodes equal (so it never hands out half-read data).
 */
class BlockReaderFuzzTest
{
    private final BlockReader reader = new BlockReader();
    private final BlockReader rereader = new BlockReader();
    private final byte[] scratch = new byte[1 << 17];
    private final TagValue value = new TagValue();
    private final TagValue reread = new TagValue();

    @FuzzTest(maxDuration = "60s")
    void readArbitraryBytes(final byte[] data)
    {
        final long recordsBefore = reader.recordsRead();
        final long unknownBefore = reader.unknownSkipped();
        final long malformedBefore = reader.malformed();
        final boolean headerValid = reader.wrap(data, 0, data.length);
        int yielded = 0;
        while (reader.next())
        {
            yielded++;
            assertTrue(reader.bodyOffset() + reader.bodyLength() <= reader.usedLength());
            if (reader.type().isTagValueBatch())
            {
                checkBatch(reader.type(), reader.tagValueBatch());
            }
            else
            {
                checkRecord(RecordTestData.current(reader));
            }
        }
        final long unknown = reader.unknownSkipped() - unknownBefore;
        final long malformed = reader.malformed() - malformedBefore;
        assertEquals(yielded, reader.recordsRead() - recordsBefore);
        assertTrue(malformed == 0 || malformed == 1);
        assertEquals(malformed == 1, reader.isBlockMalformed());
        assertTrue(headerValid || (malformed == 1 && yielded == 0));
        assertTrue(yielded + unknown <= reader.recordCount());
        if (malformed == 0)
        {
            assertEquals(reader.recordCount(), yielded + unknown);
        }
        assertFalse(reader.next());
    }

    private void checkBatch(final RecordType type, final TagValueBatchReader batch)
    {
        final List<TagValue> values = new ArrayList<>(batch.count());
        while (batch.next(value))
        {
            values.add(value.copy());
        }
        assertFalse(batch.isMalformed());
        assertEquals(batch.count(), values.size());
        if (values.isEmpty())
        {
            return;
        }
        final BlockWriter block = new BlockWriter().wrap(scratch, 0, scratch.length);
        final TagValueBatchWriter writer = new TagValueBatchWriter();
        if (type == RecordType.HISTORY_BATCH)
        {
            assertTrue(writer.beginHistory(block, 1, batch.sourceId()));
        }
        else if (type == RecordType.SNAPSHOT_PART)
        {
            assertTrue(writer.beginSnapshotPart(block, 1, batch.snapshotId(), batch.partIndex()));
        }
        else
        {
            assertTrue(writer.beginLiveValues(block, 1));
        }
        for (final TagValue v : values)
        {
            if (!writer.append(v))
            {
                return;
            }
        }
        assertTrue(rereader.wrap(scratch, 0, block.finish()));
        assertTrue(rereader.next());
        for (final TagValue v : values)
        {
            assertTrue(rereader.tagValueBatch().next(reread));
            assertEquals(v, reread);
        }
    }

    private void checkRecord(final Object record)
    {
        final BlockWriter block = new BlockWriter().wrap(scratch, 0, scratch.length);
        assertTrue(RecordTestData.write(record, block, 1));
        final String before = record.toString();
        assertTrue(rereader.wrap(scratch, 0, block.finish()));
        assertTrue(rereader.next());
        assertEquals(record, RecordTestData.current(rereader));
        assertEquals(before, RecordTestData.current(rereader).toString());
    }
}
