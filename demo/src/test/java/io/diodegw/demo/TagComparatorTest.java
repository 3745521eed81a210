package io.diodegw.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class TagComparatorTest
{
    private static Map<String, Object> sim(final String type, final String valueJson, final long status)
    {
        return Json.parseObject("{\"nodeId\":\"ns=2;s=Plant/T\",\"type\":\"" + type + "\",\"value\":" + valueJson
            + ",\"statusCode\":" + status + ",\"sourceTime\":\"2026-11-23T12:00:00.123Z\"}");
    }

    private static Map<String, Object> it(final String valueJson, final long status)
    {
        return Json.parseObject("{\"nodeId\":\"ns=2;s=Plant/T\",\"value\":" + valueJson + ",\"statusCode\":" + status
            + ",\"sourceTimestamp\":\"2026-11-23T12:00:00.1230000Z\",\"streamSequence\":7}");
    }

    @Test
    void shouldTreatEqualValuesOfEveryTypeAsEqual()
    {
        assertNull(TagComparator.difference(sim("DOUBLE", "12.5", 0), it("12.50", 0)));
        assertNull(TagComparator.difference(sim("FLOAT", "1.1", 0), it("1.100000023841858", 0)));
        assertNull(TagComparator.difference(sim("UINT64", "9223372036854775807", 0), it("9223372036854775807", 0)));
        assertNull(TagComparator.difference(sim("BOOLEAN", "true", 0), it("true", 0)));
        assertNull(TagComparator.difference(sim("STRING", "\"RUN-3\"", 0), it("\"RUN-3\"", 0)));
        assertNull(TagComparator.difference(sim("DATE_TIME", "\"2026-01-01T00:00:01Z\"", 0),
            it("\"2026-01-01T00:00:01.0000000Z\"", 0)));
        assertNull(TagComparator.difference(sim("DOUBLE_ARRAY", "[1.5,2.0]", 0), it("[1.5,2]", 0)));
        assertNull(TagComparator.difference(sim("DOUBLE", "\"NaN\"", 0), it("\"NaN\"", 0)));
        assertNull(TagComparator.difference(sim("INT32", "null", 0x808B0000L), it("null", 0x808B0000L)));
    }

    @Test
    void shouldReportDifferentValuesStatusesAndMissingTags()
    {
        assertNotNull(TagComparator.difference(sim("DOUBLE", "12.5", 0), it("12.25", 0)));
        assertNotNull(TagComparator.difference(sim("INT32_ARRAY", "[1,2,3,4]", 0), it("[1,2,3]", 0)));
        assertNotNull(TagComparator.difference(sim("INT32_ARRAY", "[1,2,3,4]", 0), it("[1,2,3,5]", 0)));
        assertNotNull(TagComparator.difference(sim("STRING", "\"A\"", 0), it("\"B\"", 0)));
        assertNotNull(TagComparator.difference(sim("DATE_TIME", "\"2026-01-01T00:00:01Z\"", 0),
            it("\"2026-01-01T00:00:01.0000001Z\"", 0)));
        assertNotNull(TagComparator.difference(sim("INT16", "5", 0), it("5", 1083310080)));
        assertNotNull(TagComparator.difference(sim("INT16", "5", 0), it("null", 0)));
        assertEquals("never received", TagComparator.difference(sim("INT16", "5", 0), null));
    }

    @Test
    void shouldCompareSourceTimesAsInstants()
    {
        assertTrue(TagComparator.sourceTimeEquals(sim("INT16", "5", 0), it("5", 0)));
        assertFalse(TagComparator.sourceTimeEquals(sim("INT16", "5", 0),
            Json.parseObject("{\"sourceTimestamp\":\"2026-11-23T12:00:00.124Z\"}")));
    }
}
