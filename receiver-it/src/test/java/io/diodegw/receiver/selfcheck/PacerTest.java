package io.diodegw.receiver.selfcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PacerTest
{
    private static final int DATAGRAM_BYTES = 1472;

    @Test
    void shouldAllowABurstThenHoldTheConfiguredRateOnASimulatedClock()
    {
        final long bytesPerSecond = 10_000_000;
        final Pacer pacer = new Pacer(bytesPerSecond, 10 * DATAGRAM_BYTES);
        long nowNs = 1_000_000_000L;
        for (int i = 0; i < 10; i++)
        {
            assertEquals(0, pacer.tryAcquire(DATAGRAM_BYTES, nowNs), "burst datagram " + i);
        }
        final long startNs = nowNs;
        long sent = 0;
        while (sent < 10_000)
        {
            final long waitNs = pacer.tryAcquire(DATAGRAM_BYTES, nowNs);
            if (waitNs == 0)
            {
                sent++;
            }
            else
            {
                assertTrue(waitNs <= DATAGRAM_BYTES * 1_000_000_000L / bytesPerSecond + 1, "wait " + waitNs);
                nowNs += waitNs + 37_000;
            }
        }
        final double seconds = (nowNs - startNs) / 1e9;
        assertEquals(bytesPerSecond, sent * DATAGRAM_BYTES / seconds, bytesPerSecond * 0.01);
    }

    @Test
    void shouldNotSaveMoreThanTheBurstWhileIdle()
    {
        final Pacer pacer = new Pacer(1_000_000, 2 * DATAGRAM_BYTES);
        assertEquals(0, pacer.tryAcquire(DATAGRAM_BYTES, 0));
        final long idleNs = 60_000_000_000L;

        assertEquals(0, pacer.tryAcquire(DATAGRAM_BYTES, idleNs));
        assertEquals(0, pacer.tryAcquire(DATAGRAM_BYTES, idleNs));
        assertTrue(pacer.tryAcquire(DATAGRAM_BYTES, idleNs) > 0);
    }
}
