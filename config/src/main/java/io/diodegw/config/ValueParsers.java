package io.diodegw.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text to value conversions for every {@link SettingType}, and the matching human-readable formatting. Stateless;
 * safe from any thread. Bounds are checked by {@link Setting}, not here.
 */
final class ValueParsers
{
    static final long KIB = 1024L;
    static final long MIB = 1024L * KIB;
    static final long GIB = 1024L * MIB;
    static final long TIB = 1024L * GIB;

    static final long MS_PER_SECOND = 1000L;
    static final long MS_PER_MINUTE = 60L * MS_PER_SECOND;
    static final long MS_PER_HOUR = 60L * MS_PER_MINUTE;

    static final long KBIT = 1000L;
    static final long MBIT = 1000L * KBIT;
    static final long GBIT = 1000L * MBIT;

    private static final int MAX_HOST_NAME_CHARS = 253;
    private static final int MAX_LABEL_CHARS = 63;
    private static final int IPV4_OCTETS = 4;
    private static final int MAX_OCTET = 255;

    private static final Pattern WHOLE_NUMBER = Pattern.compile("[+-]?[0-9]{1,19}");
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,19}) ?(ms|s|m|min|h)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern BYTE_SIZE =
        Pattern.compile("([0-9]{1,19}) ?(B|KiB|MiB|GiB|TiB)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern BIT_RATE = Pattern.compile(
        "([0-9]{1,19}) ?(bit/s|kbit/s|Mbit/s|Gbit/s|bps|kbps|Mbps|Gbps)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

    private ValueParsers()
    {
    }

    static long parseWholeNumber(final String text) throws InvalidValueException
    {
        final String t = text.trim();
        if (!WHOLE_NUMBER.matcher(t).matches())
        {
            throw new InvalidValueException("is not a whole number");
        }
        try
        {
            return Long.parseLong(t);
        }
        catch (final NumberFormatException ex)
        {
            throw new InvalidValueException("is too large");
        }
    }

    static long parseDurationMs(final String text) throws InvalidValueException
    {
        final Matcher m = DURATION.matcher(text.trim());
        if (!m.matches())
        {
            throw new InvalidValueException(
                "is not a duration; write whole milliseconds or add a unit: 500ms, 2s, 5m, 1h");
        }
        final String unit = m.group(2) == null ? "ms" : m.group(2).toLowerCase(Locale.ROOT);
        final long factor = switch (unit)
        {
            case "s" -> MS_PER_SECOND;
            case "m", "min" -> MS_PER_MINUTE;
            case "h" -> MS_PER_HOUR;
            default -> 1L;
        };
        return scaled(m.group(1), factor);
    }

    static long parseByteSize(final String text) throws InvalidValueException
    {
        final Matcher m = BYTE_SIZE.matcher(text.trim());
        if (!m.matches())
        {
            throw new InvalidValueException(
                "is not a byte size; write whole bytes or add a 1024-based unit: 64KiB, 4MiB, 1GiB, 1TiB");
        }
        final String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
        final long factor = switch (unit)
        {
            case "kib" -> KIB;
            case "mib" -> MIB;
            case "gib" -> GIB;
            case "tib" -> TIB;
            default -> 1L;
        };
        return scaled(m.group(1), factor);
    }

    static long parseBitRate(final String text) throws InvalidValueException
    {
        final Matcher m = BIT_RATE.matcher(text.trim());
        if (!m.matches())
        {
            throw new InvalidValueException(
                "is not a bit rate; write whole bits per second or add a unit: 500kbit/s, 100Mbit/s, 1Gbit/s");
        }
        final String unit = m.group(2) == null ? "bit/s" : m.group(2).toLowerCase(Locale.ROOT);
        final long factor = switch (unit)
        {
            case "kbit/s", "kbps" -> KBIT;
            case "mbit/s", "mbps" -> MBIT;
            case "gbit/s", "gbps" -> GBIT;
            default -> 1L;
        };
        return scaled(m.group(1), factor);
    }

    static boolean parseBoolean(final String text) throws InvalidValueException
    {
        final String t = text.trim().toLowerCase(Locale.ROOT);
        if ("true".equals(t))
        {
            return true;
        }
        if ("false".equals(t))
        {
            return false;
        }
        throw new InvalidValueException("is not true or false");
    }

    static Path parsePath(final String text) throws InvalidValueException
    {
        final String t = text.trim();
        if (t.isEmpty())
        {
            throw new InvalidValueException("is empty, a path is needed");
        }
        try
        {
            return Path.of(t);
        }
        catch (final InvalidPathException ex)
        {
            throw new InvalidValueException("is not a valid path (" + ex.getReason() + ")");
        }
    }

    static HostPort parseHostPort(final String text) throws InvalidValueException
    {
        final String t = text.trim();
        final String host;
        final String port;
        if (t.startsWith("["))
        {
            final int close = t.indexOf(']');
            if (close < 0 || close + 1 >= t.length() || t.charAt(close + 1) != ':')
            {
                throw new InvalidValueException("is not host:port; write an IPv6 address as [fd00::2]:4950");
            }
            host = t.substring(1, close);
            if (host.indexOf(':') < 0)
            {
                throw new InvalidValueException("is not host:port; brackets are only for IPv6 addresses");
            }
            port = t.substring(close + 2);
        }
        else
        {
            final int colon = t.lastIndexOf(':');
            if (colon < 0)
            {
                throw new InvalidValueException("has no port; write host:port, e.g. 10.0.0.2:4950");
            }
            if (t.indexOf(':') != colon)
            {
                throw new InvalidValueException("is not host:port; write an IPv6 address in brackets: [fd00::2]:4950");
            }
            host = t.substring(0, colon);
            port = t.substring(colon + 1);
        }
        final String hostProblem = hostProblem(host);
        if (hostProblem != null)
        {
            throw new InvalidValueException("has a host that " + hostProblem);
        }
        if (!PORT.matcher(port).matches() || Integer.parseInt(port) > HostPort.MAX_PORT)
        {
            throw new InvalidValueException("has a port that is not a number in 0.." + HostPort.MAX_PORT);
        }
        return new HostPort(host, Integer.parseInt(port));
    }

    static InetAddress parseInetAddress(final String text) throws InvalidValueException
    {
        final String t = text.trim();
        if (t.indexOf(':') >= 0)
        {
            return ipv6(t);
        }
        final String problem = ipv4Problem(t);
        if (problem != null)
        {
            throw new InvalidValueException("is not an IP address: it " + problem);
        }
        try
        {
            return InetAddress.getByName(t);
        }
        catch (final UnknownHostException | IllegalArgumentException ex)
        {
            throw new InvalidValueException("is not an IPv4 address");
        }
    }

    /**
     * @return null when the host is an acceptable IPv4 literal, IPv6 literal (unbracketed) or DNS name; otherwise
     *         the reason, completing the sentence "the host ...".
     */
    static String hostProblem(final String host)
    {
        if (host.isEmpty())
        {
            return "is empty";
        }
        if (host.indexOf(':') >= 0)
        {
            try
            {
                ipv6(host);
                return null;
            }
            catch (final InvalidValueException ex)
            {
                return ex.getMessage();
            }
        }
        final String[] labels = host.split("\\.", -1);
        if (DIGITS.matcher(labels[labels.length - 1]).matches())
        {
            return ipv4Problem(host);
        }
        if (host.length() > MAX_HOST_NAME_CHARS)
        {
            return "is longer than " + MAX_HOST_NAME_CHARS + " characters";
        }
        for (final String label : labels)
        {
            if (label.length() > MAX_LABEL_CHARS || !LABEL.matcher(label).matches())
            {
                return "is neither an IP address nor a DNS name (letters, digits and '-' between dots)";
            }
        }
        return null;
    }

    private static String ipv4Problem(final String host)
    {
        final String[] parts = host.split("\\.", -1);
        if (parts.length != IPV4_OCTETS)
        {
            return "is not an IPv4 address: it needs four numbers 0..255 separated by dots";
        }
        for (final String part : parts)
        {
            if (part.isEmpty() || part.length() > 3 || !DIGITS.matcher(part).matches()
                || Integer.parseInt(part) > MAX_OCTET || (part.length() > 1 && part.charAt(0) == '0'))
            {
                return "is not an IPv4 address: each of its four numbers must be 0..255 without leading zeros";
            }
        }
        return null;
    }

    private static InetAddress ipv6(final String host) throws InvalidValueException
    {
        if (!IPV6_CHARS.matcher(host).matches())
        {
            throw new InvalidValueException("is not an IPv6 address (scoped addresses with % are not supported)");
        }
        try
        {
            // brackets make the JDK parse a literal and never fall back to a DNS lookup
            return InetAddress.getByName("[" + host + "]");
        }
        catch (final UnknownHostException | IllegalArgumentException ex)
        {
            throw new InvalidValueException("is not a valid IPv6 address");
        }
    }

    private static long scaled(final String digits, final long factor) throws InvalidValueException
    {
        try
        {
            return Math.multiplyExact(Long.parseLong(digits), factor);
        }
        catch (final NumberFormatException | ArithmeticException ex)
        {
            throw new InvalidValueException("is too large");
        }
    }

    static String formatBytes(final long bytes)
    {
        if (bytes != 0)
        {
            if (bytes % TIB == 0)
            {
                return bytes / TIB + "TiB";
            }
            if (bytes % GIB == 0)
            {
                return bytes / GIB + "GiB";
            }
            if (bytes % MIB == 0)
            {
                return bytes / MIB + "MiB";
            }
            if (bytes % KIB == 0)
            {
                return bytes / KIB + "KiB";
            }
        }
        return Long.toString(bytes);
    }

    static String formatDurationMs(final long ms)
    {
        if (ms != 0)
        {
            if (ms % MS_PER_HOUR == 0)
            {
                return ms / MS_PER_HOUR + "h";
            }
            if (ms % MS_PER_MINUTE == 0)
            {
                return ms / MS_PER_MINUTE + "m";
            }
            if (ms % MS_PER_SECOND == 0)
            {
                return ms / MS_PER_SECOND + "s";
            }
        }
        return ms + "ms";
    }

    static String formatBitRate(final long bitsPerSec)
    {
        if (bitsPerSec != 0)
        {
            if (bitsPerSec % GBIT == 0)
            {
                return bitsPerSec / GBIT + "Gbit/s";
            }
            if (bitsPerSec % MBIT == 0)
            {
                return bitsPerSec / MBIT + "Mbit/s";
            }
            if (bitsPerSec % KBIT == 0)
            {
                return bitsPerSec / KBIT + "kbit/s";
            }
        }
        return bitsPerSec + "bit/s";
    }
}
