package io.diodegw.systest.hostile;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

import io.diodegw.wire.crypto.KeyIds;
import io.diodegw.wire.datagram.DatagramHeaderFlyweight;
import io.diodegw.wire.datagram.HeaderStatus;
import io.diodegw.wire.datagram.KeyAnnouncementFlyweight;

/**
 * Floods a receiver's UDP port with hostile datagrams ({@link FloodKind}) at a paced rate, built from the real traffic
 * a {@link LegitimateCapture} holds: forged datagrams with the live link id, sender epoch and key id; key
 * announcements signed by an untrusted Ed25519 key; replays; truncated, oversized and wrong-version copies; random
 * bytes. Counts per kind what it sent, what it could not build yet (a kind that needs captured traffic before any
 * was captured: {@link #skipped(FloodKind)}) and how many of the sent datagrams fail the header check
 * ({@link DatagramHeaderFlyweight#validate}), so the receiver must refuse them as {@code BAD_HEADER}.
 *
 * <p>Deterministic for a given capture: every choice comes from one {@link SplittableRandom} seeded at construction,
 * and the untrusted signing key is derived from the same seed; only the validity times of forged announcements
 * follow the wall clock (so that they are current). Forged announcements come from a pool of
 * {@value #ANNOUNCEMENT_POOL} signed at the first need and again whenever the live sender epoch changes.
 *
 * <p>Threading: {@link #start()} runs the flood on one thread of its own, paced to {@code ratePerSec} (it catches up
 * after a stall of up to {@value #MAX_CATCH_UP_MS} ms, then forgets the rest); the counters and {@link #close()} may
 * be used from any thread. Per datagram the flood thread allocates nothing except when it signs a new pool.
 */
public final class HostileFlooder implements AutoCloseable
{
    /** Forged announcements signed per pool. */
    public static final int ANNOUNCEMENT_POOL = 16;
    /** An oversized datagram is longer than the link's largest by 1 to this many bytes. */
    public static final int OVERSIZE_SPAN_BYTES = 2048;
    /** Forged packet counters lie 1 to this many ahead of the latest real one (fresh in the replay window). */
    public static final int FORGED_COUNTER_SPREAD = 1 << 20;
    /** After a stall longer than this the flood does not send the missed datagrams in a burst. */
    public static final long MAX_CATCH_UP_MS = 100;

    private static final FloodKind[] KINDS = FloodKind.values();
    private static final int VARIANTS = 4;
    private static final long VALIDITY_BEFORE_MS = 60_000;
    private static final long VALIDITY_AFTER_MS = 3_600_000;
    private static final long FORGED_PACKET_LIMIT = 1L << 32;
    private static final int HIGH_KEY_ID_BIT = 0x8000_0000;
    private static final int VERSION_VALUES = 256;
    private static final long MAX_PARK_NS = 1_000_000;
    private static final long JOIN_TIMEOUT_MS = 10_000;

    private final InetSocketAddress target;
    private final double ratePerSec;
    private final FloodMix mix;
    private final int fallbackLinkId;
    private final int maxDatagramBytes;
    private final LegitimateCapture capture;
    private final SplittableRandom random;
    private final Ed25519PrivateKeyParameters untrustedKey;
    private final long untrustedKeyId;
    private final Ed25519Signer signer = new Ed25519Signer();
    private final DatagramHeaderFlyweight header = new DatagramHeaderFlyweight();
    private final KeyAnnouncementFlyweight body = new KeyAnnouncementFlyweight();
    private final byte[] out;
    private final ByteBuffer outBuffer;
    private final byte[] latest = new byte[LegitimateCapture.SLOT_BYTES];
    private final byte[] pool = new byte[ANNOUNCEMENT_POOL * KeyAnnouncementFlyweight.DATAGRAM_LENGTH];
    private final byte[] ephemeral = new byte[KeyAnnouncementFlyweight.EPHEMERAL_PUBLIC_KEY_LENGTH];
    private final DatagramChannel channel;
    private final AtomicLongArray sent = new AtomicLongArray(KINDS.length);
    private final AtomicLongArray headerInvalid = new AtomicLongArray(KINDS.length);
    private final AtomicLongArray skipped = new AtomicLongArray(KINDS.length);
    private final AtomicLongArray sendErrors = new AtomicLongArray(1);
    private final long fallbackEpoch;

    private boolean poolSigned;
    private long poolEpoch;
    private boolean poolHadAnnouncement;
    private volatile boolean running;
    private volatile long startedNs;
    private volatile long stoppedNs;
    private Thread thread;

    /**
     * @param target           the receiver's UDP address; must be resolved.
     * @param ratePerSec       datagrams per second, {@code > 0}.
     * @param mix              how the datagrams divide among the kinds.
     * @param seed             seeds every random choice and the untrusted signing key.
     * @param linkId           link id for datagrams built before any real one was captured, u16.
     * @param maxDatagramBytes the link's largest datagram ({@code MtuLimits.maxDatagramBytes()}); the receiver
     *                         refuses anything longer.
     * @param capture          real traffic of the link (the relay's tap); may stay empty, then only random bytes and
     *                         forged announcements are sent and the other kinds count as skipped.
     * @throws IOException if the sending socket cannot be opened.
     * @throws IllegalArgumentException on a rate that is not positive, an unresolved target, a link id outside u16
     *     or a datagram size below the header.
     */
    public HostileFlooder(final InetSocketAddress target, final double ratePerSec, final FloodMix mix, final long seed,
        final int linkId, final int maxDatagramBytes, final LegitimateCapture capture) throws IOException
    {
        this.target = Objects.requireNonNull(target, "target");
        if (target.isUnresolved())
        {
            throw new IllegalArgumentException("target " + target + " is unresolved");
        }
        if (!(ratePerSec > 0) || Double.isInfinite(ratePerSec))
        {
            throw new IllegalArgumentException("ratePerSec=" + ratePerSec + " must be > 0");
        }
        if (linkId < 0 || linkId > 0xFFFF)
        {
            throw new IllegalArgumentException("linkId=" + linkId + " not in [0, 65535]");
        }
        if (maxDatagramBytes < KeyAnnouncementFlyweight.DATAGRAM_LENGTH
            || maxDatagramBytes > LegitimateCapture.SLOT_BYTES * 32)
        {
            throw new IllegalArgumentException("maxDatagramBytes=" + maxDatagramBytes + " not in ["
                + KeyAnnouncementFlyweight.DATAGRAM_LENGTH + ", " + LegitimateCapture.SLOT_BYTES * 32 + "]");
        }
        this.ratePerSec = ratePerSec;
        this.mix = Objects.requireNonNull(mix, "mix");
        this.fallbackLinkId = linkId;
        this.maxDatagramBytes = maxDatagramBytes;
        this.capture = Objects.requireNonNull(capture, "capture");
        this.random = new SplittableRandom(seed);
        final byte[] keyBytes = new byte[Ed25519PrivateKeyParameters.KEY_SIZE];
        fill(keyBytes, 0, keyBytes.length);
        this.untrustedKey = new Ed25519PrivateKeyParameters(keyBytes, 0);
        this.untrustedKeyId = KeyIds.of(untrustedKey.generatePublicKey().getEncoded());
        this.fallbackEpoch = random.nextLong();
        this.out = new byte[Math.max(maxDatagramBytes, LegitimateCapture.SLOT_BYTES) + 1 + OVERSIZE_SPAN_BYTES];
        this.outBuffer = ByteBuffer.wrap(out);
        this.channel = DatagramChannel.open();
        channel.setOption(StandardSocketOptions.SO_SNDBUF, 1 << 20);
        channel.configureBlocking(true);
    }

    /** Starts the flood thread; call once. */
    public synchronized void start()
    {
        if (thread != null)
        {
            throw new IllegalStateException("already started");
        }
        running = true;
        startedNs = System.nanoTime();
        thread = new Thread(this::run, "diodegw-hostile-flood");
        thread.setDaemon(true);
        thread.start();
    }

    /** @return datagrams of {@code kind} sent; any thread. */
    public long sent(final FloodKind kind)
    {
        return sent.get(kind.ordinal());
    }

    /** @return datagrams of every kind sent; any thread. */
    public long sentTotal()
    {
        long total = 0;
        for (final FloodKind kind : KINDS)
        {
            total += sent(kind);
        }
        return total;
    }

    /** @return datagrams of {@code kind} sent that fail the header check, so the receiver must count BAD_HEADER. */
    public long headerInvalid(final FloodKind kind)
    {
        return headerInvalid.get(kind.ordinal());
    }

    /** @return draws of {@code kind} not sent because no real datagram was captured yet; any thread. */
    public long skipped(final FloodKind kind)
    {
        return skipped.get(kind.ordinal());
    }

    /** @return sends that failed (counted, not retried); any thread. */
    public long sendErrors()
    {
        return sendErrors.get(0);
    }

    /** @return key id of the untrusted Ed25519 key that signs the forged announcements. */
    public long untrustedKeyId()
    {
        return untrustedKeyId;
    }

    /** @return the rate the flood reached so far, datagrams per second; 0 before {@link #start()}. */
    public double achievedRatePerSec()
    {
        final long start = startedNs;
        if (start == 0)
        {
            return 0;
        }
        final long end = running ? System.nanoTime() : stoppedNs;
        final long elapsed = Math.max(1, end - start);
        return sentTotal() * 1e9 / elapsed;
    }

    /** Stops the flood thread (waits for it) and closes the socket. Idempotent; any thread. */
    @Override
    public void close()
    {
        final Thread owner;
        synchronized (this)
        {
            owner = thread;
            if (running)
            {
                running = false;
                stoppedNs = System.nanoTime();
            }
        }
        if (owner != null && owner != Thread.currentThread())
        {
            LockSupport.unpark(owner);
            try
            {
                owner.join(JOIN_TIMEOUT_MS);
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
            sendErrors.incrementAndGet(0);
        }
    }

    private void run()
    {
        final long periodNs = Math.max(1, (long)(TimeUnit.SECONDS.toNanos(1) / ratePerSec));
        final long maxLagNs = TimeUnit.MILLISECONDS.toNanos(MAX_CATCH_UP_MS);
        long nextNs = System.nanoTime();
        while (running)
        {
            final long nowNs = System.nanoTime();
            if (nowNs - nextNs < 0)
            {
                LockSupport.parkNanos(Math.min(nextNs - nowNs, MAX_PARK_NS));
                continue;
            }
            if (nowNs - nextNs > maxLagNs)
            {
                nextNs = nowNs;
            }
            sendOne();
            nextNs += periodNs;
        }
    }

    /**
     * Builds and sends one datagram of a kind drawn from the mix. Flood thread only.
     */
    void sendOne()
    {
        final FloodKind kind = mix.next(random);
        final int length = build(kind);
        if (length < 0)
        {
            skipped.setRelease(kind.ordinal(), skipped.getPlain(kind.ordinal()) + 1);
            return;
        }
        if (DatagramHeaderFlyweight.validate(out, 0, length, maxDatagramBytes) != HeaderStatus.OK)
        {
            headerInvalid.setRelease(kind.ordinal(), headerInvalid.getPlain(kind.ordinal()) + 1);
        }
        outBuffer.clear().limit(length);
        try
        {
            channel.send(outBuffer, target);
        }
        catch (final IOException ex)
        {
            sendErrors.setRelease(0, sendErrors.getPlain(0) + 1);
        }
        sent.setRelease(kind.ordinal(), sent.getPlain(kind.ordinal()) + 1);
    }

    /**
     * Writes one datagram of {@code kind} at index 0 of the send buffer.
     *
     * @return its length, or -1 if the kind needs a captured datagram and there is none.
     */
    int build(final FloodKind kind)
    {
        switch (kind)
        {
            case FORGED:
                return forged();
            case FORGED_ANNOUNCEMENT:
                return forgedAnnouncement();
            case REPLAY:
                return capture.copyRecent(random.nextLong(), out);
            case TRUNCATED:
            {
                final int length = capture.copyRecent(random.nextLong(), out);
                return length < 0 ? -1 : random.nextInt(length);
            }
            case OVERSIZED:
            {
                final int length = capture.copyRecent(random.nextLong(), out);
                if (length < 0)
                {
                    return -1;
                }
                final int oversized = maxDatagramBytes + 1 + random.nextInt(OVERSIZE_SPAN_BYTES);
                fill(out, length, oversized);
                return oversized;
            }
            case WRONG_VERSION:
            {
                final int length = capture.copyRecent(random.nextLong(), out);
                if (length < 0)
                {
                    return -1;
                }
                int version = random.nextInt(VERSION_VALUES - 1);
                if (version >= DatagramHeaderFlyweight.PROTOCOL_VERSION)
                {
                    version++;
                }
                header.wrap(out, 0).version(version);
                return length;
            }
            case RANDOM:
            {
                final int length = random.nextInt(maxDatagramBytes + 1);
                fill(out, 0, length);
                return length;
            }
            default:
                throw new IllegalStateException("no builder for " + kind);
        }
    }

    private int forged()
    {
        final int length = capture.copyRecent(random.nextLong(), out);
        if (length < 0 || capture.copyLatest(latest) < 0)
        {
            return -1;
        }
        header.wrap(latest, 0);
        final long epoch = header.senderEpoch();
        final int keyId = header.keyId();
        final long counter = header.packetCounter() + 1 + random.nextInt(FORGED_COUNTER_SPREAD);
        header.wrap(out, 0).senderEpoch(epoch).keyId(keyId).packetCounter(counter);
        fill(out, DatagramHeaderFlyweight.HEADER_LENGTH, length);
        return length;
    }

    private int forgedAnnouncement()
    {
        final boolean live = capture.copyLatest(latest) >= 0;
        final long epoch = live ? header.wrap(latest, 0).senderEpoch() : fallbackEpoch;
        final boolean announced = capture.hasAnnouncement();
        if (!poolSigned || epoch != poolEpoch || announced != poolHadAnnouncement)
        {
            signPool(epoch, live ? header.wrap(latest, 0).linkId() : fallbackLinkId, announced);
        }
        final int length = KeyAnnouncementFlyweight.DATAGRAM_LENGTH;
        System.arraycopy(pool, random.nextInt(ANNOUNCEMENT_POOL) * length, out, 0, length);
        return length;
    }

    /**
     * Signs {@value #ANNOUNCEMENT_POOL} announcements with the untrusted key, in {@value #VARIANTS} variants: the live
     * epoch with a key id the sender never uses, or a newer epoch; naming the untrusted signer, or claiming the
     * trusted sender's key id. All are addressed to the real receiver key once a real announcement was seen.
     */
    private void signPool(final long epoch, final int linkId, final boolean announced)
    {
        final long receiverKeyId = announced ? capture.receiverKeyId() : random.nextLong();
        final long trustedKeyId = announced ? capture.trustedSenderKeyId() : random.nextLong();
        final long nowMs = System.currentTimeMillis();
        final int length = KeyAnnouncementFlyweight.DATAGRAM_LENGTH;
        for (int i = 0; i < ANNOUNCEMENT_POOL; i++)
        {
            final int variant = i % VARIANTS;
            final boolean newerEpoch = variant == 1 || variant == 2;
            final boolean impersonating = variant >= 2;
            final long announcedEpoch = newerEpoch ? epoch + 1 + i : epoch;
            final int keyId = newerEpoch ? 1 : HIGH_KEY_ID_BIT | random.nextInt();
            final int offset = i * length;
            fill(ephemeral, 0, ephemeral.length);
            header.wrap(pool, offset)
                .writePreamble()
                .type(DatagramHeaderFlyweight.TYPE_KEY_ANNOUNCEMENT)
                .linkId(linkId)
                .senderEpoch(announcedEpoch)
                .keyId(keyId)
                .symbolIndex(0)
                .sourceSymbols(0)
                .repairSymbols(0)
                .blockSequence(0)
                .packetCounter(0);
            body.wrap(pool, offset + DatagramHeaderFlyweight.HEADER_LENGTH, KeyAnnouncementFlyweight.BODY_LENGTH)
                .write(announcedEpoch, keyId, ephemeral, 0, receiverKeyId, impersonating ? trustedKeyId : untrustedKeyId,
                    nowMs - VALIDITY_BEFORE_MS, nowMs + VALIDITY_AFTER_MS, FORGED_PACKET_LIMIT);
            signer.init(true, untrustedKey);
            signer.update(pool, offset, DatagramHeaderFlyweight.HEADER_LENGTH + KeyAnnouncementFlyweight.SIGNATURE_OFFSET);
            final byte[] signature = signer.generateSignature();
            System.arraycopy(signature, 0, pool, body.signatureIndex(), KeyAnnouncementFlyweight.SIGNATURE_LENGTH);
        }
        poolSigned = true;
        poolEpoch = epoch;
        poolHadAnnouncement = announced;
    }

    private void fill(final byte[] buffer, final int from, final int to)
    {
        int i = from;
        while (i < to)
        {
            long bits = random.nextLong();
            for (int b = 0; b < Long.BYTES && i < to; b++, i++)
            {
                buffer[i] = (byte)bits;
                bits >>>= Byte.SIZE;
            }
        }
    }
}
