package io.diodegw.wire.crypto;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import javax.crypto.spec.SecretKeySpec;

import org.bouncycastle.crypto.digests.SHA256Digest;

/**
 * A journal encryption key: 32 bytes for AES-256-GCM of journal payloads at rest ({@link JournalCipher}), read from
 * the file {@code bin/diode keygen --journal-key FILE} writes ({@link KeyFiles#readJournalKey}).
 *
 * <p>Its {@link #fingerprint()} identifies it without revealing it (the first 8 bytes of SHA-256 over a fixed label
 * and the key): a journal records the fingerprint of the key it was written with, so a journal is never opened with
 * another key. {@link #toString()} shows the fingerprint only; the key bytes are never logged.
 *
 * <p>Immutable and thread-safe.
 */
public final class JournalKey
{
    /** Key length, in bytes. */
    public static final int LENGTH = 32;

    private static final byte[] FINGERPRINT_LABEL = "diodegw journal key fingerprint v1".getBytes(StandardCharsets.US_ASCII);
    private static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final SecretKeySpec key;
    private final String fingerprint;

    /**
     * @param keyBytes 32 bytes; copied.
     * @throws IllegalArgumentException if not 32 bytes.
     */
    public JournalKey(final byte[] keyBytes)
    {
        if (keyBytes.length != LENGTH)
        {
            throw new IllegalArgumentException("a journal key has " + LENGTH + " bytes, not " + keyBytes.length);
        }
        this.key = new SecretKeySpec(keyBytes, "AES");
        final SHA256Digest digest = new SHA256Digest();
        digest.update(FINGERPRINT_LABEL, 0, FINGERPRINT_LABEL.length);
        digest.update(keyBytes, 0, keyBytes.length);
        final byte[] hash = new byte[digest.getDigestSize()];
        digest.doFinal(hash, 0);
        this.fingerprint = KeyIds.toFingerprint((long)I64.get(hash, 0));
        Arrays.fill(hash, (byte)0);
    }

    /** @return 16 hex digits in groups of four, e.g. {@code 3f2a-9c01-77be-0d45}; safe to log and compare. */
    public String fingerprint()
    {
        return fingerprint;
    }

    SecretKeySpec secretKey()
    {
        return key;
    }

    @Override
    public String toString()
    {
        return "JournalKey{" + fingerprint + '}';
    }
}
