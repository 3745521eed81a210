package io.diodegw.sender.pkcs11;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/**
 * Native memory for the PKCS#11 structures this package passes, laid out in natural alignment (the Unix ABI):
 * <pre>
 * CK_ATTRIBUTE           { CK_ULONG type; void *pValue; CK_ULONG ulValueLen; }          24 bytes on LP64
 * CK_MECHANISM           { CK_ULONG mechanism; void *pParameter; CK_ULONG ulParameterLen; } 24 bytes on LP64
 * CK_C_INITIALIZE_ARGS   { 4 function pointers; CK_FLAGS flags; void *pReserved; }      48 bytes on LP64
 * CK_TOKEN_INFO          { char label[32]; char manufacturerID[32]; char model[16]; char serialNumber[16];
 *                          CK_FLAGS flags; 10 x CK_ULONG; CK_VERSION hardware, firmware; char utcTime[16]; }
 * </pre>
 * CK_ULONG is a {@link NativeLong}, pointers are {@link Native#POINTER_SIZE}; on LP64 both are 8 bytes, so no
 * padding is needed. Not thread-safe; instances belong to one call.
 */
final class NativeStructs
{
    static final int TOKEN_LABEL_BYTES = 32;
    /** Offset of {@code CK_TOKEN_INFO.flags}: after label, manufacturerID, model and serialNumber (32+32+16+16). */
    static final int TOKEN_INFO_FLAGS_OFFSET = 96;
    /** Room for a {@code CK_TOKEN_INFO} (208 bytes on LP64), with margin. */
    static final int TOKEN_INFO_BYTES = 512;
    private static final int ULONG = NativeLong.SIZE;
    private static final int TRIPLE_BYTES = 2 * ULONG + Native.POINTER_SIZE;
    private static final int INIT_ARGS_FUNCTIONS = 4;

    private NativeStructs()
    {
    }

    /** @return a {@code CK_C_INITIALIZE_ARGS} with no mutex callbacks and {@code CKF_OS_LOCKING_OK}. */
    static Memory initializeArgs()
    {
        final Memory args = new Memory((long)INIT_ARGS_FUNCTIONS * Native.POINTER_SIZE + ULONG + Native.POINTER_SIZE);
        args.clear();
        args.setNativeLong((long)INIT_ARGS_FUNCTIONS * Native.POINTER_SIZE, new NativeLong(Cryptoki.CKF_OS_LOCKING_OK));
        return args;
    }

    /** @return a {@code CK_MECHANISM} without parameter. */
    static Memory mechanism(final long type)
    {
        final Memory mechanism = new Memory(TRIPLE_BYTES);
        mechanism.clear();
        mechanism.setNativeLong(0, new NativeLong(type));
        return mechanism;
    }

    /** @return the blank-padded UTF-8 label of a {@code CK_TOKEN_INFO}, trailing blanks and NULs removed. */
    static String tokenLabel(final Pointer tokenInfo)
    {
        final byte[] label = tokenInfo.getByteArray(0, TOKEN_LABEL_BYTES);
        int end = label.length;
        while (end > 0 && (label[end - 1] == ' ' || label[end - 1] == 0))
        {
            end--;
        }
        return new String(label, 0, end, StandardCharsets.UTF_8);
    }

    /** @return {@code CK_TOKEN_INFO.flags}. */
    static long tokenFlags(final Pointer tokenInfo)
    {
        return tokenInfo.getNativeLong(TOKEN_INFO_FLAGS_OFFSET).longValue();
    }

    /**
     * An array of {@code CK_ATTRIBUTE} with its values, for C_FindObjectsInit, C_GenerateKeyPair and
     * C_GetAttributeValue. Values are copied into native memory when added; {@link #clear()} zeroes them.
     */
    static final class Template
    {
        private final List<Long> types = new ArrayList<>();
        private final List<Memory> values = new ArrayList<>();
        private final List<Integer> lengths = new ArrayList<>();
        private Memory array;

        Template ulong(final long type, final long value)
        {
            final Memory m = new Memory(ULONG);
            m.setNativeLong(0, new NativeLong(value));
            return add(type, m, ULONG);
        }

        Template bool(final long type, final boolean value)
        {
            final Memory m = new Memory(1);
            m.setByte(0, value ? (byte)1 : (byte)0);
            return add(type, m, 1);
        }

        Template bytes(final long type, final byte[] value)
        {
            final Memory m = new Memory(Math.max(1, value.length));
            m.write(0, value, 0, value.length);
            return add(type, m, value.length);
        }

        Template string(final long type, final String value)
        {
            return bytes(type, value.getBytes(StandardCharsets.UTF_8));
        }

        /** Adds an attribute whose value C_GetAttributeValue fills, in a buffer of {@code capacity} bytes. */
        Template output(final long type, final int capacity)
        {
            final Memory m = new Memory(capacity);
            m.clear();
            return add(type, m, capacity);
        }

        private Template add(final long type, final Memory value, final int length)
        {
            types.add(type);
            values.add(value);
            lengths.add(length);
            array = null;
            return this;
        }

        NativeLong count()
        {
            return new NativeLong(types.size());
        }

        /** @return the native {@code CK_ATTRIBUTE} array; built on first use after the last change. */
        Pointer pointer()
        {
            if (array == null)
            {
                array = new Memory((long)TRIPLE_BYTES * types.size());
                for (int i = 0; i < types.size(); i++)
                {
                    final long at = (long)i * TRIPLE_BYTES;
                    array.setNativeLong(at, new NativeLong(types.get(i)));
                    array.setPointer(at + ULONG, values.get(i));
                    array.setNativeLong(at + ULONG + Native.POINTER_SIZE, new NativeLong(lengths.get(i)));
                }
            }
            return array;
        }

        /**
         * @return the value of attribute {@code index} after C_GetAttributeValue, or null when the token reported
         *     {@code CK_UNAVAILABLE_INFORMATION}.
         */
        byte[] value(final int index)
        {
            final long length = array.getNativeLong((long)index * TRIPLE_BYTES + ULONG + Native.POINTER_SIZE)
                .longValue();
            if (length == Cryptoki.CK_UNAVAILABLE_INFORMATION || length < 0 || length > lengths.get(index))
            {
                return null;
            }
            return values.get(index).getByteArray(0, (int)length);
        }

        void clear()
        {
            for (final Memory value : values)
            {
                value.clear();
            }
        }
    }
}
