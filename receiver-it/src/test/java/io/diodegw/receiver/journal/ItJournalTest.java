package io.diodegw.receiver.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diodegw.wire.record.RecordType;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ItJournalTest
{
    @TempDir
    Path dir;

    private final AtomicLong clockMs = new AtomicLong(1_790_000_000_000L);

    private ItJournal open()
    {
        return ItJournal.open(dir, clockMs::incrementAndGet);
    }

    @Test
    void shouldResumeAfterTheHighestSequenceOfTheNewestEpochIgnoringRefillsAndClosedGapReports()
    {
        final byte[] body = new byte[8];
        try (ItJournal journal = open())
        {
            assertNull(journal.resumePoint());
            journal.record(RecordType.TAG_VALUE_BATCH, 10, TestStream.EPOCH, body, 0, body.length);
            journal.record(RecordType.TAG_VALUE_BATCH, 3, TestStream.EPOCH + 1, body, 0, body.length);
            journal.gap(TestStream.EPOCH + 1, 4, 6);
            journal.record(RecordType.TAG_VALUE_BATCH, 7, TestStream.EPOCH + 1, body, 0, body.length);
            journal.record(RecordType.HISTORY_BATCH, 5, TestStream.EPOCH + 1, body, 0, body.length);
            journal.gap(GapReport.open(TestStream.EPOCH, 50, 60, 0, 0).as(GapReport.State.CLOSED, 11, 0));
        }
        try (ItJournal journal = open())
        {
            assertEquals(new ItJournal.ResumePoint(TestStream.EPOCH + 1, 8), journal.resumePoint());
        }
    }

    @Test
    void shouldListTheGapsStillOpenWithTheSequencesRefilledSinceAfterReopen()
    {
        final byte[] body = new byte[8];
        try (ItJournal journal = open())
        {
            assertTrue(journal.openGaps().isEmpty());
            journal.record(RecordType.TAG_VALUE_BATCH, 1, TestStream.EPOCH, body, 0, body.length);
            journal.gap(TestStream.EPOCH, 2, 5);
            journal.gap(TestStream.EPOCH, 7, 9);
            journal.gap(TestStream.EPOCH, 12, 13);
            journal.record(RecordType.TAG_VALUE_BATCH, 14, TestStream.EPOCH, body, 0, body.length);
            journal.record(RecordType.HISTORY_BATCH, 3, TestStream.EPOCH, body, 0, body.length);
            journal.record(RecordType.HISTORY_BATCH, 8, TestStream.EPOCH, body, 0, body.length);
            journal.gap(GapReport.open(TestStream.EPOCH, 7, 9, 0, 0).as(GapReport.State.CLOSED, 1, 2));
        }
        try (ItJournal journal = open())
        {
            final List<ItJournal.OpenGap> open = journal.openGaps();
            assertEquals(2, open.size(), "7..9 was closed");
            assertEquals(2, open.get(0).report().fromSequence());
            assertEquals(5, open.get(0).report().toSequence());
            assertArrayEquals(new long[] {3}, open.get(0).heldSequences());
            assertEquals(12, open.get(1).report().fromSequence());
            assertArrayEquals(new long[0], open.get(1).heldSequences());
        }
    }

    @Test
    void shouldReadBackEveryRecordAndGapBitExactlyInOrder()
    {
        final SplittableRandom random = new SplittableRandom(42);
        final List<byte[]> bodies = new ArrayList<>();
        try (ItJournal journal = open(); JournalCursor cursor = journal.cursor("reader"))
        {
            for (int i = 0; i < 500; i++)
            {
                final byte[] buffer = new byte[random.nextInt(300) + 8];
                random.nextBytes(buffer);
                final int offset = random.nextInt(4);
                final int length = buffer.length - offset - random.nextInt(4);
                journal.record(RecordType.TAG_VALUE_BATCH, 1000 + i, TestStream.EPOCH, buffer, offset, length);
                bodies.add(java.util.Arrays.copyOfRange(buffer, offset, offset + length));
                if (i % 100 == 99)
                {
                    journal.gap(TestStream.EPOCH, 5000 + i, 5010 + i);
                }
            }
            assertEquals(505, journal.headSequence());
            final JournalEntry entry = new JournalEntry();
            int records = 0;
            int gaps = 0;
            long expectedJournalSequence = 1;
            while (cursor.next(entry))
            {
                assertEquals(expectedJournalSequence++, entry.journalSequence());
                assertEquals(TestStream.EPOCH, entry.senderEpoch());
                if (entry.kind() == JournalEntry.Kind.RECORD)
                {
                    assertEquals(RecordType.TAG_VALUE_BATCH, entry.type());
                    assertEquals(1000 + records, entry.streamSequence());
                    assertArrayEquals(bodies.get(records), entry.bodyCopy());
                    records++;
                }
                else
                {
                    assertEquals(5000 + records - 1, entry.gapFromSequence());
                    assertEquals(5010 + records - 1, entry.gapToSequence());
                    assertNull(entry.type());
                    gaps++;
                }
            }
            assertEquals(500, records);
            assertEquals(5, gaps);
        }
    }

    @Test
    void shouldStampEachEntryWithTheApplyTimeFromItsClock()
    {
        try (ItJournal journal = open(); JournalCursor cursor = journal.cursor("reader"))
        {
            journal.record(RecordType.SOURCE_STATE, 1, 1, new byte[3], 0, 3);
            journal.gap(1, 2, 3);
            final JournalEntry entry = new JournalEntry();
            assertTrue(cursor.next(entry));
            assertEquals(1_790_000_000_001L, entry.appliedAtEpochMs());
            assertTrue(cursor.next(entry));
            assertEquals(1_790_000_000_002L, entry.appliedAtEpochMs());
            assertFalse(cursor.next(entry));
        }
    }

    @Test
    void shouldContinueJournalSequencesAfterReopen()
    {
        try (ItJournal journal = open())
        {
            journal.record(RecordType.SOURCE_STATE, 1, 1, new byte[3], 0, 3);
            journal.record(RecordType.SOURCE_STATE, 2, 1, new byte[3], 0, 3);
        }
        try (ItJournal journal = open(); JournalCursor cursor = journal.cursor("reader"))
        {
            assertEquals(2, journal.headSequence());
            journal.gap(1, 3, 4);
            assertEquals(3, journal.headSequence());
            final JournalEntry entry = new JournalEntry();
            final List<Long> sequences = new ArrayList<>();
            while (cursor.next(entry))
            {
                sequences.add(entry.journalSequence());
            }
            assertEquals(List.of(1L, 2L, 3L), sequences);
        }
    }

    @Test
    void shouldDeliverUncommittedEntriesAgainAfterReopen()
    {
        final JournalEntry entry = new JournalEntry();
        try (ItJournal journal = open())
        {
            for (int i = 1; i <= 10; i++)
            {
                journal.record(RecordType.SOURCE_STATE, i, 1, new byte[] {(byte)i}, 0, 1);
            }
            try (JournalCursor committing = journal.cursor("committing");
                JournalCursor forgetful = journal.cursor("forgetful"))
            {
                for (int i = 0; i < 4; i++)
                {
                    assertTrue(committing.next(entry));
                    assertTrue(forgetful.next(entry));
                }
                committing.commit();
                assertEquals(4, committing.committedSequence());
                assertEquals(6, committing.lag());
                assertEquals(0, forgetful.committedSequence());
                assertEquals(10, forgetful.lag());
            }
        }
        try (ItJournal journal = open();
            JournalCursor committing = journal.cursor("committing");
            JournalCursor forgetful = journal.cursor("forgetful"))
        {
            assertTrue(committing.next(entry));
            assertEquals(5, entry.streamSequence());
            assertTrue(forgetful.next(entry));
            assertEquals(1, entry.streamSequence());
        }
    }

    @Test
    void shouldReturnTheSameEntriesAfterRewind()
    {
        try (ItJournal journal = open(); JournalCursor cursor = journal.cursor("sink"))
        {
            for (int i = 1; i <= 6; i++)
            {
                journal.record(RecordType.SOURCE_STATE, i, 1, new byte[] {(byte)i}, 0, 1);
            }
            final JournalEntry entry = new JournalEntry();
            cursor.next(entry);
            cursor.next(entry);
            cursor.commit();
            cursor.next(entry);
            cursor.next(entry);
            assertEquals(4, cursor.readSequence());
            cursor.rewind();
            assertEquals(2, cursor.readSequence());
            assertTrue(cursor.next(entry));
            assertEquals(3, entry.streamSequence());
        }
    }

    @Test
    void shouldKeepThePendingEndOfAnInterruptedBatchAcrossReopenUntilCommit()
    {
        final JournalEntry entry = new JournalEntry();
        try (ItJournal journal = open())
        {
            for (int i = 1; i <= 6; i++)
            {
                journal.record(RecordType.SOURCE_STATE, i, 1, new byte[] {(byte)i}, 0, 1);
            }
            try (JournalCursor cursor = journal.cursor("sink"))
            {
                cursor.next(entry);
                cursor.next(entry);
                cursor.next(entry);
                cursor.markPending(3);
            }
        }
        try (ItJournal journal = open(); JournalCursor cursor = journal.cursor("sink"))
        {
            assertEquals(3, cursor.pendingEndSequence());
            assertEquals(0, cursor.committedSequence());
            cursor.next(entry);
            cursor.next(entry);
            cursor.next(entry);
            cursor.commit();
            assertEquals(0, cursor.pendingEndSequence());
        }
        try (ItJournal journal = open(); JournalCursor cursor = journal.cursor("sink"))
        {
            assertEquals(0, cursor.pendingEndSequence());
            assertEquals(3, cursor.committedSequence());
        }
    }

    @Test
    void shouldRefuseASecondCursorOfTheSameNameAndBadNames()
    {
        try (ItJournal journal = open(); JournalCursor cursor = journal.cursor("files"))
        {
            assertThrows(IllegalStateException.class, () -> journal.cursor("files"));
            assertThrows(IllegalArgumentException.class, () -> journal.cursor("../etc"));
            assertThrows(IllegalArgumentException.class, () -> journal.cursor(""));
            cursor.close();
            journal.cursor("files").close();
        }
    }

    @Test
    void shouldFindDefinitionsBeforeACommittedPosition()
    {
        final TestStream stream = new TestStream(3, 5);
        try (ItJournal journal = open())
        {
            stream.writeDefinitions(journal);
            stream.writeValues(journal, 3, 4);
            final List<Long> seen = new ArrayList<>();
            journal.forEachDefinition(4, entry -> seen.add(entry.streamSequence()));
            assertEquals(List.of(1L, 2L, 3L, 4L), seen);
        }
    }

    @Test
    void shouldRejectAnEmptyGap()
    {
        try (ItJournal journal = open())
        {
            assertThrows(IllegalArgumentException.class, () -> journal.gap(1, 5, 4));
            assertEquals(0, journal.headSequence());
        }
    }
}
