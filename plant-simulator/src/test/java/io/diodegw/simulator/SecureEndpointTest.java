package io.diodegw.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SecureEndpointTest {

    private static PlantSimulator simulator;

    @BeforeAll
    static void start() throws Exception {
        simulator = PlantSimulator.start(SimulatorOptions.builder()
                .port(0).tagCount(100).user("engineer").password("s3cret").build());
    }

    @AfterAll
    static void stop() {
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    void shouldAcceptTheConfiguredUserOverBasic256Sha256SignAndEncrypt() throws Exception {
        shouldReadOver(MessageSecurityMode.SignAndEncrypt);
    }

    @Test
    void shouldAcceptTheConfiguredUserOverBasic256Sha256Sign() throws Exception {
        shouldReadOver(MessageSecurityMode.Sign);
    }

    @Test
    void shouldRefuseAWrongPasswordOverBasic256Sha256SignAndEncrypt() {
        assertThrows(UaException.class, () -> TestClients.disconnectQuietly(TestClients.connect(simulator,
                SecurityPolicy.Basic256Sha256, MessageSecurityMode.SignAndEncrypt,
                TestClients.user("engineer", "wrong"))));
    }

    @Test
    void shouldRefuseAnAnonymousSessionOnASecureEndpoint() {
        assertThrows(UaException.class, () -> TestClients.disconnectQuietly(TestClients.connect(simulator,
                SecurityPolicy.Basic256Sha256, MessageSecurityMode.SignAndEncrypt, new AnonymousProvider())));
    }

    private void shouldReadOver(MessageSecurityMode mode) throws Exception {
        OpcUaClient client = TestClients.connect(simulator, SecurityPolicy.Basic256Sha256, mode,
                TestClients.user("engineer", "s3cret"));
        try {
            simulator.pause();
            DataValue value = client.readValue(0, TimestampsToReturn.Both, simulator.nodeIdOf(10));
            PlantSimulatorTest.assertSameSample(simulator.currentValue(10), value, "tag 10");
            assertEquals(SecurityPolicy.Basic256Sha256.getUri(),
                    client.getConfig().getEndpoint().getSecurityPolicyUri());
        } finally {
            simulator.resume();
            TestClients.disconnectQuietly(client);
        }
    }
}
