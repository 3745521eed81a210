package io.diodegw.receiver.alarm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@link AlarmInputs} a test sets directly. */
final class FakeInputs implements AlarmInputs
{
    final Map<Integer, SourceReading> sources = new LinkedHashMap<>();
    final Map<String, SinkReading> sinks = new LinkedHashMap<>();
    long lastHeardMs = -1;
    long oldestUnsentAgeMs = -1;
    long unrecoverableBlocks;
    long journalHead;
    int staleCountCalls;

    void source(final int id, final long p99LagMs, final int staleTags)
    {
        sources.put(id, new SourceReading(id, p99LagMs, staleTags));
    }

    void sink(final String name, final long committed)
    {
        sinks.put(name, new SinkReading(name, committed));
    }

    @Override
    public List<SourceReading> sources(final long nowMs, final boolean countStaleTags)
    {
        if (countStaleTags)
        {
            staleCountCalls++;
            return new ArrayList<>(sources.values());
        }
        final List<SourceReading> withoutCounts = new ArrayList<>();
        for (final SourceReading s : sources.values())
        {
            withoutCounts.add(new SourceReading(s.sourceId(), s.p99LagMs(), 0));
        }
        return withoutCounts;
    }

    @Override
    public long lastHeardMs()
    {
        return lastHeardMs;
    }

    @Override
    public long oldestUnsentAgeMs()
    {
        return oldestUnsentAgeMs;
    }

    @Override
    public long unrecoverableBlocks()
    {
        return unrecoverableBlocks;
    }

    @Override
    public long journalHeadSequence()
    {
        return journalHead;
    }

    @Override
    public List<SinkReading> sinks()
    {
        return new ArrayList<>(sinks.values());
    }
}
