package io.diodegw.receiver.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.diodegw.receiver.journal.JsonRecord;

/**
 * The Kafka sink's producer: publishes every JSON object of a {@link DeliveryBatch} to the topic of its kind
 * ({@code topicPrefix + kind}: value, history, snapshot, definition, sourceState, gap, audit, record) with its
 * partition key as the record key (the tag id for values and definitions), so one tag's objects stay in order on
 * one partition. The batch succeeds only when the cluster acknowledged every record ({@code acks=all}, idempotent
 * producer, so the client's own retries never duplicate); otherwise it fails and the journal consumer counts the
 * error, keeps its cursor and sends the whole batch again after a back-off. A batch sent again may repeat records
 * that were already acknowledged: consumers deduplicate by senderEpoch, streamSequence and index, which every object
 * carries (at least once, in order per key).
 *
 * <p>Used by one consumer thread at a time; {@link #close()} from the delivery's stop.
 */
final class KafkaPublisher implements Processor, AutoCloseable
{
    /** How long one batch may wait for the cluster before it fails and is retried. */
    static final int DELIVERY_TIMEOUT_MS = 30_000;
    private static final int REQUEST_TIMEOUT_MS = 10_000;
    private static final int MAX_BLOCK_MS = 10_000;

    private final KafkaProducer<String, byte[]> producer;
    private final String topicPrefix;

    /**
     * @param kafka the sink's settings.
     * @throws IllegalArgumentException naming the setting if the client properties file cannot be read or is
     *     readable by group or others.
     */
    KafkaPublisher(final DeliveryOptions.Kafka kafka)
    {
        this.producer = new KafkaProducer<>(properties(kafka), new StringSerializer(), new ByteArraySerializer());
        this.topicPrefix = kafka.topicPrefix();
    }

    /** @return the topic objects of this kind go to. */
    String topic(final String kind)
    {
        return topicPrefix + kind;
    }

    @Override
    public void process(final Exchange exchange) throws InterruptedException
    {
        final DeliveryBatch batch = exchange.getIn().getBody(DeliveryBatch.class);
        final List<Future<RecordMetadata>> sent = new ArrayList<>(batch.records().size());
        for (final JsonRecord record : batch.records())
        {
            final Future<RecordMetadata> future =
                producer.send(new ProducerRecord<>(topic(record.kind()), record.partitionKey(), record.json()));
            sent.add(future);
            if (future.isDone() && failed(future))
            {
                break;
            }
        }
        producer.flush();
        int failed = 0;
        Throwable first = null;
        for (final Future<RecordMetadata> future : sent)
        {
            try
            {
                future.get();
            }
            catch (final ExecutionException ex)
            {
                failed++;
                if (first == null)
                {
                    first = ex.getCause();
                }
            }
        }
        if (failed > 0)
        {
            throw new IllegalStateException(failed + " of " + sent.size() + " Kafka records were not acknowledged, " +
                "e.g. " + first, first);
        }
    }

    /** A send that failed at once (no cluster metadata within max.block.ms): the rest would wait as long each. */
    private static boolean failed(final Future<RecordMetadata> future) throws InterruptedException
    {
        try
        {
            future.get();
            return false;
        }
        catch (final ExecutionException ex)
        {
            return true;
        }
    }

    @Override
    public void close()
    {
        producer.close(Duration.ofMillis(MAX_BLOCK_MS));
    }

    static Properties properties(final DeliveryOptions.Kafka kafka)
    {
        final Properties properties = new Properties();
        properties.putAll(kafka.clientProperties());
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, "diodegw-receiver");
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.toString(DELIVERY_TIMEOUT_MS));
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Integer.toString(REQUEST_TIMEOUT_MS));
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Integer.toString(MAX_BLOCK_MS));
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        return properties;
    }
}
