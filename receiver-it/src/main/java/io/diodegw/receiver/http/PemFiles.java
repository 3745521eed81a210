package io.diodegw.receiver.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * Reads the HTTP API's TLS material and token file: X.509 certificates and unencrypted PKCS#8 private keys as PEM.
 * Secret files (private key, tokens) must be readable by their owner only; anything else is refused with a message
 * that names the file and the {@code chmod} that fixes it. Every failure is an {@link IllegalArgumentException}
 * whose message names the file and what was expected. Stateless; thread-safe.
 */
public final class PemFiles
{
    private static final String PRIVATE_KEY_LABEL = "PRIVATE KEY";
    private static final String[] KEY_ALGORITHMS = {"EC", "RSA", "Ed25519", "Ed448", "RSASSA-PSS"};

    private PemFiles()
    {
    }

    /**
     * @param file    a PEM file of one or more {@code CERTIFICATE} blocks.
     * @param setting the setting that named the file, for messages.
     * @return the certificates in file order (never empty).
     */
    static List<X509Certificate> readCertificates(final Path file, final String setting)
    {
        final byte[] bytes = read(file, setting, "X.509 certificates as PEM");
        final List<X509Certificate> certificates = new ArrayList<>();
        try
        {
            for (final var certificate : CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(bytes)))
            {
                certificates.add((X509Certificate)certificate);
            }
        }
        catch (final CertificateException ex)
        {
            throw new IllegalArgumentException(file + " (" + setting + ") does not hold valid PEM certificates: " +
                ex.getMessage(), ex);
        }
        if (certificates.isEmpty())
        {
            throw new IllegalArgumentException(file + " (" + setting + ") holds no '-----BEGIN CERTIFICATE-----' " +
                "block");
        }
        return certificates;
    }

    /**
     * @param file    an unencrypted PKCS#8 PEM ({@code BEGIN PRIVATE KEY}) of an EC, RSA or EdDSA key, mode 0600.
     * @param setting the setting that named the file, for messages.
     * @return the key.
     */
    static PrivateKey readPrivateKey(final Path file, final String setting)
    {
        checkOwnerOnly(file, setting, "private key");
        final String text = new String(read(file, setting, "a PKCS#8 private key as PEM"), StandardCharsets.US_ASCII);
        final String begin = "-----BEGIN " + PRIVATE_KEY_LABEL + "-----";
        final String end = "-----END " + PRIVATE_KEY_LABEL + "-----";
        final int from = text.indexOf(begin);
        final int to = text.indexOf(end);
        if (from < 0 || to < from)
        {
            throw new IllegalArgumentException(file + " (" + setting + ") has no '" + begin + "' block; an " +
                "encrypted or traditional (BEGIN EC/RSA PRIVATE KEY) key converts with: openssl pkcs8 -topk8 " +
                "-nocrypt -in OLD -out " + file);
        }
        final byte[] der;
        try
        {
            der = Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(file + " (" + setting + ") has a damaged PEM body: " +
                ex.getMessage(), ex);
        }
        for (final String algorithm : KEY_ALGORITHMS)
        {
            try
            {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            }
            catch (final GeneralSecurityException notThisAlgorithm)
            {
                continue;
            }
        }
        throw new IllegalArgumentException(file + " (" + setting + ") is not a PKCS#8 EC, RSA or EdDSA private key");
    }

    /**
     * Refuses a secret file that its group or others may access in any way.
     *
     * @param file    the file.
     * @param setting the setting that named it, for the message.
     * @param what    what the file holds, for the message.
     */
    public static void checkOwnerOnly(final Path file, final String setting, final String what)
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
            throw new IllegalArgumentException("cannot read " + what + " " + file + " (" + setting + "): " + ex, ex);
        }
        for (final PosixFilePermission permission : permissions)
        {
            if (!permission.name().startsWith("OWNER_"))
            {
                throw new IllegalArgumentException(what + " " + file + " (" + setting + ") is accessible by group " +
                    "or others (" + PosixFilePermissions.toString(permissions) + "); restrict it with: chmod 600 " +
                    file);
            }
        }
    }

    static byte[] read(final Path file, final String setting, final String expected)
    {
        try
        {
            return Files.readAllBytes(file);
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("cannot read " + file + " (" + setting + ", " + expected + "): " + ex,
                ex);
        }
    }
}
