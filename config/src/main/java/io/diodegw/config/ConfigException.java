package io.diodegw.config;

import java.util.List;

/**
 * Thrown when a configuration cannot be used; carries every problem found, not just the first.
 *
 * <p>{@link #getMessage()} is a header line followed by one line per problem, ready to print to an operator.
 */
public final class ConfigException extends RuntimeException
{
    private static final int MAX_PROBLEMS_IN_MESSAGE = 100;

    private final transient List<ConfigProblem> problems;

    /**
     * @param subject  what was being loaded, e.g. {@code sender configuration}.
     * @param problems at least one problem.
     * @throws IllegalArgumentException if problems is empty.
     */
    public ConfigException(final String subject, final List<ConfigProblem> problems)
    {
        super(render(subject, problems));
        this.problems = List.copyOf(problems);
    }

    /**
     * @return every problem found, in the order they were found (file problems first, then environment, then
     *         missing and out-of-range values in declaration order, then cross-field rules).
     */
    public List<ConfigProblem> problems()
    {
        return problems;
    }

    private static String render(final String subject, final List<ConfigProblem> problems)
    {
        if (problems.isEmpty())
        {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        final StringBuilder sb = new StringBuilder();
        sb.append(subject).append(" is invalid (").append(problems.size())
            .append(problems.size() == 1 ? " problem):" : " problems):");
        final int shown = Math.min(problems.size(), MAX_PROBLEMS_IN_MESSAGE);
        for (int i = 0; i < shown; i++)
        {
            sb.append('\n').append("  ").append(problems.get(i).message());
        }
        if (shown < problems.size())
        {
            sb.append('\n').append("  ... and ").append(problems.size() - shown).append(" more");
        }
        return sb.toString();
    }
}
