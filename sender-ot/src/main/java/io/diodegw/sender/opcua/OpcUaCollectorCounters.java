package io.diodegw.sender.opcua;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The counters of one {@link OpcUaCollector}: tags discovered, values received, connections and errors by kind.
 * Updated by the collector's threads with plain atomic increments; read by anyone (metrics, status records, tests).
 *
 * <p>Thread-safe. Every value only grows, except {@link #tagsDiscovered()}, which is the tag count of the latest
 * discovery.
 */
public final class OpcUaCollectorCounters
{
    /**
     * An abnormal condition the collector counted, with a stable id for metrics.
     */
    public enum ErrorKind
    {
        /** Discovering endpoints, opening the secure channel or activating the session failed. */
        CONNECT_FAILED(1, "opcua_connect_failed"),
        /** An established session went inactive (server gone, network lost, keep-alive failed). */
        SESSION_LOST(2, "opcua_session_lost"),
        /** Browsing or reading the metadata of part of the address space failed. */
        BROWSE_FAILED(3, "opcua_browse_failed"),
        /** The server refused to create a monitored item. */
        MONITORED_ITEM_FAILED(4, "opcua_monitored_item_failed"),
        /** A value of a type a tag value cannot carry (NodeId, structure, matrix) was dropped. */
        UNSUPPORTED_VALUE(5, "opcua_unsupported_value"),
        /** The server reported that notifications were lost (queue overflow or missed publish). */
        NOTIFICATIONS_LOST(6, "opcua_notifications_lost"),
        /** The tag id file could not be read or written. */
        TAG_ID_STORE_FAILED(7, "opcua_tag_id_store_failed"),
        /** The journal rejected a record (it threw). */
        JOURNAL_FAILED(8, "opcua_journal_failed");

        private final int id;
        private final String label;

        ErrorKind(final int id, final String label)
        {
            this.id = id;
            this.label = label;
        }

        /**
         * @return the stable numeric id.
         */
        public int id()
        {
            return id;
        }

        /**
         * @return the stable metric label.
         */
        public String label()
        {
            return label;
        }
    }

    private static final int TAGS_DISCOVERED = 0;
    private static final int VALUES_RECEIVED = 1;
    private static final int CONNECTS = 2;
    private static final int RECONNECTS = 3;
    private static final int FIRST_ERROR = 4;

    private final AtomicLongArray values = new AtomicLongArray(FIRST_ERROR + ErrorKind.values().length);

    /**
     * @return the number of tags the latest discovery found (after the allow and deny lists).
     */
    public long tagsDiscovered()
    {
        return values.get(TAGS_DISCOVERED);
    }

    /**
     * @return data changes received and handed to the journal.
     */
    public long valuesReceived()
    {
        return values.get(VALUES_RECEIVED);
    }

    /**
     * @return sessions established, the first one included.
     */
    public long connects()
    {
        return values.get(CONNECTS);
    }

    /**
     * @return sessions established after a lost session or a failed attempt.
     */
    public long reconnects()
    {
        return values.get(RECONNECTS);
    }

    /**
     * @return how often the condition occurred.
     */
    public long errors(final ErrorKind kind)
    {
        return values.get(FIRST_ERROR + kind.ordinal());
    }

    void tagsDiscovered(final long count)
    {
        values.set(TAGS_DISCOVERED, count);
    }

    void onValue()
    {
        values.incrementAndGet(VALUES_RECEIVED);
    }

    void onConnect(final boolean reconnect)
    {
        values.incrementAndGet(CONNECTS);
        if (reconnect)
        {
            values.incrementAndGet(RECONNECTS);
        }
    }

    void onError(final ErrorKind kind)
    {
        onErrors(kind, 1);
    }

    void onErrors(final ErrorKind kind, final long count)
    {
        values.addAndGet(FIRST_ERROR + kind.ordinal(), count);
    }

    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder("OpcUaCollectorCounters{tagsDiscovered=").append(tagsDiscovered())
            .append(", valuesReceived=").append(valuesReceived()).append(", connects=").append(connects())
            .append(", reconnects=").append(reconnects());
        for (final ErrorKind kind : ErrorKind.values())
        {
            sb.append(", ").append(kind.label()).append('=').append(errors(kind));
        }
        return sb.append('}').toString();
    }
}
