package io.diodegw.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.junit.jupiter.api.Test;

class BadStatusTest {

    private static final int FAULTY = 60;

    @Test
    void shouldReportOnlyBadOrUncertainForTagsWhoseProbabilityIsOne() throws Exception {
        PlantSimulator simulator = PlantSimulator.start(SimulatorOptions.builder()
                .port(0).tagCount(200).updatesPerSecond(4_000).seed(9)
                .badProbability(i -> i < FAULTY ? 1.0 : 0.0)
                .build());
        OpcUaClient client = null;
        try {
            client = TestClients.anonymous(simulator);
            PlantSimulatorTest.awaitCondition(() -> simulator.stepOf(0) >= 3, "three changes of tag 0");
            simulator.pause();
            List<NodeId> ids = new ArrayList<>();
            for (int i = 0; i < 2 * FAULTY; i++) {
                ids.add(simulator.nodeIdOf(i));
            }
            List<DataValue> values = client.readValues(0, TimestampsToReturn.Both, ids);
            int bad = 0;
            int uncertain = 0;
            for (int i = 0; i < values.size(); i++) {
                DataValue value = values.get(i);
                PlantSimulatorTest.assertSameSample(simulator.currentValue(i), value, "tag " + i);
                if (i < FAULTY) {
                    assertTrue(!value.getStatusCode().isGood(), "tag " + i + " is Good");
                    if (value.getStatusCode().isBad()) {
                        bad++;
                        assertTrue(value.getValue().isNull(), "Bad tag " + i + " carries a value");
                        assertEquals(TagModel.BAD_STATUS, value.getStatusCode());
                    } else {
                        uncertain++;
                        assertEquals(TagModel.UNCERTAIN_STATUS, value.getStatusCode());
                        assertTrue(value.getValue().isNotNull());
                    }
                } else {
                    assertTrue(value.getStatusCode().isGood(), "tag " + i + " is not Good");
                }
            }
            assertTrue(bad > 0 && uncertain > 0, "bad=" + bad + " uncertain=" + uncertain);
        } finally {
            TestClients.disconnectQuietly(client);
            simulator.close();
        }
    }
}
