package io.diodegw.sender.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class TagSlotsTest
{
    @Test
    void shouldHandOutDenseSlotsInFirstSeenOrderAndKeepThemAcrossGrowth()
    {
        for (int seed = 0; seed < 20; seed++)
        {
            final SplittableRandom random = new SplittableRandom(seed);
            final TagSlots slots = new TagSlots(4);
            final Map<Integer, Integer> model = new HashMap<>();
            for (int i = 0; i < 5_000; i++)
            {
                final int tagId = random.nextInt(2_000) - 1_000;
                final Integer expected = model.computeIfAbsent(tagId, id -> model.size());

                assertEquals(expected.intValue(), slots.slotFor(tagId), "seed " + seed + " tag " + tagId);
            }
            assertEquals(model.size(), slots.count());
            model.forEach((tagId, slot) -> assertEquals(tagId.intValue(), slots.tagIdAt(slot)));
        }
    }

    @Test
    void shouldRefuseAnInitialSizeThatIsNotAPowerOfTwo()
    {
        assertThrows(IllegalArgumentException.class, () -> new TagSlots(3));
        assertThrows(IllegalArgumentException.class, () -> new TagSlots(0));
    }
}
