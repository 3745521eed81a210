package io.diodegw.wire.record;

import java.lang.reflect.Array;
import java.util.UUID;

/**
 * Encodes and decodes one tag value inside a tag value batch (see {@link TagValueBatchWriter}). A value is a value
 * header byte H, an optional extension flags byte E, the tag id as a delta to the previous value's tag id, the
 * StatusCode when it is not Good, the timestamps as deltas, and the value itself. The common case (status Good,
 * both timestamps present, no picoseconds) has no E byte. Fields in brackets are present only when their flag says
 * so; "previous" values are those of the preceding value of the same batch, starting at tag id 0 and at the batch's
 * base time.
 *
 * <pre>
 *   H (1 byte):   7     6     5    4   3   2   1   0
 *              +-----+-----+-----+-------------------+
 *              |  0  | EXT | ARR | built-in type id  |
 *              +-----+-----+-----+-------------------+
 *   E (1 byte):   7   6   5     4        3        2         1         0
 *              +---+---+---+--------+--------+---------+---------+--------+
 *              | 0 | 0 | 0 | SRV_PS | SRC_PS | NO_SERV | NO_SRC  | STATUS |
 *              +---+---+---+--------+--------+---------+---------+--------+
 *   EXT=1: E follows H (EXT=0 means E=0). ARR=1: the value is an array.
 *   Reserved bits are 0; a value with a reserved bit set is malformed.
 *
 *   +------+-------------------------------------------------------------+
 *   | size | field                                                       |
 *   +------+-------------------------------------------------------------+
 *   |    1 | H                                                           |
 *   |    1 | [E]                          if EXT                         |
 *   |  var | tag id delta: zigzag varint of (tag id - previous tag id),  |
 *   |      |   32-bit wrap-around arithmetic                             |
 *   |    4 | [StatusCode u32]             if STATUS, otherwise Good (0)  |
 *   |  var | [source time delta]          unless NO_SRC: zigzag varint   |
 *   |      |   of (source ticks - previous source ticks)                 |
 *   |  var | [source picoseconds varint]  if SRC_PS, 0..9999, needs time |
 *   |  var | [server time delta]          unless NO_SERV: zigzag varint  |
 *   |      |   of (server ticks - this value's source ticks, or previous |
 *   |      |   source ticks when the source time is absent)              |
 *   |  var | [server picoseconds varint]  if SRV_PS, 0..9999, needs time |
 *   |  var | value: scalar encoding of the type, or, if ARR,             |
 *   |      |   varint (element count + 1, 0 = null array) then the      |
 *   |      |   elements in their scalar encoding                         |
 *   +------+-------------------------------------------------------------+
 * </pre>
 *
 * <p>Scalar encodings by built-in type id (varints are LEB128 in their shortest form; "string" and "bytes" are a
 * varint of (byte length + 1, 0 for null) followed by strict UTF-8 or raw bytes). Types 17, 18 and 22..31 are not
 * carried; Null cannot be an array; a varint out of its type's range is malformed.
 *
 * <pre>
 *   +----+---------------+-------------------------------------------------+
 *   | id | type          | scalar encoding                                 |
 *   +----+---------------+-------------------------------------------------+
 *   |  0 | Null          | nothing                                         |
 *   |  1 | Boolean       | u8, 0 or 1                                      |
 *   |  2 | SByte         | u8, two's complement                            |
 *   |  3 | Byte          | u8                                              |
 *   |  4 | Int16         | zigzag varint, at most 3 bytes                  |
 *   |  5 | UInt16        | varint, at most 3 bytes                         |
 *   |  6 | Int32         | zigzag varint, at most 5 bytes                  |
 *   |  7 | UInt32        | varint, at most 5 bytes                         |
 *   |  8 | Int64         | zigzag varint, at most 10 bytes                 |
 *   |  9 | UInt64        | varint, at most 10 bytes                        |
 *   | 10 | Float         | u32, raw IEEE 754 bits                          |
 *   | 11 | Double        | u64, raw IEEE 754 bits                          |
 *   | 12 | String        | string                                          |
 *   | 13 | DateTime      | i64, 100-ns ticks since 1601-01-01 UTC          |
 *   | 14 | Guid          | u64 high 64 bits, u64 low 64 bits               |
 *   | 15 | ByteString    | bytes                                           |
 *   | 16 | XmlElement    | string                                          |
 *   | 19 | StatusCode    | u32                                             |
 *   | 20 | QualifiedName | varint namespace index 0..65535, string name    |
 *   | 21 | LocalizedText | string locale, string text                      |
 *   +----+---------------+-------------------------------------------------+
 * </pre>
 *
 * <p>Stateless and thread-safe. Encoding a bits-valued scalar (see {@link TagValue}) never allocates; decoding one
 * never allocates; strings, byte strings and arrays allocate when decoded.
 */
public final class TagValueCodec
{
    /** Value header: mask of the built-in type id. */
    public static final int H_TYPE_MASK = 0x1F;
    /** Value header: the value is an array. */
    public static final int H_ARRAY = 0x20;
    /** Value header: the extension flags byte follows. */
    public static final int H_EXTENSION = 0x40;
    /** Value header: reserved bits. */
    public static final int H_RESERVED = 0x80;

    /** Extension flags: a StatusCode u32 follows (otherwise Good). */
    public static final int E_STATUS = 0x01;
    /** Extension flags: no source timestamp. */
    public static final int E_NO_SOURCE_TIME = 0x02;
    /** Extension flags: no server timestamp. */
    public static final int E_NO_SERVER_TIME = 0x04;
    /** Extension flags: source picoseconds follow the source time. */
    public static final int E_SOURCE_PICOSECONDS = 0x08;
    /** Extension flags: server picoseconds follow the server time. */
    public static final int E_SERVER_PICOSECONDS = 0x10;
    /** Extension flags: reserved bits. */
    public static final int E_RESERVED = 0xE0;

    /** Longest encoding of a value whose type {@link BuiltinType#isBitsType is bits-valued} and not an array. */
    public static final int MAX_BITS_SCALAR_LENGTH = 1 + 1 + WireBytes.MAX_VARINT32_LENGTH + 4 +
        WireBytes.MAX_VARINT64_LENGTH + 2 + WireBytes.MAX_VARINT64_LENGTH + 2 + 16;

    private static final long UINT16_MAX = 0xFFFFL;
    private static final long UINT32_MAX = 0xFFFF_FFFFL;
    private static final int PICOSECONDS_MAX_VARINT_LENGTH = 2;

    private TagValueCodec()
    {
    }

    /**
     * @param value the value to encode.
     * @param previousTagId the tag id of the preceding value of the batch (0 for the first).
     * @param previousSourceTicks the source ticks of the latest preceding value that had one (the base time first).
     * @return the exact encoded length in bytes.
     */
    public static int encodedLength(final TagValue value, final int previousTagId, final long previousSourceTicks)
    {
        final int flags = extensionFlags(value);
        int length = flags == 0 ? 1 : 2;
        length += WireBytes.varintLength(zigzag32(value.tagId() - previousTagId));
        if ((flags & E_STATUS) != 0)
        {
            length += 4;
        }
        if (value.hasSourceTime())
        {
            length += WireBytes.varintLength(WireBytes.zigzag(value.sourceTimeTicks() - previousSourceTicks));
            if (value.sourcePicoseconds() != 0)
            {
                length += WireBytes.varintLength(value.sourcePicoseconds());
            }
        }
        if (value.hasServerTime())
        {
            final long reference = value.hasSourceTime() ? value.sourceTimeTicks() : previousSourceTicks;
            length += WireBytes.varintLength(WireBytes.zigzag(value.serverTimeTicks() - reference));
            if (value.serverPicoseconds() != 0)
            {
                length += WireBytes.varintLength(value.serverPicoseconds());
            }
        }
        final int type = value.builtinType();
        if (value.isArray())
        {
            return length + arrayLength(type, value.objectValue());
        }
        return length + scalarLength(type, value.rawBits(), value.objectValue());
    }

    /**
     * Writes the value at {@code position}; the caller has checked that {@link #encodedLength} bytes fit.
     *
     * @return the position after the value.
     */
    static int encode(
        final byte[] buffer, final int position, final TagValue value, final int previousTagId,
        final long previousSourceTicks)
    {
        final int flags = extensionFlags(value);
        final int type = value.builtinType();
        int p = position;
        int header = type;
        if (value.isArray())
        {
            header |= H_ARRAY;
        }
        if (flags != 0)
        {
            header |= H_EXTENSION;
            buffer[p++] = (byte)header;
            buffer[p++] = (byte)flags;
        }
        else
        {
            buffer[p++] = (byte)header;
        }
        p = WireBytes.putVarint(buffer, p, zigzag32(value.tagId() - previousTagId));
        if ((flags & E_STATUS) != 0)
        {
            WireBytes.putI32(buffer, p, value.statusCode());
            p += 4;
        }
        if (value.hasSourceTime())
        {
            p = WireBytes.putVarint(buffer, p, WireBytes.zigzag(value.sourceTimeTicks() - previousSourceTicks));
            if ((flags & E_SOURCE_PICOSECONDS) != 0)
            {
                p = WireBytes.putVarint(buffer, p, value.sourcePicoseconds());
            }
        }
        if (value.hasServerTime())
        {
            final long reference = value.hasSourceTime() ? value.sourceTimeTicks() : previousSourceTicks;
            p = WireBytes.putVarint(buffer, p, WireBytes.zigzag(value.serverTimeTicks() - reference));
            if ((flags & E_SERVER_PICOSECONDS) != 0)
            {
                p = WireBytes.putVarint(buffer, p, value.serverPicoseconds());
            }
        }
        if (value.isArray())
        {
            return putArray(buffer, p, type, value.objectValue());
        }
        return putScalar(buffer, p, type, value.rawBits(), value.rawBits2(), value.objectValue());
    }

    /**
     * Decodes one value into the holder; every field of the holder is overwritten.
     *
     * @param materialize false to validate only: strings, byte strings and arrays are checked and skipped without
     *     allocating, and the holder's object slot is left null.
     * @return false if the bytes are malformed (the cursor is then failed and the holder's contents unspecified).
     */
    static boolean decode(
        final WireCursor cursor, final TagValue value, final int previousTagId, final long previousSourceTicks,
        final boolean materialize)
    {
        final int header = cursor.u8();
        final int flags = (header & H_EXTENSION) != 0 ? cursor.u8() : 0;
        final int type = header & H_TYPE_MASK;
        final boolean isArray = (header & H_ARRAY) != 0;
        if ((header & H_RESERVED) != 0 || (flags & E_RESERVED) != 0 || !BuiltinType.isSupportedValueType(type) ||
            (isArray && type == BuiltinType.NULL))
        {
            return cursor.fail();
        }
        value.setTagId(previousTagId + unzigzag32(cursor.varint(UINT32_MAX)));
        value.setStatusCode((flags & E_STATUS) != 0 ? cursor.i32() : TagValue.STATUS_GOOD);

        final boolean hasSource = (flags & E_NO_SOURCE_TIME) == 0;
        final long sourceTicks = hasSource ? previousSourceTicks + WireBytes.unzigzag(cursor.varint()) : 0;
        final int sourcePicoseconds = picoseconds(cursor, flags, E_SOURCE_PICOSECONDS, hasSource);
        value.setSourceTimeUnchecked(hasSource, sourceTicks, sourcePicoseconds);

        final boolean hasServer = (flags & E_NO_SERVER_TIME) == 0;
        final long reference = hasSource ? sourceTicks : previousSourceTicks;
        final long serverTicks = hasServer ? reference + WireBytes.unzigzag(cursor.varint()) : 0;
        final int serverPicoseconds = picoseconds(cursor, flags, E_SERVER_PICOSECONDS, hasServer);
        value.setServerTimeUnchecked(hasServer, serverTicks, serverPicoseconds);

        if (isArray)
        {
            value.set(type, true, 0, 0, decodeArray(cursor, type, materialize));
        }
        else
        {
            decodeScalar(cursor, value, type, materialize);
        }
        return !cursor.failed();
    }

    private static int picoseconds(final WireCursor cursor, final int flags, final int flag, final boolean hasTime)
    {
        if ((flags & flag) == 0)
        {
            return 0;
        }
        if (!hasTime)
        {
            cursor.fail();
            return 0;
        }
        return (int)cursor.varint(TagValue.MAX_PICOSECONDS);
    }

    private static int extensionFlags(final TagValue value)
    {
        int flags = 0;
        if (value.statusCode() != TagValue.STATUS_GOOD)
        {
            flags |= E_STATUS;
        }
        if (!value.hasSourceTime())
        {
            flags |= E_NO_SOURCE_TIME;
        }
        if (!value.hasServerTime())
        {
            flags |= E_NO_SERVER_TIME;
        }
        if (value.sourcePicoseconds() != 0)
        {
            flags |= E_SOURCE_PICOSECONDS;
        }
        if (value.serverPicoseconds() != 0)
        {
            flags |= E_SERVER_PICOSECONDS;
        }
        return flags;
    }

    private static long zigzag32(final int value)
    {
        return ((value << 1) ^ (value >> 31)) & UINT32_MAX;
    }

    private static int unzigzag32(final long encoded)
    {
        final int v = (int)encoded;
        return (v >>> 1) ^ -(v & 1);
    }

    private static int scalarLength(final int type, final long bits, final Object object)
    {
        switch (type)
        {
            case BuiltinType.NULL:
                return 0;
            case BuiltinType.BOOLEAN:
            case BuiltinType.SBYTE:
            case BuiltinType.BYTE:
                return 1;
            case BuiltinType.INT16:
            case BuiltinType.INT32:
            case BuiltinType.INT64:
                return WireBytes.varintLength(WireBytes.zigzag(bits));
            case BuiltinType.UINT16:
            case BuiltinType.UINT32:
            case BuiltinType.UINT64:
                return WireBytes.varintLength(bits);
            case BuiltinType.FLOAT:
            case BuiltinType.STATUS_CODE:
                return 4;
            case BuiltinType.DOUBLE:
            case BuiltinType.DATE_TIME:
                return 8;
            case BuiltinType.GUID:
                return 16;
            case BuiltinType.STRING:
            case BuiltinType.XML_ELEMENT:
                return WireBytes.stringLength((String)object);
            case BuiltinType.BYTE_STRING:
                return WireBytes.bytesLength((byte[])object);
            case BuiltinType.QUALIFIED_NAME:
                return qualifiedNameLength((QualifiedName)object);
            case BuiltinType.LOCALIZED_TEXT:
                return localizedTextLength((LocalizedText)object);
            default:
                throw new IllegalStateException("unsupported built-in type " + type);
        }
    }

    private static int qualifiedNameLength(final QualifiedName name)
    {
        return WireBytes.varintLength(name.namespaceIndex()) + WireBytes.stringLength(name.name());
    }

    private static int localizedTextLength(final LocalizedText text)
    {
        return WireBytes.stringLength(text.locale()) + WireBytes.stringLength(text.text());
    }

    private static int putScalar(
        final byte[] buffer, final int position, final int type, final long bits, final long bits2,
        final Object object)
    {
        switch (type)
        {
            case BuiltinType.NULL:
                return position;
            case BuiltinType.BOOLEAN:
            case BuiltinType.SBYTE:
            case BuiltinType.BYTE:
                buffer[position] = (byte)bits;
                return position + 1;
            case BuiltinType.INT16:
            case BuiltinType.INT32:
            case BuiltinType.INT64:
                return WireBytes.putVarint(buffer, position, WireBytes.zigzag(bits));
            case BuiltinType.UINT16:
            case BuiltinType.UINT32:
            case BuiltinType.UINT64:
                return WireBytes.putVarint(buffer, position, bits);
            case BuiltinType.FLOAT:
            case BuiltinType.STATUS_CODE:
                WireBytes.putI32(buffer, position, (int)bits);
                return position + 4;
            case BuiltinType.DOUBLE:
            case BuiltinType.DATE_TIME:
                WireBytes.putI64(buffer, position, bits);
                return position + 8;
            case BuiltinType.GUID:
                WireBytes.putI64(buffer, position, bits);
                WireBytes.putI64(buffer, position + 8, bits2);
                return position + 16;
            case BuiltinType.STRING:
            case BuiltinType.XML_ELEMENT:
                return WireBytes.putString(buffer, position, (String)object);
            case BuiltinType.BYTE_STRING:
                return WireBytes.putBytes(buffer, position, (byte[])object);
            case BuiltinType.QUALIFIED_NAME:
                return putQualifiedName(buffer, position, (QualifiedName)object);
            case BuiltinType.LOCALIZED_TEXT:
                return putLocalizedText(buffer, position, (LocalizedText)object);
            default:
                throw new IllegalStateException("unsupported built-in type " + type);
        }
    }

    private static int putQualifiedName(final byte[] buffer, final int position, final QualifiedName name)
    {
        final int p = WireBytes.putVarint(buffer, position, name.namespaceIndex());
        return WireBytes.putString(buffer, p, name.name());
    }

    private static int putLocalizedText(final byte[] buffer, final int position, final LocalizedText text)
    {
        final int p = WireBytes.putString(buffer, position, text.locale());
        return WireBytes.putString(buffer, p, text.text());
    }

    private static int arrayLength(final int type, final Object array)
    {
        if (array == null)
        {
            return 1;
        }
        int length;
        switch (type)
        {
            case BuiltinType.BOOLEAN:
                length = ((boolean[])array).length;
                break;
            case BuiltinType.SBYTE:
            case BuiltinType.BYTE:
                length = ((byte[])array).length;
                break;
            case BuiltinType.INT16:
                length = 0;
                for (final short v : (short[])array)
                {
                    length += WireBytes.varintLength(WireBytes.zigzag(v));
                }
                break;
            case BuiltinType.UINT16:
                length = 0;
                for (final short v : (short[])array)
                {
                    length += WireBytes.varintLength(v & UINT16_MAX);
                }
                break;
            case BuiltinType.INT32:
                length = 0;
                for (final int v : (int[])array)
                {
                    length += WireBytes.varintLength(WireBytes.zigzag(v));
                }
                break;
            case BuiltinType.UINT32:
                length = 0;
                for (final int v : (int[])array)
                {
                    length += WireBytes.varintLength(v & UINT32_MAX);
                }
                break;
            case BuiltinType.STATUS_CODE:
                length = 4 * ((int[])array).length;
                break;
            case BuiltinType.INT64:
                length = 0;
                for (final long v : (long[])array)
                {
                    length += WireBytes.varintLength(WireBytes.zigzag(v));
                }
                break;
            case BuiltinType.UINT64:
                length = 0;
                for (final long v : (long[])array)
                {
                    length += WireBytes.varintLength(v);
                }
                break;
            case BuiltinType.DATE_TIME:
                length = 8 * ((long[])array).length;
                break;
            case BuiltinType.FLOAT:
                length = 4 * ((float[])array).length;
                break;
            case BuiltinType.DOUBLE:
                length = 8 * ((double[])array).length;
                break;
            case BuiltinType.STRING:
            case BuiltinType.XML_ELEMENT:
                length = 0;
                for (final String v : (String[])array)
                {
                    length += WireBytes.stringLength(v);
                }
                break;
            case BuiltinType.GUID:
                length = 16 * ((UUID[])array).length;
                break;
            case BuiltinType.BYTE_STRING:
                length = 0;
                for (final byte[] v : (byte[][])array)
                {
                    length += WireBytes.bytesLength(v);
                }
                break;
            case BuiltinType.QUALIFIED_NAME:
                length = 0;
                for (final QualifiedName v : (QualifiedName[])array)
                {
                    length += qualifiedNameLength(v);
                }
                break;
            case BuiltinType.LOCALIZED_TEXT:
                length = 0;
                for (final LocalizedText v : (LocalizedText[])array)
                {
                    length += localizedTextLength(v);
                }
                break;
            default:
                throw new IllegalStateException("no arrays of built-in type " + type);
        }
        return length + WireBytes.varintLength(Array.getLength(array) + 1L);
    }

    private static int putArray(final byte[] buffer, final int position, final int type, final Object array)
    {
        if (array == null)
        {
            buffer[position] = 0;
            return position + 1;
        }
        int p = WireBytes.putVarint(buffer, position, Array.getLength(array) + 1L);
        switch (type)
        {
            case BuiltinType.BOOLEAN:
                for (final boolean v : (boolean[])array)
                {
                    buffer[p++] = (byte)(v ? 1 : 0);
                }
                return p;
            case BuiltinType.SBYTE:
            case BuiltinType.BYTE:
            {
                final byte[] values = (byte[])array;
                System.arraycopy(values, 0, buffer, p, values.length);
                return p + values.length;
            }
            case BuiltinType.INT16:
                for (final short v : (short[])array)
                {
                    p = WireBytes.putVarint(buffer, p, WireBytes.zigzag(v));
                }
                return p;
            case BuiltinType.UINT16:
                for (final short v : (short[])array)
                {
                    p = WireBytes.putVarint(buffer, p, v & UINT16_MAX);
                }
                return p;
            case BuiltinType.INT32:
                for (final int v : (int[])array)
                {
                    p = WireBytes.putVarint(buffer, p, WireBytes.zigzag(v));
                }
                return p;
            case BuiltinType.UINT32:
                for (final int v : (int[])array)
                {
                    p = WireBytes.putVarint(buffer, p, v & UINT32_MAX);
                }
                return p;
            case BuiltinType.STATUS_CODE:
                for (final int v : (int[])array)
                {
                    WireBytes.putI32(buffer, p, v);
                    p += 4;
                }
                return p;
            case BuiltinType.INT64:
                for (final long v : (long[])array)
                {
                    p = WireBytes.putVarint(buffer, p, WireBytes.zigzag(v));
                }
                return p;
            case BuiltinType.UINT64:
                for (final long v : (long[])array)
                {
                    p = WireBytes.putVarint(buffer, p, v);
                }
                return p;
            case BuiltinType.DATE_TIME:
                for (final long v : (long[])array)
                {
                    WireBytes.putI64(buffer, p, v);
                    p += 8;
                }
                return p;
            case BuiltinType.FLOAT:
                for (final float v : (float[])array)
                {
                    WireBytes.putI32(buffer, p, Float.floatToRawIntBits(v));
                    p += 4;
                }
                return p;
            case BuiltinType.DOUBLE:
                for (final double v : (double[])array)
                {
                    WireBytes.putI64(buffer, p, Double.doubleToRawLongBits(v));
                    p += 8;
                }
                return p;
            case BuiltinType.STRING:
            case BuiltinType.XML_ELEMENT:
                for (final String v : (String[])array)
                {
                    p = WireBytes.putString(buffer, p, v);
                }
                return p;
            case BuiltinType.GUID:
                for (final UUID v : (UUID[])array)
                {
                    WireBytes.putI64(buffer, p, v.getMostSignificantBits());
                    WireBytes.putI64(buffer, p + 8, v.getLeastSignificantBits());
                    p += 16;
                }
                return p;
            case BuiltinType.BYTE_STRING:
                for (final byte[] v : (byte[][])array)
                {
                    p = WireBytes.putBytes(buffer, p, v);
                }
                return p;
            case BuiltinType.QUALIFIED_NAME:
                for (final QualifiedName v : (QualifiedName[])array)
                {
                    p = putQualifiedName(buffer, p, v);
                }
                return p;
            case BuiltinType.LOCALIZED_TEXT:
                for (final LocalizedText v : (LocalizedText[])array)
                {
                    p = putLocalizedText(buffer, p, v);
                }
                return p;
            default:
                throw new IllegalStateException("no arrays of built-in type " + type);
        }
    }

    private static void decodeScalar(
        final WireCursor cursor, final TagValue value, final int type, final boolean materialize)
    {
        switch (type)
        {
            case BuiltinType.NULL:
                value.set(type, false, 0, 0, null);
                break;
            case BuiltinType.BOOLEAN:
                value.set(type, false, decodeBoolean(cursor) ? 1 : 0, 0, null);
                break;
            case BuiltinType.SBYTE:
                value.set(type, false, (byte)cursor.u8(), 0, null);
                break;
            case BuiltinType.BYTE:
                value.set(type, false, cursor.u8(), 0, null);
                break;
            case BuiltinType.INT16:
                value.set(type, false, WireBytes.unzigzag(cursor.varint(UINT16_MAX)), 0, null);
                break;
            case BuiltinType.INT32:
                value.set(type, false, WireBytes.unzigzag(cursor.varint(UINT32_MAX)), 0, null);
                break;
            case BuiltinType.INT64:
                value.set(type, false, WireBytes.unzigzag(cursor.varint()), 0, null);
                break;
            case BuiltinType.UINT16:
                value.set(type, false, cursor.varint(UINT16_MAX), 0, null);
                break;
            case BuiltinType.UINT32:
                value.set(type, false, cursor.varint(UINT32_MAX), 0, null);
                break;
            case BuiltinType.UINT64:
                value.set(type, false, cursor.varint(), 0, null);
                break;
            case BuiltinType.FLOAT:
            case BuiltinType.STATUS_CODE:
                value.set(type, false, cursor.i32() & UINT32_MAX, 0, null);
                break;
            case BuiltinType.DOUBLE:
            case BuiltinType.DATE_TIME:
                value.set(type, false, cursor.i64(), 0, null);
                break;
            case BuiltinType.GUID:
            {
                final long high = cursor.i64();
                value.set(type, false, high, cursor.i64(), null);
                break;
            }
            case BuiltinType.STRING:
            case BuiltinType.XML_ELEMENT:
                value.set(type, false, 0, 0, cursor.string(materialize));
                break;
            case BuiltinType.BYTE_STRING:
                value.set(type, false, 0, 0, cursor.bytes(materialize));
                break;
            case BuiltinType.QUALIFIED_NAME:
                value.set(type, false, 0, 0, decodeQualifiedName(cursor, materialize));
                break;
            case BuiltinType.LOCALIZED_TEXT:
                value.set(type, false, 0, 0, decodeLocalizedText(cursor, materialize));
                break;
            default:
                cursor.fail();
        }
    }

    private static boolean decodeBoolean(final WireCursor cursor)
    {
        final int b = cursor.u8();
        if (b > 1)
        {
            cursor.fail();
        }
        return b == 1;
    }

    private static QualifiedName decodeQualifiedName(final WireCursor cursor, final boolean materialize)
    {
        final int namespaceIndex = (int)cursor.varint(QualifiedName.MAX_NAMESPACE_INDEX);
        final String name = cursor.string(materialize);
        return materialize && !cursor.failed() ? new QualifiedName(namespaceIndex, name) : null;
    }

    private static LocalizedText decodeLocalizedText(final WireCursor cursor, final boolean materialize)
    {
        final String locale = cursor.string(materialize);
        final String text = cursor.string(materialize);
        return materialize && !cursor.failed() ? new LocalizedText(locale, text) : null;
    }

    private static int minimumElementLength(final int type)
    {
        switch (type)
        {
            case BuiltinType.FLOAT:
            case BuiltinType.STATUS_CODE:
                return 4;
            case BuiltinType.DOUBLE:
            case BuiltinType.DATE_TIME:
                return 8;
            case BuiltinType.GUID:
                return 16;
            case BuiltinType.QUALIFIED_NAME:
            case BuiltinType.LOCALIZED_TEXT:
                return 2;
            default:
                return 1;
        }
    }

    private static Object decodeArray(final WireCursor cursor, final int type, final boolean materialize)
    {
        final long prefix = cursor.varint(Integer.MAX_VALUE);
        if (prefix == 0 || !cursor.require((prefix - 1) * minimumElementLength(type)))
        {
            return null;
        }
        final int n = (int)(prefix - 1);
        switch (type)
        {
            case BuiltinType.BOOLEAN:
            {
                final boolean[] a = materialize ? new boolean[n] : null;
                for (int i = 0; i < n; i++)
                {
                    final boolean v = decodeBoolean(cursor);
                    if (a != null)
                    {
                        a[i] = v;
                    }
                }
                return a;
            }
            case BuiltinType.SBYTE:
            case BuiltinType.BYTE:
            {
                final byte[] a = materialize ? new byte[n] : null;
                if (a != null)
                {
                    System.arraycopy(cursor.buffer(), cursor.position(), a, 0, n);
                }
                cursor.skip(n);
                return a;
            }
            case BuiltinType.INT16:
            case BuiltinType.UINT16:
            {
                final short[] a = materialize ? new short[n] : null;
                final boolean signed = type == BuiltinType.INT16;
                for (int i = 0; i < n; i++)
                {
                    final long raw = cursor.varint(UINT16_MAX);
                    if (a != null)
                    {
                        a[i] = (short)(signed ? WireBytes.unzigzag(raw) : raw);
                    }
                }
                return a;
            }
            case BuiltinType.INT32:
            case BuiltinType.UINT32:
            {
                final int[] a = materialize ? new int[n] : null;
                final boolean signed = type == BuiltinType.INT32;
                for (int i = 0; i < n; i++)
                {
                    final long raw = cursor.varint(UINT32_MAX);
                    if (a != null)
                    {
                        a[i] = (int)(signed ? WireBytes.unzigzag(raw) : raw);
                    }
                }
                return a;
            }
            case BuiltinType.STATUS_CODE:
            {
                final int[] a = materialize ? new int[n] : null;
                for (int i = 0; i < n; i++)
                {
                    final int v = cursor.i32();
                    if (a != null)
                    {
                        a[i] = v;
                    }
                }
                return a;
            }
            case BuiltinType.INT64:
            case BuiltinType.UINT64:
            {
                final long[] a = materialize ? new long[n] : null;
                final boolean signed = type == BuiltinType.INT64;
                for (int i = 0; i < n; i++)
                {
                    final long raw = cursor.varint();
                    if (a != null)
                    {
                        a[i] = signed ? WireBytes.unzigzag(raw) : raw;
                    }
                }
                return a;
            }
            case BuiltinType.DATE_TIME:
            {
                final long[] a = materialize ? new long[n] : null;
                for (int i = 0; i < n; i++)
                {
                    final long v = cursor.i64();
                    if (a != null)
                    {
                        a[i] = v;
                    }
                }
                return a;
            }
            case BuiltinType.FLOAT:
            {
                final float[] a = materialize ? new float[n] : null;
                for (int i = 0; i < n; i++)
                {
                    final int v = cursor.i32();
                    if (a != null)
                    {
                        a[i] = Float.intBitsToFloat(v);
                    }
                }
                return a;
            }
            case BuiltinType.DOUBLE:
            {
                final double[] a = materialize ? new double[n] : null;
                for (int i = 0; i < n; i++)
                {
                    final long v = cursor.i64();
                    if (a != null)
                    {
                        a[i] = Double.longBitsToDouble(v);
                    }
                }
                return a;
            }
            case BuiltinType.STRING:
            case BuiltinType.XML_ELEMENT:
            {
                final String[] a = materialize ? new String[n] : null;
                for (int i = 0; i < n; i++)
                {
                    final String v = cursor.string(materialize);
                    if (a != null)
                    {
                        a[i] = v;
                    }
                }
                return a;
            }
            case BuiltinType.GUID:
            {
                final UUID[] a = materialize ? new UUID[n] : null;
                for (int i = 0; i < n; i++)
                {
                    final long high = cursor.i64();
                    final long low = cursor.i64();
                    if (a != null)
                    {
                        a[i] = new UUID(high, low);
                    }
                }
                return a;
            }
            case BuiltinType.BYTE_STRING:
            {
                final byte[][] a = materialize ? new byte[n][] : null;
                for (int i = 0; i < n; i++)
                {
                    final byte[] v = cursor.bytes(materialize);
                    if (a != null)
                    {
                        a[i] = v;
                    }
                }
                return a;
            }
            case BuiltinType.QUALIFIED_NAME:
            {
                final QualifiedName[] a = materialize ? new QualifiedName[n] : null;
                for (int i = 0; i < n; i++)
                {
                    final QualifiedName v = decodeQualifiedName(cursor, materialize);
                    if (a != null)
                    {
                        a[i] = v;
                    }
                }
                return a;
            }
            case BuiltinType.LOCALIZED_TEXT:
            {
                final LocalizedText[] a = materialize ? new LocalizedText[n] : null;
                for (int i = 0; i < n; i++)
                {
                    final LocalizedText v = decodeLocalizedText(cursor, materialize);
                    if (a != null)
                    {
                        a[i] = v;
                    }
                }
                return a;
            }
            default:
                cursor.fail();
                return null;
        }
    }
}
