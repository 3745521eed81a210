package io.diodegw.receiver.alarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.diodegw.receiver.audit.AuditLog;

class AlarmAuditListenerTest
{
    private static final long T0 = 1_795_000_000_000L;

    @Test
    void shouldWriteRaiseAsFailureAndClearAsSuccessWithKindSubjectValueAndThreshold(@TempDir final Path dir)
        throws Exception
    {
        final Path file = dir.resolve("audit.jsonl");
        try (AuditLog log = AuditLog.open(file, 16))
        {
            final AlarmAuditListener listener = new AlarmAuditListener(log);
            listener.onAlarm(new AlarmEvent(AlarmEvent.Type.RAISED, AlarmKind.SINK_LAG, "sink files", 61_000, 60_000,
                T0, "sink files has left journal entries undelivered"));
            listener.onAlarm(new AlarmEvent(AlarmEvent.Type.CLEARED, AlarmKind.SINK_LAG, "sink files", 0, 60_000,
                T0 + 5_000, "back to normal"));
            assertTrue(log.awaitWritten(10_000));
        }
        assertEquals(List.of(
            "{\"time\":\"2026-11-18T11:06:40Z\",\"origin\":\"IT\",\"category\":\"operation\",\"result\":\"failure\","
                + "\"type\":\"alarm.raised\",\"source\":\"alarms\",\"message\":\"sink files has left journal entries "
                + "undelivered\",\"kind\":\"sinkLag\",\"subject\":\"sink files\",\"value\":61000,\"threshold\":60000}",
            "{\"time\":\"2026-11-18T11:06:45Z\",\"origin\":\"IT\",\"category\":\"operation\",\"result\":\"success\","
                + "\"type\":\"alarm.cleared\",\"source\":\"alarms\",\"message\":\"back to normal\",\"kind\":\"sinkLag\","
                + "\"subject\":\"sink files\",\"value\":0,\"threshold\":60000}"),
            Files.readAllLines(file));
    }
}
