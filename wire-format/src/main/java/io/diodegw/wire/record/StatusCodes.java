package io.diodegw.wire.record;

import java.util.HashMap;
import java.util.Map;

/**
 * Symbolic names of OPC UA StatusCodes (OPC 10000-4 7.34 and OPC 10000-6 Annex A). The 32-bit code's top two bits
 * are the severity (00 Good, 01 Uncertain, 10 Bad); only the upper 16 bits name a status, the low bits (info type,
 * limit bits, overflow) are ignored for the name. Codes not listed are named by severity, e.g.
 * {@code Bad_0x80AB0000}. Names use the {@code Severity_Name} spelling of the specification's text.
 *
 * <p>Stateless and thread-safe.
 */
public final class StatusCodes
{
    /** Good. */
    public static final int GOOD = 0x0000_0000;
    /** The value is the last one the source delivered before communication stopped. */
    public static final int UNCERTAIN_LAST_USABLE_VALUE = 0x4090_0000;
    /** Communication with the data source has failed and no last usable value is offered. */
    public static final int BAD_NO_COMMUNICATION = 0x8031_0000;
    /** No value has arrived yet. */
    public static final int BAD_WAITING_FOR_INITIAL_DATA = 0x8032_0000;

    private static final int CODE_MASK = 0xFFFF_0000;
    private static final int SEVERITY_SHIFT = 30;
    private static final Map<Integer, String> NAMES = new HashMap<>();

    static
    {
        name(GOOD, "Good");
        name(0x002D_0000, "Good_SubscriptionTransferred");
        name(0x002E_0000, "Good_CompletesAsynchronously");
        name(0x002F_0000, "Good_Overload");
        name(0x0030_0000, "Good_Clamped");
        name(0x0096_0000, "Good_LocalOverride");
        name(0x00A2_0000, "Good_EntryInserted");
        name(0x00A3_0000, "Good_EntryReplaced");
        name(0x00A5_0000, "Good_NoData");
        name(0x00A6_0000, "Good_MoreData");
        name(0x00EB_0000, "Good_SubNormal");
        name(0x4000_0000, "Uncertain");
        name(0x406C_0000, "Uncertain_ReferenceOutOfServer");
        name(0x408F_0000, "Uncertain_NoCommunicationLastUsableValue");
        name(UNCERTAIN_LAST_USABLE_VALUE, "Uncertain_LastUsableValue");
        name(0x4091_0000, "Uncertain_SubstituteValue");
        name(0x4092_0000, "Uncertain_InitialValue");
        name(0x4093_0000, "Uncertain_SensorNotAccurate");
        name(0x4094_0000, "Uncertain_EngineeringUnitsExceeded");
        name(0x4095_0000, "Uncertain_SubNormal");
        name(0x40A4_0000, "Uncertain_DataSubNormal");
        name(0x8000_0000, "Bad");
        name(0x8001_0000, "Bad_UnexpectedError");
        name(0x8002_0000, "Bad_InternalError");
        name(0x8003_0000, "Bad_OutOfMemory");
        name(0x8004_0000, "Bad_ResourceUnavailable");
        name(0x8005_0000, "Bad_CommunicationError");
        name(0x8006_0000, "Bad_EncodingError");
        name(0x8007_0000, "Bad_DecodingError");
        name(0x800A_0000, "Bad_Timeout");
        name(0x800B_0000, "Bad_ServiceUnsupported");
        name(0x800C_0000, "Bad_Shutdown");
        name(0x800D_0000, "Bad_ServerNotConnected");
        name(0x800E_0000, "Bad_ServerHalted");
        name(0x801F_0000, "Bad_UserAccessDenied");
        name(BAD_NO_COMMUNICATION, "Bad_NoCommunication");
        name(BAD_WAITING_FOR_INITIAL_DATA, "Bad_WaitingForInitialData");
        name(0x8033_0000, "Bad_NodeIdInvalid");
        name(0x8034_0000, "Bad_NodeIdUnknown");
        name(0x8035_0000, "Bad_AttributeIdInvalid");
        name(0x803A_0000, "Bad_NotReadable");
        name(0x803B_0000, "Bad_NotWritable");
        name(0x803C_0000, "Bad_OutOfRange");
        name(0x803D_0000, "Bad_NotSupported");
        name(0x803E_0000, "Bad_NotFound");
        name(0x803F_0000, "Bad_ObjectDeleted");
        name(0x8040_0000, "Bad_NotImplemented");
        name(0x8072_0000, "Bad_HistoryOperationUnsupported");
        name(0x8074_0000, "Bad_TypeMismatch");
        name(0x8089_0000, "Bad_ConfigurationError");
        name(0x808A_0000, "Bad_NotConnected");
        name(0x808B_0000, "Bad_DeviceFailure");
        name(0x808C_0000, "Bad_SensorFailure");
        name(0x808D_0000, "Bad_OutOfService");
        name(0x809B_0000, "Bad_NoData");
        name(0x809D_0000, "Bad_DataLost");
        name(0x809E_0000, "Bad_DataUnavailable");
    }

    private StatusCodes()
    {
    }

    private static void name(final int code, final String name)
    {
        NAMES.put(code, name);
    }

    /**
     * @param statusCode a 32-bit OPC UA StatusCode.
     * @return e.g. {@code "Good"}, {@code "Bad_NoCommunication"}, or {@code "Bad_0x80AB0000"} when not listed.
     */
    public static String name(final int statusCode)
    {
        final String name = NAMES.get(statusCode & CODE_MASK);
        if (name != null)
        {
            return name;
        }
        return severity(statusCode) + "_0x" + String.format("%08X", statusCode);
    }

    /** @return {@code "Good"}, {@code "Uncertain"} or {@code "Bad"} from the two top bits. */
    public static String severity(final int statusCode)
    {
        switch (statusCode >>> SEVERITY_SHIFT)
        {
            case 0:
                return "Good";
            case 1:
                return "Uncertain";
            default:
                return "Bad";
        }
    }
}
