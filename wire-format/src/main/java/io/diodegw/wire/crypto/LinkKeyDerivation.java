package io.diodegw.wire.crypto;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.bouncycastle.crypto.digests.SHA256Digest;

import io.diodegw.wire.datagram.DatagramHeaderFlyweight;

/**
 * Derives a {@link SessionKey} and its nonce prefix from an X25519 shared secret with HKDF-SHA256 (RFC 5869): salt
 * {@value #SALT_TEXT} (ASCII), input keying material the 32-byte shared secret, and an 80-byte info that binds the key
 * to exactly one link, sender epoch and key id, to both long-term keys and to the ephemeral key. Output bytes 0..31
 * are the AES-256 key, bytes 32..35 the nonce prefix (read little-endian). All integers are little-endian.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |
 * ~             Label "diodegw link key" (16 bytes ASCII)         ~
 * |                                                               |
 * +---------------+---------------+-------------------------------+
 * |    Version    |   Direction   |            Link Id            |
 * +---------------+---------------+-------------------------------+
 * |                            Key Id                             |
 * +---------------------------------------------------------------+
 * |                                                               |
 * +                         Sender Epoch                          +
 * |                                                               |
 * +---------------------------------------------------------------+
 * |                                                               |
 * +                    Sender Identity Key Id                     +
 * |                                                               |
 * +---------------------------------------------------------------+
 * |                                                               |
 * +                        Receiver Key Id                        +
 * |                                                               |
 * +---------------------------------------------------------------+
 * |                                                               |
 * ~           Ephemeral X25519 Public Key (32 bytes)              ~
 * |                                                               |
 * +---------------------------------------------------------------+
 * </pre>
 *
 * <p>HMAC-SHA256 is computed here over Bouncy Castle's {@link SHA256Digest} so that every buffer holding secret
 * material (shared secret, PRK, HMAC pads, output) is ours and is zeroed before returning. Not thread-safe; one
 * instance per signer or verifier. Allocates (off the hot path: once per key).
 */
final class LinkKeyDerivation
{
    static final String SALT_TEXT = "diodegw link v1";
    static final int INFO_LENGTH = 80;
    static final int LABEL_OFFSET = 0;
    static final int VERSION_OFFSET = 16;
    static final int DIRECTION_OFFSET = 17;
    static final int LINK_ID_OFFSET = 18;
    static final int KEY_ID_OFFSET = 20;
    static final int SENDER_EPOCH_OFFSET = 24;
    static final int SENDER_KEY_ID_OFFSET = 32;
    static final int RECEIVER_KEY_ID_OFFSET = 40;
    static final int EPHEMERAL_PUBLIC_KEY_OFFSET = 48;
    /** The only direction of a diode link: sender (OT) to receiver (IT). */
    static final int DIRECTION_SENDER_TO_RECEIVER = 1;
    static final int SHARED_SECRET_BYTES = 32;
    static final int OUTPUT_BYTES = SessionKey.KEY_BYTES + 4;

    private static final byte[] LABEL = "diodegw link key".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SALT = SALT_TEXT.getBytes(StandardCharsets.US_ASCII);
    private static final int HASH_BYTES = 32;
    private static final int BLOCK_BYTES = 64;
    private static final VarHandle I16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final SHA256Digest digest = new SHA256Digest();
    private final byte[] info = new byte[INFO_LENGTH];
    private final byte[] pad = new byte[BLOCK_BYTES];
    private final byte[] inner = new byte[HASH_BYTES];
    private final byte[] prk = new byte[HASH_BYTES];
    private final byte[] block = new byte[HASH_BYTES];
    private final byte[] okm = new byte[OUTPUT_BYTES];

    /**
     * @param sharedSecret 32-byte X25519 shared secret; not modified (the caller zeroes it).
     * @return the session key; its bytes were zeroed here after being copied into it.
     */
    SessionKey derive(
        final byte[] sharedSecret,
        final int linkId,
        final long senderEpoch,
        final int keyId,
        final long senderKeyId,
        final long receiverKeyId,
        final byte[] ephemeralPublicKey,
        final int ephemeralPublicKeyOffset,
        final long packetLimit,
        final long expiresAtMs)
    {
        System.arraycopy(LABEL, 0, info, LABEL_OFFSET, LABEL.length);
        info[VERSION_OFFSET] = (byte)DatagramHeaderFlyweight.PROTOCOL_VERSION;
        info[DIRECTION_OFFSET] = (byte)DIRECTION_SENDER_TO_RECEIVER;
        I16.set(info, LINK_ID_OFFSET, (short)linkId);
        I32.set(info, KEY_ID_OFFSET, keyId);
        I64.set(info, SENDER_EPOCH_OFFSET, senderEpoch);
        I64.set(info, SENDER_KEY_ID_OFFSET, senderKeyId);
        I64.set(info, RECEIVER_KEY_ID_OFFSET, receiverKeyId);
        System.arraycopy(ephemeralPublicKey, ephemeralPublicKeyOffset, info, EPHEMERAL_PUBLIC_KEY_OFFSET,
            KeyIds.PUBLIC_KEY_BYTES);
        try
        {
            hkdf(sharedSecret, 0, SHARED_SECRET_BYTES, info, okm);
            final byte[] keyBytes = Arrays.copyOf(okm, SessionKey.KEY_BYTES);
            try
            {
                return SessionKey.of(senderEpoch, keyId, keyBytes, (int)I32.get(okm, SessionKey.KEY_BYTES), packetLimit,
                    expiresAtMs);
            }
            finally
            {
                Arrays.fill(keyBytes, (byte)0);
            }
        }
        finally
        {
            Arrays.fill(okm, (byte)0);
        }
    }

    /**
     * HKDF-SHA256 extract-then-expand with this class's salt.
     *
     * @param output filled completely; at most 255 * 32 bytes.
     */
    void hkdf(final byte[] ikm, final int ikmOffset, final int ikmLength, final byte[] info, final byte[] output)
    {
        hkdf(SALT, ikm, ikmOffset, ikmLength, info, output);
    }

    /** HKDF-SHA256 (RFC 5869) with an explicit salt; visible for the RFC test vectors. */
    void hkdf(
        final byte[] salt,
        final byte[] ikm,
        final int ikmOffset,
        final int ikmLength,
        final byte[] info,
        final byte[] output)
    {
        try
        {
            hmacBegin(salt, 0, salt.length);
            digest.update(ikm, ikmOffset, ikmLength);
            hmacEnd(salt, 0, salt.length, prk);

            int written = 0;
            int counter = 1;
            while (written < output.length)
            {
                hmacBegin(prk, 0, HASH_BYTES);
                if (counter > 1)
                {
                    digest.update(block, 0, HASH_BYTES);
                }
                digest.update(info, 0, info.length);
                digest.update((byte)counter);
                hmacEnd(prk, 0, HASH_BYTES, block);
                final int n = Math.min(HASH_BYTES, output.length - written);
                System.arraycopy(block, 0, output, written, n);
                written += n;
                counter++;
            }
        }
        finally
        {
            Arrays.fill(prk, (byte)0);
            Arrays.fill(block, (byte)0);
            Arrays.fill(inner, (byte)0);
            Arrays.fill(pad, (byte)0);
            digest.reset();
        }
    }

    private void hmacBegin(final byte[] key, final int keyOffset, final int keyLength)
    {
        loadPad(key, keyOffset, keyLength, (byte)0x36);
        digest.reset();
        digest.update(pad, 0, BLOCK_BYTES);
    }

    private void hmacEnd(final byte[] key, final int keyOffset, final int keyLength, final byte[] mac)
    {
        digest.doFinal(inner, 0);
        loadPad(key, keyOffset, keyLength, (byte)0x5C);
        digest.update(pad, 0, BLOCK_BYTES);
        digest.update(inner, 0, HASH_BYTES);
        digest.doFinal(mac, 0);
    }

    private void loadPad(final byte[] key, final int keyOffset, final int keyLength, final byte value)
    {
        if (keyLength > BLOCK_BYTES)
        {
            throw new IllegalArgumentException("HMAC key of " + keyLength + " bytes > " + BLOCK_BYTES);
        }
        Arrays.fill(pad, value);
        for (int i = 0; i < keyLength; i++)
        {
            pad[i] ^= key[keyOffset + i];
        }
    }
}
