package io.diodegw.receiver.delivery;

import io.diodegw.config.Config;
import io.diodegw.config.ReceiverSettings;
import io.diodegw.config.S3ServerSideEncryption;
import io.diodegw.receiver.http.PemFiles;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What the delivery needs from the receiver's configuration ({@code receiver.sinks.*}), checked at start-up.
 *
 * @param pollIntervalMs        pause of an idle sink.
 * @param batchMaxBytes         uncompressed JSON size that closes a batch.
 * @param batchMaxAgeMs         age of the oldest entry that closes a batch although it is not full.
 * @param retryInitialBackoffMs first wait after a failed batch.
 * @param retryMaxBackoffMs     longest wait between retries.
 * @param filesDir              the file sink's directory, or null when the file sink is off.
 * @param s3                    the S3 sink, or null when off.
 * @param kinesis               the Kinesis sink, or null when off.
 * @param kafka                 the Kafka sink, or null when off.
 * @param routesDir             a folder of user Camel YAML routes, or null.
 */
public record DeliveryOptions(
    long pollIntervalMs,
    long batchMaxBytes,
    long batchMaxAgeMs,
    long retryInitialBackoffMs,
    long retryMaxBackoffMs,
    Path filesDir,
    S3 s3,
    Kinesis kinesis,
    Kafka kafka,
    Path routesDir)
{
    /** Options without the Kafka sink. */
    public DeliveryOptions(final long pollIntervalMs, final long batchMaxBytes, final long batchMaxAgeMs,
        final long retryInitialBackoffMs, final long retryMaxBackoffMs, final Path filesDir, final S3 s3,
        final Kinesis kinesis, final Path routesDir)
    {
        this(pollIntervalMs, batchMaxBytes, batchMaxAgeMs, retryInitialBackoffMs, retryMaxBackoffMs, filesDir, s3,
            kinesis, null, routesDir);
    }

    /**
     * @param bootstrapServers     host:port[,host:port...].
     * @param topicPrefix          put in front of each object kind to name its topic, "" for none.
     * @param clientPropertiesFile extra producer properties (TLS, SASL), or null.
     */
    public record Kafka(String bootstrapServers, String topicPrefix, Path clientPropertiesFile)
    {
        private static final Pattern TOPIC_PREFIX = Pattern.compile("[A-Za-z0-9._-]*");

        /**
         * @throws IllegalArgumentException if the prefix holds a character Kafka refuses in topic names.
         */
        public Kafka
        {
            if (!TOPIC_PREFIX.matcher(topicPrefix).matches())
            {
                throw new IllegalArgumentException(ReceiverSettings.SINKS_KAFKA_TOPIC_PREFIX.key() + " '" +
                    topicPrefix + "' may hold only letters, digits, '.', '_' and '-' (Kafka topic names)");
            }
        }

        /**
         * @return the properties of {@link #clientPropertiesFile()}, none when it is unset.
         * @throws IllegalArgumentException naming the setting if the file cannot be read or is readable by group or
         *     others (it may hold passwords).
         */
        public Map<String, String> clientProperties()
        {
            return readClientProperties(clientPropertiesFile);
        }

        /**
         * Reads a {@code receiver.sinks.kafka.clientPropertiesFile}; the alarm topic's producer uses it too.
         *
         * @param clientPropertiesFile the file, or null.
         * @return its properties, none when the file is null.
         * @throws IllegalArgumentException naming the setting if the file cannot be read or is readable by group or
         *     others (it may hold passwords).
         */
        public static Map<String, String> readClientProperties(final Path clientPropertiesFile)
        {
            if (clientPropertiesFile == null)
            {
                return Map.of();
            }
            final String setting = ReceiverSettings.SINKS_KAFKA_CLIENT_PROPERTIES_FILE.key();
            PemFiles.checkOwnerOnly(clientPropertiesFile, setting, "Kafka client properties file");
            final Properties properties = new Properties();
            try (InputStream in = Files.newInputStream(clientPropertiesFile))
            {
                properties.load(in);
            }
            catch (final IOException ex)
            {
                throw new IllegalArgumentException("cannot read " + clientPropertiesFile + " (" + setting + "): " + ex,
                    ex);
            }
            final Map<String, String> map = new TreeMap<>();
            properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name)));
            return map;
        }
    }

    /**
     * An AWS service endpoint and credentials.
     *
     * @param endpoint        an endpoint override (an S3- or Kinesis-compatible service), or null for AWS.
     * @param region          the region.
     * @param accessKeyId     a static access key id, or null for the default credentials chain.
     * @param secretAccessKey its secret, or null.
     */
    public record Aws(URI endpoint, String region, String accessKeyId, String secretAccessKey)
    {
        /**
         * @throws IllegalArgumentException if only one of the two credentials is set.
         */
        public Aws
        {
            if ((accessKeyId == null) != (secretAccessKey == null))
            {
                throw new IllegalArgumentException("set both accessKeyId and secretAccessKey, or neither");
            }
        }
    }

    /**
     * @param bucket               the bucket.
     * @param keyPrefix            put in front of every key, "" for none.
     * @param aws                  endpoint and credentials.
     * @param serverSideEncryption the encryption every PutObject asks for.
     * @param kmsKeyId             the SSE-KMS key, or null for the account's aws/s3 key; only with
     *                             {@link S3ServerSideEncryption#AWS_KMS}.
     */
    public record S3(String bucket, String keyPrefix, Aws aws, S3ServerSideEncryption serverSideEncryption,
        String kmsKeyId)
    {
        private static final Pattern KMS_KEY_ID = Pattern.compile("[A-Za-z0-9:/_-]+");

        /**
         * @throws IllegalArgumentException if a KMS key id comes with another encryption than SSE-KMS.
         */
        public S3
        {
            if (serverSideEncryption == null)
            {
                throw new IllegalArgumentException("serverSideEncryption is null; use NONE");
            }
            if (kmsKeyId != null && serverSideEncryption != S3ServerSideEncryption.AWS_KMS)
            {
                throw new IllegalArgumentException(ReceiverSettings.SINKS_S3_KMS_KEY_ID.key() + " is set but " +
                    ReceiverSettings.SINKS_S3_SERVER_SIDE_ENCRYPTION.key() + " is " + serverSideEncryption +
                    "; set it to AWS_KMS or remove the key id");
            }
            if (kmsKeyId != null && !KMS_KEY_ID.matcher(kmsKeyId).matches())
            {
                throw new IllegalArgumentException(ReceiverSettings.SINKS_S3_KMS_KEY_ID.key() + " '" + kmsKeyId +
                    "' is not a KMS key id, key ARN or alias (letters, digits, : / _ - only)");
            }
        }

        /** An S3 sink that asks for no server-side encryption (the bucket's default applies). */
        public S3(final String bucket, final String keyPrefix, final Aws aws)
        {
            this(bucket, keyPrefix, aws, S3ServerSideEncryption.NONE, null);
        }
    }

    /**
     * @param streamName the stream.
     * @param aws        endpoint and credentials.
     */
    public record Kinesis(String streamName, Aws aws)
    {
    }

    /**
     * Reads the delivery settings.
     *
     * @param config the receiver's configuration.
     * @return the options.
     * @throws IllegalArgumentException naming the key when a sink is enabled without what it needs.
     */
    public static DeliveryOptions from(final Config config)
    {
        S3 s3 = null;
        if (config.get(ReceiverSettings.SINKS_S3_ENABLED))
        {
            final String bucket = config.find(ReceiverSettings.SINKS_S3_BUCKET).orElseThrow(() ->
                new IllegalArgumentException(ReceiverSettings.SINKS_S3_BUCKET.key() + " is required when " +
                    ReceiverSettings.SINKS_S3_ENABLED.key() + " is true"));
            s3 = new S3(bucket, config.find(ReceiverSettings.SINKS_S3_PREFIX).orElse(""), aws(
                config.find(ReceiverSettings.SINKS_S3_ENDPOINT), config.get(ReceiverSettings.SINKS_S3_REGION),
                config.find(ReceiverSettings.SINKS_S3_ACCESS_KEY_ID),
                config.find(ReceiverSettings.SINKS_S3_SECRET_ACCESS_KEY), "receiver.sinks.s3"),
                config.get(ReceiverSettings.SINKS_S3_SERVER_SIDE_ENCRYPTION),
                config.find(ReceiverSettings.SINKS_S3_KMS_KEY_ID).orElse(null));
        }
        Kinesis kinesis = null;
        if (config.get(ReceiverSettings.SINKS_KINESIS_ENABLED))
        {
            final String stream = config.find(ReceiverSettings.SINKS_KINESIS_STREAM_NAME).orElseThrow(() ->
                new IllegalArgumentException(ReceiverSettings.SINKS_KINESIS_STREAM_NAME.key() + " is required when " +
                    ReceiverSettings.SINKS_KINESIS_ENABLED.key() + " is true"));
            kinesis = new Kinesis(stream, aws(config.find(ReceiverSettings.SINKS_KINESIS_ENDPOINT),
                config.get(ReceiverSettings.SINKS_KINESIS_REGION),
                config.find(ReceiverSettings.SINKS_KINESIS_ACCESS_KEY_ID),
                config.find(ReceiverSettings.SINKS_KINESIS_SECRET_ACCESS_KEY), "receiver.sinks.kinesis"));
        }
        Kafka kafka = null;
        if (config.get(ReceiverSettings.SINKS_KAFKA_ENABLED))
        {
            final String servers = config.find(ReceiverSettings.SINKS_KAFKA_BOOTSTRAP_SERVERS).orElseThrow(() ->
                new IllegalArgumentException(ReceiverSettings.SINKS_KAFKA_BOOTSTRAP_SERVERS.key() + " is required " +
                    "when " + ReceiverSettings.SINKS_KAFKA_ENABLED.key() + " is true, e.g. kafka1:9092,kafka2:9092"));
            kafka = new Kafka(servers, config.get(ReceiverSettings.SINKS_KAFKA_TOPIC_PREFIX),
                config.find(ReceiverSettings.SINKS_KAFKA_CLIENT_PROPERTIES_FILE).orElse(null));
        }
        return new DeliveryOptions(
            config.get(ReceiverSettings.SINKS_POLL_INTERVAL_MS),
            config.get(ReceiverSettings.SINKS_BATCH_MAX_BYTES),
            config.get(ReceiverSettings.SINKS_BATCH_MAX_AGE_MS),
            config.get(ReceiverSettings.SINKS_RETRY_INITIAL_BACKOFF_MS),
            Math.max(config.get(ReceiverSettings.SINKS_RETRY_INITIAL_BACKOFF_MS),
                config.get(ReceiverSettings.SINKS_RETRY_MAX_BACKOFF_MS)),
            config.get(ReceiverSettings.SINKS_FILES_ENABLED) ? config.get(ReceiverSettings.SINKS_FILES_DIR) : null,
            s3,
            kinesis,
            kafka,
            config.find(ReceiverSettings.SINKS_ROUTES_DIR).orElse(null));
    }

    private static Aws aws(final Optional<String> endpoint, final String region, final Optional<String> accessKeyId,
        final Optional<String> secret, final String group)
    {
        if (accessKeyId.isPresent() != secret.isPresent())
        {
            throw new IllegalArgumentException("set both " + group + ".accessKeyId and " + group +
                ".secretAccessKey, or neither (then the AWS default credentials chain is used)");
        }
        final URI uri;
        try
        {
            uri = endpoint.map(URI::create).orElse(null);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(group + ".endpoint " + endpoint.get() + " is not a URL: " +
                ex.getMessage(), ex);
        }
        return new Aws(uri, region, accessKeyId.orElse(null), secret.orElse(null));
    }
}
