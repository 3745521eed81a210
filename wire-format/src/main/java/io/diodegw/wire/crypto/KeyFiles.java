package io.diodegw.wire.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;

/**
 * Reads and writes the link's long-term keys as PEM: private keys as PKCS#8 ({@code PRIVATE KEY}), public keys as
 * SubjectPublicKeyInfo ({@code PUBLIC KEY}), the encodings {@code openssl genpkey -algorithm ed25519|x25519} uses.
 * The sender holds an Ed25519 identity (signs key announcements); the receiver holds an X25519 key (the sender
 * agrees each session key with its public half).
 *
 * <p>Private key files are created with mode 0600 from the first byte on (never written and then restricted), and
 * refused on reading when group or others may read or write them, with a message naming the file and the fix. On a
 * file system without POSIX permissions the check cannot be made and is skipped.
 *
 * <p>Stateless and thread-safe; for start-up and the command line, not for hot paths. Every failure is a
 * {@link KeyFileException} whose message names the file.
 */
public final class KeyFiles
{
    private static final String PRIVATE_LABEL = "PRIVATE KEY";
    private static final String PUBLIC_LABEL = "PUBLIC KEY";
    private static final String JOURNAL_KEY_LABEL = "DIODEGW JOURNAL KEY";
    private static final int PEM_LINE_CHARS = 64;
    /** RFC 8410 algorithm identifiers. */
    private static final ASN1ObjectIdentifier ID_X25519 = new ASN1ObjectIdentifier("1.3.101.110");
    private static final ASN1ObjectIdentifier ID_ED25519 = new ASN1ObjectIdentifier("1.3.101.112");
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> PUBLIC_FILE = PosixFilePermissions.fromString("rw-r--r--");

    private KeyFiles()
    {
    }

    /** Thrown when a key file cannot be read, written or used; the message names the file and the fix. */
    public static final class KeyFileException extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        KeyFileException(final String message)
        {
            super(message);
        }

        KeyFileException(final String message, final Throwable cause)
        {
            super(message, cause);
        }
    }

    /**
     * Writes a private key as PKCS#8 PEM with mode 0600. Refuses to overwrite an existing file.
     *
     * @param file where to write.
     * @param key  an Ed25519 or X25519 private key.
     */
    public static void writePrivateKey(final Path file, final AsymmetricKeyParameter key)
    {
        if (!key.isPrivate())
        {
            throw new IllegalArgumentException("not a private key: " + key.getClass().getSimpleName());
        }
        try
        {
            write(file, pem(PRIVATE_LABEL, pkcs8(key)), OWNER_ONLY);
        }
        catch (final IOException ex)
        {
            throw new KeyFileException("cannot write private key " + file + ": " + ex, ex);
        }
    }

    /**
     * Writes a public key as SubjectPublicKeyInfo PEM with mode 0644. Refuses to overwrite an existing file.
     *
     * @param file where to write.
     * @param key  an Ed25519 or X25519 public key.
     */
    public static void writePublicKey(final Path file, final AsymmetricKeyParameter key)
    {
        if (key.isPrivate())
        {
            throw new IllegalArgumentException("not a public key: " + key.getClass().getSimpleName());
        }
        try
        {
            write(file, pem(PUBLIC_LABEL, SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(key).getEncoded()),
                PUBLIC_FILE);
        }
        catch (final IOException ex)
        {
            throw new KeyFileException("cannot write public key " + file + ": " + ex, ex);
        }
    }

    /** @return the sender's identity key from a PKCS#8 PEM file with mode 0600 or stricter. */
    public static Ed25519PrivateKeyParameters readEd25519PrivateKey(final Path file)
    {
        return readPrivate(file, Ed25519PrivateKeyParameters.class, "an Ed25519 private key (the sender identity)");
    }

    /** @return the receiver's key from a PKCS#8 PEM file with mode 0600 or stricter. */
    public static X25519PrivateKeyParameters readX25519PrivateKey(final Path file)
    {
        return readPrivate(file, X25519PrivateKeyParameters.class, "an X25519 private key (the receiver key)");
    }

    /** @return a trusted sender identity from a SubjectPublicKeyInfo PEM file. */
    public static Ed25519PublicKeyParameters readEd25519PublicKey(final Path file)
    {
        return readPublic(file, Ed25519PublicKeyParameters.class, "an Ed25519 public key (a sender identity)");
    }

    /** @return the receiver's public key from a SubjectPublicKeyInfo PEM file. */
    public static X25519PublicKeyParameters readX25519PublicKey(final Path file)
    {
        return readPublic(file, X25519PublicKeyParameters.class, "an X25519 public key (the receiver key)");
    }

    /**
     * Writes a journal encryption key ({@link JournalKey}, 32 bytes) as PEM-like text, label
     * {@code DIODEGW JOURNAL KEY}, with mode 0600. Refuses to overwrite an existing file.
     *
     * @param file     where to write.
     * @param keyBytes the 32 key bytes.
     * @return the key, for its fingerprint.
     */
    public static JournalKey writeJournalKey(final Path file, final byte[] keyBytes)
    {
        final JournalKey key = new JournalKey(keyBytes);
        try
        {
            write(file, pem(JOURNAL_KEY_LABEL, keyBytes), OWNER_ONLY);
        }
        catch (final IOException ex)
        {
            throw new KeyFileException("cannot write journal key " + file + ": " + ex, ex);
        }
        return key;
    }

    /**
     * @return the journal encryption key in a file {@link #writeJournalKey} wrote, with mode 0600 or stricter.
     * @throws KeyFileException naming the file if it is missing, readable by group or others, or not a journal key.
     */
    public static JournalKey readJournalKey(final Path file)
    {
        checkOwnerOnly(file);
        final byte[] keyBytes = readPem(file, JOURNAL_KEY_LABEL, "a journal key");
        if (keyBytes.length != JournalKey.LENGTH)
        {
            throw new KeyFileException(file + " holds " + keyBytes.length + " key bytes, a journal key has " +
                JournalKey.LENGTH + "; generate one with `bin/diode keygen --journal-key FILE`");
        }
        try
        {
            return new JournalKey(keyBytes);
        }
        finally
        {
            Arrays.fill(keyBytes, (byte)0);
        }
    }

    /**
     * Reads a secret held in a small file, e.g. a PKCS#11 user PIN, with the same permission check as private keys.
     *
     * @param file   the file; mode 0600 or stricter.
     * @param what   what the file holds, for messages, e.g. {@code "the token PIN (sender.pkcs11.pinFile)"}.
     * @return the file's bytes without trailing CR/LF; the caller owns them and should zero them after use.
     * @throws KeyFileException naming the file if it is missing, readable by group or others, or empty.
     */
    public static byte[] readSecretLine(final Path file, final String what)
    {
        checkOwnerOnly(file);
        final byte[] bytes;
        try
        {
            bytes = Files.readAllBytes(file);
        }
        catch (final IOException ex)
        {
            throw new KeyFileException("cannot read " + file + " (" + what + "): " + ex, ex);
        }
        int length = bytes.length;
        while (length > 0 && (bytes[length - 1] == '\n' || bytes[length - 1] == '\r'))
        {
            length--;
        }
        final byte[] secret = Arrays.copyOf(bytes, length);
        Arrays.fill(bytes, (byte)0);
        if (length == 0)
        {
            throw new KeyFileException(file + " is empty; it should hold " + what);
        }
        return secret;
    }

    /**
     * @param publicKey a 32-byte Ed25519 or X25519 public key.
     * @return the key id used on the wire ({@link KeyIds}) as 16 hex digits in groups of four, for comparing keys out
     *     of band, e.g. {@code 3f2a-9c01-77be-0d45}.
     */
    public static String fingerprint(final byte[] publicKey)
    {
        return KeyIds.toFingerprint(KeyIds.of(publicKey));
    }

    /**
     * PKCS#8 version 1 (no embedded public key), the form OpenSSL writes and reads; Bouncy Castle's factory writes
     * the RFC 5958 version 2 with the public key, which OpenSSL 3 refuses.
     */
    private static byte[] pkcs8(final AsymmetricKeyParameter key) throws IOException
    {
        if (key instanceof Ed25519PrivateKeyParameters)
        {
            return new PrivateKeyInfo(new AlgorithmIdentifier(ID_ED25519),
                new DEROctetString(((Ed25519PrivateKeyParameters)key).getEncoded())).getEncoded();
        }
        if (key instanceof X25519PrivateKeyParameters)
        {
            return new PrivateKeyInfo(new AlgorithmIdentifier(ID_X25519),
                new DEROctetString(((X25519PrivateKeyParameters)key).getEncoded())).getEncoded();
        }
        return PrivateKeyInfoFactory.createPrivateKeyInfo(key).getEncoded();
    }

    private static <T> T readPrivate(final Path file, final Class<T> type, final String what)
    {
        checkOwnerOnly(file);
        final byte[] der = readPem(file, PRIVATE_LABEL, what);
        final AsymmetricKeyParameter key;
        try
        {
            key = PrivateKeyFactory.createKey(der);
        }
        catch (final IOException | RuntimeException ex)
        {
            throw new KeyFileException(file + " does not hold a valid PKCS#8 private key: " + ex.getMessage(), ex);
        }
        return expect(file, key, type, what);
    }

    private static <T> T readPublic(final Path file, final Class<T> type, final String what)
    {
        final byte[] der = readPem(file, PUBLIC_LABEL, what);
        final AsymmetricKeyParameter key;
        try
        {
            key = PublicKeyFactory.createKey(der);
        }
        catch (final IOException | RuntimeException ex)
        {
            throw new KeyFileException(file + " does not hold a valid public key: " + ex.getMessage(), ex);
        }
        return expect(file, key, type, what);
    }

    private static <T> T expect(final Path file, final AsymmetricKeyParameter key, final Class<T> type, final String what)
    {
        if (!type.isInstance(key))
        {
            throw new KeyFileException(file + " holds a " + key.getClass().getSimpleName().replace("Parameters", "") +
                ", expected " + what + "; generate one with `bin/diode keygen`");
        }
        return type.cast(key);
    }

    private static void checkOwnerOnly(final Path file)
    {
        final PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null)
        {
            return;
        }
        final Set<PosixFilePermission> permissions;
        try
        {
            permissions = view.readAttributes().permissions();
        }
        catch (final IOException ex)
        {
            throw new KeyFileException("cannot read private key " + file + ": " + ex, ex);
        }
        for (final PosixFilePermission permission : permissions)
        {
            if (!permission.name().startsWith("OWNER_"))
            {
                throw new KeyFileException("key file " + file + " is accessible by group or others (" +
                    PosixFilePermissions.toString(permissions) + "); restrict it with: chmod 600 " + file);
            }
        }
    }

    private static byte[] readPem(final Path file, final String label, final String what)
    {
        final String text;
        try
        {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        }
        catch (final IOException ex)
        {
            throw new KeyFileException("cannot read " + file + " (" + what + "): " + ex, ex);
        }
        final String begin = "-----BEGIN " + label + "-----";
        final String end = "-----END " + label + "-----";
        final int from = text.indexOf(begin);
        final int to = text.indexOf(end);
        if (from < 0 || to < from)
        {
            throw new KeyFileException(file + " is not a PEM file with a '" + begin + "' block; expected " + what);
        }
        try
        {
            return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new KeyFileException(file + " has a damaged PEM body: " + ex.getMessage(), ex);
        }
    }

    private static String pem(final String label, final byte[] der)
    {
        final String body = Base64.getEncoder().encodeToString(der);
        final StringBuilder sb = new StringBuilder("-----BEGIN ").append(label).append("-----\n");
        for (int i = 0; i < body.length(); i += PEM_LINE_CHARS)
        {
            sb.append(body, i, Math.min(body.length(), i + PEM_LINE_CHARS)).append('\n');
        }
        return sb.append("-----END ").append(label).append("-----\n").toString();
    }

    private static void write(final Path file, final String text, final Set<PosixFilePermission> permissions)
        throws IOException
    {
        if (Files.exists(file))
        {
            throw new FileAlreadyExistsException(file.toString(), null, "refusing to overwrite a key file");
        }
        final Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        final Path tmp = dir.resolve("." + file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        final boolean posix = Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class);
        if (posix)
        {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(permissions));
        }
        else
        {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, text, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.SYNC);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    }
}
