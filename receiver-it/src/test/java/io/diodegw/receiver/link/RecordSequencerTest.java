package io.diodegw.receiver.link;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.diodegw.receiver.journal.AppliedRecords;
import io.diodegw.wire.record.BlockWriter;
import io.diodegw.wire.record.RecordType;
import io.diodegw.wire.record.SourceState;

class RecordSequencerTest
{
    private static final int BLOCK_BYTES = 512;
    private static final long EPOCH = 9;

    private final List<String> calls = new ArrayList<>();
    private final LinkCounters counters = new LinkCounters();
    private final RecordSequencer sequencer = new RecordSequencer(new AppliedRecords()
    {
        @Override
        public void record(final RecordType type, final long streamSequence, final long senderEpoch,
            final byte[] buffer, final int bodyOffset, final int bodyLength)
        {
            calls.add(senderEpoch + ":" + streamSequence);
        }

        @Override
        public void gap(final long senderEpoch, final long fromSequence, final long toSequence)
        {
            calls.add(senderEpoch + ":gap " + fromSequence + ".." + toSequence);
        }
    }, counters);

    @Test
    void shouldNameWhatWasSentWhileTheReceiverWasDownAsAGapInWhicheverEpochComes()
    {
        sequencer.resumeAt(5);
        sequencer.startEpoch(EPOCH + 1);
        deliver(8, 2);

        assertEquals(List.of("10:gap 5..7", "10:8", "10:9"), calls);
        assertEquals(1, counters.get(LinkCounter.GAPS));
        assertEquals(0, counters.get(LinkCounter.GAPS_UNEXPLAINED));
    }

    @Test
    void shouldDropWhatTheJournalAlreadyHoldsAsRepeats()
    {
        sequencer.resumeAt(5);
        sequencer.startEpoch(EPOCH);
        deliver(3, 4);

        assertEquals(List.of("9:5", "9:6"), calls);
        assertEquals(2, counters.get(LinkCounter.RECORDS_REPEATED));
        assertEquals(0, counters.get(LinkCounter.RECORDS_OUT_OF_ORDER));
        assertEquals(0, counters.get(LinkCounter.GAPS));
    }

    @Test
    void shouldDropWhatARestartedSenderSendsAgainAndCarryOnAfterIt()
    {
        sequencer.startEpoch(EPOCH);
        deliver(0, 10);
        sequencer.endEpoch();
        sequencer.startEpoch(EPOCH + 1);
        sequencer.onBlocksStart(0);
        sequencer.onHeartbeat(20, 5);
        deliver(5, 10);

        assertEquals(15, calls.size());
        assertEquals(List.of("10:10", "10:11", "10:12", "10:13", "10:14"), calls.subList(10, 15));
        assertEquals(5, counters.get(LinkCounter.RECORDS_REPEATED));
        assertEquals(0, counters.get(LinkCounter.GAPS));
        assertEquals(0, counters.get(LinkCounter.STREAM_RESTARTS));
    }

    @Test
    void shouldNameALossAtTheEndOfAnEpochWithTheFirstRecordOfTheNext()
    {
        sequencer.startEpoch(EPOCH);
        deliver(0, 2);
        sequencer.onBlockLost();
        sequencer.endEpoch();
        sequencer.startEpoch(EPOCH + 1);
        deliver(7, 1);

        assertEquals(List.of("9:0", "9:1", "10:gap 2..6", "10:7"), calls);
        assertEquals(0, counters.get(LinkCounter.GAPS_UNEXPLAINED));
    }

    @Test
    void shouldNameTheLostFirstBlocksOfAnEpochHeardFromItsStart()
    {
        sequencer.startEpoch(EPOCH);
        sequencer.onBlocksStart(0);
        sequencer.onHeartbeat(-1, -1);
        sequencer.onHeartbeat(40, 0);
        sequencer.onBlockLost();
        sequencer.onBlockLost();
        deliver(12, 2);

        assertEquals(List.of("9:gap 0..11", "9:12", "9:13"), calls);
        assertEquals(0, counters.get(LinkCounter.GAPS_UNEXPLAINED));
    }

    @Test
    void shouldNameTheLostFirstBlocksWhenTheEpochsFirstSequenceComesAfterTheFirstRecord()
    {
        sequencer.startEpoch(EPOCH);
        sequencer.onBlocksStart(0);
        sequencer.onBlockLost();
        deliver(12, 2);
        sequencer.onHeartbeat(40, 3);
        sequencer.onHeartbeat(41, 3);

        assertEquals(List.of("9:12", "9:13", "9:gap 3..11"), calls);
        assertEquals(1, counters.get(LinkCounter.GAPS));
        assertEquals(9, counters.get(LinkCounter.SEQUENCES_IN_GAPS));
    }

    @Test
    void shouldFollowANewOtJournalWhoseStreamHeadIsBelowWhatTheReceiverHolds()
    {
        sequencer.resumeAt(100);
        sequencer.startEpoch(EPOCH + 1);
        sequencer.onBlocksStart(0);
        deliver(0, 3);
        sequencer.onHeartbeat(2, 0);
        deliver(3, 2);
        sequencer.onHeartbeat(4, 0);

        assertEquals(List.of("10:gap 0..2", "10:3", "10:4"), calls);
        assertEquals(1, counters.get(LinkCounter.STREAM_RESTARTS));
        assertEquals(3, counters.get(LinkCounter.RECORDS_REPEATED));
    }

    @Test
    void shouldStartANewOtJournalsStreamAfreshWhenItsHeartbeatComesFirst()
    {
        sequencer.resumeAt(100);
        sequencer.startEpoch(EPOCH + 1);
        sequencer.onHeartbeat(-1, -1);
        deliver(0, 2);

        assertEquals(List.of("10:0", "10:1"), calls);
        assertEquals(1, counters.get(LinkCounter.STREAM_RESTARTS));
        assertEquals(0, counters.get(LinkCounter.GAPS));
    }

    @Test
    void shouldTurnALostBlockIntoOneGapClosedByTheNextRecord()
    {
        sequencer.startEpoch(EPOCH);
        deliver(0, 3);
        sequencer.onBlockLost();
        sequencer.onBlockLost();
        deliver(10, 2);

        assertEquals(List.of("9:0", "9:1", "9:2", "9:gap 3..9", "9:10", "9:11"), calls);
        assertEquals(1, counters.get(LinkCounter.GAPS));
        assertEquals(7, counters.get(LinkCounter.SEQUENCES_IN_GAPS));
        assertEquals(0, counters.get(LinkCounter.GAPS_UNEXPLAINED));
        assertEquals(5, counters.get(LinkCounter.RECORDS_APPLIED));
    }

    @Test
    void shouldReportSkippedSequencesAsAnUnexplainedGapAndDropRepeats()
    {
        sequencer.startEpoch(EPOCH);
        deliver(0, 2);
        deliver(5, 1);
        deliver(4, 3);

        assertEquals(List.of("9:0", "9:1", "9:gap 2..4", "9:5", "9:6"), calls);
        assertEquals(1, counters.get(LinkCounter.GAPS_UNEXPLAINED));
        assertEquals(2, counters.get(LinkCounter.RECORDS_OUT_OF_ORDER));
    }

    @Test
    void shouldNotNameAGapBeforeTheFirstRecordOfALateJoin()
    {
        sequencer.startEpoch(EPOCH);
        sequencer.onBlocksStart(7);
        sequencer.onHeartbeat(2_000, 0);
        sequencer.onBlockLost();
        deliver(1_000, 2);

        assertEquals(List.of("9:1000", "9:1001"), calls);
        assertEquals(0, counters.get(LinkCounter.GAPS));
    }

    @Test
    void shouldNameATrailingLossWhenTheSenderReportsWhatItSent()
    {
        sequencer.startEpoch(EPOCH);
        deliver(0, 3);
        sequencer.onSentUpTo(2);
        sequencer.onBlockLost();
        sequencer.onSentUpTo(6);
        sequencer.onSentUpTo(6);
        deliver(7, 1);

        assertEquals(List.of("9:0", "9:1", "9:2", "9:gap 3..6", "9:7"), calls);
        assertEquals(1, counters.get(LinkCounter.GAPS));
        assertEquals(0, counters.get(LinkCounter.GAPS_UNEXPLAINED));
    }

    @Test
    void shouldIgnoreWhatTheSenderSentBeforeTheReceiverJoined()
    {
        sequencer.startEpoch(EPOCH);
        sequencer.onSentUpTo(40);
        deliver(50, 1);

        assertEquals(List.of("9:50"), calls);
    }

    @Test
    void shouldTreatAMalformedBlockAsLost()
    {
        sequencer.startEpoch(EPOCH);
        deliver(0, 1);
        sequencer.onBlock(new byte[BLOCK_BYTES], 0, BLOCK_BYTES);
        deliver(3, 1);

        assertEquals(List.of("9:0", "9:gap 1..2", "9:3"), calls);
        assertEquals(1, counters.get(LinkCounter.BLOCKS_MALFORMED));
        assertEquals(0, counters.get(LinkCounter.GAPS_UNEXPLAINED));
    }

    private void deliver(final long firstSequence, final int records)
    {
        final byte[] block = new byte[BLOCK_BYTES];
        final BlockWriter writer = new BlockWriter().wrap(block, 0, BLOCK_BYTES);
        for (int i = 0; i < records; i++)
        {
            new SourceState().sourceId(1).state(SourceState.State.CONNECTED).writeTo(writer, firstSequence + i);
        }
        writer.finish();
        sequencer.onBlock(block, 0, BLOCK_BYTES);
    }
}
