package io.diodegw.config;

/**
 * The value types a {@link Setting} can have, with the Java type {@link Config#get(Setting)} returns for each.
 */
public enum SettingType
{
    /** A 32-bit whole number: {@link Integer}. */
    INT("int"),

    /** A 64-bit whole number: {@link Long}. */
    LONG("long"),

    /** {@code true} or {@code false}: {@link Boolean}. */
    BOOLEAN("boolean"),

    /** Free text with length bounds: {@link String}. */
    STRING("string"),

    /** One of a fixed set of names: the declaring enum. */
    ENUM("enum"),

    /**
     * A time span in milliseconds, written {@code 500}, {@code 500ms}, {@code 2s}, {@code 5m} or {@code 1h}:
     * {@link Long}.
     */
    DURATION("duration"),

    /**
     * A size in bytes, written {@code 1500}, {@code 64KiB}, {@code 4MiB}, {@code 1GiB} or {@code 1TiB}: {@link Long}.
     */
    BYTE_SIZE("byte size"),

    /**
     * A rate in bits per second, written {@code 100000000}, {@code 500kbit/s}, {@code 100Mbit/s} or
     * {@code 1Gbit/s}: {@link Long}.
     */
    BIT_RATE("bit rate"),

    /** A file system path: {@link java.nio.file.Path}. */
    PATH("path"),

    /** One or more file system paths (a YAML list, or comma-separated): {@code List<Path>}. */
    PATH_LIST("list of paths"),

    /** A host (IPv4 literal, {@code [IPv6]} literal or DNS name) and a port: {@link HostPort}. */
    HOST_PORT("host:port"),

    /** An IPv4 or IPv6 address literal (never resolved through DNS): {@link java.net.InetAddress}. */
    INET_ADDRESS("IP address");

    private final String docName;

    SettingType(final String docName)
    {
        this.docName = docName;
    }

    /**
     * @return the name used in messages and in {@code docs/configuration.md}, e.g. {@code byte size}.
     */
    public String docName()
    {
        return docName;
    }
}
