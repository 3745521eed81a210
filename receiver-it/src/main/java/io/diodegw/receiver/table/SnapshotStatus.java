package io.diodegw.receiver.table;

/**
 * The snapshot carousel as this receiver sees it, published by {@link OutOfBandFeed}. Immutable.
 *
 * @param lastComplete       the last snapshot that arrived complete, or null.
 * @param inProgress         the snapshot arriving now, or null.
 * @param begun              snapshots whose first record arrived.
 * @param completed          snapshots that arrived complete.
 * @param abandoned          snapshots that ended incomplete (a part lost, the next snapshot or epoch began);
 *                           their values were still applied where they were newer.
 * @param recordsOtherEpoch  out-of-band records of a sender epoch other than the current one, ignored.
 * @param recordsIgnored     out-of-band records of a type the receiver does not apply out of band, ignored.
 * @param recordsUndecodable out-of-band records whose body did not decode (a defect: the link checked them).
 */
public record SnapshotStatus(
    SnapshotProgress lastComplete,
    SnapshotProgress inProgress,
    long begun,
    long completed,
    long abandoned,
    long recordsOtherEpoch,
    long recordsIgnored,
    long recordsUndecodable)
{
    /** Nothing received yet. */
    public static final SnapshotStatus EMPTY = new SnapshotStatus(null, null, 0, 0, 0, 0, 0, 0);
}
