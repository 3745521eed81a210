package io.diodegw.receiver.delivery;

import io.diodegw.receiver.journal.ItJournal;
import io.diodegw.receiver.journal.TagIdentities;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

import software.amazon.awssdk.services.kinesis.KinesisClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Delivers the IT journal to the configured sinks with Apache Camel: one route per sink (files, S3, Kinesis; see
 * {@link SinkRoutes}), plus any user routes from YAML DSL files in {@link DeliveryOptions#routesDir()} (files ending
 * in {@code .yaml} or {@code .yml}). Every route that consumes {@code diodegw-journal:NAME} reads the journal
 * through its own durable cursor NAME and advances it only after its destination accepted the data, so sinks are
 * independent: a failing sink retries with back-off and falls behind (its lag grows) while the others go on.
 *
 * <p>A user route, e.g. {@code routes/archive.camel.yaml}:
 * <pre>
 * - route:
 *     from:
 *       uri: diodegw-journal:archive?format=object
 *       steps:
 *         - to: kafka:plant-data      # any component on the class path
 * </pre>
 *
 * <p>Thread-safe: start, stop and status may be called from any thread. Each sink runs on its own consumer thread.
 */
public final class DeliveryService implements AutoCloseable
{
    private final ItJournal journal;
    private final DeliveryOptions options;
    private final Map<String, SinkCounters> counters = new ConcurrentHashMap<>();
    private final Map<String, Object> beans = new ConcurrentHashMap<>();
    private CamelContext context;
    private S3Client s3Client;
    private KinesisClient kinesisClient;
    private KafkaPublisher kafkaPublisher;

    private final TagIdentities identities;

    /**
     * @param journal the IT journal the sinks read; it must stay open until {@link #stop()} returned.
     * @param options the sinks and their settings.
     */
    public DeliveryService(final ItJournal journal, final DeliveryOptions options)
    {
        this(journal, options, TagIdentities.NONE);
    }

    /**
     * @param journal    the IT journal the sinks read; it must stay open until {@link #stop()} returned.
     * @param options    the sinks and their settings.
     * @param identities where a tag whose definition the journal lost in a gap is looked up (the mirror's table).
     */
    public DeliveryService(final ItJournal journal, final DeliveryOptions options, final TagIdentities identities)
    {
        this.journal = journal;
        this.options = options;
        this.identities = identities;
    }

    /**
     * Builds and starts the routes; returns when every route's consumer is running.
     *
     * @throws IllegalStateException if a route or a YAML file cannot be loaded or started (the message names it),
     *     or the service is running already.
     */
    public synchronized void start()
    {
        if (context != null)
        {
            throw new IllegalStateException("delivery is running already");
        }
        final DefaultCamelContext camel = new DefaultCamelContext();
        camel.getCamelContextExtension().setName("diodegw-delivery");
        try
        {
            camel.addComponent(JournalComponent.SCHEME, new JournalComponent(journal, options, counters, identities));
            beans.forEach(camel.getRegistry()::bind);
            if (options.s3() != null)
            {
                s3Client = AwsClients.s3(options.s3().aws());
                camel.getRegistry().bind(SinkRoutes.S3_CLIENT, s3Client);
            }
            if (options.kinesis() != null)
            {
                kinesisClient = AwsClients.kinesis(options.kinesis().aws());
                camel.getRegistry().bind(SinkRoutes.KINESIS_PRODUCER, new KinesisPutRecords(kinesisClient,
                    options.kinesis().streamName(), counters(SinkRoutes.KINESIS), options.retryInitialBackoffMs(),
                    options.retryMaxBackoffMs()));
            }
            if (options.kafka() != null)
            {
                kafkaPublisher = new KafkaPublisher(options.kafka());
                camel.getRegistry().bind(SinkRoutes.KAFKA_PUBLISHER, kafkaPublisher);
            }
            camel.addRoutes(new SinkRoutes(options));
            if (options.routesDir() != null)
            {
                loadUserRoutes(camel, options.routesDir());
            }
            camel.start();
            context = camel;
        }
        catch (final Exception ex)
        {
            camel.stop();
            closeClients();
            throw new IllegalStateException("cannot start delivery: " + ex.getMessage(), ex);
        }
    }

    /**
     * Makes a bean (a processor, a client...) available to user routes by name, e.g. {@code process: {ref: name}};
     * takes effect at the next {@link #start()}.
     *
     * @param name the registry name.
     * @param bean the bean.
     */
    public void bind(final String name, final Object bean)
    {
        beans.put(name, bean);
    }

    /**
     * Stops every route (a batch in flight finishes or is abandoned uncommitted) and closes the AWS and Kafka
     * clients. Does nothing if not running.
     */
    public synchronized void stop()
    {
        if (context != null)
        {
            context.stop();
            context = null;
            closeClients();
        }
    }

    /**
     * @return whether the routes are running.
     */
    public synchronized boolean isRunning()
    {
        return context != null;
    }

    /**
     * @return the counters of every sink that has run since this service was created, sorted by name.
     */
    public List<SinkStatus> status()
    {
        final List<SinkStatus> status = new ArrayList<>();
        counters.values().forEach(sink -> status.add(sink.snapshot()));
        status.sort((a, b) -> a.name().compareTo(b.name()));
        return status;
    }

    /**
     * @param sinkName files, s3, kinesis, or a user route's cursor name.
     * @return that sink's counters, if it has run.
     */
    public Optional<SinkStatus> status(final String sinkName)
    {
        return Optional.ofNullable(counters.get(sinkName)).map(SinkCounters::snapshot);
    }

    @Override
    public void close()
    {
        stop();
    }

    private SinkCounters counters(final String name)
    {
        return counters.computeIfAbsent(name, key -> new SinkCounters(key, journal::headSequence));
    }

    private static void loadUserRoutes(final CamelContext camel, final Path dir) throws Exception
    {
        if (!Files.isDirectory(dir))
        {
            throw new IllegalArgumentException("receiver.sinks.routes.dir " + dir + " is not a directory");
        }
        final List<Path> files;
        try (Stream<Path> listing = Files.list(dir))
        {
            files = listing.filter(file -> {
                final String name = file.getFileName().toString();
                return Files.isRegularFile(file) && (name.endsWith(".yaml") || name.endsWith(".yml"));
            }).sorted().toList();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot list " + dir, ex);
        }
        for (final Path file : files)
        {
            final Resource resource = ResourceHelper.resolveMandatoryResource(camel, "file:" + file.toAbsolutePath());
            try
            {
                PluginHelper.getRoutesLoader(camel).loadRoutes(resource);
            }
            catch (final Exception ex)
            {
                throw new IllegalArgumentException("route file " + file + ": " + ex.getMessage(), ex);
            }
        }
    }

    private void closeClients()
    {
        if (s3Client != null)
        {
            s3Client.close();
            s3Client = null;
        }
        if (kinesisClient != null)
        {
            kinesisClient.close();
            kinesisClient = null;
        }
        if (kafkaPublisher != null)
        {
            kafkaPublisher.close();
            kafkaPublisher = null;
        }
    }
}
