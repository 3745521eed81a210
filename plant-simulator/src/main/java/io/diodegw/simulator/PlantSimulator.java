package io.diodegw.simulator;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.security.cert.X509Certificate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfigLimits;
import org.eclipse.milo.opcua.sdk.server.identity.AnonymousIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.CompositeValidator;
import org.eclipse.milo.opcua.sdk.server.identity.IdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.UsernameIdentityValidator;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.transport.TransportProfile;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.structured.BuildInfo;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;

/**
 * A running simulated plant: an Eclipse Milo OPC UA server whose tags change on a schedule with values fixed by the
 * seed ({@link TagModel}), and the handle tests use to predict and inspect them.
 *
 * <p>Endpoints (all at {@link #endpointUrl()}): security policy None (anonymous when allowed, or user name), and
 * Basic256Sha256 with Sign and with SignAndEncrypt (user name only). One scheduler thread advances the tags due at
 * each tick and writes their nodes, so subscriptions see every change; no thread per tag.
 *
 * <p>Thread-safe. {@link #close()} stops the scheduler and the server; it is idempotent.
 */
public final class PlantSimulator implements AutoCloseable {

    private static final int BIND_ATTEMPTS = 5;
    private static final long STOP_TIMEOUT_MS = 10_000;

    private final SimulatorOptions options;
    private final TagModel model;
    private final OpcUaServer server;
    private final PlantNamespace namespace;
    private final ServerSecurity security;
    private final ScheduledExecutorService scheduler;
    private final UpdateScheduler wheel;
    private final int port;
    private final Object tickLock = new Object();
    private boolean paused;
    private long lastTickMs;
    private boolean closed;

    private PlantSimulator(SimulatorOptions options, TagModel model, OpcUaServer server, PlantNamespace namespace,
                           ServerSecurity security, int port, long startTimeMs) {
        this.options = options;
        this.model = model;
        this.server = server;
        this.namespace = namespace;
        this.security = security;
        this.port = port;
        this.lastTickMs = startTimeMs;
        this.wheel = new UpdateScheduler(periodTicks(options));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "plant-simulator-ticks");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts a simulator: builds the address space, binds the endpoints and starts changing tags.
     *
     * @param options validated settings; port 0 picks a free port
     * @return the running simulator
     * @throws IOException when the server cannot bind or start (the message names host and port)
     */
    public static PlantSimulator start(SimulatorOptions options) throws IOException {
        TagModel model = new TagModel(options.seed(), options.tagCount(), options.badProbability());
        ServerSecurity security;
        try {
            security = ServerSecurity.create(options);
        } catch (Exception e) {
            throw new IOException("cannot create the simulator's certificate: " + e.getMessage(), e);
        }
        IOException last = null;
        for (int attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
            int port = options.port() != 0 ? options.port() : freePort(options.host());
            long startTimeMs = options.clock().millis();
            HistoryRing ring = new HistoryRing(options.tagCount(), options.historyDepth());
            OpcUaServer server = new OpcUaServer(serverConfig(options, security, port),
                    profile -> new OpcTcpServerTransport(OpcTcpServerTransportConfig.newBuilder().build()));
            PlantNamespace namespace = new PlantNamespace(server, options, model, ring, startTimeMs);
            namespace.startup();
            try {
                server.startup().get(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                namespace.shutdown();
                stopQuietly(server);
                last = new IOException("cannot start the OPC UA server on " + options.host() + ":" + port + ": "
                        + e.getCause(), e);
                if (options.port() != 0 || !isBindFailure(e)) {
                    throw last;
                }
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                namespace.shutdown();
                stopQuietly(server);
                throw new IOException("interrupted while starting the OPC UA server", e);
            }
            PlantSimulator simulator = new PlantSimulator(options, model, server, namespace, security, port,
                    startTimeMs);
            simulator.scheduler.scheduleAtFixedRate(simulator::tick, options.tickIntervalMs(),
                    options.tickIntervalMs(), TimeUnit.MILLISECONDS);
            return simulator;
        }
        throw last;
    }

    /** @return the endpoint URL, e.g. {@code opc.tcp://127.0.0.1:4840/plant} */
    public String endpointUrl() {
        return "opc.tcp://" + urlHost(options.host()) + ":" + port + options.path();
    }

    /** @return the bound TCP port (the chosen one when the options said 0) */
    public int port() {
        return port;
    }

    /** @return number of tags */
    public int tagCount() {
        return options.tagCount();
    }

    /** @return the options the simulator runs with */
    public SimulatorOptions options() {
        return options;
    }

    /** @return the deterministic value model, to predict values and statuses of any tag and step */
    public TagModel model() {
        return model;
    }

    /** @return the namespace URI of the tags */
    public String namespaceUri() {
        return PlantNamespace.NAMESPACE_URI;
    }

    /** @return the server's namespace index of {@link #namespaceUri()} */
    public int namespaceIndex() {
        return namespace.getNamespaceIndex().intValue();
    }

    /** @return the node id of tag {@code tagIndex} (a string id equal to {@link #browsePathOf}) */
    public NodeId nodeIdOf(int tagIndex) {
        return namespace.nodeIdOf(checkIndex(tagIndex));
    }

    /** @return the '/'-separated browse path below Objects, e.g. {@code Plant/Area0/Unit3/Tag312} */
    public String browsePathOf(int tagIndex) {
        return PlantNamespace.browsePathOf(options, checkIndex(tagIndex));
    }

    /** @return the data type of tag {@code tagIndex} */
    public TagType typeOf(int tagIndex) {
        return model.typeOf(checkIndex(tagIndex));
    }

    /** @return the value the server currently holds for the tag (value, status, source and server time) */
    public DataValue currentValue(int tagIndex) {
        return namespace.currentValue(checkIndex(tagIndex));
    }

    /**
     * @return the tag's current step: 0 at start, +1 per change; its value is
     *         {@code model().dataValueAt(tagIndex, stepOf(tagIndex), sourceTimeMs)}
     */
    public long stepOf(int tagIndex) {
        return namespace.stepOf(checkIndex(tagIndex));
    }

    /** @return the tag's retained history (at most {@code historyDepth} values), oldest first */
    public List<DataValue> history(int tagIndex) {
        return namespace.history(checkIndex(tagIndex));
    }

    /** @return the client-facing server certificate (self-signed, generated at start) */
    public X509Certificate serverCertificate() {
        return security.certificate();
    }

    /** Stops changes; when this returns, no tag changes until {@link #resume()}. */
    public void pause() {
        synchronized (tickLock) {
            paused = true;
        }
    }

    /** Resumes changes where they stopped (the tags' steps continue; no step is skipped). */
    public void resume() {
        synchronized (tickLock) {
            paused = false;
        }
    }

    /** @return whether changes are paused */
    public boolean isPaused() {
        synchronized (tickLock) {
            return paused;
        }
    }

    @Override
    public void close() {
        synchronized (tickLock) {
            if (closed) {
                return;
            }
            closed = true;
            paused = true;
        }
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        namespace.shutdown();
        stopQuietly(server);
    }

    private void tick() {
        synchronized (tickLock) {
            if (paused) {
                return;
            }
            long nowMs = Math.max(options.clock().millis(), lastTickMs + 1);
            lastTickMs = nowMs;
            wheel.tick(tag -> namespace.advance(tag, nowMs));
        }
    }

    private int checkIndex(int tagIndex) {
        if (tagIndex < 0 || tagIndex >= options.tagCount()) {
            throw new IndexOutOfBoundsException("tagIndex=" + tagIndex + " not in 0.." + (options.tagCount() - 1));
        }
        return tagIndex;
    }

    private static long[] periodTicks(SimulatorOptions options) {
        int n = options.tagCount();
        long[] ticks = new long[n];
        double globalPeriodMs = n * 1000.0 / options.updatesPerSecond();
        for (int i = 0; i < n; i++) {
            double periodMs = options.tagPeriodMs() == null ? globalPeriodMs : options.tagPeriodMs().applyAsLong(i);
            if (!(periodMs > 0)) {
                throw new IllegalArgumentException("tagPeriodMs of tag " + i + " = " + periodMs + " must be > 0");
            }
            ticks[i] = Math.max(1, Math.round(periodMs / options.tickIntervalMs()));
        }
        return ticks;
    }

    private static OpcUaServerConfig serverConfig(SimulatorOptions options, ServerSecurity security, int port) {
        String user = options.user();
        String password = options.password();
        UsernameIdentityValidator users = new UsernameIdentityValidator(
                challenge -> user.equals(challenge.getUsername()) && password.equals(challenge.getPassword()));
        IdentityValidator identity = options.anonymousAllowed()
                ? new CompositeValidator(AnonymousIdentityValidator.INSTANCE, users) : users;
        return OpcUaServerConfig.builder()
                .setApplicationUri(ServerSecurity.APPLICATION_URI)
                .setApplicationName(LocalizedText.english("diodegw plant simulator"))
                .setProductUri("urn:diodegw:plant-simulator:product")
                .setBuildInfo(new BuildInfo("urn:diodegw:plant-simulator:product", "diodegw",
                        "diodegw plant simulator", OpcUaServer.SDK_VERSION, "", DateTime.now()))
                .setCertificateManager(security.certificateManager())
                .setIdentityValidator(identity)
                .setEndpoints(endpoints(options, port, security))
                .setLimits(new SimulatorLimits())
                .build();
    }

    private static Set<EndpointConfig> endpoints(SimulatorOptions options, int port, ServerSecurity security) {
        EndpointConfig.Builder base = EndpointConfig.newBuilder()
                .setTransportProfile(TransportProfile.TCP_UASC_UABINARY)
                .setBindAddress(options.host())
                .setBindPort(port)
                .setHostname(options.host())
                .setPath(options.path())
                .setCertificate(security::certificate);
        Set<EndpointConfig> endpoints = new LinkedHashSet<>();
        EndpointConfig.Builder none = base.copy()
                .setSecurityPolicy(SecurityPolicy.None)
                .setSecurityMode(MessageSecurityMode.None);
        if (options.anonymousAllowed()) {
            none.addTokenPolicies(OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS);
        }
        none.addTokenPolicies(OpcUaServerConfig.USER_TOKEN_POLICY_USERNAME);
        endpoints.add(none.build());
        for (MessageSecurityMode mode : new MessageSecurityMode[] {
                MessageSecurityMode.Sign, MessageSecurityMode.SignAndEncrypt}) {
            endpoints.add(base.copy()
                    .setSecurityPolicy(SecurityPolicy.Basic256Sha256)
                    .setSecurityMode(mode)
                    .addTokenPolicies(OpcUaServerConfig.USER_TOKEN_POLICY_USERNAME)
                    .build());
        }
        return endpoints;
    }

    private static int freePort(String host) throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return socket.getLocalPort();
        }
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    private static void stopQuietly(OpcUaServer server) {
        try {
            server.shutdown().get(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // shutdown is best effort: the caller is closing and has nothing to act on
        }
    }

    private static String urlHost(String host) {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    /** Limits sized for a 100,000-tag plant read and subscribed in full by one collector. */
    private static final class SimulatorLimits implements OpcUaServerConfigLimits {
        private static final UInteger MANY = UInteger.valueOf(1_000_000);
        private static final UInteger PER_CALL = UInteger.valueOf(100_000);

        @Override
        public UInteger getMaxMonitoredItems() {
            return MANY;
        }

        @Override
        public UInteger getMaxMonitoredItemsPerSession() {
            return MANY;
        }

        @Override
        public UInteger getMaxMonitoredItemsPerCall() {
            return PER_CALL;
        }

        @Override
        public UInteger getMaxNodesPerRead() {
            return PER_CALL;
        }

        @Override
        public UInteger getMaxNodesPerBrowse() {
            return PER_CALL;
        }

        @Override
        public UInteger getMaxNodesPerHistoryReadData() {
            return PER_CALL;
        }
    }
}
