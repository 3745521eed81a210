package io.diodegw.sender.journal;

import java.util.ArrayList;
import java.util.List;

import io.diodegw.wire.record.BlockReader;
import io.diodegw.wire.record.BlockWriter;
import io.diodegw.wire.record.RecordType;
import io.diodegw.wire.record.TagValue;

/** Test helper: reads every available record from a reader and decodes it through a real block. */
final class JournalRecords
{
    /** One decoded record. */
    record Decoded(RecordType type, long sequence, long index, int tagId, List<TagValue> values)
    {
    }

    private JournalRecords()
    {
    }

    static List<Decoded> readAvailable(final JournalReader reader)
    {
        final byte[] record = new byte[reader.maxRecordBytes()];
        final byte[] block = new byte[reader.maxRecordBytes() + BlockWriter.HEADER_LENGTH];
        final BlockWriter packer = new BlockWriter();
        final BlockReader blockReader = new BlockReader();
        final List<Decoded> out = new ArrayList<>();
        int length;
        while ((length = reader.next(record, 0)) > 0)
        {
            packer.wrap(block, 0, block.length);
            if (!packer.appendEncoded(record, 0, length))
            {
                throw new AssertionError("record of " + length + " bytes does not fit an empty block");
            }
            packer.finish();
            if (!blockReader.wrap(block, 0, block.length) || !blockReader.next())
            {
                throw new AssertionError("record " + reader.lastReadSequence() + " does not decode");
            }
            final List<TagValue> values = new ArrayList<>();
            int tagId = -1;
            switch (blockReader.type())
            {
                case TAG_VALUE_BATCH:
                    final TagValue v = new TagValue();
                    while (blockReader.tagValueBatch().next(v))
                    {
                        values.add(v.copy());
                    }
                    break;
                case TAG_DEFINITION:
                    tagId = blockReader.tagDefinition().tagId();
                    break;
                case SOURCE_STATE:
                    tagId = blockReader.sourceState().sourceId();
                    break;
                case AUDIT_EVENT:
                    break;
                default:
                    throw new AssertionError("unexpected record type " + blockReader.type());
            }
            out.add(new Decoded(blockReader.type(), blockReader.streamSequence(), reader.lastReadIndex(), tagId,
                values));
            if (blockReader.next())
            {
                throw new AssertionError("one excerpt held more than one record");
            }
        }
        return out;
    }
}
