package io.diodegw.receiver.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.diodegw.wire.record.BuiltinType;
import io.diodegw.wire.record.RecordType;
import io.diodegw.wire.record.SourceState;
import io.diodegw.wire.record.StatusCodes;
import io.diodegw.wire.record.TagDefinition;
import io.diodegw.wire.record.TagValue;

class TagTableTest
{
    private static final long T0 = OpcUaTime.fromUnixMs(1_700_000_000_000L);
    private static final long APPLIED_MS = 1_700_000_000_250L;

    private final TagTable table = new TagTable();

    @Test
    void shouldReportWaitingForInitialDataForADefinedTagWithoutValue()
    {
        table.applyDefinition(definition(5, 2, "A/B"));

        final TagSnapshot tag = table.tag(5);
        assertEquals(StatusCodes.BAD_WAITING_FOR_INITIAL_DATA, tag.statusCode());
        assertNull(tag.value());
        assertEquals(-1, tag.ageMs(APPLIED_MS));
        assertEquals("A/B", tag.info().browsePath());
        assertNull(table.tag(6));
    }

    @Test
    void shouldAccountForTheStreamUpToTheLastRecordOrTheEndOfALaterGap()
    {
        assertEquals(-1, table.accountedStreamSequence());
        table.onStreamRecord(10);
        table.onGap(4);
        assertEquals(10, table.accountedStreamSequence(), "a gap named late, below the last record");
        table.onGap(15);
        assertEquals(10, table.lastStreamSequence());
        assertEquals(15, table.accountedStreamSequence(), "a lost tail is accounted for, not a backlog");
        table.onStreamRecord(16);
        assertEquals(16, table.accountedStreamSequence());
    }

    @Test
    void shouldApplyLiveValuesAndTrackTheSourceLagAndAge()
    {
        table.applyDefinition(definition(1, 2, "A/x"));
        table.applyValue(RecordType.TAG_VALUE_BATCH, value(1, 3.5, T0, 0x4090_0000), 17, APPLIED_MS);

        final TagSnapshot tag = table.tag(1);
        assertEquals(3.5, tag.value().doubleValue());
        assertEquals(0x4090_0000, tag.statusCode());
        assertEquals(17, tag.streamSequence());
        assertEquals(APPLIED_MS, tag.appliedMs());
        assertEquals(1_000, tag.ageMs(1_700_000_001_000L));
        final SourceSnapshot source = table.sources().get(0);
        assertEquals(2, source.sourceId());
        assertEquals(250, source.lagMs());
        assertEquals(APPLIED_MS, source.lastUpdateMs());
        assertEquals(1, source.valuesApplied());
        assertEquals(1, source.tags());
    }

    @Test
    void shouldApplyHistoryOnlyWhenStrictlyNewerByTimeAndSnapshotsOnlyBelowTheCut()
    {
        table.applyValue(RecordType.TAG_VALUE_BATCH, value(1, 10, T0 + 100, 0), 4, APPLIED_MS);

        assertFalse(table.applyValue(RecordType.HISTORY_BATCH, value(1, 9, T0 + 50, 0), 5, APPLIED_MS));
        assertFalse(table.applyValue(RecordType.HISTORY_BATCH, value(1, 9, T0 + 100, 0), 6, APPLIED_MS));
        assertFalse(table.applyValue(RecordType.SNAPSHOT_PART, value(1, 8, T0 + 200, 0), 4, APPLIED_MS),
            "a snapshot at the tag's own sequence already holds its value");
        assertFalse(table.applyValue(RecordType.SNAPSHOT_PART, value(1, 8, T0 + 200, 0), 3, APPLIED_MS));
        assertEquals(10, table.tag(1).value().doubleValue());
        assertEquals(4, table.valuesSuperseded());

        assertTrue(table.applyValue(RecordType.HISTORY_BATCH, value(1, 11, T0 + 101, 0), 7, APPLIED_MS));
        assertEquals(7, table.tag(1).streamSequence());
        assertTrue(table.applyValue(RecordType.SNAPSHOT_PART, value(1, 12, T0 + 90, 0), 8, APPLIED_MS),
            "a snapshot applies by its cut, not by time");
        assertEquals(8, table.tag(1).streamSequence());
        assertTrue(table.applyValue(RecordType.TAG_VALUE_BATCH, value(1, 13, T0, 0), 9, APPLIED_MS),
            "live values follow the stream order");
        assertEquals(13, table.tag(1).value().doubleValue());
        assertEquals(RecordType.TAG_VALUE_BATCH, table.tag(1).origin());
        assertEquals(3, table.snapshotValuesReceived());
        assertEquals(1, table.snapshotValuesApplied());
    }

    @Test
    void shouldApplyALiveValueOnlyWhenItsSequenceIsAboveTheTagsAndCountTheOlderOnes()
    {
        assertTrue(table.applyValue(RecordType.SNAPSHOT_PART, value(1, 50, T0, 0), 50, APPLIED_MS));

        assertFalse(table.applyValue(RecordType.TAG_VALUE_BATCH, value(1, 49, T0 + 1, 0), 49, APPLIED_MS));
        assertFalse(table.applyValue(RecordType.TAG_VALUE_BATCH, value(1, 50, T0 + 2, 0), 50, APPLIED_MS),
            "the live record at the cut is already in the snapshot");
        assertEquals(50, table.tag(1).value().doubleValue());
        assertEquals(2, table.liveValuesOlder());

        assertTrue(table.applyValue(RecordType.TAG_VALUE_BATCH, value(1, 51, T0 + 3, 0), 51, APPLIED_MS));
        assertTrue(table.applyValue(RecordType.TAG_VALUE_BATCH, value(1, 51.5, T0 + 4, 0), 51, APPLIED_MS),
            "a tag twice in one live record: the later value wins");
        assertEquals(51.5, table.tag(1).value().doubleValue());
        assertEquals(2, table.liveValuesOlder());
        assertEquals(4, table.liveValuesApplied(), "received, applied or not");
    }

    @Test
    void shouldApplySourceStatesInBandUnlessOlderAndFromASnapshotOnlyBelowTheCut()
    {
        assertTrue(table.applySnapshotSourceState(state(4, SourceState.State.CONNECTED), 10, APPLIED_MS));
        assertFalse(table.applySourceState(state(4, SourceState.State.DISCONNECTED), 9, APPLIED_MS));
        assertFalse(table.applySnapshotSourceState(state(4, SourceState.State.DISCONNECTED), 10, APPLIED_MS));
        assertEquals(SourceState.State.CONNECTED, table.sources().get(0).state());
        assertEquals(2, table.sourceStatesOlder());

        assertTrue(table.applySourceState(state(4, SourceState.State.DISCONNECTED), 10, APPLIED_MS));
        assertEquals(SourceState.State.DISCONNECTED, table.sources().get(0).state());
        assertTrue(table.applySnapshotSourceState(state(4, SourceState.State.CONNECTED), 11, APPLIED_MS));
        assertEquals(SourceState.State.CONNECTED, table.sources().get(0).state());
        assertEquals(11, table.sources().get(0).stateSequence());
    }

    @Test
    void shouldApplyASnapshotDefinitionOnlyWhenTheTagIsUnknownOrItsDefinitionDiffers()
    {
        assertTrue(table.applyDefinitionIfChanged(definition(1, 2, "A/x").arrayDimensions(new int[] {3})));
        assertFalse(table.applyDefinitionIfChanged(definition(1, 2, "A/x").arrayDimensions(new int[] {3})));
        assertTrue(table.applyDefinitionIfChanged(definition(1, 2, "A/x").arrayDimensions(new int[] {4})));
        assertTrue(table.applyDefinitionIfChanged(definition(1, 3, "A/x").arrayDimensions(new int[] {4})));
        assertEquals(3, table.definitionsApplied());
        assertEquals(3, table.tag(1).info().sourceId());
        assertEquals(List.of(0, 1), table.sources().stream().map(SourceSnapshot::tags).collect(Collectors.toList()),
            "the tag moved from source 2 to source 3");
    }

    @Test
    void shouldKeepTheLastSourceStateWithItsReason()
    {
        table.applySourceState(new SourceState().sourceId(4).state(SourceState.State.DISCONNECTED).timeTicks(T0)
            .reason("Bad_Timeout"), 3, APPLIED_MS);

        final SourceSnapshot source = table.sources().get(0);
        assertEquals(SourceState.State.DISCONNECTED, source.state());
        assertEquals("Bad_Timeout", source.reason());
        assertEquals(T0, source.stateTimeTicks());
        assertEquals(0, source.lastUpdateMs());
    }

    @Test
    void shouldListTagsInBrowsePathOrderWithPrefixAndPaging()
    {
        final SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 50; i++)
        {
            final int id = 1 + random.nextInt(1_000_000);
            table.applyDefinition(definition(id, 1, (i % 2 == 0 ? "Line1/" : "Line2/") + String.format("T%03d", i)));
        }

        final TagTable.Page all = table.list(null, 0, 1000);
        assertEquals(50, all.total());
        final List<String> paths = all.tags().stream().map(TagSnapshot::browsePathOrEmpty).collect(Collectors.toList());
        assertEquals(paths.stream().sorted().collect(Collectors.toList()), paths);

        final TagTable.Page line2 = table.list("Line2/", 10, 10);
        assertEquals(25, line2.total());
        assertEquals(10, line2.tags().size());
        assertEquals("Line2/T021", line2.tags().get(0).browsePathOrEmpty());
        assertEquals(5, table.list("Line2/", 20, 10).tags().size());
        assertEquals(0, table.list("Line3", 0, 10).total());
        assertEquals(1, table.list("ns=2;s=Line1/T000", 0, 10).total(), "node id prefix");
    }

    @Test
    void shouldGiveReadersWholeUpdatesWhileTheWriterApplies() throws Exception
    {
        table.applyDefinition(definition(1, 1, "A"));
        final int updates = 200_000;
        final AtomicReference<String> torn = new AtomicReference<>();
        final Thread reader = new Thread(() ->
        {
            long lastSequence = -1;
            while (lastSequence < updates - 1 && torn.get() == null)
            {
                final TagSnapshot tag = table.tag(1);
                if (tag.value() == null)
                {
                    continue;
                }
                final long sequence = tag.streamSequence();
                if (tag.value().doubleValue() != sequence || tag.value().sourceTimeTicks() != T0 + sequence ||
                    sequence < lastSequence)
                {
                    torn.set("sequence " + sequence + " with " + tag.value() + " after " + lastSequence);
                }
                lastSequence = sequence;
            }
        });
        reader.start();
        final TagValue value = new TagValue();
        for (int i = 0; i < updates; i++)
        {
            value.setTagId(1).setDouble(i).setSourceTime(T0 + i);
            table.applyValue(RecordType.TAG_VALUE_BATCH, value, i, APPLIED_MS);
        }
        reader.join(30_000);

        assertNull(torn.get());
        assertFalse(reader.isAlive());
    }

    private static TagDefinition definition(final int tagId, final int sourceId, final String browsePath)
    {
        return new TagDefinition().tagId(tagId).sourceId(sourceId).dataType(BuiltinType.DOUBLE).valueRank(-1)
            .nodeId("ns=2;s=" + browsePath).browsePath(browsePath);
    }

    private static SourceState state(final int sourceId, final SourceState.State state)
    {
        return new SourceState().sourceId(sourceId).state(state).timeTicks(T0).reason(state.name());
    }

    private static TagValue value(final int tagId, final double v, final long sourceTicks, final int status)
    {
        return new TagValue().setTagId(tagId).setDouble(v).setSourceTime(sourceTicks).setStatusCode(status);
    }
}
