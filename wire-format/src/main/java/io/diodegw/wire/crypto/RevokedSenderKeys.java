package io.diodegw.wire.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Sender identity keys (Ed25519) a receiver refuses even when they are also trusted: the revocation list. Keys are
 * named by their {@link KeyIds key id}, written as the fingerprint {@code bin/diode keygen} prints
 * ({@link KeyFiles#fingerprint}, e.g. {@code 3f2a-9c01-77be-0d45}; the dashes are optional).
 *
 * <p>File format ({@link #read}): UTF-8 text, one fingerprint per line; {@code #} starts a comment that runs to the
 * end of the line (e.g. the date and reason of the revocation); blank lines are ignored. An operator appends a line
 * and restarts the receiver. A line that is not a fingerprint makes the whole file invalid, so a typo never
 * silently leaves a key trusted.
 *
 * <p>Immutable and thread-safe; {@link #contains(long)} allocates nothing.
 */
public final class RevokedSenderKeys
{
    private static final RevokedSenderKeys NONE = new RevokedSenderKeys(new long[0]);
    private static final int HEX_DIGITS = 16;

    private final long[] ids;

    private RevokedSenderKeys(final long[] ids)
    {
        this.ids = ids;
    }

    /** @return the empty list: nothing revoked. */
    public static RevokedSenderKeys none()
    {
        return NONE;
    }

    /**
     * @param keyIds ids of revoked keys; duplicates are kept once.
     * @return the list.
     */
    public static RevokedSenderKeys of(final long... keyIds)
    {
        return new RevokedSenderKeys(Arrays.stream(keyIds).distinct().toArray());
    }

    /**
     * Reads a revocation list file (format in the class comment).
     *
     * @param file the file; it must exist.
     * @return its keys.
     * @throws KeyFiles.KeyFileException if it cannot be read or a line is not a fingerprint; the message names the
     *     file and line.
     */
    public static RevokedSenderKeys read(final Path file)
    {
        final List<String> lines;
        try
        {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new KeyFiles.KeyFileException("cannot read the revoked sender key list " + file + ": " + ex, ex);
        }
        final long[] found = new long[lines.size()];
        int count = 0;
        for (int i = 0; i < lines.size(); i++)
        {
            final String line = lines.get(i);
            final int hash = line.indexOf('#');
            final String text = (hash >= 0 ? line.substring(0, hash) : line).strip();
            if (text.isEmpty())
            {
                continue;
            }
            try
            {
                found[count++] = parseFingerprint(text);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new KeyFiles.KeyFileException(file + ":" + (i + 1) + ": " + ex.getMessage() +
                    "; expected one fingerprint per line as `bin/diode keygen` prints it, e.g. 3f2a-9c01-77be-0d45");
            }
        }
        return of(Arrays.copyOf(found, count));
    }

    /**
     * @param fingerprint 16 hex digits, optionally in dash-separated groups, as {@link KeyFiles#fingerprint} writes.
     * @return the key id it names.
     * @throws IllegalArgumentException if it is not such a fingerprint.
     */
    public static long parseFingerprint(final String fingerprint)
    {
        final String hex = fingerprint.strip().replace("-", "");
        if (hex.length() != HEX_DIGITS)
        {
            throw new IllegalArgumentException("'" + fingerprint + "' is not a key fingerprint of " + HEX_DIGITS +
                " hex digits");
        }
        long id = 0;
        for (int i = 0; i < HEX_DIGITS; i += 2)
        {
            final int high = Character.digit(hex.charAt(i), 16);
            final int low = Character.digit(hex.charAt(i + 1), 16);
            if (high < 0 || low < 0)
            {
                throw new IllegalArgumentException("'" + fingerprint + "' is not a key fingerprint: not hex");
            }
            id |= (long)((high << 4) | low) << (4 * i);
        }
        return id;
    }

    /**
     * @param keyId a sender key id, e.g. from a key announcement.
     * @return whether it is revoked.
     */
    public boolean contains(final long keyId)
    {
        for (final long id : ids)
        {
            if (id == keyId)
            {
                return true;
            }
        }
        return false;
    }

    /** @return the number of revoked keys. */
    public int size()
    {
        return ids.length;
    }
}
