package io.diodegw.receiver.table;

/**
 * The sender's conflated live passes as this receiver sees them (overload: SNAPSHOT_PART records with snapshot id 0),
 * published by {@link OutOfBandFeed}. Immutable.
 *
 * @param passes           distinct pass cuts seen (a pass whose first part is lost still counts when a later part
 *                         arrives).
 * @param partsReceived    SNAPSHOT_PART records of passes received.
 * @param valuesReceived   values they carried.
 * @param valuesApplied    values applied to the table (the tag's sequence was below the cut).
 * @param valuesSuperseded values not applied because the table already held the tag as of the cut or later.
 * @param lastCut          the cut of the last pass part received, or -1.
 * @param lastReceivedMs   when it arrived, ms since 1970, or -1.
 */
public record ConflatedLiveStatus(
    long passes,
    long partsReceived,
    long valuesReceived,
    long valuesApplied,
    long valuesSuperseded,
    long lastCut,
    long lastReceivedMs)
{
    /** Nothing received yet. */
    public static final ConflatedLiveStatus EMPTY = new ConflatedLiveStatus(0, 0, 0, 0, 0, -1, -1);
}
