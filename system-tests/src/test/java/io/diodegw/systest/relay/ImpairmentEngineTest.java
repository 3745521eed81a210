package io.diodegw.systest.relay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.BitSet;

import org.junit.jupiter.api.Test;

import com.sun.management.ThreadMXBean;

class ImpairmentEngineTest
{
    private static final long START_NS = 123_456_789_000L;
    private static final long MS = 1_000_000L;
    private static final long US = 1_000L;
    private static final int SMALL = 16;
    private static final int HELD_BYTES = 2048;
    private static final int HELD_SLOTS = 64;

    private final RelayCounters counters = new RelayCounters();
    private final byte[] buffer = new byte[HELD_BYTES];

    private ImpairmentEngine engine(final String profile)
    {
        return new ImpairmentEngine(ImpairmentProfile.parse(profile), START_NS, HELD_BYTES, HELD_SLOTS, counters);
    }

    /** Feeds datagrams 0..count-1 of {@code length} bytes, one every {@code intervalNs}; returns their drop flags. */
    private BitSet feed(final ImpairmentEngine engine, final int count, final int length, final long intervalNs,
        final DatagramSink sink, final RelayCounter dropCounter)
    {
        final BitSet dropped = new BitSet(count);
        for (int i = 0; i < count; i++)
        {
            TestDatagrams.fill(buffer, i, length);
            final long before = counters.get(dropCounter);
            engine.onDatagram(buffer, 0, length, START_NS + i * intervalNs, sink);
            if (counters.get(dropCounter) != before)
            {
                dropped.set(i);
            }
        }
        return dropped;
    }

    private static final DatagramSink DISCARD = (buffer, offset, length) -> { };

    private void assertAccounted(final long received)
    {
        final RelayCounters.Snapshot s = counters.snapshot();
        assertEquals(received, s.get(RelayCounter.RECEIVED));
        assertEquals(received, s.get(RelayCounter.FORWARDED) + s.dropped() + s.held(), s.summary());
    }

    @Test
    void shouldForwardEverythingUnchangedWithEmptyProfile()
    {
        final ImpairmentEngine engine = engine("");
        final RecordingSink sink = new RecordingSink();
        feed(engine, 1000, 100, US, sink, RelayCounter.DROPPED_RANDOM);
        assertEquals(1000, sink.size());
        for (int i = 0; i < 1000; i++)
        {
            assertEquals(i, TestDatagrams.sequence(sink.sent().get(i)));
            assertTrue(TestDatagrams.intact(sink.sent().get(i), 100, i));
        }
        assertEquals(1000, counters.get(RelayCounter.FORWARDED));
        assertEquals(100_000, counters.get(RelayCounter.RECEIVED_BYTES));
        assertEquals(0, counters.dropped());
    }

    @Test
    void shouldDropSeededExactCountWithinToleranceOfRandomLossRate()
    {
        final ImpairmentEngine engine = engine("loss=5%,seed=42");
        final BitSet dropped = feed(engine, 100_000, SMALL, US, DISCARD, RelayCounter.DROPPED_RANDOM);
        assertEquals(5_120, counters.get(RelayCounter.DROPPED_RANDOM));
        assertEquals(5_120, dropped.cardinality());
        assertEquals(0.05, dropped.cardinality() / 100_000.0, 0.003);
        assertAccounted(100_000);
    }

    @Test
    void shouldLoseEverythingAtFullLossAndNothingAtZero()
    {
        feed(engine("loss=100%"), 1000, SMALL, US, DISCARD, RelayCounter.DROPPED_RANDOM);
        assertEquals(1000, counters.get(RelayCounter.DROPPED_RANDOM));
        assertEquals(0, counters.get(RelayCounter.FORWARDED));
    }

    @Test
    void shouldDropTheSameDatagramsWhenOtherImpairmentsAreAdded()
    {
        final BitSet alone = feed(engine("loss=5%,seed=7"), 20_000, SMALL, US, DISCARD, RelayCounter.DROPPED_RANDOM);
        final RelayCounters others = new RelayCounters();
        final ImpairmentEngine mixed = new ImpairmentEngine(
            ImpairmentProfile.parse("loss=5%,dup=10%,corrupt=10%/3,reorder=5%/2,seed=7"), START_NS, HELD_BYTES,
            HELD_SLOTS, others);
        final BitSet withOthers = new BitSet();
        for (int i = 0; i < 20_000; i++)
        {
            TestDatagrams.fill(buffer, i, SMALL);
            final long before = others.get(RelayCounter.DROPPED_RANDOM);
            mixed.onDatagram(buffer, 0, SMALL, START_NS + i * US, DISCARD);
            if (others.get(RelayCounter.DROPPED_RANDOM) != before)
            {
                withOthers.set(i);
            }
        }
        assertTrue(others.get(RelayCounter.DUPLICATED) > 0 && others.get(RelayCounter.CORRUPTED) > 0);
        assertEquals(alone, withOthers);
    }

    @Test
    void shouldGiveBurstsOfMeanLength20AtMeanLossRate2Percent()
    {
        assertBursts("burst=20/2%,seed=42", 2_000_000, 20, 0.02, 37_637, 1_929);
    }

    @Test
    void shouldGiveBurstsOfMeanLength200AtMeanLossRate2Percent()
    {
        assertBursts("burst=200/2%,seed=42", 10_000_000, 200, 0.02, 190_641, 981);
    }

    private void assertBursts(final String profile, final int count, final double meanBurst, final double lossRate,
        final long expectedDropped, final long expectedBursts)
    {
        final ImpairmentEngine engine = engine(profile);
        long bursts = 0;
        boolean inBurst = false;
        for (int i = 0; i < count; i++)
        {
            final long before = counters.get(RelayCounter.DROPPED_BURST);
            engine.onDatagram(buffer, 0, SMALL, START_NS + i * US, DISCARD);
            final boolean lost = counters.get(RelayCounter.DROPPED_BURST) != before;
            if (lost && !inBurst)
            {
                bursts++;
            }
            inBurst = lost;
        }
        final long dropped = counters.get(RelayCounter.DROPPED_BURST);
        assertEquals(expectedDropped, dropped);
        assertEquals(expectedBursts, bursts);
        assertEquals(meanBurst, (double)dropped / bursts, meanBurst * 0.1, "mean burst length");
        assertEquals(lossRate, (double)dropped / count, lossRate * 0.1, "loss rate");
        assertAccounted(count);
    }

    @Test
    void shouldLoseInBothStatesPerGilbertElliottParameters()
    {
        final ImpairmentProfile profile = ImpairmentProfile.parse("ge=1%/10%/0.5%/50%,seed=3");
        final ImpairmentEngine engine = new ImpairmentEngine(profile, START_NS, HELD_BYTES, HELD_SLOTS, counters);
        feed(engine, 1_000_000, SMALL, US, DISCARD, RelayCounter.DROPPED_BURST);
        final double expected = profile.burstMeanLossRate();
        assertEquals(0.01 / 0.11 * 0.5 + 0.1 / 0.11 * 0.005, expected, 1e-12);
        assertEquals(expected, counters.get(RelayCounter.DROPPED_BURST) / 1_000_000.0, expected * 0.05);
        assertEquals(50_189, counters.get(RelayCounter.DROPPED_BURST));
    }

    @Test
    void shouldSendEachDuplicateRightAfterItsOriginal()
    {
        final ImpairmentEngine engine = engine("dup=1%,seed=42");
        final RecordingSink sink = new RecordingSink();
        feed(engine, 100_000, SMALL, US, sink, RelayCounter.DROPPED_RANDOM);
        final long duplicated = counters.get(RelayCounter.DUPLICATED);
        assertEquals(1_025, duplicated);
        assertEquals(100_000 + duplicated, sink.size());
        final long[] sequences = sink.sequences();
        int copies = 0;
        long expectedNext = 0;
        for (int i = 0; i < sequences.length; i++)
        {
            if (i > 0 && sequences[i] == sequences[i - 1])
            {
                assertArrayEquals(sink.sent().get(i - 1), sink.sent().get(i));
                copies++;
            }
            else
            {
                assertEquals(expectedNext++, sequences[i]);
            }
        }
        assertEquals(duplicated, copies);
        assertAccounted(100_000);
    }

    @Test
    void shouldReleaseHeldDatagramAfterExactlyTheConfiguredNumberOfLaterOnes()
    {
        final ImpairmentEngine engine = engine("reorder=1%/3/1s,seed=42");
        final RecordingSink sink = new RecordingSink();
        final int count = 100_000;
        for (int i = 0; i < count; i++)
        {
            TestDatagrams.fill(buffer, i, SMALL);
            engine.onDatagram(buffer, 0, SMALL, START_NS, sink);
        }
        final long reordered = counters.get(RelayCounter.REORDERED);
        assertEquals(989, reordered);
        assertEquals(count - counters.held(), sink.size());
        final long[] sequences = sink.sequences();
        int late = 0;
        for (int i = 0; i < sequences.length; i++)
        {
            int higherBefore = 0;
            for (int j = Math.max(0, i - 10); j < i; j++)
            {
                if (sequences[j] > sequences[i])
                {
                    higherBefore++;
                }
            }
            if (higherBefore > 0)
            {
                late++;
                assertEquals(3, higherBefore, "datagram " + sequences[i]);
            }
        }
        engine.releaseAll(sink);
        assertEquals(count, sink.size());
        assertEquals(reordered, late + countHeldAtEnd(sink.sequences(), sequences.length));
        final long[] sorted = sink.sequences().clone();
        Arrays.sort(sorted);
        for (int i = 0; i < count; i++)
        {
            assertEquals(i, sorted[i]);
        }
        assertAccounted(count);
    }

    private static int countHeldAtEnd(final long[] all, final int releasedBefore)
    {
        return all.length - releasedBefore;
    }

    @Test
    void shouldReleaseHeldDatagramWhenItsHoldTimeRunsOut()
    {
        final ImpairmentEngine engine = engine("reorder=100%/5ms");
        final RecordingSink sink = new RecordingSink();
        for (int i = 0; i < 20; i++)
        {
            TestDatagrams.fill(buffer, i, SMALL);
            engine.onDatagram(buffer, 0, SMALL, START_NS + i * MS, sink);
        }
        assertEquals(15, sink.size());
        assertEquals(5, engine.heldDatagrams());
        assertEquals(0, engine.releaseDue(START_NS + 20 * MS - 1, sink));
        assertEquals(1, engine.releaseDue(START_NS + 20 * MS, sink));
        assertEquals(4, engine.releaseDue(START_NS + 30 * MS, sink));
        assertArrayEquals(new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19},
            sink.sequences());
        assertEquals(20, counters.get(RelayCounter.REORDERED));
        assertAccounted(20);
    }

    @Test
    void shouldReleaseByTimeWhenFewerLaterDatagramsArriveThanTheDistance()
    {
        final ImpairmentEngine engine = engine("reorder=1%/3/5ms,seed=11");
        final RecordingSink sink = new RecordingSink();
        int i = 0;
        while (engine.heldDatagrams() == 0)
        {
            TestDatagrams.fill(buffer, i, SMALL);
            engine.onDatagram(buffer, 0, SMALL, START_NS + i * MS, sink);
            i++;
        }
        final long heldSequence = i - 1;
        final long heldAtNs = START_NS + heldSequence * MS;
        assertEquals(0, engine.releaseDue(heldAtNs + 5 * MS - 1, sink));
        assertEquals(1, engine.releaseDue(heldAtNs + 5 * MS, sink));
        assertEquals(heldSequence, TestDatagrams.sequence(sink.sent().get(sink.size() - 1)));
    }

    @Test
    void shouldSendDirectlyWhenEverySlotIsTaken()
    {
        final ImpairmentEngine engine =
            new ImpairmentEngine(ImpairmentProfile.parse("reorder=100%/1s"), START_NS, 64, 4, counters);
        final RecordingSink sink = new RecordingSink();
        for (int i = 0; i < 10; i++)
        {
            TestDatagrams.fill(buffer, i, SMALL);
            engine.onDatagram(buffer, 0, SMALL, START_NS, sink);
        }
        assertEquals(4, engine.heldDatagrams());
        assertEquals(4, counters.get(RelayCounter.REORDERED));
        assertArrayEquals(new long[] {4, 5, 6, 7, 8, 9}, sink.sequences());
        TestDatagrams.fill(buffer, 10, 100);
        engine.onDatagram(buffer, 0, 100, START_NS, sink);
        assertEquals(10, TestDatagrams.sequence(sink.sent().get(6)), "longer than a slot: sent directly");
        assertAccounted(11);
    }

    @Test
    void shouldChangeExactlyTheCountedBytesIncludingHeaderBytes()
    {
        final ImpairmentEngine engine = engine("corrupt=1%/4,seed=42");
        final int length = 1400;
        final byte[] original = new byte[length];
        final long[] changedBytes = new long[1];
        final long[] changedDatagrams = new long[1];
        final long[] headerHits = new long[1];
        final DatagramSink compare = (data, offset, len) ->
        {
            assertEquals(length, len);
            int differing = 0;
            for (int i = 0; i < len; i++)
            {
                if (data[offset + i] != original[i])
                {
                    differing++;
                    if (i < 16)
                    {
                        headerHits[0]++;
                    }
                }
            }
            assertTrue(differing <= 4);
            changedBytes[0] += differing;
            changedDatagrams[0] += differing > 0 ? 1 : 0;
        };
        for (int i = 0; i < 100_000; i++)
        {
            TestDatagrams.fill(buffer, i, length);
            System.arraycopy(buffer, 0, original, 0, length);
            engine.onDatagram(buffer, 0, length, START_NS + i * US, compare);
        }
        assertEquals(1_017, counters.get(RelayCounter.CORRUPTED));
        assertEquals(counters.get(RelayCounter.CORRUPTED), changedDatagrams[0]);
        assertEquals(counters.get(RelayCounter.CORRUPTED_BYTES), changedBytes[0]);
        assertEquals(2_532, changedBytes[0]);
        assertTrue(headerHits[0] > 0, "some corruption hits the first 16 bytes");
        assertEquals(0.01, changedDatagrams[0] / 100_000.0, 0.001);
    }

    @Test
    void shouldNeverCorruptAnEmptyDatagram()
    {
        final ImpairmentEngine engine = engine("corrupt=100%/4");
        final RecordingSink sink = new RecordingSink();
        engine.onDatagram(buffer, 0, 0, START_NS, sink);
        assertEquals(1, sink.size());
        assertEquals(0, sink.sent().get(0).length);
        assertEquals(0, counters.get(RelayCounter.CORRUPTED));
    }

    @Test
    void shouldDropExactlyTheDatagramsInsideBlackoutWindows()
    {
        final ImpairmentEngine engine = engine("blackout=10ms+5ms,blackout=30ms+1ms");
        final BitSet dropped = feed(engine, 50_000, SMALL, US, DISCARD, RelayCounter.DROPPED_BLACKOUT);
        final BitSet expected = new BitSet();
        expected.set(10_000, 15_000);
        expected.set(30_000, 31_000);
        assertEquals(expected, dropped);
        assertEquals(6_000, counters.get(RelayCounter.DROPPED_BLACKOUT));
        assertAccounted(50_000);
    }

    @Test
    void shouldDropEverythingWhileABlackoutIsCommanded()
    {
        final ImpairmentEngine engine = engine("");
        final RecordingSink sink = new RecordingSink();
        engine.onDatagram(buffer, 0, SMALL, START_NS, sink);
        engine.blackout(true);
        assertTrue(engine.inBlackout(START_NS));
        for (int i = 0; i < 10; i++)
        {
            engine.onDatagram(buffer, 0, SMALL, START_NS + i, sink);
        }
        engine.blackout(false);
        assertFalse(engine.inBlackout(START_NS));
        engine.onDatagram(buffer, 0, SMALL, START_NS + 20, sink);
        assertEquals(2, sink.size());
        assertEquals(10, counters.get(RelayCounter.DROPPED_BLACKOUT));
    }

    @Test
    void shouldForwardEverythingUnchangedWhileTheImpairmentsAreLifted()
    {
        final ImpairmentEngine engine = engine("loss=50%,corrupt=50%,dup=50%,reorder=50%/3,seed=7");
        final RecordingSink sink = new RecordingSink();
        engine.lift(true);
        feed(engine, 1000, 100, US, sink, RelayCounter.DROPPED_RANDOM);
        assertEquals(1000, sink.size());
        for (int i = 0; i < 1000; i++)
        {
            assertEquals(i, TestDatagrams.sequence(sink.sent().get(i)));
            assertTrue(TestDatagrams.intact(sink.sent().get(i), 100, i));
        }
        engine.lift(false);
        feed(engine, 1000, 100, US, new RecordingSink(), RelayCounter.DROPPED_RANDOM);
        assertTrue(counters.get(RelayCounter.DROPPED_RANDOM) > 0, "impairments back");
    }

    @Test
    void shouldDropExactlyTheNextNDatagramsOnCommandEvenWithoutAProfile()
    {
        final ImpairmentEngine engine = engine("");
        final RecordingSink sink = new RecordingSink();
        engine.onDatagram(buffer, 0, SMALL, START_NS, sink);
        engine.dropNext(3);
        engine.dropNext(2);
        assertEquals(5, engine.pendingDrops());
        for (int i = 1; i <= 8; i++)
        {
            engine.onDatagram(buffer, 0, SMALL, START_NS + i, sink);
        }
        assertEquals(4, sink.size(), "the first, then 5 dropped, then 3");
        assertEquals(5, counters.get(RelayCounter.DROPPED_COMMANDED));
        assertEquals(0, engine.pendingDrops());
        assertAccounted(9);
    }

    @Test
    void shouldAdmitTheQueuePlusTheConfiguredBytesPerInterval()
    {
        // 8 Mbit/s = 1 000 000 bytes/s; offered: 1000 bytes every 100 us = 10 MB/s for one second
        final ImpairmentEngine engine = engine("rate=8Mbit/10000B");
        final BitSet dropped = feed(engine, 10_000, 1000, 100 * US, DISCARD, RelayCounter.DROPPED_RATE_CAP);
        final long admitted = counters.get(RelayCounter.FORWARDED);
        final double allowanceBytes = 10_000 + 1_000_000 * (9_999 * 100 * US) / 1e9;
        assertTrue(admitted * 1000 <= allowanceBytes && admitted * 1000 > allowanceBytes - 1000,
            admitted + " datagrams admitted, allowance " + allowanceBytes + " bytes");
        assertEquals(1_009, admitted);
        assertEquals(10_000 - admitted, dropped.cardinality());
        assertEquals(10_000 - admitted, counters.get(RelayCounter.DROPPED_RATE_CAP));
        assertAccounted(10_000);
    }

    @Test
    void shouldAdmitEverythingBelowTheRateCap()
    {
        // 1000 bytes every ms = 8 Mbit/s offered to a 10 Mbit/s cap with a queue of one datagram
        feed(engine("rate=10Mbit/1000B"), 10_000, 1000, MS, DISCARD, RelayCounter.DROPPED_RATE_CAP);
        assertEquals(0, counters.get(RelayCounter.DROPPED_RATE_CAP));
        assertEquals(10_000, counters.get(RelayCounter.FORWARDED));
    }

    @Test
    void shouldAdmitAQueueFullAtOnceAfterIdleTime()
    {
        final ImpairmentEngine engine = engine("rate=1Mbit/5000B");
        for (int i = 0; i < 8; i++)
        {
            engine.onDatagram(buffer, 0, 1000, START_NS + 10_000 * MS, DISCARD);
        }
        assertEquals(5, counters.get(RelayCounter.FORWARDED));
        assertEquals(3, counters.get(RelayCounter.DROPPED_RATE_CAP));
    }

    @Test
    void shouldNotAllocatePerDatagram()
    {
        final ImpairmentEngine engine =
            engine("loss=3%,burst=10/2%,reorder=2%/4,dup=2%,corrupt=2%/3,rate=50Mbit/20KiB,blackout=5ms+1ms");
        final ThreadMXBean threads = (ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long threadId = Thread.currentThread().getId();
        long allocated = 0;
        for (int round = 0; round < 3; round++)
        {
            final long before = threads.getThreadAllocatedBytes(threadId);
            for (int i = 0; i < 200_000; i++)
            {
                engine.onDatagram(buffer, 0, 200, START_NS + (round * 200_000L + i) * US, DISCARD);
            }
            allocated = threads.getThreadAllocatedBytes(threadId) - before;
        }
        assertTrue(allocated < 4_096, allocated + " bytes allocated for 200 000 datagrams");
    }

    @Test
    void shouldMakeTheSameDecisionsForTheSameSeedAndDifferentOnesForAnother()
    {
        final String profile =
            "loss=3%,burst=10/2%,reorder=2%/4,dup=2%,corrupt=2%/3,rate=50Mbit/20KiB,blackout=5ms+1ms";
        final long[] first = outcome(profile + ",seed=5");
        final long[] again = outcome(profile + ",seed=5");
        final long[] other = outcome(profile + ",seed=6");
        assertArrayEquals(first, again);
        assertNotEquals(Arrays.toString(first), Arrays.toString(other));
    }

    private long[] outcome(final String profile)
    {
        final RelayCounters own = new RelayCounters();
        final ImpairmentEngine engine =
            new ImpairmentEngine(ImpairmentProfile.parse(profile), START_NS, HELD_BYTES, HELD_SLOTS, own);
        final long[] hash = new long[2];
        final DatagramSink sink = (data, offset, length) ->
        {
            hash[0] = hash[0] * 31 + Arrays.hashCode(Arrays.copyOfRange(data, offset, offset + length));
            hash[1]++;
        };
        for (int i = 0; i < 20_000; i++)
        {
            TestDatagrams.fill(buffer, i, 200);
            engine.onDatagram(buffer, 0, 200, START_NS + i * US, sink);
        }
        engine.releaseAll(sink);
        final RelayCounters.Snapshot s = own.snapshot();
        assertEquals(20_000, s.get(RelayCounter.FORWARDED) + s.dropped());
        assertEquals(s.sent(), hash[1]);
        final long[] result = new long[RelayCounter.values().length + 1];
        for (final RelayCounter counter : RelayCounter.values())
        {
            result[counter.ordinal()] = s.get(counter);
        }
        result[result.length - 1] = hash[0];
        return result;
    }
}
