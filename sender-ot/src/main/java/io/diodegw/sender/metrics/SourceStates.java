package io.diodegw.sender.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.diodegw.sender.journal.CollectedRecords;
import io.diodegw.wire.record.SourceState;
import io.diodegw.wire.record.TagDefinition;
import io.diodegw.wire.record.TagValue;

/**
 * The latest connection state each collector reported for its source, as the metrics show it. Collectors report
 * through {@link #tap}, which passes every record on unchanged and notes only source states (a handful per
 * connection, never per value). Thread-safe.
 */
public final class SourceStates
{
    private final Map<Integer, SourceState.State> states = new ConcurrentHashMap<>();

    /**
     * @param next where records go (the journal, or its audit wrapper).
     * @return a {@link CollectedRecords} that passes everything to {@code next}, noting source states on the way.
     */
    public CollectedRecords tap(final CollectedRecords next)
    {
        return new CollectedRecords()
        {
            @Override
            public void tagDefinition(final TagDefinition definition)
            {
                next.tagDefinition(definition);
            }

            @Override
            public void tagValue(final int sourceId, final TagValue value)
            {
                next.tagValue(sourceId, value);
            }

            @Override
            public void sourceState(final SourceState state)
            {
                next.sourceState(state);
                states.put(state.sourceId(), state.state());
            }
        };
    }

    /**
     * @param sourceId the source id.
     * @return its last reported state, or null before any.
     */
    public SourceState.State state(final int sourceId)
    {
        return states.get(sourceId);
    }
}
