package io.diodegw.sender.opcua;

import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.CertificateValidator;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

/**
 * The collector's application instance certificate, its private key and the pinned server certificates, read from
 * PEM files: certificates as {@code BEGIN CERTIFICATE} blocks (leaf first), the key as unencrypted PKCS#8
 * ({@code BEGIN PRIVATE KEY}, RSA). Immutable and thread-safe once built.
 */
final class SecurityMaterial
{
    /** The application URI used when there is no certificate (security NONE). */
    static final String DEFAULT_APPLICATION_URI = "urn:diodegw:sender-ot";

    private static final int SAN_URI = 6;
    private static final String KEY_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String KEY_END = "-----END PRIVATE KEY-----";

    private final X509Certificate[] chain;
    private final KeyPair keyPair;
    private final List<X509Certificate> trustedServers;
    private final String applicationUri;

    private SecurityMaterial(final X509Certificate[] chain, final KeyPair keyPair,
        final List<X509Certificate> trustedServers, final String applicationUri)
    {
        this.chain = chain;
        this.keyPair = keyPair;
        this.trustedServers = trustedServers;
        this.applicationUri = applicationUri;
    }

    /**
     * @throws IOException naming the file when one cannot be read or does not hold what it should.
     */
    static SecurityMaterial load(final Path certificateFile, final Path privateKeyFile,
        final Path serverCertificateFile) throws IOException
    {
        final List<X509Certificate> chain = readCertificates(certificateFile);
        final PrivateKey key = readPrivateKey(privateKeyFile);
        final X509Certificate leaf = chain.get(0);
        if (!matches(leaf, key))
        {
            throw new IOException(privateKeyFile + " is not the private key of the certificate in " + certificateFile);
        }
        final String uri = applicationUriOf(leaf);
        if (uri == null)
        {
            throw new IOException(certificateFile + " has no subjectAltName URI; OPC UA needs the application URI " +
                "there");
        }
        return new SecurityMaterial(chain.toArray(new X509Certificate[0]), new KeyPair(leaf.getPublicKey(), key),
            readCertificates(serverCertificateFile), uri);
    }

    X509Certificate certificate()
    {
        return chain[0];
    }

    X509Certificate[] certificateChain()
    {
        return chain.clone();
    }

    KeyPair keyPair()
    {
        return keyPair;
    }

    String applicationUri()
    {
        return applicationUri;
    }

    /**
     * @return a validator that accepts a server only if its leaf certificate is one of the pinned certificates and
     *     is within its validity period.
     */
    CertificateValidator pinnedServerValidator()
    {
        return (serverChain, expectedApplicationUri, validHostNames) ->
        {
            if (serverChain == null || serverChain.isEmpty())
            {
                throw new UaException(StatusCodes.Bad_SecurityChecksFailed, "the server sent no certificate");
            }
            final X509Certificate serverLeaf = serverChain.get(0);
            for (final X509Certificate trusted : trustedServers)
            {
                if (trusted.equals(serverLeaf))
                {
                    try
                    {
                        serverLeaf.checkValidity();
                    }
                    catch (final CertificateException ex)
                    {
                        throw new UaException(StatusCodes.Bad_CertificateTimeInvalid,
                            "the pinned server certificate is outside its validity period: " + ex.getMessage());
                    }
                    return;
                }
            }
            throw new UaException(StatusCodes.Bad_CertificateUntrusted, "the server certificate " +
                serverLeaf.getSubjectX500Principal() + " is not in sender.opcua.serverCertificateFile");
        };
    }

    static List<X509Certificate> readCertificates(final Path file) throws IOException
    {
        final byte[] bytes = Files.readAllBytes(file);
        final Collection<? extends java.security.cert.Certificate> certificates;
        try
        {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(
                new ByteArrayInputStream(bytes));
        }
        catch (final CertificateException ex)
        {
            throw new IOException(file + " does not hold PEM X.509 certificates: " + ex.getMessage(), ex);
        }
        final List<X509Certificate> result = new ArrayList<>();
        for (final java.security.cert.Certificate certificate : certificates)
        {
            result.add((X509Certificate)certificate);
        }
        if (result.isEmpty())
        {
            throw new IOException(file + " holds no certificate");
        }
        return result;
    }

    static PrivateKey readPrivateKey(final Path file) throws IOException
    {
        final String text = Files.readString(file, StandardCharsets.US_ASCII);
        final int begin = text.indexOf(KEY_BEGIN);
        final int end = text.indexOf(KEY_END);
        if (begin < 0 || end < begin)
        {
            throw new IOException(file + " holds no unencrypted PKCS#8 key (-----BEGIN PRIVATE KEY-----); convert it " +
                "with: openssl pkcs8 -topk8 -nocrypt -in KEY -out " + file.getFileName());
        }
        final byte[] der;
        try
        {
            der = Base64.getMimeDecoder().decode(text.substring(begin + KEY_BEGIN.length(), end));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IOException(file + " has a malformed PEM body: " + ex.getMessage(), ex);
        }
        try
        {
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IOException(file + " does not hold an RSA private key (Basic256Sha256 needs RSA): " +
                ex.getMessage(), ex);
        }
        finally
        {
            Arrays.fill(der, (byte)0);
        }
    }

    static String applicationUriOf(final X509Certificate certificate)
    {
        try
        {
            final Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            if (names != null)
            {
                for (final List<?> name : names)
                {
                    if (name.size() >= 2 && Integer.valueOf(SAN_URI).equals(name.get(0)))
                    {
                        return String.valueOf(name.get(1));
                    }
                }
            }
        }
        catch (final CertificateException ex)
        {
            return null;
        }
        return null;
    }

    private static boolean matches(final X509Certificate certificate, final PrivateKey key)
    {
        if (!(key instanceof RSAPrivateCrtKey crt) ||
            !(certificate.getPublicKey() instanceof java.security.interfaces.RSAPublicKey pub))
        {
            return false;
        }
        try
        {
            final java.security.interfaces.RSAPublicKey derived = (java.security.interfaces.RSAPublicKey)
                KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(crt.getModulus(),
                crt.getPublicExponent()));
            return derived.getModulus().equals(pub.getModulus()) &&
                derived.getPublicExponent().equals(pub.getPublicExponent());
        }
        catch (final GeneralSecurityException ex)
        {
            return false;
        }
    }
}
