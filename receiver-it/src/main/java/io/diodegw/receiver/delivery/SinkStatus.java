package io.diodegw.receiver.delivery;

/**
 * A snapshot of one sink's counters.
 *
 * @param name             the sink (route and cursor) name: files, s3, kinesis, or a user route's cursor name.
 * @param deliveredEntries journal entries delivered and committed.
 * @param deliveredObjects JSON objects delivered in those entries.
 * @param batches          batches delivered and committed.
 * @param retries          delivery attempts that repeated a failed batch, plus partial retries inside a batch
 *                         (Kinesis records that failed in a PutRecords call).
 * @param errors           failed delivery attempts.
 * @param lagEntries       journal entries after the sink's committed position.
 * @param committedSequence the journal sequence the sink committed last.
 * @param lastError        the message of the last failure, or null if the last attempt succeeded.
 */
public record SinkStatus(
    String name,
    long deliveredEntries,
    long deliveredObjects,
    long batches,
    long retries,
    long errors,
    long lagEntries,
    long committedSequence,
    String lastError)
{
}
