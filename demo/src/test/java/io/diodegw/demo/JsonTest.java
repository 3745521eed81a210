package io.diodegw.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class JsonTest
{
    @Test
    void shouldParseNestedValuesExactly()
    {
        final Map<String, Object> map = Json.parseObject(
            " {\"a\":[1,-2.5e3,true,null,\"x\\\"\\u0041\"],\"b\":{},\"c\":18446744073709551615} ");
        assertEquals(Arrays.asList(new BigDecimal("1"), new BigDecimal("-2.5e3"), true, null, "x\"A"), map.get("a"));
        assertEquals(Map.of(), map.get("b"));
        assertEquals(new BigDecimal("18446744073709551615"), map.get("c"));
    }

    @Test
    void shouldRejectMalformedText()
    {
        for (final String bad : List.of("", "{", "{\"a\"}", "[1,]", "{\"a\":1} x", "\"open", "tru", "{a:1}"))
        {
            assertThrows(IllegalArgumentException.class, () -> Json.parse(bad), bad);
        }
    }

    @Test
    void shouldReadBackWhatItQuotesAndWrites()
    {
        final SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 500; i++)
        {
            final StringBuilder s = new StringBuilder();
            final int length = random.nextInt(20);
            for (int j = 0; j < length; j++)
            {
                s.append((char)random.nextInt(0x20, 0x3000));
                if (random.nextInt(10) == 0)
                {
                    s.append((char)random.nextInt(0x20));
                }
            }
            final Map<String, Object> map = new LinkedHashMap<>();
            map.put("k:" + s, s.toString());
            map.put("n", (long)random.nextInt());
            map.put("nothing", null);
            final Map<String, Object> back = Json.parseObject(DemoMain.toJson(map));
            assertEquals(s.toString(), back.get("k:" + s));
            assertEquals(new BigDecimal(map.get("n").toString()), back.get("n"));
            assertEquals(3, back.size());
        }
    }
}
