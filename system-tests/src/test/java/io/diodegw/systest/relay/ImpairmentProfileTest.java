package io.diodegw.systest.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class ImpairmentProfileTest
{
    @Test
    void shouldParseTheDocumentedExample()
    {
        final ImpairmentProfile profile = ImpairmentProfile.parse(
            "loss=5%,burst=20/2%,reorder=1%/3,dup=1%,corrupt=0.1%,rate=100Mbit,seed=42,blackout=2s+1s");
        assertEquals(42, profile.seed());
        assertEquals(0.05, profile.lossProbability());
        assertEquals(0.05, profile.burstBadToGoodProbability());
        assertEquals(0.02 * 0.05 / 0.98, profile.burstGoodToBadProbability(), 1e-15);
        assertEquals(0.0, profile.burstGoodLossProbability());
        assertEquals(1.0, profile.burstBadLossProbability());
        assertEquals(0.02, profile.burstMeanLossRate(), 1e-12);
        assertEquals(0.01, profile.reorderProbability());
        assertEquals(3, profile.reorderDistanceDatagrams());
        assertEquals(ImpairmentProfile.DEFAULT_REORDER_MAX_HOLD_NS, profile.reorderMaxHoldNs());
        assertEquals(0.01, profile.duplicateProbability());
        assertEquals(0.001, profile.corruptProbability());
        assertEquals(1, profile.corruptMaxBytes());
        assertEquals(100_000_000L, profile.rateBitsPerSec());
        assertEquals(125_000, profile.rateQueueBytes(), "10 ms at 100 Mbit/s");
        assertEquals(List.of(new ImpairmentProfile.Blackout(2_000_000_000L, 1_000_000_000L)), profile.blackouts());
        assertFalse(profile.isNone());
    }

    @Test
    void shouldParseEmptyAndNoneAsNoImpairment()
    {
        assertEquals(ImpairmentProfile.NONE, ImpairmentProfile.parse(""));
        assertEquals(ImpairmentProfile.NONE, ImpairmentProfile.parse(" none "));
        assertTrue(ImpairmentProfile.NONE.isNone());
        assertEquals("seed=1", ImpairmentProfile.NONE.toString());
    }

    @Test
    void shouldParseEveryFormOfEachField()
    {
        assertEquals(0.05, ImpairmentProfile.parse("loss=0.05").lossProbability());
        assertEquals(0.001, ImpairmentProfile.parse("loss=0.1%").lossProbability());
        final ImpairmentProfile ge = ImpairmentProfile.parse("ge=1%/10%");
        assertEquals(0.0, ge.burstGoodLossProbability());
        assertEquals(1.0, ge.burstBadLossProbability());
        final ImpairmentProfile timeOnly = ImpairmentProfile.parse("reorder=2%/20ms");
        assertEquals(0, timeOnly.reorderDistanceDatagrams());
        assertEquals(20_000_000L, timeOnly.reorderMaxHoldNs());
        assertEquals(1_500_000L, ImpairmentProfile.parse("reorder=2%/5/1.5ms").reorderMaxHoldNs());
        assertEquals(4, ImpairmentProfile.parse("corrupt=1%/4").corruptMaxBytes());
        final ImpairmentProfile rate = ImpairmentProfile.parse("rate=1Gbit/1MiB");
        assertEquals(1_000_000_000L, rate.rateBitsPerSec());
        assertEquals(1L << 20, rate.rateQueueBytes());
        assertEquals(ImpairmentProfile.MIN_DEFAULT_RATE_QUEUE_BYTES,
            ImpairmentProfile.parse("rate=512kbit").rateQueueBytes());
        assertEquals(3000, ImpairmentProfile.parse("rate=8Mbit/3000").rateQueueBytes());
        assertEquals(2, ImpairmentProfile.parse("blackout=1s+500ms,blackout=250us+10ns").blackouts().size());
    }

    @Test
    void shouldRoundTripThroughItsCanonicalForm()
    {
        final SplittableRandom random = new SplittableRandom(2024);
        for (int i = 0; i < 2_000; i++)
        {
            final ImpairmentProfile.Builder builder = ImpairmentProfile.builder().seed(random.nextLong());
            if (random.nextBoolean())
            {
                builder.loss(random.nextDouble());
            }
            if (random.nextBoolean())
            {
                builder.burst(1 + random.nextInt(500), random.nextDouble() * 0.5);
            }
            if (random.nextBoolean())
            {
                builder.reorder(random.nextDouble(), random.nextInt(100), 1 + random.nextLong(10_000_000_000L));
            }
            if (random.nextBoolean())
            {
                builder.duplicate(random.nextDouble());
            }
            if (random.nextBoolean())
            {
                builder.corrupt(random.nextDouble(), 1 + random.nextInt(ImpairmentProfile.MAX_CORRUPT_BYTES));
            }
            if (random.nextBoolean())
            {
                builder.rateCap(1 + random.nextLong(ImpairmentProfile.MAX_RATE_BITS_PER_SEC),
                    1 + random.nextLong(ImpairmentProfile.MAX_RATE_QUEUE_BYTES));
            }
            for (int w = random.nextInt(3); w > 0; w--)
            {
                builder.blackout(random.nextLong(100_000_000_000L), 1 + random.nextLong(100_000_000_000L));
            }
            final ImpairmentProfile profile = builder.build();
            assertEquals(profile, ImpairmentProfile.parse(profile.toString()), profile.toString());
        }
    }

    @Test
    void shouldWriteAReadableCanonicalForm()
    {
        assertEquals("seed=42,loss=5%,reorder=1%/3/50ms,dup=1%,corrupt=0.1%/1,rate=100Mbit/125000B,blackout=2s+1s",
            ImpairmentProfile.parse("blackout=2s+1s,rate=100Mbit,corrupt=0.1%,dup=1%,reorder=1%/3,seed=42,loss=5%")
                .toString());
        assertEquals("seed=1,ge=0.5%/5%/0%/100%", ImpairmentProfile.parse("ge=0.5%/5%").toString());
    }

    @Test
    void shouldNameTheFieldAndValueOfEveryBadInput()
    {
        assertRejected("lose=5%", "'lose' is unknown");
        assertRejected("loss=150%", "'loss': '150%' is not a probability");
        assertRejected("loss=-1%", "'loss'");
        assertRejected("loss=abc", "'loss': 'abc' is not a number");
        assertRejected("loss", "'loss' has no value");
        assertRejected("loss=1%,loss=2%", "'loss' is given twice");
        assertRejected("burst=0.5/2%", "'burst': '0.5/2%' mean burst length 0.5 < 1");
        assertRejected("burst=1/90%", "'burst'");
        assertRejected("burst=20", "'burst': '20' is not of the form L/P");
        assertRejected("ge=1%/0", "'ge': '1%/0' burstBadToGoodProbability=0");
        assertRejected("burst=20/2%,ge=1%/5%", "'burst' and 'ge'");
        assertRejected("reorder=1%/x", "'reorder': '1%/x' has no unit");
        assertRejected("reorder=1%/3/0ms", "'reorder': '1%/3/0ms' reorderMaxHoldNs=0");
        assertRejected("reorder=1%/-3/5ms", "'reorder'");
        assertRejected("dup=2", "'dup'");
        assertRejected("corrupt=1%/65", "'corrupt': '1%/65' corruptMaxBytes=65");
        assertRejected("rate=100Mbps", "'rate': '100Mbps' has no unit");
        assertRejected("rate=1.5bit", "'rate': '1.5bit' is not a whole");
        assertRejected("rate=200Gbit", "'rate': '200Gbit' rateBitsPerSec=200000000000");
        assertRejected("rate=1Mbit/0", "'rate': '1Mbit/0' rateQueueBytes=0");
        assertRejected("blackout=2s", "'blackout': '2s' is not START+DURATION");
        assertRejected("blackout=2s+0s", "'blackout': '2s+0s' blackout durationNs=0");
        assertRejected("seed=x", "'seed': 'x' is not a whole number");
    }

    @Test
    void shouldNameTheComponentWhenTheBuilderIsGivenABadValue()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> ImpairmentProfile.builder().duplicate(1.5).build());
        assertTrue(ex.getMessage().startsWith("duplicateProbability=1.5"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ImpairmentProfile.builder().burst(10, 0.95));
        assertThrows(IllegalArgumentException.class, () -> ImpairmentProfile.builder().loss(Double.NaN).build());
    }

    @Test
    void shouldDeriveGilbertElliottParametersFromMeanBurstAndLossRate()
    {
        for (final int meanBurst : new int[] {1, 2, 20, 200})
        {
            final ImpairmentProfile profile = ImpairmentProfile.builder().burst(meanBurst, 0.05).build();
            assertEquals(1.0 / meanBurst, profile.burstBadToGoodProbability(), 1e-15);
            assertEquals(0.05, profile.burstMeanLossRate(), 1e-12);
        }
        assertFalse(ImpairmentProfile.builder().burst(20, 0).build().burstEnabled());
    }

    private static void assertRejected(final String spec, final String expectedPart)
    {
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> ImpairmentProfile.parse(spec), spec);
        assertTrue(ex.getMessage().contains(expectedPart), "'" + ex.getMessage() + "' lacks '" + expectedPart + "'");
    }
}
