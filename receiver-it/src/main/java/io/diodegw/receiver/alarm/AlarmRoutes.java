package io.diodegw.receiver.alarm;

import java.io.StringWriter;
import java.util.List;
import java.util.Map;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.RouteDefinition;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * One route per {@link AlarmDestination}: {@code diodegw-alarms:NAME} (the destination's queue, see
 * {@link AlarmQueueComponent}) → the event as a JSON object ({@link AlarmMonitor#writeEvent}) → the destination's
 * headers → its endpoint. A failed send is retried by the error handler with exponential back-off
 * ({@link AlarmDelivery.Retry}); when the retries are exhausted the exception stays on the exchange and the queue's
 * consumer counts the event as failed. Camel's own failure logging is off: the queue logs, rate-limited.
 */
final class AlarmRoutes extends RouteBuilder
{
    private static final JsonFactory JSON = new JsonFactory();

    private final List<AlarmDestination> destinations;
    private final AlarmDelivery.Retry retry;

    AlarmRoutes(final List<AlarmDestination> destinations, final AlarmDelivery.Retry retry)
    {
        this.destinations = destinations;
        this.retry = retry;
    }

    @Override
    public void configure()
    {
        errorHandler(defaultErrorHandler()
            .maximumRedeliveries(retry.maxRedeliveries())
            .redeliveryDelay(retry.initialDelayMs())
            .useExponentialBackOff()
            .backOffMultiplier(2)
            .maximumRedeliveryDelay(retry.maxDelayMs())
            .logExhausted(false)
            .logRetryAttempted(false)
            .logNewException(false)
            .logStackTrace(false));
        for (final AlarmDestination destination : destinations)
        {
            RouteDefinition route = from(AlarmQueueComponent.SCHEME + ":" + destination.name())
                .routeId("alarm-" + destination.name())
                .process(exchange -> exchange.getIn().setBody(json(exchange.getIn().getBody(AlarmEvent.class))));
            for (final Map.Entry<String, String> header : destination.headers().entrySet())
            {
                route = route.setHeader(header.getKey(), constant(header.getValue()));
            }
            route.to(destination.endpointUri());
        }
    }

    /** @return the event as one JSON object. */
    static String json(final AlarmEvent event) throws java.io.IOException
    {
        final StringWriter out = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(out))
        {
            AlarmMonitor.writeEvent(json, event);
        }
        return out.toString();
    }
}
