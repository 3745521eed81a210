package io.diodegw.sender.history;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import io.diodegw.sender.snapshot.ShareBudget;
import io.diodegw.wire.record.BlockReader;
import io.diodegw.wire.record.BlockWriter;
import io.diodegw.wire.record.FileChunk;
import io.diodegw.wire.record.FileManifest;
import io.diodegw.wire.record.RecordHeader;
import io.diodegw.wire.record.RecordType;
import io.diodegw.wire.record.ResendMarker;
import io.diodegw.wire.record.SourceState;
import io.diodegw.wire.record.TagDefinition;
import io.diodegw.wire.record.TagValue;
import io.diodegw.wire.record.TagValueBatchWriter;

/**
 * The history carousel over an in-memory journal with an explicit clock: what a pass re-sends, what its markers say,
 * which window it covers, and that it keeps to its share of the link.
 */
class HistoryCarouselTest
{
    private static final long MS = 1_000_000L;
    private static final int BLOCK_BYTES = 4 * 1400;
    private static final long BLOCK_WIRE_BYTES = 5 * 1500;
    private static final long INTERVAL_NS = 60_000 * MS;
    private static final long WINDOW_NS = 600_000 * MS;
    private static final RecordType[] TYPES =
    {
        RecordType.TAG_VALUE_BATCH, RecordType.TAG_VALUE_BATCH, RecordType.TAG_VALUE_BATCH, RecordType.HISTORY_BATCH,
        RecordType.FILE_MANIFEST, RecordType.FILE_CHUNK, RecordType.TAG_DEFINITION, RecordType.SOURCE_STATE,
    };

    @Test
    void shouldResendExactlyTheWindowsHistoryAndFileRecordsWithOriginalSequencesAndMarkTheRestSuperseded()
    {
        for (int seed = 0; seed < 20; seed++)
        {
            final SplittableRandom random = new SplittableRandom(seed);
            final MemorySource source = new MemorySource(randomJournal(random, 2000));
            final HistoryCarousel carousel = carousel(source, BLOCK_BYTES, 1_000_000);
            long nowNs = 0;
            for (int sent = 0; sent < 2000; sent += 100)
            {
                nowNs += 40_000 * MS;
                carousel.onGroupSent(nowNs, sent == 0 ? Long.MIN_VALUE : sent - 1, sent - 1, sent + 99);
            }
            assertTrue(carousel.startIfDue(nowNs));

            final Pass pass = runPass(carousel);
            final long from = expectedFrom(nowNs, 40_000 * MS, 100);
            assertPass(source.records, from, 1999, pass, "seed " + seed);
            assertEquals(1, carousel.passesCompleted());
            assertFalse(carousel.isActive());
        }
    }

    @Test
    void shouldCoverAtMostTheConfiguredRecordsCountedBackFromTheLastSent()
    {
        final MemorySource source = new MemorySource(randomJournal(new SplittableRandom(3), 1000));
        final HistoryCarousel carousel = carousel(source, BLOCK_BYTES, 250);
        long nowNs = 0;
        for (int sent = 0; sent < 1000; sent += 10)
        {
            nowNs += 100 * MS;
            carousel.onGroupSent(nowNs, sent == 0 ? Long.MIN_VALUE : sent - 1, sent - 1, sent + 9);
        }
        assertTrue(carousel.startIfDue(nowNs));
        assertPass(source.records, 750, 999, runPass(carousel), "last 250");
    }

    @Test
    void shouldSplitAPassIntoSegmentsWhenTheSupersededRunsFillAMarker()
    {
        final List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < 600; i++)
        {
            records.add(i % 2 == 0 ? liveBatch(i) : historyBatch(i, 1));
        }
        final MemorySource source = new MemorySource(records);
        final int smallBlock = BlockWriter.HEADER_LENGTH + RecordHeader.LENGTH + ResendMarker.bodyLength(40);
        final HistoryCarousel carousel = carousel(source, smallBlock, 1_000_000);
        carousel.onGroupSent(MS, Long.MIN_VALUE, -1, 599);
        assertTrue(carousel.startIfDue(2 * MS));

        final Pass pass = runPass(carousel, smallBlock);
        assertPass(records, 0, 599, pass, "alternating");
        assertTrue(pass.markers.size() >= 300 / 40, "markers: " + pass.markers.size());
    }

    @Test
    void shouldStartTheNextPassOnlyAfterTheIntervalAndNeverTwoAtOnce()
    {
        final MemorySource source = new MemorySource(randomJournal(new SplittableRandom(5), 100));
        final HistoryCarousel carousel = carousel(source, BLOCK_BYTES, 1_000_000);
        assertFalse(carousel.startIfDue(0), "nothing sent yet");
        carousel.onGroupSent(MS, Long.MIN_VALUE, -1, 99);
        assertTrue(carousel.startIfDue(MS));
        assertFalse(carousel.startIfDue(MS + INTERVAL_NS), "a pass is running");
        runPass(carousel);
        assertFalse(carousel.startIfDue(MS + INTERVAL_NS - 1));
        assertTrue(carousel.startIfDue(MS + INTERVAL_NS));
        assertEquals(2, carousel.passId());
    }

    @Test
    void shouldLeaveRecordsSentBeforeTheTimeWindowOut()
    {
        final MemorySource source = new MemorySource(randomJournal(new SplittableRandom(9), 300));
        final HistoryCarousel carousel = carousel(source, BLOCK_BYTES, 1_000_000);
        carousel.onGroupSent(MS, Long.MIN_VALUE, -1, 99);
        carousel.onGroupSent(WINDOW_NS, 99, 99, 199);
        carousel.onGroupSent(WINDOW_NS + 10 * MS, 199, 199, 299);
        assertTrue(carousel.startIfDue(WINDOW_NS + 2 * MS));
        assertPass(source.records, 100, 299, runPass(carousel), "first group out of the window");
    }

    @Test
    void shouldNeverChargeMoreThanItsShareWhileAPassKeepsItBusy()
    {
        final List<byte[]> records = new ArrayList<>();
        for (int i = 0; i < 20_000; i++)
        {
            records.add(historyBatch(i, 30));
        }
        final long shareBytesPerSec = 50_000;
        final HistoryCarousel carousel = new HistoryCarousel(new MemorySource(records),
            new ShareBudget(shareBytesPerSec, 3 * BLOCK_WIRE_BYTES), INTERVAL_NS, WINDOW_NS, 1_000_000, BLOCK_BYTES);
        carousel.onGroupSent(0, Long.MIN_VALUE, -1, records.size() - 1);
        final byte[] buffer = new byte[BLOCK_BYTES];
        final BlockWriter block = new BlockWriter();
        long blocks = 0;
        final long stepNs = MS / 4;
        final long runNs = 10_000 * MS;
        for (long nowNs = MS; nowNs <= runNs; nowNs += stepNs)
        {
            if (carousel.blockDue(nowNs, BLOCK_WIRE_BYTES))
            {
                block.wrap(buffer, 0, BLOCK_BYTES).outOfBand(true);
                assertTrue(carousel.fill(block) > 0);
                blocks++;
                final long elapsedNs = nowNs - MS;
                assertTrue(blocks * BLOCK_WIRE_BYTES <= shareBytesPerSec * elapsedNs / 1_000_000_000L,
                    blocks + " blocks after " + elapsedNs + " ns");
            }
        }
        final long allowed = shareBytesPerSec * (runNs - MS) / 1_000_000_000L / BLOCK_WIRE_BYTES;
        assertTrue(blocks >= allowed - 1, blocks + " blocks, share allows " + allowed);
        assertEquals(blocks * BLOCK_WIRE_BYTES, carousel.chargedBytes());
    }

    private static long expectedFrom(final long nowNs, final long groupStepNs, final int groupRecords)
    {
        final long oldestInWindowGroup = Math.max(0, (nowNs - WINDOW_NS + groupStepNs - 1) / groupStepNs - 1);
        return oldestInWindowGroup * groupRecords;
    }

    private static HistoryCarousel carousel(final HistorySource source, final int blockBytes, final long windowRecords)
    {
        return new HistoryCarousel(source, new ShareBudget(1_000_000_000L, 1_000_000_000L), INTERVAL_NS, WINDOW_NS,
            windowRecords, blockBytes);
    }

    /** What one pass wrote, decoded with wire-format only. */
    private record Pass(List<byte[]> resent, List<ResendMarker> markers, boolean allOutOfBand)
    {
    }

    private static Pass runPass(final HistoryCarousel carousel)
    {
        return runPass(carousel, BLOCK_BYTES);
    }

    private static Pass runPass(final HistoryCarousel carousel, final int blockBytes)
    {
        final List<byte[]> resent = new ArrayList<>();
        final List<ResendMarker> markers = new ArrayList<>();
        final byte[] buffer = new byte[blockBytes];
        final BlockWriter block = new BlockWriter();
        final BlockReader reader = new BlockReader();
        boolean allOutOfBand = true;
        int guard = 0;
        while (carousel.isActive())
        {
            assertTrue(guard++ < 100_000, "pass does not end");
            block.wrap(buffer, 0, blockBytes).outOfBand(true);
            carousel.fill(block);
            block.finish();
            assertTrue(reader.wrap(buffer, 0, blockBytes));
            allOutOfBand &= reader.isOutOfBand();
            while (reader.next())
            {
                if (reader.type() == RecordType.RESEND_MARKER)
                {
                    final ResendMarker copy = new ResendMarker();
                    assertTrue(copy.readFrom(reader.buffer(), reader.bodyOffset(), reader.bodyLength()));
                    assertEquals(copy.toSequence(), reader.streamSequence());
                    markers.add(copy);
                }
                else
                {
                    final int start = reader.bodyOffset() - RecordHeader.LENGTH;
                    resent.add(Arrays.copyOfRange(reader.buffer(), start, reader.bodyOffset() + reader.bodyLength()));
                }
            }
            assertEquals(0, reader.malformed());
        }
        return new Pass(resent, markers, allOutOfBand);
    }

    /**
     * Asserts that the pass re-sent every non-superseded record of from..to once, in order and byte for byte, and
     * that its markers tile from..to with the superseded sequences as runs and the right re-sent counts.
     */
    private static void assertPass(final List<byte[]> journal, final long from, final long to, final Pass pass,
        final String what)
    {
        assertTrue(pass.allOutOfBand, what);
        final List<byte[]> expected = new ArrayList<>();
        final TreeSet<Long> superseded = new TreeSet<>();
        for (long s = from; s <= to; s++)
        {
            final byte[] record = journal.get((int)s);
            if (HistoryCarousel.isSuperseded(typeOf(record)))
            {
                superseded.add(s);
            }
            else
            {
                expected.add(record);
            }
        }
        assertEquals(expected.size(), pass.resent.size(), what + ": re-sent records");
        for (int i = 0; i < expected.size(); i++)
        {
            assertArrayEquals(expected.get(i), pass.resent.get(i), what + ": re-sent record " + i);
        }
        long next = from;
        long resentCount = 0;
        final TreeSet<Long> marked = new TreeSet<>();
        for (final ResendMarker marker : pass.markers)
        {
            assertEquals(next, marker.fromSequence(), what + ": segments tile the pass");
            next = marker.toSequence() + 1;
            resentCount += marker.resentCount();
            for (int r = 0; r < marker.runCount(); r++)
            {
                for (long s = marker.runFirst(r); s < marker.runFirst(r) + marker.runLength(r); s++)
                {
                    marked.add(s);
                }
            }
        }
        assertEquals(to + 1, next, what + ": last segment ends at the pass's end");
        assertEquals(expected.size(), resentCount, what + ": re-sent counts");
        assertEquals(superseded, marked, what + ": superseded runs");
    }

    private static int typeOf(final byte[] record)
    {
        return (record[RecordHeader.TYPE_OFFSET] & 0xFF) | ((record[RecordHeader.TYPE_OFFSET + 1] & 0xFF) << 8);
    }

    private static List<byte[]> randomJournal(final SplittableRandom random, final int count)
    {
        final List<byte[]> records = new ArrayList<>();
        for (int s = 0; s < count; s++)
        {
            final RecordType type = TYPES[random.nextInt(TYPES.length)];
            records.add(switch (type)
            {
                case TAG_VALUE_BATCH -> liveBatch(s);
                case HISTORY_BATCH -> historyBatch(s, 1 + random.nextInt(20));
                case FILE_MANIFEST -> encode(s, (b, q) -> new FileManifest().fileId(q).sizeBytes(100).chunkSizeBytes(50)
                    .chunkCount(2).sha256(new byte[FileManifest.SHA256_LENGTH]).name("f" + q).writeTo(b, q));
                case FILE_CHUNK -> encode(s, (b, q) -> new FileChunk().fileId(q).chunkIndex(0).byteOffset(0)
                    .data(new byte[random.nextInt(300)], 0, 0).writeTo(b, q));
                case TAG_DEFINITION -> encode(s, (b, q) -> new TagDefinition().tagId((int)q).sourceId(1)
                    .nodeId("ns=2;i=" + q).writeTo(b, q));
                default -> encode(s, (b, q) -> new SourceState().sourceId(1).state(SourceState.State.CONNECTED)
                    .timeTicks(q).writeTo(b, q));
            });
        }
        return records;
    }

    private static byte[] liveBatch(final long sequence)
    {
        return encode(sequence, (b, q) ->
        {
            final TagValueBatchWriter batch = new TagValueBatchWriter();
            return batch.beginLiveValues(b, q) && batch.append(new TagValue().setTagId(7).setDouble(q));
        });
    }

    private static byte[] historyBatch(final long sequence, final int values)
    {
        return encode(sequence, (b, q) ->
        {
            final TagValueBatchWriter batch = new TagValueBatchWriter();
            boolean ok = batch.beginHistory(b, q, 1);
            for (int i = 0; i < values; i++)
            {
                ok &= batch.append(new TagValue().setTagId(i).setDouble(q + i).setSourceTime(1000 + i));
            }
            return ok;
        });
    }

    private interface Encoder
    {
        boolean write(BlockWriter block, long sequence);
    }

    private static byte[] encode(final long sequence, final Encoder encoder)
    {
        final byte[] buffer = new byte[2048];
        final BlockWriter block = new BlockWriter().wrap(buffer, 0, buffer.length);
        assertTrue(encoder.write(block, sequence));
        return Arrays.copyOfRange(buffer, BlockWriter.HEADER_LENGTH, block.usedLength());
    }

    /** The journal as a list: record i has stream sequence i and journal index i. */
    private static final class MemorySource implements HistorySource
    {
        final List<byte[]> records;
        private int position;

        MemorySource(final List<byte[]> records)
        {
            this.records = records;
        }

        @Override
        public void moveAfter(final long index)
        {
            position = index == Long.MIN_VALUE ? 0 : (int)index + 1;
        }

        @Override
        public int next(final byte[] dst, final int offset)
        {
            if (position >= records.size())
            {
                return 0;
            }
            final byte[] record = records.get(position++);
            System.arraycopy(record, 0, dst, offset, record.length);
            return record.length;
        }

        @Override
        public int maxRecordBytes()
        {
            return 2048;
        }

        @Override
        public void close()
        {
        }
    }
}
