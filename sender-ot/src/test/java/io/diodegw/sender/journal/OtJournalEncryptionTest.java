package io.diodegw.sender.journal;

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
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.diodegw.wire.crypto.JournalCipher;
import io.diodegw.wire.crypto.JournalKey;
import io.diodegw.wire.crypto.JournalKeyCheck;
import io.diodegw.wire.record.RecordHeader;
import io.diodegw.wire.record.SourceState;
import io.diodegw.wire.record.TagDefinition;

class OtJournalEncryptionTest
{
    private static final long WAIT_MS = 30_000;
    private static final long START_MS = 1_795_000_000_000L;
    private static final long QUOTA_BYTES = 64L * 1024 * 1024;
    private static final String MARKER = "CLEAR-TEXT-MARKER";
    private static final int RECORDS = 40;

    @TempDir
    Path dir;

    private static JournalKey key(final int seed)
    {
        final byte[] bytes = new byte[JournalKey.LENGTH];
        new SplittableRandom(seed).nextBytes(bytes);
        return new JournalKey(bytes);
    }

    private static JournalOptions options(final Path dir, final JournalKey key)
    {
        return JournalOptions.builder(dir).quotaBytes(QUOTA_BYTES).wallClockMs(() -> START_MS).encryptionKey(key)
            .build();
    }

    /** Writes RECORDS definitions and states, one record each, with seeded descriptions of up to 1,000 bytes. */
    private static void writeRecords(final OtJournal journal) throws InterruptedException
    {
        final SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < RECORDS; i++)
        {
            if (i % 5 == 4)
            {
                journal.sourceState(new SourceState().sourceId(1).state(SourceState.State.CONNECTED).timeTicks(i)
                    .reason("state " + i));
                continue;
            }
            final char[] text = new char[random.nextInt(1000)];
            Arrays.fill(text, (char)('a' + random.nextInt(26)));
            journal.tagDefinition(new TagDefinition().tagId(100 + i).sourceId(1).dataType(11).nodeId("ns=2;i=" + i)
                .browsePath("/Objects/T" + i).engineeringUnits("m").description(MARKER + new String(text)));
        }
        assertTrue(journal.awaitWritten(WAIT_MS));
    }

    private static List<byte[]> readAll(final JournalReader reader)
    {
        final List<byte[]> records = new ArrayList<>();
        final byte[] buffer = new byte[reader.maxRecordBytes()];
        int length;
        while ((length = reader.next(buffer, 0)) > 0)
        {
            records.add(Arrays.copyOf(buffer, length));
        }
        return records;
    }

    private static List<byte[]> readAll(final JournalFollower follower)
    {
        final List<byte[]> records = new ArrayList<>();
        final byte[] buffer = new byte[follower.maxRecordBytes()];
        int length;
        while ((length = follower.next(buffer, 0)) > 0)
        {
            records.add(Arrays.copyOf(buffer, length));
        }
        return records;
    }

    private static long sequenceOf(final byte[] record)
    {
        long sequence = 0;
        for (int i = 7; i >= 0; i--)
        {
            sequence = (sequence << 8) | (record[RecordHeader.STREAM_SEQUENCE_OFFSET + i] & 0xFF);
        }
        return sequence;
    }

    private static byte[] queueBytes(final Path journalDir) throws IOException
    {
        final Path file = cycleFile(journalDir);
        return Files.readAllBytes(file);
    }

    private static Path cycleFile(final Path journalDir) throws IOException
    {
        try (Stream<Path> files = Files.list(journalDir.resolve(OtJournal.QUEUE_DIR)))
        {
            final List<Path> cycles = files.filter(p -> p.toString().endsWith(".cq4")).toList();
            assertEquals(1, cycles.size(), cycles.toString());
            return cycles.get(0);
        }
    }

    private static int indexOf(final byte[] haystack, final byte[] needle)
    {
        int found = -1;
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++)
        {
            for (int j = 0; j < needle.length; j++)
            {
                if (haystack[i + j] != needle[j])
                {
                    continue outer;
                }
            }
            assertEquals(-1, found, "the pattern occurs once");
            found = i;
        }
        return found;
    }

    @Test
    void shouldGiveEveryReaderTheSameRecordsWithAndWithoutAKeyAndStoreNoBodyInClear() throws Exception
    {
        final Path clearDir = dir.resolve("clear");
        final Path sealedDir = dir.resolve("sealed");
        final List<byte[]> clear;
        final List<byte[]> sealed;
        try (OtJournal journal = OtJournal.open(options(clearDir, null)))
        {
            writeRecords(journal);
            try (JournalReader reader = journal.openReader(1000))
            {
                clear = readAll(reader);
            }
        }
        try (OtJournal journal = OtJournal.open(options(sealedDir, key(1))))
        {
            writeRecords(journal);
            try (JournalReader reader = journal.openReader(1000); JournalFollower follower = JournalFollower.open(journal))
            {
                sealed = readAll(reader);
                final List<byte[]> followed = readAll(follower);
                assertEquals(sealed.size(), followed.size());
                for (int i = 0; i < sealed.size(); i++)
                {
                    assertArrayEquals(sealed.get(i), followed.get(i), "follower record " + i);
                }
                assertEquals(0, reader.unauthenticExcerpts() + reader.malformedExcerpts());
            }
        }
        assertEquals(RECORDS, clear.size());
        assertEquals(RECORDS, sealed.size());
        for (int i = 0; i < RECORDS; i++)
        {
            assertArrayEquals(clear.get(i), sealed.get(i), "record " + i + " reads back as journaled in clear");
        }
        assertTrue(new String(queueBytes(clearDir), StandardCharsets.ISO_8859_1).contains(MARKER),
            "the test can see clear text");
        assertFalse(new String(queueBytes(sealedDir), StandardCharsets.ISO_8859_1).contains(MARKER),
            "no record body is stored in clear");

        try (OtJournal reopened = OtJournal.open(options(sealedDir, key(1))))
        {
            assertEquals(RECORDS - 1, reopened.lastSequence(), "the sequence is recovered from the clear header");
        }
    }

    @Test
    void shouldSkipCountAndNeverReturnARecordAlteredOnDiskWhileReadingOn() throws Exception
    {
        final List<byte[]> original;
        try (OtJournal journal = OtJournal.open(options(dir, key(1))))
        {
            writeRecords(journal);
            try (JournalFollower follower = JournalFollower.open(journal))
            {
                original = readAll(follower);
            }
        }
        final Path file = cycleFile(dir);
        final byte[] bytes = Files.readAllBytes(file);
        final int bodyAt = indexOf(bytes, Arrays.copyOf(original.get(7), RecordHeader.LENGTH)) + RecordHeader.LENGTH;
        final int headerAt = indexOf(bytes, Arrays.copyOf(original.get(20), RecordHeader.LENGTH));
        final int tagAt = indexOf(bytes, Arrays.copyOf(original.get(21), RecordHeader.LENGTH)) + RecordHeader.LENGTH +
            original.get(21).length - RecordHeader.LENGTH + JournalCipher.NONCE_LENGTH;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            flip(raf, bodyAt + JournalCipher.NONCE_LENGTH + 3);
            flip(raf, headerAt + RecordHeader.TYPE_OFFSET);
            flip(raf, tagAt + 15);
        }

        try (OtJournal journal = OtJournal.open(options(dir, key(1)));
            JournalReader reader = journal.openReader(1000))
        {
            final List<byte[]> read = readAll(reader);
            assertEquals(RECORDS - 3, read.size());
            assertEquals(3, reader.unauthenticExcerpts());
            final List<Long> sequences = read.stream().map(OtJournalEncryptionTest::sequenceOf).toList();
            assertFalse(sequences.contains(7L) || sequences.contains(20L) || sequences.contains(21L), sequences.toString());
            int next = 0;
            for (int i = 0; i < RECORDS; i++)
            {
                if (i != 7 && i != 20 && i != 21)
                {
                    assertArrayEquals(original.get(i), read.get(next++), "record " + i + " unchanged");
                }
            }
        }
    }

    private static void flip(final RandomAccessFile raf, final long position) throws IOException
    {
        raf.seek(position);
        final int b = raf.read();
        raf.seek(position);
        raf.write(b ^ 0x01);
    }

    @Test
    void shouldRefuseToOpenAJournalWithRecordsWithAKeyWithoutOneOrWithAnother() throws Exception
    {
        final Path clearDir = dir.resolve("clear");
        try (OtJournal journal = OtJournal.open(options(clearDir, null)))
        {
            writeRecords(journal);
        }
        final String clearWithKey = assertThrows(JournalKeyCheck.JournalKeyMismatchException.class,
            () -> OtJournal.open(options(clearDir, key(1)))).getMessage();
        assertTrue(clearWithKey.contains("sender.journal.encryptionKeyFile") &&
            clearWithKey.contains("without encryption"), clearWithKey);
        Files.delete(clearDir.resolve(JournalKeyCheck.FILE_NAME));
        assertThrows(JournalKeyCheck.JournalKeyMismatchException.class, () -> OtJournal.open(options(clearDir, key(1))),
            "a journal of a build without encryption (no marker file) counts as clear");

        final Path sealedDir = dir.resolve("sealed");
        try (OtJournal journal = OtJournal.open(options(sealedDir, key(1))))
        {
            writeRecords(journal);
        }
        final String noKey = assertThrows(JournalKeyCheck.JournalKeyMismatchException.class,
            () -> OtJournal.open(options(sealedDir, null))).getMessage();
        assertTrue(noKey.contains(key(1).fingerprint()) && noKey.contains("sender.journal.encryptionKeyFile"), noKey);
        final String otherKey = assertThrows(JournalKeyCheck.JournalKeyMismatchException.class,
            () -> OtJournal.open(options(sealedDir, key(2)))).getMessage();
        assertTrue(otherKey.contains(key(2).fingerprint()), otherKey);
        try (OtJournal journal = OtJournal.open(options(sealedDir, key(1))); JournalReader reader = journal.openReader(1000))
        {
            assertEquals(RECORDS, readAll(reader).size(), "the right key still opens it after the refusals");
        }
    }

    @Test
    void shouldTakeUpEncryptionOnAnEmptyJournal() throws Exception
    {
        try (OtJournal journal = OtJournal.open(options(dir, null)))
        {
            assertEquals(-1, journal.lastSequence());
        }
        try (OtJournal journal = OtJournal.open(options(dir, key(3))))
        {
            writeRecords(journal);
            try (JournalReader reader = journal.openReader(1000))
            {
                assertEquals(RECORDS, readAll(reader).size());
            }
        }
    }
}
