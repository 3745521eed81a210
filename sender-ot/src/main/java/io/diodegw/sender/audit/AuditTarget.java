package io.diodegw.sender.audit;

import io.diodegw.wire.record.AuditEvent;

/**
 * Where audit events go: the OT journal ({@code OtJournal::auditEvent}), in band with the data.
 */
@FunctionalInterface
public interface AuditTarget
{
    /**
     * Takes an event without blocking; the caller may reuse the holder when the call returns.
     *
     * @param event the event.
     * @return false if it was dropped (queue full, journal closed); the target counts it.
     */
    boolean append(AuditEvent event);
}
