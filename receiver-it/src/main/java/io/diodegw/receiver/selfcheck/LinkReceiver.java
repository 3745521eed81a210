package io.diodegw.receiver.selfcheck;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.locks.LockSupport;

import io.diodegw.receiver.link.AnnouncementHandler;
import io.diodegw.receiver.link.BlockGiveUp;
import io.diodegw.receiver.link.BlockReassembly;
import io.diodegw.wire.crypto.DatagramOpener;
import io.diodegw.wire.datagram.DatagramHeaderFlyweight;
import io.diodegw.wire.datagram.HeartbeatFlyweight;
import io.diodegw.wire.datagram.MtuLimits;

/**
 * The receiving half of the self-check, run on its own thread: drains a UDP socket bound to 127.0.0.1 on an
 * ephemeral port, authenticates and opens each datagram with {@link DatagramOpener}, reassembles and repairs blocks
 * with {@link BlockReassembly}, and hands blocks in block order to {@link StreamVerifier}.
 *
 * <p>Give-up policy for the oldest unresolved block b (it is then reported as unrecoverable and its records as a
 * gap): the receiver's production policy {@link BlockGiveUp} with a reorder window of 2 x interleave blocks and a
 * timeout of {@value #IDLE_GIVE_UP_MS} ms after the first evidence that b was sent; or a newer block needs b's
 * slot.
 *
 * <p>Owns its channel and closes it in {@link #close()}. {@link #requestStop()} may be called from any thread; the
 * receiver then stops once no datagram arrived for {@value #DRAIN_IDLE_MS} ms. Counters are plain fields written by
 * the receiving thread: read them after that thread was joined. Allocation-free per datagram except what the JCE's
 * AES-GCM needs and the strings of tag definitions.
 */
final class LinkReceiver implements Runnable, AutoCloseable
{
    static final long IDLE_GIVE_UP_MS = 1000;
    static final long DRAIN_IDLE_MS = 100;
    static final int REQUESTED_RECEIVE_BUFFER_BYTES = 4 << 20;

    /** A block sequence this far beyond the oldest open block is refused, so no datagram can make us skip ahead. */
    private static final long MAX_BLOCKS_AHEAD = 1L << 20;
    private static final int MIN_SLOTS = 16;
    private static final int SLOTS_PER_DEPTH = 4;
    private static final int REORDER_WINDOW_PER_DEPTH = 2;
    private static final int MAX_DATAGRAMS_PER_POLL = 256;
    private static final int SPINS_BEFORE_PARK = 64;
    private static final long PARK_NS = 50_000;
    private static final long NANOS_PER_MS = 1_000_000;
    private static final long MAX_RUN_AFTER_STOP_MS = 30_000;

    private final DatagramChannel channel;
    private final DatagramOpener opener;
    private final AnnouncementHandler announcementHandler;
    private final BlockReassembly reassembly;
    private final BlockGiveUp giveUp;
    private final StreamVerifier verifier;
    private final DatagramHeaderFlyweight header = new DatagramHeaderFlyweight();
    private final HeartbeatFlyweight heartbeat = new HeartbeatFlyweight();
    private final byte[] datagram;
    private final ByteBuffer datagramBuffer;
    private final int k;
    private final int m;
    private final int depth;
    private final int mtuBytes;
    private final int symbolBytes;
    private final long linkFingerprint;
    private final int receiveBufferBytes;
    private final long[] openFailures = new long[16];

    private volatile boolean stopRequested;
    private boolean stopSeen;
    private long stopRequestedNs;
    private long lastDatagramNs;
    private long datagramsReceived;
    private long symbolsReceived;
    private long symbolsAfterGiveUp;
    private long geometryMismatches;
    private long implausibleBlockSequences;
    private long heartbeatsReceived;
    private long heartbeatMismatches;
    private long announcementsReceived;
    private long keysInstalled;
    private long foreignLinkDatagrams;
    private long lastStreamSequence = -1;
    private long heartbeatNextBlock;
    private String failure;

    /**
     * @param options             the run's options.
     * @param plant               the stream the sender produces, for verification.
     * @param opener              the opener, with the session key installed when there is no announcement handler;
     *                            this receiver owns it from now on.
     * @param announcementHandler handles key announcements, or null when keys come out of band.
     * @param linkFingerprint     the fingerprint expected in heartbeats.
     * @throws IOException if the socket cannot be opened.
     */
    LinkReceiver(
        final SelfCheckOptions options,
        final SyntheticPlant plant,
        final DatagramOpener opener,
        final AnnouncementHandler announcementHandler,
        final long linkFingerprint) throws IOException
    {
        final MtuLimits limits = MtuLimits.forMtu(options.mtuBytes());
        this.k = options.sourceSymbols();
        this.m = options.repairSymbols();
        this.depth = options.interleaveDepth();
        this.mtuBytes = options.mtuBytes();
        this.symbolBytes = limits.maxSymbolBytes();
        this.linkFingerprint = linkFingerprint;
        this.opener = opener;
        this.announcementHandler = announcementHandler;
        this.reassembly = new BlockReassembly(k, m, symbolBytes,
            Integer.highestOneBit(Math.max(MIN_SLOTS, SLOTS_PER_DEPTH * depth) * 2 - 1));
        this.giveUp = new BlockGiveUp(REORDER_WINDOW_PER_DEPTH * depth, depth, IDLE_GIVE_UP_MS * NANOS_PER_MS,
            reassembly.slots());
        this.verifier = new StreamVerifier(plant);
        this.datagram = new byte[limits.maxDatagramBytes() + 1];
        this.datagramBuffer = ByteBuffer.wrap(datagram);
        final DatagramChannel opened = DatagramChannel.open();
        try
        {
            opened.setOption(StandardSocketOptions.SO_RCVBUF, REQUESTED_RECEIVE_BUFFER_BYTES);
            opened.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            opened.configureBlocking(false);
            this.receiveBufferBytes = opened.getOption(StandardSocketOptions.SO_RCVBUF);
        }
        catch (final IOException | RuntimeException ex)
        {
            opened.close();
            throw ex;
        }
        this.channel = opened;
    }

    /** @return the address the sender must send to. */
    InetSocketAddress localAddress() throws IOException
    {
        return (InetSocketAddress)channel.getLocalAddress();
    }

    /** Asks the receiver to finish once the socket stayed empty for a while; callable from any thread. */
    void requestStop()
    {
        stopRequested = true;
    }

    /**
     * Receives until stopped, then resolves every block still open and closes the stream's accounting. Never
     * throws: a failure is reported by {@link #failure()}.
     */
    @Override
    public void run()
    {
        int idleSpins = 0;
        try
        {
            lastDatagramNs = System.nanoTime();
            while (true)
            {
                final long nowNs = System.nanoTime();
                final int received = poll(nowNs);
                resolveBlocks(nowNs);
                if (received > 0)
                {
                    idleSpins = 0;
                    continue;
                }
                if (stopRequested)
                {
                    if (!stopSeen)
                    {
                        stopSeen = true;
                        stopRequestedNs = nowNs;
                    }
                    if (nowNs - lastDatagramNs > DRAIN_IDLE_MS * NANOS_PER_MS ||
                        nowNs - stopRequestedNs > MAX_RUN_AFTER_STOP_MS * NANOS_PER_MS)
                    {
                        break;
                    }
                }
                if (++idleSpins > SPINS_BEFORE_PARK)
                {
                    LockSupport.parkNanos(PARK_NS);
                }
                else
                {
                    Thread.onSpinWait();
                }
            }
            finishStream();
        }
        catch (final IOException | RuntimeException ex)
        {
            failure = "receiver: " + ex;
        }
    }

    /** Closes the channel and destroys every session key the opener holds; idempotent. Call after the thread ended. */
    @Override
    public void close()
    {
        closeChannel();
        opener.expire(Long.MAX_VALUE);
    }

    /**
     * Closes the channel from any thread, which also ends a running {@link #run()} at its next socket call;
     * idempotent.
     */
    void closeChannel()
    {
        try
        {
            channel.close();
        }
        catch (final IOException ex)
        {
            if (failure == null)
            {
                failure = "receiver close: " + ex;
            }
        }
    }

    private int poll(final long nowNs) throws IOException
    {
        int count = 0;
        while (count < MAX_DATAGRAMS_PER_POLL)
        {
            datagramBuffer.clear();
            if (channel.receive(datagramBuffer) == null)
            {
                break;
            }
            count++;
            onDatagram(datagramBuffer.position(), nowNs);
        }
        if (count > 0)
        {
            lastDatagramNs = nowNs;
        }
        return count;
    }

    private void onDatagram(final int length, final long nowNs)
    {
        datagramsReceived++;
        final int payloadLength = opener.open(datagram, 0, length);
        if (payloadLength < 0)
        {
            if (payloadLength == DatagramOpener.NOT_SEALED)
            {
                onAnnouncement(length);
            }
            else
            {
                openFailures[-payloadLength]++;
            }
            return;
        }
        header.wrap(datagram, 0);
        if (header.linkId() != LinkSender.LINK_ID)
        {
            foreignLinkDatagrams++;
            return;
        }
        final int type = header.type();
        if (type == DatagramHeaderFlyweight.TYPE_HEARTBEAT)
        {
            onHeartbeat(payloadLength, nowNs);
            return;
        }
        if (header.sourceSymbols() != k || header.repairSymbols() != m || payloadLength != symbolBytes)
        {
            geometryMismatches++;
            return;
        }
        final long blockSequence = header.blockSequence();
        if (blockSequence - reassembly.nextBlock() > MAX_BLOCKS_AHEAD)
        {
            implausibleBlockSequences++;
            return;
        }
        symbolsReceived++;
        giveUp.onSymbol(blockSequence, nowNs);
        while (!reassembly.fits(blockSequence))
        {
            resolveNext();
        }
        final int result = reassembly.onSymbol(
            blockSequence, header.symbolIndex(), datagram, DatagramHeaderFlyweight.HEADER_LENGTH);
        if (result == BlockReassembly.AFTER_GIVE_UP)
        {
            symbolsAfterGiveUp++;
        }
    }

    private void onHeartbeat(final int payloadLength, final long nowNs)
    {
        if (!HeartbeatFlyweight.isLengthValid(payloadLength))
        {
            heartbeatMismatches++;
            return;
        }
        heartbeatsReceived++;
        heartbeat.wrap(datagram, DatagramHeaderFlyweight.HEADER_LENGTH);
        if (heartbeat.mismatches(mtuBytes, k, m, depth, linkFingerprint) != 0)
        {
            heartbeatMismatches++;
        }
        if (heartbeat.nextBlockSequence() - reassembly.nextBlock() > MAX_BLOCKS_AHEAD)
        {
            implausibleBlockSequences++;
            return;
        }
        lastStreamSequence = Math.max(lastStreamSequence, heartbeat.streamHeadSequence());
        heartbeatNextBlock = Math.max(heartbeatNextBlock, heartbeat.nextBlockSequence());
        giveUp.onHeartbeat(heartbeat.nextBlockSequence(), nowNs);
    }

    private void onAnnouncement(final int length)
    {
        announcementsReceived++;
        if (announcementHandler != null &&
            announcementHandler.onAnnouncement(datagram, 0, length, opener, System.currentTimeMillis()) ==
            AnnouncementHandler.INSTALLED)
        {
            keysInstalled++;
        }
    }

    private void resolveBlocks(final long nowNs)
    {
        while (true)
        {
            final long next = reassembly.nextBlock();
            if (reassembly.isNextComplete())
            {
                deliverNext();
            }
            else if (giveUp.shouldGiveUp(next, reassembly.highestBlockSeen(), nowNs))
            {
                giveUpNext();
            }
            else
            {
                return;
            }
        }
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
        verifier.onBlockDelivered(reassembly.buffer(), reassembly.nextOffset(), reassembly.payloadBytes());
        reassembly.deliverNext();
    }

    private void giveUpNext()
    {
        verifier.onBlockLost();
        reassembly.giveUpNext();
    }

    private void finishStream()
    {
        final long end = Math.max(heartbeatNextBlock, reassembly.highestBlockSeen() + 1);
        while (reassembly.nextBlock() < end)
        {
            resolveNext();
        }
        verifier.finish(lastStreamSequence);
    }

    StreamVerifier verifier()
    {
        return verifier;
    }

    BlockReassembly reassembly()
    {
        return reassembly;
    }

    long datagramsReceived()
    {
        return datagramsReceived;
    }

    long symbolsReceived()
    {
        return symbolsReceived;
    }

    /** @return symbols of blocks already given up: each means a give-up came too early. */
    long symbolsAfterGiveUp()
    {
        return symbolsAfterGiveUp;
    }

    /**
     * @param code a negative result of {@link DatagramOpener#open}.
     * @return datagrams refused with it.
     */
    long openFailures(final int code)
    {
        return openFailures[-code];
    }

    /** @return datagrams that failed authentication: a bad tag or a cipher failure. */
    long authFailures()
    {
        return openFailures(DatagramOpener.BAD_TAG) + openFailures(DatagramOpener.CRYPTO_FAILURE);
    }

    /**
     * @return datagrams refused for any reason by the opener (announcements excluded), of another link id, or with a
     *     block sequence implausibly far ahead.
     */
    long datagramsRefused()
    {
        long sum = foreignLinkDatagrams + implausibleBlockSequences;
        for (final long count : openFailures)
        {
            sum += count;
        }
        return sum;
    }

    long geometryMismatches()
    {
        return geometryMismatches;
    }

    long heartbeatsReceived()
    {
        return heartbeatsReceived;
    }

    /** @return heartbeats whose link settings differ from ours, or too short to read. */
    long heartbeatMismatches()
    {
        return heartbeatMismatches;
    }

    long announcementsReceived()
    {
        return announcementsReceived;
    }

    long keysInstalled()
    {
        return keysInstalled;
    }

    /** @return announcements refused by verification (0 without a handler). */
    long announcementsRefused()
    {
        return announcementHandler == null ? 0 : announcementHandler.refused();
    }

    /** @return the sender's last stream sequence according to its heartbeats, or -1. */
    long lastStreamSequence()
    {
        return lastStreamSequence;
    }

    /** @return the receive buffer the kernel granted, in bytes (Linux reports twice the usable size). */
    int receiveBufferBytes()
    {
        return receiveBufferBytes;
    }

    /** @return why the receiver stopped early, or null. */
    String failure()
    {
        return failure;
    }
}
