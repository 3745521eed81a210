package io.diodegw.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Loads, validates and freezes the configuration of one side.
 *
 * <p>The effective value of each setting is, from highest precedence: the environment variable
 * ({@link Setting#envVariable()}), the YAML file, the declared default. Everything is validated before a
 * {@link Config} is returned: unknown keys (with a "did you mean" suggestion), settings of the other side, values
 * of the wrong type or out of bounds, missing required settings and cross-field rules. All problems are collected
 * and thrown together in one {@link ConfigException}; nothing else escapes for bad input.
 *
 * <p>Environment variables starting with {@code DIODEGW_} must each name a setting; those of the other side are
 * ignored, so one environment can serve a sender and a receiver on the same host.
 *
 * <p>Stateless and thread-safe.
 */
public final class ConfigLoader
{
    private ConfigLoader()
    {
    }

    /**
     * Loads {@code file} with overrides from the process environment.
     *
     * @param side {@link Side#SENDER} or {@link Side#RECEIVER}.
     * @param file the side's YAML file, usually {@code sender.yaml} or {@code receiver.yaml}.
     * @return the validated configuration.
     * @throws ConfigException if the file cannot be read or the configuration is invalid.
     */
    public static Config load(final Side side, final Path file)
    {
        return load(side, file, System.getenv());
    }

    /**
     * Loads {@code file} with overrides from {@code env}.
     *
     * @param side {@link Side#SENDER} or {@link Side#RECEIVER}.
     * @param file the side's YAML file.
     * @param env  environment variables; only those starting with {@code DIODEGW_} are read.
     * @return the validated configuration.
     * @throws ConfigException if the file cannot be read or the configuration is invalid.
     */
    public static Config load(final Side side, final Path file, final Map<String, String> env)
    {
        checkSide(side);
        final Path name = file.getFileName();
        final String fileName = name == null ? file.toString() : name.toString();
        final String text;
        try
        {
            if (Files.size(file) > YamlSettingsReader.MAX_CODE_POINTS * 4L)
            {
                throw fail(side, fileName, fileName + " (" + file + ") is larger than a configuration file can be");
            }
            text = Files.readString(file);
        }
        catch (final CharacterCodingException ex)
        {
            throw fail(side, fileName, fileName + " (" + file + ") is not UTF-8 text; save it as UTF-8");
        }
        catch (final IOException ex)
        {
            throw fail(side, fileName, "cannot read " + fileName + " (" + file.toAbsolutePath() + "): " + ex);
        }
        return fromText(side, fileName, text, env);
    }

    /**
     * Loads YAML text as if it were read from a file called {@code fileName}.
     *
     * @param side     {@link Side#SENDER} or {@link Side#RECEIVER}.
     * @param fileName the name messages use, e.g. {@code sender.yaml}.
     * @param yaml     the YAML text; empty means no settings from the file.
     * @param env      environment variables; only those starting with {@code DIODEGW_} are read.
     * @return the validated configuration.
     * @throws ConfigException if the configuration is invalid, including malformed YAML.
     */
    public static Config fromText(final Side side, final String fileName, final String yaml,
        final Map<String, String> env)
    {
        checkSide(side);
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(yaml, "yaml");
        Objects.requireNonNull(env, "env");
        final List<ConfigProblem> problems = new ArrayList<>();
        final Map<String, RawValue> fileValues = YamlSettingsReader.read(fileName, yaml, problems);
        return resolve(side, fileName, fileValues, env, problems);
    }

    /**
     * Builds a configuration from dotted keys and their text values, without a file or the environment; meant
     * for tests and tools that compose a configuration in code.
     *
     * @param side   {@link Side#SENDER} or {@link Side#RECEIVER}.
     * @param label  the origin shown by {@link Config#describe()} and in messages, e.g. {@code test}.
     * @param values dotted key to value text as it would be written in YAML (lists comma-separated).
     * @return the validated configuration.
     * @throws ConfigException     if the configuration is invalid.
     * @throws NullPointerException if a key or value is null.
     */
    public static Config fromValues(final Side side, final String label, final Map<String, String> values)
    {
        checkSide(side);
        Objects.requireNonNull(values, "values");
        final Source source = new Source(Source.Kind.PROGRAM, label, 0);
        final Map<String, RawValue> raw = new LinkedHashMap<>();
        for (final Map.Entry<String, String> e : new TreeMap<>(values).entrySet())
        {
            raw.put(e.getKey(), RawValue.scalar(e.getKey(), e.getValue(), source));
        }
        return resolve(side, label, raw, Map.of(), new ArrayList<>());
    }

    /**
     * @param fileValues the file's values, or null when the file was unusable: then missing required settings are
     *                   not reported, since the file may well hold them.
     */
    private static Config resolve(
        final Side side,
        final String fileName,
        final Map<String, RawValue> fileValues,
        final Map<String, String> env,
        final List<ConfigProblem> problems)
    {
        final Map<Setting<?>, RawValue> given = new LinkedHashMap<>();
        final boolean fileUsable = fileValues != null;
        if (fileUsable)
        {
            checkFileKeys(side, fileName, fileValues, given, problems);
        }
        checkEnvironment(side, env, given, problems);

        final Map<Setting<?>, Object> values = new LinkedHashMap<>();
        final Map<Setting<?>, Source> sources = new LinkedHashMap<>();
        for (final Setting<?> setting : Settings.readBy(side))
        {
            final RawValue raw = given.get(setting);
            if (raw == null)
            {
                if (setting.defaultValue().isPresent())
                {
                    values.put(setting, setting.defaultValue().get());
                    sources.put(setting, Source.DEFAULT);
                }
                else if (setting.isRequired() && fileUsable)
                {
                    problems.add(new ConfigProblem(setting.key(), Source.DEFAULT, setting.key() + " is required: "
                        + setting.summary() + setting.example().map(e -> ", e.g. " + e).orElse("")
                        + " (set it in " + fileName + " or " + setting.envVariable() + ")"));
                }
                continue;
            }
            if (raw.shape() == RawValue.Shape.REJECTED)
            {
                continue;
            }
            if (raw.shape() == RawValue.Shape.NULL)
            {
                problems.add(new ConfigProblem(setting.key(), raw.source(), setting.key() + " (" + raw.source()
                    + ") has no value; " + fix(setting) + ", or remove the key"));
                continue;
            }
            try
            {
                values.put(setting, setting.parse(raw.items(), raw.shape() == RawValue.Shape.LIST));
                sources.put(setting, raw.source());
            }
            catch (final InvalidValueException ex)
            {
                problems.add(new ConfigProblem(setting.key(), raw.source(), setting.key() + "=" + raw.shown()
                    + " (from " + raw.source() + ") " + ex.getMessage() + "; " + fix(setting)));
            }
        }
        CrossFieldRules.check(side, values, sources, problems);
        if (side == Side.SENDER)
        {
            CrossFieldRules.add(problems,
                CrossFieldRules.senderIdentityProblem(given, fileUsable ? fileName : null));
        }
        if (!problems.isEmpty())
        {
            throw new ConfigException(subject(side, fileName), problems);
        }
        return new Config(side, fileName, values, sources);
    }

    private static void checkFileKeys(
        final Side side,
        final String fileName,
        final Map<String, RawValue> fileValues,
        final Map<Setting<?>, RawValue> given,
        final List<ConfigProblem> problems)
    {
        final Set<Setting<?>> reportedParents = new HashSet<>();
        for (final RawValue raw : fileValues.values())
        {
            final Setting<?> setting = Settings.byKey(raw.key()).orElse(null);
            if (setting == null && raw.shape() == RawValue.Shape.REJECTED)
            {
                continue;
            }
            if (setting == null)
            {
                final Setting<?> parent = settingAbove(raw.key());
                if (parent != null)
                {
                    if (reportedParents.add(parent))
                    {
                        problems.add(new ConfigProblem(parent.key(), raw.source(), parent.key() + " (" + raw.source()
                            + ") must be a single value, not a mapping"));
                    }
                    if (parent.side().isReadBy(side))
                    {
                        given.put(parent, RawValue.of(parent.key(), RawValue.Shape.REJECTED, raw.source()));
                    }
                }
                else
                {
                    problems.add(new ConfigProblem(null, raw.source(), unknownKeyProblem(side, fileName, raw)));
                }
            }
            else if (!setting.side().isReadBy(side))
            {
                problems.add(new ConfigProblem(setting.key(), raw.source(), setting.key() + " (" + raw.source()
                    + ") is a " + setting.side().label() + " setting, which the " + side.label()
                    + " does not read; move it to " + setting.side().fileName() + " or remove it"));
            }
            else
            {
                given.put(setting, raw);
            }
        }
    }

    private static Setting<?> settingAbove(final String key)
    {
        for (int dot = key.lastIndexOf('.'); dot > 0; dot = key.lastIndexOf('.', dot - 1))
        {
            final Setting<?> parent = Settings.byKey(key.substring(0, dot)).orElse(null);
            if (parent != null)
            {
                return parent;
            }
        }
        return null;
    }

    private static String unknownKeyProblem(final Side side, final String fileName, final RawValue raw)
    {
        final String key = raw.key();
        final List<String> keys = keysReadBy(side);
        for (final String known : keys)
        {
            if (known.startsWith(key + "."))
            {
                return key + " (" + raw.source() + ") is a section, not a setting; write settings under it, e.g. "
                    + known;
            }
        }
        final String suggestion = Suggestions.closest(key, keys);
        return key + " (" + raw.source() + ") is not a setting"
            + (suggestion != null
            ? "; did you mean " + suggestion + "?"
            : " the " + side.label() + " reads; the settings of " + fileName + " are listed in docs/configuration.md");
    }

    private static void checkEnvironment(
        final Side side,
        final Map<String, String> env,
        final Map<Setting<?>, RawValue> given,
        final List<ConfigProblem> problems)
    {
        final List<Map.Entry<String, String>> entries = new ArrayList<>();
        for (final Map.Entry<String, String> e : env.entrySet())
        {
            if (e.getKey() != null && e.getValue() != null && e.getKey().startsWith(Setting.ENV_PREFIX))
            {
                entries.add(e);
            }
        }
        entries.sort(Map.Entry.comparingByKey());
        for (final Map.Entry<String, String> e : entries)
        {
            final String variable = e.getKey();
            final Source source = Source.environment(variable);
            final Setting<?> setting = Settings.byEnvVariable(variable).orElse(null);
            if (setting == null)
            {
                final List<String> names = new ArrayList<>();
                for (final Setting<?> s : Settings.all())
                {
                    names.add(s.envVariable());
                }
                final String suggestion = Suggestions.closest(variable, names);
                problems.add(new ConfigProblem(null, source, "environment variable " + RawValue.scalar(variable,
                    variable, source).shown() + " does not name a setting"
                    + (suggestion != null ? "; did you mean " + suggestion + "?" : "")
                    + " (every DIODEGW_ variable must; see docs/configuration.md)"));
            }
            else if (setting.side().isReadBy(side))
            {
                given.put(setting, RawValue.scalar(setting.key(), e.getValue(), source));
            }
        }
    }

    private static String fix(final Setting<?> setting)
    {
        return switch (setting.type())
        {
            case BOOLEAN, ENUM -> "set it to " + setting.allowedValues() + " (" + setting.summary() + ")";
            default -> "set it to " + setting.summary() + ", " + setting.allowedValues();
        };
    }

    private static List<String> keysReadBy(final Side side)
    {
        final List<String> keys = new ArrayList<>();
        for (final Setting<?> s : Settings.readBy(side))
        {
            keys.add(s.key());
        }
        return keys;
    }

    private static String subject(final Side side, final String fileName)
    {
        return side.label() + " configuration (" + fileName + ")";
    }

    private static ConfigException fail(final Side side, final String fileName, final String message)
    {
        return new ConfigException(subject(side, fileName), List.of(new ConfigProblem(null,
            Source.file(fileName, 0), message)));
    }

    private static void checkSide(final Side side)
    {
        if (side != Side.SENDER && side != Side.RECEIVER)
        {
            throw new IllegalArgumentException("load the configuration of SENDER or RECEIVER, not " + side);
        }
    }
}
