package io.diodegw.sender.opcua;

import io.diodegw.wire.record.BuiltinType;
import io.diodegw.wire.record.TagValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.XmlElement;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UByte;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.ULong;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;

import java.lang.reflect.Array;
import java.util.UUID;

/**
 * Turns a Milo {@link DataValue} into a {@link TagValue}: the Variant's built-in type and value (scalars of Boolean
 * to UInt64, Float, Double, String, DateTime, Guid, ByteString, XmlElement, StatusCode, QualifiedName,
 * LocalizedText, and one-dimensional arrays of them; primitive or boxed Java arrays), the 32-bit StatusCode, and
 * the source and server timestamps as 100-ns ticks with picoseconds (a missing timestamp, or the OPC UA null
 * DateTime 0, is absent).
 *
 * <p>Stateless and thread-safe. Scalars of the bit-valued types are mapped without allocating; arrays, strings and
 * byte strings are converted into the Java arrays and objects {@link TagValue} owns.
 */
final class ValueMapper
{
    /** Result of {@link #map}: the value is carried. */
    static final int MAPPED = 0;
    /** Result of {@link #map}: the Variant holds a type a tag value cannot carry (NodeId, structure, matrix). */
    static final int UNSUPPORTED_TYPE = 1;

    private ValueMapper()
    {
    }

    /**
     * Fills the holder (tag id, value, status, timestamps); on {@link #UNSUPPORTED_TYPE} its contents are
     * unspecified. Picoseconds outside 0..9999 (a malformed server) are taken as 0.
     *
     * @return {@link #MAPPED} or {@link #UNSUPPORTED_TYPE}.
     */
    static int map(final int tagId, final DataValue dataValue, final TagValue out)
    {
        out.setTagId(tagId);
        final StatusCode status = dataValue.getStatusCode();
        out.setStatusCode(status == null ? TagValue.STATUS_GOOD : (int)status.getValue());
        final DateTime sourceTime = dataValue.getSourceTime();
        if (sourceTime == null || sourceTime.getUtcTime() == 0)
        {
            out.clearSourceTime();
        }
        else
        {
            out.setSourceTime(sourceTime.getUtcTime(), picoseconds(dataValue.getSourcePicoseconds()));
        }
        final DateTime serverTime = dataValue.getServerTime();
        if (serverTime == null || serverTime.getUtcTime() == 0)
        {
            out.clearServerTime();
        }
        else
        {
            out.setServerTime(serverTime.getUtcTime(), picoseconds(dataValue.getServerPicoseconds()));
        }
        final Variant variant = dataValue.getValue();
        final Object value = variant == null ? null : variant.getValue();
        if (value == null)
        {
            out.setNull();
            return MAPPED;
        }
        if (value.getClass().isArray())
        {
            return mapArray(value, out);
        }
        return mapScalar(value, out);
    }

    private static int picoseconds(final UShort picoseconds)
    {
        if (picoseconds == null)
        {
            return 0;
        }
        final int value = picoseconds.intValue();
        return value <= TagValue.MAX_PICOSECONDS ? value : 0;
    }

    private static int mapScalar(final Object value, final TagValue out)
    {
        if (value instanceof Boolean v)
        {
            out.setBoolean(v);
        }
        else if (value instanceof Byte v)
        {
            out.setSByte(v);
        }
        else if (value instanceof UByte v)
        {
            out.setByte(v.intValue());
        }
        else if (value instanceof Short v)
        {
            out.setInt16(v);
        }
        else if (value instanceof UShort v)
        {
            out.setUInt16(v.intValue());
        }
        else if (value instanceof Integer v)
        {
            out.setInt32(v);
        }
        else if (value instanceof UInteger v)
        {
            out.setUInt32(v.longValue());
        }
        else if (value instanceof Long v)
        {
            out.setInt64(v);
        }
        else if (value instanceof ULong v)
        {
            out.setUInt64(v.longValue());
        }
        else if (value instanceof Float v)
        {
            out.setFloat(v);
        }
        else if (value instanceof Double v)
        {
            out.setDouble(v);
        }
        else if (value instanceof String v)
        {
            out.setString(v);
        }
        else if (value instanceof DateTime v)
        {
            out.setDateTime(v.getUtcTime());
        }
        else if (value instanceof UUID v)
        {
            out.setGuid(v);
        }
        else if (value instanceof ByteString v)
        {
            out.setByteString(v.isNull() ? null : v.bytes());
        }
        else if (value instanceof XmlElement v)
        {
            out.setXmlElement(v.getFragment());
        }
        else if (value instanceof StatusCode v)
        {
            out.setStatusCodeValue((int)v.getValue());
        }
        else if (value instanceof QualifiedName v)
        {
            out.setQualifiedName(new io.diodegw.wire.record.QualifiedName(v.getNamespaceIndex().intValue(),
                v.getName()));
        }
        else if (value instanceof LocalizedText v)
        {
            out.setLocalizedText(new io.diodegw.wire.record.LocalizedText(v.getLocale(), v.getText()));
        }
        else
        {
            return UNSUPPORTED_TYPE;
        }
        return MAPPED;
    }

    private static int mapArray(final Object array, final TagValue out)
    {
        final Class<?> component = array.getClass().getComponentType();
        final int n = Array.getLength(array);
        if (component == boolean.class)
        {
            out.setArray(BuiltinType.BOOLEAN, ((boolean[])array).clone());
        }
        else if (component == Boolean.class)
        {
            final boolean[] values = new boolean[n];
            for (int i = 0; i < n; i++)
            {
                values[i] = ((Boolean[])array)[i];
            }
            out.setArray(BuiltinType.BOOLEAN, values);
        }
        else if (component == byte.class || component == Byte.class || component == UByte.class)
        {
            final byte[] values = new byte[n];
            for (int i = 0; i < n; i++)
            {
                values[i] = component == byte.class ? ((byte[])array)[i] :
                    component == Byte.class ? ((Byte[])array)[i] : ((UByte[])array)[i].byteValue();
            }
            out.setArray(component == UByte.class ? BuiltinType.BYTE : BuiltinType.SBYTE, values);
        }
        else if (component == short.class || component == Short.class || component == UShort.class)
        {
            final short[] values = new short[n];
            for (int i = 0; i < n; i++)
            {
                values[i] = component == short.class ? ((short[])array)[i] :
                    component == Short.class ? ((Short[])array)[i] : ((UShort[])array)[i].shortValue();
            }
            out.setArray(component == UShort.class ? BuiltinType.UINT16 : BuiltinType.INT16, values);
        }
        else if (component == int.class || component == Integer.class || component == UInteger.class ||
            component == StatusCode.class)
        {
            final int[] values = new int[n];
            for (int i = 0; i < n; i++)
            {
                values[i] = component == int.class ? ((int[])array)[i] :
                    component == Integer.class ? ((Integer[])array)[i] :
                    component == UInteger.class ? ((UInteger[])array)[i].intValue() :
                    (int)((StatusCode[])array)[i].getValue();
            }
            out.setArray(component == UInteger.class ? BuiltinType.UINT32 :
                component == StatusCode.class ? BuiltinType.STATUS_CODE : BuiltinType.INT32, values);
        }
        else if (component == long.class || component == Long.class || component == ULong.class ||
            component == DateTime.class)
        {
            final long[] values = new long[n];
            for (int i = 0; i < n; i++)
            {
                values[i] = component == long.class ? ((long[])array)[i] :
                    component == Long.class ? ((Long[])array)[i] :
                    component == ULong.class ? ((ULong[])array)[i].longValue() :
                    ((DateTime[])array)[i].getUtcTime();
            }
            out.setArray(component == ULong.class ? BuiltinType.UINT64 :
                component == DateTime.class ? BuiltinType.DATE_TIME : BuiltinType.INT64, values);
        }
        else if (component == float.class || component == Float.class)
        {
            final float[] values = new float[n];
            for (int i = 0; i < n; i++)
            {
                values[i] = component == float.class ? ((float[])array)[i] : ((Float[])array)[i];
            }
            out.setArray(BuiltinType.FLOAT, values);
        }
        else if (component == double.class || component == Double.class)
        {
            final double[] values = new double[n];
            for (int i = 0; i < n; i++)
            {
                values[i] = component == double.class ? ((double[])array)[i] : ((Double[])array)[i];
            }
            out.setArray(BuiltinType.DOUBLE, values);
        }
        else
        {
            return mapObjectArray(component, array, n, out);
        }
        return MAPPED;
    }

    private static int mapObjectArray(final Class<?> component, final Object array, final int n, final TagValue out)
    {
        if (component == String.class)
        {
            out.setArray(BuiltinType.STRING, ((String[])array).clone());
        }
        else if (component == XmlElement.class)
        {
            final String[] values = new String[n];
            for (int i = 0; i < n; i++)
            {
                final XmlElement e = ((XmlElement[])array)[i];
                values[i] = e == null ? null : e.getFragment();
            }
            out.setArray(BuiltinType.XML_ELEMENT, values);
        }
        else if (component == UUID.class)
        {
            final UUID[] values = ((UUID[])array).clone();
            for (final UUID value : values)
            {
                if (value == null)
                {
                    return UNSUPPORTED_TYPE;
                }
            }
            out.setArray(BuiltinType.GUID, values);
        }
        else if (component == ByteString.class)
        {
            final byte[][] values = new byte[n][];
            for (int i = 0; i < n; i++)
            {
                final ByteString b = ((ByteString[])array)[i];
                values[i] = b == null || b.isNull() ? null : b.bytes().clone();
            }
            out.setArray(BuiltinType.BYTE_STRING, values);
        }
        else if (component == QualifiedName.class)
        {
            final io.diodegw.wire.record.QualifiedName[] values = new io.diodegw.wire.record.QualifiedName[n];
            for (int i = 0; i < n; i++)
            {
                final QualifiedName q = ((QualifiedName[])array)[i];
                values[i] = q == null ? new io.diodegw.wire.record.QualifiedName(0, null) :
                    new io.diodegw.wire.record.QualifiedName(q.getNamespaceIndex().intValue(), q.getName());
            }
            out.setArray(BuiltinType.QUALIFIED_NAME, values);
        }
        else if (component == LocalizedText.class)
        {
            final io.diodegw.wire.record.LocalizedText[] values = new io.diodegw.wire.record.LocalizedText[n];
            for (int i = 0; i < n; i++)
            {
                final LocalizedText t = ((LocalizedText[])array)[i];
                values[i] = t == null ? new io.diodegw.wire.record.LocalizedText(null, null) :
                    new io.diodegw.wire.record.LocalizedText(t.getLocale(), t.getText());
            }
            out.setArray(BuiltinType.LOCALIZED_TEXT, values);
        }
        else
        {
            return UNSUPPORTED_TYPE;
        }
        return MAPPED;
    }
}
