package io.diodegw.sender.opcua;

import io.diodegw.sender.journal.CollectedRecords;
import io.diodegw.wire.record.SourceState;
import io.diodegw.wire.record.TagDefinition;
import io.diodegw.wire.record.TagValue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * An in-memory {@link CollectedRecords} for tests: stores a copy of every record, keeps the latest value per tag,
 * and lets a test wait for a condition with a deadline. Thread-safe (one lock).
 */
final class RecordingCollectedRecords implements CollectedRecords
{
    private final List<TagDefinition> definitions = new ArrayList<>();
    private final Map<Integer, TagDefinition> definitionById = new HashMap<>();
    private final Map<Integer, TagValue> latest = new HashMap<>();
    private final List<SourceState> states = new ArrayList<>();
    private long valueCount;

    @Override
    public synchronized void tagDefinition(final TagDefinition definition)
    {
        final TagDefinition copy = copyOf(definition);
        definitions.add(copy);
        definitionById.put(copy.tagId(), copy);
        notifyAll();
    }

    @Override
    public synchronized void tagValue(final int sourceId, final TagValue value)
    {
        latest.put(value.tagId(), value.copy());
        valueCount++;
        notifyAll();
    }

    @Override
    public synchronized void sourceState(final SourceState state)
    {
        states.add(new SourceState().sourceId(state.sourceId()).state(state.state()).timeTicks(state.timeTicks())
            .reason(state.reason()));
        notifyAll();
    }

    synchronized List<TagDefinition> definitions()
    {
        return new ArrayList<>(definitions);
    }

    synchronized Map<Integer, TagDefinition> definitionsById()
    {
        return new HashMap<>(definitionById);
    }

    synchronized Map<Integer, TagValue> latestValues()
    {
        final Map<Integer, TagValue> copy = new HashMap<>();
        latest.forEach((id, v) -> copy.put(id, v.copy()));
        return copy;
    }

    synchronized List<SourceState> states()
    {
        return new ArrayList<>(states);
    }

    synchronized long valueCount()
    {
        return valueCount;
    }

    /**
     * Waits until the condition holds, re-checking on every record and at least every 100 ms.
     *
     * @throws AssertionError if it does not hold within the timeout.
     */
    void await(final String what, final long timeoutMs, final BooleanSupplier condition) throws InterruptedException
    {
        final long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        synchronized (this)
        {
            while (!condition.getAsBoolean())
            {
                final long leftMs = (deadline - System.nanoTime()) / 1_000_000L;
                if (leftMs <= 0)
                {
                    throw new AssertionError("timed out waiting for " + what + "; states=" + states +
                        ", definitions=" + definitions.size() + ", values=" + valueCount);
                }
                wait(Math.min(leftMs, 100));
            }
        }
    }

    private static TagDefinition copyOf(final TagDefinition d)
    {
        return new TagDefinition().tagId(d.tagId()).sourceId(d.sourceId()).dataType(d.dataType())
            .valueRank(d.valueRank()).arrayDimensions(d.arrayDimensions().clone()).nodeId(d.nodeId())
            .browsePath(d.browsePath()).engineeringUnits(d.engineeringUnits()).description(d.description());
    }
}
