package io.diodegw.systest.relay.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.management.ThreadMXBean;

import io.diodegw.systest.relay.ImpairmentProfile;
import io.diodegw.systest.relay.RelayAgent;
import io.diodegw.systest.relay.RelayCounter;
import io.diodegw.systest.relay.RelayCounters;

/**
 * Loopback throughput of the relay: one thread sends datagrams as fast as it can to the relay, the relay forwards
 * them, one thread drains them at the destination. Prints, per second and in total, datagrams the relay received and
 * forwarded and the destination got. Not a test; run by hand:
 * {@code java -cp system-tests/target/test-classes:system-tests/target/classes:... \
 * io.diodegw.systest.relay.bench.RelayThroughput [SECONDS] [BYTES] [PROFILE]}.
 */
public final class RelayThroughput
{
    private RelayThroughput()
    {
    }

    /**
     * @param args seconds (default 10), datagram bytes (default 1400), profile (default none).
     * @throws Exception on socket failure.
     */
    public static void main(final String[] args) throws Exception
    {
        final int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        final int bytes = args.length > 1 ? Integer.parseInt(args[1]) : 1400;
        final ImpairmentProfile profile = args.length > 2 ? ImpairmentProfile.parse(args[2]) : ImpairmentProfile.NONE;
        final InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 0);
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicLong arrived = new AtomicLong();
        final AtomicLong offered = new AtomicLong();
        try (DatagramChannel sink = DatagramChannel.open();
            DatagramChannel source = DatagramChannel.open())
        {
            sink.setOption(StandardSocketOptions.SO_RCVBUF, RelayAgent.SOCKET_BUFFER_BYTES);
            sink.bind(loopback);
            source.setOption(StandardSocketOptions.SO_SNDBUF, RelayAgent.SOCKET_BUFFER_BYTES);
            try (RelayAgent relay = new RelayAgent(loopback, (InetSocketAddress)sink.getLocalAddress(), profile))
            {
                final Thread drain = new Thread(() ->
                {
                    final ByteBuffer buffer = ByteBuffer.allocateDirect(RelayAgent.MAX_DATAGRAM_BYTES + 1);
                    try
                    {
                        while (true)
                        {
                            buffer.clear();
                            sink.receive(buffer);
                            arrived.lazySet(arrived.get() + 1);
                        }
                    }
                    catch (final ClosedChannelException ex)
                    {
                        // end of run
                    }
                    catch (final IOException ex)
                    {
                        ex.printStackTrace();
                    }
                }, "bench-drain");
                final Thread blast = new Thread(() ->
                {
                    final ByteBuffer buffer = ByteBuffer.allocateDirect(bytes);
                    try
                    {
                        while (!stop.get())
                        {
                            buffer.clear();
                            source.send(buffer, relay.localAddress());
                            offered.lazySet(offered.get() + 1);
                        }
                    }
                    catch (final IOException ex)
                    {
                        ex.printStackTrace();
                    }
                }, "bench-blast");
                relay.start();
                drain.start();
                blast.start();
                final RelayCounters counters = relay.counters();
                long lastForwarded = 0;
                long firstForwarded = 0;
                long startNs = 0;
                for (int s = 0; s <= seconds; s++)
                {
                    TimeUnit.SECONDS.sleep(1);
                    final long forwarded = counters.get(RelayCounter.FORWARDED);
                    if (s == 0)
                    {
                        firstForwarded = forwarded;
                        startNs = System.nanoTime();
                    }
                    else
                    {
                        System.out.printf("t=%ds offered=%d relayReceived=%d forwarded/s=%d arrived=%d%n", s,
                            offered.get(), counters.get(RelayCounter.RECEIVED), forwarded - lastForwarded,
                            arrived.get());
                    }
                    lastForwarded = forwarded;
                }
                final double elapsedSec = (System.nanoTime() - startNs) / 1e9;
                final double rate = (lastForwarded - firstForwarded) / elapsedSec;
                System.out.printf("bytes=%d seconds=%.1f forwarded/s=%.0f (%.2f Gbit/s payload) " +
                    "offered=%d received=%d arrived=%d%n", bytes, elapsedSec, rate, rate * bytes * 8 / 1e9,
                    offered.get(), counters.get(RelayCounter.RECEIVED), arrived.get());
                final ThreadMXBean threads = (ThreadMXBean)ManagementFactory.getThreadMXBean();
                final long relayThreadId = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("diodegw-impairment-relay")).findFirst().orElseThrow().getId();
                final long allocatedBefore = threads.getThreadAllocatedBytes(relayThreadId);
                final long receivedBefore = counters.get(RelayCounter.RECEIVED);
                TimeUnit.SECONDS.sleep(1);
                System.out.printf("relay thread allocated %.3f bytes per datagram over the last second%n",
                    (double)(threads.getThreadAllocatedBytes(relayThreadId) - allocatedBefore) /
                        (counters.get(RelayCounter.RECEIVED) - receivedBefore));
                stop.set(true);
                blast.join();
                relay.close();
                sink.close();
                drain.join();
            }
        }
    }
}
