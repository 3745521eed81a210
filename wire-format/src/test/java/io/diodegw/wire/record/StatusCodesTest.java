package io.diodegw.wire.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class StatusCodesTest
{
    @Test
    void shouldNameStatusCodesByTheirUpperSixteenBits()
    {
        assertEquals("Good", StatusCodes.name(StatusCodes.GOOD));
        assertEquals("Bad_NoCommunication", StatusCodes.name(StatusCodes.BAD_NO_COMMUNICATION));
        assertEquals("Bad_WaitingForInitialData", StatusCodes.name(0x8032_0000));
        assertEquals("Uncertain_LastUsableValue", StatusCodes.name(0x4090_0400), "info bits ignored for the name");
        assertEquals("Bad_SensorFailure", StatusCodes.name(0x808C_0000));
        assertEquals("Bad_HistoryOperationUnsupported", StatusCodes.name(0x8072_0000));
    }

    @Test
    void shouldNameUnlistedCodesBySeverityAndHex()
    {
        assertEquals("Bad_0x80FE0000", StatusCodes.name(0x80FE_0000));
        assertEquals("Uncertain_0x40FF0000", StatusCodes.name(0x40FF_0000));
        assertEquals("Good_0x00FF0001", StatusCodes.name(0x00FF_0001));
        assertEquals("Uncertain", StatusCodes.severity(0x40FE_0000));
        assertEquals("Bad", StatusCodes.severity(0xC000_0000));
    }
}
