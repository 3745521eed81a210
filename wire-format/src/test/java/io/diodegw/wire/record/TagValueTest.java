package io.diodegw.wire.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;

import org.junit.jupiter.api.Test;

class TagValueTest
{
    @Test
    void shouldRejectValuesTheWireCannotCarry()
    {
        final TagValue v = new TagValue();

        assertThrows(IllegalArgumentException.class, () -> v.setSourceTime(0, TagValue.MAX_PICOSECONDS + 1));
        assertThrows(IllegalArgumentException.class, () -> v.setServerTime(0, -1));
        assertThrows(IllegalArgumentException.class, () -> v.setByte(256));
        assertThrows(IllegalArgumentException.class, () -> v.setUInt16(-1));
        assertThrows(IllegalArgumentException.class, () -> v.setUInt32(1L << 32));
        assertThrows(IllegalArgumentException.class, () -> v.setArray(BuiltinType.NULL, null));
        assertThrows(IllegalArgumentException.class, () -> v.setArray(BuiltinType.NODE_ID, null));
        assertThrows(IllegalArgumentException.class, () -> v.setArray(BuiltinType.DOUBLE, new float[1]));
        assertThrows(IllegalArgumentException.class, () -> v.setArray(BuiltinType.GUID, new UUID[1]));
        assertThrows(IllegalArgumentException.class, () -> v.setQualifiedName(null));
        assertThrows(IllegalArgumentException.class, () -> new QualifiedName(65_536, "x"));
    }

    @Test
    void shouldHoldUnsignedAndFloatingValuesAsDocumentedBits()
    {
        assertEquals(0xFFFF_FFFFL, new TagValue().setUInt32Bits(-1).rawBits());
        assertEquals(-1L, new TagValue().setInt32(-1).rawBits());
        assertEquals(0xFFFFL, new TagValue().setUInt16(0xFFFF).rawBits());
        assertEquals(-32_768L, new TagValue().setInt16(Short.MIN_VALUE).rawBits());
        assertEquals(0xFFL, new TagValue().setByteBits((byte)-1).rawBits());
        assertEquals(0x7FC0_1234L, new TagValue().setFloatBits(0x7FC0_1234).rawBits());
        assertEquals(1.25, new TagValue().setDouble(1.25).doubleValue());
        final UUID guid = UUID.randomUUID();
        assertEquals(guid, new TagValue().setGuid(guid).guidValue());
    }

    @Test
    void shouldDeepCopySoThatChangingTheOriginalArrayLeavesTheCopyAlone()
    {
        final byte[][] strings = {{1, 2}, null};
        final TagValue original = new TagValue().setTagId(3).setArray(BuiltinType.BYTE_STRING, strings)
            .setSourceTime(10, 5).setStatusCode(0x4000_0000);
        final TagValue copy = original.copy();

        assertEquals(original, copy);
        assertEquals(original.hashCode(), copy.hashCode());
        assertNotSame(original.objectValue(), copy.objectValue());
        strings[0][0] = 9;
        assertNotEquals(original, copy);
    }

    @Test
    void shouldResetEverythingOnClear()
    {
        final TagValue v = new TagValue().setTagId(5).setString("x").setStatusCode(1).setSourceTime(1, 2)
            .setServerTime(3, 4);

        v.clear();

        assertEquals(new TagValue(), v);
        assertEquals(BuiltinType.NULL, v.builtinType());
        assertTrue(v.toString().startsWith("TagValue{tagId=0, type=Null"));
    }
}
