package io.diodegw.demo;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Where Adobe S3Mock and kinesis-local are installed ({@code bin/install-test-services}) and the command lines that
 * start them on loopback for {@code --sinks s3,kinesis}. Each location comes from a system property, then an
 * environment variable, then {@code <home>/.test-services/} with home = system property {@value #HOME} (set by
 * {@code bin/diode} and the build), the same order the receiver's delivery tests use. Stateless.
 */
final class LocalServices
{
    static final String S3MOCK_JAR = "diodegw.s3mock.jar";
    static final String S3MOCK_JAR_ENV = "DIODE_TEST_S3MOCK_JAR";
    static final String KINESIS_LOCAL_DIR = "diodegw.kinesisLocal.dir";
    static final String KINESIS_LOCAL_DIR_ENV = "DIODE_TEST_KINESIS_LOCAL_DIR";
    static final String HOME = "diodegw.home";
    static final String INSTALL_COMMAND = "bin/install-test-services";

    private static final String KINESIS_MAIN = "node_modules/kinesis-local/main.js";

    private LocalServices()
    {
    }

    /** A service the demo needs is not installed or cannot run; the message says what to do. */
    static final class NotInstalledException extends Exception
    {
        private static final long serialVersionUID = 1L;

        NotInstalledException(final String message)
        {
            super(message);
        }
    }

    /**
     * A command line to start one service and the loopback port it answers on.
     *
     * @param command     the command.
     * @param environment variables to add to the inherited environment.
     * @param port        the plain-HTTP port.
     */
    record Start(List<String> command, Map<String, String> environment, int port)
    {
    }

    /**
     * @param properties system property lookup (name to value or null).
     * @param environment environment lookup.
     * @return the S3Mock exec jar.
     * @throws NotInstalledException naming the install command when it is not there.
     */
    static Path s3MockJar(final UnaryOperator<String> properties, final UnaryOperator<String> environment)
        throws NotInstalledException
    {
        final Path jar = locate(properties, environment, S3MOCK_JAR, S3MOCK_JAR_ENV, "s3mock/s3mock-exec.jar");
        if (!Files.isRegularFile(jar))
        {
            throw new NotInstalledException("--sinks s3 needs Adobe S3Mock, which is not installed at " + jar
                + ": run " + INSTALL_COMMAND + " (or set -D" + S3MOCK_JAR + "=JAR or " + S3MOCK_JAR_ENV + ")");
        }
        return jar;
    }

    /**
     * @return kinesis-local's {@code main.js}.
     * @throws NotInstalledException naming the install command when it is not there, or when {@code node} is not on
     *                               the PATH.
     */
    static Path kinesisLocalMain(final UnaryOperator<String> properties, final UnaryOperator<String> environment)
        throws NotInstalledException
    {
        final Path dir = locate(properties, environment, KINESIS_LOCAL_DIR, KINESIS_LOCAL_DIR_ENV, "kinesis-local");
        final Path main = dir.resolve(KINESIS_MAIN);
        if (!Files.isRegularFile(main))
        {
            throw new NotInstalledException("--sinks kinesis needs kinesis-local, which is not installed in " + dir
                + ": run " + INSTALL_COMMAND + " (or set -D" + KINESIS_LOCAL_DIR + "=DIR or " + KINESIS_LOCAL_DIR_ENV
                + ")");
        }
        if (node(environment) == null)
        {
            throw new NotInstalledException("--sinks kinesis runs kinesis-local with Node 18+, and 'node' is not on "
                + "the PATH (e.g. apt-get install -y nodejs)");
        }
        return main;
    }

    /**
     * @param java     the java executable.
     * @param jar      the S3Mock exec jar.
     * @param storeDir where S3Mock keeps the objects.
     * @return how to start S3Mock on a free loopback port.
     */
    static Start s3Mock(final String java, final Path jar, final Path storeDir) throws IOException
    {
        final int httpPort = freePort();
        final int httpsPort = freePort();
        return new Start(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-Dspring.jmx.enabled=false", "-jar", jar.toString(), "--server.address=127.0.0.1",
            "--com.adobe.testing.s3mock.http-port=" + httpPort, "--server.port=" + httpsPort,
            "--com.adobe.testing.s3mock.store.root=" + storeDir, "--spring.main.banner-mode=off",
            "--logging.level.root=WARN"), Map.of(), httpPort);
    }

    /**
     * @param main kinesis-local's {@code main.js}.
     * @return how to start kinesis-local on a free loopback port (and a TLS port it needs but the demo does not use).
     */
    static Start kinesisLocal(final Path main) throws IOException
    {
        final int plainPort = freePort();
        final int tlsPort = freePort();
        final String node = node(System::getenv);
        return new Start(List.of(node == null ? "node" : node, main.toString()), Map.of(
            "KINESIS_MOCK_CERT_PATH", main.resolveSibling("server.json").toString(),
            "KINESIS_MOCK_PLAIN_PORT", Integer.toString(plainPort),
            "KINESIS_MOCK_TLS_PORT", Integer.toString(tlsPort),
            "CREATE_STREAM_DURATION", "50ms",
            "DELETE_STREAM_DURATION", "50ms",
            "LOG_LEVEL", "WARN"), plainPort);
    }

    static Path locate(final UnaryOperator<String> properties, final UnaryOperator<String> environment,
        final String property, final String variable, final String defaultRelative)
    {
        String configured = properties.apply(property);
        if (configured == null || configured.isBlank())
        {
            configured = environment.apply(variable);
        }
        if (configured != null && !configured.isBlank())
        {
            return Path.of(configured);
        }
        final String home = properties.apply(HOME);
        final Path root = home == null || home.isBlank() ? Path.of("").toAbsolutePath() : Path.of(home);
        return root.resolve(".test-services").resolve(defaultRelative);
    }

    private static String node(final UnaryOperator<String> environment)
    {
        final String path = environment.apply("PATH");
        if (path == null)
        {
            return null;
        }
        for (final String dir : path.split(File.pathSeparator))
        {
            final Path candidate = Path.of(dir.isEmpty() ? "." : dir, "node");
            if (Files.isExecutable(candidate))
            {
                return candidate.toString();
            }
        }
        return null;
    }

    private static int freePort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            return socket.getLocalPort();
        }
    }
}
