package io.diodegw.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.junit.jupiter.api.Test;

class LargePlantTest {

    private static final int TAGS = 100_000;

    @Test
    void shouldStartAHundredThousandTagPlantAndServeReads() throws Exception {
        PlantSimulator simulator = PlantSimulator.start(SimulatorOptions.builder()
                .port(0).tagCount(TAGS).updatesPerSecond(20_000).historyDepth(10).build());
        OpcUaClient client = null;
        try {
            assertEquals(TAGS, simulator.tagCount());
            assertEquals("Plant/Area99/Unit9/Tag99999", simulator.browsePathOf(TAGS - 1));
            client = TestClients.anonymous(simulator);
            simulator.pause();
            int[] tags = {0, 1, TAGS / 2, TAGS - 2, TAGS - 1};
            List<NodeId> ids = java.util.Arrays.stream(tags).mapToObj(simulator::nodeIdOf).toList();
            List<DataValue> values = client.readValues(0, TimestampsToReturn.Both, ids);
            for (int k = 0; k < tags.length; k++) {
                PlantSimulatorTest.assertSameSample(simulator.currentValue(tags[k]), values.get(k), "tag " + tags[k]);
            }
        } finally {
            TestClients.disconnectQuietly(client);
            simulator.close();
        }
    }
}
