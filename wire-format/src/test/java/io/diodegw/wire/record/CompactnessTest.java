package io.diodegw.wire.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * One datagram at MTU 1500 carries a 1416-byte symbol; a k=1 block is that symbol. These tests fill it with typical
 * live updates and print how many fit.
 */
class CompactnessTest
{
    private static final int SYMBOL_BYTES_AT_MTU_1500 = 1500 - 28 - 40 - 16;
    private static final int REQUIRED_UPDATES = 60;

    @Test
    void shouldFitAtLeastSixtyTypicalMixedNumericUpdatesInOneSymbol()
    {
        final int fitted = fill(new int[] {BuiltinType.DOUBLE, BuiltinType.FLOAT, BuiltinType.INT32}, 1);
        System.out.println("CompactnessTest: " + fitted + " mixed Double/Float/Int32 updates in " +
            SYMBOL_BYTES_AT_MTU_1500 + " bytes");
        assertTrue(fitted >= REQUIRED_UPDATES, "only " + fitted + " updates fit");
    }

    @Test
    void shouldFitAtLeastSixtyTypicalDoubleUpdatesInOneSymbol()
    {
        final int fitted = fill(new int[] {BuiltinType.DOUBLE}, 2);
        System.out.println("CompactnessTest: " + fitted + " Double updates in " + SYMBOL_BYTES_AT_MTU_1500 + " bytes");
        assertTrue(fitted >= REQUIRED_UPDATES, "only " + fitted + " updates fit");
    }

    private static int fill(final int[] types, final long seed)
    {
        assertEquals(1416, SYMBOL_BYTES_AT_MTU_1500);
        final SplittableRandom random = new SplittableRandom(seed);
        final byte[] symbol = new byte[SYMBOL_BYTES_AT_MTU_1500];
        final BlockWriter block = new BlockWriter().wrap(symbol, 0, symbol.length);
        final TagValueBatchWriter batch = new TagValueBatchWriter();
        assertTrue(batch.beginLiveValues(block, 1));
        final TagValue value = new TagValue();
        int fitted = 0;
        while (batch.append(RecordTestData.typicalUpdate(random, value, RecordTestData.TICKS_2026,
            types[fitted % types.length])))
        {
            fitted++;
        }
        block.finish();

        final BlockReader reader = new BlockReader();
        assertTrue(reader.wrap(symbol, 0, symbol.length));
        assertTrue(reader.next());
        assertEquals(fitted, reader.tagValueBatch().count());
        final SplittableRandom replay = new SplittableRandom(seed);
        final TagValue expected = new TagValue();
        final TagValue decoded = new TagValue();
        for (int i = 0; i < fitted; i++)
        {
            RecordTestData.typicalUpdate(replay, expected, RecordTestData.TICKS_2026, types[i % types.length]);
            assertTrue(reader.tagValueBatch().next(decoded));
            assertEquals(expected, decoded);
        }
        return fitted;
    }
}
