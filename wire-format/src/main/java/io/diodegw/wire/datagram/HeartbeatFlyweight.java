package io.diodegw.wire.datagram;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * View over the body of a heartbeat datagram: the sender's clock, each link setting both ends must share in its own
 * field, and the sender's stream position. Sent sealed like data, so every field is authenticated. All fields are
 * little-endian.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                                                               |
 * +                     Sender Time (epoch ms)                    +
 * |                                                               |
 * +-------------------------------+---------------+---------------+
 * |           MTU Bytes           |  Source (k)   |  Repair (m)   |
 * +---------------+---------------+---------------+---------------+
 * |  Interleave   |                   Reserved                    |
 * +---------------+-----------------------------------------------+
 * |                                                               |
 * +                       Link Fingerprint                        +
 * |                                                               |
 * +---------------------------------------------------------------+
 * |                                                               |
 * +                     Stream Head Sequence                      +
 * |                                                               |
 * +---------------------------------------------------------------+
 * |                                                               |
 * +                     Next Block Sequence                       +
 * |                                                               |
 * +---------------------------------------------------------------+
 * |                                                               |
 * +                    Epoch First Sequence                       +
 * |                                                               |
 * +---------------------------------------------------------------+
 * </pre>
 *
 * <p>A receiver compares the settings with its own through {@link #mismatches(int, int, int, int, long)}, which names
 * each differing setting by a bit, so an operator is told which setting to fix. The stream fields: the stream head
 * is the newest stream sequence in the OT journal; the epoch first sequence is the stream sequence of the first
 * in-band record this sender epoch read from its journal (all bits set until it read one), so a receiver can name a
 * gap at the start of an epoch whose first blocks were lost, and can tell a sender that resumed its journal from one
 * whose journal started again (stream head below what the receiver already holds). A receiver accepts the first
 * version's 40-byte body (no epoch first sequence) as well. Bytes after
 * {@value #BODY_LENGTH} are reserved for later fields and ignored. Not thread-safe, never allocates.
 */
public final class HeartbeatFlyweight
{
    /** Length of the heartbeat body this version writes, in bytes. */
    public static final int BODY_LENGTH = 48;
    /**
     * Shortest body a receiver accepts: the first version's 40 bytes, without the epoch first sequence (appended
     * later; read it only when the body holds it, {@link #hasEpochFirstSequence(int)}).
     */
    public static final int MIN_BODY_LENGTH = 40;

    public static final int SENDER_TIME_MS_OFFSET = 0;
    public static final int MTU_BYTES_OFFSET = 8;
    public static final int SOURCE_SYMBOLS_OFFSET = 10;
    public static final int REPAIR_SYMBOLS_OFFSET = 11;
    public static final int INTERLEAVE_DEPTH_OFFSET = 12;
    public static final int RESERVED_OFFSET = 13;
    public static final int RESERVED_LENGTH = 3;
    public static final int LINK_FINGERPRINT_OFFSET = 16;
    public static final int STREAM_HEAD_SEQUENCE_OFFSET = 24;
    public static final int NEXT_BLOCK_SEQUENCE_OFFSET = 32;
    public static final int EPOCH_FIRST_SEQUENCE_OFFSET = 40;

    /** Mismatch bit: the MTU differs. */
    public static final int MISMATCH_MTU_BYTES = 1;
    /** Mismatch bit: the FEC source symbol count differs. */
    public static final int MISMATCH_SOURCE_SYMBOLS = 1 << 1;
    /** Mismatch bit: the FEC repair symbol count differs. */
    public static final int MISMATCH_REPAIR_SYMBOLS = 1 << 2;
    /** Mismatch bit: the interleave depth differs. */
    public static final int MISMATCH_INTERLEAVE_DEPTH = 1 << 3;
    /** Mismatch bit: the link fingerprint differs (a shared setting the fields above do not show, or their hash). */
    public static final int MISMATCH_LINK_FINGERPRINT = 1 << 4;

    private static final VarHandle I16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final String[] MISMATCH_NAMES =
        {"mtuBytes", "fecSourceSymbols", "fecRepairSymbols", "interleaveDepth", "linkFingerprint"};

    private byte[] buffer;
    private int offset;

    /**
     * @param buffer bytes holding the body; not copied.
     * @param offset index of the body's first byte (after the datagram header).
     * @return this flyweight.
     */
    public HeartbeatFlyweight wrap(final byte[] buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /**
     * @param bodyLength bytes of opened payload.
     * @return whether a heartbeat body of that length can be read; never throws.
     */
    public static boolean isLengthValid(final int bodyLength)
    {
        return bodyLength >= MIN_BODY_LENGTH;
    }

    /**
     * @param bodyLength bytes of opened payload.
     * @return whether the body is long enough to hold {@link #epochFirstSequence()}.
     */
    public static boolean hasEpochFirstSequence(final int bodyLength)
    {
        return bodyLength >= EPOCH_FIRST_SEQUENCE_OFFSET + Long.BYTES;
    }

    /**
     * Writes every field and clears the reserved bytes.
     *
     * @return {@value #BODY_LENGTH}, the bytes written.
     */
    public int write(
        final long senderTimeMs,
        final int mtuBytes,
        final int sourceSymbols,
        final int repairSymbols,
        final int interleaveDepth,
        final long linkFingerprint,
        final long streamHeadSequence,
        final long nextBlockSequence,
        final long epochFirstSequence)
    {
        I64.set(buffer, offset + SENDER_TIME_MS_OFFSET, senderTimeMs);
        I16.set(buffer, offset + MTU_BYTES_OFFSET, (short)mtuBytes);
        buffer[offset + SOURCE_SYMBOLS_OFFSET] = (byte)sourceSymbols;
        buffer[offset + REPAIR_SYMBOLS_OFFSET] = (byte)repairSymbols;
        buffer[offset + INTERLEAVE_DEPTH_OFFSET] = (byte)interleaveDepth;
        for (int i = 0; i < RESERVED_LENGTH; i++)
        {
            buffer[offset + RESERVED_OFFSET + i] = 0;
        }
        I64.set(buffer, offset + LINK_FINGERPRINT_OFFSET, linkFingerprint);
        I64.set(buffer, offset + STREAM_HEAD_SEQUENCE_OFFSET, streamHeadSequence);
        I64.set(buffer, offset + NEXT_BLOCK_SEQUENCE_OFFSET, nextBlockSequence);
        I64.set(buffer, offset + EPOCH_FIRST_SEQUENCE_OFFSET, epochFirstSequence);
        return BODY_LENGTH;
    }

    /** @return the sender's wall clock when it wrote the heartbeat, ms since 1970-01-01T00:00Z. */
    public long senderTimeMs()
    {
        return (long)I64.get(buffer, offset + SENDER_TIME_MS_OFFSET);
    }

    /** @return the sender's configured MTU, u16. */
    public int mtuBytes()
    {
        return (short)I16.get(buffer, offset + MTU_BYTES_OFFSET) & 0xFFFF;
    }

    /** @return the sender's FEC source symbols per block, u8. */
    public int sourceSymbols()
    {
        return buffer[offset + SOURCE_SYMBOLS_OFFSET] & 0xFF;
    }

    /** @return the sender's FEC repair symbols per block, u8. */
    public int repairSymbols()
    {
        return buffer[offset + REPAIR_SYMBOLS_OFFSET] & 0xFF;
    }

    /** @return the sender's interleave depth in blocks, u8. */
    public int interleaveDepth()
    {
        return buffer[offset + INTERLEAVE_DEPTH_OFFSET] & 0xFF;
    }

    /** @return the sender's link fingerprint. */
    public long linkFingerprint()
    {
        return (long)I64.get(buffer, offset + LINK_FINGERPRINT_OFFSET);
    }

    /** @return the stream sequence of the newest record the sender holds, u64 bit pattern. */
    public long streamHeadSequence()
    {
        return (long)I64.get(buffer, offset + STREAM_HEAD_SEQUENCE_OFFSET);
    }

    /** @return the block sequence the sender will use next, u64 bit pattern. */
    public long nextBlockSequence()
    {
        return (long)I64.get(buffer, offset + NEXT_BLOCK_SEQUENCE_OFFSET);
    }

    /**
     * @return the stream sequence of the first in-band record this sender epoch read from its journal, or -1 (all
     *     bits set) while it read none.
     */
    public long epochFirstSequence()
    {
        return (long)I64.get(buffer, offset + EPOCH_FIRST_SEQUENCE_OFFSET);
    }

    /**
     * Compares the wrapped heartbeat's settings with the receiver's own.
     *
     * @return a set of {@code MISMATCH_*} bits, 0 when every setting agrees.
     */
    public int mismatches(
        final int mtuBytes,
        final int sourceSymbols,
        final int repairSymbols,
        final int interleaveDepth,
        final long linkFingerprint)
    {
        int mask = 0;
        if (mtuBytes() != mtuBytes)
        {
            mask |= MISMATCH_MTU_BYTES;
        }
        if (sourceSymbols() != sourceSymbols)
        {
            mask |= MISMATCH_SOURCE_SYMBOLS;
        }
        if (repairSymbols() != repairSymbols)
        {
            mask |= MISMATCH_REPAIR_SYMBOLS;
        }
        if (interleaveDepth() != interleaveDepth)
        {
            mask |= MISMATCH_INTERLEAVE_DEPTH;
        }
        if (linkFingerprint() != linkFingerprint)
        {
            mask |= MISMATCH_LINK_FINGERPRINT;
        }
        return mask;
    }

    /**
     * For operator messages, off the hot path (allocates).
     *
     * @param mismatches bits from {@link #mismatches(int, int, int, int, long)}.
     * @return the setting names, comma-separated, e.g. {@code "mtuBytes,fecRepairSymbols"}; empty for 0.
     */
    public static String describeMismatches(final int mismatches)
    {
        final StringBuilder names = new StringBuilder();
        for (int bit = 0; bit < MISMATCH_NAMES.length; bit++)
        {
            if ((mismatches & (1 << bit)) != 0)
            {
                if (names.length() > 0)
                {
                    names.append(',');
                }
                names.append(MISMATCH_NAMES[bit]);
            }
        }
        return names.toString();
    }
}
