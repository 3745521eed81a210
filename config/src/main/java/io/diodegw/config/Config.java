package io.diodegw.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The validated, effective configuration of one side: every setting that side reads, with its value and where the
 * value came from. Created only by {@link ConfigLoader}, so every value is within its declared bounds and every
 * cross-field rule holds.
 *
 * <p>Immutable and thread-safe; share one instance freely. Read values with the declarations:
 * <pre>{@code
 * int mtuBytes = config.get(LinkSettings.MTU_BYTES);
 * long heartbeatIntervalMs = config.get(SenderSettings.HEARTBEAT_INTERVAL_MS);
 * Optional<InetAddress> source = config.find(SenderSettings.BIND_ADDRESS);
 * }</pre>
 */
public final class Config
{
    private static final String MASK = "********";

    private final Side side;
    private final String origin;
    private final Map<Setting<?>, Object> values;
    private final Map<Setting<?>, Source> sources;

    Config(final Side side, final String origin, final Map<Setting<?>, Object> values,
        final Map<Setting<?>, Source> sources)
    {
        this.side = side;
        this.origin = origin;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
    }

    /**
     * @return {@link Side#SENDER} or {@link Side#RECEIVER}.
     */
    public Side side()
    {
        return side;
    }

    /**
     * @param setting a setting this side reads.
     * @param <T>     its value type.
     * @return its value (never null).
     * @throws IllegalArgumentException if this side does not read the setting.
     * @throws IllegalStateException    if the setting is optional and not set: use {@link #find(Setting)}.
     */
    public <T> T get(final Setting<T> setting)
    {
        return find(setting).orElseThrow(() -> new IllegalStateException(
            setting.key() + " is optional and not set; read it with Config.find"));
    }

    /**
     * @param setting a setting this side reads.
     * @param <T>     its value type.
     * @return its value, empty only for an optional setting that is not set.
     * @throws IllegalArgumentException if this side does not read the setting.
     */
    @SuppressWarnings("unchecked")
    public <T> Optional<T> find(final Setting<T> setting)
    {
        checkReadable(setting);
        return Optional.ofNullable((T)values.get(setting));
    }

    /**
     * @param setting a setting this side reads.
     * @return where its effective value came from ({@link Source#DEFAULT} also for an unset optional setting).
     * @throws IllegalArgumentException if this side does not read the setting.
     */
    public Source sourceOf(final Setting<?> setting)
    {
        checkReadable(setting);
        return sources.getOrDefault(setting, Source.DEFAULT);
    }

    /**
     * @return every setting this side reads, in documentation order.
     */
    public List<Setting<?>> settings()
    {
        return Settings.readBy(side);
    }

    /**
     * @return one line per setting: key, effective value as an operator would write it (secrets masked) and its
     *         origin ({@code default}, {@code sender.yaml line 3} or {@code env DIODEGW_...}), after a header line.
     */
    public String describe()
    {
        final List<Setting<?>> settings = settings();
        final List<String> shown = new ArrayList<>(settings.size());
        int keyWidth = 0;
        int valueWidth = 0;
        for (final Setting<?> setting : settings)
        {
            final Object value = values.get(setting);
            final String text = value == null ? "(not set)" : setting.isSecret() ? MASK : setting.format(value);
            shown.add(text);
            keyWidth = Math.max(keyWidth, setting.key().length());
            valueWidth = Math.max(valueWidth, text.length());
        }
        final StringBuilder sb = new StringBuilder();
        sb.append(side.label()).append(" configuration from ").append(origin).append(" (effective values):");
        for (int i = 0; i < settings.size(); i++)
        {
            final Setting<?> setting = settings.get(i);
            sb.append('\n').append("  ").append(pad(setting.key(), keyWidth)).append(" = ")
                .append(pad(shown.get(i), valueWidth)).append("  ").append(sourceOf(setting));
        }
        return sb.toString();
    }

    @Override
    public String toString()
    {
        return describe();
    }

    private void checkReadable(final Setting<?> setting)
    {
        if (!setting.side().isReadBy(side))
        {
            throw new IllegalArgumentException(setting.key() + " is a " + setting.side().label()
                + " setting; the " + side.label() + " configuration does not hold it");
        }
    }

    private static String pad(final String text, final int width)
    {
        final StringBuilder sb = new StringBuilder(text);
        while (sb.length() < width)
        {
            sb.append(' ');
        }
        return sb.toString();
    }
}
