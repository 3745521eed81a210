package io.diodegw.receiver.alarm;

import java.lang.System.Logger.Level;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The bounded queue of events waiting for one destination, with that destination's counters. The monitor's thread
 * offers (never blocks: a full queue drops the event and counts it); the destination's consumer thread takes and
 * reports the outcome. Failures are logged at most once per {@value #FAILURE_LOG_INTERVAL_MS} ms, with how many
 * failed since the previous message. Thread-safe.
 */
final class AlarmQueue
{
    static final long FAILURE_LOG_INTERVAL_MS = 60_000;
    private static final System.Logger LOG = System.getLogger(AlarmQueue.class.getName());

    private final String name;
    private final ArrayBlockingQueue<AlarmEvent> queue;
    private final AtomicLong offered = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<String> lastFailure = new AtomicReference<>();
    private long failuresSinceLog;
    private long lastLogMs = Long.MIN_VALUE;

    AlarmQueue(final String name, final int capacity)
    {
        this.name = name;
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    String name()
    {
        return name;
    }

    /** @return false when the queue was full: the event is dropped and counted. */
    boolean offer(final AlarmEvent event)
    {
        if (queue.offer(event))
        {
            offered.incrementAndGet();
            return true;
        }
        dropped.incrementAndGet();
        return false;
    }

    /** @return the next event, or null when none waits. */
    AlarmEvent poll()
    {
        return queue.poll();
    }

    void onDelivered()
    {
        delivered.incrementAndGet();
        lastFailure.set(null);
    }

    void onFailed(final AlarmEvent event, final Throwable cause, final long nowMs)
    {
        failed.incrementAndGet();
        final String why = cause == null ? "unknown" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        lastFailure.set(why);
        final long suppressed;
        synchronized (this)
        {
            failuresSinceLog++;
            if (lastLogMs != Long.MIN_VALUE && nowMs - lastLogMs < FAILURE_LOG_INTERVAL_MS)
            {
                return;
            }
            lastLogMs = nowMs;
            suppressed = failuresSinceLog - 1;
            failuresSinceLog = 0;
        }
        LOG.log(Level.WARNING, "alarm " + name + ": could not deliver " + event.type() + " " + event.kind().label()
            + " " + event.subject() + " after retries: " + why
            + (suppressed > 0 ? " (" + suppressed + " more undelivered events since the last message)" : "")
            + "; further failures are logged at most once a minute and counted in /api/status alarmDelivery");
    }

    long offered()
    {
        return offered.get();
    }

    long dropped()
    {
        return dropped.get();
    }

    long delivered()
    {
        return delivered.get();
    }

    long failed()
    {
        return failed.get();
    }

    int waiting()
    {
        return queue.size();
    }

    String lastFailure()
    {
        return lastFailure.get();
    }
}
