package io.diodegw.fec.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import com.backblaze.erasure.ReedSolomon;
import io.diodegw.fec.ErasureCodec;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Our {@link ErasureCodec} against Backblaze's JavaReedSolomon, same geometry, same data, same erasures.
 *
 * <p>Decode loses m source symbols spread over the block (the worst case within the budget: every repair symbol is
 * needed). Neither library reads the content of a missing slot, so each invocation rebuilds the same slots from the
 * same present symbols without restoring anything. The {@code sourceBytes} secondary metric is source data per
 * second (k x symbolBytes per operation).
 *
 * <pre>
 * bench/jmh.sh fec FecBenchmark -f 1 -wi 3 -w 1s -i 5 -r 1s
 * bench/jmh.sh fec FecBenchmark -p symbolBytes=8896
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
public class FecBenchmark
{
    /*
     * ReedSolomon overloads its methods with netty's ByteBuf, which is not on this classpath: javac cannot resolve
     * the overloads, so the byte[][] methods are bound through constant method handles (invokeExact on a static
     * final handle compiles to a direct call).
     */
    private static final MethodHandle ENCODE_PARITY;
    private static final MethodHandle DECODE_MISSING;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            ENCODE_PARITY = lookup.findVirtual(ReedSolomon.class, "encodeParity",
                MethodType.methodType(void.class, byte[][].class, int.class, int.class));
            DECODE_MISSING = lookup.findVirtual(ReedSolomon.class, "decodeMissing",
                MethodType.methodType(void.class, byte[][].class, boolean[].class, int.class, int.class));
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    @Param({"32+4", "64+8"})
    public String geometry;

    @Param({"1400"})
    public int symbolBytes;

    private int k;
    private int m;
    private ErasureCodec codec;
    private byte[] block;
    private long[] present;
    private ReedSolomon reedSolomon;
    private byte[][] shards;
    private boolean[] shardPresent;

    /** Source bytes processed, reported by JMH as a rate. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Bytes
    {
        public long sourceBytes;
    }

    @Setup(Level.Trial)
    public void setUp()
    {
        final String[] parts = geometry.split("\\+");
        k = Integer.parseInt(parts[0]);
        m = Integer.parseInt(parts[1]);
        final SplittableRandom random = new SplittableRandom(17);

        codec = new ErasureCodec(k, m, symbolBytes);
        codec.prepare(k, m);
        block = new byte[(k + m) * symbolBytes];
        for (int i = 0; i < k * symbolBytes; i++)
        {
            block[i] = (byte)random.nextInt(256);
        }
        codec.encode(k, m, symbolBytes, block, 0, block, k * symbolBytes);

        reedSolomon = ReedSolomon.create(k, m);
        shards = new byte[k + m][symbolBytes];
        for (int i = 0; i < k; i++)
        {
            System.arraycopy(block, i * symbolBytes, shards[i], 0, symbolBytes);
        }
        backblazeEncodeParity();

        present = new long[(k + m + 63) / 64];
        shardPresent = new boolean[k + m];
        for (int slot = 0; slot < k + m; slot++)
        {
            present[slot >>> 6] |= 1L << slot;
            shardPresent[slot] = true;
        }
        for (int lost = 0; lost < m; lost++)
        {
            final int slot = lost * (k / m) + 1;
            present[slot >>> 6] &= ~(1L << slot);
            shardPresent[slot] = false;
        }
    }

    @Benchmark
    public byte[] oursEncode(final Bytes bytes)
    {
        codec.encode(k, m, symbolBytes, block, 0, block, k * symbolBytes);
        bytes.sourceBytes += (long)k * symbolBytes;
        return block;
    }

    @Benchmark
    public boolean oursDecode(final Bytes bytes)
    {
        bytes.sourceBytes += (long)k * symbolBytes;
        return codec.decode(k, m, symbolBytes, block, 0, present);
    }

    @Benchmark
    public byte[][] backblazeEncode(final Bytes bytes) throws Throwable
    {
        backblazeEncodeParity();
        bytes.sourceBytes += (long)k * symbolBytes;
        return shards;
    }

    @Benchmark
    public byte[][] backblazeDecode(final Bytes bytes) throws Throwable
    {
        DECODE_MISSING.invokeExact(reedSolomon, shards, shardPresent, 0, symbolBytes);
        bytes.sourceBytes += (long)k * symbolBytes;
        return shards;
    }

    private void backblazeEncodeParity()
    {
        try
        {
            ENCODE_PARITY.invokeExact(reedSolomon, shards, 0, symbolBytes);
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
