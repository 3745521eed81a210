package io.diodegw.receiver.alarm;

/**
 * Receives every alarm event, on the monitor's thread. Implementations must return quickly and never block (queue
 * the event if delivering it takes I/O); an exception is logged and the other listeners still run.
 */
@FunctionalInterface
public interface AlarmListener
{
    /**
     * @param event the raise or clear.
     */
    void onAlarm(AlarmEvent event);
}
