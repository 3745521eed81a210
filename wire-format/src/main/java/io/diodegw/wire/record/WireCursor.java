package io.diodegw.wire.record;

import java.nio.charset.StandardCharsets;

/**
 * Bounds-checked reading of the record stream's primitive encodings from a region of a {@code byte[]}. The first
 * read that would pass the limit or finds an invalid encoding sets a sticky failure flag and every later read returns
 * 0 or null: decoders read all fields and then check {@link #failed()} once. Never throws on any input.
 * Not thread-safe; one owner.
 */
final class WireCursor
{
    private static final int MAX_VARINT_SHIFT = 63;

    private byte[] buffer;
    private int position;
    private int limit;
    private boolean failed;

    WireCursor wrap(final byte[] buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.position = offset;
        this.limit = offset + length;
        this.failed = false;
        return this;
    }

    boolean failed()
    {
        return failed;
    }

    int position()
    {
        return position;
    }

    int limit()
    {
        return limit;
    }

    int remaining()
    {
        return limit - position;
    }

    byte[] buffer()
    {
        return buffer;
    }

    /**
     * Marks the input malformed and moves to the limit.
     *
     * @return false, so callers can {@code return cursor.fail();}.
     */
    boolean fail()
    {
        failed = true;
        position = limit;
        return false;
    }

    /**
     * @return true if {@code count} more bytes are present; otherwise fails the cursor.
     */
    boolean require(final long count)
    {
        if (count >= 0 && count <= limit - position)
        {
            return true;
        }
        return fail();
    }

    void skip(final int count)
    {
        if (require(count))
        {
            position += count;
        }
    }

    int u8()
    {
        if (position >= limit)
        {
            fail();
            return 0;
        }
        return buffer[position++] & 0xFF;
    }

    int u16()
    {
        if (!require(2))
        {
            return 0;
        }
        final int value = WireBytes.getU16(buffer, position);
        position += 2;
        return value;
    }

    int i32()
    {
        if (!require(4))
        {
            return 0;
        }
        final int value = WireBytes.getI32(buffer, position);
        position += 4;
        return value;
    }

    long i64()
    {
        if (!require(8))
        {
            return 0;
        }
        final long value = WireBytes.getI64(buffer, position);
        position += 8;
        return value;
    }

    /**
     * Reads a LEB128 varint of at most 10 bytes in its shortest form; a longer, overflowing or non-minimal encoding
     * fails the cursor.
     *
     * @return the 64-bit pattern (unsigned).
     */
    long varint()
    {
        if (position < limit && buffer[position] >= 0)
        {
            return buffer[position++];
        }
        long result = 0;
        for (int shift = 0; position < limit; shift += 7)
        {
            final int b = buffer[position++];
            if (shift == MAX_VARINT_SHIFT && (b & 0xFF) > 1)
            {
                break;
            }
            result |= (long)(b & 0x7F) << shift;
            if (b >= 0)
            {
                if (b == 0 && shift > 0)
                {
                    break;
                }
                return result;
            }
        }
        fail();
        return 0;
    }

    /**
     * @return a varint no greater than {@code maxInclusive} (non-negative), or 0 after failing the cursor.
     */
    long varint(final long maxInclusive)
    {
        final long value = varint();
        if (value < 0 || value > maxInclusive)
        {
            fail();
            return 0;
        }
        return value;
    }

    /**
     * Reads the length prefix of a nullable string or byte string and checks that the bytes are present.
     *
     * @return the byte length, -1 for null (also after failing the cursor).
     */
    int nullableLength()
    {
        final long prefix = varint(Integer.MAX_VALUE);
        if (prefix == 0 || !require(prefix - 1))
        {
            return -1;
        }
        return (int)(prefix - 1);
    }

    /**
     * @param materialize false to validate and skip without allocating.
     * @return the string, null for a null string, when failing or when not materializing.
     */
    String string(final boolean materialize)
    {
        final int length = nullableLength();
        if (length < 0)
        {
            return null;
        }
        if (!WireBytes.isValidUtf8(buffer, position, length))
        {
            fail();
            return null;
        }
        final String value = materialize ? new String(buffer, position, length, StandardCharsets.UTF_8) : null;
        position += length;
        return value;
    }

    /**
     * @param materialize false to skip without allocating.
     * @return a copy of the bytes, null for a null byte string, when failing or when not materializing.
     */
    byte[] bytes(final boolean materialize)
    {
        final int length = nullableLength();
        if (length < 0)
        {
            return null;
        }
        byte[] value = null;
        if (materialize)
        {
            value = new byte[length];
            System.arraycopy(buffer, position, value, 0, length);
        }
        position += length;
        return value;
    }
}
