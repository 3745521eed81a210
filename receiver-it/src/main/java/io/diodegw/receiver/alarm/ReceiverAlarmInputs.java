package io.diodegw.receiver.alarm;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.diodegw.receiver.delivery.SinkStatus;
import io.diodegw.receiver.table.LagHistogram;
import io.diodegw.receiver.table.SenderReport;
import io.diodegw.receiver.table.SourceSnapshot;
import io.diodegw.receiver.table.StaleCounts;
import io.diodegw.receiver.table.TagTable;

/**
 * The receiver's own {@link AlarmInputs}: the tag table (sources, lag distributions, stale counts, sender status,
 * when the sender was last heard), the link's unrecoverable-block counter, the IT journal's head and the sinks'
 * committed positions. All
 * of these are safe to read from the monitor's thread; stale tags are counted by walking every tag, once per check.
 */
public final class ReceiverAlarmInputs implements AlarmInputs
{
    private final TagTable table;
    private final LongSupplier unrecoverableBlocks;
    private final Supplier<List<SinkStatus>> sinks;
    private final LongSupplier journalHead;

    /**
     * @param table       the tag table.
     * @param unrecoverableBlocks the link counter of blocks lost beyond repair (e.g. the receive agent's
     *                    {@code LinkCounter.BLOCKS_UNRECOVERABLE}); read at each check, not before.
     * @param sinks       the sinks' status (e.g. {@code delivery::status}); an empty list without delivery.
     * @param journalHead the IT journal's head sequence (e.g. {@code journal::headSequence}).
     */
    public ReceiverAlarmInputs(final TagTable table, final LongSupplier unrecoverableBlocks,
        final Supplier<List<SinkStatus>> sinks, final LongSupplier journalHead)
    {
        this.table = table;
        this.unrecoverableBlocks = unrecoverableBlocks;
        this.sinks = sinks;
        this.journalHead = journalHead;
    }

    @Override
    public List<SourceReading> sources(final long nowMs, final boolean countStaleTags)
    {
        final Map<Integer, StaleCounts> stale = new HashMap<>();
        if (countStaleTags)
        {
            table.staleCounts(nowMs, stale);
        }
        final List<SourceSnapshot> snapshots = table.sources();
        final List<SourceReading> readings = new ArrayList<>(snapshots.size());
        for (final SourceSnapshot source : snapshots)
        {
            final LagHistogram lag = table.lagHistogram(source.sourceId());
            final StaleCounts counts = stale.getOrDefault(source.sourceId(), StaleCounts.NONE);
            readings.add(new SourceReading(source.sourceId(), lag == null ? -1 : lag.recent(nowMs).p99Ms(),
                counts.uncertain() + counts.bad()));
        }
        return readings;
    }

    @Override
    public long lastHeardMs()
    {
        return table.lastHeardMs();
    }

    @Override
    public long oldestUnsentAgeMs()
    {
        final SenderReport report = table.senderReport();
        return report == null ? -1 : report.oldestUnsentAgeMs();
    }

    @Override
    public long unrecoverableBlocks()
    {
        return unrecoverableBlocks.getAsLong();
    }

    @Override
    public long journalHeadSequence()
    {
        return journalHead.getAsLong();
    }

    @Override
    public List<SinkReading> sinks()
    {
        final List<SinkStatus> status = sinks.get();
        final List<SinkReading> readings = new ArrayList<>(status.size());
        for (final SinkStatus sink : status)
        {
            readings.add(new SinkReading(sink.name(), sink.committedSequence()));
        }
        return readings;
    }
}
