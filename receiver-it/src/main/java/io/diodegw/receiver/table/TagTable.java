package io.diodegw.receiver.table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

import io.diodegw.wire.record.RecordType;
import io.diodegw.wire.record.SourceState;
import io.diodegw.wire.record.TagDefinition;
import io.diodegw.wire.record.TagValue;

/**
 * The IT-side mirror of every tag: definition, current value, StatusCode, source and server timestamps, apply time;
 * and of every source: connection state, last update, lag.
 *
 * <p><b>Threads and publication.</b> One writer (the receive agent's thread, through {@link TagTableFeed}) calls the
 * {@code apply...} methods; any number of readers (HTTP threads) call the others. The writer never takes a lock:
 * <ul>
 *   <li>Each tag is a slot holding one {@code volatile} reference to an immutable {@link TagSnapshot}. An update
 *   builds a new snapshot and stores it (a release store), so a reader sees a whole update or the one before, never
 *   a mix. The cost is one small object per applied value.</li>
 *   <li>The writer finds slots through a private int-keyed map (no boxing); readers find them through a
 *   {@link ConcurrentHashMap} the writer adds to only when a tag or source id is seen for the first time.</li>
 *   <li>The browse-path order for listing is built by readers, at most once per change of the set of tags or their
 *   definitions ({@code structureVersion}), under a lock only readers take.</li>
 *   <li>Per-source figures are single-writer counters (release stores, {@link AtomicLongArray}); each is atomic on
 *   its own, a reader may see last-update and lag of two neighbouring updates.</li>
 * </ul>
 *
 * <p>Value rules: a live value (TAG_VALUE_BATCH) always replaces the current one (the stream is in order); a
 * SNAPSHOT_PART value replaces it unless the current value is newer (by source time, else server time); a
 * HISTORY_BATCH value only when it is strictly newer, so history never overwrites a newer current value.
 */
public final class TagTable
{
    private static final int LAST_UPDATE_MS = 0;
    private static final int LAG_MS = 1;
    private static final int VALUES_APPLIED = 2;
    private static final int TAGS = 3;
    private static final int SOURCE_FIGURES = 4;

    private static final int DEFINITIONS = 0;
    private static final int LIVE_VALUES = 1;
    private static final int SNAPSHOT_VALUES = 2;
    private static final int HISTORY_VALUES = 3;
    private static final int VALUES_SUPERSEDED = 4;
    private static final int SOURCE_STATES = 5;
    private static final int GAPS = 6;
    private static final int TABLE_FIGURES = 7;

    private static final Comparator<TagSnapshot> ORDER = Comparator.comparing(TagSnapshot::browsePathOrEmpty)
        .thenComparing(s -> s.info() == null || s.info().nodeId() == null ? "" : s.info().nodeId())
        .thenComparingInt(TagSnapshot::tagId);

    private final IntMap<TagSlot> writerTags = new IntMap<>();
    private final IntMap<SourceSlot> writerSources = new IntMap<>();
    private final ConcurrentHashMap<Integer, TagSlot> tags = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, SourceSlot> sources = new ConcurrentHashMap<>();
    private final AtomicLongArray figures = new AtomicLongArray(TABLE_FIGURES);
    private volatile long structureVersion;

    private final Object orderLock = new Object();
    private long orderVersion = -1;
    private TagSlot[] order = new TagSlot[0];

    /** A page of tags in browse-path order. */
    public record Page(int total, int offset, int limit, List<TagSnapshot> tags)
    {
    }

    private static final class TagSlot
    {
        final int tagId;
        volatile TagSnapshot snapshot;

        TagSlot(final int tagId)
        {
            this.tagId = tagId;
            this.snapshot = new TagSnapshot(tagId, null, null, null, -1, 0);
        }
    }

    private static final class SourceSlot
    {
        final int sourceId;
        final AtomicLongArray figures = new AtomicLongArray(SOURCE_FIGURES);
        volatile SourceState.State state;
        volatile String reason;
        volatile long stateTimeTicks;

        SourceSlot(final int sourceId)
        {
            this.sourceId = sourceId;
        }

        void set(final int index, final long value)
        {
            figures.setRelease(index, value);
        }

        void add(final int index, final long delta)
        {
            figures.setRelease(index, figures.getPlain(index) + delta);
        }
    }

    /**
     * Applies a tag definition; writer thread only.
     *
     * @param definition a decoded TAG_DEFINITION (copied).
     */
    public void applyDefinition(final TagDefinition definition)
    {
        final TagSlot slot = tagSlot(definition.tagId());
        final TagSnapshot current = slot.snapshot;
        final TagInfo info = TagInfo.of(definition);
        final TagInfo before = current.info();
        if (before == null || before.sourceId() != info.sourceId())
        {
            if (before != null)
            {
                sourceSlot(before.sourceId()).add(TAGS, -1);
            }
            sourceSlot(info.sourceId()).add(TAGS, 1);
        }
        slot.snapshot = current.withInfo(info);
        add(DEFINITIONS, 1);
        structureVersion++;
    }

    /**
     * Applies one value of a batch record; writer thread only.
     *
     * @param type           TAG_VALUE_BATCH, SNAPSHOT_PART or HISTORY_BATCH.
     * @param value          the decoded value (copied).
     * @param streamSequence the sequence of the record that carried it.
     * @param appliedMs      the apply time, ms since 1970-01-01T00:00Z.
     * @return true if it became the tag's current value; false if the current value is newer.
     */
    public boolean applyValue(final RecordType type, final TagValue value, final long streamSequence,
        final long appliedMs)
    {
        final TagSlot slot = tagSlot(value.tagId());
        final TagSnapshot current = slot.snapshot;
        if (type == RecordType.TAG_VALUE_BATCH)
        {
            add(LIVE_VALUES, 1);
        }
        else
        {
            add(type == RecordType.HISTORY_BATCH ? HISTORY_VALUES : SNAPSHOT_VALUES, 1);
            final TagValue held = current.value();
            if (held != null)
            {
                final int order = compareTime(value, held);
                if (order < 0 || (order == 0 && type == RecordType.HISTORY_BATCH))
                {
                    add(VALUES_SUPERSEDED, 1);
                    return false;
                }
            }
        }
        slot.snapshot = new TagSnapshot(slot.tagId, current.info(), value.copy(), type, streamSequence, appliedMs);
        final TagInfo info = current.info();
        if (info != null && type == RecordType.TAG_VALUE_BATCH)
        {
            final SourceSlot source = sourceSlot(info.sourceId());
            source.set(LAST_UPDATE_MS, appliedMs);
            if (value.hasSourceTime())
            {
                source.set(LAG_MS, appliedMs - OpcUaTime.toUnixMs(value.sourceTimeTicks()));
            }
            source.add(VALUES_APPLIED, 1);
        }
        return true;
    }

    /**
     * Applies a source state; writer thread only.
     *
     * @param state a decoded SOURCE_STATE (copied).
     */
    public void applySourceState(final SourceState state)
    {
        final SourceSlot source = sourceSlot(state.sourceId());
        source.reason = state.reason();
        source.stateTimeTicks = state.timeTicks();
        source.state = state.state();
        add(SOURCE_STATES, 1);
    }

    /** Counts a gap handed on by the link; writer thread only. */
    public void onGap()
    {
        add(GAPS, 1);
    }

    /** @return the tag, or null if its id was never seen; any thread. */
    public TagSnapshot tag(final int tagId)
    {
        final TagSlot slot = tags.get(tagId);
        return slot == null ? null : slot.snapshot;
    }

    /** @return the number of tags known (defined or with a value); any thread. */
    public int tagCount()
    {
        return tags.size();
    }

    /**
     * Lists tags in browse-path order (then node id, then tag id); any thread.
     *
     * @param prefix only tags whose browse path or node id starts with it; null or empty for all.
     * @param offset tags to skip, {@code >= 0}.
     * @param limit  most tags to return, {@code >= 0}.
     * @return the page, with the number of matching tags.
     */
    public Page list(final String prefix, final int offset, final int limit)
    {
        final TagSlot[] sorted = sortedSlots();
        final boolean filter = prefix != null && !prefix.isEmpty();
        final List<TagSnapshot> page = new ArrayList<>(Math.min(limit, 1024));
        int matching = 0;
        for (final TagSlot slot : sorted)
        {
            final TagSnapshot snapshot = slot.snapshot;
            if (filter && !matches(snapshot.info(), prefix))
            {
                continue;
            }
            if (matching >= offset && page.size() < limit)
            {
                page.add(snapshot);
            }
            matching++;
        }
        return new Page(matching, offset, limit, page);
    }

    /** @return every source seen, by id; any thread. */
    public List<SourceSnapshot> sources()
    {
        final List<SourceSnapshot> list = new ArrayList<>(sources.size());
        for (final SourceSlot source : sources.values())
        {
            final AtomicLongArray f = source.figures;
            list.add(new SourceSnapshot(source.sourceId, source.state, source.reason, source.stateTimeTicks,
                f.getAcquire(LAST_UPDATE_MS), f.getAcquire(LAG_MS), f.getAcquire(VALUES_APPLIED),
                (int)f.getAcquire(TAGS)));
        }
        list.sort(Comparator.comparingLong(s -> Integer.toUnsignedLong(s.sourceId())));
        return list;
    }

    /** @return definitions applied; any thread. */
    public long definitionsApplied()
    {
        return figures.getAcquire(DEFINITIONS);
    }

    /** @return live values applied; any thread. */
    public long liveValuesApplied()
    {
        return figures.getAcquire(LIVE_VALUES);
    }

    /** @return snapshot-part values received (applied or superseded); any thread. */
    public long snapshotValuesReceived()
    {
        return figures.getAcquire(SNAPSHOT_VALUES);
    }

    /** @return history values received (applied or superseded); any thread. */
    public long historyValuesReceived()
    {
        return figures.getAcquire(HISTORY_VALUES);
    }

    /** @return snapshot or history values not applied because the current value is newer; any thread. */
    public long valuesSuperseded()
    {
        return figures.getAcquire(VALUES_SUPERSEDED);
    }

    /** @return source states applied; any thread. */
    public long sourceStatesApplied()
    {
        return figures.getAcquire(SOURCE_STATES);
    }

    /** @return gaps seen; any thread. */
    public long gaps()
    {
        return figures.getAcquire(GAPS);
    }

    private static boolean matches(final TagInfo info, final String prefix)
    {
        return info != null && ((info.browsePath() != null && info.browsePath().startsWith(prefix)) ||
            (info.nodeId() != null && info.nodeId().startsWith(prefix)));
    }

    private TagSlot[] sortedSlots()
    {
        synchronized (orderLock)
        {
            final long version = structureVersion;
            if (version != orderVersion)
            {
                final TagSlot[] slots = tags.values().toArray(new TagSlot[0]);
                final TagSnapshot[] keys = new TagSnapshot[slots.length];
                final Integer[] index = new Integer[slots.length];
                for (int i = 0; i < slots.length; i++)
                {
                    keys[i] = slots[i].snapshot;
                    index[i] = i;
                }
                Arrays.sort(index, (a, b) -> ORDER.compare(keys[a], keys[b]));
                final TagSlot[] sorted = new TagSlot[slots.length];
                for (int i = 0; i < slots.length; i++)
                {
                    sorted[i] = slots[index[i]];
                }
                order = sorted;
                orderVersion = version;
            }
            return order;
        }
    }

    private TagSlot tagSlot(final int tagId)
    {
        TagSlot slot = writerTags.get(tagId);
        if (slot == null)
        {
            slot = new TagSlot(tagId);
            writerTags.put(tagId, slot);
            tags.put(tagId, slot);
            structureVersion++;
        }
        return slot;
    }

    private SourceSlot sourceSlot(final int sourceId)
    {
        SourceSlot slot = writerSources.get(sourceId);
        if (slot == null)
        {
            slot = new SourceSlot(sourceId);
            writerSources.put(sourceId, slot);
            sources.put(sourceId, slot);
        }
        return slot;
    }

    private void add(final int index, final long delta)
    {
        figures.setRelease(index, figures.getPlain(index) + delta);
    }

    /** Orders two values by source time (server time when a value has none), then picoseconds. */
    private static int compareTime(final TagValue a, final TagValue b)
    {
        final int byTicks = Long.compare(timeTicks(a), timeTicks(b));
        if (byTicks != 0)
        {
            return byTicks;
        }
        return Integer.compare(a.hasSourceTime() ? a.sourcePicoseconds() : a.serverPicoseconds(),
            b.hasSourceTime() ? b.sourcePicoseconds() : b.serverPicoseconds());
    }

    private static long timeTicks(final TagValue value)
    {
        if (value.hasSourceTime())
        {
            return value.sourceTimeTicks();
        }
        return value.hasServerTime() ? value.serverTimeTicks() : Long.MIN_VALUE;
    }
}
