package io.diodegw.receiver.alarm;

/**
 * One alarm raise or clear. Immutable.
 *
 * @param type      raised or cleared.
 * @param kind      what the alarm watches.
 * @param subject   what it is about, e.g. {@code source 1}, {@code sender}, {@code link}, {@code sink files}.
 * @param value     the value at the event, in the kind's unit.
 * @param threshold the threshold it was compared with, in the kind's unit.
 * @param timeMs    when the monitor decided it, ms since 1970-01-01T00:00Z.
 * @param message   what it means and what to look at, one line.
 */
public record AlarmEvent(Type type, AlarmKind kind, String subject, long value, long threshold, long timeMs,
    String message)
{
    /** Whether an alarm began or ended. */
    public enum Type
    {
        /** The value reached the threshold. */
        RAISED,
        /** The value stayed below the threshold for {@code receiver.alarms.clearAfterMs}. */
        CLEARED
    }
}
