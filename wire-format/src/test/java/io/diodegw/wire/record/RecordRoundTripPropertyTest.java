package io.diodegw.wire.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class RecordRoundTripPropertyTest
{
    private static final int CASES_PER_TYPE = 500;
    private static final RecordType[] PLAIN_TYPES =
    {
        RecordType.TAG_DEFINITION, RecordType.SNAPSHOT_BEGIN, RecordType.SNAPSHOT_END, RecordType.SOURCE_STATE,
        RecordType.FILE_MANIFEST, RecordType.FILE_CHUNK, RecordType.SENDER_STATUS, RecordType.AUDIT_EVENT,
        RecordType.GAP_NOTICE, RecordType.RESEND_MARKER,
    };

    @Test
    void shouldRoundTripEveryRecordTypeWithSeededRandomContent()
    {
        final SplittableRandom random = new SplittableRandom(7);
        final byte[] buffer = new byte[8192];
        final BlockWriter block = new BlockWriter();
        final BlockReader reader = new BlockReader();
        for (final RecordType type : PLAIN_TYPES)
        {
            for (int i = 0; i < CASES_PER_TYPE; i++)
            {
                final Object record = RecordTestData.randomRecord(random, type);
                final long sequence = random.nextLong();
                block.wrap(buffer, 0, buffer.length);
                assertTrue(RecordTestData.write(record, block, sequence), type + " case " + i);
                block.finish();

                assertTrue(reader.wrap(buffer, 0, buffer.length));
                assertTrue(reader.next(), type + " case " + i);
                assertEquals(type, reader.type());
                assertEquals(sequence, reader.streamSequence());
                assertEquals(sequence, reader.firstStreamSequence());
                assertEquals(record, RecordTestData.current(reader), type + " case " + i);
                assertFalse(reader.next());
            }
        }
        assertEquals(PLAIN_TYPES.length * CASES_PER_TYPE, reader.recordsRead());
        assertEquals(0, reader.malformed());
        assertEquals(0, reader.unknownSkipped());
    }

    @Test
    void shouldRoundTripMixedBlocksOfAllRecordTypesInOrder()
    {
        final SplittableRandom random = new SplittableRandom(11);
        final BlockReader reader = new BlockReader();
        final TagValueBatchWriter batch = new TagValueBatchWriter();
        long sequence = 0;
        int records = 0;
        for (int blockIndex = 0; blockIndex < 200; blockIndex++)
        {
            final int capacity = 512 + random.nextInt(6000);
            final byte[] buffer = new byte[capacity];
            final BlockWriter block = new BlockWriter().wrap(buffer, 0, capacity);
            final List<Object> written = new ArrayList<>();
            final List<Long> sequences = new ArrayList<>();
            for (int attempt = 0; attempt < 20; attempt++)
            {
                final RecordType type = RecordType.values()[random.nextInt(RecordType.values().length)];
                if (type.isTagValueBatch())
                {
                    final List<TagValue> values = new ArrayList<>();
                    if (batch.beginLiveValues(block, sequence))
                    {
                        for (int i = 0; i < 5; i++)
                        {
                            final TagValue v = RecordTestData.randomValue(random);
                            if (batch.append(v))
                            {
                                values.add(v);
                            }
                        }
                    }
                    if (!values.isEmpty())
                    {
                        written.add(values);
                        sequences.add(sequence++);
                    }
                }
                else
                {
                    final Object record = RecordTestData.randomRecord(random, type);
                    if (RecordTestData.write(record, block, sequence))
                    {
                        written.add(record);
                        sequences.add(sequence++);
                    }
                }
            }
            block.finish();
            assertEquals(written.size(), block.recordCount());

            assertTrue(reader.wrap(buffer, 0, capacity));
            for (int i = 0; i < written.size(); i++)
            {
                assertTrue(reader.next(), "block " + blockIndex + " record " + i);
                assertEquals(sequences.get(i), reader.streamSequence());
                if (reader.type() == RecordType.TAG_VALUE_BATCH)
                {
                    final List<TagValue> decoded = new ArrayList<>();
                    final TagValue into = new TagValue();
                    while (reader.tagValueBatch().next(into))
                    {
                        decoded.add(into.copy());
                    }
                    assertEquals(written.get(i), decoded);
                }
                else
                {
                    assertEquals(written.get(i), RecordTestData.current(reader));
                }
                records++;
            }
            assertFalse(reader.next());
            assertFalse(reader.isBlockMalformed());
        }
        assertTrue(records > 1000, "records " + records);
        assertEquals(records, reader.recordsRead());
    }

    @Test
    void shouldDecodeRecordBodiesThroughReadFromAsTheReaderDoes()
    {
        final SplittableRandom random = new SplittableRandom(3);
        final byte[] buffer = new byte[8192];
        final BlockReader reader = new BlockReader();
        for (final RecordType type : PLAIN_TYPES)
        {
            final Object record = RecordTestData.randomRecord(random, type);
            RecordTestData.write(record, new BlockWriter().wrap(buffer, 0, buffer.length), 5);
            reader.wrap(buffer, 0, buffer.length);
            assertTrue(reader.next());
            final Object fresh = RecordTestData.randomRecord(random, type);
            assertTrue(readFrom(fresh, buffer, reader.bodyOffset(), reader.bodyLength()));
            assertEquals(record, fresh);
            assertFalse(readFrom(fresh, buffer, reader.bodyOffset(), Math.min(reader.bodyLength() - 1, 12)),
                type + " cut to 12 bytes");
        }
    }

    private static boolean readFrom(final Object holder, final byte[] buffer, final int offset, final int length)
    {
        if (holder instanceof TagDefinition)
        {
            return ((TagDefinition)holder).readFrom(buffer, offset, length);
        }
        if (holder instanceof SnapshotBegin)
        {
            return ((SnapshotBegin)holder).readFrom(buffer, offset, length);
        }
        if (holder instanceof SnapshotEnd)
        {
            return ((SnapshotEnd)holder).readFrom(buffer, offset, length);
        }
        if (holder instanceof SourceState)
        {
            return ((SourceState)holder).readFrom(buffer, offset, length);
        }
        if (holder instanceof FileManifest)
        {
            return ((FileManifest)holder).readFrom(buffer, offset, length);
        }
        if (holder instanceof FileChunk)
        {
            return ((FileChunk)holder).readFrom(buffer, offset, length);
        }
        if (holder instanceof SenderStatus)
        {
            return ((SenderStatus)holder).readFrom(buffer, offset, length);
        }
        if (holder instanceof AuditEvent)
        {
            return ((AuditEvent)holder).readFrom(buffer, offset, length);
        }
        if (holder instanceof ResendMarker)
        {
            return ((ResendMarker)holder).readFrom(buffer, offset, length);
        }
        return ((GapNotice)holder).readFrom(buffer, offset, length);
    }
}
