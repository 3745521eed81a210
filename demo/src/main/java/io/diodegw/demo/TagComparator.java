package io.diodegw.demo;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Compares one tag as the simulator holds it (a line of its {@code dump}) with the same tag as the receiver serves
 * it ({@code GET /api/tags}). Values compare by the simulator's type name: Float as floats, other numbers exactly
 * as decimals, arrays element by element, DateTime as instants, Boolean and String as themselves; NaN and the
 * infinities arrive as strings on both sides and compare as text. Status codes compare as numbers, without the
 * overflow info bits an OPC UA server adds when a monitored item's queue overflowed. Stateless.
 */
public final class TagComparator
{
    private TagComparator()
    {
    }

    /**
     * @param simulator the simulator's tag: {@code nodeId, type, value, statusCode, sourceTime}.
     * @param receiver  the receiver's tag ({@code value, statusCode, streamSequence}), or null when it has none.
     * @return null when they are equal, else why not (for the report).
     */
    public static String difference(final Map<String, Object> simulator, final Map<String, Object> receiver)
    {
        if (receiver == null)
        {
            return "never received";
        }
        if (receiver.get("streamSequence") == null)
        {
            return "definition received but no value";
        }
        if (!numberEquals(simulator.get("statusCode"), withoutOverflow(receiver.get("statusCode"))))
        {
            return "status " + receiver.get("statusCode") + " != simulator's " + simulator.get("statusCode");
        }
        final String type = String.valueOf(simulator.get("type"));
        final Object expected = simulator.get("value");
        final Object actual = receiver.get("value");
        if (!valueEquals(type, expected, actual))
        {
            return "value " + actual + " != simulator's " + expected + " (" + type + ")";
        }
        return null;
    }

    /**
     * @return whether both source timestamps name the same instant (null equals null).
     */
    static boolean sourceTimeEquals(final Map<String, Object> simulator, final Map<String, Object> receiver)
    {
        return instantEquals(simulator.get("sourceTime"), receiver.get("sourceTimestamp"));
    }

    static boolean valueEquals(final String type, final Object expected, final Object actual)
    {
        if (expected == null || actual == null)
        {
            return expected == actual;
        }
        if (type.endsWith("_ARRAY"))
        {
            if (!(expected instanceof List<?> e) || !(actual instanceof List<?> a) || e.size() != a.size())
            {
                return false;
            }
            final String elementType = type.substring(0, type.length() - "_ARRAY".length());
            for (int i = 0; i < e.size(); i++)
            {
                if (!valueEquals(elementType, e.get(i), a.get(i)))
                {
                    return false;
                }
            }
            return true;
        }
        switch (type)
        {
            case "FLOAT":
                if (expected instanceof BigDecimal e && actual instanceof BigDecimal a)
                {
                    return e.floatValue() == a.floatValue();
                }
                return expected.equals(actual);
            case "DATE_TIME":
                return instantEquals(expected, actual);
            case "BOOLEAN":
            case "STRING":
                return expected.equals(actual);
            default:
                return numberEquals(expected, actual);
        }
    }

    /** The receiver's status without the overflow info bits ({@link SimulatorHistory#withoutOverflow}). */
    private static Object withoutOverflow(final Object status)
    {
        return status instanceof BigDecimal n
            ? BigDecimal.valueOf(SimulatorHistory.withoutOverflow(n.longValue())) : status;
    }

    private static boolean numberEquals(final Object expected, final Object actual)
    {
        if (expected instanceof BigDecimal e && actual instanceof BigDecimal a)
        {
            return e.compareTo(a) == 0;
        }
        return Objects.equals(expected, actual);
    }

    private static boolean instantEquals(final Object expected, final Object actual)
    {
        if (expected == null || actual == null)
        {
            return expected == actual;
        }
        try
        {
            return Instant.parse(expected.toString()).equals(Instant.parse(actual.toString()));
        }
        catch (final DateTimeParseException ex)
        {
            return false;
        }
    }
}
