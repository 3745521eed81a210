package io.diodegw.wire.record;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Writes the primitive encodings of the record stream into a {@code byte[]}: little-endian fixed-width integers,
 * LEB128 varints, zigzag, and the nullable string and byte-string encodings. Callers check room beforehand; these
 * methods only return the position after what they wrote. Stateless and thread-safe; allocation-free.
 */
final class WireBytes
{
    /** Longest varint of a 64-bit value. */
    static final int MAX_VARINT64_LENGTH = 10;
    /** Longest varint of a 32-bit value. */
    static final int MAX_VARINT32_LENGTH = 5;

    private static final VarHandle I16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private WireBytes()
    {
    }

    static void putU16(final byte[] buffer, final int offset, final int value)
    {
        I16.set(buffer, offset, (short)value);
    }

    static void putI32(final byte[] buffer, final int offset, final int value)
    {
        I32.set(buffer, offset, value);
    }

    static void putI64(final byte[] buffer, final int offset, final long value)
    {
        I64.set(buffer, offset, value);
    }

    static int getU16(final byte[] buffer, final int offset)
    {
        return (short)I16.get(buffer, offset) & 0xFFFF;
    }

    static int getI32(final byte[] buffer, final int offset)
    {
        return (int)I32.get(buffer, offset);
    }

    static long getI64(final byte[] buffer, final int offset)
    {
        return (long)I64.get(buffer, offset);
    }

    static long zigzag(final long value)
    {
        return (value << 1) ^ (value >> 63);
    }

    static long unzigzag(final long encoded)
    {
        return (encoded >>> 1) ^ -(encoded & 1);
    }

    /**
     * @param value any 64-bit pattern, read as unsigned.
     * @return bytes of its varint, 1..10.
     */
    static int varintLength(final long value)
    {
        return (64 - Long.numberOfLeadingZeros(value | 1) + 6) / 7;
    }

    static int putVarint(final byte[] buffer, final int position, final long value)
    {
        int p = position;
        long v = value;
        while ((v & ~0x7FL) != 0)
        {
            buffer[p++] = (byte)((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buffer[p++] = (byte)v;
        return p;
    }

    /**
     * @return UTF-8 length of the text; an unpaired surrogate counts as the one byte of {@code '?'}.
     */
    static int utf8Length(final String text)
    {
        final int n = text.length();
        int length = n;
        for (int i = 0; i < n; i++)
        {
            final char c = text.charAt(i);
            if (c >= 0x80)
            {
                if (c < 0x800)
                {
                    length += 1;
                }
                else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1)))
                {
                    length += 2;
                    i++;
                }
                else if (!Character.isSurrogate(c))
                {
                    length += 2;
                }
            }
        }
        return length;
    }

    /**
     * Writes UTF-8; an unpaired surrogate is written as {@code '?'}, as {@code String.getBytes(UTF_8)} does.
     */
    static int putUtf8(final byte[] buffer, final int position, final String text)
    {
        int p = position;
        final int n = text.length();
        for (int i = 0; i < n; i++)
        {
            final char c = text.charAt(i);
            if (c < 0x80)
            {
                buffer[p++] = (byte)c;
            }
            else if (c < 0x800)
            {
                buffer[p++] = (byte)(0xC0 | (c >>> 6));
                buffer[p++] = (byte)(0x80 | (c & 0x3F));
            }
            else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1)))
            {
                final int cp = Character.toCodePoint(c, text.charAt(++i));
                buffer[p++] = (byte)(0xF0 | (cp >>> 18));
                buffer[p++] = (byte)(0x80 | ((cp >>> 12) & 0x3F));
                buffer[p++] = (byte)(0x80 | ((cp >>> 6) & 0x3F));
                buffer[p++] = (byte)(0x80 | (cp & 0x3F));
            }
            else if (Character.isSurrogate(c))
            {
                buffer[p++] = '?';
            }
            else
            {
                buffer[p++] = (byte)(0xE0 | (c >>> 12));
                buffer[p++] = (byte)(0x80 | ((c >>> 6) & 0x3F));
                buffer[p++] = (byte)(0x80 | (c & 0x3F));
            }
        }
        return p;
    }

    /**
     * @return encoded length of a nullable string: varint (UTF-8 length + 1, 0 for null), then the UTF-8 bytes.
     */
    static int stringLength(final String text)
    {
        if (text == null)
        {
            return 1;
        }
        final int utf8 = utf8Length(text);
        return varintLength(utf8 + 1L) + utf8;
    }

    static int putString(final byte[] buffer, final int position, final String text)
    {
        if (text == null)
        {
            buffer[position] = 0;
            return position + 1;
        }
        final int p = putVarint(buffer, position, utf8Length(text) + 1L);
        return putUtf8(buffer, p, text);
    }

    /**
     * @return encoded length of a nullable byte string: varint (length + 1, 0 for null), then the bytes.
     */
    static int bytesLength(final byte[] bytes)
    {
        return bytes == null ? 1 : varintLength(bytes.length + 1L) + bytes.length;
    }

    static int putBytes(final byte[] buffer, final int position, final byte[] bytes)
    {
        if (bytes == null)
        {
            buffer[position] = 0;
            return position + 1;
        }
        final int p = putVarint(buffer, position, bytes.length + 1L);
        System.arraycopy(bytes, 0, buffer, p, bytes.length);
        return p + bytes.length;
    }

    /**
     * Strict RFC 3629 check: no overlong forms, no encoded surrogates, nothing above U+10FFFF, no truncation.
     */
    static boolean isValidUtf8(final byte[] buffer, final int offset, final int length)
    {
        int i = offset;
        final int end = offset + length;
        while (i < end)
        {
            final int c = buffer[i];
            if (c >= 0)
            {
                i++;
                continue;
            }
            final int lead = c & 0xFF;
            if (lead < 0xC2)
            {
                return false;
            }
            if (lead < 0xE0)
            {
                if (end - i < 2 || !isContinuation(buffer[i + 1]))
                {
                    return false;
                }
                i += 2;
            }
            else if (lead < 0xF0)
            {
                if (end - i < 3 || !isContinuation(buffer[i + 1]) || !isContinuation(buffer[i + 2]))
                {
                    return false;
                }
                final int second = buffer[i + 1] & 0xFF;
                if ((lead == 0xE0 && second < 0xA0) || (lead == 0xED && second >= 0xA0))
                {
                    return false;
                }
                i += 3;
            }
            else if (lead < 0xF5)
            {
                if (end - i < 4 || !isContinuation(buffer[i + 1]) || !isContinuation(buffer[i + 2]) ||
                    !isContinuation(buffer[i + 3]))
                {
                    return false;
                }
                final int second = buffer[i + 1] & 0xFF;
                if ((lead == 0xF0 && second < 0x90) || (lead == 0xF4 && second >= 0x90))
                {
                    return false;
                }
                i += 4;
            }
            else
            {
                return false;
            }
        }
        return true;
    }

    private static boolean isContinuation(final byte b)
    {
        return (b & 0xC0) == 0x80;
    }
}
