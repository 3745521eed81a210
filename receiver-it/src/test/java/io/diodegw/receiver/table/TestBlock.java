package io.diodegw.receiver.table;

import java.util.ArrayList;
import java.util.List;

import io.diodegw.receiver.journal.AppliedRecords;
import io.diodegw.receiver.link.OutOfBandRecords;
import io.diodegw.wire.record.BlockReader;
import io.diodegw.wire.record.BlockWriter;
import io.diodegw.wire.record.BuiltinType;
import io.diodegw.wire.record.SenderStatus;
import io.diodegw.wire.record.SnapshotBegin;
import io.diodegw.wire.record.SnapshotEnd;
import io.diodegw.wire.record.SourceState;
import io.diodegw.wire.record.TagDefinition;
import io.diodegw.wire.record.TagValue;
import io.diodegw.wire.record.TagValueBatchWriter;

/**
 * Builds one block with the wire-format writers (in band or flagged out of band) and delivers its records the way the
 * receive agent does: decoded by {@link BlockReader}, in block order, to {@link AppliedRecords} (in band) or
 * {@link OutOfBandRecords} (out of band). One thread.
 */
public final class TestBlock
{
    private static final int CAPACITY = 32 * 1024;

    private final byte[] buffer = new byte[CAPACITY];
    private final BlockWriter writer = new BlockWriter();

    private TestBlock(final boolean outOfBand)
    {
        writer.wrap(buffer, 0, CAPACITY).outOfBand(outOfBand);
    }

    public static TestBlock inBand()
    {
        return new TestBlock(false);
    }

    public static TestBlock outOfBand()
    {
        return new TestBlock(true);
    }

    public static TagDefinition definitionOf(final int tagId, final int sourceId)
    {
        return new TagDefinition().tagId(tagId).sourceId(sourceId).dataType(BuiltinType.DOUBLE).valueRank(-1)
            .nodeId("ns=2;s=T" + tagId).browsePath("Plant/S" + sourceId + "/T" + tagId).engineeringUnits("bar");
    }

    public static TagValue value(final int tagId, final double v, final long sourceTicks)
    {
        return new TagValue().setTagId(tagId).setDouble(v).setSourceTime(sourceTicks);
    }

    public TestBlock definition(final TagDefinition definition, final long sequence)
    {
        check(definition.writeTo(writer, sequence));
        return this;
    }

    public TestBlock sourceState(final int sourceId, final SourceState.State state, final long timeTicks,
        final long sequence)
    {
        check(new SourceState().sourceId(sourceId).state(state).timeTicks(timeTicks).reason(state.name())
            .writeTo(writer, sequence));
        return this;
    }

    public TestBlock begin(final long snapshotId, final long cut, final int tags, final long timeTicks)
    {
        check(new SnapshotBegin().snapshotId(snapshotId).cutStreamSequence(cut).tagCount(tags).timeTicks(timeTicks)
            .writeTo(writer, cut));
        return this;
    }

    public TestBlock part(final long snapshotId, final int partIndex, final long cut, final List<TagValue> values)
    {
        final TagValueBatchWriter batch = new TagValueBatchWriter();
        check(batch.beginSnapshotPart(writer, cut, snapshotId, partIndex));
        for (final TagValue value : values)
        {
            check(batch.append(value));
        }
        return this;
    }

    public TestBlock end(final long snapshotId, final int parts, final int tags, final long cut)
    {
        check(new SnapshotEnd().snapshotId(snapshotId).partCount(parts).tagCount(tags).writeTo(writer, cut));
        return this;
    }

    public TestBlock live(final long sequence, final TagValue... values)
    {
        final TagValueBatchWriter batch = new TagValueBatchWriter();
        check(batch.beginLiveValues(writer, sequence));
        for (final TagValue value : values)
        {
            check(batch.append(value));
        }
        return this;
    }

    public TestBlock senderStatus(final SenderStatus status, final long sequence)
    {
        check(status.writeTo(writer, sequence));
        return this;
    }

    /** A whole snapshot: BEGIN, every definition, the source states, the values in parts of {@code perPart}, END. */
    public TestBlock snapshot(final long snapshotId, final long cut, final long timeTicks,
        final List<TagDefinition> tags, final List<SourceState> states, final List<TagValue> values,
        final int perPart)
    {
        begin(snapshotId, cut, values.size(), timeTicks);
        for (final TagDefinition definition : tags)
        {
            definition(definition, cut);
        }
        for (final SourceState state : states)
        {
            sourceState(state.sourceId(), state.state(), state.timeTicks(), cut);
        }
        final List<List<TagValue>> parts = split(values, perPart);
        for (int i = 0; i < parts.size(); i++)
        {
            part(snapshotId, i, cut, parts.get(i));
        }
        return end(snapshotId, parts.size(), values.size(), cut);
    }

    public static List<List<TagValue>> split(final List<TagValue> values, final int perPart)
    {
        final List<List<TagValue>> parts = new ArrayList<>();
        for (int from = 0; from < values.size(); from += perPart)
        {
            parts.add(values.subList(from, Math.min(values.size(), from + perPart)));
        }
        return parts;
    }

    /** Hands every record to the out-of-band path, as the receive agent does for a block with the flag. */
    public void deliver(final OutOfBandRecords to, final long epoch, final long nowMs)
    {
        final BlockReader reader = reader();
        if (!reader.isOutOfBand())
        {
            throw new IllegalStateException("an in-band block");
        }
        while (reader.next())
        {
            to.outOfBand(reader.type(), reader.streamSequence(), epoch, reader.buffer(), reader.bodyOffset(),
                reader.bodyLength(), nowMs);
        }
    }

    /** Hands every record on as the sequencer does for an in-band block whose records are all in order. */
    public void deliver(final AppliedRecords to, final long epoch)
    {
        final BlockReader reader = reader();
        if (reader.isOutOfBand())
        {
            throw new IllegalStateException("an out-of-band block");
        }
        while (reader.next())
        {
            to.record(reader.type(), reader.streamSequence(), epoch, reader.buffer(), reader.bodyOffset(),
                reader.bodyLength());
        }
    }

    private BlockReader reader()
    {
        writer.finish();
        final BlockReader reader = new BlockReader();
        check(reader.wrap(buffer, 0, CAPACITY));
        return reader;
    }

    private static void check(final boolean written)
    {
        if (!written)
        {
            throw new IllegalStateException("the test block is too small");
        }
    }
}
