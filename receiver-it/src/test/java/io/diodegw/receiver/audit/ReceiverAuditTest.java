package io.diodegw.receiver.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.diodegw.receiver.journal.AppliedRecords;
import io.diodegw.receiver.journal.GapReport;
import io.diodegw.receiver.link.LinkCounter;
import io.diodegw.receiver.link.LinkCounters;
import io.diodegw.wire.crypto.DatagramOpener;
import io.diodegw.wire.crypto.KeyAnnouncementVerifier;
import io.diodegw.wire.record.AuditEvent;
import io.diodegw.wire.record.BlockReader;
import io.diodegw.wire.record.BlockWriter;
import io.diodegw.wire.record.RecordType;

class ReceiverAuditTest
{
    private static final long NOW_MS = 1_790_000_000_000L;

    @TempDir
    Path dir;

    private List<String> lines(final AuditLog log) throws Exception
    {
        assertTrue(log.awaitWritten(10_000));
        return Files.readAllLines(log.file(), StandardCharsets.UTF_8);
    }

    @Test
    void shouldCreateTheLogOwnerOnlyAndWriteOneJsonObjectPerLine() throws Exception
    {
        try (AuditLog log = AuditLog.open(dir.resolve("sub/audit.jsonl"), 16))
        {
            final ReceiverAudit audit = new ReceiverAudit(log, () -> NOW_MS);
            audit.onKeyInstalled(5, 2, 0x1234_5678_9abc_def0L);
            audit.onSenderEpoch(0, 5);
            final List<String> lines = lines(log);
            assertEquals(2, lines.size());
            assertTrue(lines.get(0).startsWith("{\"time\":\"2026-09-21T14:13:20Z\",\"origin\":\"IT\",\"category\":" +
                "\"security\",\"result\":\"success\",\"type\":\"session-key.installed\",\"source\":\"link\"," +
                "\"senderEpoch\":\"5\",\"keyId\":2,\"senderKey\":\""), lines.get(0));
            assertTrue(lines.get(1).contains("\"type\":\"sender.epoch\""), lines.get(1));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(log.file())));
        }
    }

    @Test
    void shouldLogEveryAuditRecordOfTheStreamAsOriginOtAndPassEveryRecordOn() throws Exception
    {
        final byte[] buffer = new byte[4096];
        final BlockWriter block = new BlockWriter().wrap(buffer, 0, buffer.length);
        new AuditEvent().timeTicks(0).eventId(9).category(AuditEvent.Category.OPERATION)
            .result(AuditEvent.Result.FAILURE).type("source.disconnected").source("opcua/1")
            .message("source=1 reason=lost").writeTo(block, 17);
        block.finish();
        final BlockReader reader = new BlockReader();
        reader.wrap(buffer, 0, buffer.length);
        reader.next();
        final List<String> passed = new ArrayList<>();
        try (AuditLog log = AuditLog.open(dir.resolve("audit.jsonl"), 16))
        {
            final ReceiverAudit audit = new ReceiverAudit(log, () -> NOW_MS);
            final AppliedRecords tap = audit.tap(new AppliedRecords()
            {
                @Override
                public void record(final RecordType type, final long streamSequence, final long senderEpoch,
                    final byte[] b, final int offset, final int length)
                {
                    passed.add(type + "@" + streamSequence);
                }

                @Override
                public void gap(final long senderEpoch, final long fromSequence, final long toSequence)
                {
                    passed.add("gap");
                }
            });
            tap.record(reader.type(), 17, 4, reader.buffer(), reader.bodyOffset(), reader.bodyLength());
            tap.record(RecordType.SOURCE_STATE, 18, 4, buffer, 0, 0);
            final List<String> lines = lines(log);
            assertEquals(List.of("AUDIT_EVENT@17", "SOURCE_STATE@18"), passed);
            assertEquals(1, lines.size());
            assertEquals("{\"time\":\"2026-09-21T14:13:20Z\",\"origin\":\"OT\",\"category\":\"operation\"," +
                "\"result\":\"failure\",\"type\":\"source.disconnected\",\"source\":\"opcua/1\"," +
                "\"message\":\"source=1 reason=lost\",\"streamSequence\":17,\"senderEpoch\":\"4\",\"eventId\":\"9\"," +
                "\"otTime\":\"1601-01-01T00:00:00.0000000Z\"}", lines.get(0));
            assertEquals(1, audit.otRecords());
        }
    }

    @Test
    void shouldSumUpAFloodOfRefusalsAndGapsIntoOneLineEachPerIntervalAndNothingWhenQuiet() throws Exception
    {
        final LinkCounters counters = new LinkCounters();
        try (AuditLog log = AuditLog.open(dir.resolve("audit.jsonl"), 16))
        {
            final ReceiverAudit audit = new ReceiverAudit(log, () -> NOW_MS);
            final AppliedRecords tap = audit.tap(null);
            for (int i = 0; i < 100_000; i++)
            {
                counters.onOpenRejected(DatagramOpener.BAD_TAG);
            }
            for (int i = 0; i < 7; i++)
            {
                counters.onAnnouncementRejected(KeyAnnouncementVerifier.REVOKED_SENDER);
            }
            counters.increment(LinkCounter.STREAM_RESTARTS);
            tap.gap(GapReport.open(4, 10, 19, 0, 0));
            audit.summarize(counters);
            audit.summarize(counters);
            final List<String> lines = lines(log);
            assertEquals(4, lines.size(), String.join("\n", lines));
            assertTrue(lines.get(0).contains("\"type\":\"link.refusals\"") && lines.get(0).contains(
                "\"authFailures\":100000"), lines.get(0));
            assertTrue(lines.get(1).contains("\"type\":\"sender.revoked-key-announcements\"") &&
                lines.get(1).contains("\"announcements\":7"), lines.get(1));
            assertTrue(lines.get(2).contains("\"type\":\"stream.restart\""), lines.get(2));
            assertTrue(lines.get(3).contains("\"type\":\"gaps\"") && lines.get(3).contains("\"opened\":1") &&
                lines.get(3).contains("\"openedSequences\":10"), lines.get(3));
        }
    }

    @Test
    void shouldDropAndCountEntriesOnceClosedInsteadOfBlocking()
    {
        final AuditLog log = AuditLog.open(dir.resolve("audit.jsonl"), 1);
        log.close();
        assertEquals(false, log.offer(new AuditEntry(NOW_MS, AuditEntry.IT, "operation", "success", "x", "y", null,
            null)));
        assertEquals(1, log.dropped());
    }
}
