package io.diodegw.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.diodegw.config.ConfigException;
import io.diodegw.config.ConfigLoader;
import io.diodegw.config.Settings;
import io.diodegw.config.Side;
import io.diodegw.wire.crypto.KeygenCommand;

/**
 * The product on one machine, as separate processes on loopback: the plant simulator (OPC UA source), the receiver
 * and the sender, each a child JVM logging to a file in a working folder that also holds the keys, the two
 * configurations and the journals. Each child can be started, stopped (SIGTERM), killed ({@code kill -9}) and started
 * again with the same configuration, ports and journals; the simulator is driven through its stdin commands
 * ({@code pause}, {@code resume}, {@code dump FILE}, {@code history FILE}); the receiver is read through its HTTP API.
 * Used by {@code bin/diode demo} and by the fault scenarios of module {@code system-tests}.
 *
 * <p>Something may sit between the sender and the receiver ({@link #senderDestination(InetSocketAddress)}: an
 * impairment relay), and each child's command line may be prefixed ({@link #commandPrefix(Role, List)}: e.g.
 * {@code ip netns exec ot}). Settings beyond the generated configuration are passed as {@code DIODEGW_*} environment
 * overrides ({@link #setting(Role, String, String)}), so every key of docs/configuration.md can be used.
 *
 * <p>Call {@link #prepare()} first (keys, ports), then start the simulator, {@link #writeConfigs}, the receiver and
 * the sender. Thread-safe: every method is synchronized except the HTTP reads; {@link #close()} may run on a
 * shutdown hook and is idempotent.
 */
public final class Deployment implements AutoCloseable
{
    /** The child processes a deployment runs. */
    public enum Role
    {
        SIMULATOR("simulator"),
        RECEIVER("receiver"),
        SENDER("sender");

        private final String label;

        Role(final String label)
        {
            this.label = label;
        }

        /** @return the name used for its log file and in messages. */
        public String label()
        {
            return label;
        }
    }

    /**
     * How the children are shaped.
     *
     * @param tags         simulator tags.
     * @param ratePerSec   simulator updates per second, all tags together.
     * @param historyDepth values the simulator keeps per tag for {@code history}.
     * @param seed         the simulator's seed.
     */
    public record Shape(int tags, double ratePerSec, int historyDepth, long seed)
    {
    }

    /**
     * How to start the children.
     *
     * @param java        the java executable.
     * @param jvmArgs     options for every child JVM.
     * @param simulatorCp the plant simulator's classpath.
     * @param senderCp    sender-ot's classpath.
     * @param receiverCp  receiver-it's classpath.
     */
    public record Launch(String java, List<String> jvmArgs, String simulatorCp, String senderCp, String receiverCp)
    {
        /**
         * @return the launch from the {@code diodegw.*} system properties that {@code bin/diode} and the builds set.
         * @throws IllegalStateException naming a missing property.
         */
        public static Launch fromSystemProperties()
        {
            final String java = System.getProperty(JAVA,
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
            final List<String> jvmArgs = new ArrayList<>();
            for (final String arg : System.getProperty(CHILD_JVM_ARGS, "").trim().split("\\s+"))
            {
                if (!arg.isEmpty())
                {
                    jvmArgs.add(arg);
                }
            }
            if (Runtime.version().feature() >= NATIVE_ACCESS_FEATURE
                && !jvmArgs.contains("--enable-native-access=ALL-UNNAMED"))
            {
                jvmArgs.add("--enable-native-access=ALL-UNNAMED");
            }
            return new Launch(java, List.copyOf(jvmArgs), required(CP_SIMULATOR), required(CP_SENDER),
                required(CP_RECEIVER));
        }

        private static String required(final String property)
        {
            final String value = System.getProperty(property);
            if (value == null || value.isBlank())
            {
                throw new IllegalStateException("system property " + property + " is not set; run through bin/diode "
                    + "or the module's build");
            }
            return value;
        }
    }

    static final String CP_SIMULATOR = "diodegw.cp.simulator";
    static final String CP_SENDER = "diodegw.cp.sender";
    static final String CP_RECEIVER = "diodegw.cp.receiver";
    static final String CHILD_JVM_ARGS = "diodegw.child.jvm.args";
    static final String JAVA = "diodegw.java";

    private static final int NATIVE_ACCESS_FEATURE = 21;
    private static final long START_TIMEOUT_MS = 90_000;
    private static final long ANSWER_TIMEOUT_MS = 60_000;
    private static final long KILL_WAIT_MS = 10_000;
    private static final long POLL_MS = 200;
    private static final int PAGE_LIMIT = 1000;
    private static final String FILES = "files";
    private static final String S3 = "s3";
    private static final String KINESIS = "kinesis";
    /** Used for S3 bucket and Kinesis stream names. */
    public static final String BUCKET = "diodegw-demo";
    /** The Kinesis stream the demo delivers to. */
    public static final String STREAM = "diodegw-demo";

    private final Launch launch;
    private final Path work;
    private final Shape shape;
    private final PrintStream err;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<Role, ChildProcess> children = new EnumMap<>(Role.class);
    private final Map<Role, List<String>> prefixes = new EnumMap<>(Role.class);
    private final Map<Role, Map<String, String>> settings = new EnumMap<>(Role.class);
    private final Map<Role, Integer> starts = new EnumMap<>(Role.class);
    private Path keys;
    private int udpPort;
    private int httpPort;
    private int simulatorPort;
    private InetSocketAddress senderDestination;
    private String endpointUrl;
    private Path senderYaml;
    private Path receiverYaml;
    private volatile URI api;

    /**
     * @param launch how to start the children.
     * @param work   the working folder (must exist).
     * @param shape  the simulator's shape.
     * @param err    where progress messages go.
     */
    public Deployment(final Launch launch, final Path work, final Shape shape, final PrintStream err)
    {
        this.launch = launch;
        this.work = work;
        this.shape = shape;
        this.err = err;
        for (final Role role : Role.values())
        {
            prefixes.put(role, List.of());
            settings.put(role, new LinkedHashMap<>());
            starts.put(role, 0);
        }
    }

    /**
     * Generates the sender's identity and the receiver's key pair under {@code work/keys} and picks free loopback
     * ports (receiver UDP and HTTP, simulator).
     *
     * @throws IOException if a key cannot be written.
     */
    public synchronized void prepare() throws IOException
    {
        keys = Files.createDirectories(work.resolve("keys"));
        try (PrintStream keygenLog = new PrintStream(Files.newOutputStream(work.resolve("keygen.log")), true,
            StandardCharsets.UTF_8))
        {
            final int keygen = KeygenCommand.run(new String[] {"--sender", keys.toString(), "--receiver",
                keys.toString()}, new SecureRandom(), keygenLog, keygenLog);
            if (keygen != 0)
            {
                throw new IOException("key generation failed; see " + work.resolve("keygen.log"));
            }
        }
        udpPort = freeUdpPort();
        httpPort = freeTcpPort();
        simulatorPort = freeTcpPort();
        api = URI.create("http://127.0.0.1:" + httpPort);
    }

    /** @param prefix words put before the child's command line at its next start (e.g. {@code ip netns exec it}). */
    public synchronized void commandPrefix(final Role role, final List<String> prefix)
    {
        prefixes.put(role, List.copyOf(prefix));
    }

    /**
     * Sets a setting for the child's next start, as a {@code DIODEGW_*} environment override.
     *
     * @param key   a key of docs/configuration.md (e.g. {@code sender.snapshot.periodMs}).
     * @param value its value as the configuration file would spell it.
     * @throws IllegalArgumentException if no setting has that key.
     */
    public synchronized void setting(final Role role, final String key, final String value)
    {
        Settings.byKey(key).orElseThrow(() -> new IllegalArgumentException("no setting " + key));
        settings.get(role).put(key, value);
    }

    /** @param destination where the sender sends from its next start on (default: the receiver's UDP address). */
    public synchronized void senderDestination(final InetSocketAddress destination)
    {
        senderDestination = destination;
    }

    /** @return the receiver's UDP address. */
    public synchronized InetSocketAddress receiverAddress()
    {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), udpPort);
    }

    /** @return the receiver's HTTP API base. */
    public URI api()
    {
        return api;
    }

    /** @return the working folder. */
    public Path work()
    {
        return work;
    }

    /** @return how many times the child was started. */
    public synchronized int starts(final Role role)
    {
        return starts.get(role);
    }

    /** @return the running child's process id, or -1. */
    public synchronized long pid(final Role role)
    {
        final ChildProcess child = children.get(role);
        return child == null || !child.isAlive() ? -1 : child.pid();
    }

    /** @return whether the child runs. */
    public synchronized boolean isRunning(final Role role)
    {
        final ChildProcess child = children.get(role);
        return child != null && child.isAlive();
    }

    /**
     * Starts the simulator on its port (the same at every start) and waits for its endpoint URL.
     *
     * @return the endpoint URL.
     * @throws IOException if it does not start.
     */
    public synchronized String startSimulator() throws IOException, InterruptedException
    {
        final ChildProcess simulator = start(Role.SIMULATOR, launch.simulatorCp(),
            "io.diodegw.simulator.PlantSimulatorMain", true, Map.of(),
            "--host", "127.0.0.1", "--port", Integer.toString(simulatorPort), "--tags",
            Integer.toString(shape.tags()), "--rate", Double.toString(shape.ratePerSec()),
            "--history-depth", Integer.toString(shape.historyDepth()), "--seed", Long.toString(shape.seed()));
        final String url = simulator.awaitLine(START_TIMEOUT_MS);
        if (!url.startsWith("opc.tcp://"))
        {
            throw new IOException("the simulator printed '" + url + "' instead of its endpoint URL");
        }
        endpointUrl = url;
        err.println("demo: simulator " + url + " with " + shape.tags() + " tags");
        return url;
    }

    /**
     * Writes and validates {@code sender.yaml} and {@code receiver.yaml}; needs the simulator's endpoint URL.
     *
     * @param sinks           the receiver's sinks ({@code files}, {@code s3}, {@code kinesis}).
     * @param s3Endpoint      S3Mock's endpoint when {@code s3} is chosen.
     * @param kinesisEndpoint kinesis-local's endpoint when {@code kinesis} is chosen.
     * @throws IOException if a file cannot be written or is invalid.
     */
    public synchronized void writeConfigs(final List<String> sinks, final URI s3Endpoint, final URI kinesisEndpoint)
        throws IOException
    {
        if (endpointUrl == null)
        {
            throw new IllegalStateException("start the simulator first");
        }
        receiverYaml = work.resolve("receiver.yaml");
        Files.writeString(receiverYaml, receiverYaml(work, keys, udpPort, httpPort, sinks, s3Endpoint,
            kinesisEndpoint), StandardCharsets.UTF_8);
        senderYaml = work.resolve("sender.yaml");
        Files.writeString(senderYaml, senderYaml(work, keys, udpPort, endpointUrl), StandardCharsets.UTF_8);
        validate(Side.RECEIVER, receiverYaml, environment(Role.RECEIVER));
        validate(Side.SENDER, senderYaml, environment(Role.SENDER));
    }

    /**
     * Starts the receiver with {@code receiver.yaml} and waits until its HTTP API answers.
     *
     * @throws IOException if it stops or does not answer in time.
     */
    public synchronized void startReceiver() throws IOException, InterruptedException
    {
        final ChildProcess receiver = start(Role.RECEIVER, launch.receiverCp(), "io.diodegw.receiver.ReceiverMain",
            false, environment(Role.RECEIVER), "--config", receiverYaml.toString());
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
        while (true)
        {
            if (!receiver.isAlive())
            {
                throw new IOException("the receiver stopped; see " + receiver.log());
            }
            try
            {
                status();
                return;
            }
            catch (final IOException ex)
            {
                if (System.nanoTime() - deadline > 0)
                {
                    throw new IOException("the receiver's HTTP API did not answer in time; see " + receiver.log(), ex);
                }
                Thread.sleep(POLL_MS);
            }
        }
    }

    /**
     * Starts the sender with {@code sender.yaml}.
     *
     * @throws IOException if it cannot be started.
     */
    public synchronized void startSender() throws IOException
    {
        start(Role.SENDER, launch.senderCp(), "io.diodegw.sender.SenderMain", false, environment(Role.SENDER),
            "--config", senderYaml.toString());
    }

    /** Asks the child to stop (SIGTERM, then SIGKILL after its grace period) and waits. Nothing if not running. */
    public synchronized void stop(final Role role)
    {
        final ChildProcess child = children.remove(role);
        if (child != null)
        {
            child.close();
        }
    }

    /**
     * Kills the child and its descendants with SIGKILL ({@code kill -9}) and waits until it is gone.
     *
     * @throws IOException if it did not end in time.
     */
    public synchronized void kill(final Role role) throws IOException, InterruptedException
    {
        final ChildProcess child = children.remove(role);
        if (child != null && !child.kill(KILL_WAIT_MS))
        {
            throw new IOException(role.label() + " survived SIGKILL for " + KILL_WAIT_MS + " ms");
        }
    }

    /** Pauses the simulator: no value changes until {@link #resumeSimulator()}. */
    public synchronized void pauseSimulator() throws IOException, InterruptedException
    {
        command("pause", "paused");
    }

    /** Resumes the simulator. */
    public synchronized void resumeSimulator() throws IOException, InterruptedException
    {
        command("resume", "resumed");
    }

    /** Writes the simulator's current value of every tag to {@code file} (one JSON line per tag). */
    public synchronized void dumpSimulator(final Path file) throws IOException, InterruptedException
    {
        command("dump " + file, "dumped ");
    }

    /** Writes the simulator's retained history of every tag to {@code file}. */
    public synchronized void simulatorHistory(final Path file) throws IOException, InterruptedException
    {
        command("history " + file, "history ");
    }

    /**
     * @throws IOException naming the first child that stopped on its own.
     */
    public synchronized void checkAlive() throws IOException
    {
        for (final ChildProcess child : children.values())
        {
            if (!child.isAlive())
            {
                throw new IOException(child.name() + " stopped unexpectedly; see " + child.log());
            }
        }
    }

    /** @return {@code GET /api/status}. */
    public Map<String, Object> status() throws IOException, InterruptedException
    {
        return get("/api/status");
    }

    /** @return every tag of {@code GET /api/tags}, page by page. */
    public List<Map<String, Object>> allTags() throws IOException, InterruptedException
    {
        final List<Map<String, Object>> tags = new ArrayList<>();
        int offset = 0;
        while (true)
        {
            final Map<String, Object> page = get("/api/tags?offset=" + offset + "&limit=" + PAGE_LIMIT);
            @SuppressWarnings("unchecked")
            final List<Map<String, Object>> batch = (List<Map<String, Object>>)page.get("tags");
            tags.addAll(batch);
            offset += batch.size();
            if (batch.isEmpty() || offset >= ((Number)page.get("total")).intValue())
            {
                return tags;
            }
        }
    }

    /**
     * @param pathAndQuery e.g. {@code /api/status}.
     * @return the parsed JSON object.
     * @throws IOException on a connection failure, a status other than 200 or a body that is not an object.
     */
    public Map<String, Object> get(final String pathAndQuery) throws IOException, InterruptedException
    {
        final HttpRequest request = HttpRequest.newBuilder(api.resolve(pathAndQuery))
            .timeout(Duration.ofSeconds(10)).GET().build();
        final HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200)
        {
            throw new IOException("GET " + pathAndQuery + ": HTTP " + response.statusCode() + " " + response.body());
        }
        try
        {
            return Json.parseObject(response.body());
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IOException("GET " + pathAndQuery + ": " + ex.getMessage(), ex);
        }
    }

    /** Stops the sender, then the receiver, then the simulator. Idempotent. */
    @Override
    public synchronized void close()
    {
        stop(Role.SENDER);
        stop(Role.RECEIVER);
        stop(Role.SIMULATOR);
    }

    /** @return the named object inside {@code map}, or an empty map. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> section(final Map<String, Object> map, final String name)
    {
        final Object section = map.get(name);
        return section instanceof Map ? (Map<String, Object>)section : Map.of();
    }

    /** @return the number under {@code key} as a long, or 0 when absent or not a number. */
    public static long number(final Map<String, Object> map, final String key)
    {
        final Object value = map.get(key);
        return value instanceof Number n ? n.longValue() : 0;
    }

    private void command(final String line, final String answerPrefix) throws IOException, InterruptedException
    {
        final ChildProcess simulator = children.get(Role.SIMULATOR);
        if (simulator == null)
        {
            throw new IllegalStateException("the simulator is not running");
        }
        simulator.send(line);
        final String answer = simulator.awaitLine(ANSWER_TIMEOUT_MS);
        if (!answer.startsWith(answerPrefix))
        {
            throw new IOException("simulator answered '" + answer + "' instead of '" + answerPrefix.strip() + "'");
        }
    }

    private ChildProcess start(final Role role, final String classpath, final String main,
        final boolean lineProtocol, final Map<String, String> environment, final String... args) throws IOException
    {
        if (isRunning(role))
        {
            throw new IllegalStateException(role.label() + " is already running");
        }
        final List<String> command = new ArrayList<>(prefixes.get(role));
        command.add(launch.java());
        command.addAll(launch.jvmArgs());
        command.add("-cp");
        command.add(classpath);
        command.add(main);
        command.addAll(List.of(args));
        final ChildProcess child = ChildProcess.start(role.label(), command, work.resolve(role.label() + ".log"),
            lineProtocol, environment, ChildProcess.DEFAULT_STOP_WAIT_MS);
        children.put(role, child);
        starts.merge(role, 1, Integer::sum);
        return child;
    }

    private Map<String, String> environment(final Role role)
    {
        final Map<String, String> env = new LinkedHashMap<>();
        if (role == Role.SENDER && senderDestination != null)
        {
            env.put(Settings.byKey("sender.destination").orElseThrow().envVariable(),
                senderDestination.getHostString() + ":" + senderDestination.getPort());
        }
        for (final Map.Entry<String, String> e : settings.get(role).entrySet())
        {
            env.put(Settings.byKey(e.getKey()).orElseThrow().envVariable(), e.getValue());
        }
        return env;
    }

    static String senderYaml(final Path work, final Path keys, final int udpPort, final String endpointUrl)
    {
        return String.join("\n",
            "# written by bin/diode demo",
            "sender:",
            "  destination: 127.0.0.1:" + udpPort,
            "  linkRateBitsPerSec: 100Mbit/s",
            "  journal:",
            "    dir: " + quote(work.resolve("sender-journal")),
            "  identityKeyFile: " + quote(keys.resolve(KeygenCommand.SENDER_PRIVATE)),
            "  receiverPublicKeyFile: " + quote(keys.resolve(KeygenCommand.RECEIVER_PUBLIC)),
            "  opcua:",
            "    endpointUrl: " + quote(endpointUrl),
            "    security: NONE",
            "");
    }

    static String receiverYaml(final Path work, final Path keys, final int udpPort, final int httpPort,
        final List<String> sinks, final URI s3Endpoint, final URI kinesisEndpoint)
    {
        final List<String> lines = new ArrayList<>(List.of(
            "# written by bin/diode demo",
            "receiver:",
            "  bind: 127.0.0.1:" + udpPort,
            "  journal:",
            "    dir: " + quote(work.resolve("receiver-journal")),
            "  privateKeyFile: " + quote(keys.resolve(KeygenCommand.RECEIVER_PRIVATE)),
            "  trustedSenderKeyFiles:",
            "    - " + quote(keys.resolve(KeygenCommand.SENDER_PUBLIC)),
            "  http:",
            "    enabled: true",
            "    bind: 127.0.0.1:" + httpPort,
            "  sinks:",
            "    batchMaxAgeMs: 1s",
            "    files:",
            "      enabled: " + sinks.contains(FILES),
            "      dir: " + quote(work.resolve("delivery"))));
        if (sinks.contains(S3))
        {
            lines.addAll(List.of(
                "    s3:",
                "      enabled: true",
                "      bucket: " + BUCKET,
                "      endpoint: " + quote(s3Endpoint),
                "      region: " + LocalAws.REGION,
                "      accessKeyId: " + LocalAws.ACCESS_KEY_ID,
                "      secretAccessKey: " + LocalAws.SECRET_ACCESS_KEY));
        }
        if (sinks.contains(KINESIS))
        {
            lines.addAll(List.of(
                "    kinesis:",
                "      enabled: true",
                "      streamName: " + STREAM,
                "      endpoint: " + quote(kinesisEndpoint),
                "      region: " + LocalAws.REGION,
                "      accessKeyId: " + LocalAws.ACCESS_KEY_ID,
                "      secretAccessKey: " + LocalAws.SECRET_ACCESS_KEY));
        }
        lines.add("");
        return String.join("\n", lines);
    }

    private static String quote(final Object value)
    {
        return "'" + value.toString().replace("'", "''") + "'";
    }

    private static void validate(final Side side, final Path file, final Map<String, String> env) throws IOException
    {
        try
        {
            ConfigLoader.load(side, file, env);
        }
        catch (final ConfigException ex)
        {
            throw new IOException("the generated " + file.getFileName() + " is invalid: " + ex.getMessage(), ex);
        }
    }

    private static int freeTcpPort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket())
        {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        }
    }

    private static int freeUdpPort() throws IOException
    {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)))
        {
            return socket.getLocalPort();
        }
    }
}
