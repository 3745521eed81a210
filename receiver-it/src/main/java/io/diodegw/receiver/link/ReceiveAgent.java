package io.diodegw.receiver.link;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;

import io.diodegw.config.Config;
import io.diodegw.config.LinkFingerprint;
import io.diodegw.config.LinkSettings;
import io.diodegw.config.ReceiverSettings;
import io.diodegw.receiver.journal.AppliedRecords;
import io.diodegw.wire.crypto.DatagramOpener;
import io.diodegw.wire.crypto.KeyAnnouncementVerifier;
import io.diodegw.wire.crypto.KeyFiles;
import io.diodegw.wire.crypto.KeyIds;
import io.diodegw.wire.crypto.RevokedSenderKeys;
import io.diodegw.wire.crypto.TrustedSenderKeys;
import io.diodegw.wire.datagram.DatagramHeaderFlyweight;
import io.diodegw.wire.datagram.HeartbeatFlyweight;
import io.diodegw.wire.datagram.MtuLimits;
import io.diodegw.wire.record.BlockReader;
import io.diodegw.wire.record.BlockWriter;
import io.diodegw.wire.record.RecordType;

/**
 * The receiver's link agent: one thread that drains the UDP socket bound to {@code receiver.bind}, authenticates
 * every datagram, verifies key announcements, checks heartbeats against this receiver's link settings, reassembles
 * and FEC-decodes blocks, gives up blocks that cannot be rebuilt ({@link BlockGiveUp}: after
 * {@code receiver.blockTimeoutMs} or once the stream moved on by {@code receiver.reorderWindowBlocks}), and hands
 * every record to {@link AppliedRecords} in stream-sequence order, with a gap for every lost range
 * ({@link RecordSequencer}). The records of an out-of-band block ({@link BlockWriter#FLAG_OUT_OF_BAND}: snapshot
 * carousel, sender status) go to {@link OutOfBandRecords} instead: they never pass the sequencer, so they never open
 * or close a gap and never count as out of order. {@link OutOfBandRecords#senderHeard} learns of every authenticated
 * datagram of this link (for staleness). A block that is given up cannot be told apart: it counts as a loss as
 * before, and becomes a gap only if in-band sequences are then missing.
 *
 * <p>Per datagram: {@link DatagramOpener} (header validation, key by epoch and key id, replay window, AES-GCM);
 * a key announcement goes to the {@link AnnouncementHandler}; a heartbeat is compared with this receiver's MTU, FEC
 * geometry and {@link LinkFingerprint} (a mismatch is counted every time and logged once per change, by setting
 * name); a symbol of another geometry or link id is counted and dropped. Every rejection is counted by reason in
 * {@link LinkCounters} (opener and verifier result codes). A new sender epoch (a datagram of another epoch that
 * authenticated, which the opener allows only for a newer epoch) ends the old epoch's stream (open blocks are
 * resolved, a trailing loss becomes a gap up to the old sender's last heartbeat head) and starts a new one.
 *
 * <p>Threading: {@link #start()} runs the duty cycle {@link #doWork(long, long)} on its own thread; tests may instead
 * call {@code doWork} themselves on one thread. Everything except {@link #counters()}, {@link #localAddress()},
 * {@link #failure()} and {@link #close()} is confined to that thread. The hot path takes no lock, writes no log and
 * allocates nothing itself (the JCE's AES-GCM allocates a parameter object per datagram; decoded records allocate
 * their strings and arrays). Owns its socket, opener and announcement handler; {@link #close()} stops the thread,
 * closes the socket and destroys every key.
 */
public final class ReceiveAgent implements AutoCloseable
{
    /** Clock skew tolerated on key announcement validity; the two hosts are expected to run NTP. */
    public static final long MAX_CLOCK_SKEW_MS = 5 * 60_000;

    private static final System.Logger LOG = System.getLogger(ReceiveAgent.class.getName());
    /** A block sequence this far beyond the oldest open block is refused, so no datagram can make us skip ahead. */
    private static final long MAX_BLOCKS_AHEAD = 1L << 20;
    private static final int MAX_DATAGRAMS_PER_POLL = 256;
    private static final int SPINS_BEFORE_PARK = 100;
    private static final long MIN_PARK_NS = 10_000;
    private static final long MAX_PARK_NS = 1_000_000;
    private static final long KEY_EXPIRY_INTERVAL_MS = 1_000;
    private static final long NANOS_PER_MS = 1_000_000;
    private static final long JOIN_TIMEOUT_MS = 10_000;

    private final DatagramChannel channel;
    private final DatagramOpener opener;
    private final AnnouncementHandler announcements;
    private final LinkCounters counters = new LinkCounters();
    private final BlockReassembly reassembly;
    private final BlockGiveUp giveUp;
    private final RecordSequencer sequencer;
    private final OutOfBandRecords outOfBand;
    private final BlockReader outOfBandReader = new BlockReader();
    private final DatagramHeaderFlyweight header = new DatagramHeaderFlyweight();
    private final HeartbeatFlyweight heartbeat = new HeartbeatFlyweight();
    private final byte[] datagram;
    private final ByteBuffer datagramBuffer;
    private final int linkId;
    private final int k;
    private final int m;
    private final int depth;
    private final int mtuBytes;
    private final int symbolBytes;
    private final long linkFingerprint;
    private final int receiveBufferBytes;

    private volatile boolean running;
    private LinkEvents events = LinkEvents.NONE;
    private volatile String failure;
    private Thread thread;

    private boolean epochKnown;
    private long epoch;
    private boolean blocksStarted;
    private int lastMismatches;
    private long lastRepaired;
    private long nextKeyExpiryMs;
    private long nowMs;

    /**
     * Builds an agent from a receiver configuration: binds {@code receiver.bind}, reads the receiver's X25519 private
     * key and the trusted sender keys from their PEM files, and the revocation list
     * ({@code receiver.revokedSenderKeysFile}) if set; a trusted key that is also revoked is logged as a warning
     * naming its file.
     *
     * @param config  a loaded receiver configuration.
     * @param applied receives the ordered records and gaps (the table fan-out and the IT journal); when it also
     *                implements {@link OutOfBandRecords} (the table feed does), it receives the out-of-band records
     *                too.
     * @return an agent, not started.
     * @throws IOException if the socket cannot be bound.
     * @throws KeyFiles.KeyFileException if a key file or the revocation list is missing or malformed, or a private
     *     key is readable by others.
     */
    public static ReceiveAgent fromConfig(final Config config, final AppliedRecords applied) throws IOException
    {
        return fromConfig(config, applied, outOfBandOf(applied));
    }

    /**
     * As {@link #fromConfig(Config, AppliedRecords)}, with an explicit receiver of out-of-band records.
     *
     * @param outOfBand receives out-of-band records and "sender heard".
     */
    public static ReceiveAgent fromConfig(final Config config, final AppliedRecords applied,
        final OutOfBandRecords outOfBand) throws IOException
    {
        final X25519PrivateKeyParameters receiverKey =
            KeyFiles.readX25519PrivateKey(config.get(ReceiverSettings.PRIVATE_KEY_FILE));
        final Optional<Path> revokedFile = config.find(ReceiverSettings.REVOKED_SENDER_KEYS_FILE);
        final RevokedSenderKeys revoked = revokedFile.map(RevokedSenderKeys::read).orElse(RevokedSenderKeys.none());
        final List<Ed25519PublicKeyParameters> trusted = new ArrayList<>();
        int usable = 0;
        for (final Path file : config.get(ReceiverSettings.TRUSTED_SENDER_KEY_FILES))
        {
            final Ed25519PublicKeyParameters key = KeyFiles.readEd25519PublicKey(file);
            trusted.add(key);
            if (revoked.contains(KeyIds.of(key.getEncoded())))
            {
                LOG.log(Level.WARNING, "trusted sender key " + file + " (" + KeyFiles.fingerprint(key.getEncoded()) +
                    ") is revoked by " + revokedFile.orElseThrow() + "; its key announcements will be refused as " +
                    "REVOKED_SENDER. Remove it from receiver.trustedSenderKeyFiles.");
            }
            else
            {
                usable++;
            }
        }
        if (usable == 0)
        {
            LOG.log(Level.WARNING, "every trusted sender key is revoked: this receiver will install no session key " +
                "until a key that is not in " + revokedFile.orElseThrow() + " is trusted");
        }
        final MtuLimits limits = MtuLimits.forMtu(config.get(LinkSettings.MTU_BYTES));
        final KeyAnnouncementVerifier verifier = new KeyAnnouncementVerifier(limits, config.get(LinkSettings.ID),
            receiverKey, new TrustedSenderKeys(trusted), revoked, MAX_CLOCK_SKEW_MS);
        LOG.log(Level.INFO, "receiver key " + KeyFiles.fingerprint(receiverKey.generatePublicKey().getEncoded()) +
            ", " + trusted.size() + " trusted sender key(s), " + revoked.size() + " revoked");
        return new ReceiveAgent(config, new SignedAnnouncementHandler(verifier,
            config.get(ReceiverSettings.ANNOUNCEMENT_VERIFICATIONS_PER_SEC)), applied, outOfBand);
    }

    /**
     * @param config        a loaded receiver configuration (link settings, bind address, buffer, give-up policy).
     * @param announcements verifies announcements and installs their keys; this agent owns it from now on (closed
     *                      with the agent when it is {@link AutoCloseable}).
     * @param applied       receives the ordered records and gaps; when it also implements {@link OutOfBandRecords},
     *                      the out-of-band records too.
     * @throws IOException if the socket cannot be bound.
     */
    public ReceiveAgent(final Config config, final AnnouncementHandler announcements, final AppliedRecords applied)
        throws IOException
    {
        this(config, announcements, applied, outOfBandOf(applied));
    }

    /**
     * @param config        a loaded receiver configuration (link settings, bind address, buffer, give-up policy).
     * @param announcements verifies announcements and installs their keys; this agent owns it from now on (closed
     *                      with the agent when it is {@link AutoCloseable}).
     * @param applied       receives the ordered records and gaps.
     * @param outOfBand     receives the out-of-band records and "sender heard".
     * @throws IOException if the socket cannot be bound.
     */
    public ReceiveAgent(final Config config, final AnnouncementHandler announcements, final AppliedRecords applied,
        final OutOfBandRecords outOfBand) throws IOException
    {
        final MtuLimits limits = MtuLimits.forMtu(config.get(LinkSettings.MTU_BYTES));
        this.linkId = config.get(LinkSettings.ID);
        this.k = config.get(LinkSettings.FEC_SOURCE_SYMBOLS);
        this.m = config.get(LinkSettings.FEC_REPAIR_SYMBOLS);
        this.depth = config.get(LinkSettings.FEC_INTERLEAVE_DEPTH);
        this.mtuBytes = limits.mtuBytes();
        this.symbolBytes = limits.maxSymbolBytes();
        this.linkFingerprint = LinkFingerprint.of(config, DatagramHeaderFlyweight.PROTOCOL_VERSION);
        final int reorderWindow = Math.max(config.get(ReceiverSettings.REORDER_WINDOW_BLOCKS), depth);
        final int slots = Integer.highestOneBit(reorderWindow) << 1;
        this.reassembly = new BlockReassembly(k, m, symbolBytes, slots);
        this.giveUp = new BlockGiveUp(reorderWindow, depth,
            config.get(ReceiverSettings.BLOCK_TIMEOUT_MS) * NANOS_PER_MS, slots);
        this.sequencer = new RecordSequencer(applied, counters);
        this.outOfBand = outOfBand;
        this.opener = new DatagramOpener(limits);
        this.announcements = announcements;
        this.datagram = new byte[limits.maxDatagramBytes() + 1];
        this.datagramBuffer = ByteBuffer.wrap(datagram);
        final long requested = config.get(ReceiverSettings.SOCKET_RECEIVE_BUFFER_BYTES);
        final DatagramChannel opened = DatagramChannel.open();
        try
        {
            opened.setOption(StandardSocketOptions.SO_RCVBUF, (int)Math.min(requested, Integer.MAX_VALUE));
            opened.bind(config.get(ReceiverSettings.BIND).toInetSocketAddress());
            opened.configureBlocking(false);
            this.receiveBufferBytes = opened.getOption(StandardSocketOptions.SO_RCVBUF);
        }
        catch (final IOException | RuntimeException ex)
        {
            opened.close();
            throw ex;
        }
        this.channel = opened;
        if (receiveBufferBytes < requested)
        {
            LOG.log(Level.WARNING, "the kernel granted a UDP receive buffer of " + receiveBufferBytes +
                " bytes, less than receiver.socketReceiveBufferBytes=" + requested + "; bursts may be dropped. " +
                "Raise the limit with: sysctl -w net.core.rmem_max=" + requested);
        }
        LOG.log(Level.INFO, "receiving on " + localAddress() + ", link " + linkId + ", fingerprint " +
            LinkFingerprint.toHex(linkFingerprint) + ", k=" + k + " m=" + m + " interleave=" + depth +
            " mtu=" + mtuBytes + ", " + slots + " block slots");
    }

    /** Starts the agent's thread; call once. */
    public synchronized void start()
    {
        if (thread != null)
        {
            throw new IllegalStateException("already started");
        }
        running = true;
        thread = new Thread(this::run, "diodegw-receive-agent");
        thread.start();
    }

    /**
     * One duty cycle: drains up to {@value #MAX_DATAGRAMS_PER_POLL} datagrams, then resolves every block that is
     * complete or due to be given up, and expires keys once a second.
     *
     * @param nowNs monotonic clock ({@link System#nanoTime()}).
     * @param nowMs wall clock, ms since 1970-01-01T00:00Z (key validity).
     * @return the work done (datagrams read plus blocks resolved); 0 means idle.
     * @throws IOException if the socket fails.
     */
    public int doWork(final long nowNs, final long nowMs) throws IOException
    {
        this.nowMs = nowMs;
        int work = 0;
        while (work < MAX_DATAGRAMS_PER_POLL)
        {
            datagramBuffer.clear();
            if (channel.receive(datagramBuffer) == null)
            {
                break;
            }
            work++;
            onDatagram(datagramBuffer.position(), nowNs, nowMs);
        }
        work += resolveBlocks(nowNs);
        if (nowMs >= nextKeyExpiryMs)
        {
            opener.expire(nowMs);
            nextKeyExpiryMs = nowMs + KEY_EXPIRY_INTERVAL_MS;
        }
        return work;
    }

    /** @return the counters; any thread. */
    public LinkCounters counters()
    {
        return counters;
    }

    /** @return the bound socket address (the port is the real one when {@code receiver.bind} asked for port 0). */
    public InetSocketAddress localAddress() throws IOException
    {
        return (InetSocketAddress)channel.getLocalAddress();
    }

    /**
     * @return the receive buffer the kernel granted, as the JDK reports it (on Linux the JDK already halves the
     *     kernel's doubled figure, so this compares with what was asked for).
     */
    public int receiveBufferBytes()
    {
        return receiveBufferBytes;
    }

    /** @return this receiver's link fingerprint, the one heartbeats must carry. */
    public long linkFingerprint()
    {
        return linkFingerprint;
    }

    /** @return why the agent's thread stopped on its own, or null while it runs or after a clean stop. */
    public String failure()
    {
        return failure;
    }

    /** @return whether the agent's thread is running. */
    public boolean isRunning()
    {
        final Thread t = thread;
        return t != null && t.isAlive();
    }

    /**
     * Stops the thread (waits for it), closes the socket, destroys every session key and the receiver's private key
     * copy. Idempotent; any thread except the agent's.
     */
    @Override
    public void close()
    {
        running = false;
        final Thread t;
        synchronized (this)
        {
            t = thread;
        }
        if (t != null && t != Thread.currentThread())
        {
            LockSupport.unpark(t);
            try
            {
                t.join(JOIN_TIMEOUT_MS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
        try
        {
            channel.close();
        }
        catch (final IOException ex)
        {
            LOG.log(Level.WARNING, "closing the receive socket: " + ex);
        }
        if (t == null || !t.isAlive())
        {
            opener.expire(Long.MAX_VALUE);
            if (announcements instanceof AutoCloseable)
            {
                try
                {
                    ((AutoCloseable)announcements).close();
                }
                catch (final Exception ex)
                {
                    LOG.log(Level.WARNING, "closing the announcement handler: " + ex);
                }
            }
        }
    }

    private void run()
    {
        int idle = 0;
        long parkNs = MIN_PARK_NS;
        try
        {
            while (running)
            {
                if (doWork(System.nanoTime(), System.currentTimeMillis()) > 0)
                {
                    idle = 0;
                    parkNs = MIN_PARK_NS;
                }
                else if (++idle < SPINS_BEFORE_PARK)
                {
                    Thread.onSpinWait();
                }
                else
                {
                    LockSupport.parkNanos(parkNs);
                    parkNs = Math.min(parkNs << 1, MAX_PARK_NS);
                }
            }
        }
        catch (final ClosedChannelException ex)
        {
            if (running)
            {
                fail(ex);
            }
        }
        catch (final IOException ex)
        {
            counters.increment(LinkCounter.SOCKET_ERRORS);
            fail(ex);
        }
        catch (final RuntimeException ex)
        {
            fail(ex);
        }
    }

    private void fail(final Exception ex)
    {
        failure = ex.toString();
        LOG.log(Level.ERROR, "the receive agent stopped", ex);
    }

    private void onDatagram(final int length, final long nowNs, final long nowMs)
    {
        counters.increment(LinkCounter.DATAGRAMS_RECEIVED);
        counters.add(LinkCounter.BYTES_RECEIVED, length);
        final int payloadLength = opener.open(datagram, 0, length);
        if (payloadLength < 0)
        {
            if (payloadLength == DatagramOpener.NOT_SEALED)
            {
                onAnnouncement(length, nowMs);
            }
            else
            {
                counters.onOpenRejected(payloadLength);
            }
            return;
        }
        header.wrap(datagram, 0);
        if (header.linkId() != linkId)
        {
            counters.increment(LinkCounter.FOREIGN_LINK);
            return;
        }
        outOfBand.senderHeard(header.senderEpoch(), nowMs);
        if (!epochKnown || header.senderEpoch() != epoch)
        {
            startEpoch(header.senderEpoch(), nowNs);
        }
        if (header.type() == DatagramHeaderFlyweight.TYPE_HEARTBEAT)
        {
            onHeartbeat(payloadLength, nowNs);
            return;
        }
        if (header.sourceSymbols() != k || header.repairSymbols() != m || payloadLength != symbolBytes)
        {
            counters.increment(LinkCounter.GEOMETRY_MISMATCHES);
            return;
        }
        final long blockSequence = header.blockSequence();
        if (!blocksStarted)
        {
            startBlocksAt(Math.max(0, blockSequence - (depth - 1)));
        }
        if (blockSequence - reassembly.nextBlock() > MAX_BLOCKS_AHEAD)
        {
            counters.increment(LinkCounter.IMPLAUSIBLE_BLOCK_SEQUENCES);
            return;
        }
        counters.increment(LinkCounter.SYMBOLS_RECEIVED);
        giveUp.onSymbol(blockSequence, nowNs);
        while (!reassembly.fits(blockSequence))
        {
            resolveNext();
        }
        final int result = reassembly.onSymbol(
            blockSequence, header.symbolIndex(), datagram, DatagramHeaderFlyweight.HEADER_LENGTH);
        switch (result)
        {
            case BlockReassembly.COMPLETED:
                counters.increment(LinkCounter.BLOCKS_COMPLETE);
                if (reassembly.blocksRepaired() != lastRepaired)
                {
                    lastRepaired = reassembly.blocksRepaired();
                    counters.increment(LinkCounter.BLOCKS_REPAIRED);
                }
                break;
            case BlockReassembly.AFTER_GIVE_UP:
                counters.increment(LinkCounter.SYMBOLS_AFTER_GIVE_UP);
                break;
            case BlockReassembly.STORED:
                break;
            default:
                counters.increment(LinkCounter.SYMBOLS_REDUNDANT);
                break;
        }
    }

    private void onHeartbeat(final int payloadLength, final long nowNs)
    {
        if (!HeartbeatFlyweight.isLengthValid(payloadLength))
        {
            counters.increment(LinkCounter.HEARTBEAT_MISMATCHES);
            return;
        }
        counters.increment(LinkCounter.HEARTBEATS);
        heartbeat.wrap(datagram, DatagramHeaderFlyweight.HEADER_LENGTH);
        final int mismatches = heartbeat.mismatches(mtuBytes, k, m, depth, linkFingerprint);
        if (mismatches != lastMismatches)
        {
            onMismatchesChanged(mismatches);
        }
        if (mismatches != 0)
        {
            counters.increment(LinkCounter.HEARTBEAT_MISMATCHES);
            return;
        }
        final long nextBlock = heartbeat.nextBlockSequence();
        if (!blocksStarted)
        {
            startBlocksAt(Math.max(0, nextBlock));
        }
        if (nextBlock - reassembly.nextBlock() > MAX_BLOCKS_AHEAD)
        {
            counters.increment(LinkCounter.IMPLAUSIBLE_BLOCK_SEQUENCES);
            return;
        }
        giveUp.onHeartbeat(nextBlock, nowNs);
        sequencer.onHeartbeat(heartbeat.streamHeadSequence(),
            HeartbeatFlyweight.hasEpochFirstSequence(payloadLength) ? heartbeat.epochFirstSequence() : -1);
    }

    private void onMismatchesChanged(final int mismatches)
    {
        if (mismatches == 0)
        {
            LOG.log(Level.INFO, "heartbeats of sender epoch " + Long.toUnsignedString(epoch) +
                " match this receiver's link settings again");
        }
        else
        {
            LOG.log(Level.WARNING, "heartbeats of sender epoch " + Long.toUnsignedString(epoch) +
                " differ from this receiver's link settings in: " + HeartbeatFlyweight.describeMismatches(mismatches) +
                " (sender: mtuBytes=" + heartbeat.mtuBytes() + " k=" + heartbeat.sourceSymbols() + " m=" +
                heartbeat.repairSymbols() + " interleave=" + heartbeat.interleaveDepth() + " fingerprint=" +
                LinkFingerprint.toHex(heartbeat.linkFingerprint()) + "; receiver: mtuBytes=" + mtuBytes + " k=" + k +
                " m=" + m + " interleave=" + depth + " fingerprint=" + LinkFingerprint.toHex(linkFingerprint) +
                "); compare the link sections of both configurations with bin/diode check-config");
        }
        lastMismatches = mismatches;
    }

    private void onAnnouncement(final int length, final long nowMs)
    {
        counters.increment(LinkCounter.ANNOUNCEMENTS);
        final int result = announcements.onAnnouncement(datagram, 0, length, opener, nowMs);
        if (result == AnnouncementHandler.INSTALLED)
        {
            counters.increment(LinkCounter.KEYS_INSTALLED);
            header.wrap(datagram, 0);
            LOG.log(Level.INFO, "installed session key " + Integer.toUnsignedString(header.keyId()) +
                " of sender epoch " + Long.toUnsignedString(header.senderEpoch()));
            events.onKeyInstalled(header.senderEpoch(), header.keyId(), announcements.lastSenderKeyId());
        }
        else if (result == AnnouncementHandler.REPEAT)
        {
            counters.increment(LinkCounter.ANNOUNCEMENT_REPEATS);
        }
        else if (result == AnnouncementHandler.RATE_LIMITED)
        {
            counters.increment(LinkCounter.ANNOUNCEMENTS_RATE_LIMITED);
        }
        else if (result < 0)
        {
            counters.onAnnouncementRejected(result);
        }
    }

    /**
     * Sets who hears of key installs and sender epochs (the audit log); call before {@link #start()}.
     *
     * @param listener called on the agent's thread; see {@link LinkEvents}.
     */
    public void linkEvents(final LinkEvents listener)
    {
        this.events = listener == null ? LinkEvents.NONE : listener;
    }

    /**
     * Continues the IT journal's stream after a restart, in whatever sender epoch comes: what the sender sent while
     * this receiver was down becomes a gap instead of passing unnoticed, and what the journal holds already is
     * dropped as a repeat (stream sequences belong to the OT journal and continue across sender restarts). Call
     * before {@link #start()}.
     *
     * @param nextStreamSequence one past the highest in-band stream sequence the journal holds.
     */
    public void resumeAt(final long nextStreamSequence)
    {
        sequencer.resumeAt(nextStreamSequence);
    }

    private void startEpoch(final long newEpoch, final long nowNs)
    {
        if (epochKnown)
        {
            final long end = Math.max(giveUp.heartbeatNextBlock(), reassembly.highestBlockSeen() + 1);
            while (blocksStarted && reassembly.nextBlock() < end)
            {
                resolveNext();
            }
            sequencer.endEpoch();
            LOG.log(Level.INFO, "sender epoch " + Long.toUnsignedString(epoch) + " ended; this receiver holds the " +
                "stream up to sequence " + (sequencer.expectedSequence() - 1) + "; sender epoch " +
                Long.toUnsignedString(newEpoch) + " started (the sender restarted)");
        }
        else
        {
            LOG.log(Level.INFO, "sender epoch " + Long.toUnsignedString(newEpoch) + " joined");
        }
        events.onSenderEpoch(epochKnown ? epoch : 0, newEpoch);
        epochKnown = true;
        epoch = newEpoch;
        blocksStarted = false;
        lastMismatches = 0;
        giveUp.restart();
        sequencer.startEpoch(newEpoch);
        counters.increment(LinkCounter.SENDER_EPOCHS);
    }

    private void startBlocksAt(final long firstBlock)
    {
        reassembly.restartAt(firstBlock);
        blocksStarted = true;
        sequencer.onBlocksStart(firstBlock);
    }

    private int resolveBlocks(final long nowNs)
    {
        int resolved = 0;
        while (blocksStarted)
        {
            if (reassembly.isNextComplete())
            {
                deliverNext();
            }
            else if (giveUp.shouldGiveUp(reassembly.nextBlock(), reassembly.highestBlockSeen(), nowNs))
            {
                giveUpNext();
            }
            else
            {
                break;
            }
            resolved++;
        }
        return resolved;
    }

    private void resolveNext()
    {
        if (reassembly.isNextComplete())
        {
            deliverNext();
        }
        else
        {
            giveUpNext();
        }
    }

    private void deliverNext()
    {
        final byte[] buffer = reassembly.buffer();
        final int offset = reassembly.nextOffset();
        final int length = reassembly.payloadBytes();
        if (outOfBandReader.wrap(buffer, offset, length) && outOfBandReader.isOutOfBand())
        {
            deliverOutOfBand();
        }
        else
        {
            sequencer.onBlock(buffer, offset, length);
        }
        reassembly.deliverNext();
    }

    private void deliverOutOfBand()
    {
        counters.increment(LinkCounter.BLOCKS_OUT_OF_BAND);
        final BlockReader reader = outOfBandReader;
        final long unknownBefore = reader.unknownSkipped();
        while (reader.next())
        {
            counters.increment(LinkCounter.RECORDS_OUT_OF_BAND);
            if (reader.type() == RecordType.SENDER_STATUS)
            {
                sequencer.onSentUpTo(reader.streamSequence());
            }
            outOfBand.outOfBand(reader.type(), reader.streamSequence(), epoch, reader.buffer(), reader.bodyOffset(),
                reader.bodyLength(), nowMs);
        }
        counters.add(LinkCounter.RECORDS_UNKNOWN_SKIPPED, reader.unknownSkipped() - unknownBefore);
        if (reader.isBlockMalformed())
        {
            counters.increment(LinkCounter.BLOCKS_MALFORMED);
        }
    }

    private static OutOfBandRecords outOfBandOf(final AppliedRecords applied)
    {
        return applied instanceof OutOfBandRecords ? (OutOfBandRecords)applied : OutOfBandRecords.NONE;
    }

    private void giveUpNext()
    {
        sequencer.onBlockLost();
        reassembly.giveUpNext();
        counters.increment(LinkCounter.BLOCKS_UNRECOVERABLE);
    }
}
