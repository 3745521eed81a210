package io.diodegw.systest.hostile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Reads how many datagrams the Linux kernel dropped at a bound UDP socket because its receive buffer was full: the
 * {@code drops} column of {@code /proc/net/udp} and {@code /proc/net/udp6} for the local port. Stateless; blocking
 * file reads, for tests only.
 */
public final class SocketDrops
{
    /** Returned when the figure cannot be read (not Linux, no such socket). */
    public static final long UNKNOWN = -1;

    private static final List<Path> TABLES = List.of(Path.of("/proc/net/udp"), Path.of("/proc/net/udp6"));
    private static final int LOCAL_ADDRESS_COLUMN = 1;

    private SocketDrops()
    {
    }

    /**
     * @param localPort the socket's bound port.
     * @return the sum of the drops of every UDP socket bound to that port, or {@link #UNKNOWN}.
     */
    public static long of(final int localPort)
    {
        final String portSuffix = ":" + String.format(Locale.ROOT, "%04X", localPort);
        long drops = 0;
        boolean found = false;
        for (final Path table : TABLES)
        {
            final List<String> lines;
            try
            {
                lines = Files.readAllLines(table, StandardCharsets.US_ASCII);
            }
            catch (final IOException ex)
            {
                continue;
            }
            for (int i = 1; i < lines.size(); i++)
            {
                final String[] columns = lines.get(i).trim().split("\\s+");
                if (columns.length > LOCAL_ADDRESS_COLUMN && columns[LOCAL_ADDRESS_COLUMN].endsWith(portSuffix))
                {
                    try
                    {
                        drops += Long.parseLong(columns[columns.length - 1]);
                        found = true;
                    }
                    catch (final NumberFormatException ex)
                    {
                        return UNKNOWN;
                    }
                }
            }
        }
        return found ? drops : UNKNOWN;
    }
}
