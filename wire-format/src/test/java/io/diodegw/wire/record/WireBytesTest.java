package io.diodegw.wire.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class WireBytesTest
{
    @Test
    void shouldRoundTripVarintsOfEveryBitLengthInTheirShortestForm()
    {
        final byte[] buffer = new byte[WireBytes.MAX_VARINT64_LENGTH];
        final WireCursor cursor = new WireCursor();
        final SplittableRandom random = new SplittableRandom(5);
        for (int bits = 0; bits <= 64; bits++)
        {
            for (int i = 0; i < 50; i++)
            {
                final long value = bits == 0 ? 0 : (random.nextLong() >>> (64 - bits)) | (1L << (bits - 1));
                final int end = WireBytes.putVarint(buffer, 0, value);
                assertEquals(Math.max(1, (bits + 6) / 7), end, "bits " + bits);
                assertEquals(end, WireBytes.varintLength(value));
                cursor.wrap(buffer, 0, end);
                assertEquals(value, cursor.varint());
                assertFalse(cursor.failed());
                assertEquals(end, cursor.position());
            }
        }
    }

    @Test
    void shouldRejectOverlongOverflowingAndTruncatedVarints()
    {
        assertVarintRejected(0x80, 0x00);
        assertVarintRejected(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02);
        assertVarintRejected(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x81, 0x00);
        assertVarintRejected(0x80);
        assertVarintRejected();
    }

    @Test
    void shouldZigzagSmallMagnitudesToSmallCodes()
    {
        assertEquals(0, WireBytes.zigzag(0));
        assertEquals(1, WireBytes.zigzag(-1));
        assertEquals(2, WireBytes.zigzag(1));
        assertEquals(-1L, WireBytes.zigzag(Long.MIN_VALUE));
        for (final long v : RecordTestData.LONG_BOUNDARIES)
        {
            assertEquals(v, WireBytes.unzigzag(WireBytes.zigzag(v)));
        }
    }

    @Test
    void shouldEncodeUtf8LikeTheJdkForValidStringsAndQuestionMarkForUnpairedSurrogates()
    {
        final SplittableRandom random = new SplittableRandom(9);
        final byte[] buffer = new byte[4096];
        for (int i = 0; i < 2000; i++)
        {
            final String s = RecordTestData.randomString(random);
            if (s == null)
            {
                continue;
            }
            final byte[] expected = s.getBytes(StandardCharsets.UTF_8);
            assertEquals(expected.length, WireBytes.utf8Length(s));
            final int end = WireBytes.putUtf8(buffer, 0, s);
            assertArrayEquals(expected, java.util.Arrays.copyOf(buffer, end));
            assertTrue(WireBytes.isValidUtf8(buffer, 0, end));
        }
        final String unpaired = "a\uD800b\uDC00";
        assertEquals(4, WireBytes.utf8Length(unpaired));
        assertEquals(4, WireBytes.putUtf8(buffer, 0, unpaired));
        assertEquals("a?b?", new String(buffer, 0, 4, StandardCharsets.UTF_8));
    }

    @Test
    void shouldRejectInvalidUtf8()
    {
        assertInvalidUtf8(0x80);
        assertInvalidUtf8(0xC0, 0x80);
        assertInvalidUtf8(0xC1, 0xBF);
        assertInvalidUtf8(0xE0, 0x80, 0x80);
        assertInvalidUtf8(0xED, 0xA0, 0x80);
        assertInvalidUtf8(0xF0, 0x80, 0x80, 0x80);
        assertInvalidUtf8(0xF4, 0x90, 0x80, 0x80);
        assertInvalidUtf8(0xF5, 0x80, 0x80, 0x80);
        assertInvalidUtf8(0xE2, 0x82);
        assertInvalidUtf8(0xC3, 0x28);
        assertTrue(WireBytes.isValidUtf8(bytes(0xF4, 0x8F, 0xBF, 0xBF), 0, 4));
        assertTrue(WireBytes.isValidUtf8(bytes(0xEF, 0xBF, 0xBF), 0, 3));
    }

    @Test
    void shouldReadNullAndEmptyStringsDistinctly()
    {
        final byte[] buffer = new byte[8];
        final WireCursor cursor = new WireCursor();
        int end = WireBytes.putString(buffer, 0, null);
        end = WireBytes.putString(buffer, end, "");
        assertEquals(2, end);

        cursor.wrap(buffer, 0, end);
        assertNull(cursor.string(true));
        assertEquals("", cursor.string(true));
        assertFalse(cursor.failed());
    }

    private static void assertVarintRejected(final int... encoded)
    {
        final WireCursor cursor = new WireCursor().wrap(bytes(encoded), 0, encoded.length);
        assertEquals(0, cursor.varint());
        assertTrue(cursor.failed());
    }

    private static void assertInvalidUtf8(final int... encoded)
    {
        assertFalse(WireBytes.isValidUtf8(bytes(encoded), 0, encoded.length));
    }

    private static byte[] bytes(final int... values)
    {
        final byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++)
        {
            b[i] = (byte)values[i];
        }
        return b;
    }
}
