package io.diodegw.wire.datagram;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * View over the body of a key announcement datagram: which session key the sender will use next (sender epoch and
 * key id, repeated from the header), the ephemeral X25519 public key the receiver combines with its own static key,
 * whom the announcement is for, who signed it, how long and for how many datagrams the key is valid, and the
 * Ed25519 signature. All integers are little-endian.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |
 * +                         Sender Epoch                          +
 * |                                                               |
 * +---------------------------------------------------------------+
 * |                            Key Id                             |
 * +---------------------------------------------------------------+
 * |                           Reserved                            |
 * +---------------------------------------------------------------+
 * |                                                               |
 * ~           Ephemeral X25519 Public Key (32 bytes)              ~
 * |                                                               |
 * +---------------------------------------------------------------+
 * |                                                               |
 * +                 Receiver Key Id (SHA-256[0..8))               +
 * |                                                               |
 * +---------------------------------------------------------------+
 * |                                                               |
 * +             Sender Identity Key Id (SHA-256[0..8))            +
 * |                                                               |
 * +---------------------------------------------------------------+
 * |                                                               |
 * +                     Not Before (epoch ms)                     +
 * |                                                               |
 * +---------------------------------------------------------------+
 * |                                                               |
 * +                     Expires At (epoch ms)                     +
 * |                                                               |
 * +---------------------------------------------------------------+
 * |                                                               |
 * +                         Packet Limit                          +
 * |                                                               |
 * +---------------------------------------------------------------+
 * |                                                               |
 * ~        Ed25519 Signature over header and body (64 bytes)      ~
 * |                                                               |
 * +---------------------------------------------------------------+
 * </pre>
 *
 * <p>The signature is always the last {@value #SIGNATURE_LENGTH} bytes of the datagram and covers every byte before
 * it, header included. A later protocol revision may insert fields between Packet Limit and the signature; a reader
 * of this revision ignores them (they are still signed). The reserved field is written as zero and ignored.
 *
 * <p>A flyweight: not thread-safe, holds no copy of the bytes, never allocates. Accessors do not check bounds; check
 * {@link #isLengthValid(int)} first for bytes from the network.
 */
public final class KeyAnnouncementFlyweight
{
    public static final int SENDER_EPOCH_OFFSET = 0;
    public static final int KEY_ID_OFFSET = 8;
    public static final int RESERVED_OFFSET = 12;
    public static final int EPHEMERAL_PUBLIC_KEY_OFFSET = 16;
    public static final int RECEIVER_KEY_ID_OFFSET = 48;
    public static final int SENDER_KEY_ID_OFFSET = 56;
    public static final int NOT_BEFORE_MS_OFFSET = 64;
    public static final int EXPIRES_AT_MS_OFFSET = 72;
    public static final int PACKET_LIMIT_OFFSET = 80;
    /** Offset of the signature in a body written by this revision. */
    public static final int SIGNATURE_OFFSET = 88;

    /** Length of an X25519 public key, in bytes. */
    public static final int EPHEMERAL_PUBLIC_KEY_LENGTH = 32;
    /** Length of an Ed25519 signature, in bytes. */
    public static final int SIGNATURE_LENGTH = 64;
    /** Length of the body this revision writes, and the least a reader accepts, in bytes. */
    public static final int BODY_LENGTH = SIGNATURE_OFFSET + SIGNATURE_LENGTH;
    /** Length of the whole key announcement datagram this revision writes: header plus body. */
    public static final int DATAGRAM_LENGTH = DatagramHeaderFlyweight.HEADER_LENGTH + BODY_LENGTH;

    private static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private byte[] buffer;
    private int offset;
    private int bodyLength;

    /**
     * @param buffer     bytes holding the body; not copied.
     * @param offset     index of the body's first byte (after the datagram header).
     * @param bodyLength bytes of body, signature included; {@link #BODY_LENGTH} when writing.
     * @return this flyweight.
     */
    public KeyAnnouncementFlyweight wrap(final byte[] buffer, final int offset, final int bodyLength)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.bodyLength = bodyLength;
        return this;
    }

    /**
     * @param bodyLength bytes after the datagram header.
     * @return whether a body of that length holds every field of this revision and a signature; never throws.
     */
    public static boolean isLengthValid(final int bodyLength)
    {
        return bodyLength >= BODY_LENGTH;
    }

    /**
     * Writes every field but the signature, and clears the reserved field.
     *
     * @param ephemeralPublicKey       holds the 32-byte X25519 public key at {@code ephemeralPublicKeyOffset}.
     * @param ephemeralPublicKeyOffset index of its first byte.
     * @return {@link #SIGNATURE_OFFSET}, the bytes written.
     */
    public int write(
        final long senderEpoch,
        final int keyId,
        final byte[] ephemeralPublicKey,
        final int ephemeralPublicKeyOffset,
        final long receiverKeyId,
        final long senderKeyId,
        final long notBeforeMs,
        final long expiresAtMs,
        final long packetLimit)
    {
        I64.set(buffer, offset + SENDER_EPOCH_OFFSET, senderEpoch);
        I32.set(buffer, offset + KEY_ID_OFFSET, keyId);
        I32.set(buffer, offset + RESERVED_OFFSET, 0);
        System.arraycopy(ephemeralPublicKey, ephemeralPublicKeyOffset, buffer, offset + EPHEMERAL_PUBLIC_KEY_OFFSET,
            EPHEMERAL_PUBLIC_KEY_LENGTH);
        I64.set(buffer, offset + RECEIVER_KEY_ID_OFFSET, receiverKeyId);
        I64.set(buffer, offset + SENDER_KEY_ID_OFFSET, senderKeyId);
        I64.set(buffer, offset + NOT_BEFORE_MS_OFFSET, notBeforeMs);
        I64.set(buffer, offset + EXPIRES_AT_MS_OFFSET, expiresAtMs);
        I64.set(buffer, offset + PACKET_LIMIT_OFFSET, packetLimit);
        return SIGNATURE_OFFSET;
    }

    /** @return sender epoch, u64 bit pattern; must equal the header's. */
    public long senderEpoch()
    {
        return (long)I64.get(buffer, offset + SENDER_EPOCH_OFFSET);
    }

    /** @return key id, u32 bit pattern; must equal the header's. */
    public int keyId()
    {
        return (int)I32.get(buffer, offset + KEY_ID_OFFSET);
    }

    /** @return the reserved field, u32 bit pattern. */
    public int reserved()
    {
        return (int)I32.get(buffer, offset + RESERVED_OFFSET);
    }

    /** @return index of the ephemeral X25519 public key's first byte in the wrapped buffer. */
    public int ephemeralPublicKeyIndex()
    {
        return offset + EPHEMERAL_PUBLIC_KEY_OFFSET;
    }

    /** @return {@link io.diodegw.wire.crypto.KeyIds key id} of the receiver's static X25519 key. */
    public long receiverKeyId()
    {
        return (long)I64.get(buffer, offset + RECEIVER_KEY_ID_OFFSET);
    }

    /** @return {@link io.diodegw.wire.crypto.KeyIds key id} of the sender's Ed25519 identity key. */
    public long senderKeyId()
    {
        return (long)I64.get(buffer, offset + SENDER_KEY_ID_OFFSET);
    }

    /** @return first instant the key may be used, ms since 1970-01-01T00:00Z (sender clock). */
    public long notBeforeMs()
    {
        return (long)I64.get(buffer, offset + NOT_BEFORE_MS_OFFSET);
    }

    /** @return instant from which the key is refused, ms since 1970-01-01T00:00Z (sender clock). */
    public long expiresAtMs()
    {
        return (long)I64.get(buffer, offset + EXPIRES_AT_MS_OFFSET);
    }

    /** @return how many packet counters, from 0, the key may use (signed; valid announcements carry at least 1). */
    public long packetLimit()
    {
        return (long)I64.get(buffer, offset + PACKET_LIMIT_OFFSET);
    }

    /** @return index of the signature's first byte in the wrapped buffer: the last 64 bytes of the body. */
    public int signatureIndex()
    {
        return offset + bodyLength - SIGNATURE_LENGTH;
    }
}
