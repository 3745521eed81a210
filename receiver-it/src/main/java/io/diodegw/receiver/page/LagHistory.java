package io.diodegw.receiver.page;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.diodegw.receiver.table.LagHistogram;
import io.diodegw.receiver.table.SourceSnapshot;
import io.diodegw.receiver.table.TagTable;

/**
 * The last hour of each source's replication lag for the status page: every {@link #INTERVAL_MS} a {@link Point}
 * per source, read from {@link TagTable#lagHistogram} (the last minute's p50, p99 and max) and the source's last
 * update, kept in a fixed ring of {@link #CAPACITY} points per source.
 *
 * <p>Memory is bounded: a source's ring ({@value #CAPACITY} points of {@value #FIELDS} longs) is allocated once, when
 * the source is first sampled, and never grows; at most {@value #MAX_SOURCES} sources are kept, and a sample of a
 * source beyond that is dropped and counted ({@link #samplesDropped()}).
 *
 * <p>Thread-safe: {@link #sample} (the sampler's thread) and {@link #read} (HTTP threads) lock this object; both run a
 * few times a minute, never on the receive path.
 */
public final class LagHistory
{
    /** Time between two points of a source, ms. */
    public static final long INTERVAL_MS = 10_000;
    /** Points kept per source: one hour at {@link #INTERVAL_MS}. */
    public static final int CAPACITY = 360;
    /** The span the points cover, ms. */
    public static final long SPAN_MS = INTERVAL_MS * CAPACITY;
    /** Sources kept at most. */
    public static final int MAX_SOURCES = 256;

    private static final int TIME_MS = 0;
    private static final int P50_MS = 1;
    private static final int P99_MS = 2;
    private static final int MAX_MS = 3;
    private static final int COUNT = 4;
    private static final int SINCE_LAST_UPDATE_MS = 5;
    private static final int FIELDS = 6;

    private final int capacity;
    private final Map<Integer, Ring> rings = new HashMap<>();
    private long samplesDropped;

    /** A history of {@link #CAPACITY} points per source. */
    public LagHistory()
    {
        this(CAPACITY);
    }

    /**
     * @param capacity points kept per source, at least 1.
     * @throws IllegalArgumentException if capacity is below 1.
     */
    LagHistory(final int capacity)
    {
        if (capacity < 1)
        {
            throw new IllegalArgumentException("capacity=" + capacity + " < 1");
        }
        this.capacity = capacity;
    }

    /**
     * One point of a source.
     *
     * @param timeMs            when it was sampled, ms since 1970.
     * @param p50Ms             median lag over the minute before, ms, or -1 when no value was applied in it.
     * @param p99Ms             99th percentile lag over that minute, ms, or -1.
     * @param maxMs             largest lag over that minute, ms, or -1.
     * @param count             live values applied in that minute.
     * @param sinceLastUpdateMs time since the source's last live value was applied, ms, or -1 when none ever was.
     */
    public record Point(long timeMs, long p50Ms, long p99Ms, long maxMs, long count, long sinceLastUpdateMs)
    {
    }

    /**
     * A source's points, oldest first.
     *
     * @param sourceId the source id (u32 bit pattern).
     * @param points   its points.
     */
    public record Series(int sourceId, List<Point> points)
    {
    }

    /**
     * Records one point for every source the table knows, sampled at {@code nowMs}.
     *
     * @param table the tag table (read only).
     * @param nowMs the sample time, ms since 1970.
     */
    public synchronized void sample(final TagTable table, final long nowMs)
    {
        for (final SourceSnapshot source : table.sources())
        {
            Ring ring = rings.get(source.sourceId());
            if (ring == null)
            {
                if (rings.size() >= MAX_SOURCES)
                {
                    samplesDropped++;
                    continue;
                }
                ring = new Ring(capacity);
                rings.put(source.sourceId(), ring);
            }
            final LagHistogram lag = table.lagHistogram(source.sourceId());
            final LagHistogram.Recent recent = lag == null ? null : lag.recent(nowMs);
            ring.add(nowMs,
                recent == null ? -1 : recent.p50Ms(),
                recent == null ? -1 : recent.p99Ms(),
                recent == null ? -1 : recent.maxMs(),
                recent == null ? 0 : recent.count(),
                source.lastUpdateMs() == 0 ? -1 : Math.max(0, nowMs - source.lastUpdateMs()));
        }
    }

    /**
     * The points of the last {@code windowMs}: those sampled after {@code nowMs - windowMs}, per source by source
     * id (unsigned), oldest first. Allocates the answer.
     *
     * @param nowMs    the reader's clock, ms since 1970.
     * @param windowMs how far back, ms (positive).
     * @return every kept source, with its points in the window (possibly none).
     */
    public synchronized List<Series> read(final long nowMs, final long windowMs)
    {
        final long fromMs = nowMs - windowMs;
        final List<Integer> ids = new ArrayList<>(rings.keySet());
        ids.sort(Integer::compareUnsigned);
        final List<Series> series = new ArrayList<>(ids.size());
        for (final int id : ids)
        {
            series.add(new Series(id, rings.get(id).pointsAfter(fromMs)));
        }
        return series;
    }

    /** @return samples of sources beyond {@link #MAX_SOURCES}, not kept. */
    public synchronized long samplesDropped()
    {
        return samplesDropped;
    }

    /** A fixed ring of points; guarded by the history's lock. */
    private static final class Ring
    {
        private final long[] fields;
        private final int capacity;
        private int next;
        private int size;

        Ring(final int capacity)
        {
            this.capacity = capacity;
            this.fields = new long[capacity * FIELDS];
        }

        void add(final long timeMs, final long p50Ms, final long p99Ms, final long maxMs, final long count,
            final long sinceLastUpdateMs)
        {
            final int base = next * FIELDS;
            fields[base + TIME_MS] = timeMs;
            fields[base + P50_MS] = p50Ms;
            fields[base + P99_MS] = p99Ms;
            fields[base + MAX_MS] = maxMs;
            fields[base + COUNT] = count;
            fields[base + SINCE_LAST_UPDATE_MS] = sinceLastUpdateMs;
            next = (next + 1) % capacity;
            size = Math.min(size + 1, capacity);
        }

        List<Point> pointsAfter(final long fromMs)
        {
            final List<Point> points = new ArrayList<>(size);
            final int oldest = (next - size + capacity) % capacity;
            for (int i = 0; i < size; i++)
            {
                final int base = ((oldest + i) % capacity) * FIELDS;
                if (fields[base + TIME_MS] > fromMs)
                {
                    points.add(new Point(fields[base + TIME_MS], fields[base + P50_MS], fields[base + P99_MS],
                        fields[base + MAX_MS], fields[base + COUNT], fields[base + SINCE_LAST_UPDATE_MS]));
                }
            }
            return points;
        }
    }
}
