package io.diodegw.wire.crypto;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Builds the 96-bit AES-GCM nonce of a sealed datagram: the session key's 4-byte nonce prefix followed by the
 * datagram's 8-byte packet counter, both little-endian.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         Nonce Prefix                          |
 * +---------------------------------------------------------------+
 * |                                                               |
 * +                        Packet Counter                         +
 * |                                                               |
 * +---------------------------------------------------------------+
 * </pre>
 *
 * <p>Why a nonce never repeats under a key: each session key belongs to one (sender epoch, key id) and is derived
 * from a fresh ephemeral X25519 key, so two keys are never equal; the prefix is derived together with the key (HKDF
 * output bytes 32..35, from an info string binding key id and the sender-to-receiver direction; the link carries one
 * direction only); the counter is owned by one {@link DatagramSealer}, starts at 0 for each key, increases by one
 * per datagram and is refused at the key's packet limit, so it never wraps: the sender must rotate to a new key
 * first. The receiver takes the counter from the authenticated header and rebuilds the same nonce.
 */
final class AeadNonce
{
    /** Nonce length, in bytes. */
    static final int LENGTH = 12;
    static final int PREFIX_OFFSET = 0;
    static final int COUNTER_OFFSET = 4;

    private static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private AeadNonce()
    {
    }

    static void write(final byte[] nonce, final int noncePrefix, final long packetCounter)
    {
        I32.set(nonce, PREFIX_OFFSET, noncePrefix);
        I64.set(nonce, COUNTER_OFFSET, packetCounter);
    }
}
