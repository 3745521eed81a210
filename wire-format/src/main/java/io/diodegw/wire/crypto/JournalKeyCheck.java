package io.diodegw.wire.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Keeps a journal readable only the way it was written: a one-line file {@value #FILE_NAME} in the journal's
 * directory says whether its payloads are encrypted and under which key ({@code none}, or {@code aes-256-gcm }
 * followed by the {@link JournalKey#fingerprint()}). A journal without the file that holds entries was written by a
 * build without journal encryption, so in clear.
 *
 * <p>When a journal that holds entries is opened with a different configuration (a key on a clear journal, no key
 * or another key on an encrypted one), {@link #verify} refuses with a message that names the setting and the fix;
 * without the check a reader would either drop every record as altered or hand ciphertext on as records. A journal
 * without entries takes the configured mode, and the file is rewritten.
 *
 * <p>Stateless; for start-up only.
 */
public final class JournalKeyCheck
{
    /** Name of the file in the journal directory. */
    public static final String FILE_NAME = "journal-encryption";

    private static final String NONE = "none";
    private static final String AES_GCM = "aes-256-gcm ";

    private JournalKeyCheck()
    {
    }

    /** Thrown when a journal cannot be opened with the configured key; the message names the setting and the fix. */
    public static final class JournalKeyMismatchException extends IllegalStateException
    {
        private static final long serialVersionUID = 1L;

        JournalKeyMismatchException(final String message)
        {
            super(message);
        }
    }

    /**
     * @param journalDir the journal's directory (the file lives there).
     * @param hasEntries whether the journal holds any entry now.
     * @param key        the configured key, or null for none.
     * @param setting    the configuration key of the key file, for messages (e.g. {@code sender.journal.encryptionKeyFile}).
     * @throws JournalKeyMismatchException if the journal holds entries written another way.
     * @throws UncheckedIOException        if the file cannot be read or written.
     */
    public static void verify(final Path journalDir, final boolean hasEntries, final JournalKey key, final String setting)
    {
        final Path file = journalDir.resolve(FILE_NAME);
        final String wanted = key == null ? NONE : AES_GCM + key.fingerprint();
        final String recorded;
        try
        {
            recorded = Files.exists(file) ? Files.readString(file, StandardCharsets.US_ASCII).trim() : hasEntries ? NONE :
                null;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + file, ex);
        }
        if (wanted.equals(recorded))
        {
            return;
        }
        if (hasEntries)
        {
            throw new JournalKeyMismatchException(mismatch(journalDir, recorded, key, setting));
        }
        write(file, wanted);
    }

    private static String mismatch(final Path dir, final String recorded, final JournalKey key, final String setting)
    {
        final String fix = "; either configure the key it was written with, or start with an empty journal " +
            "directory (move " + dir + " away once everything in it was delivered)";
        if (NONE.equals(recorded))
        {
            return "the journal " + dir + " was written without encryption, but " + setting + " is set (key " +
                key.fingerprint() + "): remove " + setting + fix;
        }
        final String written = recorded.startsWith(AES_GCM) ? recorded.substring(AES_GCM.length()) : recorded;
        if (key == null)
        {
            return "the journal " + dir + " is encrypted with the journal key " + written + ", but " + setting +
                " is not set: set " + setting + " to that key's file" + fix;
        }
        return "the journal " + dir + " is encrypted with the journal key " + written + ", but " + setting +
            " names the key " + key.fingerprint() + ": set " + setting + " to the file of key " + written + fix;
    }

    private static void write(final Path file, final String line)
    {
        final Path tmp = file.resolveSibling("." + FILE_NAME + ".tmp");
        try
        {
            Files.writeString(tmp, line + "\n", StandardCharsets.US_ASCII, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + file, ex);
        }
    }
}
