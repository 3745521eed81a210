package io.diodegw.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ConfigDigestTest
{
    private static Config sender(final String yaml, final Map<String, String> env)
    {
        return ConfigLoader.fromText(Side.SENDER, "sender.yaml", yaml + ConfigLoaderTest.SENDER_REQUIRED, env);
    }

    @Test
    void shouldHashTheSortedCanonicalTextOfEverySettingWithAValue() throws NoSuchAlgorithmException
    {
        final Config config = sender("sender.heartbeatIntervalMs: 250ms\n", Map.of());

        final String text = ConfigDigest.canonicalText(config);

        assertTrue(text.startsWith("side=SENDER\n"), text);
        assertTrue(text.contains("\nsender.heartbeatIntervalMs=250\n"), text);
        final String[] lines = text.split("\n");
        for (int i = 2; i < lines.length; i++)
        {
            assertTrue(lines[i - 1].compareTo(lines[i]) < 0 || i == 1, lines[i - 1] + " before " + lines[i]);
        }
        final byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        assertEquals(HexFormat.of().formatHex(digest), ConfigDigest.sha256Hex(config));
    }

    @Test
    void shouldNotDependOnWhereAValueCameFrom()
    {
        final Config fromFile = sender("sender.heartbeatIntervalMs: 250\n", Map.of());
        final Config fromEnv = sender("", Map.of("DIODEGW_SENDER_HEARTBEAT_INTERVAL_MS", "250ms"));

        assertEquals(ConfigDigest.sha256Hex(fromFile), ConfigDigest.sha256Hex(fromEnv));
    }

    @Test
    void shouldChangeWithAnySettingValue()
    {
        final String reference = ConfigDigest.sha256Hex(sender("", Map.of()));

        assertNotEquals(reference, ConfigDigest.sha256Hex(sender("sender.heartbeatIntervalMs: 201\n", Map.of())));
        assertNotEquals(reference, ConfigDigest.sha256Hex(sender("link.id: 9\n", Map.of())));
    }

    @Test
    void shouldShowThatASecretIsSetWithoutDependingOnIt()
    {
        final Config unset = sender("", Map.of());
        final Config one = sender("sender.opcua.username: op\n", Map.of("DIODEGW_SENDER_OPCUA_PASSWORD", "first-pw"));
        final Config other = sender("sender.opcua.username: op\n", Map.of("DIODEGW_SENDER_OPCUA_PASSWORD", "second"));

        final String text = ConfigDigest.canonicalText(one);
        assertTrue(text.contains("\nsender.opcua.password=" + ConfigDigest.SECRET_PLACEHOLDER + "\n"), text);
        assertFalse(text.contains("first-pw"), text);
        assertEquals(ConfigDigest.sha256Hex(one), ConfigDigest.sha256Hex(other));
        assertNotEquals(ConfigDigest.sha256Hex(unset), ConfigDigest.sha256Hex(one));
    }

    @Test
    void shouldReportTheBuildVersion()
    {
        assertFalse(SoftwareVersion.version().isBlank());
        assertNotEquals(SoftwareVersion.UNKNOWN, SoftwareVersion.version());
    }
}
