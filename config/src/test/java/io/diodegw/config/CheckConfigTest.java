package io.diodegw.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckConfigTest
{
    private static final int PROTOCOL_VERSION = 1;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void shouldAcceptTheExampleSenderFileAndPrintItsFingerprint()
    {
        final int code = run(Map.of(), "--config", "examples/sender.yaml");

        final Config config = ConfigLoader.load(Side.SENDER, Path.of("examples/sender.yaml"), Map.of());
        assertEquals(CheckConfig.VALID, code, text(err));
        assertTrue(text(out).contains("link fingerprint " +
            LinkFingerprint.toHex(LinkFingerprint.of(config, PROTOCOL_VERSION))), text(out));
        assertTrue(text(out).contains("  link.mtuBytes=1500"), text(out));
        assertTrue(text(out).endsWith("is a valid sender configuration\n"), text(out));
    }

    @Test
    void shouldReportEveryProblemWithTheKeyAndExitOne(@TempDir final Path dir) throws IOException
    {
        final Path file = dir.resolve("receiver.yaml");
        Files.writeString(file, "link:\n  mtuBytes: 70000\nreceiver:\n  listn: 0.0.0.0:4950\n");

        final int code = run(Map.of(), "--config", file.toString());

        assertEquals(CheckConfig.INVALID, code);
        assertTrue(text(err).contains("link.mtuBytes"), text(err));
        assertTrue(text(err).contains("receiver.listn"), text(err));
        assertEquals("", text(out));
    }

    @Test
    void shouldApplyEnvironmentOverridesAsAtStartUp()
    {
        final int code = run(Map.of("DIODEGW_LINK_MTU_BYTES", "9000"), "--config", "examples/sender.yaml");

        assertEquals(CheckConfig.VALID, code, text(err));
        assertTrue(text(out).contains("  link.mtuBytes=9000"), text(out));
        assertTrue(text(out).contains("env DIODEGW_LINK_MTU_BYTES"), text(out));
    }

    @Test
    void shouldAskForTheSideWhenTheFileNameDoesNotTellIt(@TempDir final Path dir) throws IOException
    {
        final Path file = dir.resolve("site.yaml");
        Files.writeString(file, "link:\n  id: 1\n");

        assertEquals(CheckConfig.USAGE, run(Map.of(), "--config", file.toString()));
        assertTrue(text(err).contains("--side sender or --side receiver"), text(err));
    }

    @Test
    void shouldNameTheBadArgument()
    {
        assertEquals(CheckConfig.USAGE, run(Map.of(), "--config", "examples/sender.yaml", "--side", "ot"));
        assertTrue(text(err).contains("--side is 'ot'; use sender or receiver"), text(err));
    }

    @Test
    void shouldRequireTheConfigArgument()
    {
        assertEquals(CheckConfig.USAGE, run(Map.of()));
        assertTrue(text(err).contains("--config FILE is required"), text(err));
    }

    @Test
    void shouldReportAMissingFileAsInvalid()
    {
        assertEquals(CheckConfig.INVALID, run(Map.of(), "--config", "examples/no-such-sender.yaml"));
        assertTrue(text(err).contains("does not exist"), text(err));
    }

    private int run(final Map<String, String> env, final String... args)
    {
        return CheckConfig.run(args, env, PROTOCOL_VERSION, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static String text(final ByteArrayOutputStream stream)
    {
        return stream.toString(StandardCharsets.UTF_8);
    }
}
