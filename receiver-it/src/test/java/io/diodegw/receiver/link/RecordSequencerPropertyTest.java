package io.diodegw.receiver.link;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.diodegw.receiver.journal.AppliedRecords;
import io.diodegw.receiver.table.TagTable;
import io.diodegw.receiver.table.TagTableFeed;
import io.diodegw.wire.record.BlockWriter;
import io.diodegw.wire.record.RecordType;
import io.diodegw.wire.record.SourceState;
import io.diodegw.wire.record.TagDefinition;
import io.diodegw.wire.record.TagValue;
import io.diodegw.wire.record.TagValueBatchWriter;

/**
 * Damaged and random block payloads (what a sender with a valid key but a defect could produce) through the
 * sequencer into the table: nothing throws, and whatever reaches {@link AppliedRecords} stays strictly ordered with
 * gaps that never overlap records.
 */
class RecordSequencerPropertyTest
{
    private static final int BLOCK_BYTES = 1024;
    private static final int CASES = 20_000;

    @Test
    void shouldKeepTheStreamOrderedAndNeverThrowOnDamagedBlocks()
    {
        final SplittableRandom random = new SplittableRandom(20261123);
        final OrderChecker checker = new OrderChecker();
        final TagTable table = new TagTable();
        final RecordSequencer sequencer =
            new RecordSequencer(new TagTableFeed(table, checker, () -> 0L), new LinkCounters());
        sequencer.startEpoch(1);
        long sequence = 0;
        for (int i = 0; i < CASES; i++)
        {
            final byte[] block = new byte[BLOCK_BYTES];
            final int kind = random.nextInt(4);
            if (kind == 0)
            {
                random.nextBytes(block);
            }
            else
            {
                sequence = validBlock(block, Math.min(Math.max(sequence, checker.last + 1), Long.MAX_VALUE - 64) +
                    random.nextInt(3), random);
                final int flips = kind == 1 ? 0 : 1 + random.nextInt(8);
                for (int f = 0; f < flips; f++)
                {
                    block[random.nextInt(BLOCK_BYTES)] ^= (byte)(1 << random.nextInt(8));
                }
            }
            if (random.nextInt(10) == 0)
            {
                sequencer.onBlockLost();
            }
            sequencer.onBlock(block, 0, BLOCK_BYTES);
        }
        assertTrue(checker.records > CASES / 10, "valid blocks got through: " + checker.records);
        assertTrue(table.tagCount() > 0);
    }

    private static long validBlock(final byte[] block, final long firstSequence, final SplittableRandom random)
    {
        final BlockWriter writer = new BlockWriter().wrap(block, 0, BLOCK_BYTES);
        long sequence = firstSequence;
        final TagValueBatchWriter batch = new TagValueBatchWriter();
        final TagValue value = new TagValue();
        for (int r = 0; r < 1 + random.nextInt(6); r++)
        {
            final boolean written;
            switch (random.nextInt(3))
            {
                case 0:
                    written = new TagDefinition().tagId(random.nextInt(50)).sourceId(random.nextInt(3)).dataType(11)
                        .valueRank(-1).nodeId("n" + r).browsePath("p/" + random.nextInt(50)).writeTo(writer, sequence);
                    break;
                case 1:
                    written = new SourceState().sourceId(random.nextInt(3)).state(SourceState.State.CONNECTED)
                        .writeTo(writer, sequence);
                    break;
                default:
                    final RecordType type = RecordType.values()[1 + random.nextInt(2)];
                    written = (type == RecordType.TAG_VALUE_BATCH ? batch.beginLiveValues(writer, sequence)
                        : batch.beginSnapshotPart(writer, sequence, 1, 0)) &&
                        batch.append(value.setTagId(random.nextInt(50)).setDouble(random.nextDouble())
                            .setSourceTime(random.nextLong(1L << 60)));
                    break;
            }
            if (!written)
            {
                break;
            }
            sequence++;
        }
        writer.finish();
        return sequence;
    }

    private static final class OrderChecker implements AppliedRecords
    {
        long records;
        long last = -1;

        @Override
        public void record(final RecordType type, final long streamSequence, final long senderEpoch,
            final byte[] buffer, final int bodyOffset, final int bodyLength)
        {
            assertTrue(streamSequence > last, streamSequence + " after " + last);
            assertTrue(bodyOffset >= 0 && bodyOffset + bodyLength <= buffer.length);
            last = streamSequence;
            records++;
        }

        @Override
        public void gap(final long senderEpoch, final long fromSequence, final long toSequence)
        {
            assertTrue(fromSequence > last && toSequence >= fromSequence, fromSequence + ".." + toSequence +
                " after " + last);
            last = toSequence;
        }
    }
}
