package io.diodegw.receiver.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diodegw.receiver.journal.ItJournal;
import io.diodegw.receiver.journal.TestStream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.model.GetRecordsResponse;
import software.amazon.awssdk.services.kinesis.model.Record;
import software.amazon.awssdk.services.kinesis.model.Shard;
import software.amazon.awssdk.services.kinesis.model.ShardIteratorType;
import software.amazon.awssdk.services.kinesis.model.StreamStatus;

/**
 * The Kinesis sink against kinesis-local.
 */
class KinesisDeliveryIT
{
    private static final String STREAM = "plant-values";
    private static final int SHARDS = 4;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    static Path serviceDir;

    private static TestServices.Service kinesisLocal;
    private static KinesisClient kinesis;
    private static DeliveryOptions.Aws aws;

    @TempDir
    Path dir;

    @BeforeAll
    static void startKinesisLocal() throws IOException
    {
        kinesisLocal = TestServices.startKinesisLocal(serviceDir);
        aws = new DeliveryOptions.Aws(kinesisLocal.endpoint(), "us-east-1", "test", "test");
        kinesis = AwsClients.kinesis(aws);
        Await.until(() -> {
            try
            {
                kinesis.listStreams();
                return true;
            }
            catch (final RuntimeException notReady)
            {
                return false;
            }
        }, () -> "kinesis-local to answer:\n" + kinesisLocal.logTail());
        kinesis.createStream(c -> c.streamName(STREAM).shardCount(SHARDS));
        Await.until(() -> kinesis.describeStreamSummary(d -> d.streamName(STREAM)).streamDescriptionSummary()
            .streamStatus() == StreamStatus.ACTIVE, () -> "stream " + STREAM + " active");
    }

    @AfterAll
    static void stopKinesisLocal()
    {
        if (kinesis != null)
        {
            kinesis.close();
        }
        if (kinesisLocal != null)
        {
            kinesisLocal.close();
        }
    }

    @Test
    void shouldPutEveryValueOnceWithTheTagIdAsPartitionKey() throws IOException
    {
        final TestStream stream = new TestStream(31, 25);
        try (ItJournal journal = ItJournal.open(dir.resolve("journal"));
            DeliveryService delivery = new DeliveryService(journal, new DeliveryOptions(20, 256 * 1024, 50, 20, 200,
                null, null, new DeliveryOptions.Kinesis(STREAM, aws), null)))
        {
            stream.writeDefinitions(journal);
            stream.writeValues(journal, 120, 15);
            stream.writeGap(journal, 2);
            stream.writeValues(journal, 60, 15);
            delivery.start();
            Await.until(() -> delivery.status("kinesis").map(s -> s.lagEntries() == 0).orElse(false),
                () -> "Kinesis delivery: " + delivery.status());
            final SinkStatus status = delivery.status("kinesis").orElseThrow();
            assertEquals(0, status.errors(), status.toString());
            assertTrue(status.deliveredObjects() > 500, "more than one PutRecords call: " + status);
        }
        final List<Record> records = readAll(stream.expected().size());
        final DeliveredObjects delivered = new DeliveredObjects();
        for (final Record record : records)
        {
            final String json = record.data().asString(StandardCharsets.UTF_8);
            delivered.addJson(json);
            final JsonNode node = MAPPER.readTree(json);
            if ("value".equals(node.get("kind").asText()) || "definition".equals(node.get("kind").asText()))
            {
                assertEquals(node.get("tagId").asText(), record.partitionKey());
            }
        }
        delivered.assertExactly(stream);
    }

    private static List<Record> readAll(final int expectedValues) throws IOException
    {
        final List<Shard> shards = kinesis.listShards(l -> l.streamName(STREAM)).shards();
        assertEquals(SHARDS, shards.size());
        final List<Record> all = new ArrayList<>();
        for (final Shard shard : shards)
        {
            String iterator = kinesis.getShardIterator(g -> g.streamName(STREAM).shardId(shard.shardId())
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            while (iterator != null)
            {
                final String current = iterator;
                final GetRecordsResponse response = kinesis.getRecords(g -> g.shardIterator(current).limit(1000));
                all.addAll(response.records());
                if (response.records().isEmpty())
                {
                    break;
                }
                iterator = response.nextShardIterator();
            }
        }
        assertTrue(all.size() >= expectedValues, all.size() + " records for " + expectedValues + " values");
        return all;
    }
}
