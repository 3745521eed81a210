package io.diodegw.systest.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;

/**
 * The relay over real UDP sockets on 127.0.0.1: numbered datagrams go sender -> relay -> receiver, and what the
 * receiver saw must match what the relay counted. The sender keeps at most {@value #WINDOW} datagrams in flight per
 * hop, so the kernel drops nothing and every difference is the relay's doing.
 */
class RelayAgentIT
{
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);
    private static final int WINDOW = 64;
    private static final int LENGTH = 1000;
    private static final long DEADLINE_NS = TimeUnit.SECONDS.toNanos(30);

    @Test
    void shouldDeliverWhatTheCountersSayUnderEveryImpairment() throws Exception
    {
        final int count = 20_000;
        final ImpairmentProfile profile =
            ImpairmentProfile.parse("loss=2%,burst=20/2%,reorder=1%/3/20ms,dup=1%,corrupt=1%/4,seed=42");
        try (Receiver receiver = new Receiver(count);
            RelayAgent relay = new RelayAgent(LOOPBACK, receiver.address(), profile);
            DatagramChannel sender = DatagramChannel.open())
        {
            relay.start();
            send(sender, relay, receiver, 0, count);
            awaitQuiet(relay, receiver, count);

            final RelayCounters.Snapshot s = relay.counters().snapshot();
            assertEquals(count, s.get(RelayCounter.RECEIVED));
            assertEquals(0, s.held());
            assertEquals(count, s.get(RelayCounter.FORWARDED) + s.dropped(), s.summary());
            assertEquals(s.sent(), receiver.arrivals.get(), s.summary());
            assertTrue(s.get(RelayCounter.DROPPED_RANDOM) > 0 && s.get(RelayCounter.DROPPED_BURST) > 0, s.summary());
            assertTrue(s.get(RelayCounter.DUPLICATED) > 0 && s.get(RelayCounter.REORDERED) > 0, s.summary());
            assertTrue(s.get(RelayCounter.CORRUPTED) > 0, s.summary());
            assertEquals(0, s.get(RelayCounter.SEND_ERRORS));

            final long corrupted = s.get(RelayCounter.CORRUPTED);
            final long corruptedArrivals = receiver.arrivals.get() - receiver.intactArrivals;
            assertTrue(corruptedArrivals >= corrupted && corruptedArrivals <= 2 * corrupted,
                corruptedArrivals + " corrupted arrivals for " + corrupted + " corrupted datagrams");
            assertEquals(s.get(RelayCounter.FORWARDED) - corrupted, receiver.distinctIntact(),
                "every forwarded datagram that was not corrupted arrived intact");
            assertEquals(s.get(RelayCounter.DUPLICATED) - (corruptedArrivals - corrupted),
                receiver.intactArrivals - receiver.distinctIntact(), "intact duplicates");
            assertTrue(receiver.lateArrivals > 0, "some datagrams arrived after a later one");
            assertNull(relay.failure());
        }
    }

    @Test
    void shouldDropEverythingWhileABlackoutIsCommandedAndForwardAfterwards() throws Exception
    {
        try (Receiver receiver = new Receiver(3_000);
            RelayAgent relay = new RelayAgent(LOOPBACK, receiver.address(), ImpairmentProfile.NONE);
            DatagramChannel sender = DatagramChannel.open())
        {
            relay.start();
            send(sender, relay, receiver, 0, 1_000);
            awaitQuiet(relay, receiver, 1_000);
            relay.blackout(true);
            awaitCondition("the blackout command took effect", () -> probeDropped(sender, relay));
            final long blackedOut = relay.counters().get(RelayCounter.RECEIVED) + 1_000;
            send(sender, relay, receiver, 1_000, 1_000);
            awaitCondition("the relay read the datagrams sent during the blackout",
                () -> relay.counters().get(RelayCounter.RECEIVED) == blackedOut);
            relay.blackout(false);
            final long forwardedBefore = relay.counters().get(RelayCounter.FORWARDED);
            awaitCondition("the blackout ended", () -> probeForwarded(sender, relay, forwardedBefore));
            final long received = relay.counters().get(RelayCounter.RECEIVED);
            send(sender, relay, receiver, 2_000, 1_000);
            awaitQuiet(relay, receiver, received + 1_000);

            final RelayCounters.Snapshot s = relay.counters().snapshot();
            for (int i = 0; i < 3_000; i++)
            {
                assertEquals(i < 1_000 || i >= 2_000 ? 1 : 0, receiver.seen[i], "datagram " + i);
            }
            final long probes = s.get(RelayCounter.RECEIVED) - 3_000;
            final long forwardedProbes = s.get(RelayCounter.FORWARDED) - 2_000;
            assertEquals(1_000 + probes - forwardedProbes, s.get(RelayCounter.DROPPED_BLACKOUT), s.summary());
            assertTrue(s.get(RelayCounter.DROPPED_BLACKOUT) > 1_000, s.summary());
            assertEquals(s.dropped(), s.get(RelayCounter.DROPPED_BLACKOUT));
            assertEquals(s.get(RelayCounter.FORWARDED), receiver.arrivals.get());
        }
    }

    /** Sends one probe with a sequence outside the test range; true once the relay counted it as a blackout drop. */
    private static boolean probeDropped(final DatagramChannel sender, final RelayAgent relay)
    {
        final long before = relay.counters().get(RelayCounter.DROPPED_BLACKOUT);
        sendProbe(sender, relay);
        return relay.counters().get(RelayCounter.DROPPED_BLACKOUT) > before;
    }

    private static boolean probeForwarded(final DatagramChannel sender, final RelayAgent relay, final long before)
    {
        sendProbe(sender, relay);
        return relay.counters().get(RelayCounter.FORWARDED) > before;
    }

    private static void sendProbe(final DatagramChannel sender, final RelayAgent relay)
    {
        final long received = relay.counters().get(RelayCounter.RECEIVED);
        try
        {
            final byte[] probe = new byte[LENGTH];
            TestDatagrams.fill(probe, Long.MAX_VALUE, LENGTH);
            sender.send(ByteBuffer.wrap(probe), relay.localAddress());
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
        awaitCondition("the relay read the probe", () -> relay.counters().get(RelayCounter.RECEIVED) > received);
    }

    private static void send(final DatagramChannel sender, final RelayAgent relay, final Receiver receiver,
        final int first, final int count) throws IOException
    {
        final byte[] datagram = new byte[LENGTH];
        final ByteBuffer buffer = ByteBuffer.wrap(datagram);
        final long receivedBefore = relay.counters().get(RelayCounter.RECEIVED);
        final long deadline = System.nanoTime() + DEADLINE_NS;
        for (int i = 0; i < count; i++)
        {
            while (i - (relay.counters().get(RelayCounter.RECEIVED) - receivedBefore) > WINDOW ||
                relay.counters().snapshot().sent() - receiver.arrivals.get() > WINDOW)
            {
                if (System.nanoTime() - deadline > 0)
                {
                    fail("relay or receiver stalled after " + i + " datagrams: " + relay.counters().summary());
                }
                LockSupport.parkNanos(20_000);
            }
            TestDatagrams.fill(datagram, first + i, LENGTH);
            buffer.clear();
            sender.send(buffer, relay.localAddress());
        }
    }

    private static void awaitQuiet(final RelayAgent relay, final Receiver receiver, final long received)
    {
        awaitCondition("relay received " + received + ", released every held datagram and the receiver got them all",
            () ->
            {
                final RelayCounters.Snapshot s = relay.counters().snapshot();
                return s.get(RelayCounter.RECEIVED) == received && s.held() == 0 &&
                    receiver.arrivals.get() == s.sent();
            });
    }

    private static void awaitCondition(final String what, final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + DEADLINE_NS;
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                fail("timed out waiting until " + what);
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    /** Receives on 127.0.0.1 on its own thread and classifies every datagram as intact (with its number) or not. */
    private static final class Receiver implements AutoCloseable
    {
        final int[] seen;
        final AtomicLong arrivals = new AtomicLong();
        private final DatagramChannel channel;
        private final Thread thread;
        private volatile long intactArrivals;
        private volatile long lateArrivals;
        private volatile Throwable failure;

        Receiver(final int count) throws IOException
        {
            this.seen = new int[count];
            this.channel = DatagramChannel.open();
            channel.setOption(StandardSocketOptions.SO_RCVBUF, RelayAgent.SOCKET_BUFFER_BYTES);
            channel.bind(LOOPBACK);
            this.thread = new Thread(this::run, "relay-it-receiver");
            thread.start();
        }

        InetSocketAddress address() throws IOException
        {
            return (InetSocketAddress)channel.getLocalAddress();
        }

        long distinctIntact()
        {
            long distinct = 0;
            for (final int times : seen)
            {
                distinct += times > 0 ? 1 : 0;
            }
            return distinct;
        }

        private void run()
        {
            final byte[] datagram = new byte[RelayAgent.MAX_DATAGRAM_BYTES + 1];
            final ByteBuffer buffer = ByteBuffer.wrap(datagram);
            long highest = -1;
            try
            {
                while (true)
                {
                    buffer.clear();
                    channel.receive(buffer);
                    final int length = buffer.position();
                    if (length == LENGTH && TestDatagrams.intact(datagram, length, seen.length - 1))
                    {
                        final long sequence = TestDatagrams.sequence(datagram);
                        seen[(int)sequence]++;
                        if (sequence < highest)
                        {
                            lateArrivals++;
                        }
                        highest = Math.max(highest, sequence);
                        intactArrivals++;
                    }
                    arrivals.incrementAndGet();
                }
            }
            catch (final ClosedChannelException ex)
            {
                // closed by the test: the normal end
            }
            catch (final IOException | RuntimeException ex)
            {
                failure = ex;
            }
        }

        @Override
        public void close() throws Exception
        {
            channel.close();
            thread.join(TimeUnit.SECONDS.toMillis(10));
            if (failure != null)
            {
                throw new AssertionError("receiver failed", failure);
            }
        }
    }
}
