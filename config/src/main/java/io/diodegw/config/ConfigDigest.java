package io.diodegw.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * A SHA-256 hash of a whole effective configuration, for the audit trail: two processes with the same hash ran with
 * the same settings, whatever files, environment variables or defaults they came from.
 *
 * <p>The hash covers the UTF-8 {@link #canonicalText canonical text}: a line {@code side=<SIDE>}, then one line
 * {@code <key>=<value>} per setting the side reads that has a value, sorted by key, values in
 * {@link Setting#canonical canonical form}, each line ending in {@code \n}. A {@link Setting#isSecret() secret}
 * setting contributes {@code <key>=<secret>} only, so the hash shows that a secret is set but neither reveals nor
 * depends on it. Path settings contribute the path, never the file's contents: a key file replaced under the same
 * name leaves the hash unchanged (its fingerprint is audited separately).
 *
 * <p>Stateless and thread-safe; call it at start-up.
 */
public final class ConfigDigest
{
    /** What a secret setting's value is replaced by in the canonical text. */
    public static final String SECRET_PLACEHOLDER = "<secret>";

    private ConfigDigest()
    {
    }

    /**
     * @param config a configuration of either side.
     * @return the SHA-256 of {@link #canonicalText}, as 64 lower-case hex digits.
     */
    public static String sha256Hex(final Config config)
    {
        try
        {
            final byte[] digest = MessageDigest.getInstance("SHA-256")
                .digest(canonicalText(config).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("every Java platform provides SHA-256", ex);
        }
    }

    /**
     * @param config a configuration of either side.
     * @return the exact text that {@link #sha256Hex} hashes.
     */
    public static String canonicalText(final Config config)
    {
        final List<Setting<?>> settings = new ArrayList<>(config.settings());
        settings.sort(Comparator.comparing(Setting::key));
        final StringBuilder sb = new StringBuilder("side=").append(config.side().name()).append('\n');
        for (final Setting<?> setting : settings)
        {
            config.find(setting).ifPresent(v -> sb.append(setting.key()).append('=')
                .append(setting.isSecret() ? SECRET_PLACEHOLDER : setting.canonical(v)).append('\n'));
        }
        return sb.toString();
    }
}
