package io.diodegw.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The catalog of every declared setting, grouped by area. Immutable and thread-safe.
 */
public final class Settings
{
    /**
     * One group of declarations, documented together.
     *
     * @param title       heading in {@code docs/configuration.md}.
     * @param side        the side that reads the area's settings.
     * @param description a paragraph introducing the area.
     * @param settings    the declarations in documentation order.
     */
    public record Area(String title, Side side, String description, List<Setting<?>> settings)
    {
    }

    private static final List<Area> AREAS = List.of(
        new Area("Link settings", Side.LINK,
            "Read by both ends, which must agree: they shape the datagrams on the wire. Copy the same `link:` "
            + "section into `sender.yaml` and `receiver.yaml`. Both ends hash these values into the link "
            + "fingerprint; the sender repeats it in every heartbeat and the receiver reports a mismatch.",
            LinkSettings.ALL),
        new Area("Sender settings", Side.SENDER,
            "Read only by the OT-side sender, from `sender.yaml`.", SenderSettings.ALL),
        new Area("Receiver settings", Side.RECEIVER,
            "Read only by the IT-side receiver, from `receiver.yaml`.", ReceiverSettings.ALL));

    private static final Map<String, Setting<?>> BY_KEY;
    private static final Map<String, Setting<?>> BY_ENV;

    static
    {
        final Map<String, Setting<?>> byKey = new LinkedHashMap<>();
        final Map<String, Setting<?>> byEnv = new HashMap<>();
        for (final Area area : AREAS)
        {
            for (final Setting<?> setting : area.settings())
            {
                if (setting.side() != area.side())
                {
                    throw new IllegalStateException(setting.key() + " is declared in the wrong area");
                }
                if (byKey.put(setting.key(), setting) != null)
                {
                    throw new IllegalStateException(setting.key() + " is declared twice");
                }
                if (byEnv.put(setting.envVariable(), setting) != null)
                {
                    throw new IllegalStateException(setting.envVariable() + " names two settings");
                }
            }
        }
        BY_KEY = Collections.unmodifiableMap(byKey);
        BY_ENV = Collections.unmodifiableMap(byEnv);
    }

    private Settings()
    {
    }

    /**
     * @return the areas in documentation order: link, sender, receiver.
     */
    public static List<Area> areas()
    {
        return AREAS;
    }

    /**
     * @return every declared setting, in documentation order.
     */
    public static List<Setting<?>> all()
    {
        return List.copyOf(BY_KEY.values());
    }

    /**
     * @param loadingSide {@link Side#SENDER} or {@link Side#RECEIVER}.
     * @return the settings that side reads: the link settings and its own, in documentation order.
     */
    public static List<Setting<?>> readBy(final Side loadingSide)
    {
        final List<Setting<?>> result = new ArrayList<>();
        for (final Setting<?> setting : BY_KEY.values())
        {
            if (setting.side().isReadBy(loadingSide))
            {
                result.add(setting);
            }
        }
        return result;
    }

    /**
     * @param key a dotted key.
     * @return the declaration with exactly that key.
     */
    public static Optional<Setting<?>> byKey(final String key)
    {
        return Optional.ofNullable(BY_KEY.get(key));
    }

    /**
     * @param variable an environment variable name.
     * @return the declaration that variable overrides.
     */
    public static Optional<Setting<?>> byEnvVariable(final String variable)
    {
        return Optional.ofNullable(BY_ENV.get(variable));
    }
}
