package io.diodegw.receiver.delivery;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.kinesis.KinesisClientBuilder;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Builds the AWS SDK clients the S3 and Kinesis sinks hand to Camel, from {@link DeliveryOptions.Aws}: static
 * credentials only when configured (else the SDK's default chain), path-style S3 addressing when an endpoint
 * override is set (S3-compatible services).
 */
final class AwsClients
{
    private AwsClients()
    {
    }

    static S3Client s3(final DeliveryOptions.Aws aws)
    {
        final S3ClientBuilder builder = S3Client.builder()
            .httpClientBuilder(ApacheHttpClient.builder())
            .region(Region.of(aws.region()))
            .credentialsProvider(credentials(aws));
        if (aws.endpoint() != null)
        {
            builder.endpointOverride(aws.endpoint()).forcePathStyle(true);
        }
        return builder.build();
    }

    static KinesisClient kinesis(final DeliveryOptions.Aws aws)
    {
        final KinesisClientBuilder builder = KinesisClient.builder()
            .httpClientBuilder(ApacheHttpClient.builder())
            .region(Region.of(aws.region()))
            .credentialsProvider(credentials(aws));
        if (aws.endpoint() != null)
        {
            builder.endpointOverride(aws.endpoint());
        }
        return builder.build();
    }

    private static AwsCredentialsProvider credentials(final DeliveryOptions.Aws aws)
    {
        return aws.accessKeyId() != null ?
            StaticCredentialsProvider.create(AwsBasicCredentials.create(aws.accessKeyId(), aws.secretAccessKey())) :
            DefaultCredentialsProvider.builder().build();
    }
}
