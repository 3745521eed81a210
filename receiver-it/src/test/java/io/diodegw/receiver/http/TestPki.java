package io.diodegw.receiver.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.Date;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * A throw-away PKI for the TLS tests: EC P-256 keys and X.509 v3 certificates built with Bouncy Castle's ASN.1
 * classes and signed with the JDK (nothing committed, nothing reused between runs), written as PEM files, and the
 * JDK client contexts that trust the test CA and present a client certificate.
 */
final class TestPki
{
    private static final long HOUR_MS = 3_600_000L;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A key pair with its certificate. */
    record Issued(KeyPair keys, X509Certificate certificate)
    {
        /** Writes the certificate as PEM. */
        Path writeCertificate(final Path file) throws IOException
        {
            return write(file, pem("CERTIFICATE", encoded(certificate)), "rw-r--r--");
        }

        /** Writes the private key as PKCS#8 PEM with the given POSIX permissions, e.g. {@code rw-------}. */
        Path writePrivateKey(final Path file, final String permissions) throws IOException
        {
            return write(file, pem("PRIVATE KEY", keys.getPrivate().getEncoded()), permissions);
        }
    }

    private TestPki()
    {
    }

    /** @return a self-signed CA certificate. */
    static Issued ca(final String commonName) throws GeneralSecurityException, IOException
    {
        final KeyPair keys = ecKeys();
        final X500Name name = new X500Name("CN=" + commonName);
        final ExtensionsGenerator extensions = new ExtensionsGenerator();
        extensions.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        extensions.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        return new Issued(keys, sign(name, keys, name, keys.getPrivate(), extensions));
    }

    /** @return a server certificate for 127.0.0.1 and localhost issued by {@code ca}. */
    static Issued server(final Issued ca) throws GeneralSecurityException, IOException
    {
        final ExtensionsGenerator extensions = leafExtensions(KeyPurposeId.id_kp_serverAuth);
        extensions.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
        return leaf(ca, "receiver-http", extensions);
    }

    /** @return a client certificate issued by {@code ca}. */
    static Issued client(final Issued ca, final String commonName) throws GeneralSecurityException, IOException
    {
        return leaf(ca, commonName, leafExtensions(KeyPurposeId.id_kp_clientAuth));
    }

    /**
     * @param trusted the CA whose server certificates the client trusts.
     * @param client  the client certificate to present whatever the server asks for, or null for none.
     * @return a TLS context for {@link java.net.http.HttpClient}.
     */
    static SSLContext clientContext(final Issued trusted, final Issued client) throws GeneralSecurityException,
        IOException
    {
        final KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", trusted.certificate());
        final TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(
            TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        final SSLContext context = SSLContext.getInstance("TLS");
        context.init(client == null ? null : new KeyManager[] {new FixedKeyManager(client)},
            trustManagers.getTrustManagers(), RANDOM);
        return context;
    }

    private static Issued leaf(final Issued ca, final String commonName, final ExtensionsGenerator extensions)
        throws GeneralSecurityException, IOException
    {
        final KeyPair keys = ecKeys();
        final X500Name issuer = X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded());
        return new Issued(keys, sign(new X500Name("CN=" + commonName), keys, issuer, ca.keys().getPrivate(),
            extensions));
    }

    private static ExtensionsGenerator leafExtensions(final KeyPurposeId purpose) throws IOException
    {
        final ExtensionsGenerator extensions = new ExtensionsGenerator();
        extensions.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        extensions.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        extensions.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
        return extensions;
    }

    private static X509Certificate sign(
        final X500Name subject,
        final KeyPair subjectKeys,
        final X500Name issuer,
        final PrivateKey issuerKey,
        final ExtensionsGenerator extensions) throws GeneralSecurityException
    {
        final long nowMs = System.currentTimeMillis();
        final AlgorithmIdentifier algorithm = new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
        final V3TBSCertificateGenerator tbs = new V3TBSCertificateGenerator();
        tbs.setSerialNumber(new ASN1Integer(new BigInteger(64, RANDOM).add(BigInteger.ONE)));
        tbs.setIssuer(issuer);
        tbs.setSubject(subject);
        tbs.setStartDate(new Time(new Date(nowMs - HOUR_MS)));
        tbs.setEndDate(new Time(new Date(nowMs + 24 * HOUR_MS)));
        tbs.setSubjectPublicKeyInfo(SubjectPublicKeyInfo.getInstance(subjectKeys.getPublic().getEncoded()));
        tbs.setSignature(algorithm);
        tbs.setExtensions(extensions.generate());
        final TBSCertificate certificate = tbs.generateTBSCertificate();
        try
        {
            final Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(issuerKey);
            signer.update(certificate.getEncoded());
            final ASN1EncodableVector whole = new ASN1EncodableVector();
            whole.add(certificate);
            whole.add(algorithm);
            whole.add(new DERBitString(signer.sign()));
            return (X509Certificate)CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(new DERSequence(whole).getEncoded()));
        }
        catch (final IOException ex)
        {
            throw new GeneralSecurityException(ex);
        }
    }

    private static KeyPair ecKeys() throws GeneralSecurityException
    {
        final KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return generator.generateKeyPair();
    }

    private static byte[] encoded(final X509Certificate certificate) throws IOException
    {
        try
        {
            return certificate.getEncoded();
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IOException(ex);
        }
    }

    static String pem(final String label, final byte[] der)
    {
        return "-----BEGIN " + label + "-----\n" +
            Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der) +
            "\n-----END " + label + "-----\n";
    }

    static Path write(final Path file, final String text, final String permissions) throws IOException
    {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }

    /** Presents one certificate whatever issuers the server asks for, so a wrong-CA certificate is really sent. */
    private static final class FixedKeyManager extends X509ExtendedKeyManager
    {
        private static final String ALIAS = "client";
        private final Issued client;

        FixedKeyManager(final Issued client)
        {
            this.client = client;
        }

        @Override
        public String[] getClientAliases(final String keyType, final Principal[] issuers)
        {
            return new String[] {ALIAS};
        }

        @Override
        public String chooseClientAlias(final String[] keyType, final Principal[] issuers, final Socket socket)
        {
            return ALIAS;
        }

        @Override
        public String chooseEngineClientAlias(final String[] keyType, final Principal[] issuers,
            final SSLEngine engine)
        {
            return ALIAS;
        }

        @Override
        public String[] getServerAliases(final String keyType, final Principal[] issuers)
        {
            return new String[0];
        }

        @Override
        public String chooseServerAlias(final String keyType, final Principal[] issuers, final Socket socket)
        {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(final String alias)
        {
            return new X509Certificate[] {client.certificate()};
        }

        @Override
        public PrivateKey getPrivateKey(final String alias)
        {
            return client.keys().getPrivate();
        }
    }
}
