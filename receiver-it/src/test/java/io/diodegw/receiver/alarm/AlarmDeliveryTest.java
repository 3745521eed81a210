package io.diodegw.receiver.alarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

class AlarmDeliveryTest
{
    private static final long T0 = 1_795_000_000_000L;
    private static final long WAIT_MS = 20_000;
    private static final AlarmDelivery.Retry FAST = new AlarmDelivery.Retry(2, 10, 20);
    private static final AlarmEvent RAISED = new AlarmEvent(AlarmEvent.Type.RAISED, AlarmKind.LAG, "source 1", 12_345,
        10_000, T0, "source 1 is \"12345\" ms behind");

    private HttpServer server;
    private AlarmDelivery delivery;

    @AfterEach
    void close()
    {
        if (delivery != null)
        {
            delivery.close();
        }
        if (server != null)
        {
            server.stop(0);
        }
    }

    private String startServer(final HttpHandler handler) throws IOException
    {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", handler);
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    private AlarmDelivery start(final String url, final int queueEvents)
    {
        delivery = new AlarmDelivery(List.of(AlarmDestination.webhook(url)), queueEvents, FAST);
        delivery.start();
        return delivery;
    }

    @Test
    void shouldPostEachEventAsOneJsonObjectToTheWebhook() throws Exception
    {
        final BlockingQueue<String> requests = new LinkedBlockingQueue<>();
        final String url = startServer(exchange ->
        {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("Content-Type")
                + " " + body(exchange));
            respond(exchange, 200);
        });
        start(url, 8).onAlarm(RAISED);

        final String request = requests.poll(WAIT_MS, TimeUnit.MILLISECONDS);
        assertNotNull(request, "no request within " + WAIT_MS + " ms");
        assertEquals("POST application/json {\"event\":\"RAISED\",\"kind\":\"lag\",\"subject\":\"source 1\","
            + "\"value\":12345,\"threshold\":10000,\"time\":\"2026-11-18T11:06:40Z\","
            + "\"message\":\"source 1 is \\\"12345\\\" ms behind\"}", request);
        await(() -> delivery.delivered("webhook"), 1);
        assertEquals(0, delivery.failed("webhook"));
    }

    @Test
    void shouldRetryWithBackOffThenCountTheEventAsFailedWhenTheWebhookAnswersAnError() throws Exception
    {
        final AtomicInteger requests = new AtomicInteger();
        final String url = startServer(exchange ->
        {
            body(exchange);
            requests.incrementAndGet();
            respond(exchange, 503);
        });
        start(url, 8).onAlarm(RAISED);

        await(() -> delivery.failed("webhook"), 1);
        assertEquals(1 + FAST.maxRedeliveries(), requests.get());
        assertEquals(0, delivery.delivered("webhook"));
    }

    @Test
    void shouldCountTheEventAsFailedWhenNothingListensAtTheWebhook() throws Exception
    {
        final int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            port = socket.getLocalPort();
        }
        start("http://127.0.0.1:" + port + "/hook", 8).onAlarm(RAISED);

        await(() -> delivery.failed("webhook"), 1);
        assertEquals(0, delivery.delivered("webhook"));
    }

    @Test
    void shouldDropAndCountEventsBeyondTheQueueWithoutBlockingTheMonitorWhileTheWebhookHangs() throws Exception
    {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final String url = startServer(exchange ->
        {
            body(exchange);
            entered.countDown();
            try
            {
                release.await(WAIT_MS, TimeUnit.MILLISECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            respond(exchange, 200);
        });
        start(url, 4);
        final FakeInputs inputs = new FakeInputs();
        final LongSupplier unusedClock = () -> T0;
        final AlarmMonitor monitor = new AlarmMonitor(new AlarmSettings(1_000, 0, 0, 100, 0, 0, 60_000, 0), inputs,
            unusedClock);
        monitor.addListener(delivery);
        inputs.oldestUnsentAgeMs = 100;
        monitor.check(T0);
        assertTrue(entered.await(WAIT_MS, TimeUnit.MILLISECONDS), "the first event never reached the webhook");

        for (int i = 1; i <= 10; i++)
        {
            inputs.oldestUnsentAgeMs = i % 2 == 0 ? 100 : 0;
            monitor.check(T0 + i * 1_000L);
        }
        assertEquals(11, monitor.raised() + monitor.cleared(), "the monitor went on while the webhook hung");
        assertEquals(6, delivery.dropped("webhook"));
        assertEquals(4, delivery.waiting("webhook"));

        release.countDown();
        await(() -> delivery.delivered("webhook"), 5);
        assertEquals(6, delivery.dropped("webhook"));
    }

    private static String body(final HttpExchange exchange) throws IOException
    {
        try (InputStream in = exchange.getRequestBody())
        {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void respond(final HttpExchange exchange, final int status) throws IOException
    {
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private static void await(final LongSupplier value, final long expected) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WAIT_MS);
        while (value.getAsLong() < expected && System.nanoTime() - deadline < 0)
        {
            Thread.sleep(10);
        }
        assertEquals(expected, value.getAsLong());
    }
}
