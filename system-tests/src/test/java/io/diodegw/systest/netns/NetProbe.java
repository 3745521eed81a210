package io.diodegw.systest.netns;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.BitSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Traffic probes that {@link OneWayPathIT} starts inside a namespace ({@code ip netns exec NS java -cp ... NetProbe
 * MODE ...}). Each prints one result line on stdout; the receiving modes print {@code READY} once their sockets are
 * bound and stop when a line arrives on stdin (or stdin closes), after the socket has been quiet for
 * {@value #DRAIN_QUIET_MS} ms.
 * <ul>
 *   <li>{@code send HOST PORT COUNT} sends COUNT UDP datagrams of {@value #PAYLOAD_BYTES} bytes, each starting with
 *   its 8-byte sequence number 0..COUNT-1, pausing {@value #PAUSE_MS} ms every {@value #BURST} datagrams so no
 *   receive queue overflows; prints {@code SENT n ERRORS e}.</li>
 *   <li>{@code count HOST PORT} receives numbered datagrams; prints {@code RECEIVED n DISTINCT d}.</li>
 *   <li>{@code listen HOST PORT} receives anything on UDP PORT and accepts TCP connections on PORT; prints
 *   {@code UDP n TCP m}.</li>
 *   <li>{@code connect HOST PORT TIMEOUT_MS} tries one TCP connection; prints {@code CONNECTED} or
 *   {@code NOT_CONNECTED reason}.</li>
 *   <li>{@code fetch} (no further arguments) reads one URL a line from stdin until it closes and answers each with
 *   one line on stdout: the HTTP status and the body with line breaks replaced by spaces, or {@code -1 reason} when
 *   the request failed. This is how a test reads an HTTP API that only listens inside a namespace.</li>
 * </ul>
 */
public final class NetProbe
{
    static final int PAYLOAD_BYTES = 512;
    private static final int BURST = 64;
    private static final long PAUSE_MS = 1;
    private static final int DRAIN_QUIET_MS = 300;
    private static final int POLL_MS = 50;
    private static final int RECEIVE_BUFFER_BYTES = 4 << 20;

    private NetProbe()
    {
    }

    /**
     * Runs one probe.
     *
     * @param args mode and its arguments, see the class comment
     * @throws Exception when a socket cannot be opened
     */
    public static void main(final String[] args) throws Exception
    {
        if (args[0].equals("fetch"))
        {
            fetch();
            return;
        }
        final InetAddress host = InetAddress.getByName(args[1]);
        final int port = Integer.parseInt(args[2]);
        switch (args[0])
        {
            case "send":
                send(host, port, Integer.parseInt(args[3]));
                break;
            case "count":
                count(host, port);
                break;
            case "listen":
                listen(host, port);
                break;
            case "connect":
                connect(host, port, Integer.parseInt(args[3]));
                break;
            default:
                throw new IllegalArgumentException("unknown mode " + args[0]);
        }
        System.out.flush();
    }

    private static void send(final InetAddress host, final int port, final int count)
    {
        long errors = 0;
        try (DatagramSocket socket = new DatagramSocket())
        {
            final byte[] payload = new byte[PAYLOAD_BYTES];
            final ByteBuffer view = ByteBuffer.wrap(payload);
            final DatagramPacket packet = new DatagramPacket(payload, payload.length, host, port);
            for (int i = 0; i < count; i++)
            {
                view.putLong(0, i);
                try
                {
                    socket.send(packet);
                }
                catch (final IOException e)
                {
                    errors++;
                }
                if (i % BURST == BURST - 1)
                {
                    LockSupport.parkNanos(PAUSE_MS * 1_000_000L);
                }
            }
        }
        catch (final IOException e)
        {
            System.out.println("SEND_FAILED " + e);
            return;
        }
        System.out.println("SENT " + count + " ERRORS " + errors);
    }

    private static void count(final InetAddress host, final int port) throws IOException
    {
        try (DatagramSocket socket = new DatagramSocket(null))
        {
            socket.setReceiveBufferSize(RECEIVE_BUFFER_BYTES);
            socket.bind(new InetSocketAddress(host, port));
            final AtomicBoolean stop = stopOnStdin();
            System.out.println("READY");
            System.out.flush();
            final byte[] buffer = new byte[65_536];
            final DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            final BitSet seen = new BitSet();
            long received = 0;
            while (receive(socket, packet, stop))
            {
                received++;
                if (packet.getLength() >= Long.BYTES)
                {
                    final long sequence = ByteBuffer.wrap(buffer, 0, Long.BYTES).getLong();
                    if (sequence >= 0 && sequence < Integer.MAX_VALUE)
                    {
                        seen.set((int)sequence);
                    }
                }
            }
            System.out.println("RECEIVED " + received + " DISTINCT " + seen.cardinality());
        }
    }

    private static void listen(final InetAddress host, final int port) throws Exception
    {
        final AtomicLong accepted = new AtomicLong();
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(host, port));
            ServerSocket tcp = new ServerSocket())
        {
            tcp.bind(new InetSocketAddress(host, port));
            tcp.setSoTimeout(POLL_MS);
            final AtomicBoolean stop = stopOnStdin();
            final Thread acceptor = new Thread(() ->
            {
                while (!stop.get())
                {
                    try (Socket ignored = tcp.accept())
                    {
                        accepted.incrementAndGet();
                    }
                    catch (final IOException timeout)
                    {
                        // poll the stop flag
                    }
                }
            }, "tcp-acceptor");
            acceptor.start();
            System.out.println("READY");
            System.out.flush();
            final DatagramPacket packet = new DatagramPacket(new byte[65_536], 65_536);
            long datagrams = 0;
            while (receive(udp, packet, stop))
            {
                datagrams++;
            }
            acceptor.join();
            System.out.println("UDP " + datagrams + " TCP " + accepted.get());
        }
    }

    private static void connect(final InetAddress host, final int port, final int timeoutMs)
    {
        try (Socket socket = new Socket())
        {
            socket.connect(new InetSocketAddress(host, port), timeoutMs);
            System.out.println("CONNECTED");
        }
        catch (final IOException e)
        {
            System.out.println("NOT_CONNECTED " + e);
        }
    }

    private static void fetch() throws IOException
    {
        final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
        final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String url;
        while ((url = in.readLine()) != null)
        {
            String answer;
            try
            {
                final HttpResponse<String> response = client.send(
                    HttpRequest.newBuilder(URI.create(url.strip())).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                answer = response.statusCode() + " " + response.body().replace('\r', ' ').replace('\n', ' ');
            }
            catch (final IOException | IllegalArgumentException e)
            {
                answer = "-1 " + e;
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
                return;
            }
            System.out.println(answer);
            System.out.flush();
        }
    }

    /**
     * Receives one datagram, or returns false once stop was requested and nothing arrived for
     * {@value #DRAIN_QUIET_MS} ms.
     */
    private static boolean receive(final DatagramSocket socket, final DatagramPacket packet, final AtomicBoolean stop)
        throws IOException
    {
        long quietMs = 0;
        socket.setSoTimeout(POLL_MS);
        while (true)
        {
            try
            {
                packet.setLength(packet.getData().length);
                socket.receive(packet);
                return true;
            }
            catch (final SocketTimeoutException e)
            {
                quietMs = stop.get() ? quietMs + POLL_MS : 0;
                if (quietMs >= DRAIN_QUIET_MS)
                {
                    return false;
                }
            }
        }
    }

    private static AtomicBoolean stopOnStdin()
    {
        final AtomicBoolean stop = new AtomicBoolean();
        final Thread reader = new Thread(() ->
        {
            try
            {
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            }
            catch (final IOException e)
            {
                // a broken stdin means the test is gone: stop as well
            }
            stop.set(true);
        }, "stop-on-stdin");
        reader.setDaemon(true);
        reader.start();
        return stop;
    }
}
