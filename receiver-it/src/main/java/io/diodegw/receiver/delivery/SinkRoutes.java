package io.diodegw.receiver.delivery;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.aws2.s3.AWS2S3Constants;

/**
 * The built-in sinks, one route each, every route consuming the IT journal through its own cursor
 * ({@code diodegw-journal:NAME}; see {@link JournalComponent}). Routes have no error handler of their own: a failure
 * reaches the journal consumer, which counts it, keeps the cursor where it was and retries with back-off.
 *
 * <ul>
 *   <li>{@value #FILES}: gzip JSON Lines files under the sink directory ({@link FileObjectWriter}).</li>
 *   <li>{@value #S3}: the same objects, split one per exchange, put by camel-aws2-s3 at their key under the
 *   configured prefix, each with the configured server-side encryption (SSE-S3, or SSE-KMS with or without a key
 *   id).</li>
 *   <li>{@value #KINESIS}: one Kinesis record per JSON object ({@link KinesisPutRecords}).</li>
 *   <li>{@value #KAFKA}: one Kafka record per JSON object, a topic per kind, the tag id as key
 *   ({@link KafkaPublisher}).</li>
 * </ul>
 */
final class SinkRoutes extends RouteBuilder
{
    /** Route id and cursor name of the file sink. */
    static final String FILES = "files";
    /** Route id and cursor name of the S3 sink. */
    static final String S3 = "s3";
    /** Route id and cursor name of the Kinesis sink. */
    static final String KINESIS = "kinesis";
    /** Registry name of the S3 client. */
    static final String S3_CLIENT = "diodegwS3Client";
    /** Registry name of the Kinesis producer. */
    static final String KINESIS_PRODUCER = "diodegwKinesisPutRecords";
    /** Route id and cursor name of the Kafka sink. */
    static final String KAFKA = "kafka";
    /** Registry name of the Kafka publisher. */
    static final String KAFKA_PUBLISHER = "diodegwKafkaPublisher";

    private static final String CONTENT_TYPE = "application/x-ndjson";

    private final DeliveryOptions options;

    SinkRoutes(final DeliveryOptions options)
    {
        this.options = options;
    }

    @Override
    public void configure()
    {
        errorHandler(noErrorHandler());
        if (options.filesDir() != null)
        {
            from(JournalComponent.SCHEME + ":" + FILES).routeId(FILES)
                .process(new FileObjectWriter(options.filesDir()));
        }
        if (options.s3() != null)
        {
            final String prefix = options.s3().keyPrefix();
            from(JournalComponent.SCHEME + ":" + S3).routeId(S3)
                .process(exchange -> exchange.getIn().setBody(
                    exchange.getIn().getBody(DeliveryBatch.class).objects(prefix)))
                .split(body()).stopOnException()
                    .process(exchange -> {
                        final DeliveryBatch.StoredObject object =
                            exchange.getIn().getBody(DeliveryBatch.StoredObject.class);
                        exchange.getIn().setHeader(AWS2S3Constants.KEY, object.key());
                        exchange.getIn().setHeader(AWS2S3Constants.CONTENT_TYPE, CONTENT_TYPE);
                        exchange.getIn().setHeader(AWS2S3Constants.CONTENT_LENGTH,
                            (long)object.gzipJsonLines().length);
                        exchange.getIn().setBody(object.gzipJsonLines());
                    })
                    .to("aws2-s3://" + options.s3().bucket() + "?amazonS3Client=#" + S3_CLIENT +
                        "&autoCreateBucket=false" + encryptionOptions(options.s3()))
                .end();
        }
        if (options.kinesis() != null)
        {
            from(JournalComponent.SCHEME + ":" + KINESIS).routeId(KINESIS)
                .process("#" + KINESIS_PRODUCER);
        }
        if (options.kafka() != null)
        {
            from(JournalComponent.SCHEME + ":" + KAFKA).routeId(KAFKA)
                .process("#" + KAFKA_PUBLISHER);
        }
    }

    /** @return the aws2-s3 endpoint options that make every PutObject carry the configured SSE headers. */
    static String encryptionOptions(final DeliveryOptions.S3 s3)
    {
        return switch (s3.serverSideEncryption())
        {
            case NONE -> "";
            case AES256 -> "&useSSES3=true";
            case AWS_KMS -> "&useAwsKMS=true" +
                (s3.kmsKeyId() == null ? "" : "&awsKMSKeyId=RAW(" + s3.kmsKeyId() + ")");
        };
    }
}
