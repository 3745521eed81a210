package io.diodegw.wire.record.bench;

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

import io.diodegw.wire.record.BlockReader;
import io.diodegw.wire.record.BlockWriter;
import io.diodegw.wire.record.BuiltinType;
import io.diodegw.wire.record.TagValue;
import io.diodegw.wire.record.TagValueBatchReader;
import io.diodegw.wire.record.TagValueBatchWriter;

/**
 * Encodes and decodes one 1416-byte symbol (a k=1 block at MTU 1500) full of typical live updates: Double, Float or
 * Int32 values of tags below 100,000, Good, source times within 3 s at 100-ns precision, server time 1..10 ms later.
 * One operation is one full block; divide by the printed values-per-block for a per-value cost. Run with
 * {@code -prof gc} to see the allocation rate (expected 0 B/op).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RecordCodecBenchmark
{
    private static final int SYMBOL_BYTES = 1416;
    private static final long TICKS_2026 = 134_116_128_000_000_000L;
    private static final long TICKS_PER_MS = 10_000L;
    private static final int PREPARED_VALUES = 200;

    @Param({"DOUBLE", "MIXED"})
    public String values;

    private final byte[] encodeBuffer = new byte[SYMBOL_BYTES];
    private final byte[] decodeBuffer = new byte[SYMBOL_BYTES];
    private final BlockWriter block = new BlockWriter();
    private final TagValueBatchWriter batch = new TagValueBatchWriter();
    private final BlockReader reader = new BlockReader();
    private final TagValue decoded = new TagValue();
    private final TagValue[] updates = new TagValue[PREPARED_VALUES];

    @Setup
    public void setUp()
    {
        final SplittableRandom random = new SplittableRandom(1);
        final int[] types = "DOUBLE".equals(values) ? new int[] {BuiltinType.DOUBLE} :
            new int[] {BuiltinType.DOUBLE, BuiltinType.FLOAT, BuiltinType.INT32};
        for (int i = 0; i < updates.length; i++)
        {
            final TagValue v = new TagValue().setTagId(random.nextInt(100_000));
            switch (types[i % types.length])
            {
                case BuiltinType.DOUBLE:
                    v.setDouble(20.0 + random.nextDouble() * 80.0);
                    break;
                case BuiltinType.FLOAT:
                    v.setFloat((float)(random.nextDouble() * 1000.0));
                    break;
                default:
                    v.setInt32(random.nextInt(-50_000, 50_000));
            }
            final long source = TICKS_2026 + random.nextLong(3_000 * TICKS_PER_MS);
            v.setSourceTime(source).setServerTime(source + TICKS_PER_MS + random.nextLong(9 * TICKS_PER_MS));
            updates[i] = v;
        }
        final int count = encodeInto(encodeBuffer);
        System.arraycopy(encodeBuffer, 0, decodeBuffer, 0, SYMBOL_BYTES);
        System.out.println("# values per " + SYMBOL_BYTES + "-byte block: " + count);
    }

    /**
     * @return values that fit in the block.
     */
    @Benchmark
    public int encodeBlock()
    {
        return encodeInto(encodeBuffer);
    }

    /**
     * @return a checksum of the decoded values.
     */
    @Benchmark
    public long decodeBlock()
    {
        long sum = 0;
        reader.wrap(decodeBuffer, 0, SYMBOL_BYTES);
        while (reader.next())
        {
            final TagValueBatchReader values = reader.tagValueBatch();
            while (values.next(decoded))
            {
                sum += decoded.rawBits() ^ decoded.sourceTimeTicks() ^ decoded.serverTimeTicks() + decoded.tagId();
            }
        }
        return sum;
    }

    private int encodeInto(final byte[] buffer)
    {
        block.wrap(buffer, 0, SYMBOL_BYTES);
        batch.beginLiveValues(block, 1);
        int count = 0;
        while (count < updates.length && batch.append(updates[count]))
        {
            count++;
        }
        block.finish();
        return count;
    }
}
