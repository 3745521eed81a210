package io.diodegw.sender.audit;

import java.util.HashMap;
import java.util.Map;

/**
 * Lets at most one event per key through per interval and counts the ones it held back, so a storm (a reconnect
 * loop, a failing disk) costs the audit trail one record per interval, and the next record says how many it stands
 * for.
 *
 * <p>Thread-safe (synchronized; meant for rare events, not per datagram).
 */
final class EventThrottle
{
    private final long intervalMs;
    private final Map<String, long[]> byKey = new HashMap<>();

    /**
     * @param intervalMs the least time between two events of one key, ms.
     */
    EventThrottle(final long intervalMs)
    {
        this.intervalMs = intervalMs;
    }

    /**
     * @param key   what is throttled, e.g. {@code "source.disconnected/3"}.
     * @param nowMs the caller's clock, ms.
     * @return -1 if the event is held back (and counted); else how many were held back since the last one let
     *     through.
     */
    synchronized long admit(final String key, final long nowMs)
    {
        final long[] state = byKey.get(key);
        if (state == null)
        {
            byKey.put(key, new long[] {nowMs, 0});
            return 0;
        }
        if (nowMs - state[0] < intervalMs)
        {
            state[1]++;
            return -1;
        }
        final long suppressed = state[1];
        state[0] = nowMs;
        state[1] = 0;
        return suppressed;
    }
}
