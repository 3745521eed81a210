package io.diodegw.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Objects;

import org.junit.jupiter.api.Test;

class TagModelTest {

    @Test
    void shouldGiveTheSameValuesForTheSameSeedAndDifferentOnesForAnother() {
        TagModel a = new TagModel(11, 300, i -> 0.3);
        TagModel b = new TagModel(11, 300, i -> 0.3);
        TagModel c = new TagModel(12, 300, i -> 0.3);
        int differences = 0;
        for (int i = 0; i < 300; i++) {
            for (long step = 0; step < 40; step++) {
                assertEquals(a.statusAt(i, step), b.statusAt(i, step));
                assertTrue(Objects.deepEquals(a.valueAt(i, step).getValue(), b.valueAt(i, step).getValue()));
                if (!Objects.deepEquals(a.valueAt(i, step).getValue(), c.valueAt(i, step).getValue())) {
                    differences++;
                }
            }
        }
        assertTrue(differences > 300 * 40 / 2, "differences " + differences);
    }

    @Test
    void shouldCountUpByOneForCounterTags() {
        TagModel model = new TagModel(3, 200, i -> 0.0);
        int tag = TagType.values().length * 2 + TagType.INT64.ordinal();
        assertEquals(SignalPattern.COUNTER, model.patternOf(tag));
        long first = (Long) model.valueAt(tag, 0).getValue();
        for (long step = 1; step < 100; step++) {
            assertEquals(first + step, (Long) model.valueAt(tag, step).getValue());
        }
    }

    @Test
    void shouldDrawBadAndUncertainAtAboutTheConfiguredProbability() {
        TagModel model = new TagModel(8, 100, i -> 0.1);
        int notGood = 0;
        for (int i = 0; i < 100; i++) {
            for (long step = 0; step < 100; step++) {
                if (!model.statusAt(i, step).isGood()) {
                    notGood++;
                }
            }
        }
        assertTrue(notGood > 800 && notGood < 1_200, "not good " + notGood);
        assertNotEquals(0, notGood);
    }

    @Test
    void shouldRejectAProbabilityOutsideZeroToOne() {
        assertThrows(IllegalArgumentException.class, () -> new TagModel(1, 10, i -> i == 5 ? 1.5 : 0.0));
    }
}
