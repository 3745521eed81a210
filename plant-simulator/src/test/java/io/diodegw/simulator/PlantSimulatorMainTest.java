package io.diodegw.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlantSimulatorMainTest {

    private static final int TAGS = 30;
    private static final int DEPTH = 6;
    private static final long DEADLINE_MS = 15_000;
    private static final Pattern HISTORY_LINE = Pattern.compile(
            "\\{\"nodeId\":\"([^\"]+)\",\"type\":\"([A-Z_0-9]+)\",\"firstStep\":(\\d+),\"lastStep\":(\\d+),"
            + "\"values\":\\[(.*)]}");
    private static final Pattern VALUE = Pattern.compile(
            "\\{\"value\":(.*?),\"statusCode\":(\\d+),\"sourceTime\":(null|\"[^\"]+\")}");
    private static final Pattern DUMP_LINE = Pattern.compile(
            "\\{\"nodeId\":\"([^\"]+)\",\"type\":\"([A-Z_0-9]+)\",\"value\":(.*?),\"statusCode\":(\\d+),"
            + "\"sourceTime\":(null|\"[^\"]+\")}");

    @TempDir
    Path dir;

    @Test
    void shouldWriteEveryRetainedValueOfEveryTagOldestFirstForHistoryAndTheCurrentOneForDump() throws Exception {
        try (PlantSimulator simulator = PlantSimulator.start(SimulatorOptions.builder().port(0).tagCount(TAGS)
                .updatesPerSecond(3_000).historyDepth(DEPTH).badProbability(0.3).seed(11).build())) {
            awaitEveryTagPast(simulator, 2 * DEPTH);
            assertEquals("paused", PlantSimulatorMain.command(simulator, "pause"));
            Path history = dir.resolve("history.jsonl");
            Path dump = dir.resolve("dump.jsonl");

            String historyAnswer = PlantSimulatorMain.command(simulator, "history " + history);
            String dumpAnswer = PlantSimulatorMain.command(simulator, "dump " + dump);

            assertEquals("history " + (long) TAGS * DEPTH, historyAnswer);
            assertEquals("dumped " + TAGS, dumpAnswer);
            List<String> historyLines = Files.readAllLines(history, StandardCharsets.UTF_8);
            List<String> dumpLines = Files.readAllLines(dump, StandardCharsets.UTF_8);
            assertEquals(TAGS, historyLines.size());
            assertEquals(TAGS, dumpLines.size());
            TagModel model = simulator.model();
            for (int i = 0; i < TAGS; i++) {
                Matcher line = HISTORY_LINE.matcher(historyLines.get(i));
                assertTrue(line.matches(), historyLines.get(i));
                assertEquals(simulator.nodeIdOf(i).toParseableString(), line.group(1));
                assertEquals(simulator.typeOf(i).name(), line.group(2));
                long lastStep = Long.parseLong(line.group(4));
                assertEquals(simulator.stepOf(i), lastStep);
                assertEquals(lastStep - DEPTH + 1, Long.parseLong(line.group(3)));
                List<String[]> values = values(line.group(5));
                assertEquals(DEPTH, values.size(), historyLines.get(i));
                Instant previous = Instant.MIN;
                for (int k = 0; k < DEPTH; k++) {
                    long step = lastStep - DEPTH + 1 + k;
                    String[] value = values.get(k);
                    assertEquals(Long.toString(model.statusAt(i, step).getValue()), value[1], "tag " + i + " step " + step);
                    String expected = expectedJson(model, i, step);
                    if (expected != null) {
                        assertEquals(expected, value[0], "tag " + i + " step " + step);
                    }
                    Instant time = Instant.parse(value[2].substring(1, value[2].length() - 1));
                    assertTrue(time.isAfter(previous), "source times increase: " + historyLines.get(i));
                    previous = time;
                }
                Matcher current = DUMP_LINE.matcher(dumpLines.get(i));
                assertTrue(current.matches(), dumpLines.get(i));
                assertEquals(line.group(1), current.group(1));
                String[] last = values.get(DEPTH - 1);
                assertEquals(last[0], current.group(3));
                assertEquals(last[1], current.group(4));
                assertEquals(last[2], current.group(5));
            }
        }
    }

    @Test
    void shouldAnswerAnErrorLineForAnUnknownCommandOrAFileThatCannotBeWritten() throws Exception {
        try (PlantSimulator simulator = PlantSimulator.start(SimulatorOptions.builder().port(0).tagCount(3)
                .updatesPerSecond(0.5).build())) {
            assertEquals("paused", PlantSimulatorMain.command(simulator, "pause"));
            Path missing = dir.resolve("no-such-folder").resolve("out.jsonl");
            assertTrue(PlantSimulatorMain.command(simulator, "history " + missing).startsWith("error history: "));
            assertTrue(PlantSimulatorMain.command(simulator, "dump " + missing).startsWith("error dump: "));
            assertTrue(PlantSimulatorMain.command(simulator, "frobnicate").startsWith("error unknown command"));
            assertNull(PlantSimulatorMain.command(simulator, ""));
            long values = 0;
            for (int i = 0; i < 3; i++) {
                values += simulator.stepOf(i) + 1;
            }
            assertEquals("history " + values, PlantSimulatorMain.command(simulator, "history " + dir.resolve("h")));
            for (String line : Files.readAllLines(dir.resolve("h"), StandardCharsets.UTF_8)) {
                assertTrue(line.contains("\"firstStep\":0,"), "the whole history is retained: " + line);
            }
        }
    }

    private static void awaitEveryTagPast(PlantSimulator simulator, long steps) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE_MS * 1_000_000;
        for (int i = 0; i < TAGS; i++) {
            while (simulator.stepOf(i) < steps) {
                assertTrue(System.nanoTime() - deadline < 0, "tag " + i + " did not reach step " + steps);
                Thread.sleep(20);
            }
        }
    }

    private static List<String[]> values(String array) {
        List<String[]> values = new ArrayList<>();
        Matcher m = VALUE.matcher(array);
        int end = 0;
        while (m.find()) {
            assertEquals(end == 0 ? 0 : end + 1, m.start(), "values separated by single commas: " + array);
            values.add(new String[] {m.group(1), m.group(2), m.group(3)});
            end = m.end();
        }
        assertEquals(array.length(), end, array);
        return values;
    }

    /** @return the JSON text of the model's value for the scalar types whose text is unambiguous, else null */
    private static String expectedJson(TagModel model, int i, long step) {
        Object v = model.valueAt(i, step).getValue();
        if (v == null) {
            return "null";
        }
        return switch (model.typeOf(i)) {
            case BOOLEAN, INT16, INT32, INT64 -> v.toString();
            case STRING -> "\"" + v + "\"";
            case DOUBLE -> ((Double) v).isNaN() || ((Double) v).isInfinite() ? "\"" + v + "\"" : v.toString();
            default -> null;
        };
    }

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
