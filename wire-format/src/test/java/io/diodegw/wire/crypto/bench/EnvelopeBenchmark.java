package io.diodegw.wire.crypto.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import io.diodegw.wire.crypto.DatagramOpener;
import io.diodegw.wire.crypto.DatagramSealer;
import io.diodegw.wire.crypto.SessionKey;
import io.diodegw.wire.datagram.DatagramHeaderFlyweight;
import io.diodegw.wire.datagram.MtuLimits;

/**
 * The link security envelope on a full 1472-byte datagram (MTU 1500: 40-byte header, 1416-byte payload, 16-byte
 * tag), encrypted and integrity-only: {@code seal} as the sender runs it (header fields, counter, AES-GCM), and
 * {@code open} as the receiver runs it (validate, key lookup, replay check, AES-GCM verify and decrypt in place).
 *
 * <p>Every open needs a datagram never opened before (the replay window refuses the rest), so {@code open} copies one
 * of {@value #POOL} pre-sealed datagrams into the receive buffer first; {@code copyOnly} measures that copy alone.
 * After each pass over the pool the key is re-installed (a new {@link SessionKey} object, about 0.05 B/op). Run with
 * {@code -prof gc}: {@code gc.alloc.rate.norm} is what the JDK cipher allocates per datagram, as the envelope itself
 * allocates nothing (see {@code EnvelopeAllocationTest}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EnvelopeBenchmark
{
    private static final int POOL = 2048;
    private static final long EPOCH = 0x0197_0000_0000_0001L;
    private static final int KEY_ID = 1;

    @Param({"true", "false"})
    public boolean encrypted;

    private final MtuLimits limits = MtuLimits.forMtu(MtuLimits.DEFAULT_MTU_BYTES);
    private final DatagramHeaderFlyweight header = new DatagramHeaderFlyweight();
    private DatagramSealer sealer;
    private DatagramOpener opener;
    private byte[] keyBytes;
    private byte[] sealBuffer;
    private byte[] openBuffer;
    private byte[][] sealed;
    private int payloadBytes;
    private int next;
    private long blockSequence;

    @Setup
    public void setUp()
    {
        final SplittableRandom random = new SplittableRandom(1);
        keyBytes = new byte[SessionKey.KEY_BYTES];
        random.nextBytes(keyBytes);
        payloadBytes = limits.maxPayloadBytes();
        final int datagramBytes = limits.maxDatagramBytes();
        sealBuffer = new byte[datagramBytes];
        openBuffer = new byte[datagramBytes];
        random.nextBytes(sealBuffer);
        header.wrap(sealBuffer, 0);

        sealer = new DatagramSealer(limits, encrypted);
        sealer.install(newKey());
        final DatagramSealer poolSealer = new DatagramSealer(limits, encrypted);
        poolSealer.install(newKey());
        sealed = new byte[POOL][];
        for (int i = 0; i < POOL; i++)
        {
            final byte[] datagram = new byte[datagramBytes];
            random.nextBytes(datagram);
            writeHeader(new DatagramHeaderFlyweight().wrap(datagram, 0), i);
            if (poolSealer.seal(datagram, 0, payloadBytes) != datagramBytes)
            {
                throw new IllegalStateException("could not seal the pool");
            }
            sealed[i] = datagram;
        }
        opener = new DatagramOpener(limits);
        opener.install(newKey());
        System.arraycopy(sealed[0], 0, openBuffer, 0, openBuffer.length);
        if (opener.open(openBuffer, 0, openBuffer.length) != payloadBytes)
        {
            throw new IllegalStateException("the pool does not open");
        }
        opener.remove(EPOCH, KEY_ID);
        opener.install(newKey());
    }

    @Benchmark
    public int seal()
    {
        writeHeader(header, blockSequence++);
        return sealer.seal(sealBuffer, 0, payloadBytes);
    }

    @Benchmark
    public int open()
    {
        if (next == POOL)
        {
            next = 0;
            opener.remove(EPOCH, KEY_ID);
            opener.install(newKey());
        }
        System.arraycopy(sealed[next++], 0, openBuffer, 0, openBuffer.length);
        return opener.open(openBuffer, 0, openBuffer.length);
    }

    @Benchmark
    public int copyOnly()
    {
        if (next == POOL)
        {
            next = 0;
        }
        System.arraycopy(sealed[next++], 0, openBuffer, 0, openBuffer.length);
        return openBuffer[100];
    }

    private SessionKey newKey()
    {
        return SessionKey.of(EPOCH, KEY_ID, keyBytes, 0x5EED, Long.MAX_VALUE, Long.MAX_VALUE);
    }

    private static void writeHeader(final DatagramHeaderFlyweight header, final long blockSequence)
    {
        header.type(DatagramHeaderFlyweight.TYPE_DATA_SYMBOL)
            .linkId(1)
            .blockSequence(blockSequence)
            .symbolIndex(0)
            .sourceSymbols(32)
            .repairSymbols(4);
    }
}
