package io.diodegw.wire.record;

import java.util.Arrays;
import java.util.UUID;

/**
 * A reusable, mutable tag value: tag id, OPC UA value (a scalar or a one-dimensional array of one built-in type),
 * StatusCode, and source and server timestamps at full OPC UA precision. Everything is kept bit-exactly: float and
 * double values as raw IEEE 754 bits (NaN payloads, -0.0), unsigned integers as raw bits.
 *
 * <p>Where the value lives:
 * <ul>
 *   <li>Scalars of Boolean (0 or 1), SByte, Int16, Int32, Int64 (sign-extended), Byte, UInt16, UInt32, UInt64
 *   (zero-extended; UInt64 as raw 64 bits), Float (raw bits, zero-extended), Double (raw bits), DateTime (ticks)
 *   and StatusCode (zero-extended) live in {@link #rawBits()}; a Guid's high 64 bits live in {@link #rawBits()},
 *   its low 64 bits in {@link #rawBits2()}. Setting or reading these never allocates.</li>
 *   <li>Scalars of String and XmlElement ({@code String}), ByteString ({@code byte[]}), QualifiedName and
 *   LocalizedText live in {@link #objectValue()}; strings and byte strings may be null (an OPC UA null),
 *   QualifiedName and LocalizedText may not.</li>
 *   <li>Arrays live in {@link #objectValue()} as {@code boolean[]} (Boolean), {@code byte[]} (SByte, Byte),
 *   {@code short[]} (Int16, UInt16), {@code int[]} (Int32, UInt32, StatusCode), {@code long[]} (Int64, UInt64,
 *   DateTime), {@code float[]}, {@code double[]}, {@code String[]} (String, XmlElement; null elements allowed),
 *   {@code UUID[]} (Guid), {@code byte[][]} (ByteString; null elements allowed), {@code QualifiedName[]} and
 *   {@code LocalizedText[]} (no null elements). A null array object is an OPC UA null array, distinct from an
 *   empty one. The holder takes ownership of the array: do not change it while the holder is in use.</li>
 * </ul>
 *
 * <p>DateTime is a signed 64-bit count of 100-ns ticks since 1601-01-01 UTC; picoseconds are 0..9999 in 10-ps
 * units. A timestamp may be absent; an absent timestamp has ticks and picoseconds 0.
 *
 * <p>Not thread-safe. Setters validate their arguments and throw {@link IllegalArgumentException} on values the wire
 * cannot carry (a programming error, not a run-time condition).
 */
public final class TagValue
{
    /** StatusCode Good. */
    public static final int STATUS_GOOD = 0;
    /** Largest picoseconds value, in 10-ps units. */
    public static final int MAX_PICOSECONDS = 9999;

    private static final long UINT32_MASK = 0xFFFF_FFFFL;

    private int tagId;
    private int builtinType;
    private boolean array;
    private long bits;
    private long bits2;
    private Object object;
    private int statusCode;
    private boolean hasSourceTime;
    private long sourceTimeTicks;
    private int sourcePicoseconds;
    private boolean hasServerTime;
    private long serverTimeTicks;
    private int serverPicoseconds;

    /**
     * Resets to tag id 0, a Null value, status Good and no timestamps.
     *
     * @return this.
     */
    public TagValue clear()
    {
        tagId = 0;
        setNull();
        statusCode = STATUS_GOOD;
        clearSourceTime();
        clearServerTime();
        return this;
    }

    /**
     * @return the tag id, an unsigned 32-bit value held in an int.
     */
    public int tagId()
    {
        return tagId;
    }

    public TagValue setTagId(final int tagId)
    {
        this.tagId = tagId;
        return this;
    }

    /**
     * @return the OPC UA StatusCode of the value, 32 bits; 0 is Good.
     */
    public int statusCode()
    {
        return statusCode;
    }

    public TagValue setStatusCode(final int statusCode)
    {
        this.statusCode = statusCode;
        return this;
    }

    public boolean hasSourceTime()
    {
        return hasSourceTime;
    }

    /**
     * @return source timestamp in 100-ns ticks since 1601-01-01 UTC; 0 when absent.
     */
    public long sourceTimeTicks()
    {
        return sourceTimeTicks;
    }

    /**
     * @return source picoseconds in 10-ps units, 0..9999; 0 when absent.
     */
    public int sourcePicoseconds()
    {
        return sourcePicoseconds;
    }

    public TagValue setSourceTime(final long ticks)
    {
        return setSourceTime(ticks, 0);
    }

    /**
     * @throws IllegalArgumentException if picoseconds are outside 0..9999.
     */
    public TagValue setSourceTime(final long ticks, final int picoseconds)
    {
        checkPicoseconds(picoseconds);
        hasSourceTime = true;
        sourceTimeTicks = ticks;
        sourcePicoseconds = picoseconds;
        return this;
    }

    public TagValue clearSourceTime()
    {
        hasSourceTime = false;
        sourceTimeTicks = 0;
        sourcePicoseconds = 0;
        return this;
    }

    public boolean hasServerTime()
    {
        return hasServerTime;
    }

    /**
     * @return server timestamp in 100-ns ticks since 1601-01-01 UTC; 0 when absent.
     */
    public long serverTimeTicks()
    {
        return serverTimeTicks;
    }

    /**
     * @return server picoseconds in 10-ps units, 0..9999; 0 when absent.
     */
    public int serverPicoseconds()
    {
        return serverPicoseconds;
    }

    public TagValue setServerTime(final long ticks)
    {
        return setServerTime(ticks, 0);
    }

    /**
     * @throws IllegalArgumentException if picoseconds are outside 0..9999.
     */
    public TagValue setServerTime(final long ticks, final int picoseconds)
    {
        checkPicoseconds(picoseconds);
        hasServerTime = true;
        serverTimeTicks = ticks;
        serverPicoseconds = picoseconds;
        return this;
    }

    public TagValue clearServerTime()
    {
        hasServerTime = false;
        serverTimeTicks = 0;
        serverPicoseconds = 0;
        return this;
    }

    /**
     * @return the {@link BuiltinType} id of the value (of the elements for an array).
     */
    public int builtinType()
    {
        return builtinType;
    }

    public boolean isArray()
    {
        return array;
    }

    /**
     * @return the scalar value's bits as described in the class comment; 0 for object-valued types and arrays.
     */
    public long rawBits()
    {
        return bits;
    }

    /**
     * @return the low 64 bits of a Guid scalar; 0 otherwise.
     */
    public long rawBits2()
    {
        return bits2;
    }

    /**
     * @return the object of a String, XmlElement, ByteString, QualifiedName or LocalizedText scalar, or the array
     *     (null for a null array); null for bits-valued scalars.
     */
    public Object objectValue()
    {
        return object;
    }

    public boolean booleanValue()
    {
        return bits != 0;
    }

    /**
     * @return the integer value (sign- or zero-extended per type; raw bits for UInt64).
     */
    public long longValue()
    {
        return bits;
    }

    public float floatValue()
    {
        return Float.intBitsToFloat((int)bits);
    }

    public double doubleValue()
    {
        return Double.longBitsToDouble(bits);
    }

    /**
     * @return a new UUID of a Guid scalar (allocates).
     */
    public UUID guidValue()
    {
        return new UUID(bits, bits2);
    }

    public TagValue setNull()
    {
        return setBits(BuiltinType.NULL, 0);
    }

    public TagValue setBoolean(final boolean value)
    {
        return setBits(BuiltinType.BOOLEAN, value ? 1 : 0);
    }

    public TagValue setSByte(final byte value)
    {
        return setBits(BuiltinType.SBYTE, value);
    }

    /**
     * @param value 0..255, or a byte whose bits are taken as unsigned via {@link #setByteBits(byte)}.
     * @throws IllegalArgumentException if outside 0..255.
     */
    public TagValue setByte(final int value)
    {
        checkRange(value, 0, 0xFF, "Byte");
        return setBits(BuiltinType.BYTE, value);
    }

    public TagValue setByteBits(final byte value)
    {
        return setBits(BuiltinType.BYTE, value & 0xFF);
    }

    public TagValue setInt16(final short value)
    {
        return setBits(BuiltinType.INT16, value);
    }

    /**
     * @throws IllegalArgumentException if outside 0..65535.
     */
    public TagValue setUInt16(final int value)
    {
        checkRange(value, 0, 0xFFFF, "UInt16");
        return setBits(BuiltinType.UINT16, value);
    }

    public TagValue setInt32(final int value)
    {
        return setBits(BuiltinType.INT32, value);
    }

    /**
     * @throws IllegalArgumentException if outside 0..4294967295.
     */
    public TagValue setUInt32(final long value)
    {
        checkRange(value, 0, UINT32_MASK, "UInt32");
        return setBits(BuiltinType.UINT32, value);
    }

    public TagValue setUInt32Bits(final int value)
    {
        return setBits(BuiltinType.UINT32, value & UINT32_MASK);
    }

    public TagValue setInt64(final long value)
    {
        return setBits(BuiltinType.INT64, value);
    }

    /**
     * @param rawBits the unsigned value's 64 bits (values above {@code Long.MAX_VALUE} are negative longs).
     */
    public TagValue setUInt64(final long rawBits)
    {
        return setBits(BuiltinType.UINT64, rawBits);
    }

    public TagValue setFloat(final float value)
    {
        return setFloatBits(Float.floatToRawIntBits(value));
    }

    public TagValue setFloatBits(final int rawBits)
    {
        return setBits(BuiltinType.FLOAT, rawBits & UINT32_MASK);
    }

    public TagValue setDouble(final double value)
    {
        return setDoubleBits(Double.doubleToRawLongBits(value));
    }

    public TagValue setDoubleBits(final long rawBits)
    {
        return setBits(BuiltinType.DOUBLE, rawBits);
    }

    /**
     * @param ticks 100-ns ticks since 1601-01-01 UTC, any 64-bit value.
     */
    public TagValue setDateTime(final long ticks)
    {
        return setBits(BuiltinType.DATE_TIME, ticks);
    }

    /**
     * @param statusCode the 32-bit StatusCode carried as the value itself (not the value's quality).
     */
    public TagValue setStatusCodeValue(final int statusCode)
    {
        return setBits(BuiltinType.STATUS_CODE, statusCode & UINT32_MASK);
    }

    public TagValue setGuid(final long mostSignificantBits, final long leastSignificantBits)
    {
        setBits(BuiltinType.GUID, mostSignificantBits);
        bits2 = leastSignificantBits;
        return this;
    }

    /**
     * @throws IllegalArgumentException if the guid is null (an OPC UA Guid cannot be null).
     */
    public TagValue setGuid(final UUID guid)
    {
        if (guid == null)
        {
            throw new IllegalArgumentException("a Guid cannot be null");
        }
        return setGuid(guid.getMostSignificantBits(), guid.getLeastSignificantBits());
    }

    /**
     * @param value may be null (an OPC UA null string).
     */
    public TagValue setString(final String value)
    {
        return setObject(BuiltinType.STRING, false, value);
    }

    /**
     * @param value may be null.
     */
    public TagValue setXmlElement(final String value)
    {
        return setObject(BuiltinType.XML_ELEMENT, false, value);
    }

    /**
     * @param value may be null; the holder takes ownership.
     */
    public TagValue setByteString(final byte[] value)
    {
        return setObject(BuiltinType.BYTE_STRING, false, value);
    }

    /**
     * @param value not null (an OPC UA QualifiedName is a structure; its name may be null).
     * @throws IllegalArgumentException if the value is null.
     */
    public TagValue setQualifiedName(final QualifiedName value)
    {
        return setObject(BuiltinType.QUALIFIED_NAME, false, requireNonNull(value, "QualifiedName"));
    }

    /**
     * @param value not null (an OPC UA LocalizedText is a structure; its locale and text may be null).
     * @throws IllegalArgumentException if the value is null.
     */
    public TagValue setLocalizedText(final LocalizedText value)
    {
        return setObject(BuiltinType.LOCALIZED_TEXT, false, requireNonNull(value, "LocalizedText"));
    }

    /**
     * Sets a one-dimensional array value.
     *
     * @param elementType a supported {@link BuiltinType} other than Null.
     * @param values the Java array listed in the class comment for that type, or null for a null array; the holder
     *     takes ownership.
     * @throws IllegalArgumentException if the type is not supported, the array class does not match the type, or a
     *     Guid, QualifiedName or LocalizedText array holds a null element.
     */
    public TagValue setArray(final int elementType, final Object values)
    {
        final Class<?> expected = arrayClass(elementType);
        if (expected == null)
        {
            throw new IllegalArgumentException("no arrays of built-in type " + BuiltinType.name(elementType));
        }
        if (values != null)
        {
            if (values.getClass() != expected)
            {
                throw new IllegalArgumentException(BuiltinType.name(elementType) + " array must be " +
                    expected.getSimpleName() + ", not " + values.getClass().getSimpleName());
            }
            if (elementType == BuiltinType.GUID || elementType == BuiltinType.QUALIFIED_NAME ||
                elementType == BuiltinType.LOCALIZED_TEXT)
            {
                for (final Object element : (Object[])values)
                {
                    if (element == null)
                    {
                        throw new IllegalArgumentException(BuiltinType.name(elementType) +
                            " array elements cannot be null");
                    }
                }
            }
        }
        return setObject(elementType, true, values);
    }

    /**
     * Copies everything from another holder; arrays and byte strings are copied deeply, immutable elements
     * (strings, UUIDs, QualifiedName, LocalizedText) are shared.
     *
     * @return this.
     */
    public TagValue copyFrom(final TagValue other)
    {
        tagId = other.tagId;
        builtinType = other.builtinType;
        array = other.array;
        bits = other.bits;
        bits2 = other.bits2;
        object = deepCopy(other.object);
        statusCode = other.statusCode;
        hasSourceTime = other.hasSourceTime;
        sourceTimeTicks = other.sourceTimeTicks;
        sourcePicoseconds = other.sourcePicoseconds;
        hasServerTime = other.hasServerTime;
        serverTimeTicks = other.serverTimeTicks;
        serverPicoseconds = other.serverPicoseconds;
        return this;
    }

    /**
     * @return a new deep copy.
     */
    public TagValue copy()
    {
        return new TagValue().copyFrom(this);
    }

    /**
     * Bit-exact equality: float and double values (also in arrays) compare by raw bits, so NaNs with different
     * payloads differ and -0.0 differs from 0.0.
     */
    @Override
    public boolean equals(final Object o)
    {
        if (this == o)
        {
            return true;
        }
        if (!(o instanceof TagValue))
        {
            return false;
        }
        final TagValue that = (TagValue)o;
        return tagId == that.tagId && builtinType == that.builtinType && array == that.array && bits == that.bits &&
            bits2 == that.bits2 && statusCode == that.statusCode && hasSourceTime == that.hasSourceTime &&
            sourceTimeTicks == that.sourceTimeTicks && sourcePicoseconds == that.sourcePicoseconds &&
            hasServerTime == that.hasServerTime && serverTimeTicks == that.serverTimeTicks &&
            serverPicoseconds == that.serverPicoseconds && objectsEqual(object, that.object);
    }

    @Override
    public int hashCode()
    {
        int h = tagId;
        h = 31 * h + builtinType;
        h = 31 * h + (array ? 1 : 0);
        h = 31 * h + Long.hashCode(bits);
        h = 31 * h + Long.hashCode(bits2);
        h = 31 * h + statusCode;
        h = 31 * h + Long.hashCode(sourceTimeTicks) + sourcePicoseconds;
        h = 31 * h + Long.hashCode(serverTimeTicks) + serverPicoseconds;
        h = 31 * h + (hasSourceTime ? 2 : 0) + (hasServerTime ? 1 : 0);
        return 31 * h + Arrays.deepHashCode(new Object[] {object});
    }

    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder(96);
        sb.append("TagValue{tagId=").append(Integer.toUnsignedString(tagId))
            .append(", type=").append(BuiltinType.name(builtinType)).append(array ? "[]" : "")
            .append(", value=");
        appendValue(sb);
        sb.append(", status=0x").append(Integer.toHexString(statusCode));
        sb.append(", source=").append(hasSourceTime ? sourceTimeTicks + "/" + sourcePicoseconds : "-");
        sb.append(", server=").append(hasServerTime ? serverTimeTicks + "/" + serverPicoseconds : "-");
        return sb.append('}').toString();
    }

    /**
     * Fills the holder while decoding; the decoder has checked every invariant the setters check.
     */
    void set(final int type, final boolean isArray, final long valueBits, final long valueBits2, final Object value)
    {
        builtinType = type;
        array = isArray;
        bits = valueBits;
        bits2 = valueBits2;
        object = value;
    }

    void setSourceTimeUnchecked(final boolean present, final long ticks, final int picoseconds)
    {
        hasSourceTime = present;
        sourceTimeTicks = ticks;
        sourcePicoseconds = picoseconds;
    }

    void setServerTimeUnchecked(final boolean present, final long ticks, final int picoseconds)
    {
        hasServerTime = present;
        serverTimeTicks = ticks;
        serverPicoseconds = picoseconds;
    }

    /**
     * @return the Java array class for arrays of this built-in type, or null if no arrays of it are carried.
     */
    static Class<?> arrayClass(final int type)
    {
        switch (type)
        {
            case BuiltinType.BOOLEAN:
                return boolean[].class;
            case BuiltinType.SBYTE:
            case BuiltinType.BYTE:
                return byte[].class;
            case BuiltinType.INT16:
            case BuiltinType.UINT16:
                return short[].class;
            case BuiltinType.INT32:
            case BuiltinType.UINT32:
            case BuiltinType.STATUS_CODE:
                return int[].class;
            case BuiltinType.INT64:
            case BuiltinType.UINT64:
            case BuiltinType.DATE_TIME:
                return long[].class;
            case BuiltinType.FLOAT:
                return float[].class;
            case BuiltinType.DOUBLE:
                return double[].class;
            case BuiltinType.STRING:
            case BuiltinType.XML_ELEMENT:
                return String[].class;
            case BuiltinType.GUID:
                return UUID[].class;
            case BuiltinType.BYTE_STRING:
                return byte[][].class;
            case BuiltinType.QUALIFIED_NAME:
                return QualifiedName[].class;
            case BuiltinType.LOCALIZED_TEXT:
                return LocalizedText[].class;
            default:
                return null;
        }
    }

    private TagValue setBits(final int type, final long valueBits)
    {
        builtinType = type;
        array = false;
        bits = valueBits;
        bits2 = 0;
        object = null;
        return this;
    }

    private TagValue setObject(final int type, final boolean isArray, final Object value)
    {
        builtinType = type;
        array = isArray;
        bits = 0;
        bits2 = 0;
        object = value;
        return this;
    }

    private void appendValue(final StringBuilder sb)
    {
        if (array)
        {
            sb.append(object == null ? "null" : Arrays.deepToString(new Object[] {object}));
            return;
        }
        switch (builtinType)
        {
            case BuiltinType.NULL:
                sb.append("null");
                break;
            case BuiltinType.FLOAT:
                sb.append(floatValue()).append(" (0x").append(Long.toHexString(bits)).append(')');
                break;
            case BuiltinType.DOUBLE:
                sb.append(doubleValue()).append(" (0x").append(Long.toHexString(bits)).append(')');
                break;
            case BuiltinType.UINT64:
                sb.append(Long.toUnsignedString(bits));
                break;
            case BuiltinType.GUID:
                sb.append(guidValue());
                break;
            case BuiltinType.BYTE_STRING:
                sb.append(object == null ? "null" : Arrays.toString((byte[])object));
                break;
            default:
                if (BuiltinType.isBitsType(builtinType))
                {
                    sb.append(bits);
                }
                else
                {
                    sb.append(object);
                }
        }
    }

    private static Object requireNonNull(final Object value, final String what)
    {
        if (value == null)
        {
            throw new IllegalArgumentException("a " + what + " value cannot be null");
        }
        return value;
    }

    private static void checkPicoseconds(final int picoseconds)
    {
        checkRange(picoseconds, 0, MAX_PICOSECONDS, "picoseconds");
    }

    private static void checkRange(final long value, final long min, final long max, final String what)
    {
        if (value < min || value > max)
        {
            throw new IllegalArgumentException(what + " " + value + " is outside " + min + ".." + max);
        }
    }

    private static Object deepCopy(final Object value)
    {
        if (value instanceof byte[][])
        {
            final byte[][] source = (byte[][])value;
            final byte[][] copy = new byte[source.length][];
            for (int i = 0; i < source.length; i++)
            {
                copy[i] = source[i] == null ? null : source[i].clone();
            }
            return copy;
        }
        if (value instanceof Object[])
        {
            return ((Object[])value).clone();
        }
        if (value instanceof boolean[])
        {
            return ((boolean[])value).clone();
        }
        if (value instanceof byte[])
        {
            return ((byte[])value).clone();
        }
        if (value instanceof short[])
        {
            return ((short[])value).clone();
        }
        if (value instanceof int[])
        {
            return ((int[])value).clone();
        }
        if (value instanceof long[])
        {
            return ((long[])value).clone();
        }
        if (value instanceof float[])
        {
            return ((float[])value).clone();
        }
        if (value instanceof double[])
        {
            return ((double[])value).clone();
        }
        return value;
    }

    private static boolean objectsEqual(final Object a, final Object b)
    {
        if (a == b)
        {
            return true;
        }
        if (a == null || b == null || a.getClass() != b.getClass())
        {
            return false;
        }
        if (a instanceof float[])
        {
            final float[] x = (float[])a;
            final float[] y = (float[])b;
            if (x.length != y.length)
            {
                return false;
            }
            for (int i = 0; i < x.length; i++)
            {
                if (Float.floatToRawIntBits(x[i]) != Float.floatToRawIntBits(y[i]))
                {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof double[])
        {
            final double[] x = (double[])a;
            final double[] y = (double[])b;
            if (x.length != y.length)
            {
                return false;
            }
            for (int i = 0; i < x.length; i++)
            {
                if (Double.doubleToRawLongBits(x[i]) != Double.doubleToRawLongBits(y[i]))
                {
                    return false;
                }
            }
            return true;
        }
        return Arrays.deepEquals(new Object[] {a}, new Object[] {b});
    }
}
