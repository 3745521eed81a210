package io.diodegw.receiver.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.diodegw.config.S3ServerSideEncryption;
import io.diodegw.receiver.journal.ItJournal;
import io.diodegw.receiver.journal.TestStream;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The S3 sink against S3Mock (one instance for the class: it takes about 10 s to start).
 */
class S3DeliveryIT
{
    private static final String PREFIX = "plant-a/";
    private static final Pattern KEY = Pattern.compile(
        "plant-a/(1|2|link)/2\\d{3}/\\d{2}/\\d{2}/\\d{2}/(\\d{20})-(\\d{20})\\.jsonl\\.gz");

    @TempDir
    static Path serviceDir;

    private static TestServices.Service s3Mock;
    private static S3Client s3;

    @TempDir
    Path dir;

    @BeforeAll
    static void startS3Mock() throws IOException
    {
        s3Mock = TestServices.startS3Mock(serviceDir);
        s3 = S3Client.builder()
            .httpClientBuilder(ApacheHttpClient.builder())
            .endpointOverride(s3Mock.endpoint())
            .forcePathStyle(true)
            .region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .build();
        Await.until(() -> {
            try
            {
                s3.listBuckets();
                return true;
            }
            catch (final RuntimeException notReady)
            {
                return false;
            }
        }, () -> "S3Mock to answer at " + s3Mock.endpoint() + ":\n" + s3Mock.logTail());
    }

    @AfterAll
    static void stopS3Mock()
    {
        if (s3 != null)
        {
            s3.close();
        }
        if (s3Mock != null)
        {
            s3Mock.close();
        }
    }

    private static DeliveryOptions options(final String bucket, final long batchMaxBytes, final URI endpoint)
    {
        return new DeliveryOptions(20, batchMaxBytes, 50, 20, 200, null,
            new DeliveryOptions.S3(bucket, PREFIX, new DeliveryOptions.Aws(endpoint, "us-east-1", "test", "test")),
            null, null);
    }

    @Test
    void shouldPutEveryValueOnceInObjectsKeyedBySourceHourAndSequenceRange()
    {
        s3.createBucket(b -> b.bucket("every-value"));
        final TestStream stream = new TestStream(21, 30);
        try (ItJournal journal = ItJournal.open(dir.resolve("journal"));
            DeliveryService delivery = new DeliveryService(journal, options("every-value", 256 * 1024,
                s3Mock.endpoint())))
        {
            stream.writeDefinitions(journal);
            stream.writeValues(journal, 200, 20);
            stream.writeGap(journal, 5);
            stream.writeValues(journal, 100, 20);
            delivery.start();
            Await.until(() -> delivery.status("s3").map(s -> s.lagEntries() == 0).orElse(false),
                () -> "S3 delivery: " + delivery.status());
            assertEquals(0, delivery.status("s3").orElseThrow().errors());
            assertTrue(delivery.status("s3").orElseThrow().batches() > 1);
        }
        final List<S3Object> objects = list("every-value");
        assertTrue(objects.size() > 2, "objects: " + objects.size());
        final DeliveredObjects delivered = new DeliveredObjects();
        for (final S3Object object : objects)
        {
            final var matcher = KEY.matcher(object.key());
            assertTrue(matcher.matches(), object.key());
            assertTrue(Long.parseLong(matcher.group(2)) <= Long.parseLong(matcher.group(3)), object.key());
            delivered.addGzipJsonLines(s3.getObjectAsBytes(g -> g.bucket("every-value").key(object.key()))
                .asByteArray());
        }
        delivered.assertExactly(stream);
    }

    @Test
    void shouldOverwriteTheSameKeysWhenABatchIsRedeliveredAfterACrashBeforeCommit() throws IOException
    {
        s3.createBucket(b -> b.bucket("redelivery"));
        final TestStream stream = new TestStream(22, 10);
        final Path journalDir = dir.resolve("journal");
        final Set<String> firstKeys = new HashSet<>();
        try (ItJournal journal = ItJournal.open(journalDir))
        {
            stream.writeDefinitions(journal);
            stream.writeValues(journal, 40, 10);
            final long firstBatchEnd = journal.headSequence();
            try (DeliveryService delivery = new DeliveryService(journal, options("redelivery", 64L << 20,
                s3Mock.endpoint())))
            {
                delivery.start();
                Await.until(() -> delivery.status("s3").map(s -> s.lagEntries() == 0).orElse(false),
                    () -> "first delivery: " + delivery.status());
                assertEquals(1, delivery.status("s3").orElseThrow().batches());
            }
            list("redelivery").forEach(object -> firstKeys.add(object.key()));
            // What a crash after the puts and before the commit leaves behind: the batch pending, nothing committed.
            Files.writeString(journalDir.resolve("cursors/s3.cursor"),
                "journalSequence=0\nchronicleIndex=-1\npendingEndSequence=" + firstBatchEnd + "\n");
            stream.writeValues(journal, 40, 10);
            try (DeliveryService delivery = new DeliveryService(journal, options("redelivery", 64L << 20,
                s3Mock.endpoint())))
            {
                delivery.start();
                Await.until(() -> delivery.status("s3").map(s -> s.lagEntries() == 0).orElse(false),
                    () -> "redelivery: " + delivery.status());
                assertEquals(2, delivery.status("s3").orElseThrow().batches());
            }
        }
        final List<S3Object> objects = list("redelivery");
        final Set<String> keys = new HashSet<>();
        objects.forEach(object -> keys.add(object.key()));
        assertTrue(keys.containsAll(firstKeys), "first keys overwritten in place: " + firstKeys + " " + keys);
        assertTrue(keys.size() > firstKeys.size());
        final DeliveredObjects delivered = new DeliveredObjects();
        for (final S3Object object : objects)
        {
            delivered.addGzipJsonLines(s3.getObjectAsBytes(g -> g.bucket("redelivery").key(object.key()))
                .asByteArray());
        }
        delivered.assertExactly(stream);
    }

    @Test
    void shouldPutEveryObjectWithSseS3WhenServerSideEncryptionIsAes256()
    {
        final List<HeadObjectResponse> heads = deliverAndHead("sse-s3", S3ServerSideEncryption.AES256, null);
        for (final HeadObjectResponse head : heads)
        {
            assertEquals(ServerSideEncryption.AES256, head.serverSideEncryption(), head.toString());
            assertNull(head.ssekmsKeyId(), head.toString());
        }
    }

    @Test
    void shouldPutEveryObjectWithSseKmsAndTheConfiguredKeyId()
    {
        final List<HeadObjectResponse> heads = deliverAndHead("sse-kms", S3ServerSideEncryption.AWS_KMS,
            TestServices.S3MOCK_KMS_KEY_ID);
        for (final HeadObjectResponse head : heads)
        {
            assertEquals(ServerSideEncryption.AWS_KMS, head.serverSideEncryption(), head.toString());
            assertEquals(TestServices.S3MOCK_KMS_KEY_ID, head.ssekmsKeyId(), head.toString());
        }
    }

    @Test
    void shouldPutObjectsWithoutEncryptionHeadersWhenServerSideEncryptionIsNone()
    {
        for (final HeadObjectResponse head : deliverAndHead("sse-none", S3ServerSideEncryption.NONE, null))
        {
            assertNull(head.serverSideEncryption(), head.toString());
            assertNull(head.ssekmsKeyId(), head.toString());
        }
    }

    @Test
    void shouldRetryAndPutNothingWhileTheKmsKeyIsRefused()
    {
        s3.createBucket(b -> b.bucket("sse-kms-unknown"));
        final TestStream stream = new TestStream(24, 5);
        try (ItJournal journal = ItJournal.open(dir.resolve("journal"));
            DeliveryService delivery = new DeliveryService(journal, new DeliveryOptions(20, 256 * 1024, 50, 20, 200,
                null, new DeliveryOptions.S3("sse-kms-unknown", PREFIX, new DeliveryOptions.Aws(s3Mock.endpoint(),
                    "us-east-1", "test", "test"), S3ServerSideEncryption.AWS_KMS,
                    "no-such-key"), null, null)))
        {
            stream.writeDefinitions(journal);
            stream.writeValues(journal, 20, 5);
            delivery.start();
            Await.until(() -> delivery.status("s3").map(s -> s.errors() >= 2).orElse(false),
                () -> "S3 delivery: " + delivery.status());
            assertEquals(0, delivery.status("s3").orElseThrow().batches());
            assertTrue(delivery.status("s3").orElseThrow().lagEntries() > 0);
            final String lastError = delivery.status("s3").orElseThrow().lastError();
            assertTrue(lastError != null && lastError.contains("Invalid keyId 'no-such-key'"), lastError);
        }
        assertEquals(List.of(), list("sse-kms-unknown"));
    }

    @Test
    void shouldRefuseAKmsKeyIdWithoutSseKms()
    {
        final DeliveryOptions.Aws aws = new DeliveryOptions.Aws(null, "us-east-1", null, null);
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> new DeliveryOptions.S3("b", "", aws, S3ServerSideEncryption.AES256, "alias/x"));
        assertTrue(ex.getMessage().contains("receiver.sinks.s3.kmsKeyId"), ex.getMessage());
        assertThrows(IllegalArgumentException.class,
            () -> new DeliveryOptions.S3("b", "", aws, S3ServerSideEncryption.AWS_KMS, "key) & more"));
    }

    private List<HeadObjectResponse> deliverAndHead(final String bucket, final S3ServerSideEncryption encryption,
        final String kmsKeyId)
    {
        s3.createBucket(b -> b.bucket(bucket));
        final TestStream stream = new TestStream(23, 10);
        try (ItJournal journal = ItJournal.open(dir.resolve("journal"));
            DeliveryService delivery = new DeliveryService(journal, new DeliveryOptions(20, 16 * 1024, 50, 20, 200,
                null, new DeliveryOptions.S3(bucket, PREFIX, new DeliveryOptions.Aws(s3Mock.endpoint(), "us-east-1",
                    "test", "test"), encryption, kmsKeyId), null, null)))
        {
            stream.writeDefinitions(journal);
            stream.writeValues(journal, 100, 10);
            delivery.start();
            Await.until(() -> delivery.status("s3").map(s -> s.lagEntries() == 0).orElse(false),
                () -> "S3 delivery: " + delivery.status());
            assertEquals(0, delivery.status("s3").orElseThrow().errors());
        }
        final List<S3Object> objects = list(bucket);
        assertTrue(objects.size() > 1, "objects: " + objects.size());
        final DeliveredObjects delivered = new DeliveredObjects();
        final List<HeadObjectResponse> heads = new ArrayList<>();
        for (final S3Object object : objects)
        {
            heads.add(s3.headObject(h -> h.bucket(bucket).key(object.key())));
            delivered.addGzipJsonLines(s3.getObjectAsBytes(g -> g.bucket(bucket).key(object.key())).asByteArray());
        }
        delivered.assertExactly(stream);
        return heads;
    }

    private static List<S3Object> list(final String bucket)
    {
        return s3.listObjectsV2Paginator(l -> l.bucket(bucket)).contents().stream().toList();
    }
}
