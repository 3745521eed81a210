package io.diodegw.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest
{
    static final String SENDER_REQUIRED = """
        sender:
          destination: 10.0.0.2:4950
          linkRateBitsPerSec: 100Mbit/s
          identityKeyFile: /etc/diodegw/id.pem
          receiverPublicKeyFile: /etc/diodegw/rx.pub.pem
        """;

    static final String RECEIVER_REQUIRED = """
        receiver:
          privateKeyFile: /etc/diodegw/rx.pem
          trustedSenderKeyFiles: [/etc/diodegw/a.pub.pem]
        """;

    private static Config sender(final String yaml)
    {
        return ConfigLoader.fromText(Side.SENDER, "sender.yaml", yaml, Map.of());
    }

    private static List<String> senderProblems(final String yaml)
    {
        return problems(() -> sender(yaml));
    }

    private static List<String> problems(final Runnable load)
    {
        final ConfigException ex = assertThrows(ConfigException.class, load::run);
        return ex.problems().stream().map(ConfigProblem::message).toList();
    }

    @Test
    void shouldApplyDefaultsWhenOnlyRequiredSettingsAreGiven()
    {
        final Config config = sender(SENDER_REQUIRED);

        final int mtuBytes = config.get(LinkSettings.MTU_BYTES);
        assertEquals(1500, mtuBytes);
        assertEquals(32, config.get(LinkSettings.FEC_SOURCE_SYMBOLS));
        assertEquals(4, config.get(LinkSettings.FEC_REPAIR_SYMBOLS));
        assertEquals(LinkEncryption.ENCRYPTED, config.get(LinkSettings.ENCRYPTION));
        assertEquals(200L, config.get(SenderSettings.HEARTBEAT_INTERVAL_MS));
        assertEquals(100_000_000L, config.get(SenderSettings.LINK_RATE_BITS_PER_SEC));
        assertEquals(new HostPort("10.0.0.2", 4950), config.get(SenderSettings.DESTINATION));
        assertEquals(Path.of("/etc/diodegw/id.pem"), config.get(SenderSettings.IDENTITY_KEY_FILE));
        assertEquals(Source.DEFAULT, config.sourceOf(LinkSettings.MTU_BYTES));
        assertEquals(Source.file("sender.yaml", 2), config.sourceOf(SenderSettings.DESTINATION));
        assertEquals(Side.SENDER, config.side());
    }

    @Test
    void shouldReportTypeErrorWithKeyValueLineAndAllowedValues()
    {
        assertEquals(List.of("link.mtuBytes=big (from sender.yaml line 2) is not a whole number; set it to the MTU of "
            + "the diode link, including IP and UDP headers, 576..9216 bytes"),
            senderProblems("link:\n  mtuBytes: big\n" + SENDER_REQUIRED));
    }

    @Test
    void shouldReportValueBelowMinimum()
    {
        assertEquals(List.of("link.mtuBytes=575 (from sender.yaml line 1) is below the minimum 576; set it to the MTU "
            + "of the diode link, including IP and UDP headers, 576..9216 bytes"),
            senderProblems("link.mtuBytes: 575\n" + SENDER_REQUIRED));
    }

    @Test
    void shouldReportValueAboveMaximumNamingFileAndLine()
    {
        assertEquals(List.of("link.mtuBytes=20000 (from sender.yaml line 3) is above the maximum 9216; set it to the "
            + "MTU of the diode link, including IP and UDP headers, 576..9216 bytes"),
            senderProblems("# comment\nlink:\n  mtuBytes: 20000\n" + SENDER_REQUIRED));
    }

    @Test
    void shouldReportDurationBelowMinimumInItsOwnUnits()
    {
        assertEquals(List.of("sender.heartbeatIntervalMs=5ms (from sender.yaml line 6) is below the minimum 10ms; set "
            + "it to the interval between heartbeats, 10ms..10s"),
            senderProblems(SENDER_REQUIRED + "  heartbeatIntervalMs: 5ms\n"));
    }

    @Test
    void shouldSuggestTheClosestKeyForAnUnknownKey()
    {
        assertEquals(List.of("link.mtuByte (sender.yaml line 2) is not a setting; did you mean link.mtuBytes?"),
            senderProblems("link:\n  mtuByte: 1500\n" + SENDER_REQUIRED));
        assertEquals(List.of("link.mtu (sender.yaml line 1) is not a setting; did you mean link.mtuBytes?"),
            senderProblems("link.mtu: 1500\n" + SENDER_REQUIRED));
        assertEquals(List.of("sender.heartbeatInterval (sender.yaml line 6) is not a setting; did you mean "
            + "sender.heartbeatIntervalMs?"), senderProblems(SENDER_REQUIRED + "  heartbeatInterval: 1s\n"));
    }

    @Test
    void shouldPointToTheDocsWhenNoKeyIsClose()
    {
        assertEquals(List.of("plant.area (sender.yaml line 1) is not a setting the sender reads; the settings of "
            + "sender.yaml are listed in docs/configuration.md"),
            senderProblems("plant.area: north\n" + SENDER_REQUIRED));
    }

    @Test
    void shouldReportEveryMissingRequiredSettingWithExampleAndEnvironmentVariable()
    {
        assertEquals(List.of(
            "sender.destination is required: the IT-side address of the diode link as host:port, e.g. 10.0.0.2:4950 "
                + "(set it in sender.yaml or DIODEGW_SENDER_DESTINATION)",
            "sender.linkRateBitsPerSec is required: the rate the sender paces all its traffic to, counting whole IP "
                + "datagrams, e.g. 100Mbit/s (set it in sender.yaml or DIODEGW_SENDER_LINK_RATE_BITS_PER_SEC)",
            "sender.receiverPublicKeyFile is required: the PEM file of the receiver's X25519 public key (X.509 "
                + "SubjectPublicKeyInfo), e.g. /etc/diodegw/receiver-x25519.pub.pem (set it in sender.yaml or "
                + "DIODEGW_SENDER_RECEIVER_PUBLIC_KEY_FILE)",
            "sender.identityKeyFile is required: the PEM file of the sender's long-term Ed25519 private key (PKCS#8), "
                + "e.g. /etc/diodegw/sender-identity.pem (set it in sender.yaml or DIODEGW_SENDER_IDENTITY_KEY_FILE), "
                + "or keep the key on a PKCS#11 token and set sender.pkcs11.library, sender.pkcs11.tokenLabel, "
                + "sender.pkcs11.keyLabel, sender.pkcs11.pinFile instead"),
            senderProblems(""));
    }

    private static final String SENDER_WITHOUT_IDENTITY = """
        sender:
          destination: 10.0.0.2:4950
          linkRateBitsPerSec: 100Mbit/s
          receiverPublicKeyFile: /etc/diodegw/rx.pub.pem
        """;

    private static final String PKCS11 = """
          pkcs11:
            library: /usr/lib/softhsm/libsofthsm2.so
            tokenLabel: diode
            keyLabel: sender-identity
            pinFile: /etc/diodegw/token.pin
        """;

    @Test
    void shouldAcceptTheIdentityKeyOnAPkcs11TokenInsteadOfAFile()
    {
        final Config config = sender(SENDER_WITHOUT_IDENTITY + PKCS11);

        assertEquals(Optional.empty(), config.find(SenderSettings.IDENTITY_KEY_FILE));
        assertEquals(Path.of("/usr/lib/softhsm/libsofthsm2.so"), config.get(SenderSettings.PKCS11_LIBRARY));
        assertEquals("diode", config.get(SenderSettings.PKCS11_TOKEN_LABEL));
        assertEquals("sender-identity", config.get(SenderSettings.PKCS11_KEY_LABEL));
        assertEquals(Path.of("/etc/diodegw/token.pin"), config.get(SenderSettings.PKCS11_PIN_FILE));
    }

    @Test
    void shouldRefuseAnIdentityKeyFileAndAPkcs11TokenTogether()
    {
        assertEquals(List.of("sender.identityKeyFile (from sender.yaml line 4) and sender.pkcs11.library, "
            + "sender.pkcs11.tokenLabel, sender.pkcs11.keyLabel, sender.pkcs11.pinFile are both set, but the sender's "
            + "identity key is either a PEM file or on a PKCS#11 token; remove sender.identityKeyFile to use the "
            + "token, or the sender.pkcs11.* settings to use the file"), senderProblems(SENDER_REQUIRED + PKCS11));
    }

    @Test
    void shouldNameTheMissingPkcs11SettingsWhenOnlySomeAreGiven()
    {
        assertEquals(List.of("sender.pkcs11.library, sender.pkcs11.keyLabel are set but sender.pkcs11.tokenLabel, "
            + "sender.pkcs11.pinFile are not: a sender identity key on a PKCS#11 token needs all of "
            + "sender.pkcs11.library, sender.pkcs11.tokenLabel, sender.pkcs11.keyLabel, sender.pkcs11.pinFile; set "
            + "the missing ones, or remove them all and set sender.identityKeyFile"),
            senderProblems(SENDER_WITHOUT_IDENTITY + "  pkcs11.library: /usr/lib/x.so\n  pkcs11.keyLabel: k\n"));
        assertEquals("sender.pkcs11.pinFile", assertThrows(ConfigException.class, () -> sender(SENDER_WITHOUT_IDENTITY
            + PKCS11.replace("    pinFile: /etc/diodegw/token.pin\n", ""))).problems().get(0).key());
    }

    @Test
    void shouldReportMalformedYamlWithLineAndColumnInsteadOfAStackTrace()
    {
        final List<String> problems = senderProblems("link:\n  mtuBytes: 1500\n   id: 2\n");

        assertEquals(1, problems.size());
        assertTrue(problems.get(0).startsWith("sender.yaml line 3, column 6 is not valid YAML: mapping values are not "
            + "allowed here"), problems.get(0));
        assertFalse(problems.get(0).contains("\n"));
    }

    @Test
    void shouldReportUnclosedFlowMappingAsMalformedYaml()
    {
        final List<String> problems = senderProblems("link: {mtuBytes: 1500\n");

        assertEquals(1, problems.size());
        assertTrue(problems.get(0).matches("sender\\.yaml line 2, column \\d+ is not valid YAML: .*"), problems.get(0));
    }

    @Test
    void shouldReportNonPrintableCharacterWithItsLine()
    {
        final List<String> problems = senderProblems("link:\n  id: 1\u0001\n");

        assertEquals(List.of("sender.yaml line 2, column 8 is not valid YAML: character U+0001 is not allowed in YAML; "
            + "correct the file at that position"), problems);
    }

    @Test
    void shouldListAllowedValuesForABadEnumValue()
    {
        assertEquals(List.of("link.encryption=NONE (from sender.yaml line 1) is not an allowed value; set it to one of "
            + "ENCRYPTED, INTEGRITY_ONLY (the protection of datagram payloads)"),
            senderProblems("link.encryption: NONE\n" + SENDER_REQUIRED));
    }

    @Test
    void shouldAcceptEnumValuesInAnyCase()
    {
        assertEquals(LinkEncryption.INTEGRITY_ONLY,
            sender("link.encryption: integrity_only\n" + SENDER_REQUIRED).get(LinkSettings.ENCRYPTION));
    }

    @Test
    void shouldReportBadBooleanWithAllowedValues()
    {
        final List<String> problems = problems(() -> ConfigLoader.fromText(Side.RECEIVER, "receiver.yaml",
            RECEIVER_REQUIRED + "  http: {enabled: maybe}\n", Map.of()));

        assertEquals(List.of("receiver.http.enabled=maybe (from receiver.yaml line 4) is not true or false; set it to "
            + "true or false (whether the read-only HTTP API is served)"), problems);
    }

    @Test
    void shouldReportReorderWindowSmallerThanInterleaveDepthAsCrossFieldProblem()
    {
        final List<String> problems = problems(() -> ConfigLoader.fromText(Side.RECEIVER, "receiver.yaml",
            "link.fec.interleaveDepth: 16\n" + RECEIVER_REQUIRED + "  reorderWindowBlocks: 4\n", Map.of()));

        assertEquals(List.of("receiver.reorderWindowBlocks=4 (from receiver.yaml line 5) is below "
            + "link.fec.interleaveDepth=16 (from receiver.yaml line 1): symbols of that many blocks arrive "
            + "interleaved, so the receiver must keep them all open; set receiver.reorderWindowBlocks to at least 16"),
            problems);
    }

    @Test
    void shouldNotRunCrossFieldRuleWhoseInputIsAlreadyInvalid()
    {
        final List<String> problems = problems(() -> ConfigLoader.fromText(Side.RECEIVER, "receiver.yaml",
            "link.fec.interleaveDepth: 100\n" + RECEIVER_REQUIRED + "  reorderWindowBlocks: 4\n", Map.of()));

        assertEquals(1, problems.size());
        assertTrue(problems.get(0).startsWith("link.fec.interleaveDepth=100 (from receiver.yaml line 1) is above"));
    }

    @Test
    void shouldCollectEveryProblemInsteadOfStoppingAtTheFirst()
    {
        final ConfigException ex = assertThrows(ConfigException.class, () -> sender("""
            link:
              mtuBytes: 100000
              fec: {sourceSymbols: 0, repairSymbols: x}
              encryption: maybe
            sender:
              destination: nowhere
              heartbeatIntervalMs: 2 weeks
              journal.quotaBytes: 10GB
              colour: blue
            """));

        final List<String> keys = ex.problems().stream().map(p -> String.valueOf(p.key())).toList();
        assertEquals(List.of("null", "link.mtuBytes", "link.fec.sourceSymbols", "link.fec.repairSymbols",
            "link.encryption", "sender.destination", "sender.linkRateBitsPerSec", "sender.heartbeatIntervalMs",
            "sender.journal.quotaBytes", "sender.receiverPublicKeyFile", "sender.identityKeyFile"), keys);
        final String[] lines = ex.getMessage().split("\n");
        assertEquals("sender configuration (sender.yaml) is invalid (11 problems):", lines[0]);
        assertEquals(12, lines.length);
        assertEquals("  sender.colour (sender.yaml line 9) is not a setting the sender reads; the settings of "
            + "sender.yaml are listed in docs/configuration.md", lines[1]);
        assertEquals("  sender.destination=nowhere (from sender.yaml line 6) has no port; write host:port, e.g. "
            + "10.0.0.2:4950; set it to the IT-side address of the diode link as host:port, host:port with port "
            + "1..65535", lines[6]);
        assertEquals("  sender.journal.quotaBytes=10GB (from sender.yaml line 8) is not a byte size; write whole bytes "
            + "or add a 1024-based unit: 64KiB, 4MiB, 1GiB, 1TiB; set it to the most disk space the journal may use, "
            + "64MiB..64TiB", lines[9]);
    }

    @Test
    void shouldRejectASettingOfTheOtherSide()
    {
        assertEquals(List.of("receiver.bind (sender.yaml line 6) is a receiver setting, which the sender does not "
            + "read; move it to receiver.yaml or remove it"),
            senderProblems(SENDER_REQUIRED + "receiver.bind: 0.0.0.0:4950\n"));
    }

    @Test
    void shouldTreatNestedMappingsAndDottedKeysAlike()
    {
        final Config nested = sender("link:\n  fec:\n    sourceSymbols: 16\n" + SENDER_REQUIRED);
        final Config flow = sender("link: {fec: {sourceSymbols: 16}}\n" + SENDER_REQUIRED);
        final Config dotted = sender("link.fec.sourceSymbols: 16\n" + SENDER_REQUIRED);
        final Config mixed = sender("link.fec:\n  sourceSymbols: 16\n" + SENDER_REQUIRED);

        for (final Config config : List.of(nested, flow, dotted, mixed))
        {
            assertEquals(16, config.get(LinkSettings.FEC_SOURCE_SYMBOLS));
        }
        assertEquals(Source.file("sender.yaml", 3), nested.sourceOf(LinkSettings.FEC_SOURCE_SYMBOLS));
    }

    @Test
    void shouldRejectTheSameKeyWrittenTwice()
    {
        assertEquals(List.of("link.mtuBytes is set twice in sender.yaml (line 2 and line 3); keep one"),
            senderProblems("link:\n  mtuBytes: 1500\nlink.mtuBytes: 9000\n" + SENDER_REQUIRED));
        assertEquals(List.of("link.id is set twice in sender.yaml (line 1 and line 2); keep one"),
            senderProblems("link.id: 1\nlink.id: 2\n" + SENDER_REQUIRED));
    }

    @Test
    void shouldRejectAnchorsAndAliases()
    {
        final List<String> problems = senderProblems("link:\n  id: &x 5\n  mtuBytes: *x\n" + SENDER_REQUIRED);

        assertEquals(List.of("link.id (sender.yaml line 2) uses a YAML anchor or alias; write the value out instead",
            "link.mtuBytes (sender.yaml line 2) uses a YAML anchor or alias; write the value out instead"), problems);
    }

    @Test
    void shouldRejectAliasesOfCollectionsEvenWhenRecursive()
    {
        assertEquals(List.of("receiver.trustedSenderKeyFiles (receiver.yaml line 1) uses a YAML anchor or alias; write "
            + "the value out instead"), problems(() -> ConfigLoader.fromText(Side.RECEIVER, "receiver.yaml",
            "receiver.trustedSenderKeyFiles: &a [*a]\nreceiver.privateKeyFile: /k\n", Map.of())));
        assertEquals(List.of("link (sender.yaml line 1) uses a YAML anchor or alias; write the value out instead"),
            senderProblems("link: &l {id: *l}\n" + SENDER_REQUIRED));
    }

    @Test
    void shouldRejectAKeyWithoutValue()
    {
        assertEquals(List.of("link.mtuBytes (sender.yaml line 2) has no value; set it to the MTU of the diode link, "
            + "including IP and UDP headers, 576..9216 bytes, or remove the key"),
            senderProblems("link:\n  mtuBytes:\n" + SENDER_REQUIRED));
    }

    @Test
    void shouldRejectAMappingWhereAValueBelongs()
    {
        assertEquals(List.of("link.mtuBytes (sender.yaml line 2) must be a single value, not a mapping"),
            senderProblems("link:\n  mtuBytes: {a: 1, b: 2}\n" + SENDER_REQUIRED));
    }

    @Test
    void shouldRejectAValueWhereASectionBelongs()
    {
        assertEquals(List.of("link (sender.yaml line 1) is a section, not a setting; write settings under it, e.g. "
            + "link.id"), senderProblems("link: 1500\n" + SENDER_REQUIRED));
    }

    @Test
    void shouldRejectAListWhereASingleValueBelongs()
    {
        assertEquals(List.of("link.id=[1, 2] (from sender.yaml line 1) is a list, but a single int is expected; set it "
            + "to the identifier of this diode link, carried in every datagram, 1..65535"),
            senderProblems("link.id: [1, 2]\n" + SENDER_REQUIRED));
    }

    @Test
    void shouldRejectARootThatIsNotAMapping()
    {
        assertEquals(List.of("sender.yaml must be a mapping of settings (key: value), but sender.yaml line 1 is a "
            + "list; see docs/configuration.md"), senderProblems("- link.id: 1\n"));
    }

    @Test
    void shouldRejectSeveralDocumentsInOneFile()
    {
        final List<String> problems = senderProblems(SENDER_REQUIRED + "---\nlink.id: 2\n");

        assertEquals(1, problems.size());
        assertEquals("sender.yaml line 6, column 1 is not valid YAML: expected a single document in the stream, but "
            + "found another document; correct the file at that position", problems.get(0));
    }

    @Test
    void shouldLetTheEnvironmentWinOverTheFile()
    {
        final Config config = ConfigLoader.fromText(Side.SENDER, "sender.yaml", "link.mtuBytes: 1500\n"
            + SENDER_REQUIRED, Map.of("DIODEGW_LINK_MTU_BYTES", "9000", "DIODEGW_SENDER_HEARTBEAT_INTERVAL_MS", "1s",
            "DIODEGW_LINK_FEC_SOURCE_SYMBOLS", "64", "PATH", "/usr/bin"));

        assertEquals(9000, config.get(LinkSettings.MTU_BYTES));
        assertEquals(Source.environment("DIODEGW_LINK_MTU_BYTES"), config.sourceOf(LinkSettings.MTU_BYTES));
        assertEquals(1000L, config.get(SenderSettings.HEARTBEAT_INTERVAL_MS));
        assertEquals(64, config.get(LinkSettings.FEC_SOURCE_SYMBOLS));
    }

    @Test
    void shouldSatisfyRequiredSettingsFromTheEnvironmentAlone()
    {
        final Config config = ConfigLoader.fromText(Side.RECEIVER, "receiver.yaml", "", Map.of(
            "DIODEGW_RECEIVER_PRIVATE_KEY_FILE", "/k/rx.pem",
            "DIODEGW_RECEIVER_TRUSTED_SENDER_KEY_FILES", "/k/a.pub.pem, /k/b.pub.pem"));

        assertEquals(List.of(Path.of("/k/a.pub.pem"), Path.of("/k/b.pub.pem")),
            config.get(ReceiverSettings.TRUSTED_SENDER_KEY_FILES));
    }

    @Test
    void shouldReportInvalidEnvironmentValueNamingTheVariable()
    {
        final List<String> problems = problems(() -> ConfigLoader.fromText(Side.SENDER, "sender.yaml",
            SENDER_REQUIRED, Map.of("DIODEGW_LINK_MTU_BYTES", "jumbo")));

        assertEquals(List.of("link.mtuBytes=jumbo (from env DIODEGW_LINK_MTU_BYTES) is not a whole number; set it to "
            + "the MTU of the diode link, including IP and UDP headers, 576..9216 bytes"), problems);
    }

    @Test
    void shouldReportAMisspeltEnvironmentVariableWithASuggestion()
    {
        final List<String> problems = problems(() -> ConfigLoader.fromText(Side.SENDER, "sender.yaml",
            SENDER_REQUIRED, Map.of("DIODEGW_LINK_MTU_BYTE", "9000")));

        assertEquals(List.of("environment variable DIODEGW_LINK_MTU_BYTE does not name a setting; did you mean "
            + "DIODEGW_LINK_MTU_BYTES? (every DIODEGW_ variable must; see docs/configuration.md)"), problems);
    }

    @Test
    void shouldIgnoreEnvironmentVariablesOfTheOtherSide()
    {
        final Config config = ConfigLoader.fromText(Side.SENDER, "sender.yaml", SENDER_REQUIRED,
            Map.of("DIODEGW_RECEIVER_BIND", "not even valid"));

        assertEquals(Source.DEFAULT, config.sourceOf(LinkSettings.ID));
    }

    @Test
    void shouldIgnoreVariablesWithoutThePrefixAndNullEntries()
    {
        final Map<String, String> env = new HashMap<>();
        env.put(null, "x");
        env.put("DIODEGW_LINK_ID", null);
        env.put("HOME", "/root");
        env.put("diodegw_link_id", "9");

        assertEquals(1, ConfigLoader.fromText(Side.SENDER, "sender.yaml", SENDER_REQUIRED, env).get(LinkSettings.ID));
    }

    @Test
    void shouldSuggestAnEnvironmentVariableOfEitherSide()
    {
        final List<String> problems = problems(() -> ConfigLoader.fromText(Side.SENDER, "sender.yaml",
            SENDER_REQUIRED, Map.of("DIODEGW_RECEIVER_BND", "0.0.0.0:1")));

        assertEquals(List.of("environment variable DIODEGW_RECEIVER_BND does not name a setting; did you mean "
            + "DIODEGW_RECEIVER_BIND? (every DIODEGW_ variable must; see docs/configuration.md)"), problems);
    }

    @Test
    void shouldReadTrustedKeysFromAYamlList()
    {
        final Config config = ConfigLoader.fromText(Side.RECEIVER, "receiver.yaml", """
            receiver:
              privateKeyFile: /k/rx.pem
              trustedSenderKeyFiles:
                - /k/a.pub.pem
                - /k/b.pub.pem
            """, Map.of());

        assertEquals(List.of(Path.of("/k/a.pub.pem"), Path.of("/k/b.pub.pem")),
            config.get(ReceiverSettings.TRUSTED_SENDER_KEY_FILES));
    }

    @Test
    void shouldRejectAnEmptyListOfTrustedKeys()
    {
        final List<String> problems = problems(() -> ConfigLoader.fromText(Side.RECEIVER, "receiver.yaml",
            "receiver: {privateKeyFile: /k/rx.pem, trustedSenderKeyFiles: []}\n", Map.of()));

        assertEquals(List.of("receiver.trustedSenderKeyFiles=[] (from receiver.yaml line 1) has 0 paths, fewer than "
            + "the minimum 1; set it to the PEM files of the Ed25519 public keys of the senders this receiver "
            + "trusts, at least 1 path (a YAML list or comma-separated)"), problems);
    }

    @Test
    void shouldReturnOptionalSettingsThroughFind()
    {
        final Config unset = sender(SENDER_REQUIRED);
        final Config set = sender(SENDER_REQUIRED + "  bindAddress: 10.0.0.1\n");

        assertEquals(Optional.empty(), unset.find(SenderSettings.BIND_ADDRESS));
        assertThrows(IllegalStateException.class, () -> unset.get(SenderSettings.BIND_ADDRESS));
        assertEquals("10.0.0.1", set.get(SenderSettings.BIND_ADDRESS).getHostAddress());
        assertTrue(set.get(SenderSettings.BIND_ADDRESS) instanceof InetAddress);
    }

    @Test
    void shouldRefuseToReadASettingOfTheOtherSide()
    {
        final Config config = sender(SENDER_REQUIRED);

        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> config.get(ReceiverSettings.BIND));
        assertEquals("receiver.bind is a receiver setting; the sender configuration does not hold it", ex.getMessage());
    }

    @Test
    void shouldOnlyLoadSenderOrReceiver()
    {
        assertThrows(IllegalArgumentException.class, () -> ConfigLoader.fromText(Side.LINK, "x.yaml", "", Map.of()));
    }

    @Test
    void shouldDescribeEffectiveValuesAndTheirSources()
    {
        final Config config = ConfigLoader.fromText(Side.SENDER, "sender.yaml", SENDER_REQUIRED,
            Map.of("DIODEGW_SENDER_KEY_ROTATION_BYTES", "1GiB"));

        final String describe = config.describe();
        final List<String> lines = describe.lines().toList();
        assertEquals("sender configuration from sender.yaml (effective values):", lines.get(0));
        assertEquals(1 + Settings.readBy(Side.SENDER).size(), lines.size());
        assertTrue(describe.matches("(?s).*\n  link\\.mtuBytes += 1500 +default\n.*"), describe);
        assertTrue(describe.matches("(?s).*\n  sender\\.destination += 10\\.0\\.0\\.2:4950 +sender\\.yaml line 2\n.*"),
            describe);
        assertTrue(describe.matches("(?s).*\n  sender\\.keyRotationBytes += 1GiB +env DIODEGW_SENDER_KEY_ROTATION_BYTES"
            + "\n.*"), describe);
        assertTrue(describe.matches("(?s).*\n  sender\\.bindAddress += \\(not set\\) +default\n.*"), describe);
    }

    @Test
    void shouldBuildFromValuesGivenInCode()
    {
        final Config config = ConfigLoader.fromValues(Side.RECEIVER, "test", Map.of(
            "receiver.privateKeyFile", "/k/rx.pem",
            "receiver.trustedSenderKeyFiles", "/k/a.pub.pem",
            "receiver.bind", "127.0.0.1:0"));

        assertEquals(new HostPort("127.0.0.1", 0), config.get(ReceiverSettings.BIND));
        assertEquals("test", config.sourceOf(ReceiverSettings.BIND).toString());
    }

    @Test
    void shouldLoadAFileAndNameItInMessages(@TempDir final Path dir) throws IOException
    {
        final Path file = dir.resolve("sender.yaml");
        Files.writeString(file, SENDER_REQUIRED + "  heartbeatIntervalMs: 1\n");

        final ConfigException ex = assertThrows(ConfigException.class,
            () -> ConfigLoader.load(Side.SENDER, file, Map.of()));
        assertEquals(List.of("sender.heartbeatIntervalMs=1 (from sender.yaml line 6) is below the minimum 10ms; set it "
            + "to the interval between heartbeats, 10ms..10s"),
            ex.problems().stream().map(ConfigProblem::message).toList());

        Files.writeString(file, SENDER_REQUIRED);
        assertEquals(4950, ConfigLoader.load(Side.SENDER, file, Map.of()).get(SenderSettings.DESTINATION).port());
    }

    @Test
    void shouldReportAMissingOrUnreadableFile(@TempDir final Path dir) throws IOException
    {
        final ConfigException missing = assertThrows(ConfigException.class,
            () -> ConfigLoader.load(Side.SENDER, dir.resolve("sender.yaml"), Map.of()));
        assertTrue(missing.problems().get(0).message().startsWith("cannot read sender.yaml ("), missing.getMessage());

        final Path latin1 = dir.resolve("receiver.yaml");
        Files.write(latin1, "receiver.journal.dir: /data/m\u00fchle\n".getBytes(StandardCharsets.ISO_8859_1));
        final ConfigException notUtf8 = assertThrows(ConfigException.class,
            () -> ConfigLoader.load(Side.RECEIVER, latin1, Map.of()));
        assertEquals("receiver.yaml (" + latin1 + ") is not UTF-8 text; save it as UTF-8",
            notUtf8.problems().get(0).message());
    }

    @Test
    void shouldAcceptAByteOrderMark()
    {
        assertEquals(7, sender("\uFEFFlink.id: 7\n" + SENDER_REQUIRED).get(LinkSettings.ID));
    }

    @Test
    void shouldRefuseAnAlarmWebhookUrlThatIsNotHttpAtLoad()
    {
        final List<String> problems = problems(() -> ConfigLoader.fromText(Side.RECEIVER, "receiver.yaml",
            RECEIVER_REQUIRED + "  alarms.webhookUrl: mailto:ops@example.com\n", Map.of()));

        assertEquals(List.of("receiver.alarms.webhookUrl=mailto:ops@example.com (from receiver.yaml line 4) has the "
            + "scheme mailto; set it to an http:// or https:// URL with a host, such as "
            + "https://alerts.example.com/diodegw, or leave it empty to send no alarm webhook"), problems);
    }
}
