package io.diodegw.sender.metrics;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Serves {@code GET /metrics} on a loopback address only, for a local agent that scrapes and forwards: the OT side
 * never listens where the network can reach it. Any other path is 404, any other method 405. The server's own
 * dispatcher thread answers every request. {@link #close()} stops it.
 */
public final class LoopbackMetricsServer implements AutoCloseable
{
    /** The path served. */
    public static final String PATH = "/metrics";
    private static final int BACKLOG = 8;
    private static final int OK = 200;
    private static final int NOT_FOUND = 404;
    private static final int METHOD_NOT_ALLOWED = 405;

    private final HttpServer server;
    private final Supplier<String> content;

    private LoopbackMetricsServer(final HttpServer server, final Supplier<String> content)
    {
        this.server = server;
        this.content = content;
    }

    /**
     * Binds 127.0.0.1 (the loopback address) at {@code port} and starts serving.
     *
     * @param port    the TCP port, 1 to 65535 ({@code sender.metrics.httpPort}), or 0 for a free one (tests).
     * @param content the exposition to serve (called on the server's thread).
     * @return the running server.
     * @throws IOException if the port cannot be bound.
     */
    public static LoopbackMetricsServer start(final int port, final Supplier<String> content) throws IOException
    {
        return start(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), content);
    }

    /**
     * Binds {@code bind}, which must be a loopback address, and starts serving.
     *
     * @param bind    a loopback address and port.
     * @param content the exposition to serve.
     * @return the running server.
     * @throws IllegalArgumentException if {@code bind} is not a loopback address (wildcard included).
     * @throws IOException if it cannot be bound.
     */
    public static LoopbackMetricsServer start(final InetSocketAddress bind, final Supplier<String> content)
        throws IOException
    {
        if (bind.isUnresolved() || !bind.getAddress().isLoopbackAddress())
        {
            throw new IllegalArgumentException("the sender serves metrics on a loopback address only, not " + bind);
        }
        final HttpServer server;
        try
        {
            server = HttpServer.create(bind, BACKLOG);
        }
        catch (final IOException ex)
        {
            throw new IOException("cannot bind the metrics endpoint to " + bind + " (sender.metrics.httpPort): " +
                ex.getMessage(), ex);
        }
        final LoopbackMetricsServer metrics = new LoopbackMetricsServer(server, content);
        server.createContext("/", metrics::handle);
        server.start();
        return metrics;
    }

    /** @return the bound address (with the real port). */
    public InetSocketAddress address()
    {
        return server.getAddress();
    }

    /** Stops serving; idempotent. */
    @Override
    public void close()
    {
        server.stop(0);
    }

    private void handle(final HttpExchange exchange) throws IOException
    {
        try (exchange)
        {
            final String method = exchange.getRequestMethod();
            if (!PATH.equals(exchange.getRequestURI().getPath()))
            {
                exchange.sendResponseHeaders(NOT_FOUND, -1);
                return;
            }
            if (!"GET".equals(method) && !"HEAD".equals(method))
            {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(METHOD_NOT_ALLOWED, -1);
                return;
            }
            final byte[] body = content.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", SenderMetrics.CONTENT_TYPE);
            if ("HEAD".equals(method))
            {
                exchange.sendResponseHeaders(OK, -1);
                return;
            }
            exchange.sendResponseHeaders(OK, body.length);
            try (OutputStream out = exchange.getResponseBody())
            {
                out.write(body);
            }
        }
    }
}
