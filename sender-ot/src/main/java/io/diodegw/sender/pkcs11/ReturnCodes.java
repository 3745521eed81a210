package io.diodegw.sender.pkcs11;

import java.util.Map;

/**
 * Names of PKCS#11 return values ({@code CK_RV}) for error messages. Stateless and thread-safe.
 */
final class ReturnCodes
{
    private static final Map<Long, String> NAMES = Map.ofEntries(
        Map.entry(0x0L, "CKR_OK"),
        Map.entry(0x1L, "CKR_CANCEL"),
        Map.entry(0x2L, "CKR_HOST_MEMORY"),
        Map.entry(0x3L, "CKR_SLOT_ID_INVALID"),
        Map.entry(0x5L, "CKR_GENERAL_ERROR"),
        Map.entry(0x6L, "CKR_FUNCTION_FAILED"),
        Map.entry(0x7L, "CKR_ARGUMENTS_BAD"),
        Map.entry(0x10L, "CKR_ATTRIBUTE_READ_ONLY"),
        Map.entry(0x11L, "CKR_ATTRIBUTE_SENSITIVE"),
        Map.entry(0x12L, "CKR_ATTRIBUTE_TYPE_INVALID"),
        Map.entry(0x13L, "CKR_ATTRIBUTE_VALUE_INVALID"),
        Map.entry(0x20L, "CKR_DATA_INVALID"),
        Map.entry(0x21L, "CKR_DATA_LEN_RANGE"),
        Map.entry(0x30L, "CKR_DEVICE_ERROR"),
        Map.entry(0x31L, "CKR_DEVICE_MEMORY"),
        Map.entry(0x32L, "CKR_DEVICE_REMOVED"),
        Map.entry(0x50L, "CKR_FUNCTION_CANCELED"),
        Map.entry(0x54L, "CKR_FUNCTION_NOT_SUPPORTED"),
        Map.entry(0x60L, "CKR_KEY_HANDLE_INVALID"),
        Map.entry(0x62L, "CKR_KEY_SIZE_RANGE"),
        Map.entry(0x63L, "CKR_KEY_TYPE_INCONSISTENT"),
        Map.entry(0x68L, "CKR_KEY_FUNCTION_NOT_PERMITTED"),
        Map.entry(0x70L, "CKR_MECHANISM_INVALID"),
        Map.entry(0x71L, "CKR_MECHANISM_PARAM_INVALID"),
        Map.entry(0x82L, "CKR_OBJECT_HANDLE_INVALID"),
        Map.entry(0x90L, "CKR_OPERATION_ACTIVE"),
        Map.entry(0x91L, "CKR_OPERATION_NOT_INITIALIZED"),
        Map.entry(0xA0L, "CKR_PIN_INCORRECT"),
        Map.entry(0xA1L, "CKR_PIN_INVALID"),
        Map.entry(0xA2L, "CKR_PIN_LEN_RANGE"),
        Map.entry(0xA3L, "CKR_PIN_EXPIRED"),
        Map.entry(0xA4L, "CKR_PIN_LOCKED"),
        Map.entry(0xB0L, "CKR_SESSION_CLOSED"),
        Map.entry(0xB1L, "CKR_SESSION_COUNT"),
        Map.entry(0xB3L, "CKR_SESSION_HANDLE_INVALID"),
        Map.entry(0xB5L, "CKR_SESSION_READ_ONLY"),
        Map.entry(0xC0L, "CKR_SIGNATURE_INVALID"),
        Map.entry(0xC1L, "CKR_SIGNATURE_LEN_RANGE"),
        Map.entry(0xD0L, "CKR_TEMPLATE_INCOMPLETE"),
        Map.entry(0xD1L, "CKR_TEMPLATE_INCONSISTENT"),
        Map.entry(0xE0L, "CKR_TOKEN_NOT_PRESENT"),
        Map.entry(0xE1L, "CKR_TOKEN_NOT_RECOGNIZED"),
        Map.entry(0xE2L, "CKR_TOKEN_WRITE_PROTECTED"),
        Map.entry(0x100L, "CKR_USER_ALREADY_LOGGED_IN"),
        Map.entry(0x101L, "CKR_USER_NOT_LOGGED_IN"),
        Map.entry(0x102L, "CKR_USER_PIN_NOT_INITIALIZED"),
        Map.entry(0x103L, "CKR_USER_TYPE_INVALID"),
        Map.entry(0x130L, "CKR_DOMAIN_PARAMS_INVALID"),
        Map.entry(0x140L, "CKR_CURVE_NOT_SUPPORTED"),
        Map.entry(0x150L, "CKR_BUFFER_TOO_SMALL"),
        Map.entry(0x190L, "CKR_CRYPTOKI_NOT_INITIALIZED"),
        Map.entry(0x191L, "CKR_CRYPTOKI_ALREADY_INITIALIZED"),
        Map.entry(0x200L, "CKR_FUNCTION_REJECTED"));

    private ReturnCodes()
    {
    }

    /** @return the {@code CKR_} name of a return value, or {@code CKR_0x...} for one this table does not know. */
    static String name(final long rv)
    {
        final String name = NAMES.get(rv);
        return name != null ? name : "CKR_0x" + Long.toHexString(rv);
    }
}
