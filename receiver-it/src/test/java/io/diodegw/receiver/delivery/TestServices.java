package io.diodegw.receiver.delivery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts the real services the delivery tests talk to (S3Mock, kinesis-local) as child processes on free loopback
 * ports, and stops them with all their descendants. Where they are installed comes from a system property, then an
 * environment variable, then the repository's {@code .test-services/}; a missing service fails the test with the
 * command that installs it (CI installs them, so a missing one is a broken machine, not a reason to skip).
 */
final class TestServices
{
    static final String INSTALL_COMMAND = "bin/install-test-services";
    /** The one KMS key S3Mock knows; SSE-KMS with any other key id is refused (400, "Invalid keyId"). */
    static final String S3MOCK_KMS_KEY_ARN = "arn:aws:kms:us-east-1:111122223333:key/diodegw-test-key";
    /** The key id of {@link #S3MOCK_KMS_KEY_ARN}: S3Mock looks keys up by id, so requests name it by id. */
    static final String S3MOCK_KMS_KEY_ID = "diodegw-test-key";

    private static final long START_DEADLINE_MS = 120_000;
    private static final long POLL_MS = 100;

    private TestServices()
    {
    }

    /** A started service. */
    static final class Service implements AutoCloseable
    {
        private final Process process;
        private final URI endpoint;
        private final Path log;

        Service(final Process process, final URI endpoint, final Path log)
        {
            this.process = process;
            this.endpoint = endpoint;
            this.log = log;
        }

        URI endpoint()
        {
            return endpoint;
        }

        @Override
        public void close()
        {
            final List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
            tree.add(process.toHandle());
            tree.forEach(ProcessHandle::destroy);
            for (final ProcessHandle handle : tree)
            {
                try
                {
                    handle.onExit().get(10, TimeUnit.SECONDS);
                }
                catch (final Exception ex)
                {
                    handle.destroyForcibly();
                }
            }
        }

        String logTail()
        {
            try
            {
                final String text = Files.readString(log);
                return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
            }
            catch (final IOException ex)
            {
                return "(no log: " + ex.getMessage() + ")";
            }
        }
    }

    static Path s3MockJar()
    {
        final Path jar = locate("diodegw.s3mock.jar", "DIODE_TEST_S3MOCK_JAR", "s3mock/s3mock-exec.jar");
        if (!Files.isRegularFile(jar))
        {
            throw new AssertionError("S3Mock is not installed at " + jar + ": run " + INSTALL_COMMAND +
                " (or pass -Ddiodegw.s3mock.jar=PATH)");
        }
        return jar;
    }

    static Path kinesisLocalMain()
    {
        final Path dir = locate("diodegw.kinesisLocal.dir", "DIODE_TEST_KINESIS_LOCAL_DIR", "kinesis-local");
        final Path main = dir.resolve("node_modules/kinesis-local/main.js");
        if (!Files.isRegularFile(main))
        {
            throw new AssertionError("kinesis-local is not installed in " + dir + ": run " + INSTALL_COMMAND +
                " (or pass -Ddiodegw.kinesisLocal.dir=DIR)");
        }
        return main;
    }

    static Service startS3Mock(final Path workDir) throws IOException
    {
        final Path jar = s3MockJar();
        final int httpPort = freePort();
        final int httpsPort = freePort();
        final Path store = Files.createDirectories(workDir.resolve("s3mock-store"));
        final Path log = workDir.resolve("s3mock.log");
        final String java = ProcessHandle.current().info().command().orElse("java");
        final ProcessBuilder builder = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC", "-Dspring.jmx.enabled=false", "-jar", jar.toString(),
            "--server.address=127.0.0.1", "--com.adobe.testing.s3mock.http-port=" + httpPort,
            "--server.port=" + httpsPort, "--com.adobe.testing.s3mock.store.root=" + store,
            "--spring.main.banner-mode=off", "--logging.level.root=WARN",
            "--com.adobe.testing.s3mock.store.valid-kms-keys=" + S3MOCK_KMS_KEY_ARN)
            .redirectErrorStream(true).redirectOutput(log.toFile());
        return awaitPort(new Service(builder.start(), URI.create("http://127.0.0.1:" + httpPort), log), httpPort);
    }

    static Service startKinesisLocal(final Path workDir) throws IOException
    {
        final Path main = kinesisLocalMain();
        final int plainPort = freePort();
        final int tlsPort = freePort();
        final Path log = workDir.resolve("kinesis-local.log");
        final ProcessBuilder builder = new ProcessBuilder("node", main.toString())
            .redirectErrorStream(true).redirectOutput(log.toFile());
        final Map<String, String> env = builder.environment();
        env.put("KINESIS_MOCK_CERT_PATH", main.resolveSibling("server.json").toString());
        env.put("KINESIS_MOCK_PLAIN_PORT", Integer.toString(plainPort));
        env.put("KINESIS_MOCK_TLS_PORT", Integer.toString(tlsPort));
        env.put("CREATE_STREAM_DURATION", "50ms");
        env.put("DELETE_STREAM_DURATION", "50ms");
        env.put("LOG_LEVEL", "WARN");
        return awaitPort(new Service(builder.start(), URI.create("http://127.0.0.1:" + plainPort), log), plainPort);
    }

    private static Service awaitPort(final Service service, final int port)
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_DEADLINE_MS);
        while (true)
        {
            try (Socket socket = new Socket())
            {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return service;
            }
            catch (final IOException notYet)
            {
                if (!service.process.isAlive() || System.nanoTime() - deadline > 0)
                {
                    service.close();
                    throw new AssertionError("service did not listen on 127.0.0.1:" + port + "; its log:\n" +
                        service.logTail());
                }
            }
            try
            {
                Thread.sleep(POLL_MS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                service.close();
                throw new AssertionError("interrupted", ex);
            }
        }
    }

    private static Path locate(final String property, final String env, final String defaultRelative)
    {
        final String configured = System.getProperty(property, System.getenv(env));
        if (configured != null && !configured.isBlank())
        {
            return Path.of(configured);
        }
        return repositoryRoot().resolve(".test-services").resolve(defaultRelative);
    }

    private static Path repositoryRoot()
    {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve(".ci")))
        {
            dir = dir.getParent();
        }
        return dir != null ? dir : Path.of("").toAbsolutePath().getParent();
    }

    private static int freePort()
    {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress()))
        {
            return socket.getLocalPort();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
