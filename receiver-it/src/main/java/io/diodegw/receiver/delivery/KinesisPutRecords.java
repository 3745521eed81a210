package io.diodegw.receiver.delivery;

import io.diodegw.receiver.journal.JsonRecord;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequest;
import software.amazon.awssdk.services.kinesis.model.PutRecordsRequestEntry;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.PutRecordsResultEntry;

/**
 * The Kinesis sink's producer: puts every JSON object of a {@link DeliveryBatch} as one Kinesis record, partition
 * key = tag id (so one tag's values stay in order on one shard), in PutRecords calls of at most
 * {@value #MAX_RECORDS_PER_CALL} records and {@value #MAX_BYTES_PER_CALL} bytes. When a call accepts only part of
 * its records, only the failed ones are sent again, after a back-off, up to {@value #MAX_ATTEMPTS} attempts; then
 * the batch fails and the consumer retries it (records already accepted are then put again: consumers deduplicate
 * by senderEpoch, streamSequence and index, which every object carries).
 *
 * <p>camel-aws2-kinesis's producer is not used for the put itself: its batch mode takes one partition key for the
 * whole batch and fails the exchange without saying which records failed. This processor uses the same SDK client.
 *
 * <p>Used by one consumer thread at a time.
 */
final class KinesisPutRecords implements Processor
{
    static final int MAX_RECORDS_PER_CALL = 500;
    static final int MAX_BYTES_PER_CALL = 5 * 1024 * 1024;
    static final int MAX_ATTEMPTS = 8;

    private final KinesisClient client;
    private final String streamName;
    private final SinkCounters counters;
    private final long initialBackoffMs;
    private final long maxBackoffMs;

    KinesisPutRecords(final KinesisClient client, final String streamName, final SinkCounters counters,
        final long initialBackoffMs, final long maxBackoffMs)
    {
        this.client = client;
        this.streamName = streamName;
        this.counters = counters;
        this.initialBackoffMs = initialBackoffMs;
        this.maxBackoffMs = maxBackoffMs;
    }

    @Override
    public void process(final Exchange exchange) throws InterruptedException
    {
        final DeliveryBatch batch = exchange.getIn().getBody(DeliveryBatch.class);
        List<PutRecordsRequestEntry> chunk = new ArrayList<>();
        long chunkBytes = 0;
        for (final JsonRecord record : batch.records())
        {
            final long size = record.json().length + record.partitionKey().length();
            if (chunk.size() == MAX_RECORDS_PER_CALL || (chunkBytes + size > MAX_BYTES_PER_CALL && !chunk.isEmpty()))
            {
                put(chunk);
                chunk = new ArrayList<>();
                chunkBytes = 0;
            }
            chunk.add(PutRecordsRequestEntry.builder()
                .partitionKey(record.partitionKey())
                .data(SdkBytes.fromByteArray(record.json()))
                .build());
            chunkBytes += size;
        }
        if (!chunk.isEmpty())
        {
            put(chunk);
        }
    }

    private void put(final List<PutRecordsRequestEntry> entries) throws InterruptedException
    {
        List<PutRecordsRequestEntry> pending = entries;
        long backoffMs = initialBackoffMs;
        for (int attempt = 1; ; attempt++)
        {
            final PutRecordsResponse response = client.putRecords(PutRecordsRequest.builder()
                .streamName(streamName)
                .records(pending)
                .build());
            final Integer failedCount = response.failedRecordCount();
            if (failedCount == null || failedCount == 0)
            {
                return;
            }
            final List<PutRecordsRequestEntry> failed = new ArrayList<>(failedCount);
            String firstError = null;
            final List<PutRecordsResultEntry> results = response.records();
            for (int i = 0; i < results.size(); i++)
            {
                if (results.get(i).errorCode() != null)
                {
                    failed.add(pending.get(i));
                    if (firstError == null)
                    {
                        firstError = results.get(i).errorCode() + ": " + results.get(i).errorMessage();
                    }
                }
            }
            if (attempt == MAX_ATTEMPTS)
            {
                throw new IllegalStateException(failed.size() + " of " + pending.size() + " Kinesis records still " +
                    "failed after " + attempt + " attempts, e.g. " + firstError);
            }
            counters.retries.incrementAndGet();
            Thread.sleep(backoffMs);
            backoffMs = Math.min(maxBackoffMs, backoffMs * 2);
            pending = failed;
        }
    }
}
