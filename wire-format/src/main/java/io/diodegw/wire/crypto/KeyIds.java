package io.diodegw.wire.crypto;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import org.bouncycastle.crypto.digests.SHA256Digest;

/**
 * Names a public key on the wire by the first 8 bytes of the SHA-256 of its 32-byte encoding (X25519 u-coordinate or
 * Ed25519 point). As a {@code long}, the id is those 8 bytes read little-endian, so writing it little-endian puts the
 * hash bytes on the wire in hash order. Stateless and thread-safe.
 */
public final class KeyIds
{
    /** Length of a public key, X25519 or Ed25519, in bytes. */
    public static final int PUBLIC_KEY_BYTES = 32;

    private static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private KeyIds()
    {
    }

    /**
     * @param publicKey the key's 32-byte encoding.
     * @return its id.
     * @throws IllegalArgumentException if the encoding is not 32 bytes.
     */
    public static long of(final byte[] publicKey)
    {
        if (publicKey.length != PUBLIC_KEY_BYTES)
        {
            throw new IllegalArgumentException("publicKey.length=" + publicKey.length + " != " + PUBLIC_KEY_BYTES);
        }
        final SHA256Digest digest = new SHA256Digest();
        digest.update(publicKey, 0, publicKey.length);
        final byte[] hash = new byte[digest.getDigestSize()];
        digest.doFinal(hash, 0);
        return (long)I64.get(hash, 0);
    }

    /** @return the id as 16 hex digits in wire (hash) order, for logs and configuration. */
    public static String toHex(final long keyId)
    {
        final StringBuilder hex = new StringBuilder(16);
        for (int i = 0; i < 8; i++)
        {
            final int b = (int)(keyId >>> (8 * i)) & 0xFF;
            hex.append(Character.forDigit(b >>> 4, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return hex.toString();
    }

    /**
     * @return the id as the fingerprint operators compare and list: 16 hex digits in wire order, in dash-separated
     *     groups of four, e.g. {@code 3f2a-9c01-77be-0d45} ({@link KeyFiles#fingerprint}).
     */
    public static String toFingerprint(final long keyId)
    {
        final String hex = toHex(keyId);
        final StringBuilder sb = new StringBuilder(hex.length() + hex.length() / 4);
        for (int i = 0; i < hex.length(); i++)
        {
            if (i > 0 && i % 4 == 0)
            {
                sb.append('-');
            }
            sb.append(hex.charAt(i));
        }
        return sb.toString();
    }
}
