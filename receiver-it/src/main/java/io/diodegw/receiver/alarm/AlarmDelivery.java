package io.diodegw.receiver.alarm;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;
import org.apache.camel.component.http.HttpComponent;
import org.apache.camel.impl.DefaultCamelContext;

import com.fasterxml.jackson.core.JsonGenerator;

import io.diodegw.config.Config;
import io.diodegw.config.ReceiverSettings;
import io.diodegw.receiver.delivery.DeliveryOptions;

/**
 * Delivers alarm events to their destinations (the webhook of {@code receiver.alarms.webhookUrl}, the Kafka topic
 * of {@code receiver.alarms.kafkaTopic}) through Apache
 * Camel: one bounded queue and one route per {@link AlarmDestination} ({@link AlarmRoutes}), in a Camel context of
 * its own ({@code diodegw-alarms}), separate from the sinks'. {@link #onAlarm} only offers the event to each queue, so
 * a destination that is down or slow never blocks the monitor: its queue fills, and events beyond it are dropped and
 * counted. HTTP calls time out after {@value #HTTP_TIMEOUT_MS} ms and are not retried by the HTTP client itself;
 * each failed event is retried by the route with back-off, then
 * counted as failed and logged (at most once a minute per destination).
 *
 * <p>Thread-safe: {@link #onAlarm} from the monitor's thread, the rest from any.
 */
public final class AlarmDelivery implements AlarmListener, AutoCloseable
{
    /** Events that may wait per destination. */
    public static final int DEFAULT_QUEUE_EVENTS = 256;
    /** Connect, response and socket timeout of webhook calls, ms. */
    public static final long HTTP_TIMEOUT_MS = 5_000;
    /** How long {@link #close()} lets an event in flight finish before it is abandoned, ms. */
    private static final long SHUTDOWN_TIMEOUT_MS = 2_000;

    /**
     * How a failed event is retried.
     *
     * @param maxRedeliveries attempts after the first.
     * @param initialDelayMs  delay before the first retry, ms; doubled for each next one.
     * @param maxDelayMs      longest delay between retries, ms.
     */
    public record Retry(int maxRedeliveries, long initialDelayMs, long maxDelayMs)
    {
        /** 3 retries after 1, 2 and 4 s. */
        public static final Retry DEFAULT = new Retry(3, 1_000, 10_000);
    }

    private final List<AlarmDestination> destinations;
    private final Retry retry;
    private final Map<String, AlarmQueue> queues = new LinkedHashMap<>();
    private CamelContext context;

    /**
     * @param destinations where events go (at least one; distinct names).
     * @param queueEvents  events that may wait per destination.
     * @param retry        how failed events are retried.
     * @throws IllegalArgumentException if no destination is given or two share a name.
     */
    public AlarmDelivery(final List<AlarmDestination> destinations, final int queueEvents, final Retry retry)
    {
        if (destinations.isEmpty())
        {
            throw new IllegalArgumentException("no alarm destination");
        }
        this.destinations = List.copyOf(destinations);
        this.retry = retry;
        for (final AlarmDestination destination : destinations)
        {
            if (queues.put(destination.name(), new AlarmQueue(destination.name(), queueEvents)) != null)
            {
                throw new IllegalArgumentException("two alarm destinations are named " + destination.name());
            }
        }
    }

    /**
     * @param config a loaded receiver configuration (its webhook URL validated at load).
     * @return the delivery to {@code receiver.alarms.webhookUrl} and {@code receiver.alarms.kafkaTopic}, or empty
     *     when neither is set.
     */
    public static Optional<AlarmDelivery> fromConfig(final Config config)
    {
        final List<AlarmDestination> destinations = new ArrayList<>();
        config.find(ReceiverSettings.ALARMS_WEBHOOK_URL).filter(url -> !url.isEmpty())
            .ifPresent(url -> destinations.add(AlarmDestination.webhook(url)));
        config.find(ReceiverSettings.ALARMS_KAFKA_TOPIC).ifPresent(topic -> destinations.add(AlarmDestination.kafka(
            topic, config.find(ReceiverSettings.SINKS_KAFKA_BOOTSTRAP_SERVERS).orElseThrow(),
            DeliveryOptions.Kafka.readClientProperties(
                config.find(ReceiverSettings.SINKS_KAFKA_CLIENT_PROPERTIES_FILE).orElse(null)))));
        return destinations.isEmpty() ? Optional.empty() :
            Optional.of(new AlarmDelivery(destinations, DEFAULT_QUEUE_EVENTS, Retry.DEFAULT));
    }

    /**
     * Builds and starts the routes.
     *
     * @throws IllegalStateException if a route cannot start (the message names it) or it runs already.
     */
    public synchronized void start()
    {
        if (context != null)
        {
            throw new IllegalStateException("alarm delivery is running already");
        }
        final DefaultCamelContext camel = new DefaultCamelContext();
        camel.getCamelContextExtension().setName("diodegw-alarms");
        camel.getShutdownStrategy().setTimeout(SHUTDOWN_TIMEOUT_MS);
        camel.getShutdownStrategy().setTimeUnit(TimeUnit.MILLISECONDS);
        try
        {
            camel.addComponent(AlarmQueueComponent.SCHEME, new AlarmQueueComponent(queues));
            for (final AlarmDestination destination : destinations)
            {
                final String scheme = destination.endpointUri().split(":", 2)[0].toLowerCase(Locale.ROOT);
                if ("http".equals(scheme) || "https".equals(scheme))
                {
                    final HttpComponent http = camel.getComponent(scheme, HttpComponent.class);
                    http.setConnectTimeout(HTTP_TIMEOUT_MS);
                    http.setConnectionRequestTimeout(HTTP_TIMEOUT_MS);
                    http.setResponseTimeout(HTTP_TIMEOUT_MS);
                    http.setSoTimeout(HTTP_TIMEOUT_MS);
                    http.setAutomaticRetriesDisabled(true);
                }
            }
            camel.addRoutes(new AlarmRoutes(destinations, retry));
            camel.start();
            context = camel;
        }
        catch (final Exception ex)
        {
            camel.stop();
            throw new IllegalStateException("cannot start alarm delivery: " + ex.getMessage(), ex);
        }
    }

    /** Queues the event for every destination; never blocks (a full queue drops it and counts it). */
    @Override
    public void onAlarm(final AlarmEvent event)
    {
        for (final AlarmQueue queue : queues.values())
        {
            queue.offer(event);
        }
    }

    /**
     * Stops the routes, giving an event in flight {@value #SHUTDOWN_TIMEOUT_MS} ms to finish; events still queued are
     * not delivered. Idempotent.
     */
    @Override
    public synchronized void close()
    {
        if (context != null)
        {
            context.stop();
            context = null;
        }
    }

    /** @return the destinations' names, in order. */
    public List<String> destinationNames()
    {
        return List.copyOf(queues.keySet());
    }

    /** @return events the destination accepted. */
    public long delivered(final String destination)
    {
        return queue(destination).delivered();
    }

    /** @return events the destination refused or did not answer for, after every retry. */
    public long failed(final String destination)
    {
        return queue(destination).failed();
    }

    /** @return events dropped because the destination's queue was full. */
    public long dropped(final String destination)
    {
        return queue(destination).dropped();
    }

    /** @return events waiting in the destination's queue now. */
    public int waiting(final String destination)
    {
        return queue(destination).waiting();
    }

    /**
     * Writes {@code "alarmDelivery":{"NAME":{"delivered":N,"failed":N,"dropped":N,"waiting":N,"lastFailure":...}}}
     * (lastFailure null after a success). The endpoint itself is not shown: a URL may carry a token. Any thread.
     *
     * @param json a generator inside an object.
     * @throws IOException if the generator fails.
     */
    public void writeStatus(final JsonGenerator json) throws IOException
    {
        json.writeObjectFieldStart("alarmDelivery");
        for (final AlarmQueue queue : queues.values())
        {
            json.writeObjectFieldStart(queue.name());
            json.writeNumberField("delivered", queue.delivered());
            json.writeNumberField("failed", queue.failed());
            json.writeNumberField("dropped", queue.dropped());
            json.writeNumberField("waiting", queue.waiting());
            json.writeStringField("lastFailure", queue.lastFailure());
            json.writeEndObject();
        }
        json.writeEndObject();
    }

    private AlarmQueue queue(final String destination)
    {
        final AlarmQueue queue = queues.get(destination);
        if (queue == null)
        {
            throw new IllegalArgumentException("no alarm destination named " + destination);
        }
        return queue;
    }
}
