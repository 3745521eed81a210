package io.diodegw.sender.opcua;

import io.diodegw.wire.record.BuiltinType;
import io.diodegw.wire.record.TagValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.XmlElement;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UByte;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.ULong;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValueMapperTest
{
    private static final long SOURCE_TICKS = 133_000_000_000_000_000L;
    private static final long SERVER_TICKS = SOURCE_TICKS + 12_345;

    private static TagValue map(final Variant variant)
    {
        final DataValue value = new DataValue(variant, new StatusCode(0x40920000L), new DateTime(SOURCE_TICKS),
            UShort.valueOf(9999), new DateTime(SERVER_TICKS), UShort.valueOf(7));
        final TagValue out = new TagValue();
        assertEquals(ValueMapper.MAPPED, ValueMapper.map(77, value, out));
        return out;
    }

    @Test
    void shouldCarryStatusTimestampsAndPicoseconds()
    {
        final TagValue v = map(Variant.ofInt32(5));

        assertEquals(77, v.tagId());
        assertEquals(0x40920000, v.statusCode());
        assertTrue(v.hasSourceTime());
        assertEquals(SOURCE_TICKS, v.sourceTimeTicks());
        assertEquals(9999, v.sourcePicoseconds());
        assertEquals(SERVER_TICKS, v.serverTimeTicks());
        assertEquals(7, v.serverPicoseconds());
    }

    @Test
    void shouldKeepStatusCodeBitsAbove31AndTreatMissingOrNullTimestampsAsAbsent()
    {
        final DataValue value = new DataValue(Variant.ofDouble(1.0), new StatusCode(0x80310000L), null, null,
            new DateTime(0L), null);
        final TagValue out = new TagValue();

        ValueMapper.map(1, value, out);

        assertEquals(0x80310000, out.statusCode());
        assertFalse(out.hasSourceTime());
        assertFalse(out.hasServerTime());
    }

    @Test
    void shouldMapEveryNumericScalarBitExactly()
    {
        assertEquals(1L, map(Variant.ofBoolean(true)).rawBits());
        assertEquals(BuiltinType.BOOLEAN, map(Variant.ofBoolean(true)).builtinType());
        assertEquals(-5L, map(Variant.ofSByte((byte)-5)).longValue());
        assertEquals(BuiltinType.SBYTE, map(Variant.ofSByte((byte)-5)).builtinType());
        assertEquals(255L, map(Variant.ofByte(UByte.valueOf(255))).longValue());
        assertEquals(BuiltinType.BYTE, map(Variant.ofByte(UByte.valueOf(255))).builtinType());
        assertEquals(-300L, map(Variant.ofInt16((short)-300)).longValue());
        assertEquals(65535L, map(Variant.ofUInt16(UShort.valueOf(65535))).longValue());
        assertEquals(BuiltinType.UINT16, map(Variant.ofUInt16(UShort.valueOf(65535))).builtinType());
        assertEquals(Integer.MIN_VALUE, map(Variant.ofInt32(Integer.MIN_VALUE)).longValue());
        assertEquals(0xFFFF_FFFFL, map(Variant.ofUInt32(UInteger.valueOf(0xFFFF_FFFFL))).longValue());
        assertEquals(BuiltinType.UINT32, map(Variant.ofUInt32(UInteger.MAX)).builtinType());
        assertEquals(Long.MIN_VALUE, map(Variant.ofInt64(Long.MIN_VALUE)).longValue());
        assertEquals(BuiltinType.INT64, map(Variant.ofInt64(1L)).builtinType());
        assertEquals(-1L, map(Variant.ofUInt64(ULong.MAX)).rawBits());
        assertEquals(BuiltinType.UINT64, map(Variant.ofUInt64(ULong.MAX)).builtinType());
        assertEquals(Float.floatToRawIntBits(-0.0f), (int)map(Variant.ofFloat(-0.0f)).rawBits());
        assertEquals(BuiltinType.FLOAT, map(Variant.ofFloat(1f)).builtinType());
        assertEquals(Double.doubleToRawLongBits(Math.PI), map(Variant.ofDouble(Math.PI)).rawBits());
        assertEquals(BuiltinType.DOUBLE, map(Variant.ofDouble(1.0)).builtinType());
    }

    @Test
    void shouldMapTextTimeGuidBytesAndStatusScalars()
    {
        assertEquals("abc", map(Variant.ofString("abc")).objectValue());
        assertEquals(BuiltinType.STRING, map(Variant.ofString("abc")).builtinType());
        final TagValue time = map(Variant.ofDateTime(new DateTime(SOURCE_TICKS - 1)));
        assertEquals(BuiltinType.DATE_TIME, time.builtinType());
        assertEquals(SOURCE_TICKS - 1, time.rawBits());
        final UUID guid = new UUID(0x0123456789ABCDEFL, 0xFEDCBA9876543210L);
        assertEquals(guid, map(Variant.ofGuid(guid)).guidValue());
        assertArrayEquals(new byte[] {1, 2, 3},
            (byte[])map(Variant.ofByteString(ByteString.of(new byte[] {1, 2, 3}))).objectValue());
        final TagValue status = map(Variant.ofStatusCode(new StatusCode(0x80AB0000L)));
        assertEquals(BuiltinType.STATUS_CODE, status.builtinType());
        assertEquals(0x80AB0000L, status.rawBits());
        final TagValue text = map(Variant.ofLocalizedText(new LocalizedText("de", "Temperatur")));
        assertEquals(new io.diodegw.wire.record.LocalizedText("de", "Temperatur"), text.objectValue());
        final TagValue name = map(Variant.ofQualifiedName(new QualifiedName(3, "n")));
        assertEquals(new io.diodegw.wire.record.QualifiedName(3, "n"), name.objectValue());
        assertEquals("<a/>", map(Variant.ofXmlElement(new XmlElement("<a/>"))).objectValue());
    }

    @Test
    void shouldMapEmptyVariantToNull()
    {
        final TagValue v = map(Variant.ofNull());

        assertEquals(BuiltinType.NULL, v.builtinType());
        assertFalse(v.isArray());
    }

    @Test
    void shouldMapPrimitiveAndBoxedArraysToTheSameJavaArrays()
    {
        final TagValue ints = map(Variant.ofInt32Array(new int[] {1, -2, 3}));
        assertTrue(ints.isArray());
        assertEquals(BuiltinType.INT32, ints.builtinType());
        assertArrayEquals(new int[] {1, -2, 3}, (int[])ints.objectValue());
        assertArrayEquals(new int[] {1, -2, 3}, (int[])map(Variant.ofInt32Array(new Integer[] {1, -2, 3})).objectValue());

        final TagValue doubles = map(Variant.ofDoubleArray(new Double[] {1.5, Double.NaN}));
        assertArrayEquals(new double[] {1.5, Double.NaN}, (double[])doubles.objectValue());
        assertArrayEquals(new boolean[] {true, false},
            (boolean[])map(Variant.ofBooleanArray(new Boolean[] {true, false})).objectValue());
        assertArrayEquals(new float[] {0.25f}, (float[])map(Variant.ofFloatArray(new float[] {0.25f})).objectValue());
        assertArrayEquals(new long[] {Long.MAX_VALUE}, (long[])map(Variant.ofInt64Array(new long[] {Long.MAX_VALUE}))
            .objectValue());
        assertArrayEquals(new short[] {-1}, (short[])map(Variant.ofInt16Array(new short[] {-1})).objectValue());
        assertArrayEquals(new byte[] {-1}, (byte[])map(Variant.ofSByteArray(new byte[] {-1})).objectValue());
    }

    @Test
    void shouldMapUnsignedTimeStatusAndTextArraysKeepingRawBits()
    {
        final TagValue bytes = map(Variant.ofByteArray(new UByte[] {UByte.valueOf(200)}));
        assertEquals(BuiltinType.BYTE, bytes.builtinType());
        assertArrayEquals(new byte[] {(byte)200}, (byte[])bytes.objectValue());
        final TagValue u16 = map(Variant.ofUInt16Array(new UShort[] {UShort.valueOf(65535)}));
        assertEquals(BuiltinType.UINT16, u16.builtinType());
        assertArrayEquals(new short[] {-1}, (short[])u16.objectValue());
        final TagValue u32 = map(Variant.ofUInt32Array(new UInteger[] {UInteger.MAX}));
        assertEquals(BuiltinType.UINT32, u32.builtinType());
        assertArrayEquals(new int[] {-1}, (int[])u32.objectValue());
        final TagValue u64 = map(Variant.ofUInt64Array(new ULong[] {ULong.MAX}));
        assertEquals(BuiltinType.UINT64, u64.builtinType());
        assertArrayEquals(new long[] {-1L}, (long[])u64.objectValue());
        final TagValue times = map(Variant.ofDateTimeArray(new DateTime[] {new DateTime(5L)}));
        assertEquals(BuiltinType.DATE_TIME, times.builtinType());
        assertArrayEquals(new long[] {5L}, (long[])times.objectValue());
        final TagValue statuses = map(Variant.ofStatusCodeArray(new StatusCode[] {new StatusCode(0x80000000L)}));
        assertEquals(BuiltinType.STATUS_CODE, statuses.builtinType());
        assertArrayEquals(new int[] {0x80000000}, (int[])statuses.objectValue());
        assertArrayEquals(new String[] {"a", null}, (String[])map(Variant.ofStringArray(new String[] {"a", null}))
            .objectValue());
        final byte[][] byteStrings = (byte[][])map(Variant.ofByteStringArray(new ByteString[] {
            ByteString.of(new byte[] {9}), ByteString.NULL_VALUE})).objectValue();
        assertArrayEquals(new byte[] {9}, byteStrings[0]);
        assertEquals(null, byteStrings[1]);
        final UUID guid = new UUID(1, 2);
        assertArrayEquals(new UUID[] {guid}, (UUID[])map(Variant.ofGuidArray(new UUID[] {guid})).objectValue());
        assertArrayEquals(new io.diodegw.wire.record.LocalizedText[] {new io.diodegw.wire.record.LocalizedText("en",
            "x")}, (Object[])map(Variant.ofLocalizedTextArray(new LocalizedText[] {new LocalizedText("en", "x")}))
            .objectValue());
    }

    @Test
    void shouldReportTypesATagValueCannotCarry()
    {
        final TagValue out = new TagValue();

        assertEquals(ValueMapper.UNSUPPORTED_TYPE,
            ValueMapper.map(1, new DataValue(Variant.ofNodeId(new NodeId(1, 2))), out));
        assertEquals(ValueMapper.UNSUPPORTED_TYPE,
            ValueMapper.map(1, new DataValue(Variant.ofNodeIdArray(new NodeId[] {new NodeId(1, 2)})), out));
    }

    @Test
    void shouldTakeOutOfRangePicosecondsAsZero()
    {
        final DataValue value = new DataValue(Variant.ofInt32(1), StatusCode.GOOD, new DateTime(SOURCE_TICKS),
            UShort.valueOf(10_000), new DateTime(SERVER_TICKS), UShort.valueOf(65535));
        final TagValue out = new TagValue();

        ValueMapper.map(1, value, out);

        assertEquals(0, out.sourcePicoseconds());
        assertEquals(0, out.serverPicoseconds());
        assertEquals(SOURCE_TICKS, out.sourceTimeTicks());
    }
}
