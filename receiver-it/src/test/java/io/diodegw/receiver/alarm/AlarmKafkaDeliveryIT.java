package io.diodegw.receiver.alarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.diodegw.receiver.delivery.KafkaBroker;

/**
 * Alarm events on a Kafka topic through camel-kafka, against a real single-node KRaft broker in this JVM: a raised and
 * a cleared event arrive once each, in order, as the same JSON the webhook gets, under one key.
 */
class AlarmKafkaDeliveryIT
{
    private static final String TOPIC = "site1.diodegw.alarms";
    private static final long T0 = 1_795_000_000_000L;
    private static final long WAIT_MS = 30_000;

    @TempDir
    Path dir;

    @Test
    void shouldPublishRaisedAndClearedEventsInOrderOnTheAlarmTopic() throws Exception
    {
        try (KafkaBroker broker = new KafkaBroker(dir.resolve("kafka")))
        {
            broker.start();
            broker.createTopics(List.of(TOPIC));
            try (AlarmDelivery delivery = new AlarmDelivery(List.of(AlarmDestination.kafka(TOPIC,
                broker.bootstrapServers(), Map.of("linger.ms", "0"))), 8, new AlarmDelivery.Retry(2, 10, 20)))
            {
                delivery.start();
                delivery.onAlarm(new AlarmEvent(AlarmEvent.Type.RAISED, AlarmKind.LAG, "source 1", 12_345, 10_000,
                    T0, "source 1 is 12345 ms behind"));
                delivery.onAlarm(new AlarmEvent(AlarmEvent.Type.CLEARED, AlarmKind.LAG, "source 1", 80, 10_000,
                    T0 + 30_000, "source 1 caught up"));
                final long deadline = System.nanoTime() + WAIT_MS * 1_000_000;
                while (delivery.delivered("kafka") < 2 && System.nanoTime() < deadline)
                {
                    Thread.sleep(20);
                }
                assertEquals(2, delivery.delivered("kafka"));
                assertEquals(0, delivery.failed("kafka"));
            }
            final List<ConsumerRecord<String, String>> records = read(broker);
            assertEquals(2, records.size());
            assertEquals(AlarmDestination.KAFKA_KEY, records.get(0).key());
            assertEquals("{\"event\":\"RAISED\",\"kind\":\"lag\",\"subject\":\"source 1\",\"value\":12345,"
                + "\"threshold\":10000,\"time\":\"2026-11-18T11:06:40Z\",\"message\":\"source 1 is 12345 ms behind\"}",
                records.get(0).value());
            assertTrue(records.get(1).value().startsWith("{\"event\":\"CLEARED\",\"kind\":\"lag\""),
                records.get(1).value());
        }
    }

    /** Everything on the topic: the delivery counted both events as acknowledged before this reads. */
    private static List<ConsumerRecord<String, String>> read(final KafkaBroker broker)
    {
        final Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        final List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
            new StringDeserializer()))
        {
            final List<TopicPartition> partitions = consumer.partitionsFor(TOPIC).stream()
                .map(info -> new TopicPartition(TOPIC, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            final long deadline = System.nanoTime() + WAIT_MS * 1_000_000;
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp)))
            {
                assertTrue(System.nanoTime() < deadline, "reading the topic to its end offsets " + ends);
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
