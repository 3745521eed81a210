package io.diodegw.receiver.delivery;

import io.diodegw.receiver.journal.ItJournal;
import io.diodegw.receiver.journal.TagIdentities;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;

/**
 * The Camel component {@value #SCHEME}: {@code diodegw-journal:NAME[?format=batch|object]} is a consuming endpoint
 * that reads the IT journal through the durable cursor NAME and commits it only after the route processed the
 * exchange without an exception. Every route that consumes it, built-in or a user's YAML route, is one sink.
 *
 * <ul>
 *   <li>{@code format=batch} (default): one exchange per batch, body {@link DeliveryBatch}.</li>
 *   <li>{@code format=object}: one exchange per JSON object, body the JSON text (String), headers
 *   {@value #HEADER_SOURCE}, {@value #HEADER_PARTITION_KEY}, {@value #HEADER_STREAM_SEQUENCE}; the batch is committed
 *   after all its exchanges succeeded, and delivered again from its first object after a failure.</li>
 * </ul>
 *
 * <p>Thread-safe.
 */
public final class JournalComponent extends DefaultComponent
{
    /** URI scheme. */
    public static final String SCHEME = "diodegw-journal";
    /** Header: the object's source (see {@link io.diodegw.receiver.journal.JsonRecord#source()}). */
    public static final String HEADER_SOURCE = "DiodegwSource";
    /** Header: the object's partition key (the tag id for values). */
    public static final String HEADER_PARTITION_KEY = "DiodegwPartitionKey";
    /** Header: the object's stream sequence. */
    public static final String HEADER_STREAM_SEQUENCE = "DiodegwStreamSequence";

    private final ItJournal journal;
    private final DeliveryOptions options;
    private final Map<String, SinkCounters> counters;
    private final TagIdentities identities;

    JournalComponent(final ItJournal journal, final DeliveryOptions options, final Map<String, SinkCounters> counters,
        final TagIdentities identities)
    {
        this.journal = journal;
        this.options = options;
        this.counters = counters;
        this.identities = identities;
    }

    @Override
    protected Endpoint createEndpoint(final String uri, final String remaining, final Map<String, Object> parameters)
    {
        final Object format = parameters.remove("format");
        final boolean objectMode;
        if (format == null || "batch".equals(format))
        {
            objectMode = false;
        }
        else if ("object".equals(format))
        {
            objectMode = true;
        }
        else
        {
            throw new IllegalArgumentException(uri + ": format must be batch or object, not " + format);
        }
        return new JournalEndpoint(uri, this, remaining, objectMode);
    }

    ItJournal journal()
    {
        return journal;
    }

    TagIdentities identities()
    {
        return identities;
    }

    DeliveryOptions options()
    {
        return options;
    }

    SinkCounters counters(final String name)
    {
        return counters.computeIfAbsent(name, key -> new SinkCounters(key, journal::headSequence));
    }
}
