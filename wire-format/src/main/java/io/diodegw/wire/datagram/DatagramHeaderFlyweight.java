package io.diodegw.wire.datagram;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * View over the 40-byte header that starts every datagram of the link. All fields are little-endian; u8 and u16
 * fields read as non-negative {@code int}s, u32 and u64 fields as their bit patterns in an {@code int} or {@code long}.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |             Magic             |    Version    |     Type      |
 * +---------------+---------------+---------------+---------------+
 * |     Flags     |   Reserved    |            Link Id            |
 * +---------------+---------------+-------------------------------+
 * |                                                               |
 * +                         Sender Epoch                          +
 * |                                                               |
 * +---------------------------------------------------------------+
 * |                            Key Id                             |
 * +-------------------------------+---------------+---------------+
 * |         Symbol Index          |  Source (k)   |  Repair (m)   |
 * +-------------------------------+---------------+---------------+
 * |                                                               |
 * +                        Block Sequence                         +
 * |                                                               |
 * +---------------------------------------------------------------+
 * |                                                               |
 * +                        Packet Counter                         +
 * |                                                               |
 * +---------------------------------------------------------------+
 * </pre>
 *
 * <p>The whole header is the AEAD associated data of data, repair and heartbeat datagrams, which end with a
 * {@value #TAG_LENGTH}-byte tag; a key announcement is signed instead. A flyweight is a reusable cursor: it is not
 * thread-safe, holds no copy of the bytes and never allocates. Accessors do not check bounds beyond what the JVM
 * does; call {@link #validate(byte[], int, int, int)} before reading bytes that came from the network.
 */
public final class DatagramHeaderFlyweight
{
    /** Length of the header, in bytes. */
    public static final int HEADER_LENGTH = 40;
    /** Length of the AES-GCM tag that ends every sealed datagram, in bytes. */
    public static final int TAG_LENGTH = 16;
    /** Magic number, the first two bytes of every datagram (bytes {@code 0x0D 0xD1} on the wire). */
    public static final int MAGIC = 0xD10D;
    /** The protocol version this code speaks. */
    public static final int PROTOCOL_VERSION = 1;

    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 2;
    public static final int TYPE_OFFSET = 3;
    public static final int FLAGS_OFFSET = 4;
    public static final int RESERVED_OFFSET = 5;
    public static final int LINK_ID_OFFSET = 6;
    public static final int SENDER_EPOCH_OFFSET = 8;
    public static final int KEY_ID_OFFSET = 16;
    public static final int SYMBOL_INDEX_OFFSET = 20;
    public static final int SOURCE_SYMBOLS_OFFSET = 22;
    public static final int REPAIR_SYMBOLS_OFFSET = 23;
    public static final int BLOCK_SEQUENCE_OFFSET = 24;
    public static final int PACKET_COUNTER_OFFSET = 32;

    /** A source symbol of an FEC block: index in {@code [0, k)}. Sealed. */
    public static final int TYPE_DATA_SYMBOL = 1;
    /** A repair symbol of an FEC block: index in {@code [k, k + m)}. Sealed. */
    public static final int TYPE_REPAIR_SYMBOL = 2;
    /** A signed, unencrypted key announcement; symbol index and geometry are zero. */
    public static final int TYPE_KEY_ANNOUNCEMENT = 3;
    /** Link settings and stream position; symbol index and geometry are zero. Sealed. */
    public static final int TYPE_HEARTBEAT = 4;

    /** Set: the payload is encrypted. Clear: the payload is cleartext and only authenticated (integrity-only mode). */
    public static final int FLAG_ENCRYPTED = 0x01;
    /** Every flag bit this protocol version defines; any other bit set is {@link HeaderStatus#BAD_FLAGS}. */
    public static final int KNOWN_FLAGS = FLAG_ENCRYPTED;

    /** Largest source or repair symbol count of a block. */
    public static final int MAX_SYMBOLS_PER_KIND = 255;

    private static final VarHandle I16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private byte[] buffer;
    private int offset;

    /**
     * Points this flyweight at a header.
     *
     * @param buffer bytes holding the header; not copied.
     * @param offset index of the header's first byte.
     * @return this flyweight.
     */
    public DatagramHeaderFlyweight wrap(final byte[] buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /** @return the wrapped buffer. */
    public byte[] buffer()
    {
        return buffer;
    }

    /** @return offset of the header in the wrapped buffer. */
    public int offset()
    {
        return offset;
    }

    /**
     * Checks a received datagram before anything else reads it. Never throws for any content or length; the caller
     * counts each non-{@code OK} status and drops the datagram. Cost: a few comparisons, no allocation.
     *
     * <p>Rules: at least {@value #HEADER_LENGTH} bytes (plus the {@value #TAG_LENGTH}-byte tag for sealed types); at
     * most {@code maxDatagramBytes}; magic, version and type known; no unknown flag, and key announcements never
     * flagged encrypted; data symbols have {@code k >= 1, index < k}; repair symbols {@code k >= 1, m >= 1,
     * k <= index < k + m}; control datagrams have {@code k = m = index = 0}. The reserved byte is ignored.
     *
     * @param buffer           bytes of the datagram.
     * @param offset           index of its first byte.
     * @param length           number of bytes received; {@code buffer} must hold them.
     * @param maxDatagramBytes the link's {@link MtuLimits#maxDatagramBytes()}.
     * @return the first rule broken, or {@link HeaderStatus#OK}.
     */
    public static HeaderStatus validate(final byte[] buffer, final int offset, final int length, final int maxDatagramBytes)
    {
        if (length < HEADER_LENGTH)
        {
            return HeaderStatus.TOO_SHORT;
        }
        if (length > maxDatagramBytes)
        {
            return HeaderStatus.TOO_LONG;
        }
        if (((short)I16.get(buffer, offset + MAGIC_OFFSET) & 0xFFFF) != MAGIC)
        {
            return HeaderStatus.BAD_MAGIC;
        }
        if ((buffer[offset + VERSION_OFFSET] & 0xFF) != PROTOCOL_VERSION)
        {
            return HeaderStatus.UNSUPPORTED_VERSION;
        }
        final int type = buffer[offset + TYPE_OFFSET] & 0xFF;
        if (type < TYPE_DATA_SYMBOL || type > TYPE_HEARTBEAT)
        {
            return HeaderStatus.UNKNOWN_TYPE;
        }
        final int flags = buffer[offset + FLAGS_OFFSET] & 0xFF;
        if ((flags & ~KNOWN_FLAGS) != 0 || (type == TYPE_KEY_ANNOUNCEMENT && (flags & FLAG_ENCRYPTED) != 0))
        {
            return HeaderStatus.BAD_FLAGS;
        }
        final int index = (short)I16.get(buffer, offset + SYMBOL_INDEX_OFFSET) & 0xFFFF;
        final int k = buffer[offset + SOURCE_SYMBOLS_OFFSET] & 0xFF;
        final int m = buffer[offset + REPAIR_SYMBOLS_OFFSET] & 0xFF;
        if (!isGeometryValid(type, index, k, m))
        {
            return HeaderStatus.BAD_GEOMETRY;
        }
        if (type != TYPE_KEY_ANNOUNCEMENT && length < HEADER_LENGTH + TAG_LENGTH)
        {
            return HeaderStatus.TOO_SHORT;
        }
        return HeaderStatus.OK;
    }

    private static boolean isGeometryValid(final int type, final int index, final int k, final int m)
    {
        switch (type)
        {
            case TYPE_DATA_SYMBOL:
                return k >= 1 && index < k;
            case TYPE_REPAIR_SYMBOL:
                return k >= 1 && m >= 1 && index >= k && index < k + m;
            default:
                return k == 0 && m == 0 && index == 0;
        }
    }

    /**
     * @param type a type byte.
     * @return whether datagrams of this type carry an AEAD tag (data, repair, heartbeat).
     */
    public static boolean isSealedType(final int type)
    {
        return type == TYPE_DATA_SYMBOL || type == TYPE_REPAIR_SYMBOL || type == TYPE_HEARTBEAT;
    }

    /**
     * Writes magic and version, clears flags and reserved byte.
     *
     * @return this flyweight.
     */
    public DatagramHeaderFlyweight writePreamble()
    {
        I16.set(buffer, offset + MAGIC_OFFSET, (short)MAGIC);
        buffer[offset + VERSION_OFFSET] = (byte)PROTOCOL_VERSION;
        buffer[offset + FLAGS_OFFSET] = 0;
        buffer[offset + RESERVED_OFFSET] = 0;
        return this;
    }

    public int magic()
    {
        return (short)I16.get(buffer, offset + MAGIC_OFFSET) & 0xFFFF;
    }

    public DatagramHeaderFlyweight magic(final int magic)
    {
        I16.set(buffer, offset + MAGIC_OFFSET, (short)magic);
        return this;
    }

    public int version()
    {
        return buffer[offset + VERSION_OFFSET] & 0xFF;
    }

    public DatagramHeaderFlyweight version(final int version)
    {
        buffer[offset + VERSION_OFFSET] = (byte)version;
        return this;
    }

    public int type()
    {
        return buffer[offset + TYPE_OFFSET] & 0xFF;
    }

    public DatagramHeaderFlyweight type(final int type)
    {
        buffer[offset + TYPE_OFFSET] = (byte)type;
        return this;
    }

    public int flags()
    {
        return buffer[offset + FLAGS_OFFSET] & 0xFF;
    }

    public DatagramHeaderFlyweight flags(final int flags)
    {
        buffer[offset + FLAGS_OFFSET] = (byte)flags;
        return this;
    }

    /** @return whether {@link #FLAG_ENCRYPTED} is set. */
    public boolean isEncrypted()
    {
        return (buffer[offset + FLAGS_OFFSET] & FLAG_ENCRYPTED) != 0;
    }

    public int reserved()
    {
        return buffer[offset + RESERVED_OFFSET] & 0xFF;
    }

    public DatagramHeaderFlyweight reserved(final int reserved)
    {
        buffer[offset + RESERVED_OFFSET] = (byte)reserved;
        return this;
    }

    /** @return link id, u16. */
    public int linkId()
    {
        return (short)I16.get(buffer, offset + LINK_ID_OFFSET) & 0xFFFF;
    }

    public DatagramHeaderFlyweight linkId(final int linkId)
    {
        I16.set(buffer, offset + LINK_ID_OFFSET, (short)linkId);
        return this;
    }

    /** @return sender epoch, u64 bit pattern: new at each sender start, larger (unsigned) is newer. */
    public long senderEpoch()
    {
        return (long)I64.get(buffer, offset + SENDER_EPOCH_OFFSET);
    }

    public DatagramHeaderFlyweight senderEpoch(final long senderEpoch)
    {
        I64.set(buffer, offset + SENDER_EPOCH_OFFSET, senderEpoch);
        return this;
    }

    /** @return key id, u32 bit pattern. */
    public int keyId()
    {
        return (int)I32.get(buffer, offset + KEY_ID_OFFSET);
    }

    public DatagramHeaderFlyweight keyId(final int keyId)
    {
        I32.set(buffer, offset + KEY_ID_OFFSET, keyId);
        return this;
    }

    /** @return symbol index within the block, u16. */
    public int symbolIndex()
    {
        return (short)I16.get(buffer, offset + SYMBOL_INDEX_OFFSET) & 0xFFFF;
    }

    public DatagramHeaderFlyweight symbolIndex(final int symbolIndex)
    {
        I16.set(buffer, offset + SYMBOL_INDEX_OFFSET, (short)symbolIndex);
        return this;
    }

    /** @return source symbols of the block (k), u8. */
    public int sourceSymbols()
    {
        return buffer[offset + SOURCE_SYMBOLS_OFFSET] & 0xFF;
    }

    public DatagramHeaderFlyweight sourceSymbols(final int sourceSymbols)
    {
        buffer[offset + SOURCE_SYMBOLS_OFFSET] = (byte)sourceSymbols;
        return this;
    }

    /** @return repair symbols of the block (m), u8. */
    public int repairSymbols()
    {
        return buffer[offset + REPAIR_SYMBOLS_OFFSET] & 0xFF;
    }

    public DatagramHeaderFlyweight repairSymbols(final int repairSymbols)
    {
        buffer[offset + REPAIR_SYMBOLS_OFFSET] = (byte)repairSymbols;
        return this;
    }

    /** @return block sequence, u64 bit pattern. */
    public long blockSequence()
    {
        return (long)I64.get(buffer, offset + BLOCK_SEQUENCE_OFFSET);
    }

    public DatagramHeaderFlyweight blockSequence(final long blockSequence)
    {
        I64.set(buffer, offset + BLOCK_SEQUENCE_OFFSET, blockSequence);
        return this;
    }

    /** @return packet counter, u64 bit pattern: per key, the variable part of the AEAD nonce. */
    public long packetCounter()
    {
        return (long)I64.get(buffer, offset + PACKET_COUNTER_OFFSET);
    }

    public DatagramHeaderFlyweight packetCounter(final long packetCounter)
    {
        I64.set(buffer, offset + PACKET_COUNTER_OFFSET, packetCounter);
        return this;
    }
}
