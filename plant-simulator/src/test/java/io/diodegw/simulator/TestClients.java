package io.diodegw.simulator;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.identity.IdentityProvider;
import org.eclipse.milo.opcua.sdk.client.identity.UsernameProvider;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryData;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadResponse;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadResult;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadRawModifiedDetails;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;

/** Real Milo clients for the simulator tests. */
final class TestClients {

    static final String CLIENT_URI = "urn:diodegw:plant-simulator:test-client";

    private TestClients() {
    }

    /** @return a connected anonymous client on the security-None endpoint */
    static OpcUaClient anonymous(PlantSimulator simulator) throws UaException {
        return connect(simulator, SecurityPolicy.None, MessageSecurityMode.None, new AnonymousProvider());
    }

    /** @return a connected client; throws when the server refuses the channel or the session */
    static OpcUaClient connect(PlantSimulator simulator, SecurityPolicy policy, MessageSecurityMode mode,
                               IdentityProvider identity) throws UaException {
        OpcUaClient client = create(simulator, policy, mode, identity);
        try {
            return client.connect();
        } catch (UaException | RuntimeException e) {
            disconnectQuietly(client);
            throw e;
        }
    }

    /** @return a user/password identity */
    static IdentityProvider user(String user, String password) {
        return new UsernameProvider(user, password, (chain, uri, hosts) -> { });
    }

    static OpcUaClient create(PlantSimulator simulator, SecurityPolicy policy, MessageSecurityMode mode,
                              IdentityProvider identity) throws UaException {
        KeyPair keyPair = Identity.KEY_PAIR;
        X509Certificate certificate = Identity.CERTIFICATE;
        return OpcUaClient.create(simulator.endpointUrl(),
                endpoints -> pick(endpoints, policy, mode),
                transport -> { },
                config -> config
                        .setApplicationUri(CLIENT_URI)
                        .setKeyPair(keyPair)
                        .setCertificate(certificate)
                        .setCertificateChain(new X509Certificate[] {certificate})
                        .setCertificateValidator((chain, uri, hosts) -> { })
                        .setIdentityProvider(identity)
                        .setRequestTimeout(UInteger.valueOf(10_000)));
    }

    static void disconnectQuietly(OpcUaClient client) {
        if (client == null) {
            return;
        }
        try {
            client.disconnect();
        } catch (UaException | RuntimeException e) {
            // the test outcome is already decided; a failed disconnect only leaves a session to time out
        }
    }

    /** Reads the complete raw history of a node page by page; each page holds at most {@code perPage} values. */
    static List<List<DataValue>> historyPages(OpcUaClient client, NodeId nodeId, DateTime start, DateTime end,
                                              int perPage) throws UaException {
        List<List<DataValue>> pages = new ArrayList<>();
        ReadRawModifiedDetails details = new ReadRawModifiedDetails(false, start, end, UInteger.valueOf(perPage),
                false);
        ByteString continuation = ByteString.NULL_VALUE;
        do {
            HistoryReadResponse response = client.historyRead(details, TimestampsToReturn.Both, false,
                    List.of(new HistoryReadValueId(nodeId, null, null, continuation)));
            HistoryReadResult result = response.getResults()[0];
            if (result.getStatusCode().isBad()) {
                throw new UaException(result.getStatusCode(), "history read failed");
            }
            HistoryData data = (HistoryData) result.getHistoryData().decode(client.getStaticEncodingContext());
            DataValue[] values = data.getDataValues();
            pages.add(values == null ? List.of() : List.of(values));
            continuation = result.getContinuationPoint();
        } while (continuation != null && continuation.isNotNull());
        return pages;
    }

    /** The test client's application instance certificate, created once per JVM. */
    private static final class Identity {
        static final KeyPair KEY_PAIR;
        static final X509Certificate CERTIFICATE;

        static {
            try {
                KEY_PAIR = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
                CERTIFICATE = new SelfSignedCertificateBuilder(KEY_PAIR)
                        .setCommonName("plant simulator test client")
                        .setApplicationUri(CLIENT_URI)
                        .addDnsName("localhost")
                        .build();
            } catch (Exception e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }

    private static Optional<EndpointDescription> pick(List<EndpointDescription> endpoints, SecurityPolicy policy,
                                                      MessageSecurityMode mode) {
        return endpoints.stream()
                .filter(e -> policy.getUri().equals(e.getSecurityPolicyUri()) && e.getSecurityMode() == mode)
                .findFirst();
    }
}
