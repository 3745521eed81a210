package io.diodegw.sender.replicator;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;

import io.diodegw.config.Config;
import io.diodegw.config.LinkEncryption;
import io.diodegw.config.LinkFingerprint;
import io.diodegw.config.LinkSettings;
import io.diodegw.config.SenderSettings;
import io.diodegw.fec.BlockInterleaver;
import io.diodegw.fec.ErasureCodec;
import io.diodegw.sender.history.HistoryCarousel;
import io.diodegw.sender.history.HistorySource;
import io.diodegw.sender.history.JournalHistorySource;
import io.diodegw.sender.journal.JournalFollower;
import io.diodegw.sender.journal.JournalReader;
import io.diodegw.sender.journal.OtJournal;
import io.diodegw.sender.link.TokenBucketPacer;
import io.diodegw.sender.overload.ConflatedLane;
import io.diodegw.sender.snapshot.ShareBudget;
import io.diodegw.sender.snapshot.SnapshotCarousel;
import io.diodegw.sender.snapshot.TagStateTable;
import io.diodegw.wire.crypto.DatagramSealer;
import io.diodegw.wire.crypto.Ed25519IdentitySigner;
import io.diodegw.wire.crypto.IdentitySigner;
import io.diodegw.wire.crypto.KeyAnnouncementSigner;
import io.diodegw.wire.crypto.KeyFiles;
import io.diodegw.wire.crypto.SessionKey;
import io.diodegw.wire.datagram.DatagramHeaderFlyweight;
import io.diodegw.wire.datagram.HeartbeatFlyweight;
import io.diodegw.wire.datagram.KeyAnnouncementFlyweight;
import io.diodegw.wire.datagram.MtuLimits;
import io.diodegw.wire.record.BlockWriter;
import io.diodegw.wire.record.SenderStatus;

/**
 * The replicator agent: one thread that tails the OT journal and sends it over the one-way link.
 *
 * <p>Duty cycle ({@link #doWork(long)}): control traffic first (the signed key announcement every
 * {@code sender.keyAnnouncementIntervalMs}, three copies at start and at each key rotation; a sealed heartbeat with
 * the link geometry, {@link LinkFingerprint} and stream position every {@code sender.heartbeatIntervalMs}), limited
 * to {@code sender.replicator.controlSharePercent} of the link rate by its own token bucket, so on a slow link their
 * intervals stretch rather than starve data; then the data path. Records are copied from the journal into blocks of
 * k symbols ({@link BlockWriter#appendEncoded}, whole records only), {@code link.fec.interleaveDepth} blocks form a group,
 * each block gets m repair symbols ({@link ErasureCodec}), and the group's symbols go out in
 * {@link BlockInterleaver} order, each sealed ({@link DatagramSealer}, encrypted or integrity-only per
 * {@code link.encryption}) in its own datagram. A group is sent when it is full, or, when the journal is idle, once
 * its first record waited {@code sender.replicator.lingerMs} (then with fewer blocks, the last one partly filled).
 * After the last datagram of a group, its records are marked sent in the journal reader.
 *
 * <p>Out-of-band blocks ({@link BlockWriter#outOfBand}) take their place among the in-band blocks of a group and go
 * through the same FEC, interleaving, AEAD and pacing; they are opened only at a block boundary.
 * <ul>
 *   <li>Snapshot carousel: once a group has left, its in-band blocks are decoded into a {@link TagStateTable} (latest
 *   definition and live value per tag, latest state per source, as sent). Every {@code sender.snapshot.periodMs} a
 *   {@link SnapshotCarousel} freezes it at the cut C = the last in-band stream sequence sent and writes the snapshot
 *   into out-of-band blocks, all records with stream sequence C. Each carousel block is charged, as k + m datagrams,
 *   to a {@link ShareBudget} at {@code sender.snapshot.bandwidthSharePercent} of the link rate whose credit starts at
 *   zero with each busy period: the carousel never exceeds its share, and it gets its share even while the journal
 *   has a backlog. When both wait, live data goes first: a starting snapshot has no credit yet.</li>
 *   <li>Sender status: every {@code sender.status.intervalMs} a SENDER_STATUS record (journal head, backlog records,
 *   bytes and age, input and output rates; see {@link SenderStatusReporter}) goes out of band, with stream sequence
 *   the last in-band sequence sent (-1, all bits set, before any), at the start of the next out-of-band block, or of
 *   a block of its own. Out of band, because it describes the backlog: in band it would wait behind that very
 *   backlog and reach the IT side as late as the journal is behind. It is not a record of the stream, so it must
 *   not take a stream sequence either.</li>
 *   <li>Conflated live lane (overload, {@link ConflatedLane}, attached by {@link #attachConflatedLane}): while the
 *   backlog is beyond {@code sender.overload.*}, at block boundaries where neither status nor carousel took one, the
 *   lane's values as of the journal head go out in out-of-band blocks within its own share.</li>
 *   <li>History carousel ({@link HistoryCarousel}, attached by {@link #attachHistory}): every
 *   {@code sender.history.resendIntervalMs} the history and file records of the recent window are read again from
 *   the journal and re-sent out of band with their original stream sequences, with RESEND_MARKER records naming the
 *   superseded live sequences, within {@code sender.history.bandwidthSharePercent}; it takes a block only where
 *   status, snapshot carousel and conflated lane took none.</li>
 * </ul>
 *
 * <p>Pacing: every datagram takes tokens from one bucket at {@code sender.linkRateBitsPerSec}, counting its UDP
 * payload plus 28 bytes of IPv4 and UDP headers ({@link #wireBytes()}). Keys: the sender's Ed25519 identity signs
 * an announcement of a fresh session key for the receiver's X25519 key; a new key is announced before
 * {@code sender.keyRotationIntervalMs} or {@code sender.keyRotationBytes} is reached and used two announcement
 * intervals later, so receivers hold it before the first datagram under it. The sender epoch is the start time in ms
 * shifted left by 16 bits plus 16 random bits: a restart is newer.
 *
 * <p>Socket: a {@link DatagramChannel} connected to {@code sender.destination}, bound only to choose the source
 * address ({@code sender.bindAddress}); it never listens. A send error (e.g. ICMP port unreachable reported on a
 * connected socket) is counted and the datagram is lost like any other; only a closed channel stops the agent.
 *
 * <p>Threads: {@link #start()} runs the agent on its own thread; {@link #close()} from any thread stops it, sends
 * the partly filled group, a last heartbeat, saves the journal position and closes the socket. Nothing in the
 * per-datagram path allocates (apart from the {@code GCMParameterSpec} of the JDK cipher), locks or logs. Counters
 * are plain fields written by the agent thread and read racily by others.
 */
public final class Replicator implements Runnable, AutoCloseable
{
    /** Announcement copies sent back to back at start and at each new key. */
    public static final int KEY_ANNOUNCEMENT_COPIES = 3;
    private static final Logger LOG = Logger.getLogger(Replicator.class.getName());
    private static final int SEND_BUFFER_BYTES = 4 << 20;
    private static final int MIN_BURST_DATAGRAMS = 32;
    private static final long NANOS_PER_MS = 1_000_000;
    private static final long IDLE_PARK_NS = 50_000;
    private static final int IDLE_SPINS = 20;
    private static final int MAX_DATAGRAMS_PER_CYCLE = 64;
    private static final int EPOCH_RANDOM_BITS = 16;
    private static final int KEY_SWITCH_AFTER_INTERVALS = 2;
    private static final long KEY_EXPIRY_MARGIN_MS = 600_000;
    private static final long STOP_WAIT_MS = 30_000;
    private static final int STATUS_TIMELINE_SAMPLES = 512;
    private static final long UNIX_EPOCH_TICKS = 11_644_473_600_000L * 10_000L;
    private static final long TICKS_PER_MS = 10_000L;

    private final JournalReader reader;
    private final LongSupplier streamHead;
    private final LongSupplier keyClockMs;
    private final DatagramChannel channel;
    private final MtuLimits limits;
    private final int linkId;
    private final int mtuBytes;
    private final int k;
    private final int m;
    private final int depth;
    private final int symbolBytes;
    private final long fingerprint;
    private final long senderEpoch;
    private final long heartbeatIntervalNs;
    private final long announcementIntervalNs;
    private final long lingerNs;
    private final long rotationIntervalMs;
    private final long rotationBytes;
    private final ErasureCodec codec;
    private final BlockInterleaver interleaver;
    private final DatagramSealer sealer;
    private final KeyAnnouncementSigner signer;
    private final TokenBucketPacer pacer;
    private final TokenBucketPacer controlPacer;
    private final BlockWriter packer = new BlockWriter();
    private final TagStateTable sentState = new TagStateTable();
    private final SnapshotCarousel carousel;
    private final ShareBudget snapshotBudget;
    private final SenderStatusReporter statusReporter;
    private final long blockWireBytes;
    private final DatagramHeaderFlyweight header = new DatagramHeaderFlyweight();
    private final HeartbeatFlyweight heartbeat = new HeartbeatFlyweight();
    private final byte[] group;
    private final int[] symbolCounts;
    private final boolean[] outOfBandBlocks;
    private final byte[] stage;
    private final byte[] datagram;
    private final ByteBuffer datagramBuffer;
    private final byte[] announcement = new byte[KeyAnnouncementFlyweight.DATAGRAM_LENGTH];
    private final byte[] nextAnnouncement = new byte[KeyAnnouncementFlyweight.DATAGRAM_LENGTH];
    private final int dataDatagramBytes;
    private final int heartbeatDatagramBytes;

    private volatile boolean stopRequested;
    private volatile Thread thread;
    private volatile Throwable failure;

    private int keyId;
    private long keyCreatedMs;
    private long keyBytes;
    private SessionKey nextKey;
    private IntConsumer keyRotationListener;
    private long keySwitchNs;
    private int announcementCopiesDue;
    private int nextAnnouncementCopiesDue;
    private long nextHeartbeatNs;
    private long nextAnnouncementNs;
    private int stagedLength;
    private boolean blockOpen;
    private int blocksInGroup;
    private long groupFirstRecordNs;
    private boolean sending;
    private long nextBlockSequence;
    private long groupLastIndex = Long.MIN_VALUE;
    private long groupLastSequence = -1;
    private boolean groupHasInBand;
    private long journalRecordsRead;
    /** Stream sequence of the first in-band record this epoch read, for heartbeats; -1 before. */
    private long epochFirstSequence = -1;
    private long journalBytesRead;

    private long datagrams;
    private long wireBytes;
    private long blocks;
    private long records;
    private long heartbeats;
    private long announcements;
    private long sendErrors;
    private long sealFailures;
    private long keyRotations;
    private long recordsTooLarge;
    private long outOfBandBlocksSent;
    private long snapshotBlocks;
    private long statusRecords;
    private volatile long reportedBacklogRecords;
    private volatile long reportedBacklogBytes;
    private volatile long reportedOldestUnsentAgeMs;
    private ConflatedLane conflatedLane;
    private HistoryCarousel history;

    /**
     * Builds the agent from the sender's configuration with the identity key from {@code sender.identityKeyFile}:
     * loads it and the receiver key from their PEM files, opens the journal's reader and the socket, and signs the
     * first session key.
     *
     * @param config  the sender's configuration.
     * @param journal the journal to send; its only reader is opened here.
     * @throws IOException                  if the socket cannot be opened or connected.
     * @throws KeyFiles.KeyFileException    if a key file is missing, malformed or (private key) readable by others.
     */
    public Replicator(final Config config, final OtJournal journal) throws IOException
    {
        this(config, journal, System::currentTimeMillis);
    }

    /**
     * As {@link #Replicator(Config, OtJournal)}, with the sender's identity supplied by the caller, e.g. a key on a
     * PKCS#11 token; {@code sender.identityKeyFile} is not read.
     *
     * @param identity signs the key announcements; called on the constructing thread for the first key, then on the
     *                 agent's thread. The caller keeps ownership and closes it after this agent.
     */
    public Replicator(final Config config, final OtJournal journal, final IdentitySigner identity) throws IOException
    {
        this(config, journal, identity, System::currentTimeMillis);
    }

    /**
     * As {@link #Replicator(Config, OtJournal)}, with the wall clock that times session keys (validity, and the
     * rotation after {@code sender.keyRotationIntervalMs}) supplied by the caller, so tests can rotate by time
     * without waiting the setting's minimum.
     *
     * @param keyClockMs wall clock for key timing, ms since 1970-01-01T00:00Z; called on the agent's thread.
     */
    Replicator(final Config config, final OtJournal journal, final LongSupplier keyClockMs) throws IOException
    {
        this(config, journal, new Ed25519IdentitySigner(
            KeyFiles.readEd25519PrivateKey(config.get(SenderSettings.IDENTITY_KEY_FILE))), keyClockMs);
    }

    private Replicator(final Config config, final OtJournal journal, final IdentitySigner identity,
        final LongSupplier keyClockMs) throws IOException
    {
        this(config, journal.openReader(config.get(SenderSettings.REPLICATOR_POSITION_SAVE_INTERVAL_MS)),
            journal::lastSequence, identity,
            KeyFiles.readX25519PublicKey(config.get(SenderSettings.RECEIVER_PUBLIC_KEY_FILE)),
            new SecureRandom(), keyClockMs);
        attachConflatedLane(config, JournalFollower.open(journal));
        attachHistory(config, new JournalHistorySource(journal));
    }

    /**
     * @param config           the sender's configuration (link, destination, rates, intervals).
     * @param reader           the journal reader; this agent owns it from now on.
     * @param streamHead       the newest journaled stream sequence, for heartbeats; read once per heartbeat.
     * @param identityKey      the sender's Ed25519 identity.
     * @param receiverKey      the receiver's X25519 public key.
     * @param random           source of the epoch's random bits and ephemeral keys.
     * @throws IOException if the socket cannot be opened or connected.
     */
    public Replicator(
        final Config config,
        final JournalReader reader,
        final LongSupplier streamHead,
        final Ed25519PrivateKeyParameters identityKey,
        final X25519PublicKeyParameters receiverKey,
        final SecureRandom random) throws IOException
    {
        this(config, reader, streamHead, new Ed25519IdentitySigner(identityKey), receiverKey, random);
    }

    /**
     * As {@link #Replicator(Config, JournalReader, LongSupplier, Ed25519PrivateKeyParameters,
     * X25519PublicKeyParameters, SecureRandom)} with the identity anywhere, e.g. on a PKCS#11 token.
     *
     * @param identity the sender's Ed25519 identity; the caller keeps ownership and closes it after this agent.
     */
    public Replicator(
        final Config config,
        final JournalReader reader,
        final LongSupplier streamHead,
        final IdentitySigner identity,
        final X25519PublicKeyParameters receiverKey,
        final SecureRandom random) throws IOException
    {
        this(config, reader, streamHead, identity, receiverKey, random, System::currentTimeMillis);
    }

    private Replicator(
        final Config config,
        final JournalReader reader,
        final LongSupplier streamHead,
        final IdentitySigner identity,
        final X25519PublicKeyParameters receiverKey,
        final SecureRandom random,
        final LongSupplier keyClockMs) throws IOException
    {
        this.keyClockMs = keyClockMs;
        this.reader = reader;
        this.streamHead = streamHead;
        this.mtuBytes = config.get(LinkSettings.MTU_BYTES);
        this.limits = MtuLimits.forMtu(mtuBytes);
        this.linkId = config.get(LinkSettings.ID);
        this.k = config.get(LinkSettings.FEC_SOURCE_SYMBOLS);
        this.m = config.get(LinkSettings.FEC_REPAIR_SYMBOLS);
        this.depth = config.get(LinkSettings.FEC_INTERLEAVE_DEPTH);
        this.symbolBytes = limits.maxSymbolBytes();
        this.fingerprint = LinkFingerprint.of(config, DatagramHeaderFlyweight.PROTOCOL_VERSION);
        this.senderEpoch = (System.currentTimeMillis() << EPOCH_RANDOM_BITS) |
            (random.nextInt() & ((1 << EPOCH_RANDOM_BITS) - 1));
        this.heartbeatIntervalNs = config.get(SenderSettings.HEARTBEAT_INTERVAL_MS) * NANOS_PER_MS;
        this.announcementIntervalNs = config.get(SenderSettings.KEY_ANNOUNCEMENT_INTERVAL_MS) * NANOS_PER_MS;
        this.lingerNs = config.get(SenderSettings.REPLICATOR_LINGER_MS) * NANOS_PER_MS;
        this.rotationIntervalMs = config.get(SenderSettings.KEY_ROTATION_INTERVAL_MS);
        this.rotationBytes = config.get(SenderSettings.KEY_ROTATION_BYTES);
        if (reader.maxRecordBytes() > k * symbolBytes - BlockWriter.HEADER_LENGTH)
        {
            throw new IllegalArgumentException("journal records of up to " + reader.maxRecordBytes() +
                " bytes do not fit in a block of k=" + k + " symbols of " + symbolBytes + " bytes");
        }
        this.codec = new ErasureCodec(k, Math.max(1, m), symbolBytes);
        if (m > 0)
        {
            codec.prepare(k, m);
        }
        this.interleaver = new BlockInterleaver(depth);
        this.sealer = new DatagramSealer(limits, config.get(LinkSettings.ENCRYPTION) == LinkEncryption.ENCRYPTED);
        this.signer = new KeyAnnouncementSigner(linkId, identity, receiverKey, random);
        this.dataDatagramBytes = DatagramHeaderFlyweight.HEADER_LENGTH + symbolBytes +
            DatagramHeaderFlyweight.TAG_LENGTH + MtuLimits.IPV4_UDP_OVERHEAD_BYTES;
        this.heartbeatDatagramBytes = DatagramHeaderFlyweight.HEADER_LENGTH + HeartbeatFlyweight.BODY_LENGTH +
            DatagramHeaderFlyweight.TAG_LENGTH + MtuLimits.IPV4_UDP_OVERHEAD_BYTES;
        final long bytesPerSec = Math.max(1, config.get(SenderSettings.LINK_RATE_BITS_PER_SEC) / Byte.SIZE);
        this.pacer = new TokenBucketPacer(bytesPerSec,
            Math.max((long)MIN_BURST_DATAGRAMS * (limits.maxDatagramBytes() + MtuLimits.IPV4_UDP_OVERHEAD_BYTES),
                bytesPerSec / 1000));
        final int controlBurst = 2 * KEY_ANNOUNCEMENT_COPIES *
            (KeyAnnouncementFlyweight.DATAGRAM_LENGTH + MtuLimits.IPV4_UDP_OVERHEAD_BYTES) + 2 * heartbeatDatagramBytes;
        this.controlPacer = new TokenBucketPacer(
            Math.max(1, bytesPerSec * config.get(SenderSettings.REPLICATOR_CONTROL_SHARE_PERCENT) / 100), controlBurst);
        this.group = new byte[depth * (k + m) * symbolBytes];
        this.symbolCounts = new int[depth];
        this.outOfBandBlocks = new boolean[depth];
        this.blockWireBytes = (long)(k + m) * dataDatagramBytes;
        this.carousel = new SnapshotCarousel(sentState, config.get(SenderSettings.SNAPSHOT_PERIOD_MS) * NANOS_PER_MS);
        this.snapshotBudget = new ShareBudget(
            Math.max(1, bytesPerSec * config.get(SenderSettings.SNAPSHOT_BANDWIDTH_SHARE_PERCENT) / 100),
            (depth + 1) * blockWireBytes);
        this.statusReporter = new SenderStatusReporter(config.get(SenderSettings.STATUS_INTERVAL_MS) * NANOS_PER_MS,
            STATUS_TIMELINE_SAMPLES);
        this.stage = new byte[reader.maxRecordBytes()];
        this.datagram = new byte[limits.maxDatagramBytes()];
        this.datagramBuffer = ByteBuffer.wrap(datagram);
        this.channel = openChannel(config.get(SenderSettings.DESTINATION).toInetSocketAddress(),
            config.find(SenderSettings.BIND_ADDRESS));
        try
        {
            installFirstKey(keyClockMs.getAsLong());
        }
        catch (final RuntimeException ex)
        {
            channel.close();
            throw ex;
        }
        LOG.info("replicator: epoch " + Long.toHexString(senderEpoch) + ", link fingerprint " +
            LinkFingerprint.toHex(fingerprint) + ", k=" + k + " m=" + m + " depth=" + depth + ", symbol " +
            symbolBytes + " bytes, to " + config.get(SenderSettings.DESTINATION));
    }

    private static DatagramChannel openChannel(final InetSocketAddress destination,
        final Optional<InetAddress> bindAddress) throws IOException
    {
        final DatagramChannel opened = DatagramChannel.open();
        try
        {
            opened.setOption(StandardSocketOptions.SO_SNDBUF, SEND_BUFFER_BYTES);
            if (bindAddress.isPresent())
            {
                opened.bind(new InetSocketAddress(bindAddress.get(), 0));
            }
            opened.connect(destination);
        }
        catch (final IOException | RuntimeException ex)
        {
            opened.close();
            throw ex;
        }
        return opened;
    }

    /** Starts the agent on its own thread, named {@code replicator}. */
    public synchronized void start()
    {
        if (thread != null)
        {
            throw new IllegalStateException("replicator already started");
        }
        final Thread t = new Thread(this, "replicator");
        thread = t;
        t.start();
    }

    /**
     * Runs the duty cycle until {@link #close()}, then flushes (see class comment). Never throws: a failure ends the
     * agent and is reported by {@link #failure()}.
     */
    @Override
    public void run()
    {
        int idle = 0;
        try
        {
            while (!stopRequested)
            {
                final long nowNs = System.nanoTime();
                final int work = doWork(nowNs);
                if (work > 0)
                {
                    idle = 0;
                }
                else if (++idle > IDLE_SPINS)
                {
                    LockSupport.parkNanos(IDLE_PARK_NS);
                }
                else
                {
                    Thread.onSpinWait();
                }
            }
            finish();
        }
        catch (final ClosedChannelException ex)
        {
            failure = ex;
        }
        catch (final IOException | RuntimeException | Error ex)
        {
            failure = ex;
            LOG.log(Level.SEVERE, "replicator stopped: nothing more is sent", ex);
        }
        finally
        {
            reader.close();
            closeLane();
            closeHistory();
            closeQuietly();
            if (sealer.key() != null)
            {
                sealer.key().destroy();
            }
            if (nextKey != null)
            {
                nextKey.destroy();
            }
        }
    }

    /**
     * One duty cycle: due control datagrams, then data datagrams while the pacer allows, or else fills blocks from
     * the journal. Owned by the agent thread.
     *
     * @param nowNs monotonic clock, ns.
     * @return work done (datagrams sent plus records read); 0 when idle or waiting for the pacer.
     * @throws IOException if the channel was closed.
     */
    public int doWork(final long nowNs) throws IOException
    {
        int work = sendControl(nowNs);
        if (!sending)
        {
            work += fill(nowNs);
        }
        if (sending)
        {
            work += sendSymbols(nowNs);
        }
        reader.savePositionIfDue(nowNs / NANOS_PER_MS);
        return work;
    }

    /**
     * Stops the agent (from any thread) and waits for it to flush and close; idempotent. Without {@link #start()},
     * closes the socket and the reader.
     */
    @Override
    public void close()
    {
        stopRequested = true;
        final Thread t = thread;
        if (t == null)
        {
            reader.close();
            closeLane();
            closeHistory();
            closeQuietly();
            return;
        }
        if (t != Thread.currentThread())
        {
            try
            {
                t.join(STOP_WAIT_MS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive())
            {
                LOG.severe("replicator did not stop within " + STOP_WAIT_MS + " ms; closing its socket");
                closeQuietly();
            }
        }
    }

    private int sendControl(final long nowNs) throws IOException
    {
        int work = 0;
        if (nextKey != null && nowNs - keySwitchNs >= 0)
        {
            switchKey();
        }
        if (nowNs - nextAnnouncementNs >= 0)
        {
            announcementCopiesDue = Math.max(announcementCopiesDue, 1);
            if (nextKey != null)
            {
                nextAnnouncementCopiesDue = Math.max(nextAnnouncementCopiesDue, 1);
            }
            nextAnnouncementNs = nowNs + announcementIntervalNs;
        }
        while (announcementCopiesDue > 0 && sendControlDatagram(announcement, nowNs))
        {
            announcementCopiesDue--;
            work++;
        }
        while (nextAnnouncementCopiesDue > 0 && sendControlDatagram(nextAnnouncement, nowNs))
        {
            nextAnnouncementCopiesDue--;
            work++;
        }
        if (nowNs - nextHeartbeatNs >= 0 && sendHeartbeat(nowNs))
        {
            nextHeartbeatNs = nowNs + heartbeatIntervalNs;
            work++;
        }
        return work;
    }

    private boolean sendControlDatagram(final byte[] bytes, final long nowNs) throws IOException
    {
        final int wire = bytes.length + MtuLimits.IPV4_UDP_OVERHEAD_BYTES;
        if (controlPacer.waitNs(wire, nowNs) > 0 || pacer.tryAcquire(wire, nowNs) > 0)
        {
            return false;
        }
        controlPacer.tryAcquire(wire, nowNs);
        System.arraycopy(bytes, 0, datagram, 0, bytes.length);
        if (write(bytes.length))
        {
            announcements++;
        }
        return true;
    }

    private boolean sendHeartbeat(final long nowNs) throws IOException
    {
        if (controlPacer.waitNs(heartbeatDatagramBytes, nowNs) > 0 ||
            pacer.tryAcquire(heartbeatDatagramBytes, nowNs) > 0)
        {
            return false;
        }
        controlPacer.tryAcquire(heartbeatDatagramBytes, nowNs);
        header.wrap(datagram, 0)
            .type(DatagramHeaderFlyweight.TYPE_HEARTBEAT)
            .linkId(linkId)
            .symbolIndex(0)
            .sourceSymbols(0)
            .repairSymbols(0)
            .blockSequence(nextBlockSequence);
        final int body = heartbeat.wrap(datagram, DatagramHeaderFlyweight.HEADER_LENGTH).write(
            System.currentTimeMillis(), mtuBytes, k, m, depth, fingerprint, streamHead.getAsLong(),
            nextBlockSequence, epochFirstSequence);
        if (sealAndWrite(body))
        {
            heartbeats++;
        }
        return true;
    }

    private int fill(final long nowNs)
    {
        int work = 0;
        while (!sending)
        {
            if (!blockOpen && (fillOutOfBandBlock(nowNs) || fillConflatedBlock(nowNs) || fillHistoryBlock(nowNs)))
            {
                work++;
                if (blocksInGroup == depth)
                {
                    startGroup();
                }
                continue;
            }
            if (stagedLength == 0)
            {
                stagedLength = reader.next(stage, 0);
                if (stagedLength == 0)
                {
                    break;
                }
                work++;
                if (journalRecordsRead == 0)
                {
                    epochFirstSequence = reader.lastReadSequence();
                }
                journalRecordsRead++;
                journalBytesRead += stagedLength;
                if (blocksInGroup == 0 && !blockOpen)
                {
                    groupFirstRecordNs = nowNs;
                }
            }
            if (!blockOpen)
            {
                openBlock(false);
            }
            if (packer.appendEncoded(stage, 0, stagedLength))
            {
                groupLastIndex = reader.lastReadIndex();
                groupLastSequence = reader.lastReadSequence();
                groupHasInBand = true;
                stagedLength = 0;
                records++;
            }
            else if (packer.recordCount() == 0)
            {
                recordsTooLarge++;
                stagedLength = 0;
            }
            else
            {
                closeBlock();
                if (blocksInGroup == depth)
                {
                    startGroup();
                }
            }
        }
        if (!sending && (blocksInGroup > 0 || (blockOpen && packer.recordCount() > 0)) &&
            (stopRequested || nowNs - groupFirstRecordNs >= lingerNs))
        {
            if (blockOpen && packer.recordCount() > 0)
            {
                closeBlock();
            }
            startGroup();
        }
        return work;
    }

    /**
     * Adds an out-of-band block to the group when a status record is due or the carousel has a snapshot to write
     * and credit for a whole block; called only at a block boundary.
     *
     * @return whether a block was added.
     */
    private boolean fillOutOfBandBlock(final long nowNs)
    {
        final boolean statusDue = statusReporter.isDue(nowNs);
        if (!carousel.isActive() && !carousel.startIfDue(nowNs, wallClockTicks()))
        {
            snapshotBudget.idle(nowNs);
        }
        final boolean carouselBlock = carousel.isActive() && snapshotBudget.tryCharge(blockWireBytes, nowNs);
        if (!statusDue && !carouselBlock)
        {
            return false;
        }
        if (blocksInGroup == 0)
        {
            groupFirstRecordNs = nowNs;
        }
        openBlock(true);
        if (statusDue)
        {
            final SenderStatus status = statusReporter.report(nowNs, wallClockTicks(), streamHead.getAsLong(),
                reader.sentSequence(), wireBytes, journalRecordsRead == 0 ? 0 : journalBytesRead / journalRecordsRead);
            reportedBacklogRecords = status.backlogRecords();
            reportedBacklogBytes = status.backlogBytes();
            reportedOldestUnsentAgeMs = status.oldestUnsentAgeMs();
            if (status.writeTo(packer, reader.sentSequence()))
            {
                statusRecords++;
            }
        }
        if (carouselBlock)
        {
            carousel.fill(packer);
            snapshotBlocks++;
        }
        closeBlock();
        return true;
    }

    /**
     * Attaches the conflated live lane (done by the journal constructor); call before {@link #start()}, once.
     *
     * @param config   the sender's configuration ({@code sender.overload.*}).
     * @param follower the lane's own view of the journal; the lane owns and closes it.
     */
    public void attachConflatedLane(final Config config, final JournalFollower follower)
    {
        if (conflatedLane != null || thread != null)
        {
            throw new IllegalStateException("the conflated lane is attached once, before start");
        }
        conflatedLane = new ConflatedLane(config, follower, blockWireBytes, (depth + 1) * blockWireBytes,
            ConflatedLane.DEFAULT_MAX_RECORDS_PER_POLL);
    }

    /** @return the conflated live lane, or null if none is attached. */
    public ConflatedLane conflatedLane()
    {
        return conflatedLane;
    }

    private boolean fillConflatedBlock(final long nowNs)
    {
        if (conflatedLane == null || !conflatedLane.poll(nowNs, streamHead.getAsLong(), reader.sentSequence(),
            reader.lastReadIndex(), blockWireBytes))
        {
            return false;
        }
        if (blocksInGroup == 0)
        {
            groupFirstRecordNs = nowNs;
        }
        openBlock(true);
        conflatedLane.fill(packer);
        closeBlock();
        return true;
    }

    private static long wallClockTicks()
    {
        return UNIX_EPOCH_TICKS + System.currentTimeMillis() * TICKS_PER_MS;
    }

    private void openBlock(final boolean outOfBand)
    {
        packer.wrap(group, blocksInGroup * (k + m) * symbolBytes, k * symbolBytes).outOfBand(outOfBand);
        outOfBandBlocks[blocksInGroup] = outOfBand;
        blockOpen = true;
    }

    private void closeBlock()
    {
        packer.finish();
        if (outOfBandBlocks[blocksInGroup])
        {
            outOfBandBlocksSent++;
        }
        blockOpen = false;
        blocksInGroup++;
    }

    private void startGroup()
    {
        final int blockBytes = (k + m) * symbolBytes;
        for (int i = 0; i < blocksInGroup; i++)
        {
            if (m > 0)
            {
                codec.encode(k, m, symbolBytes, group, i * blockBytes, group, i * blockBytes + k * symbolBytes);
            }
            symbolCounts[i] = k + m;
        }
        interleaver.start(symbolCounts, blocksInGroup);
        sending = true;
    }

    private int sendSymbols(final long nowNs) throws IOException
    {
        int sent = 0;
        final int blockBytes = (k + m) * symbolBytes;
        while (interleaver.hasNext() && sent < MAX_DATAGRAMS_PER_CYCLE)
        {
            if (pacer.tryAcquire(dataDatagramBytes, nowNs) > 0)
            {
                return sent;
            }
            final int entry = interleaver.next();
            final int block = BlockInterleaver.blockIndex(entry);
            final int symbol = BlockInterleaver.symbolIndex(entry);
            header.wrap(datagram, 0)
                .type(symbol < k ? DatagramHeaderFlyweight.TYPE_DATA_SYMBOL : DatagramHeaderFlyweight.TYPE_REPAIR_SYMBOL)
                .linkId(linkId)
                .symbolIndex(symbol)
                .sourceSymbols(k)
                .repairSymbols(m)
                .blockSequence(nextBlockSequence + block);
            System.arraycopy(group, block * blockBytes + symbol * symbolBytes, datagram,
                DatagramHeaderFlyweight.HEADER_LENGTH, symbolBytes);
            sealAndWrite(symbolBytes);
            sent++;
        }
        if (!interleaver.hasNext())
        {
            for (int i = 0; i < blocksInGroup; i++)
            {
                if (!outOfBandBlocks[i])
                {
                    sentState.applyBlock(group, i * blockBytes, k * symbolBytes);
                }
            }
            nextBlockSequence += blocksInGroup;
            blocks += blocksInGroup;
            blocksInGroup = 0;
            sending = false;
            if (groupHasInBand)
            {
                groupHasInBand = false;
                if (history != null)
                {
                    history.onGroupSent(nowNs, reader.sentIndex(), reader.sentSequence(), groupLastSequence);
                }
                reader.markSent(groupLastIndex, groupLastSequence);
            }
        }
        return sent;
    }

    private boolean sealAndWrite(final int payloadLength) throws IOException
    {
        header.wrap(datagram, 0).senderEpoch(senderEpoch);
        final int length = sealer.seal(datagram, 0, payloadLength);
        if (length < 0)
        {
            sealFailures++;
            if (length == DatagramSealer.KEY_EXHAUSTED && nextKey == null)
            {
                prepareNextKey(keyClockMs.getAsLong(), System.nanoTime(), 0);
            }
            return false;
        }
        keyBytes += payloadLength;
        if (nextKey == null && (keyBytes >= rotationBytes ||
            keyClockMs.getAsLong() - keyCreatedMs >= rotationIntervalMs))
        {
            prepareNextKey(keyClockMs.getAsLong(), System.nanoTime(),
                KEY_SWITCH_AFTER_INTERVALS * announcementIntervalNs);
        }
        return write(length);
    }

    private boolean write(final int length) throws IOException
    {
        datagramBuffer.clear().limit(length);
        try
        {
            if (channel.write(datagramBuffer) != length)
            {
                sendErrors++;
                return false;
            }
        }
        catch (final ClosedChannelException ex)
        {
            throw ex;
        }
        catch (final IOException ex)
        {
            sendErrors++;
            return false;
        }
        datagrams++;
        wireBytes += length + MtuLimits.IPV4_UDP_OVERHEAD_BYTES;
        return true;
    }

    private void installFirstKey(final long nowMs)
    {
        keyId = 1;
        final SessionKey key = signer.sign(announcement, 0, senderEpoch, keyId, nowMs - KEY_EXPIRY_MARGIN_MS,
            nowMs + keyLifetimeMs(), packetLimit());
        sealer.install(key);
        keyCreatedMs = nowMs;
        keyBytes = 0;
        announcementCopiesDue = KEY_ANNOUNCEMENT_COPIES;
    }

    private void prepareNextKey(final long nowMs, final long nowNs, final long switchDelayNs)
    {
        nextKey = signer.sign(nextAnnouncement, 0, senderEpoch, keyId + 1, nowMs - KEY_EXPIRY_MARGIN_MS,
            nowMs + keyLifetimeMs(), packetLimit());
        nextAnnouncementCopiesDue = KEY_ANNOUNCEMENT_COPIES;
        keySwitchNs = nowNs + switchDelayNs;
    }

    private void switchKey()
    {
        final SessionKey old = sealer.key();
        sealer.install(nextKey);
        if (old != null)
        {
            old.destroy();
        }
        nextKey = null;
        keyId++;
        keyCreatedMs = keyClockMs.getAsLong();
        keyBytes = 0;
        keyRotations++;
        if (keyRotationListener != null)
        {
            keyRotationListener.accept(keyId);
        }
        System.arraycopy(nextAnnouncement, 0, announcement, 0, announcement.length);
        nextAnnouncementCopiesDue = 0;
    }

    private long keyLifetimeMs()
    {
        return 2 * rotationIntervalMs + KEY_EXPIRY_MARGIN_MS;
    }

    private long packetLimit()
    {
        return 2 * (rotationBytes / MtuLimits.MIN_SYMBOL_BYTES) + (1L << 24);
    }

    private void finish() throws IOException
    {
        if (!sending)
        {
            if (blockOpen && packer.recordCount() > 0)
            {
                closeBlock();
            }
            if (blocksInGroup > 0)
            {
                startGroup();
            }
        }
        while (sending)
        {
            if (sendSymbols(System.nanoTime()) == 0)
            {
                LockSupport.parkNanos(IDLE_PARK_NS);
            }
        }
        long waitNs;
        while ((waitNs = pacer.waitNs(heartbeatDatagramBytes, System.nanoTime())) > 0)
        {
            LockSupport.parkNanos(waitNs);
        }
        pacer.tryAcquire(heartbeatDatagramBytes, System.nanoTime());
        header.wrap(datagram, 0).type(DatagramHeaderFlyweight.TYPE_HEARTBEAT).linkId(linkId).symbolIndex(0)
            .sourceSymbols(0).repairSymbols(0).blockSequence(nextBlockSequence);
        if (sealAndWrite(heartbeat.wrap(datagram, DatagramHeaderFlyweight.HEADER_LENGTH).write(
            System.currentTimeMillis(), mtuBytes, k, m, depth, fingerprint, streamHead.getAsLong(), nextBlockSequence,
            epochFirstSequence)))
        {
            heartbeats++;
        }
        reader.savePosition();
    }

    /**
     * Attaches the history carousel (done by the journal constructor); call before {@link #start()}, once. With
     * {@code sender.history.bandwidthSharePercent} 0 the source is closed and no carousel runs.
     *
     * @param config the sender's configuration ({@code sender.history.*}, the link rate).
     * @param source the carousel's own reader of the journal; the carousel owns and closes it.
     */
    public void attachHistory(final Config config, final HistorySource source)
    {
        if (history != null || thread != null)
        {
            source.close();
            throw new IllegalStateException("the history carousel is attached once, before start");
        }
        final int sharePercent = config.get(SenderSettings.HISTORY_BANDWIDTH_SHARE_PERCENT);
        if (sharePercent == 0)
        {
            source.close();
            return;
        }
        final long bytesPerSec = Math.max(1, config.get(SenderSettings.LINK_RATE_BITS_PER_SEC) / Byte.SIZE);
        history = new HistoryCarousel(source,
            new ShareBudget(Math.max(1, bytesPerSec * sharePercent / 100), (depth + 1) * blockWireBytes),
            config.get(SenderSettings.HISTORY_RESEND_INTERVAL_MS) * NANOS_PER_MS,
            config.get(SenderSettings.HISTORY_RESEND_WINDOW_MS) * NANOS_PER_MS,
            config.get(SenderSettings.HISTORY_RESEND_WINDOW_RECORDS), k * symbolBytes);
    }

    /** @return the history carousel, or null if none is attached. */
    public HistoryCarousel history()
    {
        return history;
    }

    private boolean fillHistoryBlock(final long nowNs)
    {
        if (history == null || !history.blockDue(nowNs, blockWireBytes))
        {
            return false;
        }
        if (blocksInGroup == 0)
        {
            groupFirstRecordNs = nowNs;
        }
        openBlock(true);
        history.fill(packer);
        closeBlock();
        return true;
    }

    private void closeHistory()
    {
        if (history != null)
        {
            history.close();
        }
    }

    private void closeLane()
    {
        if (conflatedLane != null)
        {
            conflatedLane.close();
        }
    }

    private void closeQuietly()
    {
        try
        {
            channel.close();
        }
        catch (final IOException ex)
        {
            LOG.warning("replicator socket close failed: " + ex);
        }
    }

    /** @return the local address of the socket (source of every datagram). */
    public InetSocketAddress localAddress() throws IOException
    {
        return (InetSocketAddress)channel.getLocalAddress();
    }

    /**
     * Sets who hears of each session key switch (the audit trail); call before {@link #start()}. The listener runs on
     * the agent's thread once per rotation, never per datagram, and must neither block nor throw.
     *
     * @param listener receives the new key id (of this run's {@link #senderEpoch()}).
     */
    public void onKeyRotation(final IntConsumer listener)
    {
        this.keyRotationListener = listener;
    }

    /** @return journal position writes that failed (see {@link JournalReader#positionSaveFailures()}). */
    public long positionSaveFailures()
    {
        return reader.positionSaveFailures();
    }

    /** @return the message of the last failed position write, or null. */
    public String lastPositionSaveError()
    {
        return reader.lastPositionSaveError();
    }

    /** @return this run's sender epoch. */
    public long senderEpoch()
    {
        return senderEpoch;
    }

    /** @return the link fingerprint heartbeats carry. */
    public long linkFingerprint()
    {
        return fingerprint;
    }

    /** @return why the agent stopped, or null. */
    public Throwable failure()
    {
        return failure;
    }

    /** @return datagrams written to the socket. */
    public long datagrams()
    {
        return datagrams;
    }

    /** @return bytes of those datagrams on the wire: UDP payload plus 28 bytes of IPv4 and UDP headers each. */
    public long wireBytes()
    {
        return wireBytes;
    }

    /** @return bytes the pacer granted: equals {@link #wireBytes()} unless sends failed or seals were refused. */
    public long pacedBytes()
    {
        return pacer.grantedBytes();
    }

    /** @return datagrams that waited for the pacer. */
    public long pacingWaits()
    {
        return pacer.waits();
    }

    /** @return FEC blocks sent completely. */
    public long blocks()
    {
        return blocks;
    }

    /** @return journal records packed into blocks. */
    public long records()
    {
        return records;
    }

    /** @return heartbeats sent. */
    public long heartbeats()
    {
        return heartbeats;
    }

    /** @return key announcements sent. */
    public long announcements()
    {
        return announcements;
    }

    /** @return datagrams the socket refused (e.g. ICMP errors on the connected socket). */
    public long sendErrors()
    {
        return sendErrors;
    }

    /** @return datagrams the sealer refused (no key, key exhausted); each is lost. */
    public long sealFailures()
    {
        return sealFailures;
    }

    /** @return session keys replaced by a new one. */
    public long keyRotations()
    {
        return keyRotations;
    }

    /** @return records that do not fit in an empty block, skipped. */
    public long recordsTooLarge()
    {
        return recordsTooLarge;
    }

    /** @return out-of-band blocks (snapshot carousel, sender status) sent or being sent. */
    public long outOfBandBlocks()
    {
        return outOfBandBlocksSent;
    }

    /** @return out-of-band blocks that carry snapshot records, each charged to the snapshot share. */
    public long snapshotBlocks()
    {
        return snapshotBlocks;
    }

    /** @return wire bytes charged to the snapshot share: {@link #snapshotBlocks()} times k + m datagrams. */
    public long snapshotBytes()
    {
        return snapshotBudget.chargedBytes();
    }

    /** @return snapshots started (the id of the last one). */
    public long snapshotsStarted()
    {
        return carousel.snapshotsStarted();
    }

    /** @return snapshots whose last record was written into a block. */
    public long snapshotsCompleted()
    {
        return carousel.snapshotsCompleted();
    }

    /** @return the cut of the current or last snapshot, or -1. */
    public long snapshotCut()
    {
        return carousel.cut();
    }

    /** @return tags known from the records sent (the carousel's table). */
    public int tagsTracked()
    {
        return sentState.tagCount();
    }

    /** @return SENDER_STATUS records written into blocks. */
    public long statusRecords()
    {
        return statusRecords;
    }

    /** @return records journaled but not sent, as of the latest SENDER_STATUS record; any thread. */
    public long reportedBacklogRecords()
    {
        return reportedBacklogRecords;
    }

    /** @return their estimated size in bytes, as of the latest SENDER_STATUS record; any thread. */
    public long reportedBacklogBytes()
    {
        return reportedBacklogBytes;
    }

    /** @return the age of the oldest unsent record, ms, as of the latest SENDER_STATUS record; any thread. */
    public long reportedOldestUnsentAgeMs()
    {
        return reportedOldestUnsentAgeMs;
    }

    /** @return the stream sequence of the last record whose group was sent completely, or -1. */
    public long sentSequence()
    {
        return reader.sentSequence();
    }
}
