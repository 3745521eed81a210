package io.diodegw.receiver.metrics;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import io.diodegw.receiver.alarm.AlarmDelivery;
import io.diodegw.receiver.alarm.AlarmKind;
import io.diodegw.receiver.alarm.AlarmMonitor;
import io.diodegw.receiver.audit.AuditLog;
import io.diodegw.receiver.delivery.SinkStatus;
import io.diodegw.receiver.gap.GapLedger;
import io.diodegw.receiver.http.HttpCounters;
import io.diodegw.receiver.http.ReceiverHttpApi;
import io.diodegw.receiver.journal.JournalFigures;
import io.diodegw.receiver.link.LinkCounter;
import io.diodegw.receiver.link.LinkCounters;
import io.diodegw.receiver.page.LagHistory;
import io.diodegw.receiver.page.LagSampler;
import io.diodegw.receiver.page.StatusPage;
import io.diodegw.receiver.table.SenderReport;
import io.diodegw.receiver.table.SnapshotProgress;
import io.diodegw.receiver.table.SnapshotStatus;
import io.diodegw.receiver.table.SourceSnapshot;
import io.diodegw.receiver.table.StaleCounts;
import io.diodegw.receiver.table.TagTable;
import io.diodegw.wire.crypto.DatagramOpener;
import io.diodegw.wire.crypto.KeyAnnouncementVerifier;
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
 * The receiver's operator metrics (docs/metrics.md): a {@link PrometheusMeterRegistry} whose meters read the
 * receiver's existing figures when scraped. Nothing is recorded per datagram or per value: counters are
 * {@link FunctionCounter}s over {@link LinkCounters} and the other atomic figures, gauges read a view of the table,
 * gap ledger, sinks and IT journal taken once at the start of each {@link #scrape()}, and the per-source lag is the
 * table's own {@code LagHistogram} exposed by a custom collector.
 *
 * <p>Names start with {@code diodegw_}; durations and ages are in seconds ({@code _seconds}), sizes in bytes
 * ({@code _bytes}); counters end in {@code _total}. Ages that have no value yet (nothing heard, nothing applied) are NaN.
 * Per-source meters appear at the first scrape after the table first knows the source, and stay.
 *
 * <p>Threads: bind methods from the controlling thread before the first scrape; {@link #scrape()} from any thread
 * (scrapes are serialized). {@link #registry()} lets other parts of the receiver add their own meters.
 */
public final class ReceiverMetrics implements AutoCloseable
{
    /** The content type of {@link #scrape()}: Prometheus text exposition format 0.0.4. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    /** The label naming a source: its id in decimal (u32). */
    static final String SOURCE = "source";
    static final String SINK = "sink";
    static final String REASON = "reason";
    static final String STATE = "state";
    static final String STALENESS = "staleness";
    /** Opener and verifier result codes are small negatives; LinkCounters folds deeper ones into this index. */
    private static final int REJECTION_CODES = 16;
    private static final String OTHER_REASON = "OTHER";
    private static final double MS_PER_SECOND = 1000.0;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final TagTable table;
    private final LinkCounters link;
    private final LongSupplier clockMs;
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    private final Set<Integer> boundSources = new HashSet<>();

    private GapLedger gaps;
    private Supplier<List<SinkStatus>> sinks;
    private JournalFigures journal;

    private volatile long viewMs;
    private volatile List<SourceSnapshot> viewSources = List.of();
    private volatile Map<Integer, SourceSnapshot> viewSourcesById = Map.of();
    private volatile Map<Integer, StaleCounts> viewStale = Map.of();
    private volatile SnapshotStatus viewSnapshots = SnapshotStatus.EMPTY;
    private volatile GapLedger.Status viewGaps;
    private volatile Map<String, SinkStatus> viewSinks = Map.of();
    private volatile JournalFigures.Figures viewJournal;

    /**
     * Binds the link counters, the table (per-source state, lag, age and stale tags; snapshots; the latest sender
     * status) and the JVM and process basics.
     *
     * @param table   the tag table.
     * @param link    the receive agent's counters.
     * @param clockMs the wall clock, ms since 1970 (ages).
     */
    public ReceiverMetrics(final TagTable table, final LinkCounters link, final LongSupplier clockMs)
    {
        this.table = table;
        this.link = link;
        this.clockMs = clockMs;
        bindLink();
        bindTable();
        bindSenderReport();
        registry.getPrometheusRegistry().register(new LagHistogramCollector(table, () -> viewSources));
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    /** @return the registry, for meters other parts of the receiver add (e.g. alarms). */
    public PrometheusMeterRegistry registry()
    {
        return registry;
    }

    /**
     * Binds the gap ledger: gaps open now and their sequences, gaps opened, closed and abandoned, sequences refilled,
     * superseded and abandoned, duplicates dropped, resend markers.
     */
    public void bindGaps(final GapLedger ledger)
    {
        this.gaps = ledger;
        gauge("diodegw.gaps.open", "Gaps open now (sequences lost, a re-send may still fill them)",
            m -> m.viewGaps == null ? 0 : m.viewGaps.openGaps());
        gauge("diodegw.gaps.open.sequences", "Stream sequences in open gaps neither refilled nor superseded yet",
            m -> m.viewGaps == null ? 0 : m.viewGaps.openSequences());
        gapCounter("diodegw.gaps.opened", "Gaps tracked since start", GapLedger.Status::gapsOpened);
        gapCounter("diodegw.gaps.closed", "Gaps closed: every sequence refilled or superseded",
            GapLedger.Status::gapsClosed);
        gapCounter("diodegw.gaps.abandoned", "Gaps given up: their remaining sequences are lost for good",
            GapLedger.Status::gapsAbandoned);
        gapCounter("diodegw.gaps.refilled.sequences", "Sequences refilled by re-sent records",
            GapLedger.Status::sequencesRefilled);
        gapCounter("diodegw.gaps.superseded.sequences", "Sequences superseded by resend markers",
            GapLedger.Status::sequencesSuperseded);
        gapCounter("diodegw.gaps.abandoned.sequences", "Sequences lost for good in abandoned gaps",
            GapLedger.Status::sequencesAbandoned);
        gapCounter("diodegw.gaps.duplicates.dropped", "Re-sent records dropped as duplicates (no open gap held them)",
            GapLedger.Status::duplicatesDropped);
        gapCounter("diodegw.gaps.resend.markers", "Resend markers applied", GapLedger.Status::markersApplied);
    }

    /** Binds the IT journal's figures: head sequence, records and gaps appended since start. */
    public void bindJournal(final JournalFigures figures)
    {
        this.journal = figures;
        gauge("diodegw.it.journal.head.sequence", "Journal sequence of the IT journal's newest entry",
            m -> m.viewJournal == null ? 0 : m.viewJournal.headSequence());
        counter("diodegw.it.journal.records", "Record entries appended to the IT journal since start",
            m -> m.viewJournal == null ? 0 : m.viewJournal.records());
        counter("diodegw.it.journal.gaps", "Gap entries appended to the IT journal since start",
            m -> m.viewJournal == null ? 0 : m.viewJournal.gaps());
        counter("diodegw.it.journal.gap.sequences", "Stream sequences those gap entries cover",
            m -> m.viewJournal == null ? 0 : m.viewJournal.gapSequences());
    }

    /**
     * Binds the sinks, labelled {@code sink}: entries behind the IT journal, deliveries, retries and errors.
     *
     * @param status every sink's status; the sinks it lists now are the ones bound.
     */
    public void bindSinks(final Supplier<List<SinkStatus>> status)
    {
        this.sinks = status;
        for (final SinkStatus sink : status.get())
        {
            final String name = sink.name();
            final Tags tags = Tags.of(SINK, name);
            Gauge.builder("diodegw.sink.lag.entries", this, m -> sinkFigure(m, name, SinkStatus::lagEntries))
                .description("IT journal entries after the sink's committed position").tags(tags).register(registry);
            Gauge.builder("diodegw.sink.failing", this, m -> sinkFigure(m, name, s -> s.lastError() == null ? 0 : 1))
                .description("1 while the sink's last delivery attempt failed, else 0").tags(tags).register(registry);
            sinkCounter("diodegw.sink.delivered.entries", "Journal entries delivered and committed", tags, name,
                SinkStatus::deliveredEntries);
            sinkCounter("diodegw.sink.delivered.objects", "JSON objects delivered in those entries", tags, name,
                SinkStatus::deliveredObjects);
            sinkCounter("diodegw.sink.batches", "Batches delivered and committed", tags, name, SinkStatus::batches);
            sinkCounter("diodegw.sink.retries", "Delivery attempts that repeated a failed batch, and partial retries",
                tags, name, SinkStatus::retries);
            sinkCounter("diodegw.sink.errors", "Failed delivery attempts", tags, name, SinkStatus::errors);
        }
    }

    /** Binds the HTTP API's requests and refusals by reason. */
    public void bindHttp(final HttpCounters http)
    {
        FunctionCounter.builder("diodegw.http.requests", http, HttpCounters::requests)
            .description("Requests that reached the HTTP API, whatever their answer").register(registry);
        httpRefused(http, "unauthorized", HttpCounters::unauthorized);
        httpRefused(http, "method_not_allowed", HttpCounters::methodNotAllowed);
        httpRefused(http, "client_certificate", HttpCounters::clientCertificatesRefused);
    }

    /** Binds the audit log: lines written, dropped (queue full) and write failures. */
    public void bindAudit(final AuditLog auditLog)
    {
        FunctionCounter.builder("diodegw.audit.written", auditLog, AuditLog::written)
            .description("Audit log lines written").register(registry);
        FunctionCounter.builder("diodegw.audit.dropped", auditLog, AuditLog::dropped)
            .description("Audit events dropped because the audit log's queue was full").register(registry);
        FunctionCounter.builder("diodegw.audit.write.failures", auditLog, AuditLog::writeFailures)
            .description("Audit log writes that failed").register(registry);
    }

    /**
     * Binds the status page's lag history: samples taken, samples that failed, sources beyond its capacity.
     *
     * @param page the running page.
     */
    public void bindStatusPage(final StatusPage page)
    {
        FunctionCounter.builder("diodegw.lag.history.samples", page.sampler(), LagSampler::samples)
            .description("Lag history samples taken for the status page's chart (one every 10 s)").register(registry);
        FunctionCounter.builder("diodegw.lag.history.sample.failures", page.sampler(), LagSampler::failures)
            .description("Lag history samples that failed (logged)").register(registry);
        FunctionCounter.builder("diodegw.lag.history.samples.dropped", page.history(), LagHistory::samplesDropped)
            .description("Lag history points dropped because more sources than the history holds reported")
            .register(registry);
    }

    /**
     * Binds the alarm monitor: active alarms, raise and clear events per kind, checks that failed.
     *
     * @param alarms the receiver's monitor.
     */
    public void bindAlarms(final AlarmMonitor alarms)
    {
        for (final AlarmKind kind : AlarmKind.values())
        {
            final Tags tags = Tags.of("kind", kind.label());
            Gauge.builder("diodegw.alarms.active", alarms, a -> a.activeCount(kind)).tags(tags)
                .description("Alarms of this kind active now (one per subject: source or sink)").register(registry);
            FunctionCounter.builder("diodegw.alarms.raised", alarms, a -> a.raised(kind)).tags(tags)
                .description("Alarms of this kind raised since start").register(registry);
            FunctionCounter.builder("diodegw.alarms.cleared", alarms, a -> a.cleared(kind)).tags(tags)
                .description("Alarms of this kind cleared since start").register(registry);
        }
        FunctionCounter.builder("diodegw.alarms.check.failures", alarms, AlarmMonitor::checkFailures)
            .description("Alarm checks that failed (logged); alarms are not evaluated while they fail")
            .register(registry);
    }

    /**
     * Binds the alarm events' delivery: per destination (webhook, kafka) delivered, failed and dropped events.
     *
     * @param delivery the running delivery.
     */
    public void bindAlarmDelivery(final AlarmDelivery delivery)
    {
        for (final String name : delivery.destinationNames())
        {
            final Tags tags = Tags.of("destination", name);
            FunctionCounter.builder("diodegw.alarms.delivered", delivery, d -> d.delivered(name)).tags(tags)
                .description("Alarm events the destination accepted").register(registry);
            FunctionCounter.builder("diodegw.alarms.delivery.failed", delivery, d -> d.failed(name)).tags(tags)
                .description("Alarm events given up after the route's retries").register(registry);
            FunctionCounter.builder("diodegw.alarms.delivery.dropped", delivery, d -> d.dropped(name)).tags(tags)
                .description("Alarm events dropped because the destination's queue was full").register(registry);
        }
    }

    /**
     * Takes the view every gauge reads (sources, stale tags, snapshots, gaps, sinks, IT journal), registers the
     * meters of sources seen for the first time, and writes every meter. Serialized; allocates (a reader path).
     *
     * @return the Prometheus text exposition (format 0.0.4, {@link #CONTENT_TYPE}).
     */
    public synchronized String scrape()
    {
        takeView();
        for (final SourceSnapshot source : viewSources)
        {
            if (boundSources.add(source.sourceId()))
            {
                bindSource(source.sourceId());
            }
        }
        return registry.scrape();
    }

    /** @return {@code GET /metrics} for {@link ReceiverHttpApi#addResource}. */
    public ReceiverHttpApi.Resource resource()
    {
        return query -> new ReceiverHttpApi.Body(CONTENT_TYPE, scrape().getBytes(StandardCharsets.UTF_8));
    }

    /** Unbinds the GC listener and closes the registry; idempotent. */
    @Override
    public void close()
    {
        gcMetrics.close();
        registry.close();
    }

    static String sourceLabel(final int sourceId)
    {
        return Integer.toUnsignedString(sourceId);
    }

    private void takeView()
    {
        final long nowMs = clockMs.getAsLong();
        final List<SourceSnapshot> sources = table.sources();
        final Map<Integer, SourceSnapshot> byId = new HashMap<>();
        for (final SourceSnapshot source : sources)
        {
            byId.put(source.sourceId(), source);
        }
        final Map<Integer, StaleCounts> stale = new HashMap<>();
        table.staleCounts(nowMs, stale);
        viewMs = nowMs;
        viewSources = sources;
        viewSourcesById = byId;
        viewStale = stale;
        viewSnapshots = table.snapshots();
        if (gaps != null)
        {
            viewGaps = gaps.status();
        }
        if (sinks != null)
        {
            final Map<String, SinkStatus> byName = new HashMap<>();
            for (final SinkStatus sink : sinks.get())
            {
                byName.put(sink.name(), sink);
            }
            viewSinks = byName;
        }
        if (journal != null)
        {
            viewJournal = journal.figures();
        }
    }

    private void bindLink()
    {
        for (final LinkCounter counter : LinkCounter.values())
        {
            FunctionCounter.builder("diodegw.link." + counter.name().toLowerCase(Locale.ROOT).replace('_', '.'),
                link, c -> c.get(counter)).description("Link counter " + counter.label()).register(registry);
        }
        FunctionCounter.builder("diodegw.link.auth.failures", link, LinkCounters::authFailures)
            .description("Datagrams that failed authentication (bad tag or crypto failure)").register(registry);
        final List<Integer> otherOpen = new ArrayList<>();
        final List<Integer> otherAnnouncement = new ArrayList<>();
        for (int index = 1; index < REJECTION_CODES; index++)
        {
            final int code = -index;
            final String openReason = DatagramOpener.describe(code);
            if (openReason.startsWith("UNKNOWN"))
            {
                otherOpen.add(code);
            }
            else
            {
                FunctionCounter.builder("diodegw.link.datagrams.refused", link, c -> c.openRejections(code))
                    .description("Datagrams refused by the opener, by reason").tags(REASON, openReason)
                    .register(registry);
            }
            final String announcementReason = KeyAnnouncementVerifier.describe(code);
            if (announcementReason.startsWith("UNKNOWN"))
            {
                otherAnnouncement.add(code);
            }
            else
            {
                FunctionCounter.builder("diodegw.link.announcements.refused", link,
                    c -> c.announcementRejections(code)).description("Key announcements refused, by reason")
                    .tags(REASON, announcementReason).register(registry);
            }
        }
        FunctionCounter.builder("diodegw.link.datagrams.refused", link, c -> sum(otherOpen, c::openRejections))
            .description("Datagrams refused by the opener, by reason").tags(REASON, OTHER_REASON).register(registry);
        FunctionCounter.builder("diodegw.link.announcements.refused", link,
            c -> sum(otherAnnouncement, c::announcementRejections)).description("Key announcements refused, by reason")
            .tags(REASON, OTHER_REASON).register(registry);
        gauge("diodegw.link.sender.silence.seconds", "Time since the current sender was last heard; NaN before",
            m -> m.table.lastHeardMs() < 0 ? Double.NaN : seconds(m.clockMs.getAsLong() - m.table.lastHeardMs()));
        gauge("diodegw.link.silent", "1 while the link counts as silent (receiver.staleness.linkSilentMs), else 0",
            m -> m.table.isLinkSilent(m.clockMs.getAsLong()) ? 1 : 0);
    }

    private void bindTable()
    {
        gauge("diodegw.table.tags", "Tags in the table", m -> m.table.tagCount());
        FunctionCounter.builder("diodegw.table.definitions.applied", table, TagTable::definitionsApplied)
            .description("Tag definitions applied").register(registry);
        FunctionCounter.builder("diodegw.table.live.values.applied", table, TagTable::liveValuesApplied)
            .description("Live values applied").register(registry);
        FunctionCounter.builder("diodegw.table.live.values.older", table, TagTable::liveValuesOlder)
            .description("Live values not applied because the table held a newer one").register(registry);
        FunctionCounter.builder("diodegw.table.snapshot.values.applied", table, TagTable::snapshotValuesApplied)
            .description("Snapshot values applied (newer than what the table held)").register(registry);
        FunctionCounter.builder("diodegw.table.history.values.received", table, TagTable::historyValuesReceived)
            .description("History values received").register(registry);
        FunctionCounter.builder("diodegw.table.source.states.applied", table, TagTable::sourceStatesApplied)
            .description("Source states applied").register(registry);
        gauge("diodegw.snapshot.in.progress.values", "Values received of the snapshot arriving now; 0 when none",
            m -> m.viewSnapshots.inProgress() == null ? 0 : m.viewSnapshots.inProgress().valuesReceived());
        gauge("diodegw.snapshot.last.complete.age.seconds",
            "Time since the last complete snapshot finished arriving; NaN before the first",
            m -> lastCompleteAgeSeconds(m.viewSnapshots.lastComplete(), m.viewMs));
        counter("diodegw.snapshots.begun", "Snapshots whose first record arrived", m -> m.viewSnapshots.begun());
        counter("diodegw.snapshots.completed", "Snapshots that arrived complete", m -> m.viewSnapshots.completed());
        counter("diodegw.snapshots.abandoned", "Snapshots that ended incomplete", m -> m.viewSnapshots.abandoned());
    }

    private void bindSenderReport()
    {
        gauge("diodegw.ot.backlog.records", "Records journaled on OT but not yet sent, as the sender last reported",
            m -> report(m, SenderReport::backlogRecords));
        gauge("diodegw.ot.backlog.bytes", "Estimated size of that backlog, as the sender last reported",
            m -> report(m, SenderReport::backlogBytes));
        gauge("diodegw.ot.oldest.unsent.age.seconds", "Age of the oldest unsent OT record, as the sender last reported",
            m -> seconds(report(m, SenderReport::oldestUnsentAgeMs)));
        gauge("diodegw.ot.status.age.seconds", "Time since the last sender status arrived; NaN before the first",
            m -> m.table.senderReport() == null ? Double.NaN :
                seconds(m.clockMs.getAsLong() - m.table.senderReport().receivedMs()));
        gauge("diodegw.ot.behind.records", "Records of the OT journal this receiver has not accounted for yet",
            m -> m.table.senderReport() == null ? Double.NaN :
                Math.max(0, m.table.senderReport().journalHeadSequence() - m.table.accountedStreamSequence()));
    }

    private void bindSource(final int sourceId)
    {
        final Tags tags = Tags.of(SOURCE, sourceLabel(sourceId));
        Gauge.builder("diodegw.source.last.update.age.seconds", this, m -> lastUpdateAgeSeconds(m, sourceId))
            .description("Time since a live value of the source was last applied; NaN before the first")
            .tags(tags).register(registry);
        Gauge.builder("diodegw.source.last.lag.seconds", this, m -> lastLagSeconds(m, sourceId))
            .description("Lag of the last live value applied; NaN before the first").tags(tags).register(registry);
        Gauge.builder("diodegw.source.tags", this, m -> sourceFigure(m, sourceId, SourceSnapshot::tags))
            .description("Tags defined for the source").tags(tags).register(registry);
        FunctionCounter.builder("diodegw.source.values.applied", this,
            m -> sourceFigure(m, sourceId, SourceSnapshot::valuesApplied))
            .description("Live values of the source applied").tags(tags).register(registry);
        FunctionCounter.builder("diodegw.source.lag.negative", table, t ->
            {
                final var lag = t.lagHistogram(sourceId);
                return lag == null ? 0 : lag.negativeCount();
            }).description("Live values whose source time was after their apply time (OT clock ahead)")
            .tags(tags).register(registry);
        for (final SourceState.State state : SourceState.State.values())
        {
            Gauge.builder("diodegw.source.state", this, m -> sourceState(m, sourceId) == state ? 1 : 0)
                .description("1 for the source's last reported connection state, 0 for the others")
                .tags(tags.and(STATE, state.name())).register(registry);
        }
        staleGauge(tags, sourceId, "uncertain", StaleCounts::uncertain);
        staleGauge(tags, sourceId, "bad", StaleCounts::bad);
        staleGauge(tags, sourceId, "waiting_for_initial_data", StaleCounts::waitingForInitialData);
    }

    private void staleGauge(final Tags tags, final int sourceId, final String staleness,
        final ToDoubleFunction<StaleCounts> figure)
    {
        Gauge.builder("diodegw.source.stale.tags", this,
            m -> figure.applyAsDouble(m.viewStale.getOrDefault(sourceId, StaleCounts.NONE)))
            .description("Tags of the source served degraded, by staleness").tags(tags.and(STALENESS, staleness))
            .register(registry);
    }

    private void gauge(final String name, final String help, final ToDoubleFunction<ReceiverMetrics> value)
    {
        Gauge.builder(name, this, value).description(help).register(registry);
    }

    private void counter(final String name, final String help, final ToDoubleFunction<ReceiverMetrics> value)
    {
        FunctionCounter.builder(name, this, value).description(help).register(registry);
    }

    private void gapCounter(final String name, final String help, final ToDoubleFunction<GapLedger.Status> figure)
    {
        counter(name, help, m -> m.viewGaps == null ? 0 : figure.applyAsDouble(m.viewGaps));
    }

    private void sinkCounter(final String name, final String help, final Tags tags, final String sink,
        final ToDoubleFunction<SinkStatus> figure)
    {
        FunctionCounter.builder(name, this, m -> sinkFigure(m, sink, figure)).description(help).tags(tags)
            .register(registry);
    }

    private void httpRefused(final HttpCounters http, final String reason, final ToDoubleFunction<HttpCounters> f)
    {
        FunctionCounter.builder("diodegw.http.refused", http, f).description("Requests the HTTP API refused, by reason")
            .tags(REASON, reason).register(registry);
    }

    private static double sinkFigure(final ReceiverMetrics m, final String sink, final ToDoubleFunction<SinkStatus> f)
    {
        final SinkStatus status = m.viewSinks.get(sink);
        return status == null ? 0 : f.applyAsDouble(status);
    }

    private static double sourceFigure(final ReceiverMetrics m, final int sourceId,
        final ToDoubleFunction<SourceSnapshot> f)
    {
        final SourceSnapshot source = m.viewSourcesById.get(sourceId);
        return source == null ? 0 : f.applyAsDouble(source);
    }

    private static SourceState.State sourceState(final ReceiverMetrics m, final int sourceId)
    {
        final SourceSnapshot source = m.viewSourcesById.get(sourceId);
        return source == null ? null : source.state();
    }

    private static double lastUpdateAgeSeconds(final ReceiverMetrics m, final int sourceId)
    {
        final SourceSnapshot source = m.viewSourcesById.get(sourceId);
        return source == null || source.lastUpdateMs() == 0 ? Double.NaN : seconds(m.viewMs - source.lastUpdateMs());
    }

    private static double lastLagSeconds(final ReceiverMetrics m, final int sourceId)
    {
        final SourceSnapshot source = m.viewSourcesById.get(sourceId);
        return source == null || source.lastUpdateMs() == 0 ? Double.NaN : seconds(source.lagMs());
    }

    private static double lastCompleteAgeSeconds(final SnapshotProgress last, final long nowMs)
    {
        return last == null ? Double.NaN : seconds(nowMs - last.completedMs());
    }

    private static double report(final ReceiverMetrics m, final ToDoubleFunction<SenderReport> figure)
    {
        final SenderReport report = m.table.senderReport();
        return report == null ? Double.NaN : figure.applyAsDouble(report);
    }

    private static double sum(final List<Integer> codes, final java.util.function.IntToLongFunction count)
    {
        long total = 0;
        for (final int code : codes)
        {
            total += count.applyAsLong(code);
        }
        return total;
    }

    private static double seconds(final double ms)
    {
        return ms / MS_PER_SECOND;
    }
}
