package io.diodegw.sender.replicator;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import io.diodegw.wire.datagram.DatagramHeaderFlyweight;
import io.diodegw.wire.datagram.MtuLimits;

/**
 * Test helper: drains a UDP socket on its own thread into copies of each datagram, adds up their bytes on the wire
 * and tracks the newest key id that sealed one. {@link #stopWhenIdle()} ends it once the socket was quiet for 200 ms.
 * Test code: allocation is fine; the lists are read after the thread ended.
 */
final class DatagramCapture implements Runnable
{
    private static final long IDLE_NS = 200_000_000L;

    final List<byte[]> datagrams = new ArrayList<>();
    volatile int newestKeyId;
    long wireBytes;

    private final DatagramChannel socket;
    private final DatagramHeaderFlyweight header = new DatagramHeaderFlyweight();
    private volatile boolean stop;

    DatagramCapture(final DatagramChannel socket) throws Exception
    {
        this.socket = socket;
        socket.configureBlocking(false);
    }

    /**
     * Copies every datagram waiting on a non-blocking socket into {@code out}, on the calling thread (for tests that
     * step the replicator themselves).
     *
     * @param socket a non-blocking socket.
     * @param buffer scratch, large enough for any datagram.
     * @param out    receives a copy of each datagram, in arrival order.
     */
    static void drainWaiting(final DatagramChannel socket, final ByteBuffer buffer, final List<byte[]> out)
        throws IOException
    {
        buffer.clear();
        while (socket.receive(buffer) != null)
        {
            buffer.flip();
            final byte[] d = new byte[buffer.remaining()];
            buffer.get(d);
            out.add(d);
            buffer.clear();
        }
    }

    void stopWhenIdle()
    {
        stop = true;
    }

    @Override
    public void run()
    {
        final ByteBuffer buffer = ByteBuffer.allocate(65_536);
        long idleSinceNs = System.nanoTime();
        try
        {
            while (true)
            {
                buffer.clear();
                if (socket.receive(buffer) != null)
                {
                    buffer.flip();
                    final byte[] d = new byte[buffer.remaining()];
                    buffer.get(d);
                    datagrams.add(d);
                    wireBytes += d.length + MtuLimits.IPV4_UDP_OVERHEAD_BYTES;
                    header.wrap(d, 0);
                    if (header.type() != DatagramHeaderFlyweight.TYPE_KEY_ANNOUNCEMENT && header.keyId() > newestKeyId)
                    {
                        newestKeyId = header.keyId();
                    }
                    idleSinceNs = System.nanoTime();
                }
                else if (stop && System.nanoTime() - idleSinceNs > IDLE_NS)
                {
                    return;
                }
                else
                {
                    LockSupport.parkNanos(20_000);
                }
            }
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
