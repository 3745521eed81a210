package io.diodegw.wire.record;

import java.util.Objects;

/**
 * SOURCE_STATE record body: the sender's connection to a data source (an OPC UA server, a historian) changed state.
 * Fields are little-endian; the reason is a varint of (UTF-8 byte length + 1, 0 for null) followed by strict UTF-8.
 * An unknown state code makes the record malformed. Bytes after the last field are ignored.
 *
 * <pre>
 *   +--------+------+----------------------------------------------------+
 *   | offset | size | field                                              |
 *   +--------+------+----------------------------------------------------+
 *   |      0 |    4 | source id (u32)                                    |
 *   |      4 |    1 | state (u8): 1 connected, 2 disconnected,           |
 *   |        |      |   3 connecting, 4 degraded, 5 disabled             |
 *   |      5 |    8 | time (i64, 100-ns ticks since 1601-01-01 UTC)      |
 *   |     13 |  var | reason (string)                                    |
 *   +--------+------+----------------------------------------------------+
 * </pre>
 *
 * <p>A mutable holder; not thread-safe.
 */
public final class SourceState
{
    /** Offset of the u32 source id. */
    public static final int SOURCE_ID_OFFSET = 0;
    /** Offset of the u8 state. */
    public static final int STATE_OFFSET = 4;
    /** Offset of the i64 time. */
    public static final int TIME_OFFSET = 5;
    /** Offset of the reason string. */
    public static final int REASON_OFFSET = 13;

    /**
     * Connection state of a source, with its stable wire code.
     */
    public enum State
    {
        /** Connected and delivering data. */
        CONNECTED(1),
        /** Connection lost or closed. */
        DISCONNECTED(2),
        /** Trying to (re)connect. */
        CONNECTING(3),
        /** Connected, but some items or subscriptions fail. */
        DEGRADED(4),
        /** Switched off by configuration. */
        DISABLED(5);

        private static final State[] BY_CODE = {null, CONNECTED, DISCONNECTED, CONNECTING, DEGRADED, DISABLED};

        private final int code;

        State(final int code)
        {
            this.code = code;
        }

        public int code()
        {
            return code;
        }

        /**
         * @return the state with this code, or null if unknown.
         */
        public static State fromCode(final int code)
        {
            return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
        }
    }

    private final WireCursor cursor = new WireCursor();
    private int sourceId;
    private State state = State.DISCONNECTED;
    private long timeTicks;
    private String reason;

    public int sourceId()
    {
        return sourceId;
    }

    public SourceState sourceId(final int sourceId)
    {
        this.sourceId = sourceId;
        return this;
    }

    public State state()
    {
        return state;
    }

    /**
     * @throws IllegalArgumentException if null.
     */
    public SourceState state(final State state)
    {
        if (state == null)
        {
            throw new IllegalArgumentException("state cannot be null");
        }
        this.state = state;
        return this;
    }

    /**
     * @return 100-ns ticks since 1601-01-01 UTC.
     */
    public long timeTicks()
    {
        return timeTicks;
    }

    public SourceState timeTicks(final long timeTicks)
    {
        this.timeTicks = timeTicks;
        return this;
    }

    public String reason()
    {
        return reason;
    }

    public SourceState reason(final String reason)
    {
        this.reason = reason;
        return this;
    }

    public int bodyLength()
    {
        return REASON_OFFSET + WireBytes.stringLength(reason);
    }

    /**
     * Appends this record to the block.
     *
     * @return false if it does not fit; the block is then unchanged.
     */
    public boolean writeTo(final BlockWriter block, final long streamSequence)
    {
        final int length = bodyLength();
        final int start = block.openRecord(RecordType.SOURCE_STATE, streamSequence, length);
        if (start < 0)
        {
            return false;
        }
        final byte[] b = block.buffer();
        final int body = start + RecordHeader.LENGTH;
        WireBytes.putI32(b, body + SOURCE_ID_OFFSET, sourceId);
        b[body + STATE_OFFSET] = (byte)state.code();
        WireBytes.putI64(b, body + TIME_OFFSET, timeTicks);
        WireBytes.putString(b, body + REASON_OFFSET, reason);
        block.commitRecord(start, length);
        return true;
    }

    /**
     * Decodes a body; never throws.
     *
     * @return false if the bytes are malformed (the holder's contents are then unspecified).
     */
    public boolean readFrom(final byte[] buffer, final int offset, final int length)
    {
        return decode(cursor.wrap(buffer, offset, length));
    }

    boolean decode(final WireCursor c)
    {
        sourceId = c.i32();
        final State decoded = State.fromCode(c.u8());
        timeTicks = c.i64();
        reason = c.string(true);
        if (decoded == null)
        {
            return c.fail();
        }
        state = decoded;
        return !c.failed();
    }

    @Override
    public boolean equals(final Object o)
    {
        if (!(o instanceof SourceState))
        {
            return false;
        }
        final SourceState that = (SourceState)o;
        return sourceId == that.sourceId && state == that.state && timeTicks == that.timeTicks &&
            Objects.equals(reason, that.reason);
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(sourceId, state, timeTicks, reason);
    }

    @Override
    public String toString()
    {
        return "SourceState{sourceId=" + Integer.toUnsignedString(sourceId) + ", state=" + state + ", timeTicks=" +
            timeTicks + ", reason=" + reason + '}';
    }
}
