package io.diodegw.receiver.table;

/**
 * One snapshot of the carousel as this receiver saw it (complete, or still arriving). Immutable.
 *
 * @param senderEpoch    the sender epoch it belongs to.
 * @param snapshotId     its id (u64 bit pattern, increasing per epoch from 1); -1 when only definitions or source
 *                       states of it arrived so far.
 * @param cutSequence    the cut C: the stream sequence every one of its records carries.
 * @param timeTicks      when the sender took it (OPC UA ticks), or 0 while its SNAPSHOT_BEGIN is missing.
 * @param tagCount       the tags it announced (SNAPSHOT_BEGIN), or -1 while unknown.
 * @param valuesReceived SNAPSHOT_PART values received.
 * @param valuesApplied  those that changed the table (the tag's sequence was below the cut).
 * @param partsReceived  SNAPSHOT_PART records received.
 * @param definitions    TAG_DEFINITION records received with it.
 * @param sourceStates   SOURCE_STATE records received with it.
 * @param beginSeen      whether its SNAPSHOT_BEGIN arrived.
 * @param endSeen        whether its SNAPSHOT_END arrived.
 * @param startedMs      when its first record arrived, ms since 1970.
 * @param completedMs    when it became complete (BEGIN, END and all announced values), ms since 1970; -1 if not.
 */
public record SnapshotProgress(
    long senderEpoch,
    long snapshotId,
    long cutSequence,
    long timeTicks,
    long tagCount,
    long valuesReceived,
    long valuesApplied,
    long partsReceived,
    long definitions,
    long sourceStates,
    boolean beginSeen,
    boolean endSeen,
    long startedMs,
    long completedMs)
{
    /** @return whether BEGIN, END and every value BEGIN announced arrived. */
    public boolean isComplete()
    {
        return completedMs >= 0;
    }
}
