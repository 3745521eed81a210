package io.diodegw.config;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The version of this build of the gateway (the Maven project version, written into the config module's
 * {@code build.properties} at build time), for start-up logs and audit records.
 *
 * <p>Thread-safe.
 */
public final class SoftwareVersion
{
    /** Reported when the build properties are missing (e.g. classes compiled outside Maven). */
    public static final String UNKNOWN = "unknown";
    private static final String RESOURCE = "build.properties";
    private static final String VERSION = read();

    private SoftwareVersion()
    {
    }

    /** @return e.g. {@code 0.1.0-SNAPSHOT}, or {@link #UNKNOWN}. */
    public static String version()
    {
        return VERSION;
    }

    private static String read()
    {
        try (InputStream in = SoftwareVersion.class.getResourceAsStream(RESOURCE))
        {
            if (in == null)
            {
                return UNKNOWN;
            }
            final Properties properties = new Properties();
            properties.load(in);
            final String version = properties.getProperty("version", UNKNOWN).trim();
            return version.isEmpty() || version.startsWith("${") ? UNKNOWN : version;
        }
        catch (final IOException ex)
        {
            return UNKNOWN;
        }
    }
}
