package io.diodegw.sender.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * The replicator's persisted position in the journal: the Chronicle index and stream sequence of the last record
 * whose block was sent. A 24-byte file: magic u32, index i64, sequence i64, CRC32C u32 of the 20 bytes before it
 * (little-endian). Written to a temporary file, forced to disk, then atomically renamed over the old one, so a
 * crash leaves either the old or the new position, never a torn one.
 *
 * <p>Not thread-safe; owned by the replicator thread (through {@link JournalReader}).
 */
final class PositionFile
{
    static final String FILE_NAME = "replicator.position";
    private static final int MAGIC = 0x44475250;
    private static final int MAGIC_OFFSET = 0;
    private static final int INDEX_OFFSET = 4;
    private static final int SEQUENCE_OFFSET = 12;
    private static final int CRC_OFFSET = 20;
    private static final int LENGTH = 24;

    private final Path file;
    private final Path tmp;
    private final ByteBuffer buffer = ByteBuffer.allocate(LENGTH).order(ByteOrder.LITTLE_ENDIAN);
    private final CRC32C crc = new CRC32C();

    PositionFile(final Path dir)
    {
        this.file = dir.resolve(FILE_NAME);
        this.tmp = dir.resolve(FILE_NAME + ".tmp");
    }

    Path path()
    {
        return file;
    }

    /**
     * @return {index, sequence} of the last sent record, or null when there is no file (nothing was sent yet).
     * @throws UncheckedIOException if the file exists but cannot be read or is damaged (the message names it).
     */
    long[] read()
    {
        final byte[] bytes;
        try
        {
            bytes = Files.readAllBytes(file);
        }
        catch (final NoSuchFileException ex)
        {
            return null;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read replicator position " + file, ex);
        }
        final ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        crc.reset();
        if (bytes.length == LENGTH)
        {
            crc.update(bytes, 0, CRC_OFFSET);
        }
        if (bytes.length != LENGTH || b.getInt(MAGIC_OFFSET) != MAGIC || b.getInt(CRC_OFFSET) != (int)crc.getValue())
        {
            throw new UncheckedIOException(new IOException("replicator position " + file + " is damaged (" +
                bytes.length + " bytes); delete it to resend the whole journal"));
        }
        return new long[] {b.getLong(INDEX_OFFSET), b.getLong(SEQUENCE_OFFSET)};
    }

    /**
     * Replaces the persisted position.
     *
     * @throws UncheckedIOException if it cannot be written.
     */
    void write(final long index, final long sequence)
    {
        buffer.clear();
        buffer.putInt(MAGIC_OFFSET, MAGIC).putLong(INDEX_OFFSET, index).putLong(SEQUENCE_OFFSET, sequence);
        crc.reset();
        crc.update(buffer.array(), 0, CRC_OFFSET);
        buffer.putInt(CRC_OFFSET, (int)crc.getValue());
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING))
        {
            buffer.position(0).limit(LENGTH);
            while (buffer.hasRemaining())
            {
                channel.write(buffer);
            }
            channel.force(true);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write replicator position " + tmp, ex);
        }
        try
        {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (final AtomicMoveNotSupportedException ex)
        {
            throw new UncheckedIOException("the journal directory " + file.getParent() +
                " does not support atomic renames; put it on a local file system", ex);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot replace replicator position " + file, ex);
        }
    }
}
