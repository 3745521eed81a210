package io.diodegw.systest.hardening;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The sockets a Linux process holds, as {@code /proc} shows them: the socket inodes among its file descriptors
 * ({@code /proc/PID/fd/N -> socket:[INODE]}) matched against the socket tables of its network namespace
 * ({@code /proc/PID/net/tcp}, {@code tcp6}, {@code udp}, {@code udp6}, {@code raw}, {@code raw6}, {@code unix},
 * {@code netlink}, {@code packet}). A socket whose inode is in none of these tables is reported as
 * {@link Family#UNKNOWN}.
 *
 * <p>Stateless; every method reads {@code /proc} afresh. Sockets come and go while a snapshot is taken: only inodes
 * seen among the descriptors both before and after the tables were read are reported, so a socket closed meanwhile
 * is left out rather than reported as unknown.
 */
final class ProcSockets
{
    /** The root of the proc file system. */
    static final Path PROC = Path.of("/proc");

    private static final String SOCKET_LINK_PREFIX = "socket:[";
    private static final int TCP_LISTEN = 0x0A;
    private static final int UNIX_ACCEPTING_FLAG = 0x10000;
    private static final int INET_LOCAL_COLUMN = 1;
    private static final int INET_REMOTE_COLUMN = 2;
    private static final int INET_STATE_COLUMN = 3;
    private static final int INET_INODE_COLUMN = 9;
    private static final int UNIX_FLAGS_COLUMN = 3;
    private static final int UNIX_STATE_COLUMN = 5;
    private static final int UNIX_INODE_COLUMN = 6;
    private static final int UNIX_PATH_COLUMN = 7;
    private static final int NETLINK_INODE_COLUMN = 9;
    private static final int PACKET_INODE_COLUMN = 8;
    private static final int IPV4_HEX_CHARS = 8;
    private static final int IPV6_HEX_CHARS = 32;
    private static final int WORD_BYTES = 4;
    private static final String SS = "ss";
    private static final int SS_LOCAL_INODE_COLUMN = 5;
    private static final int SS_PEER_INODE_COLUMN = 7;

    /** A socket table of {@code /proc/PID/net}. */
    enum Family
    {
        TCP("tcp"),
        TCP6("tcp6"),
        UDP("udp"),
        UDP6("udp6"),
        RAW("raw"),
        RAW6("raw6"),
        UNIX("unix"),
        NETLINK("netlink"),
        PACKET("packet"),
        /** The inode is in none of the tables read. */
        UNKNOWN("");

        private final String table;

        Family(final String table)
        {
            this.table = table;
        }

        /** @return the file name under {@code /proc/PID/net}, empty for {@link #UNKNOWN}. */
        String table()
        {
            return table;
        }

        /** @return whether this is a TCP table. */
        boolean isTcp()
        {
            return this == TCP || this == TCP6;
        }

        /** @return whether this is a UDP table. */
        boolean isUdp()
        {
            return this == UDP || this == UDP6;
        }
    }

    /**
     * One socket.
     *
     * @param family    the table it was found in.
     * @param inode     the socket's inode.
     * @param local     the local address (IPv4-mapped IPv6 addresses as IPv4); null for unix, netlink, packet and
     *                  unknown sockets.
     * @param remote    the remote address, port 0 when none; null where {@code local} is.
     * @param state     the kernel's state code ({@code st} column; for unix the {@code St} column), -1 if none.
     * @param listening TCP: in LISTEN; UDP and raw: bound to a port but connected to nothing, so it receives
     *                  from anyone; unix: accepting connections; otherwise false.
     * @param path      a unix socket's path, empty if none.
     */
    record Socket(Family family, long inode, InetSocketAddress local, InetSocketAddress remote, int state,
        boolean listening, String path)
    {
        /** @return whether the socket has a remote address. */
        boolean isConnected()
        {
            return remote != null && remote.getPort() != 0;
        }

        @Override
        public String toString()
        {
            return family + " inode " + inode + (local == null ? "" : " " + local + " -> " + remote)
                + " state " + Integer.toHexString(state) + (listening ? " LISTENING" : "")
                + (path.isEmpty() ? "" : " " + path);
        }
    }

    private ProcSockets()
    {
    }

    /** @return whether this machine has the {@code /proc} files this class reads. */
    static boolean available()
    {
        return Files.isReadable(PROC.resolve("self/net/tcp")) && Files.isDirectory(PROC.resolve("self/fd"));
    }

    /**
     * @param pid a process of this user (or any process when running as root).
     * @return its sockets now.
     * @throws IOException if the process is gone or its descriptors cannot be read.
     */
    static List<Socket> of(final long pid) throws IOException
    {
        final Path dir = PROC.resolve(Long.toString(pid));
        final Set<Long> before = socketInodes(dir);
        final Map<Long, Socket> byInode = new HashMap<>();
        for (final Family family : Family.values())
        {
            if (family == Family.UNKNOWN)
            {
                continue;
            }
            final Path table = dir.resolve("net").resolve(family.table());
            if (!Files.isReadable(table))
            {
                continue;
            }
            for (final Socket socket : parse(family, Files.readAllLines(table)))
            {
                byInode.put(socket.inode(), socket);
            }
        }
        final Set<Long> after = socketInodes(dir);
        final List<Socket> sockets = new ArrayList<>();
        for (final Long inode : before)
        {
            if (after.contains(inode))
            {
                sockets.add(byInode.getOrDefault(inode,
                    new Socket(Family.UNKNOWN, inode, null, null, -1, false, "")));
            }
        }
        return sockets;
    }

    /**
     * The peers of unix sockets, as {@code ss -xan} reports them (the kernel's sock_diag; {@code /proc/net/unix} does
     * not show peers).
     *
     * @return socket inode to its peer's inode (0: no peer, e.g. the other end of a socket pair was closed); empty
     *         when {@code ss} is not installed or fails.
     */
    static Optional<Map<Long, Long>> unixPeers() throws InterruptedException
    {
        final Process ss;
        try
        {
            ss = new ProcessBuilder(SS, "-xan").redirectErrorStream(true).start();
        }
        catch (final IOException ex)
        {
            return Optional.empty();
        }
        final Map<Long, Long> peers = new HashMap<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(ss.getInputStream(),
            StandardCharsets.UTF_8)))
        {
            String line = out.readLine();
            while ((line = out.readLine()) != null)
            {
                final String[] c = line.strip().split("\\s+");
                if (c.length > SS_PEER_INODE_COLUMN)
                {
                    peers.put(Long.parseLong(c[SS_LOCAL_INODE_COLUMN]), Long.parseLong(c[SS_PEER_INODE_COLUMN]));
                }
            }
        }
        catch (final IOException | NumberFormatException ex)
        {
            ss.destroyForcibly();
            return Optional.empty();
        }
        return ss.waitFor() == 0 ? Optional.of(peers) : Optional.empty();
    }

    /**
     * @param processDir {@code /proc/PID}.
     * @return the inodes of the sockets among its open file descriptors.
     * @throws IOException if the descriptors cannot be listed.
     */
    static Set<Long> socketInodes(final Path processDir) throws IOException
    {
        final Set<Long> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(processDir.resolve("fd")))
        {
            for (final Path fd : fds)
            {
                final String target;
                try
                {
                    target = Files.readSymbolicLink(fd).toString();
                }
                catch (final NoSuchFileException ex)
                {
                    continue;
                }
                if (target.startsWith(SOCKET_LINK_PREFIX) && target.endsWith("]"))
                {
                    inodes.add(Long.parseLong(target.substring(SOCKET_LINK_PREFIX.length(), target.length() - 1)));
                }
            }
        }
        return inodes;
    }

    /**
     * Parses one socket table; the header line and blank lines are skipped.
     *
     * @param family the table's family ({@code UNKNOWN} is not a table).
     * @param lines  the file's lines.
     * @return one socket per row.
     * @throws IllegalArgumentException if a row is malformed.
     */
    static List<Socket> parse(final Family family, final List<String> lines)
    {
        final List<Socket> sockets = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++)
        {
            final String line = lines.get(i).strip();
            if (line.isEmpty())
            {
                continue;
            }
            final String[] c = line.split("\\s+");
            sockets.add(switch (family)
            {
                case TCP, TCP6, UDP, UDP6, RAW, RAW6 -> inet(family, c);
                case UNIX -> new Socket(family, Long.parseLong(c[UNIX_INODE_COLUMN]), null, null,
                    Integer.parseInt(c[UNIX_STATE_COLUMN], 16),
                    (Integer.parseInt(c[UNIX_FLAGS_COLUMN], 16) & UNIX_ACCEPTING_FLAG) != 0,
                    c.length > UNIX_PATH_COLUMN ? c[UNIX_PATH_COLUMN] : "");
                case NETLINK -> new Socket(family, Long.parseLong(c[NETLINK_INODE_COLUMN]), null, null, -1, false, "");
                case PACKET -> new Socket(family, Long.parseLong(c[PACKET_INODE_COLUMN]), null, null, -1, false, "");
                case UNKNOWN -> throw new IllegalArgumentException("UNKNOWN is not a table");
            });
        }
        return sockets;
    }

    private static Socket inet(final Family family, final String[] c)
    {
        final InetSocketAddress local = address(c[INET_LOCAL_COLUMN]);
        final InetSocketAddress remote = address(c[INET_REMOTE_COLUMN]);
        final int state = Integer.parseInt(c[INET_STATE_COLUMN], 16);
        final boolean listening = family.isTcp() ? state == TCP_LISTEN
            : local.getPort() != 0 && remote.getPort() == 0;
        return new Socket(family, Long.parseLong(c[INET_INODE_COLUMN]), local, remote, state, listening, "");
    }

    /**
     * @param hex an address as the kernel prints it: {@code HEXADDR:HEXPORT}, the address as 32-bit words in host
     *            byte order (8 hex digits for IPv4, 32 for IPv6), the port as a plain hex number.
     * @return the address; an IPv4-mapped IPv6 address comes back as IPv4.
     * @throws IllegalArgumentException if it is malformed.
     */
    static InetSocketAddress address(final String hex)
    {
        final int colon = hex.indexOf(':');
        final String addressHex = colon < 0 ? "" : hex.substring(0, colon);
        if (addressHex.length() != IPV4_HEX_CHARS && addressHex.length() != IPV6_HEX_CHARS)
        {
            throw new IllegalArgumentException("not a /proc/net address: '" + hex + "'");
        }
        final byte[] bytes = HexFormat.of().parseHex(addressHex);
        if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN)
        {
            for (int word = 0; word < bytes.length; word += WORD_BYTES)
            {
                for (int i = 0; i < WORD_BYTES / 2; i++)
                {
                    final byte b = bytes[word + i];
                    bytes[word + i] = bytes[word + WORD_BYTES - 1 - i];
                    bytes[word + WORD_BYTES - 1 - i] = b;
                }
            }
        }
        try
        {
            final int port = Integer.parseInt(hex.substring(colon + 1), 16);
            return new InetSocketAddress(InetAddress.getByAddress(bytes), port);
        }
        catch (final UnknownHostException ex)
        {
            throw new IllegalArgumentException("not a /proc/net address: '" + hex + "'", ex);
        }
    }
}
