package io.diodegw.systest.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * {@code bin/diode relay} as a process: it prints where it listens, relays, reports its counters every second, obeys
 * stdin commands, and on SIGTERM stops and prints its final counters.
 */
class RelayMainIT
{
    private static final Pattern LISTENING = Pattern.compile("relay listening on [^ ]*:(\\d+), forwarding to");
    private static final long DEADLINE_MS = 30_000;

    @Test
    void shouldRelayReportAndStopCleanlyOnSigterm() throws Exception
    {
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Process process = null;
        try (DatagramChannel receiver = DatagramChannel.open();
            DatagramChannel sender = DatagramChannel.open())
        {
            receiver.setOption(StandardSocketOptions.SO_RCVBUF, RelayAgent.SOCKET_BUFFER_BYTES);
            receiver.bind(new InetSocketAddress("127.0.0.1", 0));
            final int receiverPort = ((InetSocketAddress)receiver.getLocalAddress()).getPort();
            process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), RelayMain.class.getName(),
                "--listen", "127.0.0.1:0", "--forward", "127.0.0.1:" + receiverPort, "--profile", "seed=5")
                .start();
            startLineReader(process, lines);

            final String first = next(lines, LISTENING);
            final Matcher matcher = LISTENING.matcher(first);
            assertTrue(matcher.find(), first);
            final InetSocketAddress relay = new InetSocketAddress("127.0.0.1", Integer.parseInt(matcher.group(1)));

            final ByteBuffer datagram = ByteBuffer.allocate(100);
            for (int i = 0; i < 100; i++)
            {
                datagram.clear();
                sender.send(datagram, relay);
            }
            receiver.configureBlocking(true);
            for (int i = 0; i < 100; i++)
            {
                datagram.clear();
                receiver.receive(datagram);
            }
            next(lines, Pattern.compile("^relay t=\\d+s received=100 receivedBytes=10000 forwarded=100 "));

            final OutputStream stdin = process.getOutputStream();
            stdin.write("drop 2\n".getBytes(StandardCharsets.UTF_8));
            final Pattern commandedDrop = Pattern.compile("droppedCommanded=2( |$)");
            String line = "";
            for (int attempt = 0; attempt < 100 && !commandedDrop.matcher(line).find(); attempt++)
            {
                datagram.clear();
                sender.send(datagram, relay);
                stdin.write("stats\n".getBytes(StandardCharsets.UTF_8));
                stdin.flush();
                line = next(lines, Pattern.compile("^relay received="));
            }
            assertTrue(commandedDrop.matcher(line).find(), line);

            stdin.write("blackout on\n".getBytes(StandardCharsets.UTF_8));
            final Pattern blackoutDrop = Pattern.compile("droppedBlackout=[1-9]");
            for (int attempt = 0; attempt < 100 && !blackoutDrop.matcher(line).find(); attempt++)
            {
                datagram.clear();
                sender.send(datagram, relay);
                stdin.write("stats\n".getBytes(StandardCharsets.UTF_8));
                stdin.flush();
                line = next(lines, Pattern.compile("^relay received="));
            }
            assertTrue(blackoutDrop.matcher(line).find(), line);

            // Process.destroy() would also close our end of its stderr; the handle only sends SIGTERM
            assertTrue(process.toHandle().destroy(), "SIGTERM sent");
            assertTrue(process.waitFor(DEADLINE_MS, TimeUnit.MILLISECONDS), "relay did not stop on SIGTERM");
            final String stopped = next(lines, Pattern.compile("^relay stopped: "));
            final Matcher counts = Pattern.compile(
                "received=(\\d+) receivedBytes=\\d+ forwarded=(\\d+) droppedRandom=0 droppedBurst=0 " +
                "droppedBlackout=(\\d+) ")
                .matcher(stopped);
            assertTrue(counts.find(), stopped);
            final long received = Long.parseLong(counts.group(1));
            final long forwarded = Long.parseLong(counts.group(2));
            final long blackout = Long.parseLong(counts.group(3));
            assertEquals(received, forwarded + blackout + 2, stopped);
            assertTrue(stopped.contains("droppedCommanded=2"), stopped);
            assertTrue(forwarded >= 100 && blackout >= 1, stopped);
            assertEquals(143, process.exitValue(), "exit after SIGTERM with the shutdown hook run");
        }
        finally
        {
            if (process != null && process.isAlive())
            {
                process.destroyForcibly().waitFor(DEADLINE_MS, TimeUnit.MILLISECONDS);
            }
        }
    }

    private static void startLineReader(final Process process, final BlockingQueue<String> lines)
    {
        final Thread reader = new Thread(() ->
        {
            try (BufferedReader err =
                new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)))
            {
                String line;
                while ((line = err.readLine()) != null)
                {
                    lines.add(line);
                }
            }
            catch (final IOException ex)
            {
                lines.add("stderr failed: " + ex);
            }
        }, "relay-main-it-stderr");
        reader.setDaemon(true);
        reader.start();
    }

    private static String next(final BlockingQueue<String> lines, final Pattern pattern) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MS);
        final StringBuilder skipped = new StringBuilder();
        while (System.nanoTime() < deadline)
        {
            final String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null)
            {
                if (pattern.matcher(line).find())
                {
                    return line;
                }
                skipped.append(line).append('\n');
            }
        }
        return fail("no line matching " + pattern + "; got:\n" + skipped);
    }
}
