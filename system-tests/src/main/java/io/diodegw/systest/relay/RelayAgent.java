package io.diodegw.systest.relay;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The impairment relay: receives UDP datagrams on a bound address and sends them on to a destination through an
 * {@link ImpairmentEngine}, which decides what to drop, change, hold back or copy. Needs no privileges.
 *
 * <p>Threading: {@link #start()} runs the duty cycle {@link #doWork(long)} on one thread of its own; tests may
 * instead call {@code doWork} themselves, on one thread. The engine, both sockets and the buffers belong to that
 * thread. {@link #counters()}, {@link #blackout(boolean)}, {@link #localAddress()}, {@link #failure()} and
 * {@link #close()} may be called from any thread. Per datagram the duty cycle takes no lock, writes no log and
 * allocates nothing (one copy into the receive array, one into the direct send buffer).
 *
 * <p>The forwarding socket blocks when its send buffer is full, so the relay itself drops nothing its profile does
 * not tell it to; what it cannot read fast enough is dropped by the kernel on the listening socket (not counted:
 * compare the sender's count with {@link RelayCounter#RECEIVED}). A failed send (e.g. no route) is counted as
 * {@link RelayCounter#SEND_ERRORS}.
 */
public final class RelayAgent implements AutoCloseable
{
    /** Socket buffer size requested for both sockets; the kernel may grant less (net.core.rmem_max, wmem_max). */
    public static final int SOCKET_BUFFER_BYTES = 4 << 20;
    /** Largest UDP payload: every datagram fits the receive buffer whole. */
    public static final int MAX_DATAGRAM_BYTES = 65_507;

    private static final int MAX_DATAGRAMS_PER_POLL = 256;
    private static final int SPINS_BEFORE_PARK = 100;
    private static final long MIN_PARK_NS = 10_000;
    private static final long MAX_PARK_NS = 1_000_000;
    private static final long JOIN_TIMEOUT_MS = 10_000;

    private final DatagramChannel receiveChannel;
    private final DatagramChannel sendChannel;
    private final InetSocketAddress destination;
    private final InetSocketAddress localAddress;
    private final RelayCounters counters = new RelayCounters();
    private final ImpairmentEngine engine;
    private final byte[] received = new byte[MAX_DATAGRAM_BYTES + 1];
    private final ByteBuffer receiveBuffer = ByteBuffer.wrap(received);
    private final ByteBuffer sendBuffer = ByteBuffer.allocateDirect(MAX_DATAGRAM_BYTES + 1);
    private final DatagramSink sink = this::sendToDestination;
    private final int receiveBufferBytes;
    private final int sendBufferBytes;

    private volatile DatagramSink tap;
    private volatile boolean blackoutCommand;
    private volatile boolean liftCommand;
    private boolean liftApplied;
    private final AtomicLong dropCommands = new AtomicLong();
    private long dropsApplied;
    private boolean blackoutApplied;
    private volatile boolean running;
    private volatile String failure;
    private Thread thread;
    private boolean closed;

    /**
     * Binds the listening socket and opens the forwarding one. Blackout windows count from now.
     *
     * @param listen      address to receive on; port 0 picks a free port (see {@link #localAddress()}).
     * @param destination where to send; must be resolved.
     * @param profile     what to do to the datagrams.
     * @throws IOException if a socket cannot be opened or bound.
     * @throws IllegalArgumentException if the destination is unresolved.
     */
    public RelayAgent(final InetSocketAddress listen, final InetSocketAddress destination,
        final ImpairmentProfile profile) throws IOException
    {
        Objects.requireNonNull(listen, "listen");
        this.destination = Objects.requireNonNull(destination, "destination");
        if (destination.isUnresolved())
        {
            throw new IllegalArgumentException("destination " + destination + " is unresolved");
        }
        this.engine = new ImpairmentEngine(profile, System.nanoTime(), ImpairmentEngine.DEFAULT_HELD_DATAGRAM_BYTES,
            ImpairmentEngine.DEFAULT_HELD_CAPACITY, counters);
        final DatagramChannel in = DatagramChannel.open();
        DatagramChannel out = null;
        try
        {
            in.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER_BYTES);
            in.bind(listen);
            in.configureBlocking(false);
            out = DatagramChannel.open();
            out.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER_BYTES);
            out.configureBlocking(true);
            this.receiveBufferBytes = in.getOption(StandardSocketOptions.SO_RCVBUF);
            this.sendBufferBytes = out.getOption(StandardSocketOptions.SO_SNDBUF);
            this.localAddress = (InetSocketAddress)in.getLocalAddress();
        }
        catch (final IOException | RuntimeException ex)
        {
            in.close();
            if (out != null)
            {
                out.close();
            }
            throw ex;
        }
        this.receiveChannel = in;
        this.sendChannel = out;
    }

    /** Starts the relay's thread; call once. */
    public synchronized void start()
    {
        if (thread != null || closed)
        {
            throw new IllegalStateException(closed ? "closed" : "already started");
        }
        running = true;
        thread = new Thread(this::run, "diodegw-impairment-relay");
        thread.start();
    }

    /**
     * One duty cycle: reads up to {@value #MAX_DATAGRAMS_PER_POLL} datagrams and passes each through the engine,
     * then sends held datagrams that are due.
     *
     * @param nowNs the clock ({@link System#nanoTime()}), read once per cycle.
     * @return datagrams received plus held datagrams released; 0 when there was nothing to do.
     * @throws IOException if the listening socket fails.
     */
    public int doWork(final long nowNs) throws IOException
    {
        final boolean blackout = blackoutCommand;
        if (blackout != blackoutApplied)
        {
            engine.blackout(blackout);
            blackoutApplied = blackout;
        }
        final boolean lift = liftCommand;
        if (lift != liftApplied)
        {
            engine.lift(lift);
            liftApplied = lift;
        }
        final long drops = dropCommands.get();
        if (drops != dropsApplied)
        {
            engine.dropNext((int)Math.min(Integer.MAX_VALUE, drops - dropsApplied));
            dropsApplied = drops;
        }
        int work = 0;
        while (work < MAX_DATAGRAMS_PER_POLL)
        {
            receiveBuffer.clear();
            if (receiveChannel.receive(receiveBuffer) == null)
            {
                break;
            }
            work++;
            engine.onDatagram(received, 0, receiveBuffer.position(), nowNs, sink);
        }
        return work + engine.releaseDue(nowNs, sink);
    }

    /**
     * Starts or ends a blackout on command: while on, every datagram is dropped and counted as blackout. Any thread;
     * takes effect at the next duty cycle.
     *
     * @param on true to drop everything, false to go back to the profile.
     */
    public void blackout(final boolean on)
    {
        blackoutCommand = on;
    }

    /**
     * Lifts the profile's impairments (every datagram forwarded unchanged) or puts them back; commanded drops and
     * blackouts still apply. Any thread; takes effect at the next duty cycle.
     */
    public void lift(final boolean on)
    {
        liftCommand = on;
    }

    /**
     * Drops the next {@code datagrams} datagrams that arrive (a burst of exactly that length, counted as
     * {@link RelayCounter#DROPPED_COMMANDED}). Any thread; takes effect at the next duty cycle.
     */
    public void dropNext(final int datagrams)
    {
        dropCommands.addAndGet(Math.max(0, datagrams));
    }

    /**
     * Sets an observer of every datagram sent to the destination (duplicates included), called on the relay's thread
     * right after the send with the bytes as sent; it must copy what it keeps, never block and never throw. Used by
     * the hostile-input flood to replay real traffic. Any thread; null removes it.
     *
     * @param tap the observer, or null.
     */
    public void tap(final DatagramSink tap)
    {
        this.tap = tap;
    }

    /** @return the counters; any thread. */
    public RelayCounters counters()
    {
        return counters;
    }

    /** @return the address the relay receives on (with the port the system chose for port 0). */
    public InetSocketAddress localAddress()
    {
        return localAddress;
    }

    /** @return where datagrams are sent. */
    public InetSocketAddress destination()
    {
        return destination;
    }

    /** @return the receive buffer the kernel granted, in bytes (Linux reports twice the usable size). */
    public int receiveBufferBytes()
    {
        return receiveBufferBytes;
    }

    /** @return the send buffer the kernel granted, in bytes. */
    public int sendBufferBytes()
    {
        return sendBufferBytes;
    }

    /** @return why the relay's thread stopped on its own, or null while it runs or after an orderly close. */
    public String failure()
    {
        return failure;
    }

    /**
     * Stops the thread (held datagrams are sent first), then closes both sockets. Idempotent; any thread.
     */
    @Override
    public void close()
    {
        final Thread owner;
        synchronized (this)
        {
            if (closed)
            {
                return;
            }
            closed = true;
            owner = thread;
            running = false;
        }
        if (owner != null)
        {
            try
            {
                owner.join(JOIN_TIMEOUT_MS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
        else
        {
            engine.releaseAll(sink);
        }
        closeQuietly(receiveChannel);
        closeQuietly(sendChannel);
    }

    private void run()
    {
        int idle = 0;
        long parkNs = MIN_PARK_NS;
        try
        {
            while (running)
            {
                if (doWork(System.nanoTime()) > 0)
                {
                    idle = 0;
                    parkNs = MIN_PARK_NS;
                }
                else if (++idle < SPINS_BEFORE_PARK)
                {
                    Thread.onSpinWait();
                }
                else
                {
                    LockSupport.parkNanos(parkNs);
                    parkNs = Math.min(parkNs << 1, MAX_PARK_NS);
                }
            }
            engine.releaseAll(sink);
        }
        catch (final ClosedChannelException ex)
        {
            if (running)
            {
                failure = ex.toString();
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            failure = ex.toString();
        }
    }

    private void sendToDestination(final byte[] buffer, final int offset, final int length)
    {
        sendBuffer.clear();
        sendBuffer.put(buffer, offset, length).flip();
        try
        {
            sendChannel.send(sendBuffer, destination);
        }
        catch (final IOException ex)
        {
            counters.increment(RelayCounter.SEND_ERRORS);
        }
        final DatagramSink observer = tap;
        if (observer != null)
        {
            observer.send(buffer, offset, length);
        }
    }

    private static void closeQuietly(final DatagramChannel channel)
    {
        try
        {
            channel.close();
        }
        catch (final IOException ex)
        {
            // closing a datagram channel fails only if it is already broken; nothing is left to release
        }
    }
}
