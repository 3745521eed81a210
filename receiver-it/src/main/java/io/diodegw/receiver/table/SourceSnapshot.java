package io.diodegw.receiver.table;

import io.diodegw.wire.record.SourceState;

/**
 * One data source as the table holds it: its last reported connection state and how current its values are.
 * Immutable.
 *
 * @param sourceId         the source id (u32 bit pattern).
 * @param state            the last SOURCE_STATE reported, or null if none arrived.
 * @param reason           the reason given with it, or null.
 * @param stateTimeTicks   when the sender saw the state change (OPC UA ticks), or 0.
 * @param lastUpdateMs     when a live value of this source was last applied, ms since 1970, or 0.
 * @param lagMs            apply time minus source timestamp of that value, in ms, or 0.
 * @param valuesApplied    live values of this source applied.
 * @param tags             tags defined for this source.
 * @param stateSequence    the stream sequence the state came from (a snapshot's cut for a snapshot's state), or -1.
 * @param notCommunicatingSinceMs when the source stopped communicating (its state is DISCONNECTED, CONNECTING or
 *                         DISABLED), ms since 1970: the earlier of the receiver's apply time and the sender's state
 *                         time; -1 while it communicates or its state is unknown.
 */
public record SourceSnapshot(
    int sourceId,
    SourceState.State state,
    String reason,
    long stateTimeTicks,
    long lastUpdateMs,
    long lagMs,
    long valuesApplied,
    int tags,
    long stateSequence,
    long notCommunicatingSinceMs)
{
}
