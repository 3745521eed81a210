package io.diodegw.receiver.selfcheck;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.locks.LockSupport;

import io.diodegw.fec.BlockInterleaver;
import io.diodegw.fec.ErasureCodec;
import io.diodegw.wire.crypto.DatagramSealer;
import io.diodegw.wire.crypto.SessionKey;
import io.diodegw.wire.datagram.DatagramHeaderFlyweight;
import io.diodegw.wire.datagram.HeartbeatFlyweight;
import io.diodegw.wire.datagram.MtuLimits;

/**
 * The sending half of the self-check, run on its own thread: frames the plant's records into blocks, FEC-encodes
 * each block, sends the symbols of {@code interleave} blocks at a time in interleaved order, each as a sealed data or
 * repair datagram, paced by a token bucket (burst: one interleave group, so framing pauses cost no rate), over a
 * real UDP socket to the receiver. The loss injector drops a seeded share of datagrams after sealing, as a lossy
 * link would (their packet counters are spent). A sealed heartbeat with the link geometry, fingerprint and stream
 * position goes out every {@value #HEARTBEAT_INTERVAL_MS} ms, and at the end 1 ms apart until {@value #FINAL_HEARTBEATS} of them got past the loss injector (at most
 * {@value #MAX_FINAL_HEARTBEATS} tries): a real sender keeps repeating heartbeats, and the run must not end before
 * the receiver can learn where the stream ends. The signed key announcement, when there is one, goes out first
 * ({@value #KEY_ANNOUNCEMENT_COPIES_AT_START} copies) and every {@value #ANNOUNCEMENT_INTERVAL_MS} ms.
 *
 * <p>Owns its channel (bound to 127.0.0.1 on an ephemeral port) and closes it in {@link #close()}. Counters are plain
 * fields written by the sending thread: read them after that thread was joined. Allocation-free per datagram except
 * what the JCE's AES-GCM needs.
 */
final class LinkSender implements Runnable, AutoCloseable
{
    static final long HEARTBEAT_INTERVAL_MS = 100;
    static final long ANNOUNCEMENT_INTERVAL_MS = 1000;
    static final int FINAL_HEARTBEATS = 3;
    static final int MAX_FINAL_HEARTBEATS = 2000;
    static final int LINK_ID = 1;
    static final int KEY_ANNOUNCEMENT_COPIES_AT_START = 3;

    private static final int SEND_BUFFER_BYTES = 4 << 20;
    private static final int PACER_BURST_DATAGRAMS = 32;
    private static final long FINAL_HEARTBEAT_SPACING_NS = 1_000_000;
    private static final long NANOS_PER_MS = 1_000_000;

    private final DatagramChannel channel;
    private final RecordFramer framer;
    private final ErasureCodec codec;
    private final BlockInterleaver interleaver;
    private final DatagramSealer sealer;
    private final DatagramHeaderFlyweight header = new DatagramHeaderFlyweight();
    private final HeartbeatFlyweight heartbeat = new HeartbeatFlyweight();
    private final LossInjector loss;
    private final Pacer pacer;
    private final byte[] keyAnnouncement;
    private final long durationMs;
    private final int k;
    private final int m;
    private final int depth;
    private final int mtuBytes;
    private final int symbolBytes;
    private final long linkFingerprint;
    private final byte[] group;
    private final int[] symbolCounts;
    private final int[] droppedPerBlock;
    private final byte[] datagram;
    private final ByteBuffer datagramBuffer;

    private long nextBlockSequence;
    private long blocks;
    private long datagramsSent;
    private long sendFailures;
    private long blocksBeyondRepairInjected;
    private long heartbeatsSent;
    private long announcementsSent;
    private long elapsedNs;
    private String failure;

    /**
     * @param options         the run's options.
     * @param plant           the record stream to send.
     * @param key             the session key to seal with; this sender installs it and owns it from now on.
     * @param keyAnnouncement the signed announcement datagram of {@code key} to send first and repeat, or null when
     *                        the receiver got the key out of band.
     * @param linkFingerprint the fingerprint heartbeats carry.
     * @param destination     the receiver's socket address.
     * @throws IOException if the socket cannot be opened or connected.
     */
    LinkSender(
        final SelfCheckOptions options,
        final SyntheticPlant plant,
        final SessionKey key,
        final byte[] keyAnnouncement,
        final long linkFingerprint,
        final InetSocketAddress destination) throws IOException
    {
        final MtuLimits limits = MtuLimits.forMtu(options.mtuBytes());
        this.framer = new RecordFramer(plant);
        this.k = options.sourceSymbols();
        this.m = options.repairSymbols();
        this.depth = options.interleaveDepth();
        this.mtuBytes = options.mtuBytes();
        this.symbolBytes = limits.maxSymbolBytes();
        this.durationMs = options.durationMs();
        this.linkFingerprint = linkFingerprint;
        this.codec = new ErasureCodec(k, m, symbolBytes);
        this.codec.prepare(k, m);
        this.interleaver = new BlockInterleaver(depth);
        this.sealer = new DatagramSealer(limits, true);
        this.sealer.install(key);
        this.loss = new LossInjector(options.seed(), options.lossPercent(), options.meanBurstDatagrams());
        this.pacer = new Pacer(options.rateBitsPerSec() / Byte.SIZE,
            Math.max(PACER_BURST_DATAGRAMS, depth * (k + m)) * limits.maxDatagramBytes());
        this.keyAnnouncement = keyAnnouncement == null ? null : keyAnnouncement.clone();
        this.group = new byte[depth * (k + m) * symbolBytes];
        this.symbolCounts = new int[depth];
        this.droppedPerBlock = new int[depth];
        this.datagram = new byte[limits.maxDatagramBytes()];
        this.datagramBuffer = ByteBuffer.wrap(datagram);
        final DatagramChannel opened = DatagramChannel.open();
        try
        {
            opened.setOption(StandardSocketOptions.SO_SNDBUF, SEND_BUFFER_BYTES);
            opened.bind(new InetSocketAddress(destination.getAddress(), 0));
            opened.connect(destination);
        }
        catch (final IOException | RuntimeException ex)
        {
            opened.close();
            throw ex;
        }
        this.channel = opened;
    }

    /**
     * Sends whole interleave groups until the configured duration is over (the group in progress is finished, so a
     * very low rate can make the run longer), then the final heartbeats. Never throws: a failure ends the run early
     * and is reported by {@link #failure()}.
     */
    @Override
    public void run()
    {
        final long startNs = System.nanoTime();
        final long endNs = startNs + durationMs * NANOS_PER_MS;
        try
        {
            long nextAnnouncementNs = startNs;
            if (keyAnnouncement != null)
            {
                for (int i = 0; i < KEY_ANNOUNCEMENT_COPIES_AT_START; i++)
                {
                    sendAnnouncement(System.nanoTime());
                }
                nextAnnouncementNs = startNs + ANNOUNCEMENT_INTERVAL_MS * NANOS_PER_MS;
            }
            long nextHeartbeatNs = startNs;
            long nowNs = startNs;
            while (nowNs - endNs < 0 && failure == null)
            {
                sendGroup();
                nowNs = System.nanoTime();
                if (nowNs - nextHeartbeatNs >= 0)
                {
                    sendHeartbeat();
                    nextHeartbeatNs = nowNs + HEARTBEAT_INTERVAL_MS * NANOS_PER_MS;
                }
                if (keyAnnouncement != null && nowNs - nextAnnouncementNs >= 0)
                {
                    sendAnnouncement(nowNs);
                    nextAnnouncementNs = nowNs + ANNOUNCEMENT_INTERVAL_MS * NANOS_PER_MS;
                }
            }
            int finalHeartbeatsThrough = 0;
            for (int i = 0; i < MAX_FINAL_HEARTBEATS && finalHeartbeatsThrough < FINAL_HEARTBEATS && failure == null;
                i++)
            {
                LockSupport.parkNanos(FINAL_HEARTBEAT_SPACING_NS);
                if (sendHeartbeat())
                {
                    finalHeartbeatsThrough++;
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            failure = "sender: " + ex;
        }
        finally
        {
            elapsedNs = System.nanoTime() - startNs;
        }
    }

    /** Closes the channel and destroys the session key; idempotent. Call after the sending thread ended. */
    @Override
    public void close()
    {
        closeChannel();
        if (sealer.key() != null)
        {
            sealer.key().destroy();
        }
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
                failure = "sender close: " + ex;
            }
        }
    }

    /** @return the sender's local socket address. */
    InetSocketAddress localAddress() throws IOException
    {
        return (InetSocketAddress)channel.getLocalAddress();
    }

    private void sendGroup() throws IOException
    {
        final int blockBytes = (k + m) * symbolBytes;
        final int sourceBytes = k * symbolBytes;
        for (int i = 0; i < depth; i++)
        {
            final int blockOffset = i * blockBytes;
            framer.fillBlock(group, blockOffset, sourceBytes);
            codec.encode(k, m, symbolBytes, group, blockOffset, group, blockOffset + sourceBytes);
            symbolCounts[i] = k + m;
            droppedPerBlock[i] = 0;
        }
        interleaver.start(symbolCounts, depth);
        while (interleaver.hasNext() && failure == null)
        {
            final int entry = interleaver.next();
            final int block = BlockInterleaver.blockIndex(entry);
            final int symbol = BlockInterleaver.symbolIndex(entry);
            header.wrap(datagram, 0)
                .type(symbol < k ? DatagramHeaderFlyweight.TYPE_DATA_SYMBOL : DatagramHeaderFlyweight.TYPE_REPAIR_SYMBOL)
                .linkId(LINK_ID)
                .symbolIndex(symbol)
                .sourceSymbols(k)
                .repairSymbols(m)
                .blockSequence(nextBlockSequence + block);
            System.arraycopy(group, block * blockBytes + symbol * symbolBytes, datagram,
                DatagramHeaderFlyweight.HEADER_LENGTH, symbolBytes);
            if (!sealAndSend(symbolBytes))
            {
                droppedPerBlock[block]++;
            }
        }
        for (int i = 0; i < depth; i++)
        {
            if (droppedPerBlock[i] > m)
            {
                blocksBeyondRepairInjected++;
            }
        }
        nextBlockSequence += depth;
        blocks += depth;
    }

    /**
     * @return false if the heartbeat was not sent (injected loss or a seal failure).
     */
    private boolean sendHeartbeat() throws IOException
    {
        header.wrap(datagram, 0)
            .type(DatagramHeaderFlyweight.TYPE_HEARTBEAT)
            .linkId(LINK_ID)
            .symbolIndex(0)
            .sourceSymbols(0)
            .repairSymbols(0)
            .blockSequence(nextBlockSequence);
        final int bodyLength = heartbeat.wrap(datagram, DatagramHeaderFlyweight.HEADER_LENGTH).write(
            System.currentTimeMillis(), mtuBytes, k, m, depth, linkFingerprint, framer.nextSequence() - 1,
            nextBlockSequence, framer.nextSequence() > 0 ? 0 : -1);
        heartbeatsSent++;
        return sealAndSend(bodyLength);
    }

    private void sendAnnouncement(final long nowNs) throws IOException
    {
        System.arraycopy(keyAnnouncement, 0, datagram, 0, keyAnnouncement.length);
        if (send(keyAnnouncement.length, nowNs))
        {
            announcementsSent++;
        }
    }

    /**
     * @return false if the datagram was not sent (injected loss or a seal failure).
     */
    private boolean sealAndSend(final int payloadLength) throws IOException
    {
        final int length = sealer.seal(datagram, 0, payloadLength);
        if (length < 0)
        {
            failure = "sender: seal failed with " + DatagramSealer.describe(length);
            return false;
        }
        return send(length, System.nanoTime());
    }

    private boolean send(final int length, final long nowNs) throws IOException
    {
        long waitNs = pacer.tryAcquire(length, nowNs);
        while (waitNs > 0)
        {
            LockSupport.parkNanos(waitNs);
            waitNs = pacer.tryAcquire(length, System.nanoTime());
        }
        if (loss.shouldDrop())
        {
            return false;
        }
        datagramBuffer.clear().limit(length);
        if (channel.write(datagramBuffer) != length)
        {
            sendFailures++;
            return false;
        }
        datagramsSent++;
        return true;
    }

    /** @return the stream sequence after the last record sent; records 0..this-1 were framed. */
    long nextStreamSequence()
    {
        return framer.nextSequence();
    }

    long records()
    {
        return framer.records();
    }

    long tagUpdates()
    {
        return framer.tagUpdates();
    }

    long recordBytes()
    {
        return framer.recordBytes();
    }

    long blocks()
    {
        return blocks;
    }

    /** @return datagrams handed to the socket (after injected loss). */
    long datagramsSent()
    {
        return datagramsSent;
    }

    long datagramsDroppedInjected()
    {
        return loss.dropped();
    }

    /** @return datagrams the socket did not take whole. */
    long sendFailures()
    {
        return sendFailures;
    }

    /** @return blocks that lost more than m symbols to injected loss alone: no receiver can rebuild them. */
    long blocksBeyondRepairInjected()
    {
        return blocksBeyondRepairInjected;
    }

    long heartbeatsSent()
    {
        return heartbeatsSent;
    }

    long announcementsSent()
    {
        return announcementsSent;
    }

    long elapsedNs()
    {
        return elapsedNs;
    }

    /** @return why the sender stopped early, or null. */
    String failure()
    {
        return failure;
    }
}
