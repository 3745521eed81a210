package io.diodegw.sender.pkcs11;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * SoftHSM2 for tests: a configuration under {@code target/softhsm} (the path Surefire passes in
 * {@code SOFTHSM2_CONF}, which SoftHSM2 reads at C_Initialize), a token directory wiped once per test JVM, and
 * fresh tokens initialized with {@code softhsm2-util}. Tests using it are skipped, with the Debian packages to
 * install named, when SoftHSM2 is absent.
 */
public final class SoftHsm
{
    /** The Debian/Ubuntu module path of softhsm2. */
    public static final Path LIBRARY = Path.of("/usr/lib/softhsm/libsofthsm2.so");
    public static final String USER_PIN = "246810";
    public static final String SO_PIN = "13579111";
    private static final String UTIL = "softhsm2-util";
    private static final long UTIL_TIMEOUT_S = 60;
    private static final AtomicInteger TOKENS = new AtomicInteger();
    private static boolean prepared;

    private SoftHsm()
    {
    }

    /** Skips the calling test unless SoftHSM2 and its configuration variable are there; prepares the token store. */
    public static synchronized void assumeAvailable()
    {
        assumeTrue(Files.isRegularFile(LIBRARY) && onPath(UTIL), "SoftHSM2 is not installed (" + LIBRARY + ", " +
            UTIL + "); install the Debian packages: apt-get install softhsm2 opensc");
        final String conf = System.getenv("SOFTHSM2_CONF");
        assumeTrue(conf != null, "SOFTHSM2_CONF is not set; run the tests through Maven (sender-ot/pom.xml sets it)");
        if (!prepared)
        {
            final Path confFile = Path.of(conf);
            final Path tokens = confFile.getParent().resolve("tokens");
            try
            {
                deleteTree(tokens);
                Files.createDirectories(tokens);
                Files.writeString(confFile, "directories.tokendir = " + tokens + "\nobjectstore.backend = file\n" +
                    "log.level = ERROR\nslots.removable = false\n", StandardCharsets.US_ASCII);
            }
            catch (final IOException ex)
            {
                throw new AssertionError("cannot prepare " + confFile + ": " + ex, ex);
            }
            prepared = true;
        }
    }

    /**
     * Initializes a new token with {@link #SO_PIN} and user PIN {@link #USER_PIN}.
     *
     * @param prefix start of the label; a counter makes it unique in this JVM.
     * @return the token's label.
     */
    public static String newToken(final String prefix)
    {
        final String label = prefix + "-" + TOKENS.incrementAndGet();
        run(UTIL, "--init-token", "--free", "--label", label, "--so-pin", SO_PIN, "--pin", USER_PIN);
        return label;
    }

    /** @return a PIN file in {@code dir} with the given content and POSIX mode, e.g. {@code rw-------}. */
    public static Path pinFile(final Path dir, final String pin, final String mode) throws IOException
    {
        final Path file = dir.resolve("token-" + mode.replace('-', '_') + "-" + TOKENS.incrementAndGet() + ".pin");
        Files.writeString(file, pin + "\n", StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    /** Runs a command to completion; fails the test with its output when it exits non-zero. */
    public static String run(final String... command)
    {
        try
        {
            final Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
            final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(UTIL_TIMEOUT_S, TimeUnit.SECONDS) || process.exitValue() != 0)
            {
                throw new AssertionError(String.join(" ", command) + " failed: " + output);
            }
            return output;
        }
        catch (final IOException ex)
        {
            throw new AssertionError(command[0] + ": " + ex, ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError(ex);
        }
    }

    private static boolean onPath(final String program)
    {
        final String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    }

    private static void deleteTree(final Path root) throws IOException
    {
        if (!Files.exists(root))
        {
            return;
        }
        try (Stream<Path> paths = Files.walk(root))
        {
            for (final Path p : paths.sorted(Comparator.reverseOrder()).toList())
            {
                Files.delete(p);
            }
        }
    }
}
