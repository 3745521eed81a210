package io.diodegw.sender.opcua;

import io.diodegw.config.Config;
import io.diodegw.config.ConfigLoader;
import io.diodegw.config.SenderSettings.OpcUaDataChangeTrigger;
import io.diodegw.config.SenderSettings.OpcUaSecurity;
import io.diodegw.config.Side;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpcUaCollectorSettingsTest
{
    private static final String SENDER = """
        sender:
          destination: 10.0.0.2:4950
          linkRateBitsPerSec: 100Mbit/s
          identityKeyFile: /etc/diodegw/id.pem
          receiverPublicKeyFile: /etc/diodegw/rx.pub.pem
          journal:
            dir: /var/lib/test-journal
        """;

    private static Config sender(final String opcua, final Map<String, String> env)
    {
        return ConfigLoader.fromText(Side.SENDER, "sender.yaml", SENDER + opcua, env);
    }

    @Test
    void shouldMeanNoCollectorWhenTheEndpointIsUnset()
    {
        assertNull(OpcUaCollectorSettings.from(sender("", Map.of())));
    }

    @Test
    void shouldApplyDefaultsAndPutTheTagIdFileInTheJournalDirectory()
    {
        final OpcUaCollectorSettings s = OpcUaCollectorSettings.from(sender("""
              opcua:
                endpointUrl: opc.tcp://plc.example:4840/ua
                sourceId: 7
            """, Map.of()));

        assertEquals("opc.tcp://plc.example:4840/ua", s.endpointUrl());
        assertEquals(7, s.sourceId());
        assertEquals(OpcUaSecurity.NONE, s.security());
        assertEquals(List.of("i=85"), s.roots());
        assertEquals(List.of("/**"), s.allowList());
        assertEquals(List.of("i=2253"), s.denyList());
        assertEquals(500L, s.publishingIntervalMs());
        assertEquals(250L, s.samplingIntervalMs());
        assertEquals(10, s.queueSize());
        assertEquals(0.0, s.absoluteDeadband());
        assertEquals(OpcUaDataChangeTrigger.STATUS_VALUE, s.dataChangeTrigger());
        assertEquals(1000, s.monitoredItemsPerCall());
        assertEquals(1000L, s.reconnectMinDelayMs());
        assertEquals(30_000L, s.reconnectMaxDelayMs());
        assertEquals(Path.of("/var/lib/test-journal/opcua-tag-ids-7.tsv"), s.tagIdFile());
    }

    @Test
    void shouldSplitListsAndTakeThePasswordFromTheEnvironment()
    {
        final OpcUaCollectorSettings s = OpcUaCollectorSettings.from(sender("""
              opcua:
                endpointUrl: opc.tcp://127.0.0.1:4840
                username: operator
                roots: " /Objects/Plant , ns=2;s=Line2 "
                allowList: /Objects/Plant/**/Temp*,ns=2;s=Extra
                denyList: /Objects/Plant/Test/**
                absoluteDeadband: "0.5"
                tagIdFile: /tmp/ids.tsv
            """, Map.of("DIODEGW_SENDER_OPCUA_PASSWORD", "s3cret")));

        assertEquals(List.of("/Objects/Plant", "ns=2;s=Line2"), s.roots());
        assertEquals(List.of("/Objects/Plant/**/Temp*", "ns=2;s=Extra"), s.allowList());
        assertEquals(List.of("/Objects/Plant/Test/**"), s.denyList());
        assertEquals(0.5, s.absoluteDeadband());
        assertEquals("operator", s.username());
        assertEquals("s3cret", s.password());
        assertEquals(Path.of("/tmp/ids.tsv"), s.tagIdFile());
        assertTrue(!s.toString().contains("s3cret"), s.toString());
    }

    @Test
    void shouldRequireCertificateKeyAndPinnedServerForSecureEndpoints()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> OpcUaCollectorSettings.from(sender("""
                  opcua:
                    endpointUrl: opc.tcp://127.0.0.1:4840
                    security: basic256sha256_sign_and_encrypt
                """, Map.of())));

        assertTrue(ex.getMessage().contains("sender.opcua.certificateFile"), ex.getMessage());
    }

    @Test
    void shouldRejectAUserWithoutPasswordNamingTheEnvironmentVariable()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> OpcUaCollectorSettings.from(sender("""
                  opcua:
                    endpointUrl: opc.tcp://127.0.0.1:4840
                    username: operator
                """, Map.of())));

        assertTrue(ex.getMessage().contains("DIODEGW_SENDER_OPCUA_PASSWORD"), ex.getMessage());
    }

    @Test
    void shouldRejectBadDeadbandEndpointPatternsAndDelays()
    {
        final Path ids = Path.of("ids.tsv");
        assertThrows(IllegalArgumentException.class, () -> OpcUaCollectorSettings.from(sender("""
              opcua:
                endpointUrl: opc.tcp://127.0.0.1:4840
                absoluteDeadband: lots
            """, Map.of())));
        assertThrows(IllegalArgumentException.class,
            () -> OpcUaCollectorSettings.builder("http://127.0.0.1:4840", ids).build());
        assertThrows(IllegalArgumentException.class,
            () -> OpcUaCollectorSettings.builder("opc.tcp://127.0.0.1", ids).build());
        assertThrows(IllegalArgumentException.class,
            () -> OpcUaCollectorSettings.builder("opc.tcp://h:1", ids).absoluteDeadband(-1).build());
        assertThrows(IllegalArgumentException.class,
            () -> OpcUaCollectorSettings.builder("opc.tcp://h:1", ids).allowList(List.of("Plant/*")).build());
        final IllegalArgumentException delays = assertThrows(IllegalArgumentException.class,
            () -> OpcUaCollectorSettings.builder("opc.tcp://h:1", ids).reconnectDelayMs(5000, 100).build());
        assertTrue(delays.getMessage().contains("sender.opcua.reconnectMaxDelayMs"), delays.getMessage());
    }

    @Test
    void shouldDoubleTheReconnectDelayUpToTheMaximum()
    {
        assertEquals(100, OpcUaCollector.backoffDelayMs(100, 1000, 0));
        assertEquals(200, OpcUaCollector.backoffDelayMs(100, 1000, 1));
        assertEquals(800, OpcUaCollector.backoffDelayMs(100, 1000, 3));
        assertEquals(1000, OpcUaCollector.backoffDelayMs(100, 1000, 4));
        assertEquals(1000, OpcUaCollector.backoffDelayMs(100, 1000, 1_000_000));
        assertEquals(3_600_000L, OpcUaCollector.backoffDelayMs(600_000L, 3_600_000L, 62));
    }

    @Test
    void shouldNameStatusCodesInReasons()
    {
        assertEquals("Bad_UserAccessDenied (0x801F0000)", OpcUaCollector.statusText(0x801F0000L));
        assertEquals("0x80FF1234", OpcUaCollector.statusText(0x80FF1234L));
        assertTrue(OpcUaCollector.reasonOf(new org.eclipse.milo.opcua.stack.core.UaException(0x801F0000L, "denied"))
            .startsWith("Bad_UserAccessDenied (0x801F0000)"));
    }
}
