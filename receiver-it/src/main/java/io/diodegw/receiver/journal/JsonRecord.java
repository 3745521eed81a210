package io.diodegw.receiver.journal;

/**
 * One delivery-ready JSON object made from a journal entry (a tag value, a definition, a source state, a gap...),
 * with what sinks need to place it.
 *
 * @param source           where the object is filed: the decimal source id, {@value #LINK_SOURCE} for gaps and
 *                         link-level records, {@value #UNKNOWN_SOURCE} for values of a tag whose definition was
 *                         never seen.
 * @param partitionKey     the key that keeps one tag's objects in order: the decimal tag id for values and
 *                         definitions, else the source.
 * @param streamSequence   first stream sequence the object covers.
 * @param lastStreamSequence last stream sequence the object covers (different from the first only for a gap).
 * @param journalSequence  the journal entry the object came from.
 * @param appliedAtEpochMs when the entry was applied, ms since 1970-01-01 UTC.
 * @param json             the object as UTF-8 JSON, without a line break; the array is not copied: do not change it.
 * @param kind             the object's {@code kind} field (value, history, snapshot, definition, sourceState, gap,
 *                         audit, record).
 */
public record JsonRecord(
    String source,
    String partitionKey,
    long streamSequence,
    long lastStreamSequence,
    long journalSequence,
    long appliedAtEpochMs,
    byte[] json,
    String kind)
{
    /** Source of gaps and records that belong to the link rather than a data source. */
    public static final String LINK_SOURCE = "link";
    /** Source of values of a tag whose definition is not in the journal. */
    public static final String UNKNOWN_SOURCE = "unknown";
}
