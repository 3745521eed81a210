package io.diodegw.config;

import java.util.Collection;
import java.util.Locale;

/**
 * "Did you mean" for misspelt keys and environment variables, by Levenshtein distance ignoring case.
 */
final class Suggestions
{
    /** Longer inputs get no suggestion: they are not typos, and the distance costs O(n * m). */
    private static final int MAX_INPUT_CHARS = 100;

    private Suggestions()
    {
    }

    /**
     * @param input      what was written.
     * @param candidates the names it may have meant.
     * @return the closest candidate within a third of its length in edits (at least 2), or a candidate that
     *         starts with the input at a dot or camel-case boundary; null if nothing is close.
     */
    static String closest(final String input, final Collection<String> candidates)
    {
        if (input.isEmpty() || input.length() > MAX_INPUT_CHARS)
        {
            return null;
        }
        final String in = input.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (final String candidate : candidates)
        {
            final int distance = distance(in, candidate.toLowerCase(Locale.ROOT));
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }
        if (best != null && bestDistance <= Math.max(2, best.length() / 3))
        {
            return best;
        }
        for (final String candidate : candidates)
        {
            if (candidate.length() > input.length() && candidate.toLowerCase(Locale.ROOT).startsWith(in))
            {
                final char next = candidate.charAt(input.length());
                if (next == '.' || next == '_' || Character.isUpperCase(next))
                {
                    return candidate;
                }
            }
        }
        return null;
    }

    static int distance(final String a, final String b)
    {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++)
        {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++)
            {
                final int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            final int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
