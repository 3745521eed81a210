package io.diodegw.config;

import java.util.List;

/**
 * A setting's value as written, before parsing.
 *
 * @param key    the dotted key as written (possibly unknown).
 * @param shape  how the value was written.
 * @param items  one text for a scalar, the item texts for a YAML list; empty otherwise.
 * @param source where it was written.
 */
record RawValue(String key, Shape shape, List<String> items, Source source)
{
    private static final int MAX_SHOWN_CHARS = 80;

    /**
     * How a value was written.
     */
    enum Shape
    {
        /** A single value. */
        SCALAR,
        /** A YAML list. */
        LIST,
        /** No value: {@code key:} or {@code key: ~}. */
        NULL,
        /** Written in a form already reported as a problem (an alias, a mapping where a value belongs). */
        REJECTED
    }

    static RawValue scalar(final String key, final String text, final Source source)
    {
        return new RawValue(key, Shape.SCALAR, List.of(text), source);
    }

    static RawValue of(final String key, final Shape shape, final Source source)
    {
        return new RawValue(key, shape, List.of(), source);
    }

    /**
     * @return the value as it appears in messages: a list in brackets, long text cut short, control characters
     *         escaped so that a message stays on one line.
     */
    String shown()
    {
        final String text = switch (shape)
        {
            case SCALAR -> items.get(0);
            case LIST -> "[" + String.join(", ", items) + "]";
            default -> "";
        };
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < text.length() && sb.length() < MAX_SHOWN_CHARS; i++)
        {
            final char c = text.charAt(i);
            if (c < ' ' || c == 0x7f || Character.isSurrogate(c) || c == '\u2028' || c == '\u2029' || c == '\u0085')
            {
                sb.append(String.format("\\u%04x", (int)c));
            }
            else
            {
                sb.append(c);
            }
        }
        if (sb.length() >= MAX_SHOWN_CHARS)
        {
            sb.append("...");
        }
        return sb.toString();
    }
}
