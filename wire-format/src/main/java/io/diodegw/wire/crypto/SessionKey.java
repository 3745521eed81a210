package io.diodegw.wire.crypto;

import java.security.MessageDigest;
import java.util.Arrays;

import javax.crypto.SecretKey;

/**
 * A 256-bit AES-GCM link key and what identifies and limits it: sender epoch, key id, the 4-byte nonce prefix derived
 * with it, the packet budget (counters {@code [0, packetLimit)} may be used) and its expiry.
 *
 * <p>A session key exists once per (epoch, key id); it is never used for more than {@link #packetLimit()} datagrams
 * and each counter is used once (see {@link AeadNonce}). {@link #destroy()} zeroes the key bytes this object holds;
 * a {@link javax.crypto.Cipher} that was initialised with it keeps its own expanded key schedule until it is
 * initialised with another key, which the JDK offers no way to wipe.
 *
 * <p>Thread-safe for reading; {@code destroy()} must not race with a sealer or opener using the key.
 */
public final class SessionKey
{
    /** Length of the AES key, in bytes. */
    public static final int KEY_BYTES = 32;

    private final long senderEpoch;
    private final int keyId;
    private final int noncePrefix;
    private final long packetLimit;
    private final long expiresAtMs;
    private final AesKey secretKey;

    private SessionKey(
        final long senderEpoch,
        final int keyId,
        final byte[] keyBytes,
        final int noncePrefix,
        final long packetLimit,
        final long expiresAtMs)
    {
        this.senderEpoch = senderEpoch;
        this.keyId = keyId;
        this.noncePrefix = noncePrefix;
        this.packetLimit = packetLimit;
        this.expiresAtMs = expiresAtMs;
        this.secretKey = new AesKey(keyBytes.clone());
    }

    /**
     * Builds a key from raw material, for derivation code and tests. The bytes are copied.
     *
     * @param senderEpoch epoch of the sender that uses the key.
     * @param keyId       id of the key within the epoch.
     * @param keyBytes    exactly {@value #KEY_BYTES} bytes.
     * @param noncePrefix the 4 fixed bytes of every nonce under this key, as a little-endian int.
     * @param packetLimit number of packet counters the key may use, {@code >= 1}.
     * @param expiresAtMs wall-clock expiry, ms since 1970-01-01T00:00Z.
     * @return the key.
     * @throws IllegalArgumentException if the key length or packet limit is wrong.
     */
    public static SessionKey of(
        final long senderEpoch,
        final int keyId,
        final byte[] keyBytes,
        final int noncePrefix,
        final long packetLimit,
        final long expiresAtMs)
    {
        if (keyBytes.length != KEY_BYTES)
        {
            throw new IllegalArgumentException("keyBytes.length=" + keyBytes.length + " != " + KEY_BYTES);
        }
        if (packetLimit < 1)
        {
            throw new IllegalArgumentException("packetLimit=" + packetLimit + " < 1");
        }
        return new SessionKey(senderEpoch, keyId, keyBytes, noncePrefix, packetLimit, expiresAtMs);
    }

    public long senderEpoch()
    {
        return senderEpoch;
    }

    public int keyId()
    {
        return keyId;
    }

    /** @return the fixed first 4 bytes of every nonce under this key, little-endian. */
    public int noncePrefix()
    {
        return noncePrefix;
    }

    /** @return how many packet counters, from 0, the key may use; counters at or above it are refused. */
    public long packetLimit()
    {
        return packetLimit;
    }

    /** @return expiry, ms since 1970-01-01T00:00Z. */
    public long expiresAtMs()
    {
        return expiresAtMs;
    }

    /** @return the key for {@code Cipher.init}: algorithm "AES", format "RAW". */
    public SecretKey secretKey()
    {
        return secretKey;
    }

    /**
     * @param other another key.
     * @return whether both have the same key bytes, nonce prefix, epoch and key id (constant time in the bytes).
     */
    public boolean sameKeyAs(final SessionKey other)
    {
        return senderEpoch == other.senderEpoch && keyId == other.keyId && noncePrefix == other.noncePrefix &&
            MessageDigest.isEqual(secretKey.bytes, other.secretKey.bytes);
    }

    /** Zeroes the key bytes; sealers and openers holding the key refuse to use it from then on. */
    public void destroy()
    {
        secretKey.destroy();
    }

    public boolean isDestroyed()
    {
        return secretKey.isDestroyed();
    }

    @Override
    public String toString()
    {
        return "SessionKey{senderEpoch=" + Long.toUnsignedString(senderEpoch) + ", keyId=" +
            Integer.toUnsignedString(keyId) + ", packetLimit=" + packetLimit + ", expiresAtMs=" + expiresAtMs + '}';
    }

    /**
     * A raw AES key that can be wiped: {@link javax.crypto.spec.SecretKeySpec} cannot (its {@code destroy()} is the
     * throwing default up to JDK 25). SunJCE reads it through {@link #getEncoded()}, which returns a copy that the
     * JDK zeroes after use.
     */
    private static final class AesKey implements SecretKey
    {
        private static final long serialVersionUID = 1L;

        private final byte[] bytes;
        private volatile boolean destroyed;

        AesKey(final byte[] bytes)
        {
            this.bytes = bytes;
        }

        @Override
        public String getAlgorithm()
        {
            return "AES";
        }

        @Override
        public String getFormat()
        {
            return "RAW";
        }

        @Override
        public byte[] getEncoded()
        {
            if (destroyed)
            {
                throw new IllegalStateException("session key destroyed");
            }
            return bytes.clone();
        }

        @Override
        public void destroy()
        {
            Arrays.fill(bytes, (byte)0);
            destroyed = true;
        }

        @Override
        public boolean isDestroyed()
        {
            return destroyed;
        }
    }
}
