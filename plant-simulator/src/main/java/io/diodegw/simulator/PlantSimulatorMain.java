package io.diodegw.simulator;

import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;

/**
 * Command line of the plant simulator: starts a {@link PlantSimulator}, prints its endpoint URL as the first line
 * of stdout and runs until the process is stopped (SIGINT/SIGTERM close the server cleanly).
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
        stopped.await();
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
