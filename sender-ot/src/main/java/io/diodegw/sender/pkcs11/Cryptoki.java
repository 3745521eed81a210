package io.diodegw.sender.pkcs11;

import com.sun.jna.Library;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.NativeLongByReference;

/**
 * The PKCS#11 (Cryptoki 2.40 / 3.0) C functions this package calls, bound by JNA to the module's exported symbols.
 * {@code CK_ULONG} and every type defined as it ({@code CK_RV}, {@code CK_SLOT_ID}, {@code CK_SESSION_HANDLE},
 * {@code CK_OBJECT_HANDLE}, {@code CK_FLAGS}) is a C {@code unsigned long}: {@link NativeLong}, 8 bytes on Linux
 * x86_64 and aarch64. Structures ({@code CK_ATTRIBUTE}, {@code CK_MECHANISM}, {@code CK_TOKEN_INFO},
 * {@code CK_C_INITIALIZE_ARGS}) are laid out by {@link NativeStructs} in natural alignment, which is the Unix ABI of
 * PKCS#11 modules (Windows modules pack to 1 byte and are not supported).
 *
 * <p>Every function returns a {@code CK_RV}; {@link ReturnCodes#name(long)} names it.
 */
interface Cryptoki extends Library
{
    long CKR_OK = 0x0;
    long CKR_PIN_LOCKED = 0xA4;
    long CKR_TOKEN_NOT_PRESENT = 0xE0;
    long CKR_USER_ALREADY_LOGGED_IN = 0x100;
    long CKR_CRYPTOKI_ALREADY_INITIALIZED = 0x191;

    long CKF_RW_SESSION = 0x2;
    long CKF_SERIAL_SESSION = 0x4;
    long CKF_OS_LOCKING_OK = 0x2;
    long CKF_TOKEN_INITIALIZED = 0x400;
    long CKU_USER = 1;

    long CKA_CLASS = 0x0;
    long CKA_TOKEN = 0x1;
    long CKA_PRIVATE = 0x2;
    long CKA_LABEL = 0x3;
    long CKA_KEY_TYPE = 0x100;
    long CKA_ID = 0x102;
    long CKA_SENSITIVE = 0x103;
    long CKA_ENCRYPT = 0x104;
    long CKA_DECRYPT = 0x105;
    long CKA_WRAP = 0x106;
    long CKA_UNWRAP = 0x107;
    long CKA_SIGN = 0x108;
    long CKA_VERIFY = 0x10A;
    long CKA_DERIVE = 0x10C;
    long CKA_EXTRACTABLE = 0x162;
    long CKA_EC_PARAMS = 0x180;
    long CKA_EC_POINT = 0x181;

    long CKO_PUBLIC_KEY = 2;
    long CKO_PRIVATE_KEY = 3;
    long CKK_EC_EDWARDS = 0x40;

    long CKM_EC_EDWARDS_KEY_PAIR_GEN = 0x1055;
    long CKM_EDDSA = 0x1057;

    /** {@code CK_UNAVAILABLE_INFORMATION}: (CK_ULONG)~0, the length C_GetAttributeValue reports for a missing value. */
    long CK_UNAVAILABLE_INFORMATION = -1L;

    NativeLong C_Initialize(Pointer initArgs);

    NativeLong C_Finalize(Pointer reserved);

    NativeLong C_GetSlotList(byte tokenPresent, Pointer slotList, NativeLongByReference count);

    NativeLong C_GetTokenInfo(NativeLong slotId, Pointer tokenInfo);

    NativeLong C_OpenSession(NativeLong slotId, NativeLong flags, Pointer application, Pointer notify,
        NativeLongByReference session);

    NativeLong C_CloseSession(NativeLong session);

    NativeLong C_Login(NativeLong session, NativeLong userType, Pointer pin, NativeLong pinLength);

    NativeLong C_FindObjectsInit(NativeLong session, Pointer template, NativeLong count);

    NativeLong C_FindObjects(NativeLong session, Pointer objects, NativeLong maxCount, NativeLongByReference count);

    NativeLong C_FindObjectsFinal(NativeLong session);

    NativeLong C_GetAttributeValue(NativeLong session, NativeLong object, Pointer template, NativeLong count);

    NativeLong C_SignInit(NativeLong session, Pointer mechanism, NativeLong key);

    NativeLong C_Sign(NativeLong session, byte[] data, NativeLong dataLength, byte[] signature,
        NativeLongByReference signatureLength);

    NativeLong C_GenerateKeyPair(NativeLong session, Pointer mechanism, Pointer publicTemplate,
        NativeLong publicCount, Pointer privateTemplate, NativeLong privateCount, NativeLongByReference publicKey,
        NativeLongByReference privateKey);
}
