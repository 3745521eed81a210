package io.diodegw.sender;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Logger;

import io.diodegw.config.Config;
import io.diodegw.config.ConfigException;
import io.diodegw.config.ConfigLoader;
import io.diodegw.config.SenderSettings;
import io.diodegw.config.Side;
import io.diodegw.sender.audit.AuditingCollectedRecords;
import io.diodegw.sender.audit.SenderAudit;
import io.diodegw.sender.journal.CollectedRecords;
import io.diodegw.sender.journal.JournalOptions;
import io.diodegw.sender.journal.OtJournal;
import io.diodegw.sender.metrics.LoopbackMetricsServer;
import io.diodegw.sender.metrics.MetricsFile;
import io.diodegw.sender.metrics.SenderMetrics;
import io.diodegw.sender.metrics.SourceStates;
import io.diodegw.sender.opcua.OpcUaCollector;
import io.diodegw.sender.opcua.OpcUaCollectorSettings;
import io.diodegw.sender.pkcs11.Pkcs11Exception;
import io.diodegw.sender.pkcs11.Pkcs11IdentitySigner;
import io.diodegw.sender.replicator.Replicator;
import io.diodegw.wire.crypto.KeyFiles;

/**
 * The OT-side sender process: {@code SenderMain --config FILE}. Loads the configuration, opens the PKCS#11 token
 * when the identity key is on one ({@code sender.pkcs11.*}; {@link Pkcs11IdentitySigner}), opens the journal, starts
 * the replicator and, when {@code sender.opcua.endpointUrl} is set, the OPC UA collector feeding the journal; runs
 * until SIGTERM or SIGINT, then stops in order: the collector first (its last DISCONNECTED state still reaches the
 * journal), the replicator (sends its partly filled group, a last heartbeat, saves its position), the journal, and
 * the token's session last.
 *
 * <p>Other collectors plug in through {@link #collectedRecords()}: everything they collect goes to the journal.
 * Exit codes:
 * 0 after an orderly stop, 2 for a usage or configuration error, 1 for any other start-up failure.
 */
public final class SenderMain implements AutoCloseable
{
    private static final Logger LOG = Logger.getLogger(SenderMain.class.getName());
    private static final String USAGE = "usage: SenderMain --config FILE";
    private static final long STOP_AUDIT_WAIT_MS = 2_000;
    private static final String DEFAULT_METRICS_FILE = "metrics.prom";

    private final OtJournal journal;
    private final Replicator replicator;
    private final OpcUaCollector collector;
    private final SenderAudit audit;
    private final Pkcs11IdentitySigner tokenIdentity;
    private final SourceStates sourceStates = new SourceStates();
    private SenderMetrics metrics;
    private MetricsFile metricsFile;
    private LoopbackMetricsServer metricsServer;
    private boolean closed;

    /**
     * Opens the PKCS#11 token when one is configured, opens the journal, starts the replicator, then the OPC UA
     * collector when one is configured.
     *
     * @param config the sender's configuration.
     * @throws IOException     if the socket cannot be opened or the collector's files cannot be read.
     * @throws Pkcs11Exception if the token, its PIN or the identity key on it is unusable; the message names the
     *     setting.
     */
    public SenderMain(final Config config) throws IOException
    {
        this.tokenIdentity = Pkcs11IdentitySigner.fromConfig(config).orElse(null);
        try
        {
            this.journal = OtJournal.open(JournalOptions.fromConfig(config));
        }
        catch (final RuntimeException ex)
        {
            closeToken();
            throw ex;
        }
        try
        {
            this.replicator = tokenIdentity != null ? new Replicator(config, journal, tokenIdentity) :
                new Replicator(config, journal);
        }
        catch (final IOException | RuntimeException ex)
        {
            journal.close();
            closeToken();
            throw ex;
        }
        this.audit = config.get(SenderSettings.AUDIT_ENABLED) ? new SenderAudit(journal::auditEvent,
            System::currentTimeMillis, config.get(SenderSettings.OPCUA_RECONNECT_MIN_DELAY_MS)) : null;
        if (audit != null)
        {
            audit.senderStarted(config, replicator.linkFingerprint(), replicator.senderEpoch());
            replicator.onKeyRotation(keyId -> audit.keyRotated(replicator.senderEpoch(), keyId));
            audit.startMonitor(journal::isQuotaBlocked, journal::usedBytes, journal.options().quotaBytes(),
                replicator::positionSaveFailures, replicator::lastPositionSaveError);
        }
        replicator.start();
        try
        {
            final OpcUaCollectorSettings opcua = OpcUaCollectorSettings.from(config);
            this.collector = opcua == null ? null : new OpcUaCollector(opcua,
                sourceStates.tap(audit == null ? journal : new AuditingCollectedRecords(journal, audit)));
        }
        catch (final IOException | RuntimeException ex)
        {
            replicator.close();
            if (audit != null)
            {
                audit.close();
            }
            journal.close();
            closeToken();
            throw ex;
        }
        try
        {
            startMetrics(config);
        }
        catch (final IOException | RuntimeException ex)
        {
            closeMetrics();
            if (collector != null)
            {
                collector.close();
            }
            replicator.close();
            if (audit != null)
            {
                audit.close();
            }
            journal.close();
            throw ex;
        }
        if (collector != null)
        {
            collector.start();
        }
    }

    /**
     * Binds the metrics and starts their outputs when {@code sender.metrics.enabled}: the file
     * ({@code sender.metrics.file}, default metrics.prom in the journal directory) and, when
     * {@code sender.metrics.httpPort} is not 0, the loopback endpoint.
     */
    private void startMetrics(final Config config) throws IOException
    {
        if (!config.get(SenderSettings.METRICS_ENABLED))
        {
            return;
        }
        metrics = new SenderMetrics(journal, replicator, System::currentTimeMillis);
        if (collector != null)
        {
            metrics.bindCollector(collector.counters(), collector.settings().sourceId(), sourceStates);
        }
        if (audit != null)
        {
            metrics.bindAudit(audit);
        }
        metricsFile = MetricsFile.start(config.find(SenderSettings.METRICS_FILE)
            .orElseGet(() -> config.get(SenderSettings.JOURNAL_DIR).resolve(DEFAULT_METRICS_FILE)),
            config.get(SenderSettings.METRICS_INTERVAL_MS), metrics::scrape);
        final int port = config.get(SenderSettings.METRICS_HTTP_PORT);
        if (port != 0)
        {
            metricsServer = LoopbackMetricsServer.start(port, metrics::scrape);
            LOG.info("metrics on http://" + metricsServer.address().getHostString() + ":" +
                metricsServer.address().getPort() + LoopbackMetricsServer.PATH + " (loopback only)");
        }
    }

    private void closeMetrics()
    {
        if (metricsServer != null)
        {
            metricsServer.close();
        }
        if (metricsFile != null)
        {
            metricsFile.close();
        }
        if (metrics != null)
        {
            metrics.close();
        }
    }

    /** @return the metrics, or null when {@code sender.metrics.enabled} is off. */
    public SenderMetrics metrics()
    {
        return metrics;
    }

    /** @return the metrics file writer, or null when {@code sender.metrics.enabled} is off. */
    public MetricsFile metricsFile()
    {
        return metricsFile;
    }

    /** @return the loopback metrics endpoint, or null unless {@code sender.metrics.httpPort} is set. */
    public LoopbackMetricsServer metricsServer()
    {
        return metricsServer;
    }

    /** @return where collectors hand their records: the journal. Thread-safe. */
    public CollectedRecords collectedRecords()
    {
        return journal;
    }

    /** @return the journal, for status and tests. */
    public OtJournal journal()
    {
        return journal;
    }

    /** @return the replicator agent, for status and tests. */
    public Replicator replicator()
    {
        return replicator;
    }

    /** @return the OPC UA collector, or null when {@code sender.opcua.endpointUrl} is unset. */
    public OpcUaCollector collector()
    {
        return collector;
    }

    /** @return the audit trail, or null when {@code sender.audit.enabled} is off. */
    public SenderAudit audit()
    {
        return audit;
    }

    /**
     * Closes the collector, records the stop in the audit trail (journaled; sent now if the replicator reaches it
     * before it stops, else after the next start), stops the replicator, closes the journal, then the PKCS#11
     * session (C_CloseSession, C_Finalize) when there is one. Idempotent.
     */
    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        if (collector != null)
        {
            collector.close();
        }
        if (audit != null)
        {
            audit.close();
            audit.senderStopped();
            try
            {
                journal.awaitWritten(STOP_AUDIT_WAIT_MS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
        replicator.close();
        closeMetrics();
        journal.close();
        closeToken();
    }

    private void closeToken()
    {
        if (tokenIdentity != null)
        {
            tokenIdentity.close();
        }
    }

    /**
     * @param args {@code --config FILE}.
     */
    public static void main(final String[] args)
    {
        if (args.length == 1 && ("--help".equals(args[0]) || "-h".equals(args[0])))
        {
            System.out.println("usage: bin/diode send --config FILE");
            System.out.println("  collects from OPC UA (sender.opcua.*) into the journal and replicates it one way over UDP");
            System.out.println("  to sender.destination; runs until stopped (SIGINT/SIGTERM stop it in order)");
            return;
        }
        if (args.length != 2 || !"--config".equals(args[0]))
        {
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        final Config config;
        try
        {
            config = ConfigLoader.load(Side.SENDER, Path.of(args[1]));
        }
        catch (final ConfigException ex)
        {
            System.err.println(ex.getMessage());
            System.exit(2);
            return;
        }
        final SenderMain sender;
        try
        {
            sender = new SenderMain(config);
        }
        catch (final KeyFiles.KeyFileException | Pkcs11Exception ex)
        {
            System.err.println(ex.getMessage());
            System.exit(2);
            return;
        }
        catch (final IOException | RuntimeException ex)
        {
            System.err.println("sender failed to start: " + ex);
            System.exit(1);
            return;
        }
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            LOG.info("sender stopping");
            sender.close();
            stopped.countDown();
        }, "sender-shutdown"));
        LOG.info("sender running: journal " + config.get(io.diodegw.config.SenderSettings.JOURNAL_DIR));
        try
        {
            stopped.await();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
