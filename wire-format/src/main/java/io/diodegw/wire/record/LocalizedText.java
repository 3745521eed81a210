package io.diodegw.wire.record;

/**
 * An OPC UA LocalizedText value.
 *
 * @param locale the locale id such as {@code en-US}; may be null.
 * @param text the text; may be null.
 */
public record LocalizedText(String locale, String text)
{
}
