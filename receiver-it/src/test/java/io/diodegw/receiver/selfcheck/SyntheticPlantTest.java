package io.diodegw.receiver.selfcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.diodegw.wire.record.BuiltinType;
import io.diodegw.wire.record.TagValue;

class SyntheticPlantTest
{
    private static final long START_TICKS = SyntheticPlant.ticksOfEpochMs(1_790_000_000_000L);

    @Test
    void shouldProduceTheSameStreamFromTheSameParameters()
    {
        final SyntheticPlant a = new SyntheticPlant(9, 1000, START_TICKS);
        final SyntheticPlant b = new SyntheticPlant(9, 1000, START_TICKS);
        final TagValue x = new TagValue();
        final TagValue y = new TagValue();
        for (long sequence = 0; sequence < 2_000; sequence++)
        {
            assertEquals(a.isDefinition(sequence), b.isDefinition(sequence));
            if (a.isDefinition(sequence))
            {
                assertEquals(a.definitionAt(sequence), b.definitionAt(sequence));
                continue;
            }
            assertEquals(a.valueCount(sequence), b.valueCount(sequence));
            for (int i = 0; i < a.valueCount(sequence); i++)
            {
                assertEquals(a.fill(sequence, i, x), b.fill(sequence, i, y));
            }
        }
    }

    @Test
    void shouldProduceADifferentStreamFromAnotherSeed()
    {
        final TagValue x = new SyntheticPlant(1, 1000, START_TICKS).fill(1, 0, new TagValue());
        final TagValue y = new SyntheticPlant(2, 1000, START_TICKS).fill(1, 0, new TagValue());

        assertNotEquals(x, y);
    }

    @Test
    void shouldMixTypesStatusesAndRealisticTimestamps()
    {
        final SyntheticPlant plant = new SyntheticPlant(3, 5000, START_TICKS);
        final Map<Integer, Integer> types = new HashMap<>();
        int uncertain = 0;
        int withPicoseconds = 0;
        int values = 0;
        int definitions = 0;
        final TagValue value = new TagValue();
        for (long sequence = 0; sequence < 10_000; sequence++)
        {
            if (plant.isDefinition(sequence))
            {
                definitions++;
                assertEquals(plant.definition(plant.definitionAt(sequence).tagId()), plant.definitionAt(sequence));
                continue;
            }
            final int count = plant.valueCount(sequence);
            assertTrue(count >= 1 && count <= SyntheticPlant.MAX_VALUES_PER_RECORD);
            for (int i = 0; i < count; i++)
            {
                plant.fill(sequence, i, value);
                values++;
                assertTrue(value.tagId() >= 1 && value.tagId() <= 5000);
                assertEquals(plant.definition(value.tagId()).dataType(), value.builtinType());
                types.merge(value.builtinType(), 1, Integer::sum);
                if (value.statusCode() == SyntheticPlant.STATUS_UNCERTAIN_SENSOR_NOT_ACCURATE)
                {
                    uncertain++;
                }
                else
                {
                    assertEquals(TagValue.STATUS_GOOD, value.statusCode());
                }
                if (value.sourcePicoseconds() != 0)
                {
                    withPicoseconds++;
                }
                final long recordTicks = START_TICKS + sequence * SyntheticPlant.RECORD_INTERVAL_TICKS;
                assertTrue(value.sourceTimeTicks() <= recordTicks && value.sourceTimeTicks() > recordTicks - 20_000);
                assertTrue(value.serverTimeTicks() > value.sourceTimeTicks());
                assertTrue(value.serverTimeTicks() - value.sourceTimeTicks() < 100_000);
            }
        }
        assertEquals(10_000 / SyntheticPlant.DEFINITION_PERIOD + 1, definitions);
        assertEquals(5, types.size(), types.toString());
        assertTrue(types.get(BuiltinType.DOUBLE) > types.get(BuiltinType.INT32));
        assertTrue(uncertain > values / 200 && uncertain < values / 20, "uncertain " + uncertain + " of " + values);
        assertTrue(withPicoseconds > values / 40 && withPicoseconds < values / 8, withPicoseconds + " of " + values);
    }
}
