package io.diodegw.receiver;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.core.JsonGenerator;

import io.diodegw.config.Config;
import io.diodegw.config.ConfigException;
import io.diodegw.config.ConfigLoader;
import io.diodegw.config.ReceiverSettings;
import io.diodegw.config.Side;
import io.diodegw.receiver.alarm.AlarmAuditListener;
import io.diodegw.receiver.alarm.AlarmDelivery;
import io.diodegw.receiver.alarm.AlarmMonitor;
import io.diodegw.receiver.alarm.AlarmSettings;
import io.diodegw.receiver.alarm.ReceiverAlarmInputs;
import io.diodegw.receiver.audit.AuditLog;
import io.diodegw.receiver.audit.ReceiverAudit;
import io.diodegw.receiver.delivery.DeliveryOptions;
import io.diodegw.receiver.delivery.DeliveryService;
import io.diodegw.receiver.delivery.SinkStatus;
import io.diodegw.receiver.gap.GapLedger;
import io.diodegw.receiver.http.HttpSecurity;
import io.diodegw.receiver.http.ReceiverHttpApi;
import io.diodegw.receiver.journal.AppliedRecords;
import io.diodegw.receiver.journal.ItJournal;
import io.diodegw.receiver.journal.JournalFigures;
import io.diodegw.receiver.journal.TagIdentities;
import io.diodegw.receiver.link.LinkCounter;
import io.diodegw.receiver.link.ReceiveAgent;
import io.diodegw.receiver.metrics.ReceiverMetrics;
import io.diodegw.receiver.page.StatusPage;
import io.diodegw.receiver.table.SnapshotProgress;
import io.diodegw.receiver.table.StalenessPolicy;
import io.diodegw.receiver.table.TagInfo;
import io.diodegw.receiver.table.TagSnapshot;
import io.diodegw.receiver.table.TagTable;
import io.diodegw.receiver.table.TagTableFeed;
import io.diodegw.wire.crypto.KeyFiles;

/**
 * The IT-side receiver process: {@code receive --config FILE}. Loads and validates the configuration, starts the
 * receive agent (link to ordered records), the tag table it feeds, and the HTTP API when
 * {@code receiver.http.enabled}; runs until the process is stopped or the agent fails.
 *
 * <p>Records flow: {@link ReceiveAgent} → {@link TagTableFeed} (applies to the {@link TagTable}) → the
 * {@link AppliedRecords} given to the constructor (the IT journal, from which the sinks read). Without one the
 * receiver only mirrors into the table and the HTTP API.
 *
 * <p>{@link #start()} and {@link #close()} from one controlling thread.
 */
public final class ReceiverMain implements AutoCloseable
{
    private static final System.Logger LOG = System.getLogger(ReceiverMain.class.getName());
    private static final int EXIT_USAGE = 2;
    private static final int EXIT_FAILURE = 1;
    private static final long WATCH_INTERVAL_MS = 500;

    private final Config config;
    private final AppliedRecords journal;
    private final TagTable table;
    private ReceiveAgent agent;
    private ReceiverHttpApi http;
    private ReceiverMetrics metrics;
    private StatusPage page;
    private ItJournal.ResumePoint resumePoint;
    private List<ItJournal.OpenGap> openGapsAtStart = List.of();
    private GapLedger gaps;
    private ReceiverAudit audit;

    /**
     * @param config  a loaded receiver configuration.
     * @param journal where records go after the table (the IT journal), or null to feed the table only.
     */
    public ReceiverMain(final Config config, final AppliedRecords journal)
    {
        this.config = config;
        this.journal = journal;
        this.table = new TagTable(StalenessPolicy.fromConfig(config));
    }

    /**
     * Continues the IT journal's stream: see {@link ReceiveAgent#resumeAt}. Call before {@link #start()}.
     *
     * @param point the journal's resume point, or null for an empty journal.
     */
    public void resumeFrom(final ItJournal.ResumePoint point)
    {
        this.resumePoint = point;
    }

    /**
     * Gaps the IT journal holds as open from before a restart ({@link ItJournal#openGaps()}); the gap ledger takes
     * them up again at {@link #start()}, so a later re-send still closes them. Call before {@link #start()}.
     */
    public void restoreGaps(final List<ItJournal.OpenGap> openGaps)
    {
        this.openGapsAtStart = List.copyOf(openGaps);
    }

    /**
     * Reports key installs and sender epochs to the audit log and sums up the link counters into it every
     * {@code receiver.audit.counterIntervalMs}. Call before {@link #start()}; the caller owns and closes it.
     */
    public void audit(final ReceiverAudit receiverAudit)
    {
        this.audit = receiverAudit;
    }

    /**
     * Reads the keys, binds the UDP socket and the HTTP API, starts the agent.
     *
     * @throws IOException if a socket cannot be bound.
     * @throws KeyFiles.KeyFileException if a key file is missing, malformed or readable by others.
     */
    public void start() throws IOException
    {
        final TagTableFeed feed = new TagTableFeed(table, journal, System::currentTimeMillis);
        gaps = new GapLedger(feed, feed, journal, config.get(ReceiverSettings.GAPS_MAX_OPEN),
            config.get(ReceiverSettings.GAPS_RECENT_CLOSED), System::currentTimeMillis, this::lastSnapshotCut);
        for (final ItJournal.OpenGap g : openGapsAtStart)
        {
            gaps.restore(g.report(), g.detectedAtMs(), g.heldSequences());
        }
        agent = ReceiveAgent.fromConfig(config, gaps);
        if (resumePoint != null)
        {
            agent.resumeAt(resumePoint.nextStreamSequence());
        }
        try
        {
            if (config.get(ReceiverSettings.HTTP_ENABLED))
            {
                http = ReceiverHttpApi.start(config.get(ReceiverSettings.HTTP_BIND).toInetSocketAddress(),
                    HttpSecurity.from(config), table, agent.counters(), System::currentTimeMillis);
                http.addStatusSection(gaps::writeStatus);
                if (config.get(ReceiverSettings.METRICS_ENABLED))
                {
                    metrics = new ReceiverMetrics(table, agent.counters(), System::currentTimeMillis);
                    metrics.bindGaps(gaps);
                    metrics.bindHttp(http.httpCounters());
                    http.addResource("/metrics", metrics.resource());
                }
                page = StatusPage.start(http, table, System::currentTimeMillis);
                if (metrics != null)
                {
                    metrics.bindStatusPage(page);
                }
            }
            if (audit != null)
            {
                agent.linkEvents(audit);
                audit.startMonitor(agent.counters(), config.get(ReceiverSettings.AUDIT_COUNTER_INTERVAL_MS));
            }
            agent.start();
        }
        catch (final IOException | RuntimeException ex)
        {
            close();
            throw ex;
        }
        if (journal == null)
        {
            LOG.log(Level.WARNING, "no IT journal attached: records update the tag table and the HTTP API only");
        }
    }

    private long lastSnapshotCut()
    {
        final SnapshotProgress last = table.snapshots().lastComplete();
        return last == null ? -1 : last.cutSequence();
    }

    /** @return the gap ledger (open, closed and refilled gaps), or null before {@link #start()}. */
    public GapLedger gaps()
    {
        return gaps;
    }

    /** @return the tag table. */
    public TagTable table()
    {
        return table;
    }

    /** @return the receive agent, or null before {@link #start()}. */
    public ReceiveAgent agent()
    {
        return agent;
    }

    /**
     * Adds a section to {@code /api/status}; does nothing when the HTTP API is disabled or not started.
     *
     * @param section writes its fields; see {@link ReceiverHttpApi.StatusSection}.
     */
    public void addStatusSection(final ReceiverHttpApi.StatusSection section)
    {
        if (http != null)
        {
            http.addStatusSection(section);
        }
    }

    /**
     * @return the operator metrics served at {@code GET /metrics}, or null when the HTTP API or
     *     {@code receiver.metrics.enabled} is off, or before {@link #start()}.
     */
    public ReceiverMetrics metrics()
    {
        return metrics;
    }

    /** @return the HTTP API's address, or null when it is disabled or not started. */
    public InetSocketAddress httpAddress()
    {
        return http == null ? null : http.address();
    }

    /** Stops the status page's sampler, the HTTP API and the agent (the agent's thread is joined); idempotent. */
    @Override
    public void close()
    {
        if (page != null)
        {
            page.close();
        }
        if (http != null)
        {
            http.close();
        }
        if (metrics != null)
        {
            metrics.close();
        }
        if (agent != null)
        {
            agent.close();
        }
    }

    /**
     * Command line: {@code --config FILE}. Opens the IT journal at {@code receiver.journal.dir}, starts the receiver
     * feeding it and the delivery service with the configured sinks reading it. Exit code 2 for a usage or
     * configuration error, 1 when the receiver fails; runs until the process is stopped otherwise, then stops the
     * receiver, the sinks and closes the journal, in that order.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        System.exit(run(args, System.out, System.err));
    }

    /** Writes {@code "sinks":{"files":{...},...}} with every sink's {@link SinkStatus}. */
    static void writeSinks(final JsonGenerator json, final List<SinkStatus> sinks) throws IOException
    {
        json.writeObjectFieldStart("sinks");
        for (final SinkStatus sink : sinks)
        {
            json.writeObjectFieldStart(sink.name());
            json.writeNumberField("deliveredEntries", sink.deliveredEntries());
            json.writeNumberField("deliveredObjects", sink.deliveredObjects());
            json.writeNumberField("batches", sink.batches());
            json.writeNumberField("retries", sink.retries());
            json.writeNumberField("errors", sink.errors());
            json.writeNumberField("lagEntries", sink.lagEntries());
            json.writeNumberField("committedSequence", sink.committedSequence());
            json.writeStringField("lastError", sink.lastError());
            json.writeEndObject();
        }
        json.writeEndObject();
    }

    static int run(final String[] args, final PrintStream out, final PrintStream err) throws InterruptedException
    {
        Path configFile = null;
        for (int i = 0; i < args.length; i++)
        {
            if ("--help".equals(args[i]) || "-h".equals(args[i]))
            {
                usage(out);
                return 0;
            }
            if ("--config".equals(args[i]) && i + 1 < args.length)
            {
                configFile = Path.of(args[++i]);
            }
            else
            {
                err.println("receive: unknown or incomplete argument '" + args[i] + "'");
                usage(err);
                return EXIT_USAGE;
            }
        }
        if (configFile == null)
        {
            err.println("receive: --config FILE is required");
            usage(err);
            return EXIT_USAGE;
        }
        final Config config;
        try
        {
            config = ConfigLoader.load(Side.RECEIVER, configFile);
        }
        catch (final ConfigException ex)
        {
            err.println(ex.getMessage());
            return EXIT_USAGE;
        }
        final ItJournal journal;
        final DeliveryOptions deliveryOptions;
        try
        {
            deliveryOptions = DeliveryOptions.from(config);
            journal = ItJournal.open(config.get(ReceiverSettings.JOURNAL_DIR),
                config.find(ReceiverSettings.JOURNAL_ENCRYPTION_KEY_FILE).map(KeyFiles::readJournalKey).orElse(null));
        }
        catch (final RuntimeException ex)
        {
            err.println("receive: " + ex.getMessage());
            return EXIT_FAILURE;
        }
        final JournalFigures figures = new JournalFigures(journal);
        final AuditLog auditLog;
        try
        {
            auditLog = AuditLog.open(auditFile(config), AuditLog.DEFAULT_QUEUE_CAPACITY);
        }
        catch (final RuntimeException ex)
        {
            err.println("receive: " + ex.getMessage());
            journal.close();
            return EXIT_FAILURE;
        }
        final ReceiverAudit audit = new ReceiverAudit(auditLog, System::currentTimeMillis);
        audit.receiverStarted(config);
        final ReceiverMain receiver = new ReceiverMain(config, audit.tap(figures));
        receiver.audit(audit);
        final ItJournal.ResumePoint resume = journal.resumePoint();
        if (resume != null)
        {
            LOG.log(Level.INFO, "IT journal resumes sender epoch " + Long.toUnsignedString(resume.senderEpoch()) +
                " at stream sequence " + resume.nextStreamSequence());
        }
        receiver.resumeFrom(resume);
        receiver.restoreGaps(journal.openGaps());
        if (!journal.openGaps().isEmpty())
        {
            LOG.log(Level.INFO, "IT journal holds " + journal.openGaps().size() + " open gap(s) from before the " +
                "restart; a re-send still closes them");
        }
        final DeliveryService delivery = new DeliveryService(journal, deliveryOptions, tableIdentities(receiver.table()));
        final AlarmMonitor alarms = new AlarmMonitor(AlarmSettings.fromConfig(config), new ReceiverAlarmInputs(
            receiver.table(), () -> receiver.agent().counters().get(LinkCounter.BLOCKS_UNRECOVERABLE), delivery::status,
            journal::headSequence), System::currentTimeMillis);
        alarms.addListener(new AlarmAuditListener(auditLog));
        final AlarmDelivery alarmDelivery = AlarmDelivery.fromConfig(config).orElse(null);
        final Runnable stop = () ->
        {
            alarms.close();
            if (alarmDelivery != null)
            {
                alarmDelivery.close();
            }
            receiver.close();
            audit.close();
            audit.receiverStopped();
            delivery.close();
            journal.close();
            auditLog.close();
        };
        try
        {
            receiver.start();
            delivery.start();
            receiver.addStatusSection(figures::writeJson);
            if (receiver.metrics() != null)
            {
                receiver.metrics().bindJournal(figures);
                receiver.metrics().bindSinks(delivery::status);
                receiver.metrics().bindAudit(auditLog);
            }
            receiver.addStatusSection(json -> writeSinks(json, delivery.status()));
            receiver.addStatusSection(json ->
            {
                json.writeObjectFieldStart("audit");
                json.writeStringField("file", auditLog.file().toString());
                json.writeNumberField("written", auditLog.written());
                json.writeNumberField("dropped", auditLog.dropped());
                json.writeNumberField("writeFailures", auditLog.writeFailures());
                json.writeNumberField("otRecords", audit.otRecords());
                json.writeEndObject();
            });
            receiver.addStatusSection(alarms::writeStatus);
            if (receiver.metrics() != null)
            {
                receiver.metrics().bindAlarms(alarms);
            }
            if (alarmDelivery != null)
            {
                alarmDelivery.start();
                alarms.addListener(alarmDelivery);
                receiver.addStatusSection(alarmDelivery::writeStatus);
                if (receiver.metrics() != null)
                {
                    receiver.metrics().bindAlarmDelivery(alarmDelivery);
                }
            }
            alarms.start();
        }
        catch (final IOException | RuntimeException ex)
        {
            err.println("receive: " + ex.getMessage());
            stop.run();
            return EXIT_FAILURE;
        }
        final CountDownLatch stopped = new CountDownLatch(1);
        final AtomicBoolean stopping = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            stopping.set(true);
            stop.run();
            stopped.countDown();
        }, "diodegw-receiver-shutdown"));
        while (!stopped.await(WATCH_INTERVAL_MS, TimeUnit.MILLISECONDS))
        {
            if (!stopping.get() && !receiver.agent().isRunning())
            {
                err.println("receive: the receive agent stopped: " + receiver.agent().failure());
                stop.run();
                return EXIT_FAILURE;
            }
        }
        return 0;
    }

    /**
     * @return {@code receiver.audit.file}, or {@code audit.jsonl} in the parent directory of
     *     {@code receiver.journal.dir}.
     */
    static Path auditFile(final Config config)
    {
        return config.find(ReceiverSettings.AUDIT_FILE).orElseGet(() ->
        {
            final Path parent = config.get(ReceiverSettings.JOURNAL_DIR).toAbsolutePath().getParent();
            return (parent == null ? Path.of(".") : parent).resolve("audit.jsonl");
        });
    }

    private static void usage(final PrintStream out)
    {
        out.println("usage: bin/diode receive --config FILE");
        out.println("  receives the diode's datagrams on receiver.bind, rebuilds the tag table, appends every record");
        out.println("  to the IT journal (receiver.journal.dir), delivers it to the enabled sinks (receiver.sinks.*)");
        out.println("  and serves the HTTP API on receiver.http.bind (GET /api/tags, /api/tags/{id}, /api/status,");
        out.println("  /api/history/lag, /metrics) with the status page at /status;");
        out.println("  runs until stopped (SIGINT/SIGTERM stop the receiver, then the sinks, then the journal)");
    }

    /** The mirror's table as the sinks' fallback for a tag whose definition the IT journal lost in a gap. */
    static TagIdentities tableIdentities(final TagTable table)
    {
        return tagId ->
        {
            final TagSnapshot tag = table.tag(tagId);
            final TagInfo info = tag == null ? null : tag.info();
            return info == null ? null : new TagIdentities.Identity(info.sourceId(), info.nodeId(), info.browsePath());
        };
    }
}
