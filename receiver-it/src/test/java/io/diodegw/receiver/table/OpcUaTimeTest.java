package io.diodegw.receiver.table;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class OpcUaTimeTest
{
    @Test
    void shouldWriteTimestampsWithTheirFullPrecision()
    {
        final long ticks = OpcUaTime.fromUnixMs(1_700_000_000_123L) + 4567;

        assertEquals("2023-11-14T22:13:20.1234567Z", OpcUaTime.toIso(ticks, 0));
        assertEquals("2023-11-14T22:13:20.12345670042Z", OpcUaTime.toIso(ticks, 42));
        assertEquals("1601-01-01T00:00:00.0000000Z", OpcUaTime.toIso(0, 0));
        assertEquals(1_700_000_000_123L, OpcUaTime.toUnixMs(ticks));
    }
}
