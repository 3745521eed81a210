package io.diodegw.receiver.delivery;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * The file sink's producer: writes each object of a {@link DeliveryBatch} under the sink directory at its key.
 * Each file is written as {@code .NAME.part} next to its final name, forced to disk, renamed atomically over any
 * older file of the same key (a redelivered batch overwrites), and its directory forced: a reader never sees a
 * partial {@code .jsonl.gz} file, and a committed cursor never points past data that a power cut could lose.
 *
 * <p>Stateless; thread-safe.
 */
final class FileObjectWriter implements Processor
{
    private final Path dir;

    FileObjectWriter(final Path dir)
    {
        this.dir = dir;
    }

    @Override
    public void process(final Exchange exchange) throws IOException
    {
        final DeliveryBatch batch = exchange.getIn().getBody(DeliveryBatch.class);
        for (final DeliveryBatch.StoredObject object : batch.objects(""))
        {
            write(dir.resolve(object.key()), object.gzipJsonLines());
        }
    }

    private static void write(final Path target, final byte[] content) throws IOException
    {
        final Path parent = target.getParent();
        Files.createDirectories(parent);
        final Path temp = parent.resolve("." + target.getFileName() + ".part");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING))
        {
            final ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining())
            {
                channel.write(buffer);
            }
            channel.force(true);
        }
        try
        {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (final AtomicMoveNotSupportedException ex)
        {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        try (FileChannel channel = FileChannel.open(parent, StandardOpenOption.READ))
        {
            channel.force(true);
        }
        catch (final IOException ex)
        {
            // Some file systems cannot open a directory; the rename is atomic all the same.
        }
    }
}
