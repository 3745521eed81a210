package io.diodegw.receiver.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.diodegw.receiver.journal.ItJournal;
import io.diodegw.receiver.journal.TestStream;

/**
 * The Kafka sink against a real single-node KRaft broker in this JVM: every object once, on the topic of its kind,
 * keyed by tag id; and a broker that is down when delivery starts costs nothing once it is up.
 */
class KafkaDeliveryIT
{
    private static final String PREFIX = "site1.diodegw.";
    private static final Set<String> KINDS = Set.of("value", "definition", "gap");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void shouldPublishEveryObjectOnceOnTheTopicOfItsKindKeyedByTagId() throws Exception
    {
        final TestStream stream = new TestStream(53, 25);
        try (KafkaBroker broker = new KafkaBroker(dir.resolve("kafka")))
        {
            broker.start();
            broker.createTopics(KINDS.stream().map(kind -> PREFIX + kind).toList());
            try (ItJournal journal = ItJournal.open(dir.resolve("journal"));
                DeliveryService delivery = new DeliveryService(journal, options(broker)))
            {
                stream.writeDefinitions(journal);
                stream.writeValues(journal, 120, 15);
                stream.writeGap(journal, 2);
                stream.writeValues(journal, 60, 15);
                delivery.start();
                Await.until(() -> delivery.status(SinkRoutes.KAFKA).map(s -> s.lagEntries() == 0).orElse(false),
                    () -> "Kafka delivery: " + delivery.status());
                assertEquals(0, delivery.status(SinkRoutes.KAFKA).orElseThrow().errors());
            }
            assertDeliveredExactly(broker, stream, KINDS);
        }
    }

    @Test
    void shouldKeepItsCursorWhileTheBrokerIsDownAndDeliverEverythingOnceWhenItComesUp() throws Exception
    {
        final TestStream stream = new TestStream(59, 10);
        try (KafkaBroker broker = new KafkaBroker(dir.resolve("kafka")))
        {
            try (ItJournal journal = ItJournal.open(dir.resolve("journal"));
                DeliveryService delivery = new DeliveryService(journal, options(broker)))
            {
                stream.writeDefinitions(journal);
                stream.writeValues(journal, 40, 10);
                delivery.start();
                Await.until(() -> delivery.status(SinkRoutes.KAFKA).map(s -> s.errors() > 0).orElse(false),
                    () -> "a failed batch while the broker is down: " + delivery.status());
                final SinkStatus down = delivery.status(SinkRoutes.KAFKA).orElseThrow();
                assertEquals(0, down.deliveredObjects(), down.toString());
                assertTrue(down.lastError() != null && !down.lastError().isEmpty(), down.toString());

                broker.start();
                Await.until(() -> delivery.status(SinkRoutes.KAFKA).map(s -> s.lagEntries() == 0).orElse(false),
                    () -> "Kafka delivery after the broker started: " + delivery.status());
            }
            assertDeliveredExactly(broker, stream, Set.of("value", "definition"));
        }
    }

    private static DeliveryOptions options(final KafkaBroker broker)
    {
        return new DeliveryOptions(20, 64 * 1024, 50, 50, 500, null, null, null,
            new DeliveryOptions.Kafka(broker.bootstrapServers(), PREFIX, null), null);
    }

    private static void assertDeliveredExactly(final KafkaBroker broker, final TestStream stream,
        final Set<String> kinds) throws IOException
    {
        final Map<String, List<ConsumerRecord<String, byte[]>>> byTopic = readAll(broker);
        assertEquals(kinds.stream().map(kind -> PREFIX + kind).collect(java.util.stream.Collectors.toSet()),
            byTopic.keySet());
        final DeliveredObjects delivered = new DeliveredObjects();
        for (final Map.Entry<String, List<ConsumerRecord<String, byte[]>>> topic : byTopic.entrySet())
        {
            for (final ConsumerRecord<String, byte[]> record : topic.getValue())
            {
                final String json = new String(record.value(), StandardCharsets.UTF_8);
                final JsonNode node = MAPPER.readTree(json);
                final String kind = node.get("kind").asText();
                assertEquals(PREFIX + kind, topic.getKey(), json);
                if (!"gap".equals(kind))
                {
                    assertEquals(node.get("tagId").asText(), record.key(), json);
                }
                delivered.addJson(json);
            }
        }
        delivered.assertExactly(stream);
    }

    private static Map<String, List<ConsumerRecord<String, byte[]>>> readAll(final KafkaBroker broker)
    {
        final Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        final Map<String, List<ConsumerRecord<String, byte[]>>> byTopic = new HashMap<>();
        // a topic created but never written (gap when no gap happened) has no records and no entry here
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
            new ByteArrayDeserializer()))
        {
            final List<TopicPartition> partitions = new ArrayList<>();
            for (final Map.Entry<String, List<PartitionInfo>> topic : consumer.listTopics().entrySet())
            {
                if (topic.getKey().startsWith(PREFIX) && KINDS.contains(topic.getKey().substring(PREFIX.length())))
                {
                    topic.getValue().forEach(info -> partitions.add(new TopicPartition(info.topic(),
                        info.partition())));
                }
                else
                {
                    assertTrue(topic.getKey().startsWith("__"), "unexpected topic " + topic.getKey());
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp)))
            {
                assertTrue(System.nanoTime() < deadline, "reading every topic to its end offsets " + ends);
                for (final ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200)))
                {
                    byTopic.computeIfAbsent(record.topic(), t -> new ArrayList<>()).add(record);
                }
            }
        }
        return byTopic;
    }
}
