package io.diodegw.systest.netns;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Compares the plant simulator's {@code dump} (one JSON object per tag: {@code nodeId, type, value, statusCode})
 * with the receiver's {@code GET /api/tags} page ({@code {"tags":[{"nodeId", "value", "statusCode", ...}]}}).
 * Values compare by the simulator's type: FLOAT as floats, DATE_TIME as instants, other numbers as exact decimals,
 * arrays element by element, everything else as text. JSON is read with SnakeYAML (JSON is YAML flow style), which
 * may type a number as text: comparison goes through a canonical text form, so that does not matter. Stateless.
 */
final class MirrorCheck
{
    private MirrorCheck()
    {
    }

    /**
     * Lists the tags whose IT value or status differs from the simulator's.
     *
     * @param dumpLines the simulator's dump, one JSON object a line
     * @param tagsPage  the receiver's {@code /api/tags} answer (body only), holding every tag
     * @return one line per differing tag ({@code nodeId: why}); empty when the mirror equals the plant
     */
    static List<String> differences(final List<String> dumpLines, final String tagsPage)
    {
        final Map<String, Map<String, Object>> it = new LinkedHashMap<>();
        final Object tags = parse(tagsPage).get("tags");
        if (tags instanceof List<?> list)
        {
            for (final Object tag : list)
            {
                final Map<String, Object> map = asMap(tag);
                it.put(String.valueOf(map.get("nodeId")), map);
            }
        }
        final List<String> differences = new ArrayList<>();
        for (final String line : dumpLines)
        {
            if (line.isBlank())
            {
                continue;
            }
            final Map<String, Object> plant = parse(line);
            final String nodeId = String.valueOf(plant.get("nodeId"));
            final Map<String, Object> mirror = it.get(nodeId);
            if (mirror == null)
            {
                differences.add(nodeId + ": not on IT");
                continue;
            }
            final String type = String.valueOf(plant.get("type"));
            final String expectedStatus = canonical("UINT32", plant.get("statusCode"));
            final String actualStatus = canonical("UINT32", mirror.get("statusCode"));
            if (!expectedStatus.equals(actualStatus))
            {
                differences.add(nodeId + ": status " + actualStatus + " != " + expectedStatus);
                continue;
            }
            final String expected = canonical(type, plant.get("value"));
            final String actual = canonical(type, mirror.get("value"));
            if (!expected.equals(actual))
            {
                differences.add(nodeId + ": value " + actual + " != " + expected + " (" + type + ")");
            }
        }
        return differences;
    }

    static Map<String, Object> parse(final String json)
    {
        return asMap(new Yaml(new SafeConstructor(new LoaderOptions())).load(json));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(final Object value)
    {
        if (!(value instanceof Map<?, ?>))
        {
            throw new IllegalArgumentException("not a JSON object: " + value);
        }
        return (Map<String, Object>)value;
    }

    static String canonical(final String type, final Object value)
    {
        if (value == null)
        {
            return "null";
        }
        if (value instanceof List<?> list)
        {
            final String element = type.endsWith("_ARRAY") ? type.substring(0, type.length() - "_ARRAY".length()) : type;
            final List<String> parts = new ArrayList<>();
            list.forEach(v -> parts.add(canonical(element, v)));
            return parts.toString();
        }
        final String text = String.valueOf(value);
        switch (type)
        {
            case "BOOLEAN":
            case "STRING":
                return text;
            case "DATE_TIME":
                try
                {
                    return Instant.parse(text).toString();
                }
                catch (final DateTimeParseException e)
                {
                    return text;
                }
            default:
                final BigDecimal number;
                try
                {
                    number = new BigDecimal(text);
                }
                catch (final NumberFormatException e)
                {
                    return text;
                }
                return "FLOAT".equals(type) ? Float.toString(number.floatValue())
                    : number.stripTrailingZeros().toPlainString();
        }
    }
}
