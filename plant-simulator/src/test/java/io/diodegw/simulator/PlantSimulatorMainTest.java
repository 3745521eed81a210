package io.diodegw.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PlantSimulatorMainTest {

    @Test
    void shouldParseEveryOption() throws Exception {
        SimulatorOptions options = PlantSimulatorMain.parse(new String[] {"--port", "0", "--tags", "5000",
            "--rate", "2500.5", "--seed", "-7", "--bad-probability", "0.25", "--user", "u", "--password", "p",
            "--history-depth", "12", "--host", "127.0.0.1"});
        assertEquals(0, options.port());
        assertEquals(5000, options.tagCount());
        assertEquals(2500.5, options.updatesPerSecond());
        assertEquals(-7, options.seed());
        assertEquals(0.25, options.badProbability().applyAsDouble(3));
        assertEquals("u", options.user());
        assertEquals("p", options.password());
        assertEquals(12, options.historyDepth());
    }

    @Test
    void shouldReturnNoOptionsForHelp() throws Exception {
        assertNull(PlantSimulatorMain.parse(new String[] {"--tags", "3", "--help"}));
    }

    @Test
    void shouldNameTheOptionOfABadArgument() {
        assertMessageNames("--tags", "--tags", "many");
        assertMessageNames("--tags", "--tags", "0");
        assertMessageNames("--port", "--port", "70000");
        assertMessageNames("--rate", "--rate", "-1");
        assertMessageNames("--bad-probability", "--bad-probability", "2");
        assertMessageNames("--history-depth", "--history-depth", "0");
        assertMessageNames("--seed", "--seed");
        assertMessageNames("--frobnicate", "--frobnicate", "1");
    }

    private static void assertMessageNames(String option, String... args) {
        PlantSimulatorMain.UsageException e = assertThrows(PlantSimulatorMain.UsageException.class,
                () -> PlantSimulatorMain.parse(args));
        assertTrue(e.getMessage().contains(option), e.getMessage());
    }
}
