package io.diodegw.receiver.alarm;

/**
 * What an alarm watches. Each kind has one threshold setting ({@code receiver.alarms.*}) and a stable label used in
 * {@code /api/status}, the audit log, the webhook and logs.
 */
public enum AlarmKind
{
    /** Per source: the larger of the last minute's p99 lag and the time since the sender was last heard, ms. */
    LAG("lag", "ms"),
    /** The sender's oldest unsent record's age from its latest SENDER_STATUS, ms. */
    BACKLOG_AGE("backlogAge", "ms"),
    /** Per source: tags served Uncertain or Bad because of staleness. */
    STALE_TAGS("staleTags", "tags"),
    /** FEC blocks lost beyond repair within {@code receiver.alarms.windowMs}. */
    UNRECOVERABLE_BLOCKS("unrecoverableBlocks", "blocks"),
    /** Per sink: age of the oldest IT journal entry the sink has not committed, ms. */
    SINK_LAG("sinkLag", "ms");

    private final String label;
    private final String unit;

    AlarmKind(final String label, final String unit)
    {
        this.label = label;
        this.unit = unit;
    }

    /** @return the stable camelCase label, e.g. {@code "sinkLag"}. */
    public String label()
    {
        return label;
    }

    /** @return the unit of the value and threshold: {@code ms}, {@code tags} or {@code blocks}. */
    public String unit()
    {
        return unit;
    }
}
