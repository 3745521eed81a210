package io.diodegw.wire.record;

import java.util.Objects;

/**
 * AUDIT_EVENT record body: something an auditor must be able to see on the IT side (a key rotation, a configuration
 * change, a rejected input). Fixed-width fields are little-endian; a "string" is a varint of (UTF-8 byte length + 1,
 * 0 for null) followed by strict UTF-8. An unknown category or result code makes the record malformed. Bytes after
 * the last field are ignored.
 *
 * <pre>
 *   +--------+------+----------------------------------------------------+
 *   | offset | size | field                                              |
 *   +--------+------+----------------------------------------------------+
 *   |      0 |    8 | time (i64, 100-ns ticks since 1601-01-01 UTC)      |
 *   |      8 |    8 | event id (u64)                                     |
 *   |     16 |    1 | category (u8): 1 security, 2 configuration,        |
 *   |        |      |   3 operation, 4 data                              |
 *   |     17 |    1 | result (u8): 1 success, 2 failure                  |
 *   |     18 |  var | type (string)                                      |
 *   |    ... |  var | source (string)                                    |
 *   |    ... |  var | message (string)                                   |
 *   +--------+------+----------------------------------------------------+
 * </pre>
 *
 * <p>A mutable holder; not thread-safe.
 */
public final class AuditEvent
{
    /** Offset of the i64 time. */
    public static final int TIME_OFFSET = 0;
    /** Offset of the u64 event id. */
    public static final int EVENT_ID_OFFSET = 8;
    /** Offset of the u8 category. */
    public static final int CATEGORY_OFFSET = 16;
    /** Offset of the u8 result. */
    public static final int RESULT_OFFSET = 17;
    /** Offset of the type string. */
    public static final int TYPE_OFFSET = 18;

    /**
     * Audit category with its stable wire code.
     */
    public enum Category
    {
        SECURITY(1), CONFIGURATION(2), OPERATION(3), DATA(4);

        private static final Category[] BY_CODE = {null, SECURITY, CONFIGURATION, OPERATION, DATA};

        private final int code;

        Category(final int code)
        {
            this.code = code;
        }

        public int code()
        {
            return code;
        }

        /**
         * @return the category with this code, or null if unknown.
         */
        public static Category fromCode(final int code)
        {
            return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
        }
    }

    /**
     * Outcome of the audited action with its stable wire code.
     */
    public enum Result
    {
        SUCCESS(1), FAILURE(2);

        private static final Result[] BY_CODE = {null, SUCCESS, FAILURE};

        private final int code;

        Result(final int code)
        {
            this.code = code;
        }

        public int code()
        {
            return code;
        }

        /**
         * @return the result with this code, or null if unknown.
         */
        public static Result fromCode(final int code)
        {
            return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
        }
    }

    private final WireCursor cursor = new WireCursor();
    private long timeTicks;
    private long eventId;
    private Category category = Category.OPERATION;
    private Result result = Result.SUCCESS;
    private String type;
    private String source;
    private String message;

    /**
     * @return 100-ns ticks since 1601-01-01 UTC.
     */
    public long timeTicks()
    {
        return timeTicks;
    }

    public AuditEvent timeTicks(final long timeTicks)
    {
        this.timeTicks = timeTicks;
        return this;
    }

    public long eventId()
    {
        return eventId;
    }

    public AuditEvent eventId(final long eventId)
    {
        this.eventId = eventId;
        return this;
    }

    public Category category()
    {
        return category;
    }

    /**
     * @throws IllegalArgumentException if null.
     */
    public AuditEvent category(final Category category)
    {
        if (category == null)
        {
            throw new IllegalArgumentException("category cannot be null");
        }
        this.category = category;
        return this;
    }

    public Result result()
    {
        return result;
    }

    /**
     * @throws IllegalArgumentException if null.
     */
    public AuditEvent result(final Result result)
    {
        if (result == null)
        {
            throw new IllegalArgumentException("result cannot be null");
        }
        this.result = result;
        return this;
    }

    public String type()
    {
        return type;
    }

    public AuditEvent type(final String type)
    {
        this.type = type;
        return this;
    }

    public String source()
    {
        return source;
    }

    public AuditEvent source(final String source)
    {
        this.source = source;
        return this;
    }

    public String message()
    {
        return message;
    }

    public AuditEvent message(final String message)
    {
        this.message = message;
        return this;
    }

    public int bodyLength()
    {
        return TYPE_OFFSET + WireBytes.stringLength(type) + WireBytes.stringLength(source) +
            WireBytes.stringLength(message);
    }

    /**
     * Appends this record to the block.
     *
     * @return false if it does not fit; the block is then unchanged.
     */
    public boolean writeTo(final BlockWriter block, final long streamSequence)
    {
        final int length = bodyLength();
        final int start = block.openRecord(RecordType.AUDIT_EVENT, streamSequence, length);
        if (start < 0)
        {
            return false;
        }
        final byte[] b = block.buffer();
        final int body = start + RecordHeader.LENGTH;
        WireBytes.putI64(b, body + TIME_OFFSET, timeTicks);
        WireBytes.putI64(b, body + EVENT_ID_OFFSET, eventId);
        b[body + CATEGORY_OFFSET] = (byte)category.code();
        b[body + RESULT_OFFSET] = (byte)result.code();
        int p = WireBytes.putString(b, body + TYPE_OFFSET, type);
        p = WireBytes.putString(b, p, source);
        WireBytes.putString(b, p, message);
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
        timeTicks = c.i64();
        eventId = c.i64();
        final Category decodedCategory = Category.fromCode(c.u8());
        final Result decodedResult = Result.fromCode(c.u8());
        type = c.string(true);
        source = c.string(true);
        message = c.string(true);
        if (decodedCategory == null || decodedResult == null)
        {
            return c.fail();
        }
        category = decodedCategory;
        result = decodedResult;
        return !c.failed();
    }

    @Override
    public boolean equals(final Object o)
    {
        if (!(o instanceof AuditEvent))
        {
            return false;
        }
        final AuditEvent that = (AuditEvent)o;
        return timeTicks == that.timeTicks && eventId == that.eventId && category == that.category &&
            result == that.result && Objects.equals(type, that.type) && Objects.equals(source, that.source) &&
            Objects.equals(message, that.message);
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(timeTicks, eventId, category, result, type, source, message);
    }

    @Override
    public String toString()
    {
        return "AuditEvent{timeTicks=" + timeTicks + ", eventId=" + eventId + ", category=" + category +
            ", result=" + result + ", type=" + type + ", source=" + source + ", message=" + message + '}';
    }
}
