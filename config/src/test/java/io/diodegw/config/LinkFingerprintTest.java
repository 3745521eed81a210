package io.diodegw.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

class LinkFingerprintTest
{
    private static final int PROTOCOL_VERSION = 1;

    private static final List<String> LINK_LINES = List.of(
        "link.id: 7", "link.mtuBytes: 9000", "link.fec.sourceSymbols: 64", "link.fec.repairSymbols: 8",
        "link.fec.interleaveDepth: 4", "link.encryption: INTEGRITY_ONLY");

    private static Config sender(final String yaml)
    {
        return ConfigLoader.fromText(Side.SENDER, "sender.yaml", yaml + ConfigLoaderTest.SENDER_REQUIRED, Map.of());
    }

    @Test
    void shouldHashTheCanonicalTextOfTheLinkSettingsAndTheProtocolVersion() throws NoSuchAlgorithmException
    {
        final Config config = sender(String.join("\n", LINK_LINES) + "\n");

        final String text = LinkFingerprint.canonicalText(config, PROTOCOL_VERSION);
        assertEquals("""
            protocolVersion=1
            link.encryption=INTEGRITY_ONLY
            link.fec.interleaveDepth=4
            link.fec.repairSymbols=8
            link.fec.sourceSymbols=64
            link.id=7
            link.mtuBytes=9000
            """, text);
        final byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        long expected = 0;
        for (int i = 0; i < Long.BYTES; i++)
        {
            expected = (expected << 8) | (digest[i] & 0xFF);
        }
        assertEquals(expected, LinkFingerprint.of(config, PROTOCOL_VERSION));
    }

    @Test
    void shouldNotDependOnKeyOrderFileLayoutOrValueSource()
    {
        final long reference = LinkFingerprint.of(sender(String.join("\n", LINK_LINES) + "\n"), PROTOCOL_VERSION);
        final Random random = new Random(42);
        for (int i = 0; i < 20; i++)
        {
            final List<String> shuffled = new ArrayList<>(LINK_LINES);
            Collections.shuffle(shuffled, random);
            assertEquals(reference, LinkFingerprint.of(sender(String.join("\n", shuffled) + "\n"), PROTOCOL_VERSION));
        }
        final Config nested = sender("""
            link:
              encryption: integrity_only
              fec: {interleaveDepth: 4, repairSymbols: 8, sourceSymbols: 64}
              mtuBytes: 9000
            """ + "link.id: 7\n");
        assertEquals(reference, LinkFingerprint.of(nested, PROTOCOL_VERSION));
        final Config viaEnv = ConfigLoader.fromText(Side.RECEIVER, "receiver.yaml",
            "link: {id: 7, mtuBytes: 9000, encryption: INTEGRITY_ONLY}\n" + ConfigLoaderTest.RECEIVER_REQUIRED,
            Map.of("DIODEGW_LINK_FEC_SOURCE_SYMBOLS", "64", "DIODEGW_LINK_FEC_REPAIR_SYMBOLS", "8",
                "DIODEGW_LINK_FEC_INTERLEAVE_DEPTH", "4"));
        assertEquals(reference, LinkFingerprint.of(viaEnv, PROTOCOL_VERSION));
    }

    @Test
    void shouldChangeWhenAnyLinkSettingOrTheProtocolVersionChanges()
    {
        final Config base = sender("");
        final Set<Long> seen = new HashSet<>();
        seen.add(LinkFingerprint.of(base, PROTOCOL_VERSION));
        for (final String changed : List.of("link.id: 2", "link.mtuBytes: 1400", "link.fec.sourceSymbols: 31",
            "link.fec.repairSymbols: 5", "link.fec.interleaveDepth: 9", "link.encryption: INTEGRITY_ONLY"))
        {
            assertEquals(true, seen.add(LinkFingerprint.of(sender(changed + "\n"), PROTOCOL_VERSION)), changed);
        }
        assertEquals(true, seen.add(LinkFingerprint.of(base, PROTOCOL_VERSION + 1)));
        assertEquals(LinkSettings.ALL.size(), seen.size() - 2);
    }

    @Test
    void shouldNotChangeWithSenderOrReceiverOnlySettings()
    {
        final long base = LinkFingerprint.of(sender(""), PROTOCOL_VERSION);

        assertEquals(base, LinkFingerprint.of(sender("sender.heartbeatIntervalMs: 50\n"), PROTOCOL_VERSION));
        assertEquals(base, LinkFingerprint.of(sender("sender.journal.quotaBytes: 1GiB\n"), PROTOCOL_VERSION));
        final Config receiver = ConfigLoader.fromText(Side.RECEIVER, "receiver.yaml",
            ConfigLoaderTest.RECEIVER_REQUIRED + "  blockTimeoutMs: 2s\n", Map.of());
        assertEquals(base, LinkFingerprint.of(receiver, PROTOCOL_VERSION));
        assertNotEquals(base, LinkFingerprint.of(sender("link.id: 3\n"), PROTOCOL_VERSION));
    }

    @Test
    void shouldFormatAsSixteenHexDigits()
    {
        assertEquals("00000000000000ff", LinkFingerprint.toHex(255));
        assertEquals("ffffffffffffffff", LinkFingerprint.toHex(-1));
    }
}
