package io.diodegw.receiver.journal;

import io.diodegw.config.ReceiverSettings;
import io.diodegw.wire.crypto.JournalCipher;
import io.diodegw.wire.crypto.JournalKey;
import io.diodegw.wire.crypto.JournalKeyCheck;
import io.diodegw.wire.record.RecordType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * The IT journal: every record the receive agent applied and every gap it recorded, in that order, in a Chronicle
 * Queue under {@code dir/queue}; and one durable cursor per sink under {@code dir/cursors}. Sinks read the journal,
 * never the link, so a slow or failing sink never slows the receive agent, and a restart resumes every sink where
 * it last committed.
 *
 * <p>One excerpt per entry; fields in Chronicle's native byte order (little-endian on every supported machine):
 * <pre>
 *   +--------+------+----------------------------------------------------+
 *   | offset | size | field                                              |
 *   +--------+------+----------------------------------------------------+
 *   |      0 |    1 | kind (u8): 1 record, 2 gap                         |
 *   |      1 |    8 | journal sequence (i64, 1, 2, 3... without holes)   |
 *   |      9 |    8 | applied at (i64, ms since 1970-01-01 UTC)          |
 *   |     17 |    8 | sender epoch (i64)                                 |
 *   | record:                                                            |
 *   |     25 |    2 | record type id (u16, RecordType)                   |
 *   |     27 |    8 | stream sequence (i64)                              |
 *   |     35 |    4 | body length n (i32)                                |
 *   |     39 |    n | record body, exactly as it came off the link       |
 *   | gap:                                                               |
 *   |     25 |    8 | first lost stream sequence (i64)                   |
 *   |     33 |    8 | last lost stream sequence, inclusive (i64)         |
 *   |     41 |    1 | state (u8): 1 open, 2 closed, 3 abandoned          |
 *   |     42 |    8 | first time (i64, 100-ns ticks since 1601), 0 none  |
 *   |     50 |    8 | last time (i64, 100-ns ticks since 1601), 0 none   |
 *   |     58 |    8 | refilled sequences (i64)                           |
 *   |     66 |    8 | superseded sequences (i64)                         |
 *   |     74 |    4 | affected source count n (i32)                      |
 *   |     78 |  4 n | affected source ids (u32 each)                     |
 *   +--------+------+----------------------------------------------------+
 * </pre>
 *
 * <p>Encryption at rest (optional, {@code receiver.journal.encryptionKeyFile}): with a {@link JournalKey}, the body
 * of a record entry is stored sealed with AES-256-GCM ({@link JournalCipher}: 12-byte nonce, ciphertext, 16-byte
 * tag, 28 bytes more than the body) and the 39 bytes before it, in clear, are the associated data; the body length
 * field keeps the clear length. Gap entries stay in clear. Every reader gets the clear body. A record entry whose tag
 * fails (altered on disk) reaches a cursor as an abandoned gap of its stream sequence, never as a record, and is
 * counted ({@link JournalCursor#unauthenticEntries()}). {@link JournalKeyCheck} refuses to open a journal holding
 * entries written with another key, with a key when none is configured, or in clear when one is.
 *
 * <p>A gap is journaled when detected (open) and again when closed or abandoned ({@link GapReport}); the refilled
 * records of a closed gap are record entries between the two. A gap entry of only 41 bytes (written before gaps had
 * details) reads as an open gap without time span or sources.
 *
 * <p>Durability: an entry is in the memory-mapped queue file when {@link #record} returns, so it survives a crash
 * of the process (not of the machine: the operating system writes it back on its own schedule). Queue files roll
 * every hour.
 *
 * <p>Threads: {@link #record} and {@link #gap} are called by one thread, the receive agent's (the Chronicle appender
 * is created on that thread's first call and is confined to it). {@link #cursor}, {@link #headSequence} and
 * {@link #forEachDefinition} may be called from any thread; each cursor is then owned by one thread. Close the
 * journal after its writer and its cursors stopped.
 */
public final class ItJournal implements AppliedRecords, AutoCloseable
{
    /** Offset of the u8 kind. */
    public static final int KIND_OFFSET = 0;
    /** Offset of the i64 journal sequence. */
    public static final int JOURNAL_SEQUENCE_OFFSET = 1;
    /** Offset of the i64 apply time. */
    public static final int APPLIED_AT_OFFSET = 9;
    /** Offset of the i64 sender epoch. */
    public static final int SENDER_EPOCH_OFFSET = 17;
    /** Offset of the u16 record type id of a record entry. */
    public static final int RECORD_TYPE_OFFSET = 25;
    /** Offset of the i64 stream sequence of a record entry. */
    public static final int RECORD_STREAM_SEQUENCE_OFFSET = 27;
    /** Offset of the i32 body length of a record entry. */
    public static final int RECORD_BODY_LENGTH_OFFSET = 35;
    /** Offset of the body of a record entry. */
    public static final int RECORD_BODY_OFFSET = 39;
    /** Offset of the i64 first lost sequence of a gap entry. */
    public static final int GAP_FROM_OFFSET = 25;
    /** Offset of the i64 last lost sequence of a gap entry. */
    public static final int GAP_TO_OFFSET = 33;
    /** Length of a gap entry without details (the first 41 bytes of every gap entry). */
    public static final int GAP_LENGTH = 41;
    /** Offset of the u8 state of a gap entry ({@link GapReport.State#code()}). */
    public static final int GAP_STATE_OFFSET = 41;
    /** Offset of the i64 first time of a gap entry. */
    public static final int GAP_FIRST_TIME_OFFSET = 42;
    /** Offset of the i64 last time of a gap entry. */
    public static final int GAP_LAST_TIME_OFFSET = 50;
    /** Offset of the i64 refilled sequence count of a gap entry. */
    public static final int GAP_REFILLED_OFFSET = 58;
    /** Offset of the i64 superseded sequence count of a gap entry. */
    public static final int GAP_SUPERSEDED_OFFSET = 66;
    /** Offset of the i32 source count of a gap entry. */
    public static final int GAP_SOURCE_COUNT_OFFSET = 74;
    /** Offset of the source ids of a gap entry. */
    public static final int GAP_SOURCE_IDS_OFFSET = 78;

    static final int KIND_RECORD = 1;
    static final int KIND_GAP = 2;

    private static final Pattern CURSOR_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private final Path dir;
    private final Path cursorsDir;
    private final ChronicleQueue queue;
    private final LongSupplier epochMsClock;
    private final Set<String> openCursors = new HashSet<>();
    private ExcerptAppender appender;
    private long nextJournalSequence;
    private volatile long headSequence;
    private volatile boolean closed;
    private final ResumePoint resumePoint;
    private final List<OpenGap> openGaps;
    private final JournalKey key;
    private final EntryCipher writeCipher;

    /**
     * Where the in-band stream stood when the journal was opened: the epoch of the newest record (or open gap) and
     * one past the highest stream sequence of that epoch among the newest {@value #RESUME_SCAN_ENTRIES} entries
     * (records, and open gaps by their end). Refilled records carry older sequences, so the highest, not the last,
     * is taken; closed-gap reports are ignored.
     *
     * @param senderEpoch        the sender epoch.
     * @param nextStreamSequence the next stream sequence the journal does not hold.
     */
    public record ResumePoint(long senderEpoch, long nextStreamSequence)
    {
    }

    /** Entries read backwards at start-up to find the {@link ResumePoint}. */
    public static final int RESUME_SCAN_ENTRIES = 100_000;

    private ItJournal(final Path dir, final LongSupplier epochMsClock, final JournalKey key)
    {
        this.dir = dir;
        this.key = key;
        this.writeCipher = key == null ? null : EntryCipher.forWriting(key);
        this.cursorsDir = dir.resolve("cursors");
        this.epochMsClock = epochMsClock;
        try
        {
            Files.createDirectories(cursorsDir);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create the IT journal directory " + cursorsDir, ex);
        }
        this.queue = ChronicleQueue.singleBuilder(dir.resolve("queue"))
            .rollCycle(RollCycles.FAST_HOURLY)
            .build();
        try
        {
            JournalKeyCheck.verify(dir, queue.lastIndex() >= 0, key, ReceiverSettings.JOURNAL_ENCRYPTION_KEY_FILE.key());
        }
        catch (final RuntimeException ex)
        {
            queue.close();
            throw ex;
        }
        headSequence = readLastJournalSequence();
        nextJournalSequence = headSequence + 1;
        resumePoint = readResumePoint();
        openGaps = readOpenGaps();
    }

    /**
     * @return the gaps the journal holds as open (an OPEN report and no later CLOSED or ABANDONED one for the same
     *     range) among the newest {@value #RESUME_SCAN_ENTRIES} entries, oldest first, each with the sequences of it
     *     that the journal holds since (records re-sent into it before the restart); the gap ledger takes them up
     *     again, so a re-send after a restart still closes them.
     */
    public List<OpenGap> openGaps()
    {
        return openGaps;
    }

    /**
     * A gap still open when the journal was opened.
     *
     * @param report         its newest OPEN report.
     * @param detectedAtMs   when it was journaled.
     * @param heldSequences  the sequences of it journaled since (refilled before the restart), ascending.
     */
    public record OpenGap(GapReport report, long detectedAtMs, long[] heldSequences)
    {
    }

    /**
     * @return where the in-band stream stood when the journal was opened, or null for an empty journal; the receive
     *     agent continues there, whichever sender epoch comes next (stream sequences belong to the OT journal).
     */
    public ResumePoint resumePoint()
    {
        return resumePoint;
    }

    /**
     * Opens (creating if needed) the journal in {@code dir}, time-stamping entries with the system clock.
     *
     * @param dir the journal directory ({@code receiver.journal.dir}).
     * @return the open journal.
     * @throws UncheckedIOException if the directory cannot be created.
     */
    public static ItJournal open(final Path dir)
    {
        return new ItJournal(dir, System::currentTimeMillis, null);
    }

    /**
     * Opens (creating if needed) the journal in {@code dir}, time-stamping entries with the system clock.
     *
     * @param dir the journal directory ({@code receiver.journal.dir}).
     * @param key the key record bodies are encrypted with, or null for a journal in clear.
     * @return the open journal.
     * @throws UncheckedIOException if the directory cannot be created.
     * @throws JournalKeyCheck.JournalKeyMismatchException if the journal holds entries written another way.
     */
    public static ItJournal open(final Path dir, final JournalKey key)
    {
        return new ItJournal(dir, System::currentTimeMillis, key);
    }

    /**
     * Opens (creating if needed) the journal in {@code dir}.
     *
     * @param dir          the journal directory.
     * @param epochMsClock the apply-time clock, ms since 1970-01-01 UTC; called on the writer thread.
     * @return the open journal.
     */
    public static ItJournal open(final Path dir, final LongSupplier epochMsClock)
    {
        return new ItJournal(dir, epochMsClock, null);
    }

    /**
     * Opens (creating if needed) the journal in {@code dir}.
     *
     * @param dir          the journal directory.
     * @param epochMsClock the apply-time clock, ms since 1970-01-01 UTC; called on the writer thread.
     * @param key          the key record bodies are encrypted with, or null for a journal in clear.
     * @return the open journal.
     */
    public static ItJournal open(final Path dir, final LongSupplier epochMsClock, final JournalKey key)
    {
        return new ItJournal(dir, epochMsClock, key);
    }

    /**
     * @return the journal directory.
     */
    public Path dir()
    {
        return dir;
    }

    /**
     * Appends a record; the body is copied into the journal before this returns.
     *
     * @throws IllegalArgumentException if the body range lies outside the buffer.
     */
    @Override
    public void record(
        final RecordType type, final long streamSequence, final long senderEpoch, final byte[] buffer,
        final int bodyOffset, final int bodyLength)
    {
        if (bodyOffset < 0 || bodyLength < 0 || bodyOffset > buffer.length - bodyLength)
        {
            throw new IllegalArgumentException("body " + bodyOffset + "+" + bodyLength + " outside a buffer of " +
                buffer.length + " bytes");
        }
        final long journalSequence = nextJournalSequence;
        if (writeCipher != null)
        {
            writeCipher.writeHeader(journalSequence, epochMsClock.getAsLong(), senderEpoch, type.id(), streamSequence,
                bodyLength);
            final int sealedLength = writeCipher.seal(buffer, bodyOffset, bodyLength);
            try (DocumentContext dc = appender().writingDocument())
            {
                dc.wire().bytes().write(writeCipher.header(), 0, RECORD_BODY_OFFSET)
                    .write(writeCipher.sealedBuffer(sealedLength), 0, sealedLength);
            }
            nextJournalSequence = journalSequence + 1;
            headSequence = journalSequence;
            return;
        }
        try (DocumentContext dc = appender().writingDocument())
        {
            final Bytes<?> bytes = dc.wire().bytes();
            bytes.writeByte((byte)KIND_RECORD);
            bytes.writeLong(journalSequence);
            bytes.writeLong(epochMsClock.getAsLong());
            bytes.writeLong(senderEpoch);
            bytes.writeUnsignedShort(type.id());
            bytes.writeLong(streamSequence);
            bytes.writeInt(bodyLength);
            bytes.write(buffer, bodyOffset, bodyLength);
        }
        nextJournalSequence = journalSequence + 1;
        headSequence = journalSequence;
    }

    /**
     * Appends an open gap without time span or sources.
     *
     * @throws IllegalArgumentException if {@code fromSequence > toSequence}.
     */
    @Override
    public void gap(final long senderEpoch, final long fromSequence, final long toSequence)
    {
        gap(GapReport.open(senderEpoch, fromSequence, toSequence, 0, 0));
    }

    /**
     * Appends a gap entry with every detail of the report.
     */
    @Override
    public void gap(final GapReport report)
    {
        final long journalSequence = nextJournalSequence;
        try (DocumentContext dc = appender().writingDocument())
        {
            final Bytes<?> bytes = dc.wire().bytes();
            bytes.writeByte((byte)KIND_GAP);
            bytes.writeLong(journalSequence);
            bytes.writeLong(epochMsClock.getAsLong());
            bytes.writeLong(report.senderEpoch());
            bytes.writeLong(report.fromSequence());
            bytes.writeLong(report.toSequence());
            bytes.writeByte((byte)report.state().code());
            bytes.writeLong(report.firstTimeTicks());
            bytes.writeLong(report.lastTimeTicks());
            bytes.writeLong(report.refilledSequences());
            bytes.writeLong(report.supersededSequences());
            bytes.writeInt(report.sourceIds().length);
            for (final int sourceId : report.sourceIds())
            {
                bytes.writeInt(sourceId);
            }
        }
        nextJournalSequence = journalSequence + 1;
        headSequence = journalSequence;
    }

    /**
     * @return the journal sequence of the newest entry, 0 while the journal is empty. Safe from any thread.
     */
    public long headSequence()
    {
        return headSequence;
    }

    /**
     * Opens the durable cursor of a sink. It starts after the entry the sink last committed (at the first entry for
     * a new name); see {@link JournalCursor} for the commit protocol and where the position is kept.
     *
     * @param sinkName 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit; the cursor's file
     *                 name.
     * @return the cursor; close it when the sink stops.
     * @throws IllegalArgumentException if the name is not valid.
     * @throws IllegalStateException    if a cursor of that name is open already, or the journal is closed.
     * @throws UncheckedIOException     if the stored position cannot be read.
     */
    public JournalCursor cursor(final String sinkName)
    {
        if (sinkName == null || !CURSOR_NAME.matcher(sinkName).matches())
        {
            throw new IllegalArgumentException("cursor name '" + sinkName + "' must match " + CURSOR_NAME.pattern());
        }
        synchronized (openCursors)
        {
            if (closed)
            {
                throw new IllegalStateException("the IT journal " + dir + " is closed");
            }
            if (!openCursors.add(sinkName))
            {
                throw new IllegalStateException("cursor '" + sinkName + "' is open already");
            }
        }
        try
        {
            return new JournalCursor(this, sinkName, new CursorFile(cursorsDir.resolve(sinkName + ".cursor")));
        }
        catch (final RuntimeException ex)
        {
            release(sinkName);
            throw ex;
        }
    }

    /**
     * Reads, on the calling thread, every TAG_DEFINITION record with a journal sequence up to
     * {@code upToJournalSequence}, oldest first. A cursor that resumes in the middle of the journal uses it to learn
     * the tag definitions it skipped.
     *
     * @param upToJournalSequence last journal sequence to look at, inclusive.
     * @param action              called with each definition entry (a holder reused between calls).
     */
    public void forEachDefinition(final long upToJournalSequence, final Consumer<JournalEntry> action)
    {
        if (upToJournalSequence <= 0)
        {
            return;
        }
        final JournalEntry entry = new JournalEntry();
        final EntryCipher cipher = readCipher();
        try (ExcerptTailer tailer = queue.createTailer())
        {
            tailer.toStart();
            while (read(tailer, entry, true, cipher) && entry.journalSequence() <= upToJournalSequence)
            {
                if (entry.kind() == JournalEntry.Kind.RECORD && entry.typeId() == RecordType.TAG_DEFINITION.id())
                {
                    action.accept(entry);
                }
            }
        }
    }

    /**
     * Closes the queue; open cursors become unusable.
     */
    @Override
    public void close()
    {
        synchronized (openCursors)
        {
            closed = true;
        }
        queue.close();
    }

    ExcerptTailer createTailer()
    {
        return queue.createTailer();
    }

    /** @return a cipher for one reader thread, or null for a journal in clear. */
    EntryCipher readCipher()
    {
        return key == null ? null : EntryCipher.forReading(key);
    }

    void release(final String sinkName)
    {
        synchronized (openCursors)
        {
            openCursors.remove(sinkName);
        }
    }

    /**
     * Reads the tailer's next excerpt into the holder, skipping excerpts of kinds this build does not know.
     *
     * @param withBody false to skip copying record bodies (the entry's body length is then 0).
     * @return false when no further excerpt is there yet.
     */
    static boolean read(final ExcerptTailer tailer, final JournalEntry into, final boolean withBody)
    {
        return read(tailer, into, withBody, null);
    }

    /**
     * Reads the tailer's next excerpt into the holder, skipping excerpts of kinds this build does not know; in an
     * encrypted journal, opens record bodies with {@code cipher}. A record whose tag fails is returned as an
     * abandoned gap of its stream sequence.
     *
     * @param withBody false to skip reading record bodies (the entry's body length is then 0; nothing is decrypted).
     * @param cipher   the reader's cipher, or null for a journal in clear.
     * @return false when no further excerpt is there yet.
     */
    static boolean read(final ExcerptTailer tailer, final JournalEntry into, final boolean withBody,
        final EntryCipher cipher)
    {
        while (true)
        {
            try (DocumentContext dc = tailer.readingDocument())
            {
                if (!dc.isPresent())
                {
                    return false;
                }
                final Bytes<?> bytes = dc.wire().bytes();
                final int kind = bytes.readUnsignedByte();
                final long journalSequence = bytes.readLong();
                final long appliedAtEpochMs = bytes.readLong();
                final long senderEpoch = bytes.readLong();
                if (kind == KIND_RECORD)
                {
                    final int typeId = bytes.readUnsignedShort();
                    final long streamSequence = bytes.readLong();
                    final int bodyLength = bytes.readInt();
                    into.setRecord(journalSequence, dc.index(), appliedAtEpochMs, senderEpoch, typeId, streamSequence);
                    if (withBody && cipher != null)
                    {
                        final int sealedLength = (int)bytes.readRemaining();
                        bytes.readPosition(bytes.readPosition() - RECORD_BODY_OFFSET);
                        bytes.read(cipher.header(), 0, RECORD_BODY_OFFSET);
                        bytes.read(cipher.sealedBuffer(sealedLength), 0, sealedLength);
                        final int length = cipher.open(sealedLength, into.bodyBuffer(Math.max(0, sealedLength -
                            JournalCipher.OVERHEAD_BYTES)), journalSequence, streamSequence);
                        if (length < 0)
                        {
                            into.setGap(journalSequence, dc.index(), appliedAtEpochMs, senderEpoch, streamSequence,
                                streamSequence);
                            into.setGapDetails(GapReport.State.ABANDONED, 0, 0, 0, 0, new int[0]);
                        }
                    }
                    else if (withBody)
                    {
                        bytes.read(into.bodyBuffer(bodyLength), 0, bodyLength);
                    }
                    else
                    {
                        into.bodyBuffer(0);
                    }
                    return true;
                }
                if (kind == KIND_GAP)
                {
                    final long from = bytes.readLong();
                    final long to = bytes.readLong();
                    into.setGap(journalSequence, dc.index(), appliedAtEpochMs, senderEpoch, from, to);
                    if (bytes.readRemaining() >= GAP_SOURCE_IDS_OFFSET - GAP_LENGTH)
                    {
                        final GapReport.State state = GapReport.State.of(bytes.readUnsignedByte());
                        final long firstTime = bytes.readLong();
                        final long lastTime = bytes.readLong();
                        final long refilled = bytes.readLong();
                        final long superseded = bytes.readLong();
                        final int count = bytes.readInt();
                        final int[] sources = new int[(int)Math.max(0, Math.min(count, bytes.readRemaining() / 4))];
                        for (int i = 0; i < sources.length; i++)
                        {
                            sources[i] = bytes.readInt();
                        }
                        into.setGapDetails(state, firstTime, lastTime, refilled, superseded, sources);
                    }
                    return true;
                }
            }
        }
    }

    private ExcerptAppender appender()
    {
        if (appender == null)
        {
            appender = queue.createAppender();
        }
        return appender;
    }

    private ResumePoint readResumePoint()
    {
        if (queue.lastIndex() < 0)
        {
            return null;
        }
        final JournalEntry entry = new JournalEntry();
        boolean epochKnown = false;
        long epoch = 0;
        long highest = -1;
        try (ExcerptTailer tailer = queue.createTailer().direction(TailerDirection.BACKWARD).toEnd())
        {
            for (int read = 0; read < RESUME_SCAN_ENTRIES && read(tailer, entry, false); read++)
            {
                final boolean record = entry.kind() == JournalEntry.Kind.RECORD;
                if (!record && entry.gapState() != GapReport.State.OPEN)
                {
                    continue;
                }
                if (!epochKnown)
                {
                    epochKnown = true;
                    epoch = entry.senderEpoch();
                }
                if (entry.senderEpoch() == epoch)
                {
                    highest = Math.max(highest, record ? entry.streamSequence() : entry.gapToSequence());
                }
            }
        }
        return highest < 0 ? null : new ResumePoint(epoch, highest + 1);
    }

    private List<OpenGap> readOpenGaps()
    {
        final List<OpenGap> found = new ArrayList<>();
        if (queue.lastIndex() < 0)
        {
            return found;
        }
        final JournalEntry entry = new JournalEntry();
        final Map<String, GapReport.State> newest = new HashMap<>();
        final TreeSet<Long> newerRecords = new TreeSet<>();
        try (ExcerptTailer tailer = queue.createTailer().direction(TailerDirection.BACKWARD).toEnd())
        {
            for (int read = 0; read < RESUME_SCAN_ENTRIES && read(tailer, entry, false); read++)
            {
                if (entry.kind() == JournalEntry.Kind.RECORD)
                {
                    newerRecords.add(entry.streamSequence());
                    continue;
                }
                final String range = entry.gapFromSequence() + ".." + entry.gapToSequence();
                if (newest.putIfAbsent(range, entry.gapState()) == null && entry.gapState() == GapReport.State.OPEN)
                {
                    final long[] held = newerRecords.subSet(entry.gapFromSequence(), true, entry.gapToSequence(), true)
                        .stream().mapToLong(Long::longValue).toArray();
                    found.add(0, new OpenGap(entry.gapReport(), entry.appliedAtEpochMs(), held));
                }
            }
        }
        return found;
    }

    private long readLastJournalSequence()
    {
        final long lastIndex = queue.lastIndex();
        if (lastIndex < 0)
        {
            return 0;
        }
        try (ExcerptTailer tailer = queue.createTailer())
        {
            final JournalEntry entry = new JournalEntry();
            if (tailer.moveToIndex(lastIndex) && read(tailer, entry, false))
            {
                return entry.journalSequence();
            }
        }
        throw new IllegalStateException("the IT journal " + dir + " has a last index " + lastIndex +
            " that cannot be read");
    }
}
