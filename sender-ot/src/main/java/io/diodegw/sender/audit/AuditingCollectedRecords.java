package io.diodegw.sender.audit;

import io.diodegw.sender.journal.CollectedRecords;
import io.diodegw.wire.record.SourceState;
import io.diodegw.wire.record.TagDefinition;
import io.diodegw.wire.record.TagValue;

/**
 * Passes every collected record on unchanged and turns each source state (connected, degraded, disconnected with
 * the reason) into an audit record as well, throttled by {@link SenderAudit#sourceState}. Tag values and
 * definitions go straight through: no cost on the value path.
 *
 * <p>Thread-safe as far as the two it joins are.
 */
public final class AuditingCollectedRecords implements CollectedRecords
{
    private final CollectedRecords next;
    private final SenderAudit audit;

    /**
     * @param next  where records go (the journal).
     * @param audit where source state changes are audited.
     */
    public AuditingCollectedRecords(final CollectedRecords next, final SenderAudit audit)
    {
        this.next = next;
        this.audit = audit;
    }

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
        audit.sourceState(state);
    }
}
