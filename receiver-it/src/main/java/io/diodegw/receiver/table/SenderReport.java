package io.diodegw.receiver.table;

/**
 * The latest SENDER_STATUS of a sender epoch, as the sender told it (it cannot be asked), with when it arrived.
 * Immutable.
 *
 * @param senderEpoch         the epoch of the sender that sent it.
 * @param journalHeadSequence the last stream sequence in the sender's OT journal.
 * @param backlogRecords      records journaled but not yet sent.
 * @param backlogBytes        their size, bytes.
 * @param oldestUnsentAgeMs   age of the oldest of them, ms.
 * @param inputRecordsPerSec  records journaled per second.
 * @param outputRecordsPerSec records sent per second.
 * @param outputBytesPerSec   bytes sent per second.
 * @param timeTicks           when the sender wrote it (OPC UA ticks).
 * @param receivedMs          when this receiver applied it, ms since 1970.
 */
public record SenderReport(
    long senderEpoch,
    long journalHeadSequence,
    long backlogRecords,
    long backlogBytes,
    long oldestUnsentAgeMs,
    long inputRecordsPerSec,
    long outputRecordsPerSec,
    long outputBytesPerSec,
    long timeTicks,
    long receivedMs)
{
}
