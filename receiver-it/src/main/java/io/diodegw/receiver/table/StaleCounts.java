package io.diodegw.receiver.table;

/**
 * How many tags are served degraded, by reason. Immutable.
 *
 * @param uncertain             tags with a value served as {@link Staleness#UNCERTAIN}.
 * @param bad                   tags with a value served as {@link Staleness#BAD}.
 * @param waitingForInitialData defined tags without a value yet ({@code Bad_WaitingForInitialData}).
 */
public record StaleCounts(int uncertain, int bad, int waitingForInitialData)
{
    /** No tag degraded. */
    public static final StaleCounts NONE = new StaleCounts(0, 0, 0);
}
