package io.diodegw.receiver.audit;

import java.util.Map;

/**
 * One line of the IT audit log.
 *
 * @param timeMs   when the receiver recorded it, ms since 1970-01-01T00:00Z.
 * @param origin   {@code IT} (the receiver) or {@code OT} (an AUDIT_EVENT record of the sender).
 * @param category {@code security}, {@code configuration}, {@code operation} or {@code data}.
 * @param result   {@code success} or {@code failure}.
 * @param type     what happened, e.g. {@code session-key.installed}.
 * @param source   the component it concerns.
 * @param message  free text, or null.
 * @param fields   further named values (numbers, strings, or maps of them), in order; written after the others.
 */
public record AuditEntry(long timeMs, String origin, String category, String result, String type, String source,
    String message, Map<String, Object> fields)
{
    /** Origin of entries the receiver writes about itself. */
    public static final String IT = "IT";
    /** Origin of entries that crossed the diode as AUDIT_EVENT records. */
    public static final String OT = "OT";
}
