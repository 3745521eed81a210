package io.diodegw.wire.crypto.bench;

import java.security.SecureRandom;
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

import io.diodegw.wire.crypto.JournalCipher;
import io.diodegw.wire.crypto.JournalKey;

/**
 * The CPU cost of journal encryption alone: {@link JournalCipher} sealing and then opening one record body behind
 * its 16-byte header (the OT journal's excerpt; the IT journal's header is 39 bytes), as the journal writer and one
 * reader do per record. {@code JournalEncryptionBenchmark} (sender-ot) measures it inside the journal.
 *
 * <pre>bench/jmh.sh wire-format JournalCipherBenchmark -f 1 -wi 3 -w 1s -i 5 -r 1s</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class JournalCipherBenchmark
{
    private static final int HEADER_BYTES = 16;

    @Param({"984"})
    public int bodyBytes;

    private JournalCipher writer;
    private JournalCipher reader;
    private byte[] record;
    private byte[] sealed;
    private byte[] opened;

    @Setup
    public void setUp()
    {
        final SplittableRandom random = new SplittableRandom(3);
        final byte[] keyBytes = new byte[JournalKey.LENGTH];
        random.nextBytes(keyBytes);
        writer = JournalCipher.forWriting(new JournalKey(keyBytes), new SecureRandom());
        reader = JournalCipher.forReading(new JournalKey(keyBytes));
        record = new byte[HEADER_BYTES + bodyBytes];
        random.nextBytes(record);
        sealed = new byte[bodyBytes + JournalCipher.OVERHEAD_BYTES];
        opened = new byte[bodyBytes];
    }

    @Benchmark
    public int sealAndOpen()
    {
        final int sealedLength = writer.seal(record, 0, HEADER_BYTES, record, HEADER_BYTES, bodyBytes, sealed, 0);
        return reader.open(record, 0, HEADER_BYTES, sealed, 0, sealedLength, opened, 0);
    }
}
