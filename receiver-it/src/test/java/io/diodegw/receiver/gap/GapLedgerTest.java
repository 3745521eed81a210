package io.diodegw.receiver.gap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.diodegw.receiver.journal.AppliedRecords;
import io.diodegw.receiver.journal.GapReport;
import io.diodegw.receiver.link.OutOfBandRecords;
import io.diodegw.wire.record.BlockReader;
import io.diodegw.wire.record.BlockWriter;
import io.diodegw.wire.record.BuiltinType;
import io.diodegw.wire.record.RecordType;
import io.diodegw.wire.record.ResendMarker;
import io.diodegw.wire.record.SnapshotEnd;
import io.diodegw.wire.record.SourceState;
import io.diodegw.wire.record.TagDefinition;
import io.diodegw.wire.record.TagValue;
import io.diodegw.wire.record.TagValueBatchWriter;

/**
 * The gap ledger with an explicit clock and recording consumers: gaps get sources, re-sent records fill them once,
 * markers supersede live values, and a gap closes exactly when every sequence is accounted for.
 */
class GapLedgerTest
{
    private static final long EPOCH = 77;
    private static final long NOW_MS = 1_700_000_000_000L;

    private final List<String> inOrder = new ArrayList<>();
    private final List<GapReport> reports = new ArrayList<>();
    private final List<String> refilled = new ArrayList<>();
    private final List<String> outOfBand = new ArrayList<>();
    private long snapshotCut = Long.MAX_VALUE;
    private GapLedger ledger = ledger(16);

    @Test
    void shouldTakeUpAGapOpenBeforeARestartWithoutJournalingItAgainAndCloseItByLaterReSends()
    {
        ledger.restore(GapReport.open(EPOCH, 10, 12, 0, 0), NOW_MS - 5_000, new long[] {11});
        ledger.restore(GapReport.open(EPOCH, 11, 11, 0, 0), NOW_MS, new long[0]);
        ledger.restore(GapReport.open(EPOCH, 20, 20, 0, 0), NOW_MS, new long[] {20});

        assertEquals(1, reports.size(), "only the gap refilled entirely before the restart is reported: closed");
        assertEquals(GapReport.State.CLOSED, reports.get(0).state());
        assertEquals(20, reports.get(0).fromSequence());
        GapLedger.Status status = ledger.status();
        assertEquals(1, status.openGaps());
        assertEquals(2, status.openSequences(), "10 and 12");
        assertEquals(2, status.gapsRestored(), "the overlapping one is ignored");

        outOfBand(history(11, 4, 1100));
        outOfBand(history(10, 4, 1000));
        outOfBand(history(12, 4, 1200));

        assertEquals(List.of("HISTORY_BATCH 10", "HISTORY_BATCH 12"), refilled, "11 was refilled before the restart");
        assertEquals(2, reports.size());
        assertEquals(GapReport.State.CLOSED, reports.get(1).state());
        assertEquals(3, reports.get(1).refilledSequences());
        status = ledger.status();
        assertEquals(0, status.openGaps());
        assertEquals(0, status.gapsOpened(), "restored gaps were opened before the restart");
    }

    @Test
    void shouldRefillAGapOverHistoryRecordsExactlyOnceAndCloseIt()
    {
        inBand(definition(0, 3));
        inBand(history(1, 4, 1000));
        ledger.gap(GapReport.open(EPOCH, 2, 4, 1000, 4000));
        inBand(history(5, 4, 5000));

        assertEquals(1, reports.size());
        assertEquals(new GapReport(EPOCH, 2, 4, GapReport.State.OPEN, 1000, 4000, new int[] {3, 4}, 0, 0),
            reports.get(0), "sources seen before the gap: definition of source 3, history of source 4");

        final Rec[] resent = {history(2, 4, 2000), history(3, 4, 3000), history(4, 4, 3500)};
        outOfBand(history(1, 4, 1000));
        for (final Rec r : resent)
        {
            outOfBand(r);
        }
        outOfBand(marker(1, 1, 5));
        for (final Rec r : resent)
        {
            outOfBand(r);
        }

        assertEquals(List.of("HISTORY_BATCH 2", "HISTORY_BATCH 3", "HISTORY_BATCH 4"), refilled, "each once");
        assertEquals(2, reports.size());
        assertEquals(GapReport.State.CLOSED, reports.get(1).state());
        assertEquals(3, reports.get(1).refilledSequences());
        assertEquals(0, reports.get(1).supersededSequences());
        assertArrayEquals(new int[] {3, 4}, reports.get(1).sourceIds());

        final GapLedger.Status status = ledger.status();
        assertEquals(0, status.openGaps());
        assertEquals(1, status.gapsClosed());
        assertEquals(3, status.sequencesRefilled());
        assertEquals(4, status.duplicatesDropped(), "sequence 1 (never lost) and the second copies of 2..4");
        assertEquals(1, status.recent().size());
        assertEquals(NOW_MS, status.recent().get(0).changedAtMs());
        assertEquals(List.of(), outOfBand, "re-sends and markers stop here");
    }

    @Test
    void shouldCloseAGapOfLiveValuesAsSupersededByAMarker()
    {
        inBand(live(0, 100));
        ledger.gap(GapReport.open(EPOCH, 1, 10, 100, 1100));
        inBand(live(11, 1100));
        outOfBand(marker(1, 0, 11, 0, 12));

        assertEquals(2, reports.size());
        assertEquals(GapReport.State.CLOSED, reports.get(1).state());
        assertEquals(0, reports.get(1).refilledSequences());
        assertEquals(10, reports.get(1).supersededSequences());
        assertEquals(10, ledger.status().sequencesSuperseded());
        assertEquals(List.of(), refilled);
    }

    @Test
    void shouldCloseASupersededGapOnlyOnceACompleteSnapshotCoversIt()
    {
        snapshotCut = -1;
        ledger.gap(GapReport.open(EPOCH, 1, 10, 0, 0));
        outOfBand(marker(1, 0, 11, 0, 12));
        assertEquals(1, reports.size(), "no snapshot yet holds the state replacing the lost live values");
        assertEquals(0, ledger.status().openSequences());
        snapshotCut = 9;
        outOfBand(snapshotEnd(9));
        assertEquals(1, reports.size(), "a cut before the gap's end does not cover it");
        snapshotCut = 12;
        outOfBand(snapshotEnd(12));
        assertEquals(2, reports.size());
        assertEquals(GapReport.State.CLOSED, reports.get(1).state());
        assertEquals(List.of("SNAPSHOT_END 9", "SNAPSHOT_END 12"), outOfBand);
    }

    @Test
    void shouldCloseAMixedGapOnlyWhenEverySequenceIsRefilledOrSuperseded()
    {
        ledger.gap(GapReport.open(EPOCH, 10, 19, 0, 0));
        outOfBand(marker(1, 5, 25, 10, 3, 15, 2));
        outOfBand(history(13, 1, 1));
        outOfBand(history(14, 1, 1));
        outOfBand(history(17, 1, 1));
        assertEquals(1, reports.size(), "18 and 19 are still missing");
        assertEquals(2, ledger.status().openSequences());
        assertEquals(1, ledger.status().open().size());
        assertEquals(3, ledger.status().open().get(0).report().refilledSequences());

        outOfBand(marker(2, 18, 19, 18, 1));
        assertEquals(1, reports.size(), "19 is neither refilled nor superseded");
        outOfBand(history(19, 1, 1));

        assertEquals(2, reports.size());
        assertEquals(GapReport.State.CLOSED, reports.get(1).state());
        assertEquals(4, reports.get(1).refilledSequences());
        assertEquals(6, reports.get(1).supersededSequences());
    }

    @Test
    void shouldDropEveryResentRecordWhileNoGapIsOpen()
    {
        for (long s = 0; s < 50; s++)
        {
            inBand(history(s, 1, s));
        }
        for (long s = 0; s < 50; s++)
        {
            outOfBand(history(s, 1, s));
        }
        assertEquals(List.of(), refilled);
        assertEquals(50, ledger.status().duplicatesDropped());
        assertEquals(50, inOrder.size());
    }

    @Test
    void shouldRefillFromARestartedSendersInBandRecords()
    {
        ledger.gap(GapReport.open(EPOCH, 5, 6, 0, 0));
        inBand(live(5, 1));
        inBand(live(6, 1));
        assertEquals(2, reports.size());
        assertEquals(2, reports.get(1).refilledSequences());
        assertEquals(List.of("TAG_VALUE_BATCH 5", "TAG_VALUE_BATCH 6"), inOrder, "in-band records always pass on");
    }

    @Test
    void shouldTrackOnlyThePartsOfANewGapThatNoOpenGapCovers()
    {
        ledger.gap(GapReport.open(EPOCH, 10, 19, 0, 0));
        ledger.gap(GapReport.open(EPOCH + 1, 5, 25, 0, 0));
        assertEquals(3, reports.size());
        assertEquals(List.of("10..19", "5..9", "20..25"), reports.stream()
            .map(r -> r.fromSequence() + ".." + r.toSequence()).toList());
        assertEquals(3, ledger.status().openGaps());
        assertEquals(21, ledger.status().openSequences());
    }

    @Test
    void shouldAbandonTheLowestGapBeyondTheOpenLimit()
    {
        ledger = ledger(2);
        ledger.gap(GapReport.open(EPOCH, 10, 11, 0, 0));
        outOfBand(history(10, 1, 1));
        ledger.gap(GapReport.open(EPOCH, 20, 21, 0, 0));
        ledger.gap(GapReport.open(EPOCH, 30, 31, 0, 0));

        assertEquals(4, reports.size());
        assertEquals(new GapReport(EPOCH, 10, 11, GapReport.State.ABANDONED, 0, 0, new int[0], 1, 0), reports.get(3));
        final GapLedger.Status status = ledger.status();
        assertEquals(2, status.openGaps());
        assertEquals(1, status.gapsAbandoned());
        assertEquals(1, status.sequencesAbandoned());
        outOfBand(history(11, 1, 1));
        assertEquals(1, ledger.status().duplicatesDropped(), "an abandoned gap takes no more re-sends");
    }

    @Test
    void shouldPassOtherOutOfBandRecordsOn()
    {
        final Rec state = new Rec(RecordType.SOURCE_STATE, 3, encode(3, w -> new SourceState().sourceId(1)
            .state(SourceState.State.CONNECTED).timeTicks(5).writeTo(w, 3)));
        outOfBand(state);
        assertEquals(List.of("SOURCE_STATE 3"), outOfBand);
    }

    @Test
    void shouldCloseEveryGapExactlyWhenItsLastSequenceIsAccountedForUnderRandomReSends()
    {
        for (int seed = 0; seed < 50; seed++)
        {
            reports.clear();
            refilled.clear();
            ledger = ledger(1000);
            final SplittableRandom random = new SplittableRandom(seed);
            final boolean[] history = new boolean[400];
            for (int s = 0; s < history.length; s++)
            {
                history[s] = random.nextBoolean();
            }
            final List<long[]> gaps = new ArrayList<>();
            for (long s = random.nextInt(5); s < history.length - 20; s += 16 + random.nextInt(30))
            {
                final long to = s + random.nextInt(15);
                gaps.add(new long[] {s, to});
                ledger.gap(GapReport.open(EPOCH, s, to, 0, 0));
            }
            final boolean[] delivered = new boolean[history.length];
            for (int round = 0; round < 3; round++)
            {
                int s = 0;
                while (s < history.length)
                {
                    final int length = 1 + random.nextInt(40);
                    final int to = Math.min(history.length - 1, s + length - 1);
                    final ResendMarker m = new ResendMarker().passId(round).range(s, to);
                    int run = -1;
                    for (int q = s; q <= to; q++)
                    {
                        if (history[q] && random.nextInt(4) != 0)
                        {
                            outOfBand(history(q, 1, q));
                        }
                        if (!history[q] && run < 0)
                        {
                            run = q;
                        }
                        if ((history[q] || q == to) && run >= 0)
                        {
                            final int end = history[q] ? q - 1 : q;
                            m.addRun(run, end - run + 1);
                            run = -1;
                        }
                    }
                    outOfBand(marker(m));
                    s = to + 1;
                }
            }
            for (final String r : refilled)
            {
                final int q = Integer.parseInt(r.substring(r.indexOf(' ') + 1));
                assertTrue(!delivered[q], "seed " + seed + ": sequence " + q + " refilled twice");
                delivered[q] = true;
            }
            int closed = 0;
            for (final long[] gap : gaps)
            {
                boolean complete = true;
                for (long q = gap[0]; q <= gap[1]; q++)
                {
                    complete &= !history[(int)q] || delivered[(int)q];
                    assertTrue(!delivered[(int)q] || history[(int)q]);
                }
                closed += complete ? 1 : 0;
            }
            final long closedReports = reports.stream().filter(r -> r.state() == GapReport.State.CLOSED).count();
            assertEquals(closed, closedReports, "seed " + seed);
            assertEquals(gaps.size() - closed, ledger.status().openGaps(), "seed " + seed);
        }
    }

    private GapLedger ledger(final int maxOpen)
    {
        final AppliedRecords next = new AppliedRecords()
        {
            @Override
            public void record(final RecordType type, final long streamSequence, final long senderEpoch,
                final byte[] buffer, final int bodyOffset, final int bodyLength)
            {
                inOrder.add(type + " " + streamSequence);
            }

            @Override
            public void gap(final long senderEpoch, final long fromSequence, final long toSequence)
            {
                throw new AssertionError("the ledger hands on reports");
            }

            @Override
            public void gap(final GapReport report)
            {
                reports.add(report);
            }
        };
        final AppliedRecords refills = new AppliedRecords()
        {
            @Override
            public void record(final RecordType type, final long streamSequence, final long senderEpoch,
                final byte[] buffer, final int bodyOffset, final int bodyLength)
            {
                refilled.add(type + " " + streamSequence);
            }

            @Override
            public void gap(final long senderEpoch, final long fromSequence, final long toSequence)
            {
                throw new AssertionError("refills take records only");
            }
        };
        final OutOfBandRecords rest = new OutOfBandRecords()
        {
            @Override
            public void senderHeard(final long senderEpoch, final long nowMs)
            {
            }

            @Override
            public void outOfBand(final RecordType type, final long streamSequence, final long senderEpoch,
                final byte[] buffer, final int bodyOffset, final int bodyLength, final long nowMs)
            {
                outOfBand.add(type + " " + streamSequence);
            }
        };
        return new GapLedger(next, rest, refills, maxOpen, 8, () -> NOW_MS, () -> snapshotCut);
    }

    private record Rec(RecordType type, long sequence, byte[] body)
    {
    }

    private void inBand(final Rec r)
    {
        ledger.record(r.type, r.sequence, EPOCH, r.body, 0, r.body.length);
    }

    private void outOfBand(final Rec r)
    {
        ledger.outOfBand(r.type, r.sequence, EPOCH, r.body, 0, r.body.length, NOW_MS);
    }

    private static Rec definition(final long sequence, final int sourceId)
    {
        return new Rec(RecordType.TAG_DEFINITION, sequence, encode(sequence, w -> new TagDefinition().tagId(1)
            .sourceId(sourceId).dataType(BuiltinType.DOUBLE).valueRank(-1).writeTo(w, sequence)));
    }

    private static Rec history(final long sequence, final int sourceId, final long timeTicks)
    {
        return new Rec(RecordType.HISTORY_BATCH, sequence, encode(sequence, w ->
        {
            final TagValueBatchWriter batch = new TagValueBatchWriter();
            return batch.beginHistory(w, sequence, sourceId) &&
                batch.append(new TagValue().setTagId(1).setDouble(sequence).setSourceTime(timeTicks));
        }));
    }

    private static Rec snapshotEnd(final long cut)
    {
        return new Rec(RecordType.SNAPSHOT_END, cut, encode(cut, w -> new SnapshotEnd().snapshotId(1).partCount(1)
            .tagCount(1).writeTo(w, cut)));
    }

    private static Rec live(final long sequence, final long timeTicks)
    {
        return new Rec(RecordType.TAG_VALUE_BATCH, sequence, encode(sequence, w ->
        {
            final TagValueBatchWriter batch = new TagValueBatchWriter();
            return batch.beginLiveValues(w, sequence) &&
                batch.append(new TagValue().setTagId(1).setDouble(sequence).setSourceTime(timeTicks));
        }));
    }

    /** @param runs (first, length) pairs. */
    private static Rec marker(final long passId, final long from, final long to, final long... runs)
    {
        final ResendMarker m = new ResendMarker().passId(passId).range(from, to);
        for (int i = 0; i < runs.length; i += 2)
        {
            m.addRun(runs[i], (int)runs[i + 1]);
        }
        return marker(m);
    }

    private static Rec marker(final ResendMarker m)
    {
        return new Rec(RecordType.RESEND_MARKER, m.toSequence(), encode(m.toSequence(), w -> m.writeTo(w, m.toSequence())));
    }

    private interface Writer
    {
        boolean write(BlockWriter block);
    }

    private static byte[] encode(final long sequence, final Writer writer)
    {
        final byte[] buffer = new byte[4096];
        final BlockWriter block = new BlockWriter().wrap(buffer, 0, buffer.length);
        assertTrue(writer.write(block));
        block.finish();
        final BlockReader reader = new BlockReader();
        assertTrue(reader.wrap(buffer, 0, buffer.length));
        assertTrue(reader.next());
        assertEquals(sequence, reader.streamSequence());
        return Arrays.copyOfRange(buffer, reader.bodyOffset(), reader.bodyOffset() + reader.bodyLength());
    }
}
