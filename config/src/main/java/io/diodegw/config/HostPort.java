package io.diodegw.config;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A host and a port as written in a {@link SettingType#HOST_PORT} setting. The host is kept as text and is not
 * resolved here: an IP literal never needs DNS, and a name is resolved by whoever opens the socket.
 *
 * @param host an IPv4 literal ({@code 10.0.0.2}), an IPv6 literal without brackets ({@code fd00::2}) or a DNS
 *             name ({@code diode-it.plant.local}).
 * @param port 0..65535; 0 asks the operating system for a free port when binding.
 */
public record HostPort(String host, int port)
{
    /** Largest UDP/TCP port number. */
    public static final int MAX_PORT = 65_535;

    /**
     * @throws IllegalArgumentException if the host is not a valid literal or name, or the port is out of range.
     */
    public HostPort
    {
        Objects.requireNonNull(host, "host");
        final String problem = ValueParsers.hostProblem(host);
        if (problem != null)
        {
            throw new IllegalArgumentException("host '" + host + "' " + problem);
        }
        if (port < 0 || port > MAX_PORT)
        {
            throw new IllegalArgumentException("port " + port + " is outside 0.." + MAX_PORT);
        }
    }

    /**
     * @param text {@code host:port}, with IPv6 literals in brackets: {@code [fd00::2]:4950}.
     * @return the parsed value.
     * @throws IllegalArgumentException if the text is not a valid {@code host:port}.
     */
    public static HostPort parse(final String text)
    {
        try
        {
            return ValueParsers.parseHostPort(text);
        }
        catch (final InvalidValueException ex)
        {
            throw new IllegalArgumentException("'" + text + "' " + ex.getMessage(), ex);
        }
    }

    /**
     * @return true when the host contains a colon, i.e. is an IPv6 literal.
     */
    public boolean isIpv6Literal()
    {
        return host.indexOf(':') >= 0;
    }

    /**
     * Creates a socket address, resolving a DNS name if the host is one (this may block on DNS).
     *
     * @return an address for binding or sending; unresolved if the name could not be resolved.
     */
    public InetSocketAddress toInetSocketAddress()
    {
        return new InetSocketAddress(host, port);
    }

    /**
     * @return {@code host:port}, with IPv6 literals in brackets; parses back to an equal value.
     */
    @Override
    public String toString()
    {
        return isIpv6Literal() ? "[" + host + "]:" + port : host + ":" + port;
    }
}
