package io.diodegw.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.diodegw.config.Config;
import io.diodegw.config.ConfigLoader;
import io.diodegw.config.Side;
import io.diodegw.wire.crypto.KeyFiles;

class ReceiverMainTest
{
    @TempDir
    Path dir;

    @Test
    void shouldServeTheStatusOfARunningReceiverAndStopCleanly() throws Exception
    {
        final Config config = config(true);
        try (ReceiverMain receiver = new ReceiverMain(config, null))
        {
            receiver.start();
            assertTrue(receiver.agent().isRunning());
            assertTrue(receiver.agent().localAddress().getPort() > 0);
            final HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + receiver.httpAddress().getPort() + "/api/status")).build(),
                HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertTrue(response.body().contains("\"datagrams\":0"), response.body());
        }
    }

    @Test
    void shouldNotServeHttpWhenDisabled() throws Exception
    {
        try (ReceiverMain receiver = new ReceiverMain(config(false), null))
        {
            receiver.start();
            assertNull(receiver.httpAddress());
            assertNotNull(receiver.agent());
        }
    }

    @Test
    void shouldRefuseAPrivateKeyOthersCanReadNamingTheFileAndTheFix() throws Exception
    {
        final Config config = config(false);
        final Path key = dir.resolve("receiver-x25519.pem");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r-----"));
        final ReceiverMain receiver = new ReceiverMain(config, null);

        final KeyFiles.KeyFileException ex = assertThrows(KeyFiles.KeyFileException.class, receiver::start);

        assertTrue(ex.getMessage().contains(key.toString()) && ex.getMessage().contains("chmod 600 " + key),
            ex.getMessage());
        receiver.close();
    }

    @Test
    void shouldExitWithUsageWhenTheConfigIsMissingOrInvalid() throws Exception
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        final PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

        assertEquals(2, ReceiverMain.run(new String[0], out, errStream));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--config FILE is required"));
        final Path file = dir.resolve("receiver.yaml");
        Files.writeString(file, "receiver:\n  bind: nowhere\n");
        assertEquals(2, ReceiverMain.run(new String[] {"--config", file.toString()}, out, errStream));
        assertEquals(0, ReceiverMain.run(new String[] {"--help"}, out, errStream));
    }

    private Config config(final boolean http)
    {
        final SecureRandom random = new SecureRandom();
        final Path privateKey = dir.resolve("receiver-x25519.pem");
        final Path trusted = dir.resolve("sender.pub.pem");
        if (!Files.exists(privateKey))
        {
            KeyFiles.writePrivateKey(privateKey, new X25519PrivateKeyParameters(random));
            KeyFiles.writePublicKey(trusted, new Ed25519PrivateKeyParameters(random).generatePublicKey());
        }
        final Map<String, String> values = new HashMap<>();
        values.put("receiver.bind", "127.0.0.1:0");
        values.put("receiver.http.enabled", Boolean.toString(http));
        values.put("receiver.http.bind", "127.0.0.1:0");
        values.put("receiver.socketReceiveBufferBytes", "262144");
        values.put("receiver.privateKeyFile", privateKey.toString());
        values.put("receiver.trustedSenderKeyFiles", trusted.toString());
        return ConfigLoader.fromValues(Side.RECEIVER, "test", values);
    }
}
