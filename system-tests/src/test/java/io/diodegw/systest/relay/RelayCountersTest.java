package io.diodegw.systest.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

class RelayCountersTest
{
    @Test
    void shouldWriteEveryCounterAndTheHeldGaugeOnOneLine()
    {
        final RelayCounters counters = new RelayCounters();
        counters.add(RelayCounter.RECEIVED, 10);
        counters.add(RelayCounter.FORWARDED, 6);
        counters.increment(RelayCounter.DROPPED_BURST);
        counters.add(RelayCounter.DROPPED_RATE_CAP, 2);
        counters.addHeld(1);
        assertEquals("received=10 receivedBytes=0 forwarded=6 droppedRandom=0 droppedBurst=1 droppedBlackout=0 " +
            "droppedRateCap=2 duplicated=0 reordered=0 corrupted=0 corruptedBytes=0 sendErrors=0 droppedCommanded=0 held=1",
            counters.summary());
        assertEquals(3, counters.dropped());
        assertEquals(1, counters.held());
    }

    @Test
    void shouldSnapshotCountersThatBalanceWhileTheEngineRunsOnAnotherThread() throws Exception
    {
        final RelayCounters counters = new RelayCounters();
        final ImpairmentEngine engine = new ImpairmentEngine(
            ImpairmentProfile.parse("loss=10%,burst=5/5%,reorder=10%/3,dup=5%,seed=9"), 0, 64, 16, counters);
        final AtomicBoolean stop = new AtomicBoolean();
        final Thread writer = new Thread(() ->
        {
            final byte[] datagram = new byte[32];
            long nowNs = 0;
            while (!stop.get())
            {
                engine.onDatagram(datagram, 0, datagram.length, nowNs += 1_000, (b, o, l) -> { });
            }
        });
        writer.start();
        try
        {
            final SplittableRandom random = new SplittableRandom(1);
            long balanced = 0;
            while (balanced < 2_000 || counters.get(RelayCounter.REORDERED) == 0)
            {
                final RelayCounters.Snapshot s = counters.snapshot();
                assertEquals(s.get(RelayCounter.RECEIVED), s.get(RelayCounter.FORWARDED) + s.dropped() + s.held(),
                    s.summary());
                balanced++;
                if (random.nextInt(4) == 0)
                {
                    Thread.yield();
                }
            }
            assertTrue(counters.get(RelayCounter.RECEIVED) > 0);
        }
        finally
        {
            stop.set(true);
            writer.join();
        }
    }
}
