package io.diodegw.sender.snapshot.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.diodegw.sender.snapshot.TagStateTable;
import io.diodegw.wire.record.BlockReader;
import io.diodegw.wire.record.BlockWriter;
import io.diodegw.wire.record.TagValue;
import io.diodegw.wire.record.TagValueBatchWriter;

/**
 * What the snapshot carousel costs the replicator thread: applying one sent FEC block of live values (k = 32 symbols
 * of 1416 bytes, TAG_VALUE_BATCH records of {@code valuesPerRecord} Double values over {@code tags} tags, as the
 * journal batches them) to the {@link TagStateTable}, against only decoding it with {@link BlockReader}. Divide by
 * the records or values per block (printed at setup) for the cost per record or value.
 *
 * <pre>bench/jmh.sh sender-ot TagStateTableBenchmark -f 1 -wi 3 -w 1s -i 5 -r 1s</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TagStateTableBenchmark
{
    private static final int BLOCKS = 64;
    private static final int BLOCK_BYTES = 32 * 1416;

    @Param({"10000", "100000"})
    public int tags;

    @Param({"64"})
    public int valuesPerRecord;

    private final byte[][] blocks = new byte[BLOCKS][BLOCK_BYTES];
    private final BlockReader reader = new BlockReader();
    private final TagValue value = new TagValue();
    private TagStateTable table;
    private int next;

    @Setup(Level.Trial)
    public void setUp()
    {
        final SplittableRandom random = new SplittableRandom(42);
        final BlockWriter block = new BlockWriter();
        final TagValueBatchWriter batch = new TagValueBatchWriter();
        final TagValue v = new TagValue();
        long sequence = 0;
        int records = 0;
        int values = 0;
        int tag = 0;
        for (final byte[] b : blocks)
        {
            block.wrap(b, 0, b.length);
            boolean full = false;
            while (!full)
            {
                if (!batch.beginLiveValues(block, sequence))
                {
                    break;
                }
                for (int i = 0; i < valuesPerRecord; i++)
                {
                    v.clear().setTagId(tag).setDouble(random.nextDouble()).setSourceTime(133_000_000_000_000_000L + i)
                        .setServerTime(133_000_000_000_000_000L + i + 20_000);
                    if (!batch.append(v))
                    {
                        full = true;
                        break;
                    }
                    tag = (tag + 1) % tags;
                    values++;
                }
                if (batch.count() > 0)
                {
                    sequence++;
                    records++;
                }
            }
            block.finish();
        }
        System.out.printf("%n%d records, %d values per block%n", records / BLOCKS, values / BLOCKS);
        table = new TagStateTable();
        for (int round = 0; round < tags / (values / BLOCKS) + 1; round++)
        {
            for (final byte[] b : blocks)
            {
                table.applyBlock(b, 0, b.length);
            }
        }
    }

    @Benchmark
    public int applyBlock()
    {
        final byte[] b = blocks[next++ & (BLOCKS - 1)];
        return table.applyBlock(b, 0, b.length);
    }

    @Benchmark
    public int decodeBlockOnly()
    {
        final byte[] b = blocks[next++ & (BLOCKS - 1)];
        reader.wrap(b, 0, b.length);
        int n = 0;
        while (reader.next())
        {
            while (reader.tagValueBatch().next(value))
            {
                n++;
            }
        }
        return n;
    }
}
