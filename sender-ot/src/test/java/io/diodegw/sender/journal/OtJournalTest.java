package io.diodegw.sender.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.diodegw.config.SenderSettings.JournalRollCycle;
import io.diodegw.wire.record.RecordType;
import io.diodegw.wire.record.SourceState;
import io.diodegw.wire.record.TagDefinition;
import io.diodegw.wire.record.TagValue;

class OtJournalTest
{
    private static final long WAIT_MS = 30_000;
    private static final long HOUR_MS = 3_600_000L;
    private static final long START_MS = 1_795_000_000_000L;

    @TempDir
    Path dir;

    private static TagDefinition definition(final int sourceId, final int tagId)
    {
        return new TagDefinition().tagId(tagId).sourceId(sourceId).dataType(11).nodeId("ns=2;i=" + tagId)
            .browsePath("/Objects/T" + tagId).engineeringUnits("m").description("tag " + tagId);
    }

    private static TagValue value(final TagValue holder, final int tagId, final long v)
    {
        return holder.clear().setTagId(tagId).setInt64(v).setSourceTime(START_MS * 10_000 + v)
            .setServerTime(START_MS * 10_000 + v + 1);
    }

    private static void assertStrictlyIncreasingFrom(final long first, final List<JournalRecords.Decoded> records)
    {
        long expected = first;
        for (final JournalRecords.Decoded r : records)
        {
            assertEquals(expected++, r.sequence(), "stream sequences are gap-free and strictly increasing");
        }
    }

    @Test
    void shouldReadBackEveryRecordOfFourCollectorThreadsExactlyOnceInStrictlyIncreasingSequence() throws Exception
    {
        final int threads = 4;
        final int tagsPerThread = 50;
        final int valuesPerThread = 5_000;
        try (OtJournal journal = OtJournal.open(JournalOptions.builder(dir).build()))
        {
            final List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++)
            {
                final int sourceId = t + 1;
                workers.add(new Thread(() ->
                {
                    final SplittableRandom random = new SplittableRandom(sourceId);
                    journal.sourceState(new SourceState().sourceId(sourceId).state(SourceState.State.CONNECTED)
                        .timeTicks(1).reason("up"));
                    for (int i = 0; i < tagsPerThread; i++)
                    {
                        journal.tagDefinition(definition(sourceId, sourceId * 1000 + i));
                    }
                    final TagValue holder = new TagValue();
                    for (int i = 0; i < valuesPerThread; i++)
                    {
                        journal.tagValue(sourceId, value(holder, sourceId * 1000 + random.nextInt(tagsPerThread),
                            sourceId * 1_000_000L + i));
                    }
                }));
            }
            workers.forEach(Thread::start);
            for (final Thread w : workers)
            {
                w.join();
            }
            assertTrue(journal.awaitWritten(WAIT_MS));
            assertEquals(0, journal.valuesDeferred(), "the hand-off queue never overflowed");

            final List<JournalRecords.Decoded> records;
            try (JournalReader reader = journal.openReader(1000))
            {
                records = JournalRecords.readAvailable(reader);
            }
            assertStrictlyIncreasingFrom(0, records);
            assertEquals(journal.lastSequence(), records.get(records.size() - 1).sequence());
            final Map<Integer, Long> nextValuePerSource = new HashMap<>();
            int definitions = 0;
            int states = 0;
            for (final JournalRecords.Decoded r : records)
            {
                if (r.type() == RecordType.TAG_DEFINITION)
                {
                    definitions++;
                }
                else if (r.type() == RecordType.SOURCE_STATE)
                {
                    states++;
                }
                for (final TagValue v : r.values())
                {
                    final int sourceId = v.tagId() / 1000;
                    final long expected = nextValuePerSource.getOrDefault(sourceId, sourceId * 1_000_000L);
                    assertEquals(expected, v.longValue(), "each value once, in hand-over order per thread");
                    nextValuePerSource.put(sourceId, expected + 1);
                }
            }
            assertEquals(threads * tagsPerThread, definitions);
            assertEquals(threads, states);
            for (int t = 1; t <= threads; t++)
            {
                assertEquals(t * 1_000_000L + valuesPerThread, nextValuePerSource.get(t));
            }
            assertEquals((long)threads * valuesPerThread, journal.valuesAppended());
            assertTrue(records.size() < threads * (valuesPerThread + tagsPerThread + 1),
                "values are grouped into batch records");
        }
    }

    @Test
    void shouldContinueSequencesAndResumeReaderRightAfterLastSentRecordWhenReopened() throws Exception
    {
        final TagValue holder = new TagValue();
        final long sentIndex;
        try (OtJournal journal = OtJournal.open(JournalOptions.builder(dir).build()))
        {
            for (int i = 0; i < 100; i++)
            {
                journal.tagDefinition(definition(1, i));
            }
            assertTrue(journal.awaitWritten(WAIT_MS));
            try (JournalReader reader = journal.openReader(1000))
            {
                final byte[] buffer = new byte[reader.maxRecordBytes()];
                for (int i = 0; i < 60; i++)
                {
                    assertTrue(reader.next(buffer, 0) > 0);
                }
                sentIndex = reader.lastReadIndex();
                reader.markSent(sentIndex, reader.lastReadSequence());
                assertEquals(59, reader.lastReadSequence());
                assertTrue(reader.next(buffer, 0) > 0, "read but not sent: must come again after a restart");
            }
        }
        try (OtJournal journal = OtJournal.open(JournalOptions.builder(dir).build()))
        {
            assertEquals(99, journal.lastSequence(), "the last sequence is recovered from the last excerpt");
            journal.tagValue(1, value(holder, 7, 42));
            journal.tagDefinition(definition(1, 1000));
            assertTrue(journal.awaitWritten(WAIT_MS));
            try (JournalReader reader = journal.openReader(1000))
            {
                final List<JournalRecords.Decoded> records = JournalRecords.readAvailable(reader);
                assertEquals(60, records.get(0).sequence(), "resumes after the last record marked sent");
                assertStrictlyIncreasingFrom(60, records);
                assertEquals(102 - 60, records.size());
                assertEquals(42, records.get(records.size() - 2).values().get(0).longValue());
            }
        }
    }

    @Test
    void shouldConflateValuesToNewestPerTagWhenQuotaIsFullAndJournalThemOnceSentCyclesAreDeleted() throws Exception
    {
        final AtomicLong clockMs = new AtomicLong(START_MS);
        final JournalOptions options = JournalOptions.builder(dir).quotaBytes(1 << 20)
            .rollCycle(JournalRollCycle.HOURLY).retentionMs(10 * HOUR_MS).housekeepingIntervalMs(5)
            .wallClockMs(clockMs::get).build();
        final TagValue holder = new TagValue();
        try (OtJournal journal = OtJournal.open(options))
        {
            final JournalReader reader = journal.openReader(1000);
            long v = 0;
            while (!journal.isQuotaBlocked() && v < 1_000_000)
            {
                journal.tagValue(1, value(holder, (int)(v % 100), v));
                v++;
                if (v % 1000 == 0)
                {
                    assertTrue(journal.awaitWritten(WAIT_MS));
                }
            }
            assertTrue(journal.isQuotaBlocked(), "a full quota with nothing sent blocks live values");
            assertTrue(journal.usedBytes() > options.quotaBytes());
            final long appendedWhenBlocked = journal.valuesAppended();
            for (int round = 0; round < 3; round++)
            {
                for (int tag = 0; tag < 100; tag++)
                {
                    journal.tagValue(1, value(holder, tag, 10_000_000L + round * 100 + tag));
                }
            }
            journal.tagDefinition(definition(1, 500));
            assertTrue(journal.awaitWritten(WAIT_MS));
            assertEquals(appendedWhenBlocked, journal.valuesAppended(), "no value is appended while blocked");
            assertTrue(journal.valuesDeferred() >= 300);
            assertTrue(journal.valuesSuperseded() >= 200, "older values of the same tag are superseded");
            assertEquals(1, journal.appendsBeyondQuota(), "definitions are still journaled");
            assertEquals(0, journal.cyclesDeleted(), "nothing was sent, so nothing is deleted");

            clockMs.addAndGet(HOUR_MS);
            journal.sourceState(new SourceState().sourceId(1).state(SourceState.State.CONNECTED).reason("next hour"));
            assertTrue(journal.awaitWritten(WAIT_MS));
            final List<JournalRecords.Decoded> before = JournalRecords.readAvailable(reader);
            final JournalRecords.Decoded last = before.get(before.size() - 1);
            assertEquals(RecordType.SOURCE_STATE, last.type());
            reader.markSent(last.index(), last.sequence());

            final long deadline = System.nanoTime() + WAIT_MS * 1_000_000;
            while (journal.isQuotaBlocked() && System.nanoTime() < deadline)
            {
                Thread.sleep(2);
            }
            assertFalse(journal.isQuotaBlocked(), "deleting the sent cycle frees the quota");
            assertEquals(1, journal.cyclesDeleted());
            assertTrue(journal.awaitWritten(WAIT_MS));
            final List<JournalRecords.Decoded> after = JournalRecords.readAvailable(reader);
            assertStrictlyIncreasingFrom(last.sequence() + 1, after);
            final Map<Integer, Long> newest = new HashMap<>();
            for (final JournalRecords.Decoded r : after)
            {
                for (final TagValue value : r.values())
                {
                    assertTrue(newest.put(value.tagId(), value.longValue()) == null, "one value per tag");
                }
            }
            assertEquals(100, newest.size());
            for (int tag = 0; tag < 100; tag++)
            {
                assertEquals(10_000_000L + 200 + tag, newest.get(tag), "the newest value of each tag survives");
            }
            reader.close();
        }
    }

    @Test
    void shouldDeleteCycleBeyondRetentionOnlyAfterReplicatorPassedIt() throws Exception
    {
        final AtomicLong clockMs = new AtomicLong(START_MS);
        final JournalOptions options = JournalOptions.builder(dir).quotaBytes(1L << 30).retentionMs(HOUR_MS)
            .housekeepingIntervalMs(5).wallClockMs(clockMs::get).build();
        try (OtJournal journal = OtJournal.open(options))
        {
            final JournalReader reader = journal.openReader(1000);
            journal.tagDefinition(definition(1, 1));
            assertTrue(journal.awaitWritten(WAIT_MS));
            clockMs.addAndGet(3 * HOUR_MS);
            journal.tagDefinition(definition(1, 2));
            assertTrue(journal.awaitWritten(WAIT_MS));
            Thread.sleep(50);
            assertEquals(0, journal.cyclesDeleted(), "an unsent cycle is kept whatever its age");
            final List<JournalRecords.Decoded> records = JournalRecords.readAvailable(reader);
            assertEquals(2, records.size());
            reader.markSent(records.get(1).index(), records.get(1).sequence());
            final long deadline = System.nanoTime() + WAIT_MS * 1_000_000;
            while (journal.cyclesDeleted() == 0 && System.nanoTime() < deadline)
            {
                Thread.sleep(2);
            }
            assertEquals(1, journal.cyclesDeleted());
            try (var files = Files.list(dir.resolve(OtJournal.QUEUE_DIR)))
            {
                assertEquals(1, files.filter(p -> p.toString().endsWith(".cq4")).count());
            }
            reader.close();
        }
    }
}
