package io.diodegw.wire.record;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The hot paths for numeric values must not allocate: measured with the JVM's per-thread allocation counter, which
 * counts every heap allocation the thread makes, interpreted or compiled. JMH's {@code -prof gc} gives the exact
 * figure (see {@code bench.RecordCodecBenchmark}).
 */
class NumericCodecAllocationTest
{
    private static final int ROUNDS = 5_000;
    private static final int MIN_OBJECT_BYTES = 16;
    private static final int[] TYPES = {BuiltinType.DOUBLE, BuiltinType.FLOAT, BuiltinType.INT32,
        BuiltinType.UINT64, BuiltinType.BOOLEAN, BuiltinType.GUID, BuiltinType.DATE_TIME, BuiltinType.STATUS_CODE};

    private final byte[] buffer = new byte[1416];
    private final BlockWriter block = new BlockWriter();
    private final TagValueBatchWriter batch = new TagValueBatchWriter();
    private final BlockReader reader = new BlockReader();
    private final TagValue[] values = new TagValue[80];
    private final TagValue decoded = new TagValue();

    @Test
    void shouldEncodeAndDecodeNumericBatchesWithoutAllocating()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long threadId = Thread.currentThread().getId();
        final SplittableRandom random = new SplittableRandom(8);
        for (int i = 0; i < values.length; i++)
        {
            values[i] = RecordTestData.typicalUpdate(random, new TagValue(), RecordTestData.TICKS_2026,
                BuiltinType.DOUBLE);
            if (i % 3 == 0)
            {
                RecordTestData.setRandomScalar(random, values[i], TYPES[i % TYPES.length]);
                values[i].setStatusCode(0x4000_0000).setSourceTime(values[i].sourceTimeTicks(), 1234);
            }
        }
        long checksum = 0;
        for (int round = 0; round < ROUNDS; round++)
        {
            checksum += encodeAndDecode();
        }
        threads.getThreadAllocatedBytes(threadId);

        final long before = threads.getThreadAllocatedBytes(threadId);
        for (int round = 0; round < ROUNDS; round++)
        {
            checksum += encodeAndDecode();
        }
        final long allocated = threads.getThreadAllocatedBytes(threadId) - before;

        assertTrue(checksum != 0);
        assertTrue(allocated < ROUNDS, allocated + " bytes allocated in " + ROUNDS + " rounds: an allocation per " +
            "round would be at least " + MIN_OBJECT_BYTES * ROUNDS + "; less is one-time JVM activity " +
            "(deoptimization, class loading)");
    }

    private long encodeAndDecode()
    {
        block.wrap(buffer, 0, buffer.length);
        batch.beginLiveValues(block, 1);
        int appended = 0;
        while (appended < values.length && batch.append(values[appended]))
        {
            appended++;
        }
        block.finish();
        long sum = appended;
        reader.wrap(buffer, 0, buffer.length);
        while (reader.next())
        {
            while (reader.tagValueBatch().next(decoded))
            {
                sum += decoded.rawBits() + decoded.sourceTimeTicks();
            }
        }
        return sum;
    }
}
