package io.diodegw.sender.replicator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.diodegw.wire.record.SenderStatus;

class SenderStatusReporterTest
{
    private static final long S = 1_000_000_000L;
    private static final long MS = 1_000_000L;

    @Test
    void shouldReportHeadBacklogEstimatedBytesAndRatesOverTheLastInterval()
    {
        final SenderStatusReporter reporter = new SenderStatusReporter(S, 16);
        assertTrue(reporter.isDue(5 * S));
        SenderStatus status = reporter.report(5 * S, 77, 999, 999, 10_000, 100);
        assertEquals(999, status.journalHeadSequence());
        assertEquals(0, status.backlogRecords());
        assertEquals(0, status.backlogBytes());
        assertEquals(0, status.oldestUnsentAgeMs());
        assertEquals(0, status.inputRecordsPerSec());
        assertEquals(77, status.timeTicks());
        assertFalse(reporter.isDue(6 * S - 1));
        assertTrue(reporter.isDue(6 * S));
        status = reporter.report(7 * S, 78, 2_999, 1_999, 510_000, 100);
        assertEquals(2_999, status.journalHeadSequence());
        assertEquals(1_000, status.backlogRecords());
        assertEquals(100_000, status.backlogBytes());
        assertEquals(1_000, status.inputRecordsPerSec(), "2000 records in 2 s");
        assertEquals(500, status.outputRecordsPerSec());
        assertEquals(250_000, status.outputBytesPerSec());
        assertEquals(2_000, status.oldestUnsentAgeMs(), "record 2000 was journaled after the sample at 5 s");
    }

    @Test
    void shouldBoundTheOldestUnsentAgeByTheSampleBeforeItWasJournaledAndCoverLongBacklogs()
    {
        final SenderStatusReporter reporter = new SenderStatusReporter(S, 8);
        long head = 0;
        for (int second = 0; second <= 100; second++)
        {
            head += 10;
            final SenderStatus status = reporter.report(second * S, 0, head, 4, 0, 50);
            assertEquals(head - 4, status.backlogRecords());
            assertEquals(second * 1_000L, status.oldestUnsentAgeMs(),
                "record 5 existed at the first sample: age counts from it");
        }
        final SenderStatusReporter later = new SenderStatusReporter(S, 8);
        for (int second = 0; second <= 100; second++)
        {
            final SenderStatus status = later.report(second * S + 3 * MS, 0, 10L * second, 500, 0, 50);
            assertEquals(second > 50 ? (second - 50) * 1_000L : 0, status.oldestUnsentAgeMs(),
                "record 501 was journaled after the sample at 50 s, which thinning never drops");
        }
    }
}
