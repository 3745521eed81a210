package io.diodegw.sender.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.diodegw.wire.record.AuditEvent;
import io.diodegw.wire.record.RecordType;
import io.diodegw.wire.record.SourceState;

class OtJournalAuditTest
{
    @TempDir
    Path dir;

    @Test
    void shouldJournalAuditEventsInBandWithTheNextStreamSequences() throws Exception
    {
        try (OtJournal journal = OtJournal.open(JournalOptions.builder(dir).build()))
        {
            journal.sourceState(new SourceState().sourceId(1).state(SourceState.State.CONNECTED).reason("up"));
            final AuditEvent event = new AuditEvent().eventId(5).type("sender.start").source("sender").message("m");
            assertTrue(journal.auditEvent(event));
            event.eventId(6).type("sender.stop");
            assertTrue(journal.auditEvent(event));
            assertTrue(journal.awaitWritten(10_000));
            try (JournalReader reader = journal.openReader(1000))
            {
                final List<JournalRecords.Decoded> records = JournalRecords.readAvailable(reader);
                assertEquals(List.of(RecordType.SOURCE_STATE, RecordType.AUDIT_EVENT, RecordType.AUDIT_EVENT),
                    records.stream().map(JournalRecords.Decoded::type).toList());
                assertEquals(List.of(0L, 1L, 2L), records.stream().map(JournalRecords.Decoded::sequence).toList());
            }
            assertEquals(0, journal.auditEventsDropped());
        }
    }

    @Test
    void shouldDropAndCountAnAuditEventAfterCloseWithoutBlocking()
    {
        final OtJournal journal = OtJournal.open(JournalOptions.builder(dir).build());
        journal.close();
        assertFalse(journal.auditEvent(new AuditEvent().type("late")));
        assertEquals(1, journal.auditEventsDropped());
    }
}
