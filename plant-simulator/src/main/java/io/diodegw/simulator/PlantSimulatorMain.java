package io.diodegw.simulator;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.ULong;

/**
 * Command line of the plant simulator: starts a {@link PlantSimulator}, prints its endpoint URL as the first line
 * of stdout and runs until the process is stopped (SIGINT/SIGTERM close the server cleanly).
 *
 * <p>It also reads commands from stdin, one a line, answering each with one line on stdout (this is how the demo
 * freezes the plant and reads what it holds): {@code pause} stops all changes and answers {@code paused};
 * {@code resume} answers {@code resumed}; {@code dump FILE} writes one JSON object per tag to FILE
 * ({@code {"nodeId":"ns=2;s=Plant/Area0/Unit0/Tag0","type":"DOUBLE","value":12.5,"statusCode":0,
 * "sourceTime":"2026-11-23T12:00:00.123Z"}}: value null when the status is Bad, DateTime values and sourceTime as
 * ISO-8601 instants, arrays as JSON arrays, NaN and infinities as strings) and answers {@code dumped N};
 * {@code history FILE} writes, per tag, one JSON object with the values the simulator still retains
 * ({@code --history-depth} per tag), oldest first: {@code {"nodeId":"...","type":"DOUBLE","firstStep":12,
 * "lastStep":40,"values":[{"value":12.5,"statusCode":0,"sourceTime":"..."},...]}} (values as in {@code dump};
 * {@code firstStep} 0 means the history reaches back to the tag's value at start) and answers {@code history N}
 * with N the number of values written; anything else answers {@code error ...}. The end of stdin ends the command
 * reader, not the server.
 *
 * <p>Exit status: 0 after {@code --help}, 2 on a bad argument (the message names the option), 1 when the server
 * cannot start.
 */
public final class PlantSimulatorMain {

    static final int EXIT_USAGE = 2;
    static final int EXIT_START_FAILED = 1;

    private static final String USAGE = String.join(System.lineSeparator(),
            "usage: bin/diode simulator [OPTIONS]",
            "",
            "Runs an OPC UA server (Eclipse Milo) with changing tags and raw history; prints its endpoint URL.",
            "",
            "options:",
            "  --host H                  address to bind and advertise (default 127.0.0.1)",
            "  --port N                  TCP port, 0 for a free one (default 4840)",
            "  --tags N                  number of tags, 1.." + SimulatorOptions.MAX_TAGS + " (default 1000)",
            "  --rate UPDATES_PER_SEC    tag changes per second across all tags (default 1000)",
            "  --seed N                  seed of every value (default 1)",
            "  --bad-probability P       chance in [0,1] of a Bad/Uncertain status per change (default 0)",
            "  --user U                  user name for user/password sessions (default operator)",
            "  --password P              password of that user (default plant)",
            "  --history-depth N         values kept per tag for HistoryRead (default 100)",
            "  --help                    this text",
            "",
            "endpoints: security None (anonymous or user/password), Basic256Sha256 Sign and SignAndEncrypt",
            "(user/password); the server certificate is self-signed and generated at every start.");

    private PlantSimulatorMain() {
    }

    /** Entry point; see the class comment for exit statuses. */
    public static void main(String[] args) throws InterruptedException {
        SimulatorOptions options;
        try {
            options = parse(args);
        } catch (UsageException e) {
            System.err.println("simulator: " + e.getMessage());
            System.err.println("run 'bin/diode simulator --help' for the options");
            System.exit(EXIT_USAGE);
            return;
        }
        if (options == null) {
            System.out.println(USAGE);
            return;
        }
        long startNs = System.nanoTime();
        PlantSimulator simulator;
        try {
            simulator = PlantSimulator.start(options);
        } catch (IOException e) {
            System.err.println("simulator: " + e.getMessage());
            System.exit(EXIT_START_FAILED);
            return;
        }
        long startMs = (System.nanoTime() - startNs) / 1_000_000;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }, "plant-simulator-shutdown"));
        PrintStream out = System.out;
        out.println(simulator.endpointUrl());
        out.flush();
        System.err.printf("simulator: %d tags, %s updates/s, seed %d, started in %d ms; user '%s'; Ctrl-C stops%n",
                options.tagCount(), trim(options.updatesPerSecond()), options.seed(), startMs, options.user());
        Thread commands = new Thread(() -> readCommands(simulator, out), "plant-simulator-commands");
        commands.setDaemon(true);
        commands.start();
        stopped.await();
    }

    private static void readCommands(PlantSimulator simulator, PrintStream out) {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try {
            String line;
            while ((line = in.readLine()) != null) {
                String answer = command(simulator, line.strip());
                if (answer != null) {
                    synchronized (out) {
                        out.println(answer);
                        out.flush();
                    }
                }
            }
        } catch (IOException e) {
            System.err.println("simulator: stdin: " + e.getMessage());
        }
    }

    /** @return the answer line to {@code line}, or null for an empty line */
    static String command(PlantSimulator simulator, String line) {
        if (line.isEmpty()) {
            return null;
        }
        if (line.equals("pause")) {
            simulator.pause();
            return "paused";
        }
        if (line.equals("resume")) {
            simulator.resume();
            return "resumed";
        }
        if (line.startsWith("dump ")) {
            try {
                return "dumped " + dump(simulator, Path.of(line.substring("dump ".length()).strip()));
            } catch (IOException | RuntimeException e) {
                return "error dump: " + e.getMessage();
            }
        }
        if (line.startsWith("history ")) {
            try {
                return "history " + history(simulator, Path.of(line.substring("history ".length()).strip()));
            } catch (IOException | RuntimeException e) {
                return "error history: " + e.getMessage();
            }
        }
        return "error unknown command '" + line + "' (pause, resume, dump FILE, history FILE)";
    }

    /** Writes one JSON line per tag to {@code file}; @return the number of tags written */
    static int dump(PlantSimulator simulator, Path file) throws IOException {
        int n = simulator.tagCount();
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            StringBuilder sb = new StringBuilder(256);
            for (int i = 0; i < n; i++) {
                DataValue dv = simulator.currentValue(i);
                sb.setLength(0);
                sb.append("{\"nodeId\":");
                jsonString(sb, simulator.nodeIdOf(i).toParseableString());
                sb.append(",\"type\":\"").append(simulator.typeOf(i).name()).append("\",");
                jsonDataValue(sb, dv);
                sb.append('}');
                w.write(sb.toString());
                w.newLine();
            }
        }
        return n;
    }

    /**
     * Writes one JSON line per tag to {@code file} with the tag's retained history. Each tag's line is consistent
     * (its steps and values belong together); lines of different tags are of different instants unless the
     * simulator is paused.
     *
     * @return the number of values written, over all tags
     */
    static long history(PlantSimulator simulator, Path file) throws IOException {
        int n = simulator.tagCount();
        long values = 0;
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            StringBuilder sb = new StringBuilder(4096);
            for (int i = 0; i < n; i++) {
                List<DataValue> history;
                long lastStep;
                do {
                    lastStep = simulator.stepOf(i);
                    history = simulator.history(i);
                } while (simulator.stepOf(i) != lastStep);
                sb.setLength(0);
                sb.append("{\"nodeId\":");
                jsonString(sb, simulator.nodeIdOf(i).toParseableString());
                sb.append(",\"type\":\"").append(simulator.typeOf(i).name()).append('"');
                sb.append(",\"firstStep\":").append(lastStep - history.size() + 1);
                sb.append(",\"lastStep\":").append(lastStep);
                sb.append(",\"values\":[");
                for (int k = 0; k < history.size(); k++) {
                    sb.append(k == 0 ? "{" : ",{");
                    jsonDataValue(sb, history.get(k));
                    sb.append('}');
                }
                sb.append("]}");
                w.write(sb.toString());
                w.newLine();
                values += history.size();
            }
        }
        return values;
    }

    /** Appends {@code "value":...,"statusCode":...,"sourceTime":...} (no leading comma). */
    private static void jsonDataValue(StringBuilder sb, DataValue dv) {
        sb.append("\"value\":");
        jsonValue(sb, dv.getValue().getValue());
        sb.append(",\"statusCode\":").append(dv.getStatusCode() == null ? 0 : dv.getStatusCode().getValue());
        sb.append(",\"sourceTime\":");
        DateTime t = dv.getSourceTime();
        if (t == null || t.isNull()) {
            sb.append("null");
        } else {
            jsonString(sb, t.getJavaInstant().toString());
        }
    }

    private static void jsonValue(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v.getClass().isArray()) {
            sb.append('[');
            for (int j = 0; j < Array.getLength(v); j++) {
                if (j > 0) {
                    sb.append(',');
                }
                jsonValue(sb, Array.get(v, j));
            }
            sb.append(']');
        } else if (v instanceof Boolean) {
            sb.append(v);
        } else if (v instanceof Double d && (d.isNaN() || d.isInfinite())) {
            jsonString(sb, d.toString());
        } else if (v instanceof Float f && (f.isNaN() || f.isInfinite())) {
            jsonString(sb, f.toString());
        } else if (v instanceof ULong u) {
            sb.append(u.toBigInteger());
        } else if (v instanceof Number) {
            sb.append(v);
        } else if (v instanceof DateTime dt) {
            jsonString(sb, dt.getJavaInstant().toString());
        } else {
            jsonString(sb, v.toString());
        }
    }

    private static void jsonString(StringBuilder sb, String s) {
        sb.append('"');
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        sb.append('"');
    }

    /**
     * @return the options, or null when {@code --help} was asked for
     * @throws UsageException naming the bad option
     */
    static SimulatorOptions parse(String[] args) throws UsageException {
        SimulatorOptions.Builder builder = SimulatorOptions.builder();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--help") || option.equals("-h")) {
                return null;
            }
            if (i + 1 >= args.length) {
                throw new UsageException(option.startsWith("--")
                        ? option + " needs a value" : "unknown argument '" + option + "'");
            }
            String value = args[++i];
            switch (option) {
                case "--host" -> builder.host(value);
                case "--port" -> builder.port(intValue(option, value));
                case "--tags" -> builder.tagCount(intValue(option, value));
                case "--rate" -> builder.updatesPerSecond(doubleValue(option, value));
                case "--seed" -> builder.seed(longValue(option, value));
                case "--bad-probability" -> {
                    double p = doubleValue(option, value);
                    if (!(p >= 0 && p <= 1)) {
                        throw new UsageException(option + " " + value + ": must be within [0, 1]");
                    }
                    builder.badProbability(p);
                }
                case "--user" -> builder.user(value);
                case "--password" -> builder.password(value);
                case "--history-depth" -> builder.historyDepth(intValue(option, value));
                default -> throw new UsageException("unknown option '" + option + "'");
            }
        }
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(optionNameOf(e.getMessage()) + e.getMessage());
        }
    }

    private static String optionNameOf(String message) {
        String[][] names = {{"port=", "--port: "}, {"tagCount=", "--tags: "}, {"updatesPerSecond=", "--rate: "},
                {"historyDepth=", "--history-depth: "}, {"user ", "--user: "}};
        for (String[] n : names) {
            if (message.startsWith(n[0])) {
                return n[1];
            }
        }
        return "";
    }

    private static int intValue(String option, String value) throws UsageException {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new UsageException(option + " '" + value + "' is not an integer");
        }
    }

    private static long longValue(String option, String value) throws UsageException {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new UsageException(option + " '" + value + "' is not an integer");
        }
    }

    private static double doubleValue(String option, String value) throws UsageException {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new UsageException(option + " '" + value + "' is not a number");
        }
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /** A bad command-line argument; the message names the option. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }
}
