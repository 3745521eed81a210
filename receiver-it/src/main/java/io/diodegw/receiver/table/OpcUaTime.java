package io.diodegw.receiver.table;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * OPC UA DateTime (signed 64-bit count of 100-ns ticks since 1601-01-01 UTC, plus 0..9999 picoseconds in 10-ps
 * units) to Unix milliseconds and to ISO-8601 text at full precision. Stateless and thread-safe.
 */
public final class OpcUaTime
{
    /** Ticks from 1601-01-01 to 1970-01-01. */
    public static final long UNIX_EPOCH_TICKS = 116_444_736_000_000_000L;
    /** Ticks per millisecond. */
    public static final long TICKS_PER_MS = 10_000;
    private static final long TICKS_PER_SECOND = 10_000_000;
    private static final DateTimeFormatter SECONDS =
        DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    private OpcUaTime()
    {
    }

    /** @return ms since 1970-01-01T00:00Z, rounded down. */
    public static long toUnixMs(final long ticks)
    {
        return Math.floorDiv(ticks - UNIX_EPOCH_TICKS, TICKS_PER_MS);
    }

    /** @return the ticks of a Unix time in ms. */
    public static long fromUnixMs(final long unixMs)
    {
        return unixMs * TICKS_PER_MS + UNIX_EPOCH_TICKS;
    }

    /**
     * @param ticks       100-ns ticks since 1601-01-01 UTC.
     * @param picoseconds 0..9999, in 10-ps units.
     * @return e.g. {@code 2026-11-23T12:00:00.1234567Z} (7 fraction digits, the tick precision), or with 11 fraction
     *     digits when the picoseconds are not 0: {@code 2026-11-23T12:00:00.12345670042Z}.
     */
    public static String toIso(final long ticks, final int picoseconds)
    {
        final long sinceUnix = ticks - UNIX_EPOCH_TICKS;
        final long seconds = Math.floorDiv(sinceUnix, TICKS_PER_SECOND);
        final long fraction = Math.floorMod(sinceUnix, TICKS_PER_SECOND);
        final StringBuilder sb = new StringBuilder(40);
        sb.append(SECONDS.format(Instant.ofEpochSecond(seconds))).append('.');
        final String digits = Long.toString(fraction);
        for (int i = digits.length(); i < 7; i++)
        {
            sb.append('0');
        }
        sb.append(digits);
        if (picoseconds != 0)
        {
            final String pico = Integer.toString(picoseconds);
            for (int i = pico.length(); i < 4; i++)
            {
                sb.append('0');
            }
            sb.append(pico);
        }
        return sb.append('Z').toString();
    }

    /** @return ISO-8601 text of a Unix time in ms, e.g. {@code 2026-11-23T12:00:00.123Z}. */
    public static String unixMsToIso(final long unixMs)
    {
        return Instant.ofEpochMilli(unixMs).toString();
    }
}
