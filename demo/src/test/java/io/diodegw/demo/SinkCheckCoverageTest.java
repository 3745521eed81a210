package io.diodegw.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

class SinkCheckCoverageTest
{
    private static SinkCheck check()
    {
        return new SinkCheck("files", SimulatorHistory.parse(Stream.empty()));
    }

    private static String record(final long epoch, final long sequence)
    {
        return "{\"kind\":\"definition\",\"senderEpoch\":" + epoch + ",\"streamSequence\":" + sequence + "}";
    }

    private static String gap(final long epoch, final long from, final long to)
    {
        return "{\"kind\":\"gap\",\"fromSequence\":" + from + ",\"toSequence\":" + to + ",\"senderEpoch\":" + epoch
            + "}";
    }

    @Test
    void shouldCountSequencesNeitherDeliveredNorInAGapAsSilentLoss()
    {
        final SplittableRandom random = new SplittableRandom(4);
        for (int trial = 0; trial < 200; trial++)
        {
            final SinkCheck check = check();
            final int last = 1 + random.nextInt(300);
            long silent = 0;
            long inGaps = 0;
            long delivered = 0;
            int s = 0;
            while (s <= last)
            {
                final int run = 1 + random.nextInt(10);
                final int to = Math.min(last, s + run - 1);
                switch (random.nextInt(3))
                {
                    case 0 ->
                    {
                        for (int q = s; q <= to; q++)
                        {
                            check.addJson(record(1 + q % 2, q));
                        }
                        delivered += to - s + 1;
                    }
                    case 1 ->
                    {
                        check.addJson(gap(1, s, to));
                        inGaps += to - s + 1;
                    }
                    default -> silent += to - s + 1;
                }
                s = to + 1;
            }
            final SinkCheck.Coverage coverage = check.coverage(0, last);
            assertEquals(delivered, coverage.delivered(), "trial " + trial);
            assertEquals(inGaps, coverage.inGaps(), "trial " + trial);
            assertEquals(silent, coverage.silent(), "trial " + trial);
            assertEquals(0, coverage.duplicates(), "trial " + trial);
        }
    }

    @Test
    void shouldCountTheSameSequenceDeliveredUnderTwoSenderEpochsAsADuplicate()
    {
        final SinkCheck check = check();
        check.addJson(record(1, 0));
        check.addJson(record(1, 1));
        check.addJson(record(2, 1));
        check.addJson(record(2, 2));

        final SinkCheck.Coverage coverage = check.coverage(0, 2);

        assertEquals(1, coverage.duplicates());
        assertEquals(3, coverage.delivered());
        assertEquals(0, coverage.silent());
        assertEquals(-1, coverage.firstSilent());
    }

    @Test
    void shouldNameTheFirstSilentSequenceAndCountADeliveredSequenceInsideAGapOnce()
    {
        final SinkCheck check = check();
        check.addJson(record(1, 0));
        check.addJson(gap(1, 1, 3));
        check.addJson(record(1, 2));
        check.addJson(record(1, 6));

        final SinkCheck.Coverage coverage = check.coverage(0, 6);

        assertEquals(3, coverage.delivered());
        assertEquals(2, coverage.inGaps());
        assertEquals(2, coverage.silent());
        assertEquals(4, coverage.firstSilent());
    }

    @Test
    void shouldCountAValueWithoutANodeIdAsWithoutTagRatherThanAsAMismatch()
    {
        final SinkCheck check = check();
        check.addJson("{\"kind\":\"value\",\"senderEpoch\":1,\"streamSequence\":5,\"index\":0,\"tagId\":3,"
            + "\"value\":1.5,\"statusCode\":0,\"sourceTime\":\"2026-11-23T12:00:00Z\"}");

        final java.util.Map<String, Object> result = check.result(new SinkCheck.JournalFigures(1, 5, 5, 1));

        assertEquals(1L, result.get("valuesWithoutTag"));
        assertEquals(0L, result.get("valueMismatches"));
        assertEquals(0L, result.get("valuesChecked"));
    }

    @Test
    void shouldIgnoreOnlyTheOverflowInfoBitsOfADeliveredStatus()
    {
        assertEquals(0L, SimulatorHistory.withoutOverflow(0x480L));
        assertEquals(0x80000000L, SimulatorHistory.withoutOverflow(0x80000480L));
        assertEquals(0x400L, SimulatorHistory.withoutOverflow(0x400L));
        assertEquals(0x80L, SimulatorHistory.withoutOverflow(0x80L));
        assertEquals(null, SimulatorHistory.withoutOverflow(null));
    }
}
