package io.diodegw.receiver.table;

import static io.diodegw.receiver.table.TestBlock.definitionOf;
import static io.diodegw.receiver.table.TestBlock.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.diodegw.receiver.journal.AppliedRecords;
import io.diodegw.wire.record.RecordType;
import io.diodegw.wire.record.TagValue;
import io.diodegw.wire.record.TagValueBatchWriter;

/**
 * Conflated live passes of an overloaded sender (SNAPSHOT_PART with snapshot id 0, out of band, stream sequence = the
 * cut C) through {@link TagTableFeed}, with blocks built by wire-format's writers: the cut rule, the in-band backlog
 * that follows never moving a tag backwards, separate counting and no effect on snapshot tracking. Explicit clock.
 */
class ConflatedLivePassTest
{
    private static final long EPOCH = 0x1234_0001L;
    private static final long NOW_MS = 1_700_000_100_000L;
    private static final long T0 = OpcUaTime.fromUnixMs(1_700_000_000_000L);
    private static final long PASS = TagValueBatchWriter.CONFLATED_PASS_SNAPSHOT_ID;

    private final TagTable table = new TagTable();
    private final List<String> journal = new ArrayList<>();
    private final TagTableFeed feed = new TagTableFeed(table, new Journal(), () -> NOW_MS);

    @Test
    void shouldApplyAPassByItsCutAndNeverLetTheOlderBacklogMoveATagBackwards()
    {
        feed.senderHeard(EPOCH, NOW_MS);
        final TestBlock definitions = TestBlock.inBand();
        for (int tag = 1; tag <= 5; tag++)
        {
            definitions.definition(definitionOf(tag, 1), tag - 1);
        }
        definitions.live(5, value(1, 5, T0 + 5), value(4, 5, T0 + 5)).deliver(feed, EPOCH);

        TestBlock.outOfBand().part(PASS, 0, 100, List.of(value(1, 100, T0 + 100), value(2, 90, T0 + 90)))
            .part(PASS, 1, 100, List.of(value(3, 80, T0 + 80))).deliver(feed, EPOCH, NOW_MS);

        for (int tag = 1; tag <= 3; tag++)
        {
            assertEquals(100, table.tag(tag).streamSequence(), "the tag's sequence becomes the cut");
            assertEquals(RecordType.SNAPSHOT_PART, table.tag(tag).origin());
        }
        assertEquals(100, table.tag(1).value().doubleValue());
        assertEquals(5, table.tag(4).value().doubleValue(), "a tag the pass does not carry is left alone");
        assertEquals(List.of("TAG_VALUE_BATCH 5"), journal, "a pass never reaches the IT journal");

        TestBlock.inBand().live(6, value(1, 6, T0 + 6), value(4, 6, T0 + 6)).live(80, value(3, 80, T0 + 80))
            .live(90, value(2, 90, T0 + 90)).live(100, value(1, 100, T0 + 100)).deliver(feed, EPOCH);
        assertEquals(100, table.tag(1).value().doubleValue(), "the backlog below the cut is journaled, not applied");
        assertEquals(100, table.tag(1).streamSequence());
        assertEquals(6, table.tag(4).value().doubleValue(), "the backlog still updates tags the pass did not carry");
        assertEquals(List.of("TAG_VALUE_BATCH 5", "TAG_VALUE_BATCH 6", "TAG_VALUE_BATCH 80", "TAG_VALUE_BATCH 90",
            "TAG_VALUE_BATCH 100"), journal);

        TestBlock.inBand().live(101, value(1, 101, T0 + 101)).deliver(feed, EPOCH);
        assertEquals(101, table.tag(1).value().doubleValue(), "in band beyond the cut applies again");

        assertEquals(new ConflatedLiveStatus(1, 2, 3, 3, 0, 100, NOW_MS), table.conflatedLive());
        assertEquals(0, table.snapshots().begun(), "a pass is not a snapshot");
    }

    @Test
    void shouldNotApplyAPassValueWhenTheTableHoldsTheTagAsOfTheCutOrLater()
    {
        feed.senderHeard(EPOCH, NOW_MS);
        TestBlock.inBand().live(120, value(1, 120, T0 + 120)).live(150, value(2, 150, T0 + 150)).deliver(feed, EPOCH);

        TestBlock.outOfBand().part(PASS, 0, 120, List.of(value(1, 119, T0 + 119), value(2, 110, T0 + 110),
            value(3, 115, T0 + 115))).deliver(feed, EPOCH, NOW_MS);
        TestBlock.outOfBand().part(PASS, 0, 130, List.of(value(3, 130, T0 + 130))).deliver(feed, EPOCH, NOW_MS + 1);

        assertEquals(120, table.tag(1).value().doubleValue(), "sequence equal to the cut: the table is as of C");
        assertEquals(150, table.tag(2).value().doubleValue(), "sequence above the cut: newer than the pass");
        assertEquals(130, table.tag(3).value().doubleValue(), "a later pass supersedes an earlier one");
        assertEquals(new ConflatedLiveStatus(2, 2, 4, 2, 2, 130, NOW_MS + 1), table.conflatedLive());
    }

    @Test
    void shouldLeaveASnapshotInProgressCompleteWhenAPassArrivesInTheMiddleOfIt()
    {
        feed.senderHeard(EPOCH, NOW_MS);
        TestBlock.outOfBand().begin(1, 50, 2, T0).part(1, 0, 50, List.of(value(1, 50, T0 + 50)))
            .deliver(feed, EPOCH, NOW_MS);
        TestBlock.outOfBand().part(PASS, 0, 80, List.of(value(2, 80, T0 + 80))).deliver(feed, EPOCH, NOW_MS);
        TestBlock.outOfBand().part(1, 1, 50, List.of(value(2, 50, T0 + 50))).end(1, 2, 2, 50)
            .deliver(feed, EPOCH, NOW_MS);

        final SnapshotStatus status = table.snapshots();
        assertEquals(1, status.completed());
        assertEquals(0, status.abandoned());
        assertNull(status.inProgress());
        assertEquals(80, table.tag(2).value().doubleValue(), "the snapshot at 50 does not undo the pass at 80");
        assertEquals(1, table.conflatedLive().passes());
    }

    /**
     * Seeded histories: an OT journal of values (each value's double is its stream sequence), sent in band in order
     * and slowly, while passes at random cuts ahead of it carry the latest value of every tag changed since the
     * previous pass; after every delivery no tag is older than before, and at the end the table holds the latest.
     */
    @Test
    void shouldNeverMoveATagBackwardsWhateverTheInterleavingOfBacklogAndPasses()
    {
        final int tags = 12;
        final int records = 400;
        for (int seed = 0; seed < 40; seed++)
        {
            final SplittableRandom random = new SplittableRandom(seed);
            final TagTable t = new TagTable();
            final TagTableFeed f = new TagTableFeed(t, new Journal(), () -> NOW_MS);
            f.senderHeard(EPOCH, NOW_MS);
            final int[] tagOf = new int[records];
            for (int s = 0; s < records; s++)
            {
                tagOf[s] = 1 + random.nextInt(tags);
            }
            final Map<Integer, Double> seen = new HashMap<>();
            int inBand = 0;
            int head = -1;
            int previousCut = -1;
            while (inBand < records)
            {
                if (random.nextInt(4) == 0 && head < records - 1)
                {
                    head = Math.min(records - 1, head + 1 + random.nextInt(40));
                    final TreeMap<Integer, TagValue> pass = new TreeMap<>();
                    for (int s = previousCut + 1; s <= head; s++)
                    {
                        pass.put(tagOf[s], value(tagOf[s], s, T0 + s));
                    }
                    if (!pass.isEmpty())
                    {
                        TestBlock.outOfBand().part(PASS, 0, head, new ArrayList<>(pass.values()))
                            .deliver(f, EPOCH, NOW_MS);
                    }
                    previousCut = head;
                }
                else
                {
                    TestBlock.inBand().live(inBand, value(tagOf[inBand], inBand, T0 + inBand)).deliver(f, EPOCH);
                    inBand++;
                    head = Math.max(head, inBand - 1);
                }
                for (int tag = 1; tag <= tags; tag++)
                {
                    final TagSnapshot snapshot = t.tag(tag);
                    if (snapshot != null && snapshot.value() != null)
                    {
                        final double now = snapshot.value().doubleValue();
                        assertTrue(now >= seen.getOrDefault(tag, -1.0), "seed " + seed + ": tag " + tag +
                            " went from " + seen.get(tag) + " back to " + now);
                        seen.put(tag, now);
                    }
                }
            }
            for (int s = 0; s < records; s++)
            {
                assertEquals(lastOf(tagOf, tagOf[s]), t.tag(tagOf[s]).value().doubleValue(), "seed " + seed);
            }
        }
    }

    private static double lastOf(final int[] tagOf, final int tag)
    {
        for (int s = tagOf.length - 1; s >= 0; s--)
        {
            if (tagOf[s] == tag)
            {
                return s;
            }
        }
        return -1;
    }

    private final class Journal implements AppliedRecords
    {
        @Override
        public void record(final RecordType type, final long streamSequence, final long senderEpoch,
            final byte[] buffer, final int bodyOffset, final int bodyLength)
        {
            if (type != RecordType.TAG_DEFINITION && type != RecordType.SOURCE_STATE)
            {
                journal.add(type + " " + streamSequence);
            }
        }

        @Override
        public void gap(final long senderEpoch, final long fromSequence, final long toSequence)
        {
            journal.add("gap " + fromSequence + ".." + toSequence);
        }
    }
}
