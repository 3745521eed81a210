package io.diodegw.receiver.table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * <p>Value rules (the snapshot carousel contract): every tag holds the stream sequence its current value came from
 * (-1 while it has none).
 * <ul>
 *   <li>A live value (TAG_VALUE_BATCH) is applied when its record's sequence is above the tag's, or equal to it when
 *   the current value came from the same live record (a tag twice in one batch). Otherwise it is older than what the
 *   table holds (a snapshot with a later cut was applied, or the sender replays after a restart): it is counted in
 *   {@link #liveValuesOlder()} and the table does not go backwards (the IT journal still receives it).</li>
 *   <li>A SNAPSHOT_PART value at cut C is applied only when the tag's sequence is below C; the tag's sequence becomes
 *   C ({@link #applyValue} with the cut as the sequence).</li>
 *   <li>A HISTORY_BATCH value only when it is strictly newer than the current value by source time (server time
 *   when it has none), so history never overwrites a newer current value; the tag's sequence never decreases.</li>
 *   <li>A SOURCE_STATE in band is applied unless the source's state came from a higher sequence; out of band (at a
 *   snapshot's cut) only when the source has no state or its state came from a sequence below the cut.</li>
 * </ul>
 *
 * <p>Staleness (DESIGN.md guarantee 4): the stored value and StatusCode stay as they arrived; what readers are
 * served ({@link #servedStatus}) is computed when they read, from the {@link StalenessPolicy}, the source's state,
 * the time the current sender was last heard ({@link #onSenderHeard}) and the reader's clock. No timer thread.
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
    private static final int LIVE_VALUES_OLDER = 7;
    private static final int SNAPSHOT_VALUES_APPLIED = 8;
    private static final int SOURCE_STATES_OLDER = 9;
    private static final int TABLE_FIGURES = 10;

    private static final int COUNT_UNCERTAIN = 0;
    private static final int COUNT_BAD = 1;
    private static final int COUNT_WAITING = 2;
    private static final int COUNT_KINDS = 3;

    private static final long NEVER = -1;
    private static final long NO_CONDITION = Long.MAX_VALUE;

    private static final Comparator<TagSnapshot> ORDER = Comparator.comparing(TagSnapshot::browsePathOrEmpty)
        .thenComparing(s -> s.info() == null || s.info().nodeId() == null ? "" : s.info().nodeId())
        .thenComparingInt(TagSnapshot::tagId);

    private final IntMap<TagSlot> writerTags = new IntMap<>();
    private final IntMap<SourceSlot> writerSources = new IntMap<>();
    private final ConcurrentHashMap<Integer, TagSlot> tags = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, SourceSlot> sources = new ConcurrentHashMap<>();
    private final AtomicLongArray figures = new AtomicLongArray(TABLE_FIGURES);
    private final StalenessPolicy staleness;
    private volatile long structureVersion;
    private volatile long senderEpoch;
    private volatile long lastHeardMs = NEVER;
    private volatile long lastStreamSequence = NEVER;
    private volatile long accountedStreamSequence = NEVER;
    private volatile SnapshotStatus snapshots = SnapshotStatus.EMPTY;
    private volatile SenderReport senderReport;
    private volatile ConflatedLiveStatus conflatedLive = ConflatedLiveStatus.EMPTY;

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

    /**
     * A source's last applied state, replaced as a whole.
     *
     * @param notCommunicatingSinceMs when the source stopped communicating, ms since 1970, or {@link #NO_CONDITION}
     *                                while it communicates.
     */
    private record StateHolder(SourceState.State state, String reason, long timeTicks, long streamSequence,
        long notCommunicatingSinceMs)
    {
    }

    private static final class SourceSlot
    {
        final int sourceId;
        final AtomicLongArray figures = new AtomicLongArray(SOURCE_FIGURES);
        final LagHistogram lag = new LagHistogram();
        volatile StateHolder state;

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

    /** A table with the default {@link StalenessPolicy}. */
    public TagTable()
    {
        this(StalenessPolicy.defaults());
    }

    /** @param staleness when served statuses degrade. */
    public TagTable(final StalenessPolicy staleness)
    {
        this.staleness = staleness;
    }

    /** @return the staleness policy; any thread. */
    public StalenessPolicy stalenessPolicy()
    {
        return staleness;
    }

    /**
     * Applies a tag definition; writer thread only.
     *
     * @param definition a decoded TAG_DEFINITION (copied).
     */
    public void applyDefinition(final TagDefinition definition)
    {
        apply(tagSlot(definition.tagId()), TagInfo.of(definition));
    }

    /**
     * Applies a tag definition only when the tag is unknown or its definition differs (a snapshot repeats every
     * definition); writer thread only.
     *
     * @param definition a decoded TAG_DEFINITION (copied when applied).
     * @return true if applied.
     */
    public boolean applyDefinitionIfChanged(final TagDefinition definition)
    {
        final TagSlot slot = tagSlot(definition.tagId());
        final TagInfo info = TagInfo.of(definition);
        if (info.equals(slot.snapshot.info()))
        {
            return false;
        }
        apply(slot, info);
        return true;
    }

    private void apply(final TagSlot slot, final TagInfo info)
    {
        final TagSnapshot current = slot.snapshot;
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
     * Applies one value of a batch record by the value rules of this class; writer thread only.
     *
     * @param type           TAG_VALUE_BATCH, SNAPSHOT_PART or HISTORY_BATCH.
     * @param value          the decoded value (copied).
     * @param streamSequence the sequence of the record that carried it (for SNAPSHOT_PART: the snapshot's cut).
     * @param appliedMs      the apply time, ms since 1970-01-01T00:00Z.
     * @return true if it became the tag's current value; false if the table holds a newer one.
     */
    public boolean applyValue(final RecordType type, final TagValue value, final long streamSequence,
        final long appliedMs)
    {
        final TagSlot slot = tagSlot(value.tagId());
        final TagSnapshot current = slot.snapshot;
        final long held = current.streamSequence();
        long sequence = streamSequence;
        if (type == RecordType.TAG_VALUE_BATCH)
        {
            add(LIVE_VALUES, 1);
            if (streamSequence < held || (streamSequence == held && current.origin() != RecordType.TAG_VALUE_BATCH))
            {
                add(LIVE_VALUES_OLDER, 1);
                return false;
            }
        }
        else if (type == RecordType.SNAPSHOT_PART)
        {
            add(SNAPSHOT_VALUES, 1);
            if (held >= streamSequence)
            {
                add(VALUES_SUPERSEDED, 1);
                return false;
            }
            add(SNAPSHOT_VALUES_APPLIED, 1);
        }
        else
        {
            add(HISTORY_VALUES, 1);
            if (current.value() != null && compareTime(value, current.value()) <= 0)
            {
                add(VALUES_SUPERSEDED, 1);
                return false;
            }
            sequence = Math.max(held, streamSequence);
        }
        slot.snapshot = new TagSnapshot(slot.tagId, current.info(), value.copy(), type, sequence, appliedMs);
        final TagInfo info = current.info();
        if (info != null && type == RecordType.TAG_VALUE_BATCH)
        {
            final SourceSlot source = sourceSlot(info.sourceId());
            source.set(LAST_UPDATE_MS, appliedMs);
            if (value.hasSourceTime())
            {
                final long lagMs = appliedMs - OpcUaTime.toUnixMs(value.sourceTimeTicks());
                source.set(LAG_MS, lagMs);
                source.lag.record(lagMs, appliedMs);
            }
            source.add(VALUES_APPLIED, 1);
        }
        return true;
    }

    /**
     * Applies a source state that arrived in band; writer thread only.
     *
     * @param state          a decoded SOURCE_STATE (copied).
     * @param streamSequence the sequence of its record.
     * @param appliedMs      the apply time, ms since 1970.
     * @return true if applied; false if the source's state came from a higher sequence.
     */
    public boolean applySourceState(final SourceState state, final long streamSequence, final long appliedMs)
    {
        final SourceSlot source = sourceSlot(state.sourceId());
        final StateHolder held = source.state;
        if (held != null && streamSequence < held.streamSequence())
        {
            add(SOURCE_STATES_OLDER, 1);
            return false;
        }
        setState(source, held, state, streamSequence, appliedMs);
        return true;
    }

    /**
     * Applies a source state of a snapshot at cut C; writer thread only.
     *
     * @param state     a decoded SOURCE_STATE (copied).
     * @param cut       the snapshot's cut (the record's stream sequence).
     * @param appliedMs the apply time, ms since 1970.
     * @return true if applied: the source had no state, or its state came from a sequence below the cut.
     */
    public boolean applySnapshotSourceState(final SourceState state, final long cut, final long appliedMs)
    {
        final SourceSlot source = sourceSlot(state.sourceId());
        final StateHolder held = source.state;
        if (held != null && held.streamSequence() >= cut)
        {
            add(SOURCE_STATES_OLDER, 1);
            return false;
        }
        setState(source, held, state, cut, appliedMs);
        return true;
    }

    /**
     * The current sender was heard: an authenticated datagram of {@code epoch} arrived; writer thread only. Stores
     * at most once per millisecond; allocation-free.
     *
     * @param epoch the datagram's sender epoch.
     * @param nowMs the receive agent's clock, ms since 1970.
     */
    public void onSenderHeard(final long epoch, final long nowMs)
    {
        if (epoch != senderEpoch)
        {
            senderEpoch = epoch;
        }
        if (nowMs != lastHeardMs)
        {
            lastHeardMs = nowMs;
        }
    }

    /** Notes the stream sequence of a record applied in band (any type); writer thread only. */
    public void onStreamRecord(final long streamSequence)
    {
        lastStreamSequence = streamSequence;
        accountedStreamSequence = streamSequence;
    }

    void publishSnapshots(final SnapshotStatus status)
    {
        snapshots = status;
    }

    void publishSenderReport(final SenderReport report)
    {
        senderReport = report;
    }

    void publishConflatedLive(final ConflatedLiveStatus status)
    {
        conflatedLive = status;
    }

    /**
     * Counts a gap handed on by the link; writer thread only.
     *
     * @param toSequence the gap's last stream sequence: when it lies beyond the last record applied, the stream is
     *                   accounted for up to it (a lost tail is not a backlog).
     */
    public void onGap(final long toSequence)
    {
        add(GAPS, 1);
        if (toSequence > accountedStreamSequence)
        {
            accountedStreamSequence = toSequence;
        }
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
            final StateHolder state = source.state;
            list.add(new SourceSnapshot(source.sourceId, state == null ? null : state.state(),
                state == null ? null : state.reason(), state == null ? 0 : state.timeTicks(),
                f.getAcquire(LAST_UPDATE_MS), f.getAcquire(LAG_MS), f.getAcquire(VALUES_APPLIED),
                (int)f.getAcquire(TAGS), state == null ? NEVER : state.streamSequence(),
                state == null || state.notCommunicatingSinceMs() == NO_CONDITION ? NEVER :
                    state.notCommunicatingSinceMs()));
        }
        list.sort(Comparator.comparingLong(s -> Integer.toUnsignedLong(s.sourceId())));
        return list;
    }

    /**
     * The lag distribution of a source's live values; any thread may read it.
     *
     * @param sourceId the source id (u32 bit pattern).
     * @return its histogram, or null while the table knows no such source.
     */
    public LagHistogram lagHistogram(final int sourceId)
    {
        final SourceSlot source = sources.get(sourceId);
        return source == null ? null : source.lag;
    }

    /**
     * The status a reader is served for a tag: the stored StatusCode degraded by staleness. The source condition
     * counts from when the tag's source stopped communicating, unless the tag's value is fresh (a live value from a
     * record after that source state); the link condition counts from {@code receiver.staleness.linkSilentMs} after
     * the current sender was last heard (never, before it was first heard). The earlier of the two counts. Any
     * thread; allocates the answer.
     *
     * @param tag   a tag as read from this table.
     * @param nowMs the reader's clock, ms since 1970.
     * @return the served status.
     */
    public ServedStatus servedStatus(final TagSnapshot tag, final long nowMs)
    {
        final TagInfo info = tag.info();
        final SourceSlot source = info == null ? null : sources.get(info.sourceId());
        final StateHolder state = source == null ? null : source.state;
        long startMs = NO_CONDITION;
        if (state != null && state.notCommunicatingSinceMs() != NO_CONDITION &&
            !(tag.origin() == RecordType.TAG_VALUE_BATCH && tag.streamSequence() > state.streamSequence()))
        {
            startMs = state.notCommunicatingSinceMs();
        }
        startMs = Math.min(startMs, linkSilentFromMs());
        final Staleness stage = staleness.stage(startMs, nowMs);
        final boolean holds = startMs != NO_CONDITION && startMs <= nowMs;
        return new ServedStatus(StalenessPolicy.servedStatusCode(tag.statusCode(), tag.value() != null, stage),
            stage, holds ? startMs : NEVER, state == null ? null : state.state());
    }

    /**
     * The staleness of a source as a whole (its state and the link), without the per-tag freshness exception of
     * {@link #servedStatus}; any thread.
     *
     * @param source a source as read from {@link #sources()}.
     * @param nowMs  the reader's clock, ms since 1970.
     * @return the stage.
     */
    public Staleness sourceStaleness(final SourceSnapshot source, final long nowMs)
    {
        final long sourceMs = source.notCommunicatingSinceMs() == NEVER ? NO_CONDITION :
            source.notCommunicatingSinceMs();
        return staleness.stage(Math.min(sourceMs, linkSilentFromMs()), nowMs);
    }

    /**
     * Counts the tags served degraded, per source and in total (tags without definition count in the total only);
     * any thread. Walks every tag: meant for status pages, not per-value paths.
     *
     * @param nowMs the reader's clock, ms since 1970.
     * @param bySource receives the counts per source id (sources without a degraded tag are left out).
     * @return the totals.
     */
    public StaleCounts staleCounts(final long nowMs, final Map<Integer, StaleCounts> bySource)
    {
        final Map<Integer, int[]> counts = new HashMap<>();
        final int[] total = new int[COUNT_KINDS];
        for (final TagSlot slot : tags.values())
        {
            final TagSnapshot tag = slot.snapshot;
            final int kind;
            if (tag.value() == null)
            {
                if (tag.info() == null)
                {
                    continue;
                }
                kind = COUNT_WAITING;
            }
            else
            {
                final Staleness stage = servedStatus(tag, nowMs).staleness();
                if (stage == Staleness.NONE)
                {
                    continue;
                }
                kind = stage == Staleness.UNCERTAIN ? COUNT_UNCERTAIN : COUNT_BAD;
            }
            total[kind]++;
            if (tag.info() != null)
            {
                counts.computeIfAbsent(tag.info().sourceId(), id -> new int[COUNT_KINDS])[kind]++;
            }
        }
        for (final Map.Entry<Integer, int[]> entry : counts.entrySet())
        {
            final int[] c = entry.getValue();
            bySource.put(entry.getKey(), new StaleCounts(c[COUNT_UNCERTAIN], c[COUNT_BAD], c[COUNT_WAITING]));
        }
        return new StaleCounts(total[COUNT_UNCERTAIN], total[COUNT_BAD], total[COUNT_WAITING]);
    }

    /** @return the epoch of the sender last heard, or 0 before any; any thread. */
    public long senderEpoch()
    {
        return senderEpoch;
    }

    /** @return when the current sender was last heard, ms since 1970, or -1 never; any thread. */
    public long lastHeardMs()
    {
        return lastHeardMs;
    }

    /**
     * @param nowMs the reader's clock, ms since 1970.
     * @return whether the link counts as silent at {@code nowMs} (heard before, not for linkSilentMs); any thread.
     */
    public boolean isLinkSilent(final long nowMs)
    {
        return nowMs >= linkSilentFromMs();
    }

    /** @return the stream sequence of the last record applied in band, or -1; any thread. */
    public long lastStreamSequence()
    {
        return lastStreamSequence;
    }

    /**
     * @return the highest stream sequence the receiver has accounted for: the last record applied, or the end of a
     *     gap named after it; -1 before either; any thread.
     */
    public long accountedStreamSequence()
    {
        return accountedStreamSequence;
    }

    /** @return the snapshot carousel as received; any thread. */
    public SnapshotStatus snapshots()
    {
        return snapshots;
    }

    /** @return the sender's conflated live passes as received (overload); any thread. */
    public ConflatedLiveStatus conflatedLive()
    {
        return conflatedLive;
    }

    /** @return the latest sender status, or null before any arrived; any thread. */
    public SenderReport senderReport()
    {
        return senderReport;
    }

    /** @return live values not applied because the table holds a value from a later sequence; any thread. */
    public long liveValuesOlder()
    {
        return figures.getAcquire(LIVE_VALUES_OLDER);
    }

    /** @return snapshot-part values applied (the tag's sequence was below the cut); any thread. */
    public long snapshotValuesApplied()
    {
        return figures.getAcquire(SNAPSHOT_VALUES_APPLIED);
    }

    /** @return source states not applied because the source's state came from a later sequence; any thread. */
    public long sourceStatesOlder()
    {
        return figures.getAcquire(SOURCE_STATES_OLDER);
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

    /**
     * @return snapshot values not applied because the tag's sequence is at or above the cut, and history values not
     *     applied because the current value is as new or newer; any thread.
     */
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

    private long linkSilentFromMs()
    {
        final long heard = lastHeardMs;
        return heard == NEVER ? NO_CONDITION : heard + staleness.linkSilentMs();
    }

    private void setState(final SourceSlot source, final StateHolder held, final SourceState state,
        final long streamSequence, final long appliedMs)
    {
        long sinceMs = NO_CONDITION;
        if (!isCommunicating(state.state()))
        {
            if (held != null && held.notCommunicatingSinceMs() != NO_CONDITION)
            {
                sinceMs = held.notCommunicatingSinceMs();
            }
            else
            {
                sinceMs = state.timeTicks() > 0 ? Math.min(appliedMs, OpcUaTime.toUnixMs(state.timeTicks())) :
                    appliedMs;
            }
        }
        source.state = new StateHolder(state.state(), state.reason(), state.timeTicks(), streamSequence, sinceMs);
        add(SOURCE_STATES, 1);
    }

    /** CONNECTED and DEGRADED deliver values; DISCONNECTED, CONNECTING and DISABLED do not. */
    private static boolean isCommunicating(final SourceState.State state)
    {
        return state == SourceState.State.CONNECTED || state == SourceState.State.DEGRADED;
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
