package io.diodegw.simulator;

import java.net.InetAddress;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Period;

import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.security.CertificateStore;
import org.eclipse.milo.opcua.stack.core.security.CertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.DefaultApplicationGroup;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.DefaultServerCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateStore;
import org.eclipse.milo.opcua.stack.core.security.MemoryTrustListManager;
import org.eclipse.milo.opcua.stack.core.security.RsaSha256CertificateFactory;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;

/**
 * The simulator's application instance certificate (RSA 2048, self-signed, created in memory at every start with a
 * key pair generated once per process, never written to disk) and the validator of client certificates on secure
 * endpoints.
 */
final class ServerSecurity {

    static final String APPLICATION_URI = "urn:diodegw:plant-simulator";

    private static final int RSA_KEY_BITS = 2048;

    private static KeyPair processKeyPair;

    private final DefaultCertificateManager certificateManager;
    private final X509Certificate certificate;

    private ServerSecurity(DefaultCertificateManager certificateManager, X509Certificate certificate) {
        this.certificateManager = certificateManager;
        this.certificate = certificate;
    }

    /**
     * @param options host names the certificate and trusted client certificates
     * @return a certificate manager holding a fresh self-signed certificate
     * @throws Exception when key generation or certificate signing fails
     */
    static ServerSecurity create(SimulatorOptions options) throws Exception {
        String host = options.host();
        KeyPair keyPair = processKeyPair();
        X509Certificate certificate = selfSigned(keyPair, host);

        MemoryCertificateStore store = new MemoryCertificateStore();
        store.set(NodeIds.RsaSha256ApplicationCertificateType,
                new CertificateStore.Entry(keyPair.getPrivate(), new X509Certificate[] {certificate}));

        MemoryTrustListManager trustList = new MemoryTrustListManager();
        MemoryCertificateQuarantine quarantine = new MemoryCertificateQuarantine();
        CertificateValidator validator;
        if (options.trustedClientCertificates().isEmpty()) {
            validator = (chain, applicationUri, hostNames) -> { };
        } else {
            trustList.setTrustedCertificates(options.trustedClientCertificates());
            validator = new DefaultServerCertificateValidator(trustList, quarantine);
        }
        RsaSha256CertificateFactory factory = new RsaSha256CertificateFactory() {
            @Override
            protected X509Certificate[] createRsaSha256CertificateChain(KeyPair pair) throws Exception {
                return new X509Certificate[] {selfSigned(pair, host)};
            }
        };
        DefaultApplicationGroup group = DefaultApplicationGroup.createAndInitialize(trustList, store, factory, validator);
        return new ServerSecurity(new DefaultCertificateManager(quarantine, group), certificate);
    }

    /** RSA key generation costs up to seconds on a busy machine; simulators of one process share a key pair. */
    private static synchronized KeyPair processKeyPair() throws Exception {
        if (processKeyPair == null) {
            processKeyPair = SelfSignedCertificateGenerator.generateRsaKeyPair(RSA_KEY_BITS);
        }
        return processKeyPair;
    }

    DefaultCertificateManager certificateManager() {
        return certificateManager;
    }

    X509Certificate certificate() {
        return certificateManager.getCertificateGroups().get(0).getCertificateChain(
                NodeIds.RsaSha256ApplicationCertificateType).map(chain -> chain[0]).orElse(certificate);
    }

    private static X509Certificate selfSigned(KeyPair keyPair, String host) throws Exception {
        SelfSignedCertificateBuilder builder = new SelfSignedCertificateBuilder(keyPair)
                .setCommonName("diodegw plant simulator")
                .setOrganization("diodegw")
                .setApplicationUri(APPLICATION_URI)
                .setValidityPeriod(Period.ofYears(3))
                .addDnsName("localhost")
                .addIpAddress("127.0.0.1");
        if (isIpLiteral(host)) {
            builder.addIpAddress(host);
        } else {
            builder.addDnsName(host);
        }
        return builder.build();
    }

    private static boolean isIpLiteral(String host) {
        if (host.indexOf(':') >= 0) {
            return true;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c != '.' && (c < '0' || c > '9')) {
                return false;
            }
        }
        try {
            InetAddress.getByName(host);
            return true;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
