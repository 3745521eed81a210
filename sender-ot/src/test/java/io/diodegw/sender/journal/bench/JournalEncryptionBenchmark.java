package io.diodegw.sender.journal.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.diodegw.sender.journal.JournalOptions;
import io.diodegw.sender.journal.JournalReader;
import io.diodegw.sender.journal.OtJournal;
import io.diodegw.wire.crypto.JournalKey;
import io.diodegw.wire.record.BlockWriter;
import io.diodegw.wire.record.TagDefinition;

/**
 * What journal encryption costs: {@value #RECORDS} records of 1,000 bytes (16-byte header and body) handed to the OT
 * journal's writer thread, appended, and read back by the replicator's {@link JournalReader}, in clear and with
 * {@code sender.journal.encryptionKeyFile} set. The score is per record (append and read); the writer runs on its own
 * thread, so with two cores the score is the slower of writer and reader, not their sum. Each iteration starts a new
 * journal in a temporary directory (about 1 GB per second of iteration at most), deleted after it; put it on tmpfs
 * with {@code -DjournalBench.dir=/dev/shm} to measure the CPU cost without the disk's write-back.
 *
 * <pre>bench/jmh.sh sender-ot JournalEncryptionBenchmark -f 1 -wi 3 -w 1s -i 5 -r 1s -jvmArgsAppend -DjournalBench.dir=/dev/shm</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class JournalEncryptionBenchmark
{
    static final int RECORDS = 256;
    private static final int RECORD_BYTES = 1000;

    @Param({"clear", "aes-256-gcm"})
    public String mode;

    private final TagDefinition[] definitions = new TagDefinition[RECORDS];
    private Path dir;
    private OtJournal journal;
    private JournalReader reader;
    private byte[] record;

    @Setup(Level.Trial)
    public void setUpRecords()
    {
        for (int i = 0; i < RECORDS; i++)
        {
            int pad = 0;
            for (int attempt = 0; attempt < 4; attempt++)
            {
                definitions[i] = definition(i, pad);
                pad += RECORD_BYTES - recordLength(definitions[i]);
            }
            if (recordLength(definitions[i]) != RECORD_BYTES)
            {
                throw new IllegalStateException("record of " + recordLength(definitions[i]) + " bytes");
            }
        }
    }

    @Setup(Level.Iteration)
    public void openJournal() throws IOException
    {
        dir = Files.createTempDirectory(Path.of(System.getProperty("journalBench.dir",
            System.getProperty("java.io.tmpdir"))), "journal-bench");
        final byte[] keyBytes = new byte[JournalKey.LENGTH];
        new SplittableRandom(1).nextBytes(keyBytes);
        journal = OtJournal.open(JournalOptions.builder(dir).quotaBytes(64L * 1024 * 1024 * 1024)
            .encryptionKey("clear".equals(mode) ? null : new JournalKey(keyBytes)).build());
        reader = journal.openReader(1000);
        record = new byte[reader.maxRecordBytes()];
    }

    @TearDown(Level.Iteration)
    public void closeJournal() throws IOException
    {
        reader.close();
        journal.close();
        try (Stream<Path> files = Files.walk(dir))
        {
            files.sorted(Comparator.reverseOrder()).forEach(p ->
            {
                try
                {
                    Files.delete(p);
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException(ex);
                }
            });
        }
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public long appendAndRead()
    {
        for (final TagDefinition definition : definitions)
        {
            journal.tagDefinition(definition);
        }
        long bytes = 0;
        for (int got = 0; got < RECORDS;)
        {
            final int length = reader.next(record, 0);
            if (length > 0)
            {
                got++;
                bytes += length;
            }
            else
            {
                Thread.onSpinWait();
            }
        }
        return bytes;
    }

    private static TagDefinition definition(final int i, final int pad)
    {
        final char[] text = new char[Math.max(0, pad)];
        Arrays.fill(text, 'x');
        return new TagDefinition().tagId(i).sourceId(1).dataType(11).nodeId("ns=2;i=" + i).browsePath("/Objects/T" + i)
            .engineeringUnits("m").description(new String(text));
    }

    private static int recordLength(final TagDefinition definition)
    {
        final BlockWriter block = new BlockWriter();
        final byte[] buffer = new byte[BlockWriter.HEADER_LENGTH + 4 * RECORD_BYTES];
        block.wrap(buffer, 0, buffer.length);
        if (!definition.writeTo(block, 0))
        {
            throw new IllegalStateException("definition does not fit");
        }
        return block.usedLength() - BlockWriter.HEADER_LENGTH;
    }
}
