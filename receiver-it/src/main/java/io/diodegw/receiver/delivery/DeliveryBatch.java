package io.diodegw.receiver.delivery;

import io.diodegw.receiver.journal.JsonRecord;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * The journal entries one sink delivers at once, as JSON objects, and how they are laid out as objects or files.
 * A batch is cut at the same journal entries when it is delivered again after a failure or a restart, so it yields
 * the same keys and the destination overwrites instead of duplicating.
 *
 * <p>Key layout, shared by the file and S3 sinks:
 * {@code {prefix}{source}/{yyyy}/{MM}/{dd}/{HH}/{firstSeq}-{lastSeq}.jsonl.gz}, one object per source and hour (UTC,
 * of the apply time) of the batch, where firstSeq and lastSeq are the first and last stream sequence of its objects,
 * zero-padded to 20 digits so that names sort in stream order. Content: gzip of JSON Lines (one object per line).
 *
 * <p>Immutable after the consumer hands it on; not thread-safe while it is being filled.
 */
public final class DeliveryBatch
{
    /** File name suffix of every object. */
    public static final String SUFFIX = ".jsonl.gz";

    private static final int SEQUENCE_DIGITS = 20;

    private final List<JsonRecord> records = new ArrayList<>();
    private long firstJournalSequence;
    private long lastJournalSequence;
    private long entryCount;
    private long jsonBytes;

    /**
     * One object (file) of a batch.
     *
     * @param key           path relative to the sink's root, '/'-separated.
     * @param gzipJsonLines the content.
     * @param objectCount   JSON objects (lines) inside.
     */
    public record StoredObject(String key, byte[] gzipJsonLines, int objectCount)
    {
    }

    void addEntry(final long journalSequence)
    {
        if (entryCount == 0)
        {
            firstJournalSequence = journalSequence;
        }
        lastJournalSequence = journalSequence;
        entryCount++;
    }

    void add(final JsonRecord record)
    {
        records.add(record);
        jsonBytes += record.json().length + 1;
    }

    void clear()
    {
        records.clear();
        firstJournalSequence = 0;
        lastJournalSequence = 0;
        entryCount = 0;
        jsonBytes = 0;
    }

    /**
     * @return the JSON objects in journal order (read-only view).
     */
    public List<JsonRecord> records()
    {
        return Collections.unmodifiableList(records);
    }

    /**
     * @return journal sequence of the first entry of the batch.
     */
    public long firstJournalSequence()
    {
        return firstJournalSequence;
    }

    /**
     * @return journal sequence of the last entry of the batch.
     */
    public long lastJournalSequence()
    {
        return lastJournalSequence;
    }

    /**
     * @return journal entries in the batch (some, like empty batches, yield no object).
     */
    public long entryCount()
    {
        return entryCount;
    }

    /**
     * @return size of the JSON Lines, uncompressed.
     */
    public long jsonBytes()
    {
        return jsonBytes;
    }

    /**
     * Lays the batch out as objects, one per source and hour, each gzip-compressed JSON Lines.
     *
     * @param keyPrefix put in front of every key ("" for none).
     * @return the objects, in the order their first JSON object appears in the batch.
     */
    public List<StoredObject> objects(final String keyPrefix)
    {
        final Map<String, List<JsonRecord>> groups = new LinkedHashMap<>();
        for (final JsonRecord record : records)
        {
            groups.computeIfAbsent(record.source() + "/" + hourPath(record.appliedAtEpochMs()),
                group -> new ArrayList<>()).add(record);
        }
        final List<StoredObject> objects = new ArrayList<>(groups.size());
        for (final Map.Entry<String, List<JsonRecord>> group : groups.entrySet())
        {
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            for (final JsonRecord record : group.getValue())
            {
                first = Math.min(first, record.streamSequence());
                last = Math.max(last, record.lastStreamSequence());
            }
            final String key = keyPrefix + group.getKey() + "/" + pad(first) + "-" + pad(last) + SUFFIX;
            objects.add(new StoredObject(key, gzip(group.getValue()), group.getValue().size()));
        }
        return objects;
    }

    private static String hourPath(final long epochMs)
    {
        final ZonedDateTime time = Instant.ofEpochMilli(epochMs).atZone(ZoneOffset.UTC);
        return String.format("%04d/%02d/%02d/%02d", time.getYear(), time.getMonthValue(), time.getDayOfMonth(),
            time.getHour());
    }

    private static String pad(final long sequence)
    {
        final String digits = Long.toUnsignedString(sequence);
        return "0".repeat(Math.max(0, SEQUENCE_DIGITS - digits.length())) + digits;
    }

    private static byte[] gzip(final List<JsonRecord> records)
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes))
        {
            for (final JsonRecord record : records)
            {
                gzip.write(record.json());
                gzip.write('\n');
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return bytes.toByteArray();
    }
}
