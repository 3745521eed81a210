package io.diodegw.receiver.alarm;

import java.util.List;

/**
 * What the alarm monitor reads, once per check, on its own thread. {@link ReceiverAlarmInputs} reads the receiver's
 * tag table, link counters, IT journal and sinks; tests supply their own.
 */
public interface AlarmInputs
{
    /**
     * One source.
     *
     * @param sourceId  the source id (u32 bit pattern).
     * @param p99LagMs  the 99th percentile lag of its live values over the last minute, ms; -1 when none arrived.
     * @param staleTags its tags served Uncertain or Bad because of staleness.
     */
    record SourceReading(int sourceId, long p99LagMs, int staleTags)
    {
    }

    /**
     * One sink.
     *
     * @param name              the sink (cursor) name.
     * @param committedSequence the IT journal sequence it committed last.
     */
    record SinkReading(String name, long committedSequence)
    {
    }

    /**
     * @param nowMs the monitor's clock, ms since 1970.
     * @param countStaleTags whether {@link SourceReading#staleTags()} is needed (counting walks every tag); 0 when not.
     * @return every source known, in a stable order.
     */
    List<SourceReading> sources(long nowMs, boolean countStaleTags);

    /** @return when the current sender was last heard, ms since 1970, or -1 never. */
    long lastHeardMs();

    /** @return the oldest unsent record's age from the sender's latest status, ms, or -1 before any status. */
    long oldestUnsentAgeMs();

    /** @return FEC blocks lost beyond repair since the receiver started (a counter that only grows). */
    long unrecoverableBlocks();

    /** @return the IT journal's newest entry sequence, 0 while empty. */
    long journalHeadSequence();

    /** @return every sink that has run. */
    List<SinkReading> sinks();
}
