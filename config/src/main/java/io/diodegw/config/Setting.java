package io.diodegw.config;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The declaration of one setting: key, type, default, unit, bounds, description and the side that reads it.
 * Each setting is declared exactly once, as a {@code public static final} field of {@link LinkSettings},
 * {@link SenderSettings} or {@link ReceiverSettings}; {@link ConfigLoader} validates against these declarations,
 * {@link ConfigurationDoc} documents them and {@link Config#get(Setting)} reads them.
 *
 * <p>Immutable and thread-safe. The factory methods throw {@link IllegalArgumentException} for an inconsistent
 * declaration (malformed key, default outside the bounds), so a bad declaration fails when its class loads.
 *
 * <p>The first sentence of the description is its summary and must read as a noun phrase, because messages say
 * {@code "set it to <summary>, <bounds>"} and {@code "<key> is required: <summary>, e.g. <example>"}.
 *
 * @param <T> the Java type of the value, see {@link SettingType}.
 */
public final class Setting<T>
{
    /** Prefix of every environment variable that overrides a setting. */
    public static final String ENV_PREFIX = "DIODEGW_";

    private static final Pattern KEY = Pattern.compile("[a-z][a-zA-Z0-9]*(\\.[a-z][a-zA-Z0-9]*)+");

    private enum Presence
    {
        DEFAULTED, REQUIRED, OPTIONAL
    }

    private final Side side;
    private final String key;
    private final SettingType type;
    private final T defaultValue;
    private final Presence presence;
    private final long min;
    private final long max;
    private final Class<? extends Enum<?>> enumType;
    private final String unit;
    private final String description;
    private final String example;
    private final boolean secret;

    private Setting(
        final Side side,
        final String key,
        final SettingType type,
        final T defaultValue,
        final Presence presence,
        final long min,
        final long max,
        final Class<? extends Enum<?>> enumType,
        final String unit,
        final String description,
        final String example,
        final boolean secret)
    {
        this.side = Objects.requireNonNull(side, "side");
        this.key = Objects.requireNonNull(key, "key");
        this.type = Objects.requireNonNull(type, "type");
        this.defaultValue = defaultValue;
        this.presence = presence;
        this.min = min;
        this.max = max;
        this.enumType = enumType;
        this.unit = Objects.requireNonNull(unit, "unit");
        this.description = Objects.requireNonNull(description, "description");
        this.example = example;
        this.secret = secret;
        if (!KEY.matcher(key).matches())
        {
            throw new IllegalArgumentException("setting key '" + key + "' is not dotted lowerCamelCase");
        }
        if (min > max)
        {
            throw new IllegalArgumentException(key + ": min " + min + " > max " + max);
        }
        if (description.isBlank())
        {
            throw new IllegalArgumentException(key + ": a description is required");
        }
        if (defaultValue != null)
        {
            try
            {
                checkBounds(defaultValue);
            }
            catch (final InvalidValueException ex)
            {
                throw new IllegalArgumentException(key + ": default " + defaultValue + " " + ex.getMessage(), ex);
            }
        }
    }

    private static <V> Setting<V> declare(
        final Side side,
        final String key,
        final SettingType type,
        final V defaultValue,
        final long min,
        final long max,
        final Class<? extends Enum<?>> enumType,
        final String unit,
        final String description)
    {
        final Presence presence = defaultValue == null ? Presence.REQUIRED : Presence.DEFAULTED;
        return new Setting<>(
            side, key, type, defaultValue, presence, min, max, enumType, unit, description, null, false);
    }

    /**
     * Declares a 32-bit whole number.
     *
     * @param side         the side that reads it.
     * @param key          dotted lowerCamelCase key with the unit in its last word, e.g. {@code link.mtuBytes}.
     * @param defaultValue the default, or null for a required setting (then call {@link #required(String)}).
     * @param min          smallest allowed value.
     * @param max          largest allowed value.
     * @param unit         unit of the value (e.g. {@code bytes}, {@code symbols}), or empty for a plain number.
     * @param description  what it is, what it does and when to change it; the first sentence is a noun phrase.
     * @return the declaration.
     */
    public static Setting<Integer> integer(
        final Side side, final String key, final Integer defaultValue, final int min, final int max,
        final String unit, final String description)
    {
        return declare(side, key, SettingType.INT, defaultValue, min, max, null, unit, description);
    }

    /**
     * Declares a 64-bit whole number; parameters as for {@link #integer}.
     *
     * @return the declaration.
     */
    public static Setting<Long> longInteger(
        final Side side, final String key, final Long defaultValue, final long min, final long max,
        final String unit, final String description)
    {
        return declare(side, key, SettingType.LONG, defaultValue, min, max, null, unit, description);
    }

    /**
     * Declares a boolean; parameters as for {@link #integer}.
     *
     * @return the declaration.
     */
    public static Setting<Boolean> bool(
        final Side side, final String key, final Boolean defaultValue, final String description)
    {
        return declare(side, key, SettingType.BOOLEAN, defaultValue, 0, 1, null, "", description);
    }

    /**
     * Declares free text whose length in characters is within {@code minLength..maxLength}.
     *
     * @return the declaration.
     */
    public static Setting<String> string(
        final Side side, final String key, final String defaultValue, final int minLength, final int maxLength,
        final String description)
    {
        return declare(side, key, SettingType.STRING, defaultValue, minLength, maxLength, null, "characters",
            description);
    }

    /**
     * Declares a choice among the constants of {@code enumType}; values match constant names ignoring case.
     *
     * @return the declaration.
     */
    public static <E extends Enum<E>> Setting<E> enumeration(
        final Side side, final String key, final Class<E> enumType, final E defaultValue, final String description)
    {
        return declare(side, key, SettingType.ENUM, defaultValue, 0, enumType.getEnumConstants().length - 1,
            enumType, "", description);
    }

    /**
     * Declares a duration in milliseconds; the key should end in {@code Ms}.
     *
     * @return the declaration; values are milliseconds.
     */
    public static Setting<Long> durationMs(
        final Side side, final String key, final Long defaultMs, final long minMs, final long maxMs,
        final String description)
    {
        return declare(side, key, SettingType.DURATION, defaultMs, minMs, maxMs, null, "ms", description);
    }

    /**
     * Declares a size in bytes; the key should end in {@code Bytes}.
     *
     * @return the declaration; values are bytes.
     */
    public static Setting<Long> byteSize(
        final Side side, final String key, final Long defaultBytes, final long minBytes, final long maxBytes,
        final String description)
    {
        return declare(side, key, SettingType.BYTE_SIZE, defaultBytes, minBytes, maxBytes, null, "bytes", description);
    }

    /**
     * Declares a rate in bits per second; the key should end in {@code BitsPerSec}.
     *
     * @return the declaration; values are bits per second.
     */
    public static Setting<Long> bitRate(
        final Side side, final String key, final Long defaultBitsPerSec, final long minBitsPerSec,
        final long maxBitsPerSec, final String description)
    {
        return declare(side, key, SettingType.BIT_RATE, defaultBitsPerSec, minBitsPerSec, maxBitsPerSec, null,
            "bit/s", description);
    }

    /**
     * Declares a file system path. Only the syntax is checked: whether the file exists is for its reader to say.
     *
     * @return the declaration.
     */
    public static Setting<Path> path(
        final Side side, final String key, final Path defaultValue, final String description)
    {
        return declare(side, key, SettingType.PATH, defaultValue, 0, 0, null, "", description);
    }

    /**
     * Declares a list of at least {@code minItems} paths, written as a YAML list or comma-separated.
     *
     * @return the declaration; it is required (call {@link #required(String)} to give an example).
     */
    public static Setting<List<Path>> pathList(
        final Side side, final String key, final int minItems, final String description)
    {
        return declare(side, key, SettingType.PATH_LIST, null, minItems, Integer.MAX_VALUE, null, "", description);
    }

    /**
     * Declares a {@code host:port} whose port is within {@code minPort..65535}.
     *
     * @return the declaration.
     */
    public static Setting<HostPort> hostPort(
        final Side side, final String key, final HostPort defaultValue, final int minPort, final String description)
    {
        return declare(side, key, SettingType.HOST_PORT, defaultValue, minPort, HostPort.MAX_PORT, null, "",
            description);
    }

    /**
     * Declares an IP address literal.
     *
     * @return the declaration.
     */
    public static Setting<InetAddress> inetAddress(
        final Side side, final String key, final InetAddress defaultValue, final String description)
    {
        return declare(side, key, SettingType.INET_ADDRESS, defaultValue, 0, 0, null, "", description);
    }

    /**
     * @param exampleValue a valid value shown in the "is required" message and the docs, e.g. {@code 10.0.0.2:4950}.
     * @return a copy that must be set and has no default.
     * @throws IllegalArgumentException if the example is not a valid value.
     */
    public Setting<T> required(final String exampleValue)
    {
        final Setting<T> copy = new Setting<>(side, key, type, null, Presence.REQUIRED, min, max, enumType, unit,
            description, exampleValue, secret);
        try
        {
            copy.parse(List.of(exampleValue), false);
        }
        catch (final InvalidValueException ex)
        {
            throw new IllegalArgumentException(key + ": example " + exampleValue + " " + ex.getMessage(), ex);
        }
        return copy;
    }

    /**
     * @return a copy that may stay unset; read it with {@link Config#find(Setting)}.
     */
    public Setting<T> optional()
    {
        return new Setting<>(side, key, type, null, Presence.OPTIONAL, min, max, enumType, unit, description, null,
            secret);
    }

    /**
     * @return a copy whose value {@link Config#describe()} masks.
     */
    public Setting<T> secret()
    {
        return new Setting<>(side, key, type, defaultValue, presence, min, max, enumType, unit, description, example,
            true);
    }

    /**
     * @return the side that reads this setting.
     */
    public Side side()
    {
        return side;
    }

    /**
     * @return the dotted key, e.g. {@code link.mtuBytes}.
     */
    public String key()
    {
        return key;
    }

    /**
     * @return the value type.
     */
    public SettingType type()
    {
        return type;
    }

    /**
     * @return the unit of the value ({@code bytes}, {@code ms}, {@code bit/s}, {@code symbols}, ...), or empty.
     */
    public String unit()
    {
        return unit;
    }

    /**
     * @return the full description.
     */
    public String description()
    {
        return description;
    }

    /**
     * @return the first sentence of the description, starting in lower case unless it starts with an acronym.
     */
    public String summary()
    {
        final int end = description.indexOf(". ");
        String s = end < 0 ? description : description.substring(0, end);
        if (s.endsWith("."))
        {
            s = s.substring(0, s.length() - 1);
        }
        if (s.length() > 1 && Character.isUpperCase(s.charAt(0)) && !Character.isUpperCase(s.charAt(1)))
        {
            s = Character.toLowerCase(s.charAt(0)) + s.substring(1);
        }
        return s;
    }

    /**
     * @return the default, empty for required and optional settings.
     */
    public Optional<T> defaultValue()
    {
        return Optional.ofNullable(defaultValue);
    }

    /**
     * @return true when loading fails unless a value is given.
     */
    public boolean isRequired()
    {
        return presence == Presence.REQUIRED;
    }

    /**
     * @return true when the setting may stay unset.
     */
    public boolean isOptional()
    {
        return presence == Presence.OPTIONAL;
    }

    /**
     * @return the example value of a required setting, empty otherwise.
     */
    public Optional<String> example()
    {
        return Optional.ofNullable(example);
    }

    /**
     * @return true when the value must not be shown.
     */
    public boolean isSecret()
    {
        return secret;
    }

    /**
     * @return the overriding environment variable: {@code DIODEGW_} and the key in upper snake case, e.g.
     *         {@code link.fec.sourceSymbols} gives {@code DIODEGW_LINK_FEC_SOURCE_SYMBOLS}.
     */
    public String envVariable()
    {
        return envVariable(key);
    }

    static String envVariable(final String dottedKey)
    {
        final StringBuilder sb = new StringBuilder(ENV_PREFIX);
        for (int i = 0; i < dottedKey.length(); i++)
        {
            final char c = dottedKey.charAt(i);
            if (c == '.')
            {
                sb.append('_');
            }
            else if (Character.isUpperCase(c))
            {
                sb.append('_').append(c);
            }
            else
            {
                sb.append(Character.toUpperCase(c));
            }
        }
        return sb.toString();
    }

    /**
     * @return what values are allowed, e.g. {@code 576..9216 bytes}, {@code one of ENCRYPTED, INTEGRITY_ONLY},
     *         {@code 10ms..10s}.
     */
    public String allowedValues()
    {
        return switch (type)
        {
            case INT, LONG -> min + ".." + max + (unit.isEmpty() ? "" : " " + unit);
            case STRING -> min + ".." + max + " characters";
            case BOOLEAN -> "true or false";
            case ENUM -> "one of " + enumNames();
            case DURATION -> ValueParsers.formatDurationMs(min) + ".." + ValueParsers.formatDurationMs(max);
            case BYTE_SIZE -> ValueParsers.formatBytes(min) + ".." + ValueParsers.formatBytes(max);
            case BIT_RATE -> ValueParsers.formatBitRate(min) + ".." + ValueParsers.formatBitRate(max);
            case PATH -> "a file system path";
            case PATH_LIST -> "at least " + min + (min == 1 ? " path" : " paths") + " (a YAML list or comma-separated)";
            case HOST_PORT -> "host:port with port " + min + ".." + max;
            case INET_ADDRESS -> "an IPv4 or IPv6 address literal";
        };
    }

    /**
     * @param value a value of this setting.
     * @return the value as an operator would write it, e.g. {@code 4MiB}, {@code 200ms}, {@code 10.0.0.2:4950}.
     */
    public String format(final Object value)
    {
        return switch (type)
        {
            case DURATION -> ValueParsers.formatDurationMs((Long)value);
            case BYTE_SIZE -> ValueParsers.formatBytes((Long)value);
            case BIT_RATE -> ValueParsers.formatBitRate((Long)value);
            default -> canonical(value);
        };
    }

    /**
     * @param value a value of this setting.
     * @return the exact, unit-free text used by {@link LinkFingerprint}: whole numbers in base 10 in the setting's
     *         unit, enum constant names, paths joined by commas; line breaks and backslashes escaped.
     */
    public String canonical(final Object value)
    {
        final String text;
        if (value instanceof Enum<?> e)
        {
            text = e.name();
        }
        else if (value instanceof InetAddress address)
        {
            text = address.getHostAddress();
        }
        else if (value instanceof List<?> list)
        {
            final List<String> parts = new ArrayList<>(list.size());
            for (final Object o : list)
            {
                parts.add(o.toString());
            }
            text = String.join(",", parts);
        }
        else
        {
            text = String.valueOf(value);
        }
        return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    }

    /**
     * Parses and bounds-checks one value.
     *
     * @param items  one scalar, or the items of a YAML list.
     * @param isList true when the value was written as a YAML list.
     * @return the value.
     * @throws InvalidValueException with a reason completing {@code "<key>=<value> ..."}.
     */
    T parse(final List<String> items, final boolean isList) throws InvalidValueException
    {
        if (type == SettingType.PATH_LIST)
        {
            final List<String> texts = isList ? items : splitCommas(items.get(0));
            final List<Path> paths = new ArrayList<>(texts.size());
            for (final String text : texts)
            {
                paths.add(ValueParsers.parsePath(text));
            }
            @SuppressWarnings("unchecked") final T value = (T)List.copyOf(paths);
            checkBounds(value);
            return value;
        }
        if (isList)
        {
            throw new InvalidValueException("is a list, but a single " + type.docName() + " is expected");
        }
        final String text = items.get(0);
        final Object parsed = switch (type)
        {
            case INT ->
            {
                final long v = ValueParsers.parseWholeNumber(text);
                if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE)
                {
                    throw new InvalidValueException(
                        v < min ? "is below the minimum " + min : "is above the maximum " + max);
                }
                yield (int)v;
            }
            case LONG -> ValueParsers.parseWholeNumber(text);
            case BOOLEAN -> ValueParsers.parseBoolean(text);
            case STRING -> text;
            case ENUM -> parseEnum(text);
            case DURATION -> ValueParsers.parseDurationMs(text);
            case BYTE_SIZE -> ValueParsers.parseByteSize(text);
            case BIT_RATE -> ValueParsers.parseBitRate(text);
            case PATH -> ValueParsers.parsePath(text);
            case HOST_PORT -> ValueParsers.parseHostPort(text);
            case INET_ADDRESS -> ValueParsers.parseInetAddress(text);
            case PATH_LIST -> throw new IllegalStateException("handled above");
        };
        @SuppressWarnings("unchecked") final T value = (T)parsed;
        checkBounds(value);
        return value;
    }

    private Object parseEnum(final String text) throws InvalidValueException
    {
        for (final Enum<?> constant : enumType.getEnumConstants())
        {
            if (constant.name().equalsIgnoreCase(text.trim()))
            {
                return constant;
            }
        }
        throw new InvalidValueException("is not an allowed value");
    }

    private String enumNames()
    {
        final StringBuilder sb = new StringBuilder();
        for (final Enum<?> constant : enumType.getEnumConstants())
        {
            if (sb.length() > 0)
            {
                sb.append(", ");
            }
            sb.append(constant.name());
        }
        return sb.toString();
    }

    private void checkBounds(final Object value) throws InvalidValueException
    {
        switch (type)
        {
            case INT, LONG, DURATION, BYTE_SIZE, BIT_RATE ->
            {
                final long v = ((Number)value).longValue();
                if (v < min)
                {
                    throw new InvalidValueException("is below the minimum " + formatBound(min));
                }
                if (v > max)
                {
                    throw new InvalidValueException("is above the maximum " + formatBound(max));
                }
            }
            case STRING ->
            {
                final int length = ((String)value).length();
                if (length < min || length > max)
                {
                    throw new InvalidValueException("has " + length + " characters, outside " + min + ".." + max);
                }
            }
            case HOST_PORT ->
            {
                final int port = ((HostPort)value).port();
                if (port < min)
                {
                    throw new InvalidValueException("has port " + port + ", below the minimum " + min);
                }
            }
            case PATH_LIST ->
            {
                final int size = ((List<?>)value).size();
                if (size < min)
                {
                    throw new InvalidValueException("has " + size + (size == 1 ? " path" : " paths")
                        + ", fewer than the minimum " + min);
                }
            }
            default ->
            {
            }
        }
    }

    private String formatBound(final long bound)
    {
        return switch (type)
        {
            case DURATION -> ValueParsers.formatDurationMs(bound);
            case BYTE_SIZE -> ValueParsers.formatBytes(bound);
            case BIT_RATE -> ValueParsers.formatBitRate(bound);
            default -> Long.toString(bound);
        };
    }

    private static List<String> splitCommas(final String text)
    {
        final List<String> parts = new ArrayList<>();
        for (final String part : text.split(",", -1))
        {
            if (!part.isBlank())
            {
                parts.add(part.trim());
            }
        }
        return parts;
    }

    /**
     * @return the key.
     */
    @Override
    public String toString()
    {
        return key;
    }
}
