package io.diodegw.sender.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.diodegw.config.SenderSettings.JournalRollCycle;
import io.diodegw.wire.record.TagValue;

/**
 * The journal's policy when its quota is full and every byte is in the roll cycle being written: nothing unsent is
 * deleted, live values are conflated to the newest per tag, and whenever the replicator has sent everything the
 * newest values are journaled beyond the quota once per housekeeping interval, so the IT side stays current and the
 * block ends once the replicator passes into the next roll cycle, without any other record having to arrive. Wall clock injected for the cycles.
 */
class OtJournalQuotaTest
{
    private static final long WAIT_MS = 30_000;
    private static final long HOUR_MS = 3_600_000L;
    private static final long START_MS = 1_795_000_000_000L;
    private static final int TAGS = 100;

    @TempDir
    Path dir;

    @Test
    void shouldKeepTheMirrorCurrentBeyondAFullQuotaOnlyWhileTheReplicatorHasSentEverythingAndUnblockAtTheNextCycle()
        throws Exception
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
                journal.tagValue(1, value(holder, (int)(v % TAGS), v++));
                if (v % 1000 == 0)
                {
                    assertTrue(journal.awaitWritten(WAIT_MS));
                }
            }
            assertTrue(journal.isQuotaBlocked());
            handOverRounds(journal, holder, 10_000_000L);
            assertTrue(journal.awaitWritten(WAIT_MS));
            final long headWhileBehind = journal.lastSequence();
            Thread.sleep(50);
            assertEquals(headWhileBehind, journal.lastSequence(), "behind the replicator nothing goes beyond quota");
            assertEquals(0, journal.valuesBeyondQuota());

            markAllSent(reader);
            await(() -> journal.lastSequence() > headWhileBehind);
            final List<JournalRecords.Decoded> flushed = readUntilNewest(reader, 10_000_000L);
            assertNewestPerTag(flushed, 10_000_000L);
            assertEquals(TAGS, journal.valuesBeyondQuota());
            assertTrue(journal.isQuotaBlocked(), "the cycle being written cannot be deleted");
            assertTrue(journal.usedBytes() > options.quotaBytes());
            assertEquals(0, journal.cyclesDeleted());

            clockMs.addAndGet(HOUR_MS);
            markSent(reader, flushed);
            final long flushedHead = journal.lastSequence();
            handOverRounds(journal, holder, 20_000_000L);
            await(() -> journal.lastSequence() > flushedHead);
            assertEquals(0, journal.cyclesDeleted(), "the replicator has not passed the full cycle yet");
            final List<JournalRecords.Decoded> nextCycle = readUntilNewest(reader, 20_000_000L);
            assertNewestPerTag(nextCycle, 20_000_000L);
            markSent(reader, nextCycle);
            await(() -> !journal.isQuotaBlocked());
            assertEquals(1, journal.cyclesDeleted(), "once the replicator passed it, the full cycle is deleted");
            assertFalse(journal.isQuotaBlocked());
            reader.close();
        }
    }

    private static void handOverRounds(final OtJournal journal, final TagValue holder, final long base)
    {
        for (int round = 0; round < 3; round++)
        {
            for (int tag = 0; tag < TAGS; tag++)
            {
                journal.tagValue(1, value(holder, tag, base + round * TAGS + tag));
            }
        }
    }

    private static void markAllSent(final JournalReader reader)
    {
        markSent(reader, JournalRecords.readAvailable(reader));
    }

    private static void markSent(final JournalReader reader, final List<JournalRecords.Decoded> records)
    {
        final JournalRecords.Decoded last = records.get(records.size() - 1);
        reader.markSent(last.index(), last.sequence());
    }

    /**
     * Reads until the newest value of every tag (round 2 of {@link #handOverRounds}) arrived: the journal writes on
     * its own thread, and a value written while the replicator had sent everything may go out before the later
     * rounds conflate, so a tag may show an older round first. Marks what it read as sent, as the replicator would:
     * beyond the quota the journal writes only while the replicator has sent everything.
     */
    private static List<JournalRecords.Decoded> readUntilNewest(final JournalReader reader, final long base)
        throws InterruptedException
    {
        final List<JournalRecords.Decoded> records = new java.util.ArrayList<>();
        final java.util.Set<Integer> done = new java.util.HashSet<>();
        final long deadline = System.nanoTime() + WAIT_MS * 1_000_000;
        while (done.size() < TAGS && System.nanoTime() < deadline)
        {
            final List<JournalRecords.Decoded> read = JournalRecords.readAvailable(reader);
            if (!read.isEmpty())
            {
                markSent(reader, read);
            }
            for (final JournalRecords.Decoded r : read)
            {
                records.add(r);
                for (final TagValue value : r.values())
                {
                    if (value.longValue() == base + 2 * TAGS + value.tagId())
                    {
                        done.add(value.tagId());
                    }
                }
            }
            Thread.sleep(2);
        }
        return records;
    }

    /** Every value read is one written in these rounds, in round order per tag, ending with the newest. */
    private static void assertNewestPerTag(final List<JournalRecords.Decoded> records, final long base)
    {
        final Map<Integer, Long> newest = new HashMap<>();
        for (final JournalRecords.Decoded r : records)
        {
            for (final TagValue value : r.values())
            {
                final long v = value.longValue();
                assertTrue(v >= base && v < base + 3 * TAGS && (v - base) % TAGS == value.tagId(),
                    "a value written in these rounds: " + v + " for tag " + value.tagId());
                final Long before = newest.put(value.tagId(), v);
                assertTrue(before == null || before < v, "tag " + value.tagId() + " in order: " + before + ", " + v);
            }
        }
        assertEquals(TAGS, newest.size());
        for (int tag = 0; tag < TAGS; tag++)
        {
            assertEquals(base + 2 * TAGS + tag, newest.get(tag), "the newest value of tag " + tag);
        }
    }

    private static void await(final BooleanSupplier condition) throws InterruptedException
    {
        final long deadline = System.nanoTime() + WAIT_MS * 1_000_000;
        while (!condition.getAsBoolean() && System.nanoTime() < deadline)
        {
            Thread.sleep(2);
        }
        assertTrue(condition.getAsBoolean());
    }

    private static TagValue value(final TagValue holder, final int tagId, final long v)
    {
        return holder.clear().setTagId(tagId).setInt64(v).setSourceTime(START_MS * 10_000 + v)
            .setServerTime(START_MS * 10_000 + v + 1);
    }
}
