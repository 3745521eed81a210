package io.diodegw.sender.journal;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.LongSupplier;

import io.diodegw.config.Config;
import io.diodegw.config.LinkSettings;
import io.diodegw.config.SenderSettings;
import io.diodegw.config.SenderSettings.JournalRollCycle;
import io.diodegw.wire.crypto.JournalKey;
import io.diodegw.wire.crypto.KeyFiles;
import io.diodegw.wire.record.BlockWriter;

/**
 * How an {@link OtJournal} is opened: where, how large, how it rolls and how long it keeps what was sent. Built from
 * the sender's configuration by {@link #fromConfig(Config)}, or by tests through {@link #builder(Path)}.
 *
 * <p>Immutable and thread-safe.
 */
public final class JournalOptions
{
    /** Largest body of a journaled TAG_VALUE_BATCH: small enough that blocks are packed well. */
    public static final int DEFAULT_MAX_BATCH_BYTES = 4096;
    /** Default period of the writer's housekeeping (quota, retention, deferred values). */
    public static final long DEFAULT_HOUSEKEEPING_INTERVAL_MS = 1000;

    private static final long MIN_CHRONICLE_BLOCK_BYTES = 64 * 1024;
    private static final long MAX_CHRONICLE_BLOCK_BYTES = 64L * 1024 * 1024;
    private static final long QUOTA_PER_BLOCK = 64;

    private final Path dir;
    private final long quotaBytes;
    private final JournalRollCycle rollCycle;
    private final long retentionMs;
    private final int writerQueueCapacity;
    private final int maxRecordBytes;
    private final int maxBatchBytes;
    private final long housekeepingIntervalMs;
    private final LongSupplier wallClockMs;
    private final JournalKey encryptionKey;

    private JournalOptions(final Builder b)
    {
        this.dir = Objects.requireNonNull(b.dir, "dir");
        this.quotaBytes = b.quotaBytes;
        this.rollCycle = Objects.requireNonNull(b.rollCycle, "rollCycle");
        this.retentionMs = b.retentionMs;
        this.writerQueueCapacity = b.writerQueueCapacity;
        this.maxRecordBytes = b.maxRecordBytes;
        this.maxBatchBytes = Math.min(b.maxBatchBytes, b.maxRecordBytes);
        this.housekeepingIntervalMs = b.housekeepingIntervalMs;
        this.wallClockMs = Objects.requireNonNull(b.wallClockMs, "wallClockMs");
        this.encryptionKey = b.encryptionKey;
        if (quotaBytes <= 0 || retentionMs < 0 || writerQueueCapacity < 1 || housekeepingIntervalMs < 1 ||
            maxRecordBytes < 64 || maxBatchBytes < 64)
        {
            throw new IllegalArgumentException("quotaBytes=" + quotaBytes + " retentionMs=" + retentionMs +
                " writerQueueCapacity=" + writerQueueCapacity + " housekeepingIntervalMs=" + housekeepingIntervalMs +
                " maxRecordBytes=" + maxRecordBytes + " maxBatchBytes=" + maxBatchBytes + ": out of range");
        }
    }

    /**
     * @param config the sender's configuration.
     * @return the options it sets; records are limited to what one FEC block of the link carries.
     * @throws KeyFiles.KeyFileException if {@code sender.journal.encryptionKeyFile} is set and cannot be read, is
     *     not a journal key, or is readable by group or others.
     */
    public static JournalOptions fromConfig(final Config config)
    {
        final int blockPayloadBytes =
            config.get(LinkSettings.FEC_SOURCE_SYMBOLS) * LinkSettings.symbolSizeBytes(config);
        return builder(config.get(SenderSettings.JOURNAL_DIR))
            .quotaBytes(config.get(SenderSettings.JOURNAL_QUOTA_BYTES))
            .rollCycle(config.get(SenderSettings.JOURNAL_ROLL_CYCLE))
            .retentionMs(config.get(SenderSettings.JOURNAL_RETENTION_MS))
            .writerQueueCapacity(config.get(SenderSettings.JOURNAL_WRITER_QUEUE_CAPACITY))
            .maxRecordBytes(blockPayloadBytes - BlockWriter.HEADER_LENGTH)
            .encryptionKey(config.find(SenderSettings.JOURNAL_ENCRYPTION_KEY_FILE).map(KeyFiles::readJournalKey)
                .orElse(null))
            .build();
    }

    /** @return a builder with the defaults of the configuration and a 45,296-byte record limit (k=32, MTU 1500). */
    public static Builder builder(final Path dir)
    {
        return new Builder(dir);
    }

    /** @return the journal directory; the Chronicle queue and the replicator position live in it. */
    public Path dir()
    {
        return dir;
    }

    public long quotaBytes()
    {
        return quotaBytes;
    }

    public JournalRollCycle rollCycle()
    {
        return rollCycle;
    }

    public long retentionMs()
    {
        return retentionMs;
    }

    public int writerQueueCapacity()
    {
        return writerQueueCapacity;
    }

    /** @return the largest record (16-byte record header plus body) the journal accepts: one block's room. */
    public int maxRecordBytes()
    {
        return maxRecordBytes;
    }

    /** @return the largest TAG_VALUE_BATCH record the writer builds, header included; at most maxRecordBytes. */
    public int maxBatchBytes()
    {
        return maxBatchBytes;
    }

    public long housekeepingIntervalMs()
    {
        return housekeepingIntervalMs;
    }

    /** @return the wall clock that decides roll cycles and retention, ms since 1970-01-01T00:00Z. */
    public LongSupplier wallClockMs()
    {
        return wallClockMs;
    }

    /**
     * @return the key record bodies are encrypted with (AES-256-GCM, see {@link OtJournal}), or null for a journal
     *     in clear.
     */
    public JournalKey encryptionKey()
    {
        return encryptionKey;
    }

    /** @return Chronicle's file growth step: a power of two near quota / 64, within 64 KiB .. 64 MiB. */
    long chronicleBlockBytes()
    {
        final long target = Math.max(MIN_CHRONICLE_BLOCK_BYTES, Math.min(MAX_CHRONICLE_BLOCK_BYTES,
            quotaBytes / QUOTA_PER_BLOCK));
        return Long.highestOneBit(target);
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder
    {
        private final Path dir;
        private long quotaBytes = SenderSettings.JOURNAL_QUOTA_BYTES.defaultValue().orElseThrow();
        private JournalRollCycle rollCycle = SenderSettings.JOURNAL_ROLL_CYCLE.defaultValue().orElseThrow();
        private long retentionMs = SenderSettings.JOURNAL_RETENTION_MS.defaultValue().orElseThrow();
        private int writerQueueCapacity = SenderSettings.JOURNAL_WRITER_QUEUE_CAPACITY.defaultValue().orElseThrow();
        private int maxRecordBytes = 32 * 1416 - BlockWriter.HEADER_LENGTH;
        private int maxBatchBytes = DEFAULT_MAX_BATCH_BYTES;
        private long housekeepingIntervalMs = DEFAULT_HOUSEKEEPING_INTERVAL_MS;
        private LongSupplier wallClockMs = System::currentTimeMillis;
        private JournalKey encryptionKey;

        private Builder(final Path dir)
        {
            this.dir = dir;
        }

        public Builder quotaBytes(final long quotaBytes)
        {
            this.quotaBytes = quotaBytes;
            return this;
        }

        public Builder rollCycle(final JournalRollCycle rollCycle)
        {
            this.rollCycle = rollCycle;
            return this;
        }

        public Builder retentionMs(final long retentionMs)
        {
            this.retentionMs = retentionMs;
            return this;
        }

        public Builder writerQueueCapacity(final int writerQueueCapacity)
        {
            this.writerQueueCapacity = writerQueueCapacity;
            return this;
        }

        public Builder maxRecordBytes(final int maxRecordBytes)
        {
            this.maxRecordBytes = maxRecordBytes;
            return this;
        }

        public Builder maxBatchBytes(final int maxBatchBytes)
        {
            this.maxBatchBytes = maxBatchBytes;
            return this;
        }

        public Builder housekeepingIntervalMs(final long housekeepingIntervalMs)
        {
            this.housekeepingIntervalMs = housekeepingIntervalMs;
            return this;
        }

        public Builder wallClockMs(final LongSupplier wallClockMs)
        {
            this.wallClockMs = wallClockMs;
            return this;
        }

        /** @param encryptionKey the journal key, or null (the default) for a journal in clear. */
        public Builder encryptionKey(final JournalKey encryptionKey)
        {
            this.encryptionKey = encryptionKey;
            return this;
        }

        /**
         * @return the options.
         * @throws IllegalArgumentException naming the values when one is out of range.
         */
        public JournalOptions build()
        {
            return new JournalOptions(this);
        }
    }
}
