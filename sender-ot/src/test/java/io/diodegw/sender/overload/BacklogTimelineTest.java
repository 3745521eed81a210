package io.diodegw.sender.overload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/** The backlog's age from head samples: an upper bound within the spacing of the samples, bounded memory. */
class BacklogTimelineTest
{
    private static final long MS = 1_000_000L;

    @Test
    void shouldReportZeroWhenNothingIsUnsent()
    {
        final BacklogTimeline timeline = new BacklogTimeline(100 * MS, 8);
        assertEquals(0, timeline.oldestUnsentAgeNs(0, 10, 10));
        assertEquals(0, timeline.oldestUnsentAgeNs(500 * MS, 20, 20));
    }

    @Test
    void shouldNeverUnderstateTheAgeAndAtMostTripleItWhateverTheHistory()
    {
        for (int seed = 0; seed < 20; seed++)
        {
            final SplittableRandom random = new SplittableRandom(seed);
            final int capacity = 8 + random.nextInt(60);
            final long intervalNs = (1 + random.nextInt(200)) * MS;
            final BacklogTimeline timeline = new BacklogTimeline(intervalNs, capacity);
            final TreeMap<Long, Long> journaledAt = new TreeMap<>();
            long head = -1;
            long sent = -1;
            for (long nowNs = 0; nowNs < 240_000 * MS; nowNs += (1 + random.nextInt(50)) * MS)
            {
                final int produced = random.nextInt(30);
                for (int i = 0; i < produced; i++)
                {
                    journaledAt.put(++head, nowNs);
                }
                sent = Math.min(head, sent + random.nextInt(20));
                final long ageNs = timeline.oldestUnsentAgeNs(nowNs, head, sent);
                assertTrue(timeline.samples() <= capacity, "bounded");
                if (head > sent)
                {
                    final long trueAgeNs = nowNs - journaledAt.get(sent + 1);
                    assertTrue(ageNs >= trueAgeNs, "seed " + seed + ": never less than the true age");
                    assertTrue(ageNs <= 3 * trueAgeNs + 2 * intervalNs + 100 * MS, "seed " + seed + ": " +
                        ageNs / MS + " ms for " + trueAgeNs / MS);
                }
                else
                {
                    assertEquals(0, ageNs);
                }
            }
        }
    }

    @Test
    void shouldOverstateAYoungBacklogByAtMostOneSampleIntervalAndStep()
    {
        final long intervalNs = 100 * MS;
        final long stepNs = 10 * MS;
        final BacklogTimeline timeline = new BacklogTimeline(intervalNs, 64);
        final TreeMap<Long, Long> journaledAt = new TreeMap<>();
        long head = -1;
        for (long nowNs = 0; nowNs < 60_000 * MS; nowNs += stepNs)
        {
            journaledAt.put(++head, nowNs);
            journaledAt.put(++head, nowNs);
            final long sent = Math.max(-1, head - 2 * (2_000 * MS / stepNs));
            final long ageNs = timeline.oldestUnsentAgeNs(nowNs, head, sent);
            final long trueAgeNs = nowNs - journaledAt.get(sent + 1);
            assertTrue(ageNs >= trueAgeNs && ageNs <= trueAgeNs + intervalNs + stepNs, ageNs / MS + " ms for " +
                trueAgeNs / MS);
        }
    }
}
