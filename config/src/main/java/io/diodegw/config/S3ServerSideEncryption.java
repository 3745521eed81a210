package io.diodegw.config;

/**
 * The server-side encryption the S3 sink asks for on every object it puts ({@code x-amz-server-side-encryption}).
 */
public enum S3ServerSideEncryption
{
    /** No header: the bucket's default encryption decides. */
    NONE(null),

    /** SSE-S3: S3 encrypts with keys it manages ({@code AES256}). */
    AES256("AES256"),

    /** SSE-KMS: S3 encrypts with a KMS key ({@code aws:kms}), the configured key id or the account's aws/s3 key. */
    AWS_KMS("aws:kms");

    private final String headerValue;

    S3ServerSideEncryption(final String headerValue)
    {
        this.headerValue = headerValue;
    }

    /** @return the value of {@code x-amz-server-side-encryption}, or null for {@link #NONE}. */
    public String headerValue()
    {
        return headerValue;
    }
}
