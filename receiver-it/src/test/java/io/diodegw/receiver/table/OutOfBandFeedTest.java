package io.diodegw.receiver.table;

import static io.diodegw.receiver.table.TestBlock.definitionOf;
import static io.diodegw.receiver.table.TestBlock.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.diodegw.receiver.journal.AppliedRecords;
import io.diodegw.wire.record.RecordType;
import io.diodegw.wire.record.SenderStatus;
import io.diodegw.wire.record.SourceState;
import io.diodegw.wire.record.TagDefinition;
import io.diodegw.wire.record.TagValue;

/**
 * The out-of-band path through {@link TagTableFeed} with blocks built by the wire-format writers: the snapshot
 * carousel's apply rules against in-band values, epochs, snapshot tracking and sender status. Explicit clock.
 */
class OutOfBandFeedTest
{
    private static final long EPOCH = 0x1234_0001L;
    private static final long OTHER_EPOCH = 0x1234_0002L;
    private static final long NOW_MS = 1_700_000_100_000L;
    private static final long T0 = OpcUaTime.fromUnixMs(1_700_000_000_000L);
    private static final int TAGS = 60;
    private static final int PER_PART = 7;

    private final TagTable table = new TagTable();
    private final List<String> journal = new ArrayList<>();
    private final TagTableFeed feed = new TagTableFeed(table, new Journal(), () -> NOW_MS);

    @Test
    void shouldFillEveryTagOfALateJoinFromOneSnapshotWithoutJournalingIt()
    {
        feed.senderHeard(EPOCH, NOW_MS);
        snapshot(1, 1_000, values(1_000)).deliver(feed, EPOCH, NOW_MS);

        assertEquals(TAGS, table.tagCount());
        for (int tag = 1; tag <= TAGS; tag++)
        {
            final TagSnapshot snapshot = table.tag(tag);
            assertEquals(definitionOf(tag, sourceOf(tag)).browsePath(), snapshot.info().browsePath());
            assertEquals(value(tag, 1_000 + tag, T0 + tag), snapshot.value());
            assertEquals(1_000, snapshot.streamSequence(), "the tag's sequence becomes the cut");
            assertEquals(RecordType.SNAPSHOT_PART, snapshot.origin());
        }
        assertEquals(List.of(SourceState.State.CONNECTED, SourceState.State.DISCONNECTED),
            table.sources().stream().map(SourceSnapshot::state).toList());
        assertEquals(List.of(), journal, "snapshot records never reach the IT journal");
        final SnapshotStatus status = table.snapshots();
        assertEquals(1, status.completed());
        assertNull(status.inProgress());
        final SnapshotProgress complete = status.lastComplete();
        assertEquals(new SnapshotProgress(EPOCH, 1, 1_000, T0, TAGS, TAGS, TAGS, partsOf(TAGS), TAGS, 2, true, true,
            NOW_MS, NOW_MS), complete);
    }

    @Test
    void shouldNeverOverwriteANewerInBandValueWithASnapshot()
    {
        feed.senderHeard(EPOCH, NOW_MS);
        final TestBlock inBand = TestBlock.inBand();
        for (int tag = 1; tag <= TAGS; tag++)
        {
            inBand.definition(definitionOf(tag, sourceOf(tag)), tag);
        }
        inBand.live(990, value(1, -990, T0)).live(1_005, value(2, -1_005, T0 + 5)).deliver(feed, EPOCH);

        snapshot(1, 1_000, values(1_000)).deliver(feed, EPOCH, NOW_MS);

        assertEquals(1_001, table.tag(1).value().doubleValue(), "in band at 990 < cut: the snapshot wins");
        assertEquals(1_000, table.tag(1).streamSequence());
        assertEquals(-1_005, table.tag(2).value().doubleValue(), "in band at 1005 > cut: never overwritten");
        assertEquals(1_005, table.tag(2).streamSequence());
        assertEquals(TAGS - 1, table.snapshots().lastComplete().valuesApplied());
        assertEquals(TAGS, table.snapshots().lastComplete().valuesReceived());
        assertEquals(1, table.valuesSuperseded());
        assertEquals(TAGS, table.definitionsApplied(), "the snapshot's definitions equal the in-band ones");
    }

    @Test
    void shouldJournalButNotApplyAnOlderInBandValueThatArrivesAfterASnapshot()
    {
        feed.senderHeard(EPOCH, NOW_MS);
        snapshot(1, 1_000, values(1_000)).deliver(feed, EPOCH, NOW_MS);

        TestBlock.inBand().live(999, value(3, -999, T0 + 99)).live(1_000, value(3, -1_000, T0 + 100))
            .deliver(feed, EPOCH);

        assertEquals(1_003, table.tag(3).value().doubleValue(), "the table does not go backwards");
        assertEquals(2, table.liveValuesOlder());
        assertEquals(List.of("TAG_VALUE_BATCH 999", "TAG_VALUE_BATCH 1000"), journal, "but the history has them");

        TestBlock.inBand().live(1_001, value(3, -1_001, T0 + 101)).deliver(feed, EPOCH);
        assertEquals(-1_001, table.tag(3).value().doubleValue());
        assertEquals(1_001, table.lastStreamSequence());
    }

    @Test
    void shouldIgnoreTheSnapshotOfAnotherEpochAndAbandonTheOneInProgressAtANewEpoch()
    {
        feed.senderHeard(OTHER_EPOCH, NOW_MS);
        snapshot(1, 1_000, values(1_000)).deliver(feed, EPOCH, NOW_MS);

        assertEquals(0, table.tagCount());
        final int records = 1 + TAGS + 2 + partsOf(TAGS) + 1;
        assertEquals(records, table.snapshots().recordsOtherEpoch());
        assertEquals(0, table.snapshots().begun());

        TestBlock.outOfBand().begin(4, 2_000, TAGS, T0).definition(definitionOf(1, 1), 2_000)
            .deliver(feed, OTHER_EPOCH, NOW_MS);
        assertNotNull(table.snapshots().inProgress());
        feed.senderHeard(EPOCH, NOW_MS + 1);
        assertNull(table.snapshots().inProgress());
        assertEquals(1, table.snapshots().abandoned());
        TestBlock.outOfBand().part(4, 0, 2_000, List.of(value(1, 5, T0))).deliver(feed, OTHER_EPOCH, NOW_MS + 2);
        assertNull(table.tag(1).value(), "the old epoch's records are ignored once a new epoch was heard");
    }

    @Test
    void shouldTrackCompletenessAndKeepTheValuesOfAnIncompleteSnapshot()
    {
        feed.senderHeard(EPOCH, NOW_MS);
        snapshot(1, 1_000, values(1_000)).deliver(feed, EPOCH, NOW_MS);

        final List<TagValue> second = values(2_000);
        final List<List<TagValue>> parts = TestBlock.split(second, PER_PART);
        TestBlock.outOfBand().begin(2, 2_000, TAGS, T0 + 1).part(2, 0, 2_000, parts.get(0))
            .deliver(feed, EPOCH, NOW_MS + 10);
        final SnapshotProgress midway = table.snapshots().inProgress();
        assertEquals(2, midway.snapshotId());
        assertEquals(PER_PART, midway.valuesReceived());
        assertTrue(midway.beginSeen());
        assertFalse(midway.endSeen());
        assertEquals(1, table.snapshots().lastComplete().snapshotId(), "the last complete one stays visible");

        final TestBlock rest = TestBlock.outOfBand();
        for (int i = 2; i < parts.size(); i++)
        {
            rest.part(2, i, 2_000, parts.get(i));
        }
        rest.end(2, parts.size(), TAGS, 2_000).deliver(feed, EPOCH, NOW_MS + 20);

        assertEquals(1, table.snapshots().lastComplete().snapshotId(), "part 1 was lost: not complete");
        assertEquals(1, table.snapshots().abandoned());
        assertNull(table.snapshots().inProgress());
        for (int tag = 1; tag <= TAGS; tag++)
        {
            final boolean lost = tag > PER_PART && tag <= 2 * PER_PART;
            assertEquals(lost ? 1_000 + tag : 2_000 + tag, table.tag(tag).value().doubleValue(), "tag " + tag);
        }
    }

    @Test
    void shouldApplyTheValuesOfASnapshotWhoseBeginWasLostWithoutCallingItComplete()
    {
        feed.senderHeard(EPOCH, NOW_MS);
        final List<List<TagValue>> parts = TestBlock.split(values(500), PER_PART);
        final TestBlock block = TestBlock.outOfBand();
        for (int i = 0; i < parts.size(); i++)
        {
            block.part(9, i, 500, parts.get(i));
        }
        block.deliver(feed, EPOCH, NOW_MS);

        final SnapshotProgress progress = table.snapshots().inProgress();
        assertEquals(9, progress.snapshotId());
        assertFalse(progress.beginSeen());
        assertEquals(-1, progress.tagCount());
        assertEquals(TAGS, progress.valuesApplied());
        assertEquals(503, table.tag(3).value().doubleValue());

        TestBlock.outOfBand().end(9, parts.size(), TAGS, 500).deliver(feed, EPOCH, NOW_MS);
        assertNull(table.snapshots().lastComplete());
        assertEquals(1, table.snapshots().abandoned());
    }

    @Test
    void shouldCompleteConsecutiveSnapshotsAtTheSameCutAndAbandonOneWithoutEnd()
    {
        feed.senderHeard(EPOCH, NOW_MS);
        snapshot(1, 700, values(700)).deliver(feed, EPOCH, NOW_MS);
        snapshot(2, 700, values(700)).deliver(feed, EPOCH, NOW_MS + 1);
        assertEquals(2, table.snapshots().completed());
        assertEquals(2, table.snapshots().lastComplete().snapshotId());
        assertEquals(0, table.snapshots().lastComplete().valuesApplied(), "nothing newer in the second one");

        TestBlock.outOfBand().begin(3, 800, TAGS, T0).deliver(feed, EPOCH, NOW_MS + 2);
        snapshot(4, 900, values(900)).deliver(feed, EPOCH, NOW_MS + 3);
        assertEquals(1, table.snapshots().abandoned(), "snapshot 3 never ended");
        assertEquals(4, table.snapshots().lastComplete().snapshotId());
        assertEquals(4, table.snapshots().begun());
    }

    @Test
    void shouldApplySnapshotDefinitionsAndSourceStatesOnlyWhenNewOrChangedOrBelowTheCut()
    {
        feed.senderHeard(EPOCH, NOW_MS);
        TestBlock.inBand().definition(definitionOf(1, 1), 10)
            .sourceState(1, SourceState.State.DISCONNECTED, T0, 1_100)
            .sourceState(2, SourceState.State.DISCONNECTED, T0, 900).deliver(feed, EPOCH);

        final TagDefinition renamed = definitionOf(2, 1).browsePath("Plant/renamed");
        TestBlock.outOfBand().begin(1, 1_000, 0, T0).definition(definitionOf(1, 1), 1_000).definition(renamed, 1_000)
            .sourceState(1, SourceState.State.CONNECTED, T0, 1_000)
            .sourceState(2, SourceState.State.CONNECTED, T0, 1_000).end(1, 0, 0, 1_000)
            .deliver(feed, EPOCH, NOW_MS);

        assertEquals(2, table.definitionsApplied(), "tag 1 unchanged, tag 2 new");
        assertEquals("Plant/renamed", table.tag(2).info().browsePath());
        final List<SourceSnapshot> sources = table.sources();
        assertEquals(SourceState.State.DISCONNECTED, sources.get(0).state(), "its state came from 1100 > cut");
        assertEquals(SourceState.State.CONNECTED, sources.get(1).state(), "its state came from 900 < cut");
        assertEquals(1_000, sources.get(1).stateSequence());
        assertEquals(1, table.snapshots().completed(), "a snapshot of no tags is complete with BEGIN and END");
    }

    @Test
    void shouldKeepTheLatestSenderStatusOfTheCurrentEpoch()
    {
        feed.senderHeard(EPOCH, NOW_MS);
        TestBlock.outOfBand().senderStatus(status(5_000, 10), 4_990).deliver(feed, EPOCH, NOW_MS);
        TestBlock.outOfBand().senderStatus(status(5_100, 20), 4_990).deliver(feed, EPOCH, NOW_MS + 1_000);
        TestBlock.outOfBand().senderStatus(status(1, 1), 4_990).deliver(feed, OTHER_EPOCH, NOW_MS + 2_000);

        assertEquals(new SenderReport(EPOCH, 5_100, 20, 20_000, 300, 1_000, 900, 120_000, T0 + 5, NOW_MS + 1_000),
            table.senderReport());
        assertEquals(List.of(), journal);
    }

    @Test
    void shouldMatchARandomInterleavingOfInBandValuesAndSnapshotsWithTheNewestBySequence()
    {
        final SplittableRandom random = new SplittableRandom(17);
        for (int round = 0; round < 200; round++)
        {
            final TagTable fresh = new TagTable();
            final TagTableFeed randomFeed = new TagTableFeed(fresh, null, () -> NOW_MS);
            randomFeed.senderHeard(EPOCH, NOW_MS);
            final long[] newest = new long[4];
            long sequence = 0;
            for (int step = 0; step < 40; step++)
            {
                final int tag = 1 + random.nextInt(3);
                if (random.nextBoolean())
                {
                    sequence += 1 + random.nextInt(3);
                    TestBlock.inBand().live(sequence, value(tag, sequence, T0)).deliver(randomFeed, EPOCH);
                    newest[tag] = Math.max(newest[tag], sequence);
                }
                else
                {
                    final long cut = Math.max(0, sequence - random.nextInt(6));
                    TestBlock.outOfBand().part(step, 0, cut, List.of(value(tag, cut, T0)))
                        .deliver(randomFeed, EPOCH, NOW_MS);
                    newest[tag] = Math.max(newest[tag], cut);
                }
                assertEquals(newest[tag], fresh.tag(tag).value().doubleValue(), "round " + round + " step " + step);
                assertEquals(newest[tag], fresh.tag(tag).streamSequence());
            }
        }
    }

    private static SenderStatus status(final long head, final long backlog)
    {
        return new SenderStatus().journalHeadSequence(head).backlogRecords(backlog).backlogBytes(backlog * 1_000)
            .oldestUnsentAgeMs(300).inputRecordsPerSec(1_000).outputRecordsPerSec(900).outputBytesPerSec(120_000)
            .timeTicks(T0 + 5);
    }

    private static TestBlock snapshot(final long id, final long cut, final List<TagValue> values)
    {
        final List<TagDefinition> definitions = new ArrayList<>();
        for (int tag = 1; tag <= TAGS; tag++)
        {
            definitions.add(definitionOf(tag, sourceOf(tag)));
        }
        final List<SourceState> states = List.of(
            new SourceState().sourceId(1).state(SourceState.State.CONNECTED).timeTicks(T0),
            new SourceState().sourceId(2).state(SourceState.State.DISCONNECTED).timeTicks(T0));
        return TestBlock.outOfBand().snapshot(id, cut, T0, definitions, states, values, PER_PART);
    }

    /** Tag t has value base + t. */
    private static List<TagValue> values(final long base)
    {
        final List<TagValue> values = new ArrayList<>();
        for (int tag = 1; tag <= TAGS; tag++)
        {
            values.add(value(tag, base + tag, T0 + tag));
        }
        return values;
    }

    private static int sourceOf(final int tag)
    {
        return tag % 2 == 0 ? 2 : 1;
    }

    private static int partsOf(final int values)
    {
        return (values + PER_PART - 1) / PER_PART;
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
