package io.diodegw.config;

import java.util.Objects;

/**
 * Where a setting's effective value came from.
 *
 * @param kind the kind of origin.
 * @param name the file name (for {@link Kind#FILE}), the environment variable (for {@link Kind#ENVIRONMENT}),
 *             or a label chosen by the caller (for {@link Kind#PROGRAM}); empty for {@link Kind#DEFAULT}.
 * @param line the 1-based line in the file, or 0 when unknown or not a file.
 */
public record Source(Kind kind, String name, int line)
{
    /** The declared default applies. */
    public static final Source DEFAULT = new Source(Kind.DEFAULT, "", 0);

    /**
     * Origins of a value.
     */
    public enum Kind
    {
        /** The declaration's default. */
        DEFAULT,
        /** A YAML configuration file. */
        FILE,
        /** A {@code DIODEGW_*} environment variable. */
        ENVIRONMENT,
        /** A map of values handed over by code, see {@link ConfigLoader#fromValues}. */
        PROGRAM
    }

    /**
     * @throws NullPointerException if kind or name is null.
     */
    public Source
    {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
    }

    /**
     * @param fileName the file name shown to users, e.g. {@code sender.yaml}.
     * @param line     1-based line, or 0 when unknown.
     * @return a file origin.
     */
    public static Source file(final String fileName, final int line)
    {
        return new Source(Kind.FILE, fileName, line);
    }

    /**
     * @param variable the environment variable's name.
     * @return an environment origin.
     */
    public static Source environment(final String variable)
    {
        return new Source(Kind.ENVIRONMENT, variable, 0);
    }

    /**
     * @return {@code default}, {@code sender.yaml line 3}, {@code env DIODEGW_LINK_MTU_BYTES} or the program label.
     */
    @Override
    public String toString()
    {
        return switch (kind)
        {
            case DEFAULT -> "default";
            case FILE -> line > 0 ? name + " line " + line : name;
            case ENVIRONMENT -> "env " + name;
            case PROGRAM -> name;
        };
    }
}
