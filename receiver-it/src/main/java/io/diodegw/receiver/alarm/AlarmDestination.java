package io.diodegw.receiver.alarm;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where alarm events go: one Camel route ({@link AlarmRoutes}) from its own bounded queue to {@code endpointUri},
 * with the event as a JSON object in the body and {@code headers} set. Immutable.
 *
 * <p>The webhook is {@link #webhook(String)}. Another destination is one more instance, e.g. a Kafka topic (once
 * camel-kafka is on the class path): {@code new AlarmDestination("kafka", "kafka:diodegw-alarms?brokers=host:9092",
 * Map.of())}; each destination has its own queue, retries and counters, so a slow one never holds up another.
 *
 * @param name        short name: route id {@code alarm-NAME}, queue {@code diodegw-alarms:NAME}, status key; letters
 *                    and digits.
 * @param endpointUri the Camel endpoint the JSON is sent to.
 * @param headers     constant message headers set before sending.
 */
public record AlarmDestination(String name, String endpointUri, Map<String, String> headers)
{
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
}
