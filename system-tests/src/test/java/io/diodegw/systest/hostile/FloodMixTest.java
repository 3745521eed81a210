package io.diodegw.systest.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class FloodMixTest
{
    @Test
    void shouldDrawEveryKindInProportionToItsWeight()
    {
        final FloodMix mix = FloodMix.parse("forged=3,replay=1");
        final SplittableRandom random = new SplittableRandom(1);
        final int[] drawn = new int[FloodKind.values().length];
        for (int i = 0; i < 40_000; i++)
        {
            drawn[mix.next(random).ordinal()]++;
        }
        assertEquals(40_000, drawn[FloodKind.FORGED.ordinal()] + drawn[FloodKind.REPLAY.ordinal()]);
        assertTrue(Math.abs(drawn[FloodKind.FORGED.ordinal()] - 30_000) < 600, "forged " + drawn[0]);
        assertEquals("forged=3,replay=1", mix.toString());
    }

    @Test
    void shouldGiveEveryKindWeightOneWhenEven()
    {
        for (final FloodKind kind : FloodKind.values())
        {
            assertEquals(1, FloodMix.parse("even").weight(kind));
        }
    }

    @Test
    void shouldRefuseMalformedMixesNamingTheEntry()
    {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FloodMix.parse("forged"))
            .getMessage().contains("forged"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FloodMix.parse("bogus=1"))
            .getMessage().contains("bogus"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FloodMix.parse("replay=-1"))
            .getMessage().contains("replay=-1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FloodMix.parse("replay=1,replay=2"))
            .getMessage().contains("twice"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> FloodMix.parse("replay=0"))
            .getMessage().contains("no kind"));
    }
}
