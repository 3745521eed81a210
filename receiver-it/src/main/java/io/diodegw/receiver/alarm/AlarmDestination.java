package io.diodegw.receiver.alarm;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Where alarm events go: one Camel route ({@link AlarmRoutes}) from its own bounded queue to {@code endpointUri},
 * with the event as a JSON object in the body and {@code headers} set. Immutable.
 *
 * <p>The webhook is {@link #webhook(String)}, the Kafka topic {@link #kafka}; each destination has its own queue,
 * retries and counters, so a slow one never holds up another.
 *
 * @param name        short name: route id {@code alarm-NAME}, queue {@code diodegw-alarms:NAME}, status key; letters
 *                    and digits.
 * @param endpointUri the Camel endpoint the JSON is sent to.
 * @param headers     constant message headers set before sending.
 */
public record AlarmDestination(String name, String endpointUri, Map<String, String> headers)
{
    /** The record key of every alarm event on Kafka. */
    public static final String KAFKA_KEY = "diodegw-alarm";

    private static final Pattern NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9]{0,31}");

    /**
     * @throws IllegalArgumentException if the name is not 1 to 32 letters and digits starting with a letter.
     */
    public AlarmDestination
    {
        if (name == null || !NAME.matcher(name).matches())
        {
            throw new IllegalArgumentException("alarm destination name '" + name + "' must match " + NAME.pattern());
        }
        headers = Map.copyOf(headers);
    }

    /**
     * @param url an http or https URL (validated at configuration load, see {@code receiver.alarms.webhookUrl}).
     * @return the destination that POSTs each event to it as {@code application/json} through camel-http.
     */
    public static AlarmDestination webhook(final String url)
    {
        return new AlarmDestination("webhook", url, Map.of("CamelHttpMethod", "POST", "Content-Type",
            "application/json"));
    }

    /**
     * @param topic            the topic ({@code receiver.alarms.kafkaTopic}, validated at configuration load).
     * @param bootstrapServers the cluster, host:port[,host:port...].
     * @param clientProperties extra producer properties (TLS, SASL) passed to the Kafka client as they are.
     * @return the destination that publishes each event to the topic through camel-kafka, acknowledged by every
     *     in-sync replica, keyed by the constant {@value #KAFKA_KEY} so all events stay in order on one partition.
     */
    public static AlarmDestination kafka(final String topic, final String bootstrapServers,
        final Map<String, String> clientProperties)
    {
        final StringBuilder uri = new StringBuilder("kafka:").append(topic).append("?brokers=")
            .append(bootstrapServers).append("&requestRequiredAcks=all&clientId=diodegw-receiver-alarms");
        new TreeMap<>(clientProperties).forEach((key, value) ->
            uri.append("&additionalProperties.").append(key).append("=RAW(").append(value).append(')'));
        return new AlarmDestination("kafka", uri.toString(), Map.of("kafka.KEY", KAFKA_KEY));
    }

}
