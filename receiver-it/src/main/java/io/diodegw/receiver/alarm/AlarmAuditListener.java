package io.diodegw.receiver.alarm;

import java.util.LinkedHashMap;
import java.util.Map;

import io.diodegw.receiver.audit.AuditEntry;
import io.diodegw.receiver.audit.AuditLog;

/**
 * Writes every alarm event to the IT audit log as origin IT, category {@code operation}, type {@code alarm.raised}
 * (result {@code failure}) or {@code alarm.cleared} (result {@code success}), source {@code alarms}, the event's
 * message, and fields kind, subject, value, threshold:
 * <pre>{@code
 * {"time":"...","origin":"IT","category":"operation","result":"failure","type":"alarm.raised","source":"alarms",
 *  "message":"source 1 is 12001 ms behind ...","kind":"lag","subject":"source 1","value":12001,"threshold":10000}
 * }</pre>
 * Never blocks: {@link AuditLog#offer} queues the entry (or counts it dropped when the log's queue is full).
 */
public final class AlarmAuditListener implements AlarmListener
{
    private final AuditLog log;

    /**
     * @param log the IT audit log; its owner closes it.
     */
    public AlarmAuditListener(final AuditLog log)
    {
        this.log = log;
    }

    @Override
    public void onAlarm(final AlarmEvent event)
    {
        final boolean raised = event.type() == AlarmEvent.Type.RAISED;
        final Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("kind", event.kind().label());
        fields.put("subject", event.subject());
        fields.put("value", event.value());
        fields.put("threshold", event.threshold());
        log.offer(new AuditEntry(event.timeMs(), AuditEntry.IT, "operation", raised ? "failure" : "success",
            raised ? "alarm.raised" : "alarm.cleared", "alarms", event.message(), fields));
    }
}
