package io.diodegw.receiver.delivery;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Kafka (KRaft: broker and controller in one server) in the test JVM, listening on 127.0.0.1 only,
 * its log under a folder of the test. {@link #start()} formats the storage once and starts the server; {@link #stop()}
 * shuts it down and can be followed by another {@link #start()} on the same port and data (a broker that was down).
 */
public final class KafkaBroker implements AutoCloseable
{
    private static final int PARTITIONS = 4;
    private static final int TOPIC_TIMEOUT_SECONDS = 30;

    private final Path dir;
    private final int brokerPort;
    private final int controllerPort;
    private final Path configFile;
    private KafkaRaftServer server;
    private boolean formatted;

    public KafkaBroker(final Path dir) throws IOException
    {
        this.dir = dir;
        this.brokerPort = freePort();
        this.controllerPort = freePort();
        this.configFile = dir.resolve("server.properties");
        Files.createDirectories(dir.resolve("logs"));
        final Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", dir.resolve("logs").toString());
        p.put("num.partitions", Integer.toString(PARTITIONS));
        p.put("auto.create.topics.enable", "true");
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        try (var out = Files.newOutputStream(configFile))
        {
            p.store(out, "diodegw test broker");
        }
    }

    /** @return host:port of the broker listener. */
    public String bootstrapServers()
    {
        return "127.0.0.1:" + brokerPort;
    }

    public synchronized void start() throws IOException
    {
        if (!formatted)
        {
            final ByteArrayOutputStream text = new ByteArrayOutputStream();
            final int rc = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c",
                configFile.toString(), "--standalone"}, new PrintStream(text, true, StandardCharsets.UTF_8));
            if (rc != 0)
            {
                throw new IOException("kafka storage format failed (" + rc + "): " + text);
            }
            formatted = true;
        }
        final Properties p = new Properties();
        try (var in = Files.newInputStream(configFile))
        {
            p.load(in);
        }
        server = new KafkaRaftServer(KafkaConfig.fromProps(p, false), Time.SYSTEM);
        server.startup();
    }

    /** Creates topics of 4 partitions each (replication 1) and waits until the broker has them. */
    public void createTopics(final List<String> names) throws Exception
    {
        final Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        try (Admin admin = Admin.create(p))
        {
            admin.createTopics(names.stream().map(name -> new NewTopic(name, PARTITIONS, (short)1)).toList()).all()
                .get(TOPIC_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
    }

    public synchronized void stop()
    {
        if (server != null)
        {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    @Override
    public void close()
    {
        stop();
    }

    Path dir()
    {
        return dir;
    }

    private static int freePort()
    {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress()))
        {
            return socket.getLocalPort();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
