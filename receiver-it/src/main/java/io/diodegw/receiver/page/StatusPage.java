package io.diodegw.receiver.page;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.LongSupplier;

import io.diodegw.receiver.http.ReceiverHttpApi;
import io.diodegw.receiver.table.TagTable;

/**
 * The receiver's status page on its HTTP API: mounts
 * <ul>
 *   <li>{@code GET /status} (and {@code /}): the page, with {@code /status.js} and {@code /status.css}, read once
 *   from the classpath ({@code io/diodegw/receiver/page/}) and served without a token, since they hold no plant data;
 *   the page's script fetches {@code /api/status} and {@link LagHistoryResource#PATH} every 2 s, with the bearer
 *   token the operator typed when the API requires one;</li>
 *   <li>{@link LagHistoryResource#PATH}: the last hour of lag per source, behind the token;</li>
 * </ul>
 * and starts the {@link LagSampler} that fills the history. {@link #start} and {@link #close()} from one controlling
 * thread (the receiver's main).
 */
public final class StatusPage implements AutoCloseable
{
    /** Where the page is served. */
    public static final String PAGE_PATH = "/status";

    private static final String RESOURCE_DIR = "/io/diodegw/receiver/page/";

    private record StaticFile(String path, String resource, String contentType)
    {
    }

    private static final List<StaticFile> FILES = List.of(
        new StaticFile(PAGE_PATH, "status.html", "text/html; charset=utf-8"),
        new StaticFile("/", "status.html", "text/html; charset=utf-8"),
        new StaticFile("/status.js", "status.js", "text/javascript; charset=utf-8"),
        new StaticFile("/status.css", "status.css", "text/css; charset=utf-8"));

    private final LagHistory history;
    private final LagSampler sampler;

    private StatusPage(final LagHistory history, final LagSampler sampler)
    {
        this.history = history;
        this.sampler = sampler;
    }

    /**
     * Mounts the page, its files and the lag history on {@code http} and starts sampling.
     *
     * @param http    the running API.
     * @param table   the tag table (read only).
     * @param clockMs the wall clock, ms since 1970.
     * @return the started page; close it before the API.
     * @throws IllegalStateException if a page file is missing from the classpath (a broken build).
     * @throws IllegalArgumentException if one of the paths is already mounted.
     */
    public static StatusPage start(final ReceiverHttpApi http, final TagTable table, final LongSupplier clockMs)
    {
        final LagHistory history = new LagHistory();
        http.addResource(LagHistoryResource.PATH, new LagHistoryResource(history, clockMs));
        for (final StaticFile file : FILES)
        {
            final ReceiverHttpApi.Body body = new ReceiverHttpApi.Body(file.contentType(), read(file.resource()));
            http.addStaticResource(file.path(), query -> body);
        }
        final LagSampler sampler = new LagSampler(table, history, clockMs);
        sampler.start();
        return new StatusPage(history, sampler);
    }

    /** @return the lag history the page shows. */
    public LagHistory history()
    {
        return history;
    }

    /** @return the sampler filling it. */
    public LagSampler sampler()
    {
        return sampler;
    }

    /** Stops sampling; the mounted resources stay until the API closes. Idempotent. */
    @Override
    public void close()
    {
        sampler.close();
    }

    static byte[] read(final String name)
    {
        try (InputStream in = StatusPage.class.getResourceAsStream(RESOURCE_DIR + name))
        {
            if (in == null)
            {
                throw new IllegalStateException("status page file " + RESOURCE_DIR + name + " is not on the classpath");
            }
            return in.readAllBytes();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read status page file " + RESOURCE_DIR + name, ex);
        }
    }
}
