package io.diodegw.receiver.http;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Base64;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonGenerator;

import io.diodegw.receiver.table.OpcUaTime;
import io.diodegw.receiver.table.ServedStatus;
import io.diodegw.receiver.table.TagInfo;
import io.diodegw.receiver.table.TagSnapshot;
import io.diodegw.wire.record.BuiltinType;
import io.diodegw.wire.record.LocalizedText;
import io.diodegw.wire.record.QualifiedName;
import io.diodegw.wire.record.StatusCodes;
import io.diodegw.wire.record.TagValue;

/**
 * Writes a tag as JSON, the same shape in the listing and for one tag:
 * <pre>
 * {"id":17,"sourceId":1,"nodeId":"ns=2;s=Line1.Temp","browsePath":"Line1/Temp","dataType":"Double",
 *  "valueRank":-1,"arrayDimensions":[],"engineeringUnits":"degC","description":null,
 *  "valueType":"Double","isArray":false,"value":21.5,"statusCode":0,"status":"Good",
 *  "valueStatusCode":0,"valueStatus":"Good","sourceState":"CONNECTED","stale":"none","staleForMs":null,
 *  "sourceTimestamp":"2026-11-23T12:00:00.1234567Z","serverTimestamp":null,
 *  "appliedAt":"2026-11-23T12:00:00.130Z","ageMs":12,"origin":"TAG_VALUE_BATCH","streamSequence":4711}
 * </pre>
 * {@code statusCode} and {@code status} are what IT consumers should trust: the served status after staleness
 * ({@link ServedStatus}; {@code Bad_WaitingForInitialData} without a value, {@code Uncertain_LastUsableValue} or
 * {@code Bad_NoCommunication} while the source or the link is stopped); {@code valueStatusCode} and
 * {@code valueStatus} are the StatusCode the value arrived with (null without a value). {@code sourceState} is the
 * last state reported for the tag's source (null when unknown), {@code stale} is {@code none}, {@code uncertain} or
 * {@code bad}, {@code staleForMs} how long the stale condition has held (null while none does).
 * Values by OPC UA type: Boolean as true/false; integers as numbers (UInt64 unsigned); Float and Double as numbers,
 * NaN and infinities as the strings "NaN", "Infinity", "-Infinity"; String and XmlElement as strings; DateTime as
 * ISO-8601 text; Guid as its canonical text; ByteString as base64; StatusCode as {"code":n,"name":"..."};
 * QualifiedName as {"namespaceIndex":n,"name":"..."}; LocalizedText as {"locale":"..","text":".."}; arrays as JSON
 * arrays of the same; OPC UA nulls as null. Timestamps carry the full precision (100 ns, and picoseconds when set).
 * Stateless and thread-safe.
 */
final class TagJson
{
    private TagJson()
    {
    }

    static void write(final JsonGenerator json, final TagSnapshot tag, final ServedStatus served, final long nowMs)
        throws IOException
    {
        json.writeStartObject();
        json.writeNumberField("id", Integer.toUnsignedLong(tag.tagId()));
        final TagInfo info = tag.info();
        if (info != null)
        {
            json.writeNumberField("sourceId", Integer.toUnsignedLong(info.sourceId()));
            json.writeStringField("nodeId", info.nodeId());
            json.writeStringField("browsePath", info.browsePath());
            json.writeStringField("dataType", BuiltinType.name(info.dataType()));
            json.writeNumberField("valueRank", info.valueRank());
            json.writeArrayFieldStart("arrayDimensions");
            for (final int dimension : info.arrayDimensions())
            {
                json.writeNumber(Integer.toUnsignedLong(dimension));
            }
            json.writeEndArray();
            json.writeStringField("engineeringUnits", info.engineeringUnits());
            json.writeStringField("description", info.description());
        }
        else
        {
            json.writeNullField("sourceId");
            json.writeNullField("nodeId");
            json.writeNullField("browsePath");
            json.writeNullField("dataType");
        }
        final TagValue value = tag.value();
        if (value != null)
        {
            json.writeStringField("valueType", BuiltinType.name(value.builtinType()));
            json.writeBooleanField("isArray", value.isArray());
            json.writeFieldName("value");
            writeValue(json, value);
        }
        else
        {
            json.writeNullField("valueType");
            json.writeBooleanField("isArray", false);
            json.writeNullField("value");
        }
        json.writeNumberField("statusCode", Integer.toUnsignedLong(served.statusCode()));
        json.writeStringField("status", StatusCodes.name(served.statusCode()));
        if (value != null)
        {
            json.writeNumberField("valueStatusCode", Integer.toUnsignedLong(value.statusCode()));
            json.writeStringField("valueStatus", StatusCodes.name(value.statusCode()));
        }
        else
        {
            json.writeNullField("valueStatusCode");
            json.writeNullField("valueStatus");
        }
        json.writeStringField("sourceState", served.sourceState() == null ? null : served.sourceState().name());
        json.writeStringField("stale", served.staleness().label());
        if (served.staleSinceMs() >= 0)
        {
            json.writeNumberField("staleForMs", nowMs - served.staleSinceMs());
        }
        else
        {
            json.writeNullField("staleForMs");
        }
        timestamp(json, "sourceTimestamp", value != null && value.hasSourceTime(),
            value == null ? 0 : value.sourceTimeTicks(), value == null ? 0 : value.sourcePicoseconds());
        timestamp(json, "serverTimestamp", value != null && value.hasServerTime(),
            value == null ? 0 : value.serverTimeTicks(), value == null ? 0 : value.serverPicoseconds());
        if (value != null)
        {
            json.writeStringField("appliedAt", OpcUaTime.unixMsToIso(tag.appliedMs()));
            json.writeNumberField("ageMs", tag.ageMs(nowMs));
            json.writeStringField("origin", tag.origin().name());
            json.writeNumberField("streamSequence", tag.streamSequence());
        }
        else
        {
            json.writeNullField("appliedAt");
            json.writeNullField("ageMs");
            json.writeNullField("origin");
            json.writeNullField("streamSequence");
        }
        json.writeEndObject();
    }

    private static void timestamp(
        final JsonGenerator json, final String name, final boolean present, final long ticks, final int picoseconds)
        throws IOException
    {
        if (present)
        {
            json.writeStringField(name, OpcUaTime.toIso(ticks, picoseconds));
        }
        else
        {
            json.writeNullField(name);
        }
    }

    static void writeValue(final JsonGenerator json, final TagValue value) throws IOException
    {
        final int type = value.builtinType();
        if (value.isArray())
        {
            writeArray(json, type, value.objectValue());
            return;
        }
        switch (type)
        {
            case BuiltinType.BOOLEAN:
                json.writeBoolean(value.booleanValue());
                break;
            case BuiltinType.SBYTE:
            case BuiltinType.BYTE:
            case BuiltinType.INT16:
            case BuiltinType.UINT16:
            case BuiltinType.INT32:
            case BuiltinType.UINT32:
            case BuiltinType.INT64:
                json.writeNumber(value.longValue());
                break;
            case BuiltinType.UINT64:
                unsigned64(json, value.longValue());
                break;
            case BuiltinType.FLOAT:
                floating(json, value.floatValue());
                break;
            case BuiltinType.DOUBLE:
                floating(json, value.doubleValue());
                break;
            case BuiltinType.DATE_TIME:
                json.writeString(OpcUaTime.toIso(value.longValue(), 0));
                break;
            case BuiltinType.GUID:
                json.writeString(value.guidValue().toString());
                break;
            case BuiltinType.STATUS_CODE:
                statusCode(json, (int)value.longValue());
                break;
            default:
                writeObject(json, type, value.objectValue());
                break;
        }
    }

    private static void writeObject(final JsonGenerator json, final int type, final Object object) throws IOException
    {
        if (object == null)
        {
            json.writeNull();
        }
        else if (object instanceof String)
        {
            json.writeString((String)object);
        }
        else if (object instanceof byte[])
        {
            json.writeString(Base64.getEncoder().encodeToString((byte[])object));
        }
        else if (object instanceof QualifiedName)
        {
            final QualifiedName name = (QualifiedName)object;
            json.writeStartObject();
            json.writeNumberField("namespaceIndex", name.namespaceIndex());
            json.writeStringField("name", name.name());
            json.writeEndObject();
        }
        else if (object instanceof LocalizedText)
        {
            final LocalizedText text = (LocalizedText)object;
            json.writeStartObject();
            json.writeStringField("locale", text.locale());
            json.writeStringField("text", text.text());
            json.writeEndObject();
        }
        else if (object instanceof UUID)
        {
            json.writeString(object.toString());
        }
        else
        {
            json.writeString(String.valueOf(object));
        }
    }

    private static void writeArray(final JsonGenerator json, final int type, final Object array) throws IOException
    {
        if (array == null)
        {
            json.writeNull();
            return;
        }
        json.writeStartArray();
        if (array instanceof boolean[])
        {
            for (final boolean element : (boolean[])array)
            {
                json.writeBoolean(element);
            }
        }
        else if (array instanceof byte[])
        {
            for (final byte element : (byte[])array)
            {
                json.writeNumber(type == BuiltinType.BYTE ? element & 0xFF : element);
            }
        }
        else if (array instanceof short[])
        {
            for (final short element : (short[])array)
            {
                json.writeNumber(type == BuiltinType.UINT16 ? element & 0xFFFF : element);
            }
        }
        else if (array instanceof int[])
        {
            for (final int element : (int[])array)
            {
                if (type == BuiltinType.STATUS_CODE)
                {
                    statusCode(json, element);
                }
                else
                {
                    json.writeNumber(type == BuiltinType.UINT32 ? Integer.toUnsignedLong(element) : element);
                }
            }
        }
        else if (array instanceof long[])
        {
            for (final long element : (long[])array)
            {
                if (type == BuiltinType.UINT64)
                {
                    unsigned64(json, element);
                }
                else if (type == BuiltinType.DATE_TIME)
                {
                    json.writeString(OpcUaTime.toIso(element, 0));
                }
                else
                {
                    json.writeNumber(element);
                }
            }
        }
        else if (array instanceof float[])
        {
            for (final float element : (float[])array)
            {
                floating(json, element);
            }
        }
        else if (array instanceof double[])
        {
            for (final double element : (double[])array)
            {
                floating(json, element);
            }
        }
        else if (array instanceof Object[])
        {
            for (final Object element : (Object[])array)
            {
                writeObject(json, type, element);
            }
        }
        json.writeEndArray();
    }

    private static void statusCode(final JsonGenerator json, final int code) throws IOException
    {
        json.writeStartObject();
        json.writeNumberField("code", Integer.toUnsignedLong(code));
        json.writeStringField("name", StatusCodes.name(code));
        json.writeEndObject();
    }

    private static void unsigned64(final JsonGenerator json, final long bits) throws IOException
    {
        if (bits >= 0)
        {
            json.writeNumber(bits);
        }
        else
        {
            json.writeNumber(new BigInteger(Long.toUnsignedString(bits)));
        }
    }

    private static void floating(final JsonGenerator json, final double value) throws IOException
    {
        if (Double.isNaN(value) || Double.isInfinite(value))
        {
            json.writeString(Double.toString(value));
        }
        else
        {
            json.writeNumber(value);
        }
    }

    private static void floating(final JsonGenerator json, final float value) throws IOException
    {
        if (Float.isNaN(value) || Float.isInfinite(value))
        {
            json.writeString(Float.toString(value));
        }
        else
        {
            json.writeNumber(value);
        }
    }
}
