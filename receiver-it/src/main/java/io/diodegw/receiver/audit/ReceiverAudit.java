package io.diodegw.receiver.audit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

import io.diodegw.config.Config;
import io.diodegw.config.ConfigDigest;
import io.diodegw.config.SoftwareVersion;
import io.diodegw.receiver.journal.AppliedRecords;
import io.diodegw.receiver.journal.GapReport;
import io.diodegw.receiver.journal.RecordJsonDecoder;
import io.diodegw.receiver.link.LinkCounter;
import io.diodegw.receiver.link.LinkCounters;
import io.diodegw.receiver.link.LinkEvents;
import io.diodegw.wire.crypto.KeyIds;
import io.diodegw.wire.record.AuditEvent;
import io.diodegw.wire.record.RecordType;

/**
 * What the receiver writes to its {@link AuditLog}:
 * <ul>
 *   <li>{@code receiver.start} (version, {@code configSha256} of {@link ConfigDigest}) and {@code receiver.stop};</li>
 *   <li>{@code session-key.installed} (sender epoch, key id, fingerprint of the sender identity key that signed it)
 *   and {@code sender.epoch} (previous and new epoch), as {@link LinkEvents} from the receive agent;</li>
 *   <li>{@code link.refusals}: per {@code receiver.audit.counterIntervalMs}, when any moved, the increase of every
 *   refusal counter by reason (datagrams refused by the opener, authentication failures among them, announcements
 *   refused, rate-limited, foreign link, geometry); {@code sender.revoked-key-announcements} when announcements
 *   signed by a revoked key arrived; {@code stream.restart} when the sender's journal started again;
 *   {@code gaps} with gaps opened, closed and abandoned in the interval;</li>
 *   <li>every AUDIT_EVENT record of the stream, as origin {@code OT} with its stream sequence, sender epoch, event
 *   id and OT time ({@link #tap}).</li>
 * </ul>
 *
 * <p>No method does I/O or blocks: entries go to the log's bounded queue (dropped and counted when full). The link
 * event and tap methods run on the receive agent's thread, allocate only for the rare events they report, and cost
 * one comparison per ordinary record. Counter summaries are computed on the monitor's own thread from
 * {@link LinkCounters} (lock-free reads).
 */
public final class ReceiverAudit implements LinkEvents, AutoCloseable
{
    private static final Logger LOG = Logger.getLogger(ReceiverAudit.class.getName());
    private static final String LINK = "link";

    private final AuditLog log;
    private final LongSupplier wallClockMs;
    private final LongAdder gapsOpened = new LongAdder();
    private final LongAdder gapsClosed = new LongAdder();
    private final LongAdder gapsAbandoned = new LongAdder();
    private final LongAdder sequencesLost = new LongAdder();
    private final LongAdder otRecords = new LongAdder();
    private final LongAdder otMalformed = new LongAdder();
    private final Map<String, Long> lastCounts = new LinkedHashMap<>();
    private ScheduledThreadPoolExecutor monitor;

    /**
     * @param log         where entries go.
     * @param wallClockMs wall clock, ms since 1970-01-01T00:00Z.
     */
    public ReceiverAudit(final AuditLog log, final LongSupplier wallClockMs)
    {
        this.log = log;
        this.wallClockMs = wallClockMs;
    }

    /** Records the start with the version and configuration hash. */
    public void receiverStarted(final Config config)
    {
        final Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("version", SoftwareVersion.version());
        fields.put("configSha256", ConfigDigest.sha256Hex(config));
        it("configuration", "success", "receiver.start", "receiver", null, fields);
    }

    /** Records an orderly stop. */
    public void receiverStopped()
    {
        it("operation", "success", "receiver.stop", "receiver", null, null);
    }

    @Override
    public void onKeyInstalled(final long senderEpoch, final int keyId, final long senderKeyId)
    {
        final Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("senderEpoch", Long.toUnsignedString(senderEpoch));
        fields.put("keyId", Integer.toUnsignedLong(keyId));
        fields.put("senderKey", senderKeyId == 0 ? "unknown" : KeyIds.toFingerprint(senderKeyId));
        it("security", "success", "session-key.installed", LINK, null, fields);
    }

    @Override
    public void onSenderEpoch(final long previousEpoch, final long newEpoch)
    {
        final Map<String, Object> fields = new LinkedHashMap<>();
        if (previousEpoch != 0)
        {
            fields.put("previousEpoch", Long.toUnsignedString(previousEpoch));
        }
        fields.put("senderEpoch", Long.toUnsignedString(newEpoch));
        it("operation", "success", "sender.epoch", LINK,
            previousEpoch == 0 ? "sender epoch joined" : "sender restarted", fields);
    }

    /**
     * @param next where records go on (the IT journal).
     * @return a pass-through that also logs every AUDIT_EVENT record as origin OT and counts gap reports.
     */
    public AppliedRecords tap(final AppliedRecords next)
    {
        return new Tap(next);
    }

    /**
     * Starts summing up the counters every {@code intervalMs} on a daemon thread; {@link #close()} stops it.
     */
    public synchronized void startMonitor(final LinkCounters counters, final long intervalMs)
    {
        if (monitor != null)
        {
            throw new IllegalStateException("monitor already started");
        }
        monitor = new ScheduledThreadPoolExecutor(1, r ->
        {
            final Thread t = new Thread(r, "receiver-audit");
            t.setDaemon(true);
            return t;
        });
        monitor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        monitor.scheduleWithFixedDelay(() ->
        {
            try
            {
                summarize(counters);
            }
            catch (final RuntimeException ex)
            {
                LOG.warning("audit monitor: " + ex);
            }
        }, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
    }

    /**
     * Writes the entries for counters that moved since the previous call (the first call: since the counters were
     * created, at the agent's start). Package-private for tests; the monitor calls it.
     */
    synchronized void summarize(final LinkCounters counters)
    {
        final Map<String, Object> refusals = new LinkedHashMap<>();
        for (final Map.Entry<String, Long> e : counters.openRejectionsByReason().entrySet())
        {
            delta(refusals, "datagram." + e.getKey(), e.getValue());
        }
        long revoked = 0;
        for (final Map.Entry<String, Long> e : counters.announcementRejectionsByReason().entrySet())
        {
            final long d = delta(refusals, "announcement." + e.getKey(), e.getValue());
            if (e.getKey().contains("REVOKED"))
            {
                revoked += d;
            }
        }
        for (final LinkCounter c : new LinkCounter[] {LinkCounter.ANNOUNCEMENTS_RATE_LIMITED, LinkCounter.FOREIGN_LINK,
            LinkCounter.GEOMETRY_MISMATCHES, LinkCounter.IMPLAUSIBLE_BLOCK_SEQUENCES, LinkCounter.HEARTBEAT_MISMATCHES})
        {
            delta(refusals, c.label(), counters.get(c));
        }
        final long authFailures = deltaOf("authFailures", counters.authFailures());
        final long restarts = deltaOf(LinkCounter.STREAM_RESTARTS.label(), counters.get(LinkCounter.STREAM_RESTARTS));
        if (!refusals.isEmpty())
        {
            final Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("authFailures", authFailures);
            fields.put("byReason", refusals);
            it("security", "failure", "link.refusals", LINK, "refused input in the last interval", fields);
        }
        if (revoked > 0)
        {
            it("security", "failure", "sender.revoked-key-announcements", LINK,
                "announcements signed by a revoked sender key arrived: its holder is still sending",
                Map.of("announcements", revoked));
        }
        if (restarts > 0)
        {
            it("operation", "failure", "stream.restart", LINK,
                "the sender's journal started again below the sequence held", Map.of("restarts", restarts));
        }
        final long opened = gapsOpened.sumThenReset();
        final long closed = gapsClosed.sumThenReset();
        final long abandoned = gapsAbandoned.sumThenReset();
        final long lost = sequencesLost.sumThenReset();
        if (opened + closed + abandoned > 0)
        {
            final Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("opened", opened);
            fields.put("openedSequences", lost);
            fields.put("closed", closed);
            fields.put("abandoned", abandoned);
            it("data", abandoned > 0 || opened > closed ? "failure" : "success", "gaps", LINK,
                "gaps in the last interval", fields);
        }
    }

    /** @return AUDIT_EVENT records seen in the stream. */
    public long otRecords()
    {
        return otRecords.sum();
    }

    /** @return AUDIT_EVENT records that could not be decoded (logged with their sequence, as malformed). */
    public long otMalformed()
    {
        return otMalformed.sum();
    }

    /** Stops the monitor; the log is closed by its owner. Idempotent. */
    @Override
    public synchronized void close()
    {
        if (monitor != null)
        {
            monitor.shutdownNow();
        }
    }

    private long delta(final Map<String, Object> out, final String key, final long value)
    {
        final long d = deltaOf(key, value);
        if (d > 0)
        {
            out.put(key, d);
        }
        return d;
    }

    private long deltaOf(final String key, final long value)
    {
        final Long previous = lastCounts.put(key, value);
        return previous == null ? value : value - previous;
    }

    private void it(final String category, final String result, final String type, final String source,
        final String message, final Map<String, Object> fields)
    {
        log.offer(new AuditEntry(wallClockMs.getAsLong(), AuditEntry.IT, category, result, type, source, message,
            fields));
    }

    private void onAuditRecord(final long streamSequence, final long senderEpoch, final byte[] buffer,
        final int offset, final int length)
    {
        otRecords.increment();
        final AuditEvent event = new AuditEvent();
        final Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("streamSequence", streamSequence);
        fields.put("senderEpoch", Long.toUnsignedString(senderEpoch));
        if (!event.readFrom(buffer, offset, length))
        {
            otMalformed.increment();
            log.offer(new AuditEntry(wallClockMs.getAsLong(), AuditEntry.OT, "data", "failure", "malformed",
                "stream", "an AUDIT_EVENT record that cannot be decoded", fields));
            return;
        }
        fields.put("eventId", Long.toUnsignedString(event.eventId()));
        fields.put("otTime", RecordJsonDecoder.formatTicks(event.timeTicks()));
        log.offer(new AuditEntry(wallClockMs.getAsLong(), AuditEntry.OT,
            event.category().name().toLowerCase(java.util.Locale.ROOT),
            event.result().name().toLowerCase(java.util.Locale.ROOT), event.type(), event.source(), event.message(),
            fields));
    }

    private void onGap(final GapReport report)
    {
        switch (report.state())
        {
            case OPEN ->
            {
                gapsOpened.increment();
                sequencesLost.add(report.sequences());
            }
            case CLOSED -> gapsClosed.increment();
            default -> gapsAbandoned.increment();
        }
    }

    /** The pass-through of {@link #tap}. */
    private final class Tap implements AppliedRecords
    {
        private final AppliedRecords next;

        Tap(final AppliedRecords next)
        {
            this.next = next;
        }

        @Override
        public void record(final RecordType type, final long streamSequence, final long senderEpoch,
            final byte[] buffer, final int bodyOffset, final int bodyLength)
        {
            if (type == RecordType.AUDIT_EVENT)
            {
                onAuditRecord(streamSequence, senderEpoch, buffer, bodyOffset, bodyLength);
            }
            if (next != null)
            {
                next.record(type, streamSequence, senderEpoch, buffer, bodyOffset, bodyLength);
            }
        }

        @Override
        public void gap(final long senderEpoch, final long fromSequence, final long toSequence)
        {
            if (next != null)
            {
                next.gap(senderEpoch, fromSequence, toSequence);
            }
        }

        @Override
        public void gap(final GapReport report)
        {
            onGap(report);
            if (next != null)
            {
                next.gap(report);
            }
        }
    }
}
