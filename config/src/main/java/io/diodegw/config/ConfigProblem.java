package io.diodegw.config;

import java.util.Objects;

/**
 * One thing wrong with a configuration, phrased for the operator who has to fix it: it names the setting, the
 * offending value and where it came from, what is allowed, and the fix.
 *
 * @param key     the dotted setting key the problem is about, or null when it is not about one declared setting
 *                (malformed YAML, an unknown key or environment variable).
 * @param source  where the offending input came from; {@link Source#DEFAULT} for a missing required setting.
 * @param message a single line of text.
 */
public record ConfigProblem(String key, Source source, String message)
{
    /**
     * @throws NullPointerException if source or message is null.
     */
    public ConfigProblem
    {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString()
    {
        return message;
    }
}
