package io.diodegw.receiver.delivery;

import io.diodegw.receiver.journal.ItJournal;
import io.diodegw.receiver.journal.JournalCursor;
import io.diodegw.receiver.journal.JournalEntry;
import io.diodegw.receiver.journal.JsonRecord;
import io.diodegw.receiver.journal.RecordJsonDecoder;

import java.util.concurrent.TimeUnit;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.ScheduledPollConsumer;

/**
 * Drains the IT journal through one durable cursor into a route, one batch at a time, on its own scheduler thread.
 *
 * <p>A batch closes when its JSON reaches {@link DeliveryOptions#batchMaxBytes()}, or when the journal has no more
 * entries and the oldest entry of the batch was applied at least {@link DeliveryOptions#batchMaxAgeMs()} ago, or at
 * the pending end stored by an interrupted delivery (so a redelivery is cut at the same entries). Before the route
 * runs, the batch's last entry is stored as pending; after the route succeeded, the cursor is committed. After a
 * failure the cursor is rewound, the error counted, and the same batch tried again after a back-off that doubles
 * from {@link DeliveryOptions#retryInitialBackoffMs()} up to {@link DeliveryOptions#retryMaxBackoffMs()}: a sink
 * never skips data.
 *
 * <p>Confined to the consumer's scheduler thread (the cursor's Chronicle tailer lives there).
 */
final class JournalConsumer extends ScheduledPollConsumer
{
    private static final System.Logger LOG = System.getLogger(JournalConsumer.class.getName());

    private final ItJournal journal;
    private final String cursorName;
    private final boolean objectMode;
    private final DeliveryOptions options;
    private final SinkCounters counters;
    private final JournalEntry entry = new JournalEntry();
    private final DeliveryBatch batch = new DeliveryBatch();
    private RecordJsonDecoder decoder;
    private JournalCursor cursor;
    private int consecutiveFailures;
    private long nextAttemptAtNs;
    private long oldestAppliedAtEpochMs;

    JournalConsumer(final JournalEndpoint endpoint, final Processor processor, final ItJournal journal,
        final String cursorName, final boolean objectMode, final DeliveryOptions options, final SinkCounters counters)
    {
        super(endpoint, processor);
        this.journal = journal;
        this.cursorName = cursorName;
        this.objectMode = objectMode;
        this.options = options;
        this.counters = counters;
        setDelay(options.pollIntervalMs());
        setInitialDelay(0);
        setTimeUnit(TimeUnit.MILLISECONDS);
        setGreedy(true);
    }

    @Override
    protected void doStart() throws Exception
    {
        cursor = journal.cursor(cursorName);
        decoder = new RecordJsonDecoder(((JournalEndpoint)getEndpoint()).getComponent().identities());
        journal.forEachDefinition(cursor.committedSequence(), decoder::learn);
        counters.committedSequence.set(cursor.committedSequence());
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception
    {
        super.doStop();
        if (cursor != null)
        {
            cursor.close();
            cursor = null;
        }
    }

    @Override
    protected int poll() throws Exception
    {
        final long nowNs = System.nanoTime();
        if (consecutiveFailures > 0 && nowNs - nextAttemptAtNs < 0)
        {
            return 0;
        }
        final boolean due = fill();
        if (!due)
        {
            return 0;
        }
        if (batch.entryCount() == 0)
        {
            return 0;
        }
        if (consecutiveFailures > 0)
        {
            counters.retries.incrementAndGet();
        }
        final Exception failure = deliver();
        if (failure == null)
        {
            cursor.commit();
            counters.deliveredEntries.addAndGet(batch.entryCount());
            counters.deliveredObjects.addAndGet(batch.records().size());
            counters.batches.incrementAndGet();
            counters.committedSequence.set(cursor.committedSequence());
            counters.lastError.set(null);
            if (consecutiveFailures > 0)
            {
                LOG.log(System.Logger.Level.INFO, "sink {0} delivers again after {1} failed attempts", cursorName,
                    consecutiveFailures);
            }
            consecutiveFailures = 0;
            final int delivered = (int)Math.min(Integer.MAX_VALUE, batch.entryCount());
            batch.clear();
            return delivered;
        }
        counters.errors.incrementAndGet();
        final String message = failure.getClass().getSimpleName() + ": " + failure.getMessage();
        counters.lastError.set(message);
        final long backoffMs = backoffMs(consecutiveFailures);
        consecutiveFailures++;
        nextAttemptAtNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoffMs);
        LOG.log(System.Logger.Level.WARNING, "sink {0} failed to deliver journal entries {1}..{2} (attempt {3}), "
            + "retrying in {4} ms: {5}", cursorName, batch.firstJournalSequence(), batch.lastJournalSequence(),
            consecutiveFailures, backoffMs, message);
        batch.clear();
        cursor.rewind();
        return 0;
    }

    private boolean fill()
    {
        final long pendingEnd = cursor.pendingEndSequence();
        if (pendingEnd > 0)
        {
            while (cursor.readSequence() < pendingEnd && cursor.next(entry))
            {
                take();
            }
            return cursor.readSequence() >= pendingEnd;
        }
        while (batch.jsonBytes() < options.batchMaxBytes())
        {
            if (!cursor.next(entry))
            {
                return batch.entryCount() > 0 &&
                    System.currentTimeMillis() - oldestAppliedAtEpochMs >= options.batchMaxAgeMs();
            }
            take();
        }
        return true;
    }

    private void take()
    {
        if (batch.entryCount() == 0)
        {
            oldestAppliedAtEpochMs = entry.appliedAtEpochMs();
        }
        batch.addEntry(entry.journalSequence());
        decoder.decode(entry, batch::add);
    }

    private Exception deliver()
    {
        try
        {
            cursor.markPending(batch.lastJournalSequence());
            if (!objectMode)
            {
                if (batch.records().isEmpty())
                {
                    return null;
                }
                return process(batch);
            }
            for (final JsonRecord record : batch.records())
            {
                final Exception failure = process(record);
                if (failure != null)
                {
                    return failure;
                }
            }
            return null;
        }
        catch (final RuntimeException ex)
        {
            return ex;
        }
    }

    private Exception process(final Object body)
    {
        final Exchange exchange = createExchange(true);
        try
        {
            if (body instanceof JsonRecord record)
            {
                exchange.getIn().setBody(new String(record.json(), java.nio.charset.StandardCharsets.UTF_8));
                exchange.getIn().setHeader(JournalComponent.HEADER_SOURCE, record.source());
                exchange.getIn().setHeader(JournalComponent.HEADER_PARTITION_KEY, record.partitionKey());
                exchange.getIn().setHeader(JournalComponent.HEADER_STREAM_SEQUENCE, record.streamSequence());
            }
            else
            {
                exchange.getIn().setBody(body);
            }
            getProcessor().process(exchange);
            return exchange.getException();
        }
        catch (final Exception ex)
        {
            return ex;
        }
        finally
        {
            releaseExchange(exchange, false);
        }
    }

    private long backoffMs(final int failuresBefore)
    {
        final long initial = options.retryInitialBackoffMs();
        final int shift = Math.min(failuresBefore, 30);
        final long backoff = initial << shift;
        return backoff <= 0 || backoff > options.retryMaxBackoffMs() ? options.retryMaxBackoffMs() : backoff;
    }
}
