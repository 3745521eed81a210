package io.diodegw.receiver.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.diodegw.receiver.table.TagTable;

class LagSamplerTest
{
    private static final long T0 = LagHistoryTest.T0;

    @Test
    void shouldSampleAtTheInjectedClocksTime()
    {
        final TagTable table = new TagTable();
        table.applyDefinition(LagHistoryTest.definition(1, 2));
        final LagHistory history = new LagHistory();
        final AtomicLong clockMs = new AtomicLong(T0);
        final LagSampler sampler = new LagSampler(table, history, clockMs::get);

        sampler.sampleNow();
        clockMs.addAndGet(LagHistory.INTERVAL_MS);
        sampler.sampleNow();

        assertEquals(List.of(T0, T0 + LagHistory.INTERVAL_MS), history.read(clockMs.get(), LagHistory.SPAN_MS).get(0)
            .points().stream().map(LagHistory.Point::timeMs).toList());
        assertEquals(2, sampler.samples());
        assertEquals(0, sampler.failures());
    }

    @Test
    void shouldCountAFailedSampleAndTakeTheNextOne()
    {
        final TagTable table = new TagTable();
        table.applyDefinition(LagHistoryTest.definition(1, 2));
        final LagHistory history = new LagHistory();
        final AtomicLong calls = new AtomicLong();
        final LagSampler sampler = new LagSampler(table, history, () ->
        {
            if (calls.getAndIncrement() == 0)
            {
                throw new IllegalStateException("clock broken once");
            }
            return T0;
        });

        sampler.sampleNow();
        sampler.sampleNow();

        assertEquals(1, sampler.failures());
        assertEquals(1, sampler.samples());
        assertEquals(1, history.read(T0, LagHistory.SPAN_MS).get(0).points().size());
    }

    @Test
    void shouldTakeTheFirstSampleWhenStartedAndStartOnlyOnce()
    {
        final TagTable table = new TagTable();
        table.applyDefinition(LagHistoryTest.definition(1, 2));
        final LagHistory history = new LagHistory();
        final LagSampler sampler = new LagSampler(table, history, () -> T0);
        try
        {
            sampler.start();

            assertEquals(1, sampler.samples());
            assertEquals(List.of(T0), history.read(T0, LagHistory.SPAN_MS).get(0).points().stream()
                .map(LagHistory.Point::timeMs).toList());
            assertThrows(IllegalStateException.class, sampler::start);
        }
        finally
        {
            sampler.close();
            sampler.close();
        }
    }
}
