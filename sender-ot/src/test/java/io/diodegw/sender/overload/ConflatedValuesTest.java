package io.diodegw.sender.overload;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.diodegw.wire.record.TagValue;

/** Latest value per tag and the changed set, in first-change order, against a map model. */
class ConflatedValuesTest
{
    @Test
    void shouldKeepTheLatestValueOfEveryChangedTagOnceInTheOrderTheyFirstChanged()
    {
        for (int seed = 0; seed < 20; seed++)
        {
            final SplittableRandom random = new SplittableRandom(seed);
            final ConflatedValues values = new ConflatedValues();
            final int tags = 1 + random.nextInt(5000);
            for (int round = 0; round < 5; round++)
            {
                final Map<Integer, Long> model = new LinkedHashMap<>();
                final int puts = random.nextInt(20_000);
                for (int i = 0; i < puts; i++)
                {
                    final int tag = random.nextInt(tags) * 7919;
                    final long v = random.nextLong();
                    values.put(new TagValue().setTagId(tag).setInt64(v));
                    model.putIfAbsent(tag, v);
                    model.put(tag, v);
                }
                assertEquals(model.size(), values.changedCount(), "seed " + seed);
                final List<Integer> order = new ArrayList<>();
                for (int i = 0; i < values.changedCount(); i++)
                {
                    final TagValue v = values.changedValue(i);
                    order.add(v.tagId());
                    assertEquals(model.get(v.tagId()), v.longValue());
                }
                assertEquals(new ArrayList<>(model.keySet()), order, "first-change order");
                values.clearChanges();
                assertEquals(0, values.changedCount());
            }
        }
    }
}
