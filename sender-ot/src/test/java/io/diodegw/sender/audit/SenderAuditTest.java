package io.diodegw.sender.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.diodegw.config.Config;
import io.diodegw.config.ConfigDigest;
import io.diodegw.config.ConfigLoader;
import io.diodegw.config.Side;
import io.diodegw.wire.record.AuditEvent;
import io.diodegw.wire.record.SourceState;

class SenderAuditTest
{
    private static final long START_MS = 1_790_000_000_000L;

    private final List<AuditEvent> events = new ArrayList<>();
    private final AtomicLong nowMs = new AtomicLong(START_MS);

    private SenderAudit audit(final long throttleMs)
    {
        return new SenderAudit(e -> events.add(e), nowMs::get, throttleMs);
    }

    private static SourceState state(final SourceState.State state, final String reason)
    {
        return new SourceState().sourceId(3).state(state).reason(reason);
    }

    @Test
    void shouldRecordTheStartWithVersionAndConfigurationHashButNoSecret()
    {
        final Config config = ConfigLoader.fromText(Side.SENDER, "sender.yaml", """
            sender:
              destination: 10.0.0.2:4950
              linkRateBitsPerSec: 100Mbit/s
              identityKeyFile: /etc/diodegw/id.pem
              receiverPublicKeyFile: /etc/diodegw/rx.pub.pem
              opcua: {endpointUrl: "opc.tcp://plc:4840", username: op}
            """, Map.of("DIODEGW_SENDER_OPCUA_PASSWORD", "hunter2-secret"));

        audit(1000).senderStarted(config, 0x1234L, 77);

        assertEquals(1, events.size());
        final AuditEvent start = events.get(0);
        assertEquals("sender.start", start.type());
        assertEquals(AuditEvent.Category.CONFIGURATION, start.category());
        assertTrue(start.message().contains("configSha256=" + ConfigDigest.sha256Hex(config)), start.message());
        assertTrue(start.message().contains("senderEpoch=77"), start.message());
        assertFalse(start.message().contains("hunter2"), start.message());
        assertEquals(START_MS << 20, start.eventId());
    }

    @Test
    void shouldLetOneDisconnectPerSourceThroughPerBackOffAndCountTheRest()
    {
        final SenderAudit audit = audit(1000);
        int admitted = 0;
        for (int i = 0; i < 50; i++)
        {
            if (audit.sourceState(state(SourceState.State.DISCONNECTED, "refused " + i)))
            {
                admitted++;
            }
            nowMs.addAndGet(100);
        }
        assertEquals(5, admitted);
        assertEquals(5, events.size());
        assertEquals("source=3 reason=refused 0", events.get(0).message());
        assertEquals("source=3 suppressed=9 reason=refused 10", events.get(1).message());
        assertEquals(AuditEvent.Result.FAILURE, events.get(1).result());
        assertTrue(audit.sourceState(state(SourceState.State.CONNECTED, "session")));
        assertEquals("source.connected", events.get(5).type());
    }

    @Test
    void shouldRecordQuotaTransitionsOnceAndAggregatePositionSaveFailures()
    {
        final SenderAudit audit = audit(1000);
        audit.poll(false, 10, 100, 0, null);
        audit.poll(true, 101, 100, 0, null);
        audit.poll(true, 102, 100, 0, null);
        audit.poll(false, 50, 100, 3, "disk full");
        nowMs.addAndGet(1_000);
        audit.poll(false, 50, 100, 10, "disk full");
        nowMs.addAndGet(SenderAudit.POSITION_FAILURE_INTERVAL_MS);
        audit.poll(false, 50, 100, 11, "disk full");

        assertEquals(List.of("journal.quota-blocked", "journal.quota-unblocked", "replicator.position-save-failed",
            "replicator.position-save-failed"), events.stream().map(AuditEvent::type).toList());
        assertEquals("failures=3 reason=disk full", events.get(2).message());
        assertEquals("failures=8 reason=disk full", events.get(3).message());
    }

    @Test
    void shouldRecordKeyRotationsAsSecurityEvents()
    {
        audit(1000).keyRotated(77, 2);
        assertEquals("session-key.rotated", events.get(0).type());
        assertEquals(AuditEvent.Category.SECURITY, events.get(0).category());
        assertEquals("senderEpoch=77 keyId=2", events.get(0).message());
    }
}
