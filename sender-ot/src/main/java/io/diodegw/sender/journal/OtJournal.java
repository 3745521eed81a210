package io.diodegw.sender.journal;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

import io.diodegw.config.SenderSettings;
import io.diodegw.config.SenderSettings.JournalRollCycle;
import io.diodegw.wire.crypto.JournalCipher;
import io.diodegw.wire.crypto.JournalKeyCheck;
import io.diodegw.wire.record.AuditEvent;
import io.diodegw.wire.record.BlockWriter;
import io.diodegw.wire.record.RecordHeader;
import io.diodegw.wire.record.SourceState;
import io.diodegw.wire.record.TagDefinition;
import io.diodegw.wire.record.TagValue;
import io.diodegw.wire.record.TagValueBatchWriter;

/**
 * The OT journal: a Chronicle Queue in which every collected record is made durable before the replicator sends it.
 *
 * <h2>One writer</h2>
 * Collector threads hand records over through {@link CollectedRecords}; each call copies the record into a bounded
 * hand-off queue ({@code writerQueueCapacity}) and returns. One writer thread, owned by the journal, drains that
 * queue in bursts, encodes each record with the wire-format record codec, assigns its stream sequence and appends
 * it as one excerpt. Consecutive tag values of the same source within a burst become one TAG_VALUE_BATCH record of
 * at most {@link JournalOptions#maxBatchBytes()} bytes. Stream sequences start at 0, increase by one per record and
 * continue after a restart: the writer reads the sequence of the last excerpt when the journal opens.
 *
 * <h2>Excerpt format</h2>
 * An excerpt is exactly one record as it appears inside a block: the 16-byte {@link RecordHeader} (type, stream
 * sequence, body length) and the body. The replicator copies excerpts into blocks byte for byte.
 *
 * <h2>Encryption at rest (optional)</h2>
 * With {@link JournalOptions#encryptionKey()} set ({@code sender.journal.encryptionKeyFile}), an excerpt is the
 * record header in clear followed by the body sealed with AES-256-GCM ({@link JournalCipher}: 12-byte nonce,
 * ciphertext, 16-byte tag; the header is the associated data), 28 bytes more than the record. The readers
 * ({@link JournalReader}, {@link JournalFollower}) decrypt, so the replicator still sees records exactly as journaled
 * in clear. An excerpt whose tag fails (altered on disk) is skipped, counted and logged once per run of failures,
 * never sent: the receiver sees its sequence missing and reports a gap. {@link JournalKeyCheck} refuses to open a
 * journal holding records written with another key, or with a key when none is configured, or in clear when one is.
 *
 * <h2>Quota, retention and overload policy</h2>
 * The journal's size is the sum of its cycle files' lengths. Roll cycles are hourly or daily; a whole cycle file is
 * deleted, oldest first, only when the replicator has passed it (it sent a record of a later cycle, or everything
 * and the writer has moved on) and either it ended more than {@code retentionMs} ago or the journal exceeds its
 * quota. When the quota is exceeded and nothing can be deleted, the journal is <em>quota-blocked</em>: tag values
 * are no longer appended but kept in memory, only the newest per (source, tag), and journaled once space is free
 * again (counted by {@link #valuesDeferred()} and {@link #valuesSuperseded()}); tag definitions and source states
 * (and audit events, {@link #auditEvent}) are still appended, since they are rare and the IT side cannot interpret
 * values without them
 * ({@link #appendsBeyondQuota()}). While quota-blocked, whenever the replicator has sent everything journaled, the
 * newest deferred value of each tag is journaled once per {@code housekeepingIntervalMs} beyond the quota
 * ({@link #valuesBeyondQuota()}): the IT side stays current at one value per tag and interval, and the first such
 * append in a new roll cycle makes the previous, sent cycle deletable, so the block cannot last forever when all the
 * data is in the cycle being written. The overshoot is bounded by what the plant's tags change per interval over the
 * rest of the current roll cycle. Nothing unsent is ever deleted, so the in-band stream has no gap: what the quota
 * costs is intermediate live values, superseded (DESIGN.md guarantee 2), never history. The same conflation applies
 * while the hand-off queue is full, so a collector is never blocked by a tag value. Per tag, values handed over from
 * one thread stay in order.
 *
 * <p>Thread-safety: the {@link CollectedRecords} methods may be called from any number of threads. {@link #close()}
 * stops accepting records, writes what was handed over, and closes the queue. Getters may be read from any thread.
 */
public final class OtJournal implements CollectedRecords, AutoCloseable
{
    static final String QUEUE_DIR = "queue";
    private static final Logger LOG = Logger.getLogger(OtJournal.class.getName());
    private static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final String CYCLE_FILE_SUFFIX = ".cq4";
    private static final int MAX_BURST = 4096;
    private static final long CLOSE_WAIT_MS = 30_000;
    /** Chronicle's header in front of each excerpt. */
    private static final int EXCERPT_OVERHEAD_BYTES = 4;
    /** Unblocking waits until the journal is this fraction (sixteenths) below its quota, so it does not flap. */
    private static final int UNBLOCK_SIXTEENTHS = 15;

    private final JournalOptions options;
    private final SingleChronicleQueue queue;
    private final RollCycle chronicleCycle;
    private final DateTimeFormatter cycleFileFormat;
    private final ArrayBlockingQueue<Pending> handoff;
    private final Map<Long, Pending> deferred = new LinkedHashMap<>();
    private final List<Pending> burst = new ArrayList<>();
    private final Thread writer;
    private final byte[] scratch;
    private final BlockWriter scratchBlock = new BlockWriter();
    private final TagValueBatchWriter batch = new TagValueBatchWriter();
    private final PositionFile positionFile;
    private final JournalCipher cipher;
    private final byte[] sealed;

    private final LongAdder handedOver = new LongAdder();
    private final LongAdder refusedAfterClose = new LongAdder();
    private final LongAdder auditEventsDropped = new LongAdder();
    private final AtomicLong enqueued = new AtomicLong();
    private final AtomicLong settled = new AtomicLong();
    private volatile boolean deferring;
    private final AtomicLong handOverOrder = new AtomicLong();
    private volatile boolean running = true;
    private volatile boolean quotaBlocked;
    private volatile long sentIndex = Long.MIN_VALUE;
    private volatile long lastSequence;
    private volatile long lastIndex = Long.MIN_VALUE;
    private volatile long recordsAppended;
    private volatile long valuesAppended;
    private volatile long valuesDeferred;
    private volatile long valuesSuperseded;
    private volatile long recordsTooLarge;
    private volatile long appendsBeyondQuota;
    private volatile long valuesBeyondQuota;
    private volatile long cyclesDeleted;
    private volatile long usedBytes;
    private volatile Throwable writerFailure;

    private ExcerptAppender appender;
    private long nextSequence;
    private long writtenSinceMeasure;
    private long nextHousekeepingNs;
    private long nextBlockedFlushNs;
    private boolean batchOpen;
    private int batchSourceId;
    private boolean readerOpened;

    private OtJournal(final JournalOptions options)
    {
        this.options = options;
        this.chronicleCycle = options.rollCycle() == JournalRollCycle.DAILY ? RollCycles.FAST_DAILY :
            RollCycles.FAST_HOURLY;
        this.cycleFileFormat = DateTimeFormatter.ofPattern(chronicleCycle.format()).withZone(ZoneOffset.UTC);
        this.handoff = new ArrayBlockingQueue<>(options.writerQueueCapacity());
        this.scratch = new byte[BlockWriter.HEADER_LENGTH + options.maxRecordBytes()];
        final Path queueDir = options.dir().resolve(QUEUE_DIR);
        try
        {
            Files.createDirectories(queueDir);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create the journal directory " + queueDir, ex);
        }
        this.positionFile = new PositionFile(options.dir());
        this.cipher = options.encryptionKey() == null ? null :
            JournalCipher.forWriting(options.encryptionKey(), new SecureRandom());
        this.sealed = cipher == null ? null : new byte[options.maxRecordBytes() + JournalCipher.OVERHEAD_BYTES];
        this.queue = SingleChronicleQueueBuilder.binary(queueDir)
            .rollCycle(chronicleCycle)
            .blockSize(options.chronicleBlockBytes())
            .timeProvider(new WallClock(options))
            .build();
        try
        {
            recoverLastRecord();
            JournalKeyCheck.verify(options.dir(), lastSequence >= 0, options.encryptionKey(),
                SenderSettings.JOURNAL_ENCRYPTION_KEY_FILE.key());
            measure();
        }
        catch (final RuntimeException ex)
        {
            queue.close();
            throw ex;
        }
        this.writer = new Thread(this::runWriter, "journal-writer");
        this.writer.setDaemon(true);
    }

    /**
     * Opens (or creates) the journal and starts its writer thread.
     *
     * @param options where and how.
     * @return the open journal; the caller closes it.
     * @throws UncheckedIOException if the directory cannot be created or the queue opened.
     * @throws JournalKeyCheck.JournalKeyMismatchException if the journal holds records written with another key or
     *     encryption setting than the options name.
     */
    public static OtJournal open(final JournalOptions options)
    {
        final OtJournal journal = new OtJournal(options);
        journal.writer.start();
        return journal;
    }

    @Override
    public void tagDefinition(final TagDefinition definition)
    {
        enqueueBlocking(Pending.definition(copyOf(definition)));
    }

    @Override
    public void tagValue(final int sourceId, final TagValue value)
    {
        if (!running)
        {
            refusedAfterClose.increment();
            return;
        }
        handedOver.increment();
        final Pending pending = Pending.value(sourceId, value.copy());
        pending.order = handOverOrder.incrementAndGet();
        if (deferring)
        {
            synchronized (deferred)
            {
                if (deferring)
                {
                    deferLocked(pending);
                    return;
                }
            }
        }
        enqueued.incrementAndGet();
        if (!handoff.offer(pending))
        {
            enqueued.decrementAndGet();
            synchronized (deferred)
            {
                deferring = true;
                deferLocked(pending);
            }
        }
    }

    @Override
    public void sourceState(final SourceState state)
    {
        enqueueBlocking(Pending.state(new SourceState().sourceId(state.sourceId()).state(state.state())
            .timeTicks(state.timeTicks()).reason(state.reason())));
    }

    /**
     * Hands an AUDIT_EVENT record to the writer without blocking: it is journaled in band like any record (stream
     * sequence, durability, FEC, AEAD, gap accounting), also beyond a full quota, like source states. Safe from any
     * thread, including agents that must not block: the event is copied, offered to the bounded hand-off queue and
     * the call returns at once. Allocates one copy per call; meant for rare events, never per datagram.
     *
     * @param event the event; the caller may reuse it when the call returns.
     * @return false if the hand-off queue was full or the journal closed: the event is dropped and counted by
     *     {@link #auditEventsDropped()}.
     */
    public boolean auditEvent(final AuditEvent event)
    {
        if (!running)
        {
            auditEventsDropped.increment();
            return false;
        }
        final Pending pending = Pending.audit(new AuditEvent().timeTicks(event.timeTicks()).eventId(event.eventId())
            .category(event.category()).result(event.result()).type(event.type()).source(event.source())
            .message(event.message()));
        enqueued.incrementAndGet();
        if (!handoff.offer(pending))
        {
            enqueued.decrementAndGet();
            auditEventsDropped.increment();
            return false;
        }
        return true;
    }

    /** @return audit events dropped because the hand-off queue was full or the journal closed. */
    public long auditEventsDropped()
    {
        return auditEventsDropped.sum();
    }

    /**
     * Opens the journal's only reader, for the replicator: positioned after the last record the persisted
     * replicator position says was sent, or at the start of the journal when there is none.
     *
     * @param positionSaveIntervalMs how often {@link JournalReader#savePositionIfDue(long)} writes the position.
     * @return the reader; it must be used by one thread only (it creates its Chronicle tailer on first use).
     * @throws IllegalStateException if a reader was opened before.
     */
    public synchronized JournalReader openReader(final long positionSaveIntervalMs)
    {
        if (readerOpened)
        {
            throw new IllegalStateException("the journal has one reader, the replicator; it is already open");
        }
        readerOpened = true;
        return new JournalReader(this, positionFile, options.maxRecordBytes(), positionSaveIntervalMs);
    }

    /**
     * Waits until everything handed over so far has been written (or deferred), for tests and orderly shutdown.
     *
     * @return true if the writer caught up within the timeout.
     */
    public boolean awaitWritten(final long timeoutMs) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (settled.get() != enqueued.get() || (deferring && !quotaBlocked))
        {
            if (System.nanoTime() - deadline > 0 || !writer.isAlive())
            {
                return false;
            }
            Thread.sleep(1);
        }
        return true;
    }

    /**
     * Stops accepting records, writes everything handed over (deferred values included when the quota allows),
     * stops the writer and closes the queue. Idempotent.
     */
    @Override
    public void close()
    {
        if (!running)
        {
            return;
        }
        running = false;
        try
        {
            writer.join(CLOSE_WAIT_MS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive())
        {
            LOG.severe("journal writer did not stop within " + CLOSE_WAIT_MS + " ms; closing the queue under it");
        }
        queue.close();
    }

    /** @return the stream sequence of the newest journaled record, or -1 when the journal is empty. */
    public long lastSequence()
    {
        return lastSequence;
    }

    /** @return tag values handed over by collectors. */
    public long valuesHandedOver()
    {
        return handedOver.sum();
    }

    /** @return records appended since the journal was opened. */
    public long recordsAppended()
    {
        return recordsAppended;
    }

    /** @return tag values appended (inside batch records) since the journal was opened. */
    public long valuesAppended()
    {
        return valuesAppended;
    }

    /** @return tag values that went to the in-memory newest-per-tag store (quota full or hand-off queue full). */
    public long valuesDeferred()
    {
        return valuesDeferred;
    }

    /** @return deferred tag values replaced by a newer value of the same tag before being journaled: never sent. */
    public long valuesSuperseded()
    {
        return valuesSuperseded;
    }

    /** @return records refused because they do not fit in one FEC block even alone. */
    public long recordsTooLarge()
    {
        return recordsTooLarge;
    }

    /** @return definitions and source states appended while the quota was exceeded. */
    public long appendsBeyondQuota()
    {
        return appendsBeyondQuota;
    }

    /**
     * @return deferred tag values journaled beyond a full quota because the replicator had sent everything (newest
     *     per tag, at most once per housekeeping interval).
     */
    public long valuesBeyondQuota()
    {
        return valuesBeyondQuota;
    }

    /** @return records handed over after {@link #close()}, dropped. */
    public long refusedAfterClose()
    {
        return refusedAfterClose.sum();
    }

    /** @return cycle files deleted (retention or quota). */
    public long cyclesDeleted()
    {
        return cyclesDeleted;
    }

    /** @return bytes of the journal's cycle files at the last measurement plus what was appended since. */
    public long usedBytes()
    {
        return usedBytes;
    }

    /** @return whether tag values are being conflated because the quota is full and nothing can be deleted. */
    public boolean isQuotaBlocked()
    {
        return quotaBlocked;
    }

    /** @return the failure that stopped the writer thread, or null while it works. */
    public Throwable writerFailure()
    {
        return writerFailure;
    }

    /** @return the journal's options. */
    public JournalOptions options()
    {
        return options;
    }

    SingleChronicleQueue queue()
    {
        return queue;
    }

    /** Called by the reader's thread: everything up to this Chronicle index was sent. */
    void onSent(final long index)
    {
        sentIndex = index;
    }

    private void enqueueBlocking(final Pending pending)
    {
        if (!running)
        {
            refusedAfterClose.increment();
            return;
        }
        enqueued.incrementAndGet();
        try
        {
            while (!handoff.offer(pending, 1, TimeUnit.MILLISECONDS))
            {
                if (!running || !writer.isAlive())
                {
                    enqueued.decrementAndGet();
                    refusedAfterClose.increment();
                    return;
                }
            }
        }
        catch (final InterruptedException ex)
        {
            enqueued.decrementAndGet();
            refusedAfterClose.increment();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Keeps the newest value per (source, tag) by hand-over order, not by arrival here: a value that waited in the
     * hand-off queue can reach this map after a newer value of its tag that the collector put here directly (it sees
     * {@code deferring} first), and must not replace it.
     */
    private void deferLocked(final Pending pending)
    {
        final long key = ((long)pending.sourceId << Integer.SIZE) | (pending.value.tagId() & 0xFFFF_FFFFL);
        valuesDeferred++;
        final Pending held = deferred.get(key);
        if (held != null && held.order > pending.order)
        {
            valuesSuperseded++;
            return;
        }
        if (deferred.put(key, pending) != null)
        {
            valuesSuperseded++;
        }
    }

    private void runWriter()
    {
        try
        {
            appender = queue.createAppender();
            nextHousekeepingNs = System.nanoTime() + housekeepingIntervalNs();
            while (true)
            {
                final Pending first = handoff.poll(pollMs(), TimeUnit.MILLISECONDS);
                if (first != null)
                {
                    burst.add(first);
                    handoff.drainTo(burst, MAX_BURST - 1);
                    writeBurst();
                }
                if (System.nanoTime() - nextHousekeepingNs >= 0)
                {
                    housekeep(options.wallClockMs().getAsLong());
                }
                if (deferring && handoff.isEmpty() && (!quotaBlocked || blockedFlushDue()))
                {
                    writeDeferred();
                }
                if (first == null && !running && handoff.isEmpty())
                {
                    break;
                }
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        catch (final RuntimeException | Error ex)
        {
            writerFailure = ex;
            LOG.log(Level.SEVERE, "journal writer stopped: nothing more is journaled", ex);
        }
        finally
        {
            if (appender != null)
            {
                appender.close();
            }
        }
    }

    private long pollMs()
    {
        return running ? Math.max(1, Math.min(options.housekeepingIntervalMs(), 100)) : 1;
    }

    private void writeBurst()
    {
        for (final Pending pending : burst)
        {
            switch (pending.kind)
            {
                case Pending.VALUE:
                    // while values are deferred, an older value of the same tag may wait in the map: appending this
                    // one now would let that older one be journaled after it
                    if (quotaBlocked || deferring)
                    {
                        synchronized (deferred)
                        {
                            deferring = true;
                            deferLocked(pending);
                        }
                    }
                    else
                    {
                        appendValue(pending.sourceId, pending.value);
                    }
                    break;
                case Pending.DEFINITION:
                    flushBatch();
                    appendDefinition(pending.definition);
                    break;
                case Pending.AUDIT:
                    flushBatch();
                    appendAudit(pending.audit);
                    break;
                default:
                    flushBatch();
                    appendState(pending.state);
                    break;
            }
        }
        flushBatch();
        settled.addAndGet(burst.size());
        burst.clear();
    }

    /** @return whether the replicator sent everything journaled and the last beyond-quota flush is an interval ago. */
    private boolean blockedFlushDue()
    {
        final long nowNs = System.nanoTime();
        if (sentIndex != lastIndex || nowNs - nextBlockedFlushNs < 0)
        {
            return false;
        }
        nextBlockedFlushNs = nowNs + housekeepingIntervalNs();
        return true;
    }

    private void writeDeferred()
    {
        final boolean beyondQuota = quotaBlocked;
        final List<Pending> values;
        synchronized (deferred)
        {
            values = new ArrayList<>(deferred.values());
            deferred.clear();
        }
        values.sort((a, b) -> Integer.compare(a.sourceId, b.sourceId));
        for (final Pending pending : values)
        {
            appendValue(pending.sourceId, pending.value);
        }
        flushBatch();
        synchronized (deferred)
        {
            if (deferred.isEmpty())
            {
                deferring = false;
            }
        }
        if (beyondQuota)
        {
            valuesBeyondQuota += values.size();
        }
        else if (!values.isEmpty())
        {
            LOG.info("journal: wrote " + values.size() + " deferred tag values (newest per tag)");
        }
    }

    private void appendValue(final int sourceId, final TagValue value)
    {
        if (batchOpen && batchSourceId == sourceId && batch.append(value))
        {
            return;
        }
        flushBatch();
        scratchBlock.wrap(scratch, 0, BlockWriter.HEADER_LENGTH + options.maxBatchBytes());
        if (!batch.beginLiveValues(scratchBlock, nextSequence) || !batch.append(value))
        {
            scratchBlock.wrap(scratch, 0, scratch.length);
            if (!batch.beginLiveValues(scratchBlock, nextSequence) || !batch.append(value))
            {
                tooLarge("tag value of tag " + value.tagId());
                return;
            }
        }
        batchOpen = true;
        batchSourceId = sourceId;
    }

    private void flushBatch()
    {
        if (!batchOpen)
        {
            return;
        }
        batchOpen = false;
        final int values = batch.count();
        appendScratch();
        valuesAppended += values;
    }

    private void appendDefinition(final TagDefinition definition)
    {
        scratchBlock.wrap(scratch, 0, scratch.length);
        if (!definition.writeTo(scratchBlock, nextSequence))
        {
            tooLarge("definition of tag " + definition.tagId());
            return;
        }
        countBeyondQuota();
        appendScratch();
    }

    private void appendState(final SourceState state)
    {
        scratchBlock.wrap(scratch, 0, scratch.length);
        if (!state.writeTo(scratchBlock, nextSequence))
        {
            tooLarge("state of source " + state.sourceId());
            return;
        }
        countBeyondQuota();
        appendScratch();
    }

    private void appendAudit(final AuditEvent event)
    {
        scratchBlock.wrap(scratch, 0, scratch.length);
        if (!event.writeTo(scratchBlock, nextSequence))
        {
            tooLarge("audit event " + event.type());
            return;
        }
        countBeyondQuota();
        appendScratch();
    }

    private void countBeyondQuota()
    {
        if (quotaBlocked)
        {
            appendsBeyondQuota++;
        }
    }

    private void tooLarge(final String what)
    {
        recordsTooLarge++;
        LOG.warning("journal: " + what + " does not fit in one FEC block of " + options.maxRecordBytes() +
            " bytes and is dropped (recordsTooLarge=" + recordsTooLarge + ")");
    }

    private void appendScratch()
    {
        final int recordLength = scratchBlock.usedLength() - BlockWriter.HEADER_LENGTH;
        final int length;
        try (DocumentContext dc = appender.writingDocument())
        {
            if (cipher == null)
            {
                dc.wire().bytes().write(scratch, BlockWriter.HEADER_LENGTH, recordLength);
                length = recordLength;
            }
            else
            {
                final int headerAt = BlockWriter.HEADER_LENGTH;
                final int sealedLength = cipher.seal(scratch, headerAt, RecordHeader.LENGTH, scratch,
                    headerAt + RecordHeader.LENGTH, recordLength - RecordHeader.LENGTH, sealed, 0);
                dc.wire().bytes().write(scratch, headerAt, RecordHeader.LENGTH).write(sealed, 0, sealedLength);
                length = RecordHeader.LENGTH + sealedLength;
            }
        }
        lastIndex = appender.lastIndexAppended();
        lastSequence = nextSequence;
        nextSequence++;
        recordsAppended++;
        writtenSinceMeasure += length + EXCERPT_OVERHEAD_BYTES;
        usedBytes += length + EXCERPT_OVERHEAD_BYTES;
        if (!quotaBlocked && usedBytes > options.quotaBytes())
        {
            housekeep(options.wallClockMs().getAsLong());
        }
    }

    private void recoverLastRecord()
    {
        lastSequence = -1;
        nextSequence = 0;
        try (ExcerptTailer tailer = queue.createTailer())
        {
            tailer.direction(TailerDirection.BACKWARD).toEnd();
            try (DocumentContext dc = tailer.readingDocument())
            {
                if (!dc.isPresent())
                {
                    return;
                }
                final Bytes<?> bytes = dc.wire().bytes();
                if (bytes.readRemaining() < RecordHeader.LENGTH)
                {
                    throw new IllegalStateException("journal " + queue.fileAbsolutePath() + " ends with an excerpt of " +
                        bytes.readRemaining() + " bytes, not a record; it was not written by this sender");
                }
                final byte[] header = new byte[RecordHeader.LENGTH];
                bytes.read(header, 0, RecordHeader.LENGTH);
                lastSequence = (long)I64.get(header, RecordHeader.STREAM_SEQUENCE_OFFSET);
                lastIndex = dc.index();
                nextSequence = lastSequence + 1;
            }
        }
    }

    /**
     * Deletes what retention and quota allow, measures the files, and blocks or unblocks tag values.
     */
    private void housekeep(final long nowMs)
    {
        nextHousekeepingNs = System.nanoTime() + housekeepingIntervalNs();
        final TreeMap<Integer, File> files = cycleFiles();
        long total = 0;
        for (final File file : files.values())
        {
            total += file.length();
        }
        final long sent = sentIndex;
        final long last = lastIndex;
        final int writingCycle = last == Long.MIN_VALUE ? Integer.MAX_VALUE : chronicleCycle.toCycle(last);
        final int passedBelow = sent == Long.MIN_VALUE ? Integer.MIN_VALUE :
            sent == last ? writingCycle : chronicleCycle.toCycle(sent);
        boolean deleted = false;
        final Iterator<Map.Entry<Integer, File>> it = files.entrySet().iterator();
        while (it.hasNext())
        {
            final Map.Entry<Integer, File> e = it.next();
            final int cycle = e.getKey();
            if (cycle >= passedBelow || cycle >= writingCycle)
            {
                break;
            }
            final boolean expired = nowMs - cycleEndMs(cycle) > options.retentionMs();
            if (!expired && total <= options.quotaBytes())
            {
                break;
            }
            final long length = e.getValue().length();
            if (e.getValue().delete())
            {
                total -= length;
                cyclesDeleted++;
                deleted = true;
                LOG.info("journal: deleted sent cycle file " + e.getValue().getName() + " (" +
                    (expired ? "beyond retention" : "quota") + ")");
            }
        }
        if (deleted)
        {
            queue.refreshDirectoryListing();
        }
        usedBytes = total;
        writtenSinceMeasure = 0;
        if (!quotaBlocked && total > options.quotaBytes())
        {
            quotaBlocked = true;
            LOG.warning("journal quota full: " + total + " bytes > quotaBytes=" + options.quotaBytes() +
                " and no sent cycle file can be deleted; tag values are now conflated to the newest per tag " +
                "until the replicator frees space");
        }
        else if (quotaBlocked && total <= options.quotaBytes() / 16 * UNBLOCK_SIXTEENTHS)
        {
            quotaBlocked = false;
            LOG.info("journal quota has room again (" + total + " bytes); journaling tag values");
        }
    }

    private void measure()
    {
        long total = 0;
        for (final File file : cycleFiles().values())
        {
            total += file.length();
        }
        usedBytes = total;
        nextHousekeepingNs = System.nanoTime();
    }

    private long housekeepingIntervalNs()
    {
        return TimeUnit.MILLISECONDS.toNanos(options.housekeepingIntervalMs());
    }

    private long cycleEndMs(final int cycle)
    {
        return ((long)cycle + 1) * chronicleCycle.lengthInMillis();
    }

    private TreeMap<Integer, File> cycleFiles()
    {
        final TreeMap<Integer, File> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(options.dir().resolve(QUEUE_DIR)))
        {
            list.forEach(p ->
            {
                final String name = p.getFileName().toString();
                if (name.endsWith(CYCLE_FILE_SUFFIX))
                {
                    final int cycle = cycleOf(name.substring(0, name.length() - CYCLE_FILE_SUFFIX.length()));
                    if (cycle != Integer.MIN_VALUE)
                    {
                        files.put(cycle, p.toFile());
                    }
                }
            });
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list the journal directory " + options.dir(), ex);
        }
        return files;
    }

    private int cycleOf(final String name)
    {
        try
        {
            final TemporalAccessor t = cycleFileFormat.parse(name);
            final long hour = t.isSupported(ChronoField.HOUR_OF_DAY) ? t.getLong(ChronoField.HOUR_OF_DAY) : 0;
            final long epochMs = t.getLong(ChronoField.EPOCH_DAY) * 86_400_000L + hour * 3_600_000L;
            return (int)(epochMs / chronicleCycle.lengthInMillis());
        }
        catch (final DateTimeParseException | ArithmeticException ex)
        {
            return Integer.MIN_VALUE;
        }
    }

    private static TagDefinition copyOf(final TagDefinition d)
    {
        return new TagDefinition().tagId(d.tagId()).sourceId(d.sourceId()).dataType(d.dataType())
            .valueRank(d.valueRank()).arrayDimensions(d.arrayDimensions().clone()).nodeId(d.nodeId())
            .browsePath(d.browsePath()).engineeringUnits(d.engineeringUnits()).description(d.description());
    }

    @Override
    public String toString()
    {
        return "OtJournal{dir=" + options.dir() + ", lastSequence=" + lastSequence + ", usedBytes=" + usedBytes +
            ", quotaBlocked=" + quotaBlocked + ", at=" + Instant.ofEpochMilli(options.wallClockMs().getAsLong()) +
            '}';
    }

    /** Chronicle's clock, driven by the options' wall clock so tests can roll cycles. */
    private static final class WallClock implements TimeProvider
    {
        private final JournalOptions options;

        WallClock(final JournalOptions options)
        {
            this.options = options;
        }

        @Override
        public long currentTimeMillis()
        {
            return options.wallClockMs().getAsLong();
        }

        @Override
        public long currentTimeMicros()
        {
            return options.wallClockMs().getAsLong() * 1000;
        }

        @Override
        public long currentTimeNanos()
        {
            return options.wallClockMs().getAsLong() * 1_000_000;
        }
    }

    /** One handed-over record, owned by the journal from the hand-off on. */
    private static final class Pending
    {
        static final int VALUE = 0;
        static final int DEFINITION = 1;
        static final int STATE = 2;
        static final int AUDIT = 3;

        final int kind;
        final int sourceId;
        final TagValue value;
        final TagDefinition definition;
        final SourceState state;
        final AuditEvent audit;

        private Pending(final int kind, final int sourceId, final TagValue value, final TagDefinition definition,
            final SourceState state)
        {
            this(kind, sourceId, value, definition, state, null);
        }

        private Pending(final int kind, final int sourceId, final TagValue value, final TagDefinition definition,
            final SourceState state, final AuditEvent audit)
        {
            this.audit = audit;
            this.kind = kind;
            this.sourceId = sourceId;
            this.value = value;
            this.definition = definition;
            this.state = state;
        }

        /** For values: the order of hand-over across all collector threads ({@link #deferLocked}). */
        long order;

        static Pending value(final int sourceId, final TagValue value)
        {
            return new Pending(VALUE, sourceId, value, null, null);
        }

        static Pending definition(final TagDefinition definition)
        {
            return new Pending(DEFINITION, definition.sourceId(), null, definition, null);
        }

        static Pending audit(final AuditEvent audit)
        {
            return new Pending(AUDIT, 0, null, null, null, audit);
        }

        static Pending state(final SourceState state)
        {
            return new Pending(STATE, state.sourceId(), null, null, state);
        }
    }
}
