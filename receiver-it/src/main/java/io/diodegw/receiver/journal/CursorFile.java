package io.diodegw.receiver.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Properties;

/**
 * The stored position of one cursor: a small text file replaced atomically. A new version is written to
 * {@code NAME.cursor.tmp}, forced to disk, renamed over {@code NAME.cursor} (an atomic rename), and the directory is
 * forced, so after a crash the file holds either the old or the new position, never a mix.
 *
 * <pre>
 * journalSequence=1234        # last entry the sink accepted (0: none yet)
 * chronicleIndex=...          # its Chronicle index, to seek without scanning (-1: none)
 * pendingEndSequence=1300     # last entry of the batch being delivered (0: none)
 * </pre>
 *
 * <p>Not thread-safe; owned by its cursor.
 */
final class CursorFile
{
    static final long NO_INDEX = -1;

    private static final String JOURNAL_SEQUENCE = "journalSequence";
    private static final String CHRONICLE_INDEX = "chronicleIndex";
    private static final String PENDING_END_SEQUENCE = "pendingEndSequence";

    private final Path file;
    private final Path temp;
    private long journalSequence;
    private long chronicleIndex = NO_INDEX;
    private long pendingEndSequence;

    CursorFile(final Path file)
    {
        this.file = file;
        this.temp = file.resolveSibling(file.getFileName() + ".tmp");
        load();
    }

    long journalSequence()
    {
        return journalSequence;
    }

    long chronicleIndex()
    {
        return chronicleIndex;
    }

    long pendingEndSequence()
    {
        return pendingEndSequence;
    }

    Path path()
    {
        return file;
    }

    void store(final long journalSequence, final long chronicleIndex, final long pendingEndSequence)
    {
        final String text = JOURNAL_SEQUENCE + "=" + journalSequence + "\n" +
            CHRONICLE_INDEX + "=" + chronicleIndex + "\n" +
            PENDING_END_SEQUENCE + "=" + pendingEndSequence + "\n";
        try
        {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING))
            {
                final ByteBuffer buffer = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
                while (buffer.hasRemaining())
                {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try
            {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            catch (final AtomicMoveNotSupportedException ex)
            {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            forceDirectory(file.getParent());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot store the cursor position in " + file, ex);
        }
        this.journalSequence = journalSequence;
        this.chronicleIndex = chronicleIndex;
        this.pendingEndSequence = pendingEndSequence;
    }

    private void load()
    {
        final Properties properties = new Properties();
        try
        {
            properties.load(Files.newBufferedReader(file, StandardCharsets.US_ASCII));
        }
        catch (final NoSuchFileException ex)
        {
            return;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read the cursor position in " + file, ex);
        }
        try
        {
            journalSequence = Long.parseLong(properties.getProperty(JOURNAL_SEQUENCE, "0").trim());
            chronicleIndex = Long.parseLong(properties.getProperty(CHRONICLE_INDEX, "-1").trim());
            pendingEndSequence = Long.parseLong(properties.getProperty(PENDING_END_SEQUENCE, "0").trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalStateException("the cursor file " + file + " is corrupt: " + ex.getMessage() +
                "; delete it to deliver the whole journal again", ex);
        }
    }

    private static void forceDirectory(final Path dir)
    {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ))
        {
            channel.force(true);
        }
        catch (final IOException ex)
        {
            // Some file systems refuse to open a directory for reading; the rename itself is still atomic.
        }
    }
}
