package io.diodegw.sender.opcua;

import io.diodegw.config.SenderSettings.OpcUaDataChangeTrigger;
import io.diodegw.config.SenderSettings.OpcUaSecurity;
import io.diodegw.sender.journal.CollectedRecords;
import io.diodegw.sender.opcua.OpcUaCollectorCounters.ErrorKind;
import io.diodegw.wire.record.BuiltinType;
import io.diodegw.wire.record.SourceState;
import io.diodegw.wire.record.SourceState.State;
import io.diodegw.wire.record.TagDefinition;
import io.diodegw.wire.record.TagValue;
import org.eclipse.milo.opcua.sdk.client.DiscoveryClient;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.OpcUaClientConfig;
import org.eclipse.milo.opcua.sdk.client.OpcUaClientConfigBuilder;
import org.eclipse.milo.opcua.sdk.client.OperationLimits;
import org.eclipse.milo.opcua.sdk.client.SessionActivityListener;
import org.eclipse.milo.opcua.sdk.client.UaSession;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.identity.UsernameProvider;
import org.eclipse.milo.opcua.sdk.client.subscriptions.MonitoredItemServiceOperationResult;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.DataChangeTrigger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.DeadbandType;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.structured.DataChangeFilter;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;
import org.eclipse.milo.opcua.stack.core.util.EndpointUtil;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

/**
 * Collects live values from one OPC UA server into the journal, on the Eclipse Milo client.
 *
 * <p>Each connection attempt discovers the server's endpoints, picks the one with the configured security policy
 * and mode, replaces its host and port by the configured ones (servers often advertise names the sender cannot
 * resolve), opens a session (anonymous or user name and password; Basic256Sha256 with the application certificate
 * and key from PEM files, trusting only the pinned server certificates), browses the configured roots to discover
 * the tags (see {@link AddressSpaceBrowser}), writes a {@link TagDefinition} for each, and creates one subscription
 * with a monitored item per tag, in calls of at most {@code monitoredItemsPerCall} items. Every data change becomes
 * a {@link TagValue} handed to {@link CollectedRecords#tagValue(int, TagValue)}. Each session change becomes a
 * {@link SourceState}: CONNECTED (or DEGRADED when some monitored items were refused), DISCONNECTED with the reason
 * (the StatusCode name or the exception message) when an attempt fails or the session is lost, and once more when
 * the collector is closed. After a loss the collector reconnects with exponential back-off between
 * {@code reconnectMinDelayMs} and {@code reconnectMaxDelayMs}, each time on a fresh client, re-browsing and
 * re-creating the subscription.
 *
 * <p>Tag ids are stable: each node's id is kept in the {@link TagIdStore} file ({@code sender.opcua.tagIdFile}),
 * assigned once in browse-path order for nodes seen for the first time and never reused.
 *
 * <p>Threads: connecting, browsing and state records run on one lifecycle thread the collector owns; values are
 * handed over on Milo's subscription delivery threads, each reusing its own {@link TagValue} holder, without
 * blocking (the journal's {@link CollectedRecords} never blocks by contract). {@link #start()} and {@link #close()}
 * may be called from any thread.
 */
public final class OpcUaCollector implements AutoCloseable
{
    private static final Logger LOG = System.getLogger(OpcUaCollector.class.getName());
    private static final long TICKS_PER_MILLI = 10_000L;
    private static final long UNIX_EPOCH_TICKS = 116_444_736_000_000_000L;
    private static final long NANOS_PER_TICK = 100L;
    private static final int DEFAULT_NODES_PER_SERVICE_CALL = 1000;
    private static final int MAX_BACKOFF_SHIFT = 30;
    private static final long CLOSE_MARGIN_MS = 5_000L;

    private final OpcUaCollectorSettings settings;
    private final CollectedRecords records;
    private final OpcUaCollectorCounters counters = new OpcUaCollectorCounters();
    private final ThreadLocal<TagValue> valueHolder = ThreadLocal.withInitial(TagValue::new);
    private final SourceState stateHolder = new SourceState();
    private final TagDefinition definitionHolder = new TagDefinition();
    private final ScheduledThreadPoolExecutor lifecycle;
    private final List<NodePattern> roots;
    private final List<NodePattern> allow;
    private final List<NodePattern> deny;
    private final SecurityMaterial security;
    private final TagIdStore tagIds;

    private volatile boolean closed;
    private boolean started;
    private Connection current;
    private int failedAttempts;
    private boolean everConnected;
    private State lastState;
    private String lastReason;

    /**
     * Reads the security material and opens the tag id file; connects only on {@link #start()}.
     *
     * @param settings validated settings.
     * @param records  where records go; called from the collector's threads.
     * @throws IOException if a certificate, key or the tag id file cannot be read.
     */
    public OpcUaCollector(final OpcUaCollectorSettings settings, final CollectedRecords records) throws IOException
    {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.records = Objects.requireNonNull(records, "records");
        this.roots = NodePattern.parseAll(settings.roots());
        this.allow = NodePattern.parseAll(settings.allowList());
        this.deny = NodePattern.parseAll(settings.denyList());
        this.security = settings.security() == OpcUaSecurity.NONE ? null : SecurityMaterial.load(
            settings.certificateFile(), settings.privateKeyFile(), settings.serverCertificateFile());
        this.tagIds = TagIdStore.open(settings.tagIdFile());
        this.lifecycle = new ScheduledThreadPoolExecutor(1, runnable ->
        {
            final Thread thread = new Thread(runnable, "diodegw-opcua-" + settings.sourceId());
            thread.setDaemon(true);
            return thread;
        });
        lifecycle.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /**
     * Starts connecting in the background; returns at once. Calling it again has no effect.
     */
    public synchronized void start()
    {
        if (!started && !closed)
        {
            started = true;
            lifecycle.execute(this::attempt);
        }
    }

    /**
     * @return the collector's counters (live view).
     */
    public OpcUaCollectorCounters counters()
    {
        return counters;
    }

    /**
     * @return the settings this collector runs with.
     */
    public OpcUaCollectorSettings settings()
    {
        return settings;
    }

    /**
     * Disconnects, writes a final DISCONNECTED source state, and closes the tag id file. Waits up to the request
     * timeout plus a margin for an attempt in progress to finish. Idempotent.
     */
    @Override
    public void close()
    {
        synchronized (this)
        {
            if (closed)
            {
                return;
            }
            closed = true;
        }
        lifecycle.execute(this::shutdown);
        lifecycle.shutdown();
        try
        {
            if (!lifecycle.awaitTermination(settings.requestTimeoutMs() + CLOSE_MARGIN_MS, TimeUnit.MILLISECONDS))
            {
                lifecycle.shutdownNow();
            }
        }
        catch (final InterruptedException ex)
        {
            lifecycle.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private void shutdown()
    {
        final Connection connection = current;
        current = null;
        if (connection != null)
        {
            connection.disconnect();
        }
        emitState(State.DISCONNECTED, "collector stopped", true);
        try
        {
            tagIds.close();
        }
        catch (final IOException ex)
        {
            counters.onError(ErrorKind.TAG_ID_STORE_FAILED);
            LOG.log(Level.WARNING, "cannot close " + settings.tagIdFile(), ex);
        }
    }

    private void attempt()
    {
        if (closed)
        {
            return;
        }
        final Connection connection = new Connection();
        try
        {
            current = connection;
            connection.open();
            counters.onConnect(everConnected || failedAttempts > 0);
            everConnected = true;
            failedAttempts = 0;
            final String reason = connection.degradedReason == null ? connection.summary() :
                connection.degradedReason;
            emitState(connection.degradedReason == null ? State.CONNECTED : State.DEGRADED, reason, true);
            LOG.log(connection.degradedReason == null ? Level.INFO : Level.WARNING, "OPC UA " + reason);
        }
        catch (final Exception ex)
        {
            if (current == connection)
            {
                current = null;
            }
            connection.disconnect();
            if (closed)
            {
                return;
            }
            counters.onError(ErrorKind.CONNECT_FAILED);
            final String reason = connection.phase + ": " + reasonOf(ex);
            if (emitState(State.DISCONNECTED, reason, false))
            {
                LOG.log(Level.WARNING, "OPC UA connection to " + settings.endpointUrl() + " failed: " + reason +
                    "; retrying with back-off (repeats of this failure are not logged)");
            }
            scheduleAttempt();
        }
    }

    private void onLost(final Connection connection, final String reason)
    {
        if (closed || connection != current)
        {
            return;
        }
        current = null;
        counters.onError(ErrorKind.SESSION_LOST);
        connection.disconnect();
        emitState(State.DISCONNECTED, reason, true);
        LOG.log(Level.WARNING, "OPC UA " + reason + "; reconnecting with back-off");
        scheduleAttempt();
    }

    private void scheduleAttempt()
    {
        final long delayMs = backoffDelayMs(settings.reconnectMinDelayMs(), settings.reconnectMaxDelayMs(),
            failedAttempts);
        failedAttempts++;
        lifecycle.schedule(this::attempt, delayMs, TimeUnit.MILLISECONDS);
    }

    /**
     * @return {@code min(maxMs, minMs * 2^failures)}.
     */
    static long backoffDelayMs(final long minMs, final long maxMs, final int failures)
    {
        final int shift = Math.min(failures, MAX_BACKOFF_SHIFT);
        final long delay = minMs << shift;
        return delay < minMs || delay > maxMs ? maxMs : delay;
    }

    /**
     * @return false if the record was suppressed as a repeat of the previous one.
     */
    private boolean emitState(final State state, final String reason, final boolean always)
    {
        if (!always && state == lastState && Objects.equals(reason, lastReason))
        {
            return false;
        }
        lastState = state;
        lastReason = reason;
        stateHolder.sourceId(settings.sourceId()).state(state).timeTicks(nowTicks()).reason(reason);
        try
        {
            records.sourceState(stateHolder);
        }
        catch (final RuntimeException ex)
        {
            counters.onError(ErrorKind.JOURNAL_FAILED);
            LOG.log(Level.WARNING, "journal rejected a source state", ex);
        }
        return true;
    }

    static long nowTicks()
    {
        final Instant now = Instant.now();
        return UNIX_EPOCH_TICKS + now.getEpochSecond() * 1000 * TICKS_PER_MILLI + now.getNano() / NANOS_PER_TICK;
    }

    /**
     * @return the StatusCode's symbolic name and hex value, e.g. {@code Bad_UserAccessDenied (0x801F0000)}.
     */
    static String statusText(final long statusCode)
    {
        final String hex = String.format("0x%08X", statusCode);
        return StatusCodes.lookup(statusCode).map(names -> names[0] + " (" + hex + ")").orElse(hex);
    }

    /**
     * @return a one-line reason for a failure: the StatusCode when there is one, then the message.
     */
    static String reasonOf(final Throwable failure)
    {
        Throwable cause = failure;
        while ((cause instanceof ExecutionException || cause instanceof java.util.concurrent.CompletionException) &&
            cause.getCause() != null)
        {
            cause = cause.getCause();
        }
        final String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        if (cause instanceof TimeoutException)
        {
            return "no answer within sender.opcua.requestTimeoutMs";
        }
        return UaException.extractStatusCode(cause)
            .map(status -> statusText(status.getValue()) + ": " + message)
            .orElse(message);
    }

    private final class Connection implements SessionActivityListener, OpcUaSubscription.SubscriptionListener
    {
        private OpcUaClient client;
        private OpcUaSubscription subscription;
        private String endpointText;
        private int tagCount;
        private String degradedReason;
        private String phase = "connecting";
        private volatile boolean active;

        void open() throws Exception
        {
            phase = "discovering endpoints";
            final EndpointDescription endpoint = selectEndpoint();
            phase = "opening the session";
            final OpcUaClientConfigBuilder config = OpcUaClientConfig.builder()
                .setApplicationName(LocalizedText.english("diodegw sender-ot"))
                .setApplicationUri(security == null ? SecurityMaterial.DEFAULT_APPLICATION_URI :
                    security.applicationUri())
                .setProductUri("urn:diodegw")
                .setEndpoint(endpoint)
                .setRequestTimeout(uint(settings.requestTimeoutMs()))
                .setIdentityProvider(settings.username() == null ? new AnonymousProvider() :
                    new UsernameProvider(settings.username(), () -> settings.password().getBytes(StandardCharsets.UTF_8)));
            if (security != null)
            {
                config.setKeyPair(security.keyPair())
                    .setCertificate(security.certificate())
                    .setCertificateChain(security.certificateChain())
                    .setCertificateValidator(security.pinnedServerValidator());
            }
            client = OpcUaClient.create(config.build());
            client.addSessionActivityListener(this);
            client.connect();
            active = true;
            phase = "browsing";
            final int nodesPerCall = nodesPerCall();
            final AddressSpaceBrowser browser = new AddressSpaceBrowser(client, nodesPerCall, nodesPerCall, counters);
            final List<AddressSpaceBrowser.Tag> tags = browser.discover(roots, allow, deny);
            phase = "assigning tag ids";
            final int[] ids = assignIds(tags);
            defineTags(tags, ids);
            phase = "subscribing";
            subscribe(tags, ids);
            tagCount = tags.size();
            counters.tagsDiscovered(tags.size());
            if (degradedReason == null && browser.firstError() != null)
            {
                degradedReason = "discovery incomplete: " + browser.firstError();
            }
        }

        private EndpointDescription selectEndpoint() throws Exception
        {
            final String url = settings.endpointUrl();
            final List<EndpointDescription> endpoints = DiscoveryClient.getEndpoints(url)
                .get(settings.requestTimeoutMs(), TimeUnit.MILLISECONDS);
            final SecurityPolicy policy = settings.security() == OpcUaSecurity.NONE ? SecurityPolicy.None :
                SecurityPolicy.Basic256Sha256;
            final MessageSecurityMode mode = switch (settings.security())
            {
                case NONE -> MessageSecurityMode.None;
                case BASIC256SHA256_SIGN -> MessageSecurityMode.Sign;
                case BASIC256SHA256_SIGN_AND_ENCRYPT -> MessageSecurityMode.SignAndEncrypt;
            };
            final URI configured = new URI(url);
            for (final EndpointDescription endpoint : endpoints)
            {
                if (policy.getUri().equals(endpoint.getSecurityPolicyUri()) && mode == endpoint.getSecurityMode() &&
                    endpoint.getEndpointUrl() != null && endpoint.getEndpointUrl().startsWith("opc.tcp:"))
                {
                    endpointText = url + " " + policy.name() + " " + mode;
                    return EndpointUtil.updateUrl(endpoint, configured.getHost(), configured.getPort());
                }
            }
            final List<String> offered = new ArrayList<>();
            for (final EndpointDescription endpoint : endpoints)
            {
                offered.add(SecurityPolicy.fromUriSafe(endpoint.getSecurityPolicyUri()).map(Enum::name)
                    .orElse(endpoint.getSecurityPolicyUri()) + "/" + endpoint.getSecurityMode());
            }
            throw new UaException(StatusCodes.Bad_SecurityPolicyRejected, "the server offers no " + policy.name() +
                "/" + mode + " endpoint; it offers " + offered);
        }

        private int nodesPerCall()
        {
            int limit = DEFAULT_NODES_PER_SERVICE_CALL;
            try
            {
                final OperationLimits limits = client.getOperationLimits();
                limit = Math.min(limit, positiveOr(limits.maxNodesPerBrowse().orElse(null), limit));
                limit = Math.min(limit, positiveOr(limits.maxNodesPerRead().orElse(null), limit));
            }
            catch (final UaException | RuntimeException ex)
            {
                LOG.log(Level.DEBUG, "operation limits unavailable, using " + limit, ex);
            }
            return limit;
        }

        private int monitoredItemsPerCall()
        {
            int limit = settings.monitoredItemsPerCall();
            try
            {
                limit = Math.min(limit, positiveOr(client.getOperationLimits().maxMonitoredItemsPerCall()
                    .orElse(null), limit));
            }
            catch (final UaException | RuntimeException ex)
            {
                LOG.log(Level.DEBUG, "operation limits unavailable, using " + limit, ex);
            }
            return limit;
        }

        private int[] assignIds(final List<AddressSpaceBrowser.Tag> tags) throws IOException
        {
            final int[] ids = new int[tags.size()];
            for (int i = 0; i < ids.length; i++)
            {
                ids[i] = tagIds.assign(tags.get(i).key());
            }
            try
            {
                tagIds.flush();
            }
            catch (final IOException ex)
            {
                counters.onError(ErrorKind.TAG_ID_STORE_FAILED);
                throw new IOException("cannot write " + settings.tagIdFile() + ": " + ex.getMessage(), ex);
            }
            return ids;
        }

        private void defineTags(final List<AddressSpaceBrowser.Tag> tags, final int[] ids)
        {
            for (int i = 0; i < ids.length; i++)
            {
                final AddressSpaceBrowser.Tag tag = tags.get(i);
                definitionHolder.tagId(ids[i]).sourceId(settings.sourceId()).dataType(tag.dataType())
                    .valueRank(tag.valueRank()).arrayDimensions(tag.dimensions())
                    .nodeId(tag.nodeId().toParseableString()).browsePath(tag.browsePath())
                    .engineeringUnits(tag.units()).description(tag.description());
                try
                {
                    records.tagDefinition(definitionHolder);
                }
                catch (final RuntimeException ex)
                {
                    counters.onError(ErrorKind.JOURNAL_FAILED);
                    LOG.log(Level.WARNING, "journal rejected a tag definition", ex);
                }
            }
        }

        private void subscribe(final List<AddressSpaceBrowser.Tag> tags, final int[] ids) throws UaException
        {
            subscription = new OpcUaSubscription(client, (double)settings.publishingIntervalMs());
            subscription.setMaxMonitoredItemsPerCall(uint(monitoredItemsPerCall()));
            subscription.setSubscriptionListener(this);
            subscription.create();
            final List<OpcUaMonitoredItem> items = new ArrayList<>(tags.size());
            for (int i = 0; i < ids.length; i++)
            {
                final AddressSpaceBrowser.Tag tag = tags.get(i);
                final TagItem item = new TagItem(tag.nodeId(), ids[i]);
                item.setSamplingInterval(settings.samplingIntervalMs());
                item.setQueueSize(uint(settings.queueSize()));
                item.setDiscardOldest(true);
                item.setFilter(filterFor(tag.dataType()));
                items.add(item);
            }
            subscription.addMonitoredItems(items);
            final List<MonitoredItemServiceOperationResult> results = subscription.createMonitoredItems();
            int failed = 0;
            String firstFailure = null;
            for (final MonitoredItemServiceOperationResult result : results)
            {
                if (!result.isGood())
                {
                    failed++;
                    if (firstFailure == null)
                    {
                        final StatusCode status = result.operationResult().orElse(result.serviceResult());
                        firstFailure = statusText(status.getValue()) + " on " +
                            result.monitoredItem().getReadValueId().getNodeId().toParseableString();
                    }
                }
            }
            if (failed > 0)
            {
                counters.onErrors(ErrorKind.MONITORED_ITEM_FAILED, failed);
                degradedReason = failed + " of " + results.size() + " monitored items refused, first: " +
                    firstFailure;
            }
        }

        private DataChangeFilter filterFor(final int builtinType)
        {
            final DataChangeTrigger trigger = settings.dataChangeTrigger() ==
                OpcUaDataChangeTrigger.STATUS_VALUE_TIMESTAMP ? DataChangeTrigger.StatusValueTimestamp :
                DataChangeTrigger.StatusValue;
            final boolean numeric = builtinType >= BuiltinType.SBYTE && builtinType <= BuiltinType.DOUBLE;
            final double deadband = settings.absoluteDeadband();
            if (numeric && deadband > 0)
            {
                return new DataChangeFilter(trigger, uint(DeadbandType.Absolute.getValue()), deadband);
            }
            if (trigger == DataChangeTrigger.StatusValue)
            {
                return null;
            }
            return new DataChangeFilter(trigger, uint(DeadbandType.None.getValue()), 0.0);
        }

        String summary()
        {
            return "session on " + endpointText + ", " + tagCount + " tags";
        }

        void disconnect()
        {
            active = false;
            final OpcUaClient c = client;
            if (c == null)
            {
                return;
            }
            c.removeSessionActivityListener(this);
            try
            {
                c.disconnectAsync().get(settings.requestTimeoutMs(), TimeUnit.MILLISECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            catch (final ExecutionException | TimeoutException | RuntimeException ex)
            {
                LOG.log(Level.DEBUG, "disconnect from " + settings.endpointUrl() + " did not complete cleanly", ex);
            }
        }

        @Override
        public void onSessionInactive(final UaSession session)
        {
            if (active)
            {
                lifecycle.execute(() -> onLost(this, "session to " + settings.endpointUrl() +
                    " lost (connection closed or keep-alive failed)"));
            }
        }

        @Override
        public void onDataReceived(final OpcUaSubscription sub, final List<OpcUaMonitoredItem> items,
            final List<DataValue> values)
        {
            final TagValue holder = valueHolder.get();
            final int sourceId = settings.sourceId();
            for (int i = 0, n = items.size(); i < n; i++)
            {
                final TagItem item = (TagItem)items.get(i);
                if (ValueMapper.map(item.tagId, values.get(i), holder) != ValueMapper.MAPPED)
                {
                    counters.onError(ErrorKind.UNSUPPORTED_VALUE);
                    continue;
                }
                try
                {
                    records.tagValue(sourceId, holder);
                    counters.onValue();
                }
                catch (final RuntimeException ex)
                {
                    counters.onError(ErrorKind.JOURNAL_FAILED);
                }
            }
        }

        @Override
        public void onNotificationDataLost(final OpcUaSubscription sub)
        {
            counters.onError(ErrorKind.NOTIFICATIONS_LOST);
        }

        @Override
        public void onStatusChanged(final OpcUaSubscription sub, final StatusCode status)
        {
            if (active && status.isBad())
            {
                lifecycle.execute(() -> onLost(this, "subscription ended: " + statusText(status.getValue())));
            }
        }

        @Override
        public void onTransferFailed(final OpcUaSubscription sub, final StatusCode status)
        {
            if (active)
            {
                lifecycle.execute(() -> onLost(this, "subscription transfer failed: " +
                    statusText(status.getValue())));
            }
        }
    }

    private static int positiveOr(final org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger value,
        final int fallback)
    {
        if (value == null || value.longValue() <= 0)
        {
            return fallback;
        }
        return (int)Math.min(Integer.MAX_VALUE, value.longValue());
    }

    /**
     * A monitored item that carries its tag id, so a data change maps to a tag without a lookup.
     */
    private static final class TagItem extends OpcUaMonitoredItem
    {
        private final int tagId;

        TagItem(final NodeId nodeId, final int tagId)
        {
            super(new ReadValueId(nodeId, AttributeId.Value.uid(), null, null));
            this.tagId = tagId;
        }
    }
}
