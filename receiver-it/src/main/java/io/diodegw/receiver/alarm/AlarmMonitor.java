package io.diodegw.receiver.alarm;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import com.fasterxml.jackson.core.JsonGenerator;

import io.diodegw.receiver.table.OpcUaTime;

/**
 * Compares what the receiver measures with the alarm thresholds ({@link AlarmSettings}) every
 * {@code checkIntervalMs} on its own daemon thread, and raises and clears alarms:
 * <ul>
 *   <li>{@link AlarmKind#LAG} per source: the larger of its p99 lag over the last minute and the time since the
 *   sender was last heard (a stopped sender means the mirror is at least that far behind);</li>
 *   <li>{@link AlarmKind#BACKLOG_AGE}: the oldest unsent record's age from the sender's latest status;</li>
 *   <li>{@link AlarmKind#STALE_TAGS} per source: tags served Uncertain or Bad;</li>
 *   <li>{@link AlarmKind#UNRECOVERABLE_BLOCKS}: blocks lost beyond repair within {@code windowMs};</li>
 *   <li>{@link AlarmKind#SINK_LAG} per sink: how long the oldest journal entry it has not committed has been in the
 *   journal ({@link JournalHeadTimes}).</li>
 * </ul>
 * An alarm is raised at the first check whose value is at or above the threshold, and cleared once the value has
 * stayed below it for {@code clearAfterMs} (a subject that disappears counts as below), so a value hovering around
 * the threshold does not flap. A threshold of 0 turns its kind off. Each raise and clear is one {@link AlarmEvent}:
 * logged once (WARNING raised, INFO cleared), counted per kind, kept among the last {@value #RECENT_EVENTS}, and given
 * to every {@link AlarmListener} (audit log, webhook) on the monitor's thread.
 *
 * <p>Threads: {@link #check(long)} runs on the monitor's thread (or a test's, never both); the getters and
 * {@link #writeStatus} are safe from any thread and read published, immutable views.
 */
public final class AlarmMonitor implements AutoCloseable
{
    /** Events kept for {@link #recent()} and {@code /api/status}. */
    public static final int RECENT_EVENTS = 50;
    private static final System.Logger LOG = System.getLogger(AlarmMonitor.class.getName());
    private static final int KINDS = AlarmKind.values().length;

    /**
     * An alarm that is raised now.
     *
     * @param kind      what it watches.
     * @param subject   what it is about.
     * @param value     the value at the latest check.
     * @param threshold its threshold.
     * @param sinceMs   when it was raised, ms since 1970.
     * @param message   the message it was raised with.
     */
    public record ActiveAlarm(AlarmKind kind, String subject, long value, long threshold, long sinceMs,
        String message)
    {
    }

    private final AlarmSettings settings;
    private final AlarmInputs inputs;
    private final LongSupplier wallClockMs;
    private final List<AlarmListener> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, Track> tracks = new LinkedHashMap<>();
    private final CounterWindow unrecoverable;
    private final JournalHeadTimes journalHead = new JournalHeadTimes();
    private final AtomicLongArray raised = new AtomicLongArray(KINDS);
    private final AtomicLongArray cleared = new AtomicLongArray(KINDS);
    private final LongAdder checks = new LongAdder();
    private final LongAdder checkFailures = new LongAdder();
    private final LongAdder listenerFailures = new LongAdder();
    private final ArrayList<AlarmEvent> recentEvents = new ArrayList<>();
    private volatile List<ActiveAlarm> activeView = List.of();
    private volatile List<AlarmEvent> recentView = List.of();
    private long round;
    private ScheduledThreadPoolExecutor executor;

    /**
     * @param settings    thresholds and timing.
     * @param inputs      what to measure.
     * @param wallClockMs the clock, ms since 1970-01-01T00:00Z.
     */
    public AlarmMonitor(final AlarmSettings settings, final AlarmInputs inputs, final LongSupplier wallClockMs)
    {
        this.settings = settings;
        this.inputs = inputs;
        this.wallClockMs = wallClockMs;
        this.unrecoverable = new CounterWindow(settings.windowMs());
    }

    /**
     * Adds a listener for every later event; any thread.
     *
     * @param listener called on the monitor's thread; must not block.
     */
    public void addListener(final AlarmListener listener)
    {
        listeners.add(listener);
    }

    /**
     * Starts checking every {@link AlarmSettings#checkIntervalMs()} on a daemon thread named {@code receiver-alarms};
     * {@link #close()} stops it. A check that fails is counted and logged, and the next one runs as usual.
     *
     * @throws IllegalStateException if started already.
     */
    public synchronized void start()
    {
        if (executor != null)
        {
            throw new IllegalStateException("alarm monitor started already");
        }
        executor = new ScheduledThreadPoolExecutor(1, r ->
        {
            final Thread t = new Thread(r, "receiver-alarms");
            t.setDaemon(true);
            return t;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.scheduleWithFixedDelay(this::checkNow, settings.checkIntervalMs(), settings.checkIntervalMs(),
            TimeUnit.MILLISECONDS);
    }

    /** Stops the checks; idempotent. Active alarms stay as they are. */
    @Override
    public synchronized void close()
    {
        if (executor != null)
        {
            executor.shutdownNow();
        }
    }

    private void checkNow()
    {
        try
        {
            check(wallClockMs.getAsLong());
        }
        catch (final RuntimeException ex)
        {
            checkFailures.increment();
            LOG.log(Level.WARNING, "alarm check failed; the next one runs as usual: " + ex, ex);
        }
    }

    /**
     * Measures everything once and raises or clears alarms; the monitor's thread calls it, tests call it with their
     * own clock. Not for concurrent use.
     *
     * @param nowMs the time of the check, ms since 1970; not decreasing between calls.
     */
    public void check(final long nowMs)
    {
        round++;
        checks.increment();
        final boolean lagOn = settings.lagMs() > 0;
        final boolean staleOn = settings.staleTags() > 0;
        if (lagOn || staleOn)
        {
            final long lastHeardMs = inputs.lastHeardMs();
            final long silentMs = lastHeardMs < 0 ? -1 : Math.max(0, nowMs - lastHeardMs);
            for (final AlarmInputs.SourceReading source : inputs.sources(nowMs, staleOn))
            {
                final String subject = "source " + Integer.toUnsignedString(source.sourceId());
                if (lagOn)
                {
                    measure(nowMs, AlarmKind.LAG, subject, Math.max(source.p99LagMs(), silentMs));
                }
                if (staleOn)
                {
                    measure(nowMs, AlarmKind.STALE_TAGS, subject, source.staleTags());
                }
            }
        }
        if (settings.backlogAgeMs() > 0)
        {
            final long ageMs = inputs.oldestUnsentAgeMs();
            if (ageMs >= 0)
            {
                measure(nowMs, AlarmKind.BACKLOG_AGE, "sender", ageMs);
            }
        }
        if (settings.unrecoverableBlocks() > 0)
        {
            measure(nowMs, AlarmKind.UNRECOVERABLE_BLOCKS, "link",
                unrecoverable.observe(nowMs, inputs.unrecoverableBlocks()));
        }
        if (settings.sinkLagMs() > 0)
        {
            journalHead.observe(nowMs, inputs.journalHeadSequence());
            long minCommitted = Long.MAX_VALUE;
            for (final AlarmInputs.SinkReading sink : inputs.sinks())
            {
                measure(nowMs, AlarmKind.SINK_LAG, "sink " + sink.name(),
                    journalHead.lagMs(sink.committedSequence(), nowMs));
                minCommitted = Math.min(minCommitted, sink.committedSequence());
            }
            journalHead.forgetUpTo(minCommitted);
        }
        final List<Track> unseen = new ArrayList<>();
        for (final Track track : tracks.values())
        {
            if (track.round != round)
            {
                unseen.add(track);
            }
        }
        for (final Track track : unseen)
        {
            measure(nowMs, track.kind, track.subject, 0);
        }
        final List<ActiveAlarm> active = new ArrayList<>(tracks.size());
        for (final Track track : tracks.values())
        {
            active.add(new ActiveAlarm(track.kind, track.subject, track.value, track.threshold, track.sinceMs,
                track.message));
        }
        activeView = List.copyOf(active);
    }

    private void measure(final long nowMs, final AlarmKind kind, final String subject, final long value)
    {
        final long threshold = settings.threshold(kind);
        final String key = kind.label() + '\u0000' + subject;
        final Track track = tracks.get(key);
        if (track == null)
        {
            if (value >= threshold)
            {
                final Track raisedTrack = new Track(kind, subject, threshold, nowMs,
                    raisedMessage(kind, subject, value, threshold));
                raisedTrack.value = value;
                raisedTrack.round = round;
                tracks.put(key, raisedTrack);
                raised.incrementAndGet(kind.ordinal());
                emit(new AlarmEvent(AlarmEvent.Type.RAISED, kind, subject, value, threshold, nowMs,
                    raisedTrack.message));
            }
            return;
        }
        track.round = round;
        track.value = value;
        if (value >= threshold)
        {
            track.belowSinceMs = -1;
            return;
        }
        if (track.belowSinceMs < 0)
        {
            track.belowSinceMs = nowMs;
        }
        if (nowMs - track.belowSinceMs >= settings.clearAfterMs())
        {
            tracks.remove(key);
            cleared.incrementAndGet(kind.ordinal());
            emit(new AlarmEvent(AlarmEvent.Type.CLEARED, kind, subject, value, threshold, nowMs,
                clearedMessage(kind, subject, value, threshold, nowMs - track.belowSinceMs)));
        }
    }

    private void emit(final AlarmEvent event)
    {
        final String line = "alarm " + event.type() + " " + event.kind().label() + " " + event.subject() + ": value "
            + event.value() + " " + event.kind().unit() + ", threshold " + event.threshold() + " " + event.kind().unit()
            + ": " + event.message();
        LOG.log(event.type() == AlarmEvent.Type.RAISED ? Level.WARNING : Level.INFO, line);
        recentEvents.add(0, event);
        if (recentEvents.size() > RECENT_EVENTS)
        {
            recentEvents.remove(recentEvents.size() - 1);
        }
        recentView = List.copyOf(recentEvents);
        for (final AlarmListener listener : listeners)
        {
            try
            {
                listener.onAlarm(event);
            }
            catch (final RuntimeException ex)
            {
                listenerFailures.increment();
                LOG.log(Level.WARNING, "alarm listener " + listener + " failed on " + event.kind().label() + " "
                    + event.subject() + ": " + ex, ex);
            }
        }
    }

    private String raisedMessage(final AlarmKind kind, final String subject, final long value, final long threshold)
    {
        return switch (kind)
        {
            case LAG -> subject + " is " + value + " ms behind the plant (threshold " + threshold + " ms), the larger "
                + "of its p99 lag over the last minute and the time since the sender was last heard; look at "
                + "link.sinceHeardMs in /api/status (sender stopped, link or diode down?), then at the source's state "
                + "and the sender's backlog";
            case BACKLOG_AGE -> "the oldest record the sender has not sent yet is " + value + " ms old (threshold "
                + threshold + " ms): the OT side collects faster than the link carries or cannot send; look at the "
                + "sender section of /api/status (backlogRecords, output rate) and at link.rateBitsPerSec";
            case STALE_TAGS -> value + " tags of " + subject + " are served stale, Uncertain or Bad (threshold "
                + threshold + "): the source stopped communicating or the link went silent; look at the source's "
                + "state and reason and at link.silent in /api/status, then at the sender's OPC UA connection";
            case UNRECOVERABLE_BLOCKS -> value + " FEC blocks were lost beyond repair in the last "
                + settings.windowMs() + " ms (threshold " + threshold + "): loss on the link exceeded the repair "
                + "symbols, so records are missing until a snapshot or re-send fills the gaps; look at the link "
                + "counters and open gaps in /api/status, the diode's cabling and link.fec.repairSymbols";
            case SINK_LAG -> subject + " has left journal entries undelivered for " + value + " ms (threshold "
                + threshold + " ms): its destination refuses or is slow; look at the sink's errors and lastError in "
                + "/api/status and at the destination";
        };
    }

    private static String clearedMessage(final AlarmKind kind, final String subject, final long value,
        final long threshold, final long belowMs)
    {
        return kind.label() + " of " + subject + " is back to normal: " + value + " " + kind.unit() + ", below the "
            + "threshold " + threshold + " " + kind.unit() + " for " + belowMs + " ms";
    }

    /** @return the alarms raised now, in the order they were raised; any thread. */
    public List<ActiveAlarm> active()
    {
        return activeView;
    }

    /** @return the last {@value #RECENT_EVENTS} events, newest first; any thread. */
    public List<AlarmEvent> recent()
    {
        return recentView;
    }

    /** @return alarms raised since start, all kinds. */
    public long raised()
    {
        long sum = 0;
        for (int i = 0; i < KINDS; i++)
        {
            sum += raised.get(i);
        }
        return sum;
    }

    /** @return alarms cleared since start, all kinds. */
    public long cleared()
    {
        long sum = 0;
        for (int i = 0; i < KINDS; i++)
        {
            sum += cleared.get(i);
        }
        return sum;
    }

    /** @return alarms of that kind raised since start. */
    public long raised(final AlarmKind kind)
    {
        return raised.get(kind.ordinal());
    }

    /** @return alarms of that kind cleared since start. */
    public long cleared(final AlarmKind kind)
    {
        return cleared.get(kind.ordinal());
    }

    /** @return alarms of that kind raised now. */
    public int activeCount(final AlarmKind kind)
    {
        int n = 0;
        for (final ActiveAlarm alarm : activeView)
        {
            if (alarm.kind() == kind)
            {
                n++;
            }
        }
        return n;
    }

    /** @return checks run. */
    public long checks()
    {
        return checks.sum();
    }

    /** @return checks that threw (logged; the monitor went on). */
    public long checkFailures()
    {
        return checkFailures.sum();
    }

    /** @return listener calls that threw (logged; the other listeners still ran). */
    public long listenerFailures()
    {
        return listenerFailures.sum();
    }

    /**
     * Writes {@code "alarms":{"active":[...],"raised":N,"cleared":N,"recent":[...]}}: each active alarm with kind,
     * subject, value, threshold, since (ISO-8601) and message; recent events newest first, each with event
     * ({@code RAISED} or {@code CLEARED}), kind, subject, value, threshold, time and message. Any thread.
     *
     * @param json a generator inside an object.
     * @throws IOException if the generator fails.
     */
    public void writeStatus(final JsonGenerator json) throws IOException
    {
        final List<ActiveAlarm> active = activeView;
        final List<AlarmEvent> recent = recentView;
        json.writeObjectFieldStart("alarms");
        json.writeArrayFieldStart("active");
        for (final ActiveAlarm alarm : active)
        {
            json.writeStartObject();
            json.writeStringField("kind", alarm.kind().label());
            json.writeStringField("subject", alarm.subject());
            json.writeNumberField("value", alarm.value());
            json.writeNumberField("threshold", alarm.threshold());
            json.writeStringField("since", OpcUaTime.unixMsToIso(alarm.sinceMs()));
            json.writeStringField("message", alarm.message());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeNumberField("raised", raised());
        json.writeNumberField("cleared", cleared());
        json.writeArrayFieldStart("recent");
        for (final AlarmEvent event : recent)
        {
            writeEvent(json, event);
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    /**
     * Writes one event as a JSON object: event, kind, subject, value, threshold, time (ISO-8601), message. The
     * webhook body has the same shape.
     *
     * @param json  a generator where a value may follow.
     * @param event the event.
     * @throws IOException if the generator fails.
     */
    public static void writeEvent(final JsonGenerator json, final AlarmEvent event) throws IOException
    {
        json.writeStartObject();
        json.writeStringField("event", event.type().name());
        json.writeStringField("kind", event.kind().label());
        json.writeStringField("subject", event.subject());
        json.writeNumberField("value", event.value());
        json.writeNumberField("threshold", event.threshold());
        json.writeStringField("time", OpcUaTime.unixMsToIso(event.timeMs()));
        json.writeStringField("message", event.message());
        json.writeEndObject();
    }

    /** One alarm that is raised: its state between checks. */
    private static final class Track
    {
        final AlarmKind kind;
        final String subject;
        final long threshold;
        final long sinceMs;
        final String message;
        long value;
        long belowSinceMs = -1;
        long round;

        Track(final AlarmKind kind, final String subject, final long threshold, final long sinceMs,
            final String message)
        {
            this.kind = kind;
            this.subject = subject;
            this.threshold = threshold;
            this.sinceMs = sinceMs;
            this.message = message;
        }
    }
}
