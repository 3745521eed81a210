package io.diodegw.sender.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;

import io.diodegw.sender.audit.SenderAudit;
import io.diodegw.sender.journal.OtJournal;
import io.diodegw.sender.opcua.OpcUaCollectorCounters;
import io.diodegw.sender.replicator.Replicator;
import io.diodegw.wire.record.SourceState;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The sender's operator metrics (docs/metrics.md): a {@link PrometheusMeterRegistry} whose meters read the sender's
 * existing counters when scraped: the replicator (link out, pacing, keys, snapshots, the backlog of its latest
 * SENDER_STATUS), the OT journal, the conflated lane and history carousel, the OPC UA collector and its source, the
 * audit trail, JVM and process basics. Nothing is recorded on the value or datagram path.
 *
 * <p>Names start with {@code diodegw_}; durations and ages are in seconds, sizes in bytes, counters end in
 * {@code _total}. The sender opens no port for them: {@link MetricsFile} writes {@link #scrape()} to a file, and
 * {@link LoopbackMetricsServer} serves it on 127.0.0.1 only when asked to.
 *
 * <p>Threads: bind methods from the controlling thread before the first scrape; {@link #scrape()} from any thread
 * (serialized).
 */
public final class SenderMetrics implements AutoCloseable
{
    /** The content type of {@link #scrape()}: Prometheus text exposition format 0.0.4. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final double MS_PER_SECOND = 1000.0;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final LongSupplier clockMs;
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    private final List<ValueActivity> activities = new ArrayList<>();

    /**
     * Binds the replicator, the journal and the JVM and process basics.
     *
     * @param journal    the OT journal.
     * @param replicator the replicator agent.
     * @param clockMs    the wall clock, ms since 1970 (ages).
     */
    public SenderMetrics(final OtJournal journal, final Replicator replicator, final LongSupplier clockMs)
    {
        this.clockMs = clockMs;
        bindReplicator(replicator);
        bindJournal(journal);
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    /** @return the registry, for meters other parts of the sender add. */
    public PrometheusMeterRegistry registry()
    {
        return registry;
    }

    /**
     * Binds an OPC UA collector: tags discovered, values received, connects, errors by kind, and for its source
     * ({@code source} label) the connection state and the time since a value last arrived.
     *
     * @param counters the collector's counters.
     * @param sourceId the collector's source id.
     * @param states   where the collector's source states are noted ({@link SourceStates#tap}).
     */
    public void bindCollector(final OpcUaCollectorCounters counters, final int sourceId, final SourceStates states)
    {
        final Tags tags = Tags.of("source", Integer.toUnsignedString(sourceId));
        Gauge.builder("diodegw.opcua.tags.discovered", counters, OpcUaCollectorCounters::tagsDiscovered)
            .description("Tags the latest discovery found").tags(tags).register(registry);
        FunctionCounter.builder("diodegw.opcua.values.received", counters, OpcUaCollectorCounters::valuesReceived)
            .description("Data changes received and handed to the journal").tags(tags).register(registry);
        FunctionCounter.builder("diodegw.opcua.connects", counters, OpcUaCollectorCounters::connects)
            .description("OPC UA sessions established").tags(tags).register(registry);
        FunctionCounter.builder("diodegw.opcua.reconnects", counters, OpcUaCollectorCounters::reconnects)
            .description("Sessions established after a lost session or a failed attempt").tags(tags)
            .register(registry);
        for (final OpcUaCollectorCounters.ErrorKind kind : OpcUaCollectorCounters.ErrorKind.values())
        {
            FunctionCounter.builder("diodegw.opcua.errors", counters, c -> c.errors(kind))
                .description("Abnormal conditions of the OPC UA collector, by kind")
                .tags(tags.and("kind", kind.label().substring("opcua_".length()))).register(registry);
        }
        for (final SourceState.State state : SourceState.State.values())
        {
            Gauge.builder("diodegw.opcua.source.state", states, s -> s.state(sourceId) == state ? 1 : 0)
                .description("1 for the source's last reported connection state, 0 for the others")
                .tags(tags.and("state", state.name())).register(registry);
        }
        final ValueActivity activity = new ValueActivity(counters);
        activities.add(activity);
        Gauge.builder("diodegw.opcua.last.value.age.seconds", activity, a -> a.ageSeconds(clockMs.getAsLong()))
            .description("Time since the collector's value count last grew, seen at scrapes; NaN before a value")
            .tags(tags).register(registry);
    }

    /** Binds the audit trail: events emitted and refused (throttled, or the journal's queue full). */
    public void bindAudit(final SenderAudit audit)
    {
        FunctionCounter.builder("diodegw.audit.events", audit, SenderAudit::emitted)
            .description("Audit events handed to the journal").register(registry);
        FunctionCounter.builder("diodegw.audit.events.refused", audit, SenderAudit::refused)
            .description("Audit events the journal refused").register(registry);
    }

    /**
     * Notes value activity and writes every meter. Serialized; allocates (a reader path).
     *
     * @return the Prometheus text exposition (format 0.0.4, {@link #CONTENT_TYPE}).
     */
    public synchronized String scrape()
    {
        final long nowMs = clockMs.getAsLong();
        for (final ValueActivity activity : activities)
        {
            activity.observe(nowMs);
        }
        return registry.scrape();
    }

    /** Unbinds the GC listener and closes the registry; idempotent. */
    @Override
    public void close()
    {
        gcMetrics.close();
        registry.close();
    }

    private void bindReplicator(final Replicator r)
    {
        counter("diodegw.replicator.datagrams", "Datagrams written to the socket", r, Replicator::datagrams);
        counter("diodegw.replicator.wire.bytes", "Bytes on the wire: UDP payload plus 28 bytes of IPv4 and UDP headers",
            r, Replicator::wireBytes);
        counter("diodegw.replicator.pacing.waits", "Datagrams that waited for the pacer", r,
            Replicator::pacingWaits);
        counter("diodegw.replicator.blocks", "FEC blocks sent completely", r, Replicator::blocks);
        counter("diodegw.replicator.records", "Journal records packed into blocks", r, Replicator::records);
        counter("diodegw.replicator.heartbeats", "Heartbeats sent", r, Replicator::heartbeats);
        counter("diodegw.replicator.key.announcements", "Key announcements sent", r, Replicator::announcements);
        counter("diodegw.replicator.key.rotations", "Session keys replaced by a new one", r, Replicator::keyRotations);
        counter("diodegw.replicator.send.errors", "Datagrams the socket refused", r, Replicator::sendErrors);
        counter("diodegw.replicator.seal.failures", "Datagrams the sealer refused (lost)", r,
            Replicator::sealFailures);
        counter("diodegw.replicator.records.too.large", "Records that fit in no block, skipped", r,
            Replicator::recordsTooLarge);
        counter("diodegw.replicator.out.of.band.blocks", "Out-of-band blocks sent", r, Replicator::outOfBandBlocks);
        counter("diodegw.replicator.snapshot.blocks", "Out-of-band blocks carrying snapshot records", r,
            Replicator::snapshotBlocks);
        counter("diodegw.replicator.snapshots.started", "Snapshots started", r, Replicator::snapshotsStarted);
        counter("diodegw.replicator.snapshots.completed", "Snapshots written completely", r,
            Replicator::snapshotsCompleted);
        counter("diodegw.replicator.status.records", "SENDER_STATUS records sent", r, Replicator::statusRecords);
        counter("diodegw.replicator.position.save.failures", "Journal position writes that failed", r,
            Replicator::positionSaveFailures);
        gauge("diodegw.replicator.sent.sequence", "Stream sequence of the last record sent completely, -1 before",
            r, Replicator::sentSequence);
        gauge("diodegw.replicator.tags.tracked", "Tags known from the records sent (the snapshot carousel's table)", r,
            Replicator::tagsTracked);
        gauge("diodegw.replicator.failed", "1 once the replicator agent stopped on a failure, else 0", r,
            x -> x.failure() == null ? 0 : 1);
        gauge("diodegw.replicator.backlog.records", "Records journaled but not sent, as of the latest status report",
            r, Replicator::reportedBacklogRecords);
        gauge("diodegw.replicator.backlog.bytes", "Estimated bytes of that backlog, as of the latest status report",
            r, Replicator::reportedBacklogBytes);
        gauge("diodegw.replicator.oldest.unsent.age.seconds",
            "Age of the oldest unsent record, as of the latest status report", r,
            x -> x.reportedOldestUnsentAgeMs() / MS_PER_SECOND);
        if (r.conflatedLane() != null)
        {
            counter("diodegw.conflated.activations", "Times the backlog crossed sender.overload.* and the "
                + "conflated live lane started", r, x -> x.conflatedLane().activations());
            counter("diodegw.conflated.passes.completed", "Conflated live passes sent completely", r,
                x -> x.conflatedLane().passesCompleted());
            counter("diodegw.conflated.values.sent", "Values sent by conflated live passes", r,
                x -> x.conflatedLane().valuesSent());
            gauge("diodegw.conflated.active", "1 while the conflated live lane is active, else 0", r,
                x -> x.conflatedLane().isActive() ? 1 : 0);
        }
        if (r.history() != null)
        {
            counter("diodegw.history.passes.completed", "History carousel passes completed", r,
                x -> x.history().passesCompleted());
            counter("diodegw.history.records.resent", "History and file records re-sent out of band", r,
                x -> x.history().recordsResent());
            counter("diodegw.history.markers.written", "Resend markers written", r,
                x -> x.history().markersWritten());
        }
    }

    private void bindJournal(final OtJournal j)
    {
        gauge("diodegw.ot.journal.last.sequence", "Stream sequence of the newest journaled record, -1 when empty", j,
            OtJournal::lastSequence);
        gauge("diodegw.ot.journal.used.bytes", "Bytes of the journal's cycle files", j, OtJournal::usedBytes);
        gauge("diodegw.ot.journal.quota.bytes", "The journal's quota (sender.journal.quotaBytes)", j,
            x -> x.options().quotaBytes());
        gauge("diodegw.ot.journal.quota.blocked", "1 while values are conflated because the quota is full, else 0", j,
            x -> x.isQuotaBlocked() ? 1 : 0);
        gauge("diodegw.ot.journal.writer.failed", "1 once the journal's writer thread stopped on a failure, else 0", j,
            x -> x.writerFailure() == null ? 0 : 1);
        counter("diodegw.ot.journal.records.appended", "Records appended since start", j, OtJournal::recordsAppended);
        counter("diodegw.ot.journal.values.appended", "Tag values appended since start", j,
            OtJournal::valuesAppended);
        counter("diodegw.ot.journal.values.deferred", "Tag values deferred to the newest-per-tag store", j,
            OtJournal::valuesDeferred);
        counter("diodegw.ot.journal.values.superseded", "Deferred values replaced before being journaled (never sent)",
            j, OtJournal::valuesSuperseded);
        counter("diodegw.ot.journal.records.too.large", "Records refused because they fit in no FEC block", j,
            OtJournal::recordsTooLarge);
        counter("diodegw.ot.journal.cycles.deleted", "Journal cycle files deleted (retention or quota)", j,
            OtJournal::cyclesDeleted);
        counter("diodegw.ot.journal.audit.events.dropped", "Audit events dropped: hand-off queue full or closed", j,
            OtJournal::auditEventsDropped);
    }

    private <T> void counter(final String name, final String help, final T obj, final ToDoubleFunction<T> f)
    {
        FunctionCounter.builder(name, obj, f).description(help).register(registry);
    }

    private <T> void gauge(final String name, final String help, final T obj, final ToDoubleFunction<T> f)
    {
        Gauge.builder(name, obj, f).description(help).register(registry);
    }

    /**
     * When a collector's value count last grew, as seen by successive scrapes: the age is exact to within the time
     * between two scrapes, and costs the value path nothing.
     */
    private static final class ValueActivity
    {
        private final OpcUaCollectorCounters counters;
        private long lastCount;
        private long lastChangeMs = -1;

        ValueActivity(final OpcUaCollectorCounters counters)
        {
            this.counters = counters;
        }

        synchronized void observe(final long nowMs)
        {
            final long count = counters.valuesReceived();
            if (count != lastCount)
            {
                lastCount = count;
                lastChangeMs = nowMs;
            }
        }

        synchronized double ageSeconds(final long nowMs)
        {
            return lastChangeMs < 0 ? Double.NaN : (nowMs - lastChangeMs) / MS_PER_SECOND;
        }
    }
}
