package io.diodegw.receiver.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.diodegw.receiver.link.LinkCounter;
import io.diodegw.receiver.link.LinkCounters;
import io.diodegw.receiver.table.ConflatedLiveStatus;
import io.diodegw.receiver.table.OpcUaTime;
import io.diodegw.receiver.table.SenderReport;
import io.diodegw.receiver.table.SnapshotProgress;
import io.diodegw.receiver.table.LagHistogram;
import io.diodegw.receiver.table.SnapshotStatus;
import io.diodegw.receiver.table.SourceSnapshot;
import io.diodegw.receiver.table.StaleCounts;
import io.diodegw.receiver.table.TagSnapshot;
import io.diodegw.receiver.table.TagTable;

/**
 * The read-only HTTP API of the IT side, on the JDK's built-in HTTP or HTTPS server ({@link HttpSecurity}). Every
 * answer is JSON ({@code application/json; charset=utf-8}); errors are {@code {"error":"..."}} with the status:
 * <ul>
 *   <li>When tokens are required ({@link HttpSecurity#tokenRequired()}), a request without
 *   {@code Authorization: Bearer <token>} of a configured token is 401 with {@code WWW-Authenticate: Bearer} and
 *   no detail, before anything else is looked at, and is counted ({@link HttpCounters#unauthorized()}).</li>
 *   <li>{@code GET /api/tags?prefix=&offset=&limit=}: tags in browse-path order whose browse path or node id starts
 *   with {@code prefix} (all when absent), {@code offset} (default 0) skipped, at most {@code limit} (default
 *   {@value #DEFAULT_LIMIT}, at most {@value #MAX_LIMIT}) returned: {@code {"total":n,"offset":o,"limit":l,
 *   "tags":[...]}} with each tag as in {@link TagJson}. A non-numeric, negative or too large offset or limit is 400.</li>
 *   <li>{@code GET /api/tags/{id}}: one tag ({@link TagJson}); 400 when the id is not a u32 decimal number, 404 when
 *   no tag has it.</li>
 *   <li>{@code GET /api/status}: per source its state, reason, last update, lag (the last value's, and {@code lagRecent}: count, p50, p99 and max over
 *   the last minute, null when nothing was applied), counts, staleness and its tags
 *   served degraded; the link counters (datagrams, bytes, refused datagrams and announcements by reason, blocks
 *   repaired and unrecoverable, gaps, out-of-band blocks...) with the sender epoch and the time since the sender
 *   was last heard; table counts; the snapshot carousel (last complete snapshot, the one in progress); the
 *   sender's conflated live passes under overload ({@code conflatedLive}: passes, values applied, last cut); the latest
 *   sender status (backlog, rates, journal head) with this receiver's lag behind that journal head; the API's own
 *   protection and refusals ({@code http}: tls, protocols, clientCertificates, tokens, requests, unauthorized,
 *   methodNotAllowed, clientCertificatesRefused).</li>
 *   <li>Resources mounted by other parts of the receiver ({@link #addResource}: e.g. {@code /metrics}, the status
 *   page): GET and HEAD only, behind the token like the rest, except static page content mounted with
 *   {@link #addStaticResource}.</li>
 *   <li>{@code HEAD} answers as {@code GET} without a body. Any other method: 405 with {@code Allow: GET, HEAD},
 *   counted ({@link HttpCounters#methodNotAllowed()}): nothing in the API can change the receiver. Any other path:
 *   404.</li>
 * </ul>
 *
 * <p>Requests run on a bounded pool of {@value #THREADS} daemon threads with a queue of {@value #QUEUE} requests;
 * beyond that the server's dispatcher thread runs the request itself, which slows accepting down instead of
 * growing memory. Readers only: nothing here changes the table or the link. {@link #close()} stops the server.
 */
public final class ReceiverHttpApi implements AutoCloseable
{
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    static final int THREADS = 2;
    static final int QUEUE = 64;

    private static final System.Logger LOG = System.getLogger(ReceiverHttpApi.class.getName());
    private static final String TAGS_PATH = "/api/tags";
    private static final String STATUS_PATH = "/api/status";
    private static final int BACKLOG = 64;
    private static final int STOP_DELAY_SECONDS = 0;
    private static final int OK = 200;
    private static final int BAD_REQUEST = 400;
    private static final int UNAUTHORIZED = 401;
    private static final int NOT_FOUND = 404;
    private static final int METHOD_NOT_ALLOWED = 405;
    private static final int INTERNAL_ERROR = 500;

    private final HttpServer server;
    private final HttpSecurity security;
    private final ThreadPoolExecutor executor;
    private final TagTable table;
    private final LinkCounters counters;
    private final LongSupplier clockMs;
    private final JsonFactory jsonFactory = new JsonFactory();

    private ReceiverHttpApi(
        final HttpServer server,
        final HttpSecurity security,
        final ThreadPoolExecutor executor,
        final TagTable table,
        final LinkCounters counters,
        final LongSupplier clockMs)
    {
        this.server = server;
        this.security = security;
        this.executor = executor;
        this.table = table;
        this.counters = counters;
        this.clockMs = clockMs;
    }

    /**
     * Binds and starts the API as plain HTTP without authentication ({@link HttpSecurity#plain()}).
     *
     * @param bind     the TCP address ({@code receiver.http.bind}); port 0 picks a free port.
     * @param table    the tag table to serve.
     * @param counters the receive agent's counters.
     * @param clockMs  the wall clock, ms since 1970-01-01T00:00Z (ages).
     * @return the running API.
     * @throws IOException if the address cannot be bound.
     */
    public static ReceiverHttpApi start(
        final InetSocketAddress bind, final TagTable table, final LinkCounters counters, final LongSupplier clockMs)
        throws IOException
    {
        return start(bind, HttpSecurity.plain(), table, counters, clockMs);
    }

    /**
     * Binds and starts the API.
     *
     * @param bind     the TCP address ({@code receiver.http.bind}); port 0 picks a free port.
     * @param security HTTP or HTTPS, client certificates and tokens required or not.
     * @param table    the tag table to serve.
     * @param counters the receive agent's counters.
     * @param clockMs  the wall clock, ms since 1970-01-01T00:00Z (ages).
     * @return the running API.
     * @throws IOException if the address cannot be bound.
     */
    public static ReceiverHttpApi start(
        final InetSocketAddress bind,
        final HttpSecurity security,
        final TagTable table,
        final LinkCounters counters,
        final LongSupplier clockMs)
        throws IOException
    {
        final AtomicInteger threadNumber = new AtomicInteger();
        final ThreadPoolExecutor executor = new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(QUEUE), runnable ->
            {
                final Thread thread = new Thread(runnable, "diodegw-http-" + threadNumber.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            }, new ThreadPoolExecutor.CallerRunsPolicy());
        final HttpServer server;
        try
        {
            server = security.bind(bind, BACKLOG);
        }
        catch (final IOException ex)
        {
            executor.shutdownNow();
            throw new IOException("cannot bind the HTTP API to " + bind + " (receiver.http.bind): " + ex.getMessage(),
                ex);
        }
        final ReceiverHttpApi api = new ReceiverHttpApi(server, security, executor, table, counters, clockMs);
        server.createContext("/", api::handle);
        server.setExecutor(executor);
        server.start();
        LOG.log(Level.INFO, "HTTP API on " + (security.tls() ? "https://" : "http://") +
            server.getAddress().getHostString() + ":" + server.getAddress().getPort() + "/api/status" +
            (security.tls() ? " (" + String.join(", ", security.protocols()) + ")" : "") +
            (security.clientCertificateRequired() ? ", client certificates required" : "") +
            (security.tokenRequired() ? ", bearer tokens required" : ""));
        return api;
    }

    /** Writes one more field into the {@code /api/status} object; called on an HTTP thread, so thread-safe. */
    @FunctionalInterface
    public interface StatusSection
    {
        /**
         * @param json the generator, inside the status object: write whole fields (name and value).
         * @throws IOException if the generator fails.
         */
        void write(JsonGenerator json) throws IOException;
    }

    private final java.util.List<StatusSection> statusSections = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * Adds a section that {@code /api/status} writes after its own fields, in the order added (e.g. the IT journal's
     * and the sinks' figures, which the receiver's main wires in). Thread-safe.
     */
    public void addStatusSection(final StatusSection section)
    {
        statusSections.add(section);
    }

    /** One more read-only resource of the API, answered on an HTTP thread (so thread-safe). */
    @FunctionalInterface
    public interface Resource
    {
        /**
         * @param query the request's decoded query parameters (last one wins).
         * @return the answer, status 200.
         * @throws IOException if it cannot be produced (answered 500, logged).
         * @throws IllegalArgumentException for a bad parameter (answered 400 with the message).
         */
        Body get(Map<String, String> query) throws IOException;
    }

    /**
     * A resource's answer.
     *
     * @param contentType e.g. {@code text/plain; version=0.0.4; charset=utf-8}.
     * @param bytes       the body.
     */
    public record Body(String contentType, byte[] bytes)
    {
    }

    private record Mounted(Resource resource, boolean withoutToken)
    {
    }

    private final Map<String, Mounted> resources = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Serves {@code GET path} (exact path) from {@code resource}, under the same rules as the API's own resources:
     * read-only, and behind the bearer token when tokens are required. Thread-safe.
     *
     * @param path     e.g. {@code /metrics}; must start with '/' and not be one of the API's own paths.
     * @param resource what answers it.
     */
    public void addResource(final String path, final Resource resource)
    {
        mount(path, resource, false);
    }

    /**
     * As {@link #addResource} but served without a token even when tokens are required: only for content that holds
     * no plant data (a page's HTML, script and style, which then fetch the data with the token).
     *
     * @param path     the exact path.
     * @param resource what answers it.
     */
    public void addStaticResource(final String path, final Resource resource)
    {
        mount(path, resource, true);
    }

    private void mount(final String path, final Resource resource, final boolean withoutToken)
    {
        if (!path.startsWith("/") || path.equals(STATUS_PATH) || path.startsWith(TAGS_PATH))
        {
            throw new IllegalArgumentException("cannot mount a resource at " + path);
        }
        if (resources.putIfAbsent(path, new Mounted(resource, withoutToken)) != null)
        {
            throw new IllegalArgumentException("a resource is already mounted at " + path);
        }
    }

    /** @return what the API refused so far. */
    public HttpCounters httpCounters()
    {
        return security.counters();
    }

    /** @return the bound address (with the real port). */
    public InetSocketAddress address()
    {
        return server.getAddress();
    }

    /** Stops accepting, ends open exchanges and the pool; idempotent. */
    @Override
    public void close()
    {
        server.stop(STOP_DELAY_SECONDS);
        executor.shutdownNow();
    }

    private void handle(final HttpExchange exchange) throws IOException
    {
        try
        {
            final HttpCounters refused = security.counters();
            refused.onRequest();
            final Mounted mounted = resources.get(exchange.getRequestURI().getPath());
            final boolean withoutToken = mounted != null && mounted.withoutToken();
            if (!withoutToken && !security.acceptsToken(exchange.getRequestHeaders().getFirst("Authorization")))
            {
                refused.onUnauthorized();
                closeAfterAnswer(exchange);
                exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"diodegw\"");
                error(exchange, UNAUTHORIZED, "unauthorized");
                return;
            }
            final String method = exchange.getRequestMethod();
            if (!"GET".equals(method) && !"HEAD".equals(method))
            {
                refused.onMethodNotAllowed();
                closeAfterAnswer(exchange);
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                error(exchange, METHOD_NOT_ALLOWED, "method " + method + " not allowed: the API is read-only; " +
                    "use GET or HEAD");
                return;
            }
            final String path = exchange.getRequestURI().getPath();
            if (TAGS_PATH.equals(path) || (TAGS_PATH + "/").equals(path))
            {
                listTags(exchange);
            }
            else if (path.startsWith(TAGS_PATH + "/"))
            {
                oneTag(exchange, path.substring(TAGS_PATH.length() + 1));
            }
            else if (STATUS_PATH.equals(path))
            {
                status(exchange);
            }
            else if (mounted != null)
            {
                serve(exchange, mounted.resource());
            }
            else
            {
                error(exchange, NOT_FOUND, "no such resource: " + path + "; try /api/tags, /api/tags/{id} or " +
                    "/api/status");
            }
        }
        catch (final BadRequest ex)
        {
            error(exchange, BAD_REQUEST, ex.getMessage());
        }
        catch (final RuntimeException ex)
        {
            LOG.log(Level.WARNING, "HTTP " + exchange.getRequestURI() + " failed", ex);
            error(exchange, INTERNAL_ERROR, "internal error: " + ex);
        }
        finally
        {
            exchange.close();
        }
    }

    private void serve(final HttpExchange exchange, final Resource resource) throws IOException
    {
        final Body body;
        try
        {
            body = resource.get(query(exchange.getRequestURI().getRawQuery()));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new BadRequest(ex.getMessage());
        }
        exchange.getResponseHeaders().set("Content-Type", body.contentType());
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        final boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(OK, head ? -1 : body.bytes().length == 0 ? -1 : body.bytes().length);
        if (!head && body.bytes().length > 0)
        {
            try (OutputStream out = exchange.getResponseBody())
            {
                out.write(body.bytes());
            }
        }
    }

    private void listTags(final HttpExchange exchange) throws IOException
    {
        final Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        final int offset = intParameter(query, "offset", 0, Integer.MAX_VALUE);
        final int limit = intParameter(query, "limit", DEFAULT_LIMIT, MAX_LIMIT);
        final TagTable.Page page = table.list(query.get("prefix"), offset, limit);
        final long nowMs = clockMs.getAsLong();
        respond(exchange, OK, json ->
        {
            json.writeStartObject();
            json.writeNumberField("total", page.total());
            json.writeNumberField("offset", page.offset());
            json.writeNumberField("limit", page.limit());
            json.writeArrayFieldStart("tags");
            for (final TagSnapshot tag : page.tags())
            {
                TagJson.write(json, tag, table.servedStatus(tag, nowMs), nowMs);
            }
            json.writeEndArray();
            json.writeEndObject();
        });
    }

    private void oneTag(final HttpExchange exchange, final String idText) throws IOException
    {
        final long id;
        try
        {
            id = Long.parseLong(idText);
        }
        catch (final NumberFormatException ex)
        {
            throw new BadRequest("tag id '" + idText + "' is not a number; expected a decimal tag id 0.." +
                0xFFFF_FFFFL);
        }
        if (id < 0 || id > 0xFFFF_FFFFL)
        {
            throw new BadRequest("tag id " + id + " is out of range; expected 0.." + 0xFFFF_FFFFL);
        }
        final TagSnapshot tag = table.tag((int)id);
        if (tag == null)
        {
            error(exchange, NOT_FOUND, "no tag with id " + id);
            return;
        }
        final long nowMs = clockMs.getAsLong();
        respond(exchange, OK, json -> TagJson.write(json, tag, table.servedStatus(tag, nowMs), nowMs));
    }

    private void status(final HttpExchange exchange) throws IOException
    {
        final long nowMs = clockMs.getAsLong();
        final Map<Integer, StaleCounts> staleBySource = new HashMap<>();
        final StaleCounts staleTotal = table.staleCounts(nowMs, staleBySource);
        respond(exchange, OK, json ->
        {
            json.writeStartObject();
            json.writeStringField("time", OpcUaTime.unixMsToIso(nowMs));
            json.writeArrayFieldStart("sources");
            for (final SourceSnapshot source : table.sources())
            {
                json.writeStartObject();
                json.writeNumberField("sourceId", Integer.toUnsignedLong(source.sourceId()));
                json.writeStringField("state", source.state() == null ? null : source.state().name());
                json.writeStringField("reason", source.reason());
                json.writeStringField("stateTime", source.stateTimeTicks() == 0 ? null :
                    OpcUaTime.toIso(source.stateTimeTicks(), 0));
                json.writeStringField("lastUpdate", source.lastUpdateMs() == 0 ? null :
                    OpcUaTime.unixMsToIso(source.lastUpdateMs()));
                if (source.lastUpdateMs() == 0)
                {
                    json.writeNullField("sinceLastUpdateMs");
                    json.writeNullField("lagMs");
                }
                else
                {
                    json.writeNumberField("sinceLastUpdateMs", nowMs - source.lastUpdateMs());
                    json.writeNumberField("lagMs", source.lagMs());
                }
                writeLagRecent(json, table.lagHistogram(source.sourceId()), nowMs);
                json.writeNumberField("valuesApplied", source.valuesApplied());
                json.writeNumberField("tags", source.tags());
                json.writeStringField("stale", table.sourceStaleness(source, nowMs).label());
                json.writeStringField("notCommunicatingSince", source.notCommunicatingSinceMs() < 0 ? null :
                    OpcUaTime.unixMsToIso(source.notCommunicatingSinceMs()));
                writeStaleCounts(json, staleBySource.getOrDefault(source.sourceId(), StaleCounts.NONE));
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeObjectFieldStart("link");
            writeSenderHeard(json, nowMs);
            for (final LinkCounter counter : LinkCounter.values())
            {
                json.writeNumberField(counter.label(), counters.get(counter));
            }
            json.writeNumberField("authFailures", counters.authFailures());
            json.writeObjectFieldStart("datagramsRefused");
            for (final Map.Entry<String, Long> entry : counters.openRejectionsByReason().entrySet())
            {
                json.writeNumberField(entry.getKey(), entry.getValue());
            }
            json.writeEndObject();
            json.writeObjectFieldStart("announcementsRefused");
            for (final Map.Entry<String, Long> entry : counters.announcementRejectionsByReason().entrySet())
            {
                json.writeNumberField(entry.getKey(), entry.getValue());
            }
            json.writeEndObject();
            json.writeEndObject();
            json.writeObjectFieldStart("table");
            json.writeNumberField("tags", table.tagCount());
            json.writeNumberField("definitionsApplied", table.definitionsApplied());
            json.writeNumberField("liveValuesApplied", table.liveValuesApplied());
            json.writeNumberField("snapshotValuesReceived", table.snapshotValuesReceived());
            json.writeNumberField("historyValuesReceived", table.historyValuesReceived());
            json.writeNumberField("valuesSuperseded", table.valuesSuperseded());
            json.writeNumberField("sourceStatesApplied", table.sourceStatesApplied());
            json.writeNumberField("gaps", table.gaps());
            json.writeNumberField("liveValuesOlder", table.liveValuesOlder());
            json.writeNumberField("snapshotValuesApplied", table.snapshotValuesApplied());
            json.writeNumberField("sourceStatesOlder", table.sourceStatesOlder());
            writeStaleCounts(json, staleTotal);
            json.writeEndObject();
            writeSnapshots(json, table.snapshots());
            writeConflatedLive(json, table.conflatedLive());
            writeSenderReport(json, table.senderReport(), nowMs);
            writeHttp(json);
            for (final StatusSection section : statusSections)
            {
                section.write(json);
            }
            json.writeEndObject();
        });
    }

    private static void writeLagRecent(final JsonGenerator json, final LagHistogram lag, final long nowMs)
        throws IOException
    {
        final LagHistogram.Recent recent = lag == null ? new LagHistogram().recent(nowMs) : lag.recent(nowMs);
        json.writeObjectFieldStart("lagRecent");
        json.writeNumberField("windowMs", recent.windowMs());
        json.writeNumberField("count", recent.count());
        writeOptionalMs(json, "p50Ms", recent.p50Ms());
        writeOptionalMs(json, "p99Ms", recent.p99Ms());
        writeOptionalMs(json, "maxMs", recent.maxMs());
        json.writeEndObject();
    }

    private static void writeOptionalMs(final JsonGenerator json, final String name, final long ms) throws IOException
    {
        if (ms < 0)
        {
            json.writeNullField(name);
        }
        else
        {
            json.writeNumberField(name, ms);
        }
    }

    private void writeSenderHeard(final JsonGenerator json, final long nowMs) throws IOException
    {
        final long heardMs = table.lastHeardMs();
        if (heardMs < 0)
        {
            json.writeNullField("senderEpoch");
            json.writeNullField("lastHeard");
            json.writeNullField("sinceHeardMs");
        }
        else
        {
            json.writeStringField("senderEpoch", Long.toUnsignedString(table.senderEpoch()));
            json.writeStringField("lastHeard", OpcUaTime.unixMsToIso(heardMs));
            json.writeNumberField("sinceHeardMs", nowMs - heardMs);
        }
        json.writeBooleanField("silent", table.isLinkSilent(nowMs));
    }

    private void writeHttp(final JsonGenerator json) throws IOException
    {
        final HttpCounters refused = security.counters();
        json.writeObjectFieldStart("http");
        json.writeBooleanField("tls", security.tls());
        json.writeArrayFieldStart("protocols");
        for (final String protocol : security.protocols())
        {
            json.writeString(protocol);
        }
        json.writeEndArray();
        json.writeBooleanField("clientCertificates", security.clientCertificateRequired());
        json.writeBooleanField("tokens", security.tokenRequired());
        json.writeNumberField("requests", refused.requests());
        json.writeNumberField("unauthorized", refused.unauthorized());
        json.writeNumberField("methodNotAllowed", refused.methodNotAllowed());
        json.writeNumberField("clientCertificatesRefused", refused.clientCertificatesRefused());
        json.writeEndObject();
    }

    private static void writeStaleCounts(final JsonGenerator json, final StaleCounts counts) throws IOException
    {
        json.writeNumberField("tagsUncertain", counts.uncertain());
        json.writeNumberField("tagsBad", counts.bad());
        json.writeNumberField("tagsWaitingForInitialData", counts.waitingForInitialData());
    }

    private static void writeSnapshots(final JsonGenerator json, final SnapshotStatus status) throws IOException
    {
        json.writeObjectFieldStart("snapshots");
        json.writeFieldName("lastComplete");
        writeSnapshot(json, status.lastComplete());
        json.writeFieldName("inProgress");
        writeSnapshot(json, status.inProgress());
        json.writeNumberField("begun", status.begun());
        json.writeNumberField("completed", status.completed());
        json.writeNumberField("abandoned", status.abandoned());
        json.writeNumberField("recordsOtherEpoch", status.recordsOtherEpoch());
        json.writeNumberField("recordsIgnored", status.recordsIgnored());
        json.writeNumberField("recordsUndecodable", status.recordsUndecodable());
        json.writeEndObject();
    }

    private static void writeConflatedLive(final JsonGenerator json, final ConflatedLiveStatus status)
        throws IOException
    {
        json.writeObjectFieldStart("conflatedLive");
        json.writeNumberField("passes", status.passes());
        json.writeNumberField("partsReceived", status.partsReceived());
        json.writeNumberField("valuesReceived", status.valuesReceived());
        json.writeNumberField("valuesApplied", status.valuesApplied());
        json.writeNumberField("valuesSuperseded", status.valuesSuperseded());
        json.writeNumberField("lastCut", status.lastCut());
        if (status.lastReceivedMs() < 0)
        {
            json.writeNullField("lastReceived");
        }
        else
        {
            json.writeStringField("lastReceived", OpcUaTime.unixMsToIso(status.lastReceivedMs()));
        }
        json.writeEndObject();
    }

    private static void writeSnapshot(final JsonGenerator json, final SnapshotProgress snapshot) throws IOException
    {
        if (snapshot == null)
        {
            json.writeNull();
            return;
        }
        json.writeStartObject();
        json.writeStringField("senderEpoch", Long.toUnsignedString(snapshot.senderEpoch()));
        if (snapshot.snapshotId() < 0)
        {
            json.writeNullField("id");
        }
        else
        {
            json.writeNumberField("id", snapshot.snapshotId());
        }
        json.writeNumberField("cut", snapshot.cutSequence());
        json.writeStringField("time", snapshot.timeTicks() == 0 ? null : OpcUaTime.toIso(snapshot.timeTicks(), 0));
        if (snapshot.tagCount() < 0)
        {
            json.writeNullField("tags");
        }
        else
        {
            json.writeNumberField("tags", snapshot.tagCount());
        }
        json.writeNumberField("valuesReceived", snapshot.valuesReceived());
        json.writeNumberField("valuesApplied", snapshot.valuesApplied());
        json.writeNumberField("parts", snapshot.partsReceived());
        json.writeNumberField("definitions", snapshot.definitions());
        json.writeNumberField("sourceStates", snapshot.sourceStates());
        json.writeBooleanField("beginSeen", snapshot.beginSeen());
        json.writeBooleanField("endSeen", snapshot.endSeen());
        json.writeStringField("startedAt", OpcUaTime.unixMsToIso(snapshot.startedMs()));
        json.writeStringField("completedAt", snapshot.isComplete() ? OpcUaTime.unixMsToIso(snapshot.completedMs()) :
            null);
        json.writeEndObject();
    }

    private void writeSenderReport(final JsonGenerator json, final SenderReport report, final long nowMs)
        throws IOException
    {
        if (report == null)
        {
            json.writeNullField("sender");
            return;
        }
        json.writeObjectFieldStart("sender");
        json.writeStringField("senderEpoch", Long.toUnsignedString(report.senderEpoch()));
        json.writeNumberField("journalHeadSequence", report.journalHeadSequence());
        json.writeNumberField("backlogRecords", report.backlogRecords());
        json.writeNumberField("backlogBytes", report.backlogBytes());
        json.writeNumberField("oldestUnsentAgeMs", report.oldestUnsentAgeMs());
        json.writeNumberField("inputRecordsPerSec", report.inputRecordsPerSec());
        json.writeNumberField("outputRecordsPerSec", report.outputRecordsPerSec());
        json.writeNumberField("outputBytesPerSec", report.outputBytesPerSec());
        json.writeStringField("time", OpcUaTime.toIso(report.timeTicks(), 0));
        json.writeStringField("receivedAt", OpcUaTime.unixMsToIso(report.receivedMs()));
        json.writeNumberField("sinceReceivedMs", nowMs - report.receivedMs());
        json.writeNumberField("receiverLastSequence", table.lastStreamSequence());
        final long accounted = table.accountedStreamSequence();
        json.writeNumberField("receiverAccountedSequence", accounted);
        json.writeNumberField("receiverBehindRecords", Math.max(0, report.journalHeadSequence() - accounted));
        json.writeEndObject();
    }

    private static int intParameter(final Map<String, String> query, final String name, final int defaultValue,
        final int max)
    {
        final String text = query.get(name);
        if (text == null || text.isEmpty())
        {
            return defaultValue;
        }
        final long value;
        try
        {
            value = Long.parseLong(text);
        }
        catch (final NumberFormatException ex)
        {
            throw new BadRequest("parameter " + name + "='" + text + "' is not a whole number");
        }
        if (value < 0 || value > max)
        {
            throw new BadRequest("parameter " + name + "=" + value + " is out of range 0.." + max);
        }
        return (int)value;
    }

    private static Map<String, String> query(final String rawQuery)
    {
        final Map<String, String> parameters = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty())
        {
            return parameters;
        }
        for (final String pair : rawQuery.split("&"))
        {
            if (pair.isEmpty())
            {
                continue;
            }
            final int equals = pair.indexOf('=');
            final String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            final String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            if (parameters.putIfAbsent(name, value) != null)
            {
                throw new BadRequest("parameter " + name + " is given more than once");
            }
        }
        return parameters;
    }

    private static String decode(final String text)
    {
        try
        {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new BadRequest("bad percent-encoding in the query: " + text);
        }
    }

    /**
     * A refused request may carry a body nobody reads (a POST, an unauthorized upload): answer it on a connection that
     * then closes, instead of leaving the unread body between this answer and the client's next request on the same
     * connection (over TLS on JDK 25 the next request then hung until the client's timeout).
     */
    private static void closeAfterAnswer(final HttpExchange exchange)
    {
        exchange.getResponseHeaders().set("Connection", "close");
    }

    private void error(final HttpExchange exchange, final int status, final String message) throws IOException
    {
        respond(exchange, status, json ->
        {
            json.writeStartObject();
            json.writeStringField("error", message);
            json.writeNumberField("status", status);
            json.writeEndObject();
        });
    }

    private void respond(final HttpExchange exchange, final int status, final JsonBody body) throws IOException
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator json = jsonFactory.createGenerator(bytes, JsonEncoding.UTF8))
        {
            body.write(json);
        }
        bytes.write('\n');
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        if ("HEAD".equals(exchange.getRequestMethod()))
        {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.size());
        try (OutputStream out = exchange.getResponseBody())
        {
            bytes.writeTo(out);
        }
    }

    @FunctionalInterface
    private interface JsonBody
    {
        void write(JsonGenerator json) throws IOException;
    }

    /** A client error; the message says what to fix. */
    private static final class BadRequest extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        BadRequest(final String message)
        {
            super(message, null, false, false);
        }
    }
}
