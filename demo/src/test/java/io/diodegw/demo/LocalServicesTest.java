package io.diodegw.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalServicesTest
{
    @TempDir
    Path dir;

    private static UnaryOperator<String> of(final Map<String, String> map)
    {
        return map::get;
    }

    @Test
    void shouldPreferTheSystemPropertyThenTheEnvironmentThenTheHomesTestServicesFolder()
    {
        final Map<String, String> env = Map.of(LocalServices.S3MOCK_JAR_ENV, "/env/s3mock.jar");
        assertEquals(Path.of("/prop/s3mock.jar"), LocalServices.locate(of(Map.of(LocalServices.S3MOCK_JAR,
            "/prop/s3mock.jar", LocalServices.HOME, "/home")), of(env), LocalServices.S3MOCK_JAR,
            LocalServices.S3MOCK_JAR_ENV, "s3mock/s3mock-exec.jar"));
        assertEquals(Path.of("/env/s3mock.jar"), LocalServices.locate(of(Map.of(LocalServices.S3MOCK_JAR, " ",
            LocalServices.HOME, "/home")), of(env), LocalServices.S3MOCK_JAR, LocalServices.S3MOCK_JAR_ENV,
            "s3mock/s3mock-exec.jar"));
        assertEquals(Path.of("/home/.test-services/s3mock/s3mock-exec.jar"), LocalServices.locate(
            of(Map.of(LocalServices.HOME, "/home")), of(Map.of()), LocalServices.S3MOCK_JAR,
            LocalServices.S3MOCK_JAR_ENV, "s3mock/s3mock-exec.jar"));
    }

    @Test
    void shouldNameTheInstallCommandWhenAServiceIsMissing()
    {
        final UnaryOperator<String> home = of(Map.of(LocalServices.HOME, dir.toString()));
        final UnaryOperator<String> env = of(Map.of("PATH", dir.toString()));
        final LocalServices.NotInstalledException s3 = assertThrows(LocalServices.NotInstalledException.class,
            () -> LocalServices.s3MockJar(home, env));
        assertTrue(s3.getMessage().contains(LocalServices.INSTALL_COMMAND), s3.getMessage());
        assertTrue(s3.getMessage().contains(dir.resolve(".test-services/s3mock/s3mock-exec.jar").toString()));
        final LocalServices.NotInstalledException kinesis = assertThrows(LocalServices.NotInstalledException.class,
            () -> LocalServices.kinesisLocalMain(home, env));
        assertTrue(kinesis.getMessage().contains(LocalServices.INSTALL_COMMAND), kinesis.getMessage());
    }

    @Test
    void shouldFindInstalledServicesAndSayWhenNodeIsMissing() throws Exception
    {
        final Path jar = Files.createDirectories(dir.resolve(".test-services/s3mock")).resolve("s3mock-exec.jar");
        Files.writeString(jar, "jar");
        final Path main = Files.createDirectories(dir.resolve(".test-services/kinesis-local/node_modules/"
            + "kinesis-local")).resolve("main.js");
        Files.writeString(main, "");
        final Path bin = Files.createDirectories(dir.resolve("bin"));
        final Path node = Files.writeString(bin.resolve("node"), "#!/bin/sh\n");
        assertTrue(node.toFile().setExecutable(true));
        final UnaryOperator<String> home = of(Map.of(LocalServices.HOME, dir.toString()));

        assertEquals(jar, LocalServices.s3MockJar(home, of(Map.of())));
        assertEquals(main, LocalServices.kinesisLocalMain(home, of(Map.of("PATH", bin.toString()))));
        final LocalServices.NotInstalledException noNode = assertThrows(LocalServices.NotInstalledException.class,
            () -> LocalServices.kinesisLocalMain(home, of(Map.of("PATH", dir.toString()))));
        assertTrue(noNode.getMessage().contains("node"), noNode.getMessage());
    }
}
