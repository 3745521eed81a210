package io.diodegw.receiver.alarm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JournalHeadTimesTest
{
    @Test
    void shouldTellHowLongEntriesAfterTheCommittedSequenceHaveBeenInTheJournal()
    {
        final JournalHeadTimes times = new JournalHeadTimes();
        times.observe(1_000, 10);
        times.observe(2_000, 10);
        times.observe(3_000, 25);
        assertEquals(0, times.lagMs(25, 4_000));
        assertEquals(1_000, times.lagMs(10, 4_000));
        assertEquals(3_000, times.lagMs(9, 4_000));
        assertEquals(3_000, times.lagMs(0, 4_000));
    }

    @Test
    void shouldForgetWhatEverySinkCommittedAndStayBoundedForAStuckSink()
    {
        final JournalHeadTimes times = new JournalHeadTimes();
        times.observe(0, 5);
        times.observe(1_000, 8);
        times.forgetUpTo(5);
        assertEquals(1, times.size());
        times.forgetUpTo(8);
        assertEquals(0, times.size());

        for (int i = 1; i <= 3 * JournalHeadTimes.MAX_SAMPLES; i++)
        {
            times.observe(i * 1_000L, 8 + i);
            times.forgetUpTo(8);
        }
        assertEquals(JournalHeadTimes.MAX_SAMPLES, times.size());
        final long nowMs = 3L * JournalHeadTimes.MAX_SAMPLES * 1_000 + 1_000;
        assertEquals(nowMs - 1_000, times.lagMs(8, nowMs), "the first observation beyond 8 is kept");
    }
}
