package io.diodegw.receiver.journal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.diodegw.wire.crypto.JournalCipher;
import io.diodegw.wire.crypto.JournalKey;
import io.diodegw.wire.crypto.JournalKeyCheck;
import io.diodegw.wire.record.RecordType;

class ItJournalEncryptionTest
{
    private static final String MARKER = "CLEAR-TEXT-MARKER";
    private static final int RECORDS = 30;

    @TempDir
    Path dir;

    private final AtomicLong clockMs = new AtomicLong(1_790_000_000_000L);

    private static JournalKey key(final int seed)
    {
        final byte[] bytes = new byte[JournalKey.LENGTH];
        new SplittableRandom(seed).nextBytes(bytes);
        return new JournalKey(bytes);
    }

    /** Seeded bodies of 0 to 1,000 bytes, each starting with the marker when long enough. */
    private static List<byte[]> bodies()
    {
        final SplittableRandom random = new SplittableRandom(9);
        final List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++)
        {
            final byte[] body = new byte[i == 0 ? 0 : random.nextInt(1000)];
            random.nextBytes(body);
            final byte[] marker = MARKER.getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(marker, 0, body, 0, Math.min(marker.length, body.length));
            bodies.add(body);
        }
        return bodies;
    }

    /** Journals the bodies as records of sequences 100.., with a gap 110..111 after the tenth, and a definition. */
    private static void write(final ItJournal journal, final List<byte[]> bodies)
    {
        for (int i = 0; i < bodies.size(); i++)
        {
            final byte[] padded = new byte[bodies.get(i).length + 7];
            System.arraycopy(bodies.get(i), 0, padded, 3, bodies.get(i).length);
            journal.record(i == 5 ? RecordType.TAG_DEFINITION : RecordType.TAG_VALUE_BATCH, 100 + i + (i >= 10 ? 2 : 0),
                TestStream.EPOCH, padded, 3, bodies.get(i).length);
            if (i == 9)
            {
                journal.gap(GapReport.open(TestStream.EPOCH, 110, 111, 5, 6));
            }
        }
    }

    private static List<JournalEntry> readAll(final JournalCursor cursor)
    {
        final List<JournalEntry> entries = new ArrayList<>();
        JournalEntry entry = new JournalEntry();
        while (cursor.next(entry))
        {
            entries.add(entry);
            entry = new JournalEntry();
        }
        return entries;
    }

    private static Path cycleFile(final Path journalDir) throws IOException
    {
        try (Stream<Path> files = Files.list(journalDir.resolve("queue")))
        {
            final List<Path> cycles = files.filter(p -> p.toString().endsWith(".cq4")).toList();
            assertEquals(1, cycles.size(), cycles.toString());
            return cycles.get(0);
        }
    }

    @Test
    void shouldGiveCursorsResumePointAndDefinitionScanTheSameEntriesWithAndWithoutAKey() throws IOException
    {
        final List<byte[]> bodies = bodies();
        final List<List<JournalEntry>> read = new ArrayList<>();
        final List<ItJournal.ResumePoint> resume = new ArrayList<>();
        for (final JournalKey key : new JournalKey[] {null, key(1)})
        {
            final Path journalDir = dir.resolve(key == null ? "clear" : "sealed");
            try (ItJournal journal = ItJournal.open(journalDir, clockMs::incrementAndGet, key))
            {
                write(journal, bodies);
            }
            try (ItJournal journal = ItJournal.open(journalDir, clockMs::incrementAndGet, key);
                JournalCursor cursor = journal.cursor("sink"))
            {
                read.add(readAll(cursor));
                resume.add(journal.resumePoint());
                assertEquals(1, journal.openGaps().size());
                final List<byte[]> definitions = new ArrayList<>();
                journal.forEachDefinition(journal.headSequence(), e -> definitions.add(e.bodyCopy()));
                assertEquals(1, definitions.size());
                assertArrayEquals(bodies.get(5), definitions.get(0));
                assertEquals(0, cursor.unauthenticEntries());
            }
            assertEquals(key != null, !new String(Files.readAllBytes(cycleFile(journalDir)),
                StandardCharsets.ISO_8859_1).contains(MARKER), "bodies are in clear only without a key");
        }
        assertEquals(new ItJournal.ResumePoint(TestStream.EPOCH, 132), resume.get(0));
        assertEquals(resume.get(0), resume.get(1));
        assertEquals(RECORDS + 1, read.get(0).size());
        assertEquals(read.get(0).size(), read.get(1).size());
        int record = 0;
        for (int i = 0; i < read.get(0).size(); i++)
        {
            final JournalEntry clear = read.get(0).get(i);
            final JournalEntry sealed = read.get(1).get(i);
            assertEquals(clear.toString(), sealed.toString());
            assertEquals(clear.lastStreamSequence(), sealed.lastStreamSequence());
            if (clear.kind() == JournalEntry.Kind.RECORD)
            {
                assertArrayEquals(bodies.get(record), clear.bodyCopy());
                assertArrayEquals(bodies.get(record++), sealed.bodyCopy(), "entry " + i);
            }
        }
    }

    @Test
    void shouldDeliverAnEntryAlteredOnDiskAsAnAbandonedGapOfItsSequenceAndCountIt() throws IOException
    {
        final List<byte[]> bodies = bodies();
        try (ItJournal journal = ItJournal.open(dir, clockMs::incrementAndGet, key(1)))
        {
            write(journal, bodies);
        }
        final Path file = cycleFile(dir);
        final byte[] bytes = Files.readAllBytes(file);
        final String text = new String(bytes, StandardCharsets.ISO_8859_1);
        final int entryAt = text.indexOf(new String(new byte[] {(byte)ItJournal.KIND_RECORD, 4, 0, 0, 0, 0, 0, 0, 0},
            StandardCharsets.ISO_8859_1));
        assertTrue(entryAt >= 0);
        assertEquals(text.lastIndexOf(new String(new byte[] {(byte)ItJournal.KIND_RECORD, 4, 0, 0, 0, 0, 0, 0, 0},
            StandardCharsets.ISO_8859_1)), entryAt, "the fourth entry's header is found once");
        assertEquals(103, bytes[entryAt + ItJournal.RECORD_STREAM_SEQUENCE_OFFSET]);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            final long position = entryAt + ItJournal.RECORD_BODY_OFFSET + JournalCipher.NONCE_LENGTH + 2;
            raf.seek(position);
            raf.write(bytes[(int)position] ^ 0x40);
        }
        try (ItJournal journal = ItJournal.open(dir, clockMs::incrementAndGet, key(1));
            JournalCursor cursor = journal.cursor("sink"))
        {
            final List<JournalEntry> entries = readAll(cursor);
            assertEquals(RECORDS + 1, entries.size());
            final JournalEntry altered = entries.get(3);
            assertEquals(JournalEntry.Kind.GAP, altered.kind());
            assertEquals(GapReport.State.ABANDONED, altered.gapState());
            assertEquals(103, altered.gapFromSequence());
            assertEquals(103, altered.gapToSequence());
            assertEquals(1, cursor.unauthenticEntries());
            assertArrayEquals(bodies.get(4), entries.get(4).bodyCopy(), "the next entry reads normally");
            assertEquals(new ItJournal.ResumePoint(TestStream.EPOCH, 132), journal.resumePoint());
        }
    }

    @Test
    void shouldRefuseAJournalWithEntriesUnderAnotherKeyNoKeyOrAKeyOnAClearJournal()
    {
        final Path clearDir = dir.resolve("clear");
        try (ItJournal journal = ItJournal.open(clearDir, clockMs::incrementAndGet, null))
        {
            write(journal, bodies());
        }
        final String keyOnClear = assertThrows(JournalKeyCheck.JournalKeyMismatchException.class,
            () -> ItJournal.open(clearDir, clockMs::incrementAndGet, key(1))).getMessage();
        assertTrue(keyOnClear.contains("receiver.journal.encryptionKeyFile") && keyOnClear.contains("without"),
            keyOnClear);

        final Path sealedDir = dir.resolve("sealed");
        try (ItJournal journal = ItJournal.open(sealedDir, clockMs::incrementAndGet, key(1)))
        {
            write(journal, bodies());
        }
        assertThrows(JournalKeyCheck.JournalKeyMismatchException.class,
            () -> ItJournal.open(sealedDir, clockMs::incrementAndGet, null));
        final String otherKey = assertThrows(JournalKeyCheck.JournalKeyMismatchException.class,
            () -> ItJournal.open(sealedDir, clockMs::incrementAndGet, key(2))).getMessage();
        assertTrue(otherKey.contains(key(1).fingerprint()) && otherKey.contains(key(2).fingerprint()), otherKey);
        try (ItJournal journal = ItJournal.open(sealedDir, clockMs::incrementAndGet, key(1)))
        {
            assertFalse(journal.openGaps().isEmpty());
        }
    }
}
