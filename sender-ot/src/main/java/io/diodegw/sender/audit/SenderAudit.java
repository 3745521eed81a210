package io.diodegw.sender.audit;

import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Logger;

import io.diodegw.config.Config;
import io.diodegw.config.ConfigDigest;
import io.diodegw.config.LinkFingerprint;
import io.diodegw.config.SoftwareVersion;
import io.diodegw.wire.record.AuditEvent;
import io.diodegw.wire.record.AuditEvent.Category;
import io.diodegw.wire.record.AuditEvent.Result;
import io.diodegw.wire.record.SourceState;

/**
 * The sender's audit trail: turns security-relevant events into AUDIT_EVENT records handed to an {@link AuditTarget}
 * (the OT journal), so they travel in band with the data (stream sequence, FEC, AEAD, gap accounting) and reach the
 * receiver's audit log and sinks.
 *
 * <p>Records: {@code type} names the event, {@code source} the component ({@code sender}, {@code replicator},
 * {@code journal}, {@code opcua/<sourceId>}), {@code message} is a sentence-free list of {@code key=value} pairs
 * separated by spaces (values without spaces, or last, as {@code reason=...}). Types:
 * <ul>
 *   <li>{@code sender.start} (configuration): {@code version}, {@code configSha256} ({@link ConfigDigest}: whole
 *   configuration, secrets as placeholders, never a key file's contents), {@code linkFingerprint},
 *   {@code senderEpoch}, {@code keyId} of the first session key;</li>
 *   <li>{@code sender.stop} (operation);</li>
 *   <li>{@code session-key.rotated} (security): {@code senderEpoch}, {@code keyId};</li>
 *   <li>{@code source.connected}, {@code source.degraded}, {@code source.disconnected} (operation; disconnected is
 *   a failure): {@code source}, {@code reason}; at most one per source and type per throttle interval (the
 *   collector's reconnect back-off), the next one carrying {@code suppressed=n};</li>
 *   <li>{@code journal.quota-blocked} (failure) and {@code journal.quota-unblocked} (operation);</li>
 *   <li>{@code replicator.position-save-failed} (failure): {@code failures} since the last such record,
 *   {@code reason}; at most one per minute.</li>
 * </ul>
 * Event ids are the start time in ms shifted left by 20 bits plus a counter: unique per sender run and increasing
 * across restarts.
 *
 * <p>Thread-safe: every method may be called from any thread and never blocks; a record the target refuses is
 * counted by the target. The monitor ({@link #startMonitor}) runs on its own daemon thread.
 */
public final class SenderAudit implements AutoCloseable
{
    /** Polling period of the monitor (journal quota, position-save failures), ms. */
    public static final long MONITOR_INTERVAL_MS = 1_000;
    /** Least time between two position-save failure records, ms. */
    public static final long POSITION_FAILURE_INTERVAL_MS = 60_000;
    private static final Logger LOG = Logger.getLogger(SenderAudit.class.getName());
    private static final int EVENT_ID_COUNTER_BITS = 20;
    private static final long UNIX_EPOCH_TICKS = 116_444_736_000_000_000L;
    private static final long TICKS_PER_MS = 10_000L;

    private final AuditTarget target;
    private final LongSupplier wallClockMs;
    private final EventThrottle sourceThrottle;
    private final EventThrottle failureThrottle = new EventThrottle(POSITION_FAILURE_INTERVAL_MS);
    private final AtomicLong nextEventId;
    private final AtomicLong emitted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private ScheduledExecutorService monitor;
    private boolean quotaBlocked;
    private long positionFailuresSeen;
    private long positionFailuresUnreported;

    /**
     * @param target              where records go; must not block.
     * @param wallClockMs         wall clock, ms since 1970-01-01T00:00Z.
     * @param sourceThrottleMs    least time between two records of one source and type (the reconnect back-off).
     */
    public SenderAudit(final AuditTarget target, final LongSupplier wallClockMs, final long sourceThrottleMs)
    {
        this.target = Objects.requireNonNull(target, "target");
        this.wallClockMs = wallClockMs;
        this.sourceThrottle = new EventThrottle(sourceThrottleMs);
        this.nextEventId = new AtomicLong(wallClockMs.getAsLong() << EVENT_ID_COUNTER_BITS);
    }

    /**
     * Records the start: version, configuration hash, link fingerprint, epoch and first key id.
     */
    public void senderStarted(final Config config, final long linkFingerprint, final long senderEpoch)
    {
        emit(Category.CONFIGURATION, Result.SUCCESS, "sender.start", "sender",
            "version=" + SoftwareVersion.version() + " configSha256=" + ConfigDigest.sha256Hex(config) +
            " linkFingerprint=" + LinkFingerprint.toHex(linkFingerprint) + " senderEpoch=" +
            Long.toUnsignedString(senderEpoch) + " keyId=1");
    }

    /** Records an orderly stop; call before the journal closes. */
    public void senderStopped()
    {
        emit(Category.OPERATION, Result.SUCCESS, "sender.stop", "sender", "reason=orderly stop");
    }

    /**
     * Records a session key switch. Called on the replicator's thread, once per rotation: allocates the record and
     * hands it over without blocking.
     */
    public void keyRotated(final long senderEpoch, final int keyId)
    {
        emit(Category.SECURITY, Result.SUCCESS, "session-key.rotated", "replicator",
            "senderEpoch=" + Long.toUnsignedString(senderEpoch) + " keyId=" + Integer.toUnsignedString(keyId));
    }

    /**
     * Records a source state change (connected, degraded, disconnected with the reason), throttled per source and
     * state.
     *
     * @return false if it was held back by the throttle.
     */
    public boolean sourceState(final SourceState state)
    {
        final String type = switch (state.state())
        {
            case CONNECTED -> "source.connected";
            case DEGRADED -> "source.degraded";
            default -> "source.disconnected";
        };
        final String source = "opcua/" + Integer.toUnsignedString(state.sourceId());
        final long suppressed = sourceThrottle.admit(type + '/' + source, wallClockMs.getAsLong());
        if (suppressed < 0)
        {
            return false;
        }
        emit(Category.OPERATION, "source.disconnected".equals(type) ? Result.FAILURE : Result.SUCCESS, type, source,
            "source=" + Integer.toUnsignedString(state.sourceId()) + (suppressed > 0 ? " suppressed=" + suppressed : "") +
            " reason=" + state.reason());
        return true;
    }

    /** Records the journal quota becoming full (tag values conflated) or having room again. */
    public void quotaChanged(final boolean blocked, final long usedBytes, final long quotaBytes)
    {
        emit(Category.OPERATION, blocked ? Result.FAILURE : Result.SUCCESS,
            blocked ? "journal.quota-blocked" : "journal.quota-unblocked", "journal",
            "usedBytes=" + usedBytes + " quotaBytes=" + quotaBytes);
    }

    /**
     * Records failed position writes, at most one record per {@link #POSITION_FAILURE_INTERVAL_MS}; failures held
     * back are added to the next record.
     *
     * @param newFailures failures since the previous call.
     * @param reason      the last failure's message.
     */
    public synchronized void positionSaveFailed(final long newFailures, final String reason)
    {
        positionFailuresUnreported += newFailures;
        if (positionFailuresUnreported == 0 || failureThrottle.admit("position", wallClockMs.getAsLong()) < 0)
        {
            return;
        }
        emit(Category.OPERATION, Result.FAILURE, "replicator.position-save-failed", "replicator",
            "failures=" + positionFailuresUnreported + " reason=" + reason);
        positionFailuresUnreported = 0;
    }

    /**
     * Starts polling the journal quota and the position-save failures every {@link #MONITOR_INTERVAL_MS} on a
     * daemon thread; {@link #close()} stops it. Call once.
     *
     * @param quotaBlocked      whether the journal quota is blocked.
     * @param usedBytes         the journal's size.
     * @param quotaBytes        the journal's quota.
     * @param positionFailures  the replicator's failed position writes so far.
     * @param lastPositionError the last failure's message.
     */
    public synchronized void startMonitor(final BooleanSupplier quotaBlocked, final LongSupplier usedBytes,
        final long quotaBytes, final LongSupplier positionFailures, final Supplier<String> lastPositionError)
    {
        if (monitor != null)
        {
            throw new IllegalStateException("monitor already started");
        }
        final ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r ->
        {
            final Thread t = new Thread(r, "sender-audit");
            t.setDaemon(true);
            return t;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        monitor = executor;
        executor.scheduleWithFixedDelay(() ->
        {
            try
            {
                poll(quotaBlocked.getAsBoolean(), usedBytes.getAsLong(), quotaBytes, positionFailures.getAsLong(),
                    lastPositionError.get());
            }
            catch (final RuntimeException ex)
            {
                LOG.warning("audit monitor: " + ex);
            }
        }, MONITOR_INTERVAL_MS, MONITOR_INTERVAL_MS, TimeUnit.MILLISECONDS);
    }

    /** One monitor pass; package-private for tests. */
    synchronized void poll(final boolean blocked, final long usedBytes, final long quotaBytes,
        final long positionFailures, final String lastPositionError)
    {
        if (blocked != quotaBlocked)
        {
            quotaBlocked = blocked;
            quotaChanged(blocked, usedBytes, quotaBytes);
        }
        final long newFailures = positionFailures - positionFailuresSeen;
        positionFailuresSeen = positionFailures;
        positionSaveFailed(Math.max(0, newFailures), lastPositionError);
    }

    /** @return records handed to the target. */
    public long emitted()
    {
        return emitted.get();
    }

    /** @return records the target refused. */
    public long refused()
    {
        return refused.get();
    }

    /** Stops the monitor; idempotent. */
    @Override
    public synchronized void close()
    {
        if (monitor != null)
        {
            monitor.shutdownNow();
        }
    }

    private void emit(final Category category, final Result result, final String type, final String source,
        final String message)
    {
        final AuditEvent event = new AuditEvent()
            .timeTicks(UNIX_EPOCH_TICKS + wallClockMs.getAsLong() * TICKS_PER_MS)
            .eventId(nextEventId.getAndIncrement())
            .category(category).result(result).type(type).source(source).message(message);
        if (target.append(event))
        {
            emitted.incrementAndGet();
        }
        else
        {
            refused.incrementAndGet();
        }
    }
}
