package io.diodegw.receiver.gap;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

import com.fasterxml.jackson.core.JsonGenerator;

import io.diodegw.receiver.journal.AppliedRecords;
import io.diodegw.receiver.journal.GapReport;
import io.diodegw.receiver.link.OutOfBandRecords;
import io.diodegw.wire.record.RecordType;
import io.diodegw.wire.record.ResendMarker;

/**
 * The life of every gap, between the receive agent and what it feeds: records the sources seen in the stream, gives
 * each gap the sources it may affect, keeps it open until a history carousel re-send fills it, and closes it.
 *
 * <ul>
 *   <li>In band: records and gaps pass on to {@code next} in order. A gap ({@link GapReport}, time span from the
 *   sequencer) gets as affected sources every source seen so far in a tag definition, source state or history batch;
 *   only the parts of its range not already in an open gap are tracked (and journaled). An in-band record whose
 *   sequence lies in an open gap (a restarted sender re-sending from its saved position) refills that sequence.</li>
 *   <li>Out of band, re-sent records (HISTORY_BATCH, FILE_MANIFEST, FILE_CHUNK, AUDIT_EVENT, GAP_NOTICE; the sender's
 *   history carousel sends them with their original stream sequences): a record whose sequence lies in an open gap
 *   and was not refilled yet is handed to {@code refills} (the IT journal, and through it the sinks) once and the
 *   sequence counts as refilled; any other is a duplicate, dropped and counted. Refilled values do not go to the tag
 *   table: history applies there only when newer than the current value, which a re-sent one is not.</li>
 *   <li>A RESEND_MARKER's superseded runs mark those sequences of open gaps as superseded: live values, tag
 *   definitions and source states whose latest state the snapshot carousel carries.</li>
 *   <li>A gap whose every sequence is refilled or superseded is closed: a CLOSED report with both counts goes to
 *   {@code next} (journal, sinks). One with superseded sequences closes only once a complete snapshot with a cut at
 *   or after its last sequence arrived (checked again at every SNAPSHOT_END), so "superseded" means the IT side
 *   holds the state that replaces the lost live values, not merely that the sender will send it. Beyond {@code maxOpen} open gaps the one with the lowest sequences is abandoned
 *   (an ABANDONED report); its remaining sequences stay lost.</li>
 *   <li>Other out-of-band records and "sender heard" pass on to {@code nextOutOfBand} unchanged.</li>
 * </ul>
 *
 * <p>Sequences are compared across sender epochs: the OT journal numbers records across sender restarts, so a re-send
 * of a later epoch fills a gap of an earlier one.
 *
 * <p>Threads: every {@link AppliedRecords} and {@link OutOfBandRecords} call on the receive agent's thread. The gap
 * structures are guarded by this object's lock, taken only when a gap opens or a record or marker touches an open
 * gap, so the in-band path does not lock while no gap is open; {@link #status()} and {@link #statusSection} may be
 * called from any thread.
 */
public final class GapLedger implements AppliedRecords, OutOfBandRecords
{
    /** Most open gaps {@link #status()} lists (all are counted). */
    public static final int MAX_LISTED_OPEN = 100;
    private static final int[] NO_SOURCES = new int[0];

    private final AppliedRecords next;
    private final OutOfBandRecords nextOutOfBand;
    private final AppliedRecords refills;
    private final int maxOpen;
    private final int recentLimit;
    private final LongSupplier clockMs;
    private final ResendMarker marker = new ResendMarker();
    private final TreeMap<Long, OpenGap> open = new TreeMap<>();
    private final ArrayDeque<GapView> recent = new ArrayDeque<>();
    private final List<OpenGap> changed = new ArrayList<>();
    private final List<OpenGap> awaitingSnapshot = new ArrayList<>();
    private final LongSupplier snapshotCut;

    private int[] sources = NO_SOURCES;
    private volatile long openLow = Long.MAX_VALUE;
    private volatile long openHigh = Long.MIN_VALUE;

    private long gapsOpened;
    private long gapsClosed;
    private long gapsAbandoned;
    private long gapsRestored;
    private long sequencesRefilled;
    private long sequencesSuperseded;
    private long sequencesAbandoned;
    private long duplicatesDropped;
    private long markersApplied;
    private long markersMalformed;

    /**
     * @param next          receives in-band records, gaps and gap reports in order (the tag table feed).
     * @param nextOutOfBand receives out-of-band records other than re-sends and markers.
     * @param refills       receives re-sent records that fill a gap (the IT journal), or null when there is no
     *                      journal (the records are then only counted).
     * @param maxOpen       most gaps kept open, at least 1.
     * @param recentClosed  closed or abandoned gaps {@link #status()} lists, at least 0.
     * @param clockMs       wall clock, ms since 1970, for the time a gap was detected or closed.
     * @param snapshotCut   the cut of the last complete snapshot, -1 for none; read on the agent's thread after
     *                      each SNAPSHOT_END was passed on.
     */
    public GapLedger(final AppliedRecords next, final OutOfBandRecords nextOutOfBand, final AppliedRecords refills,
        final int maxOpen, final int recentClosed, final LongSupplier clockMs, final LongSupplier snapshotCut)
    {
        if (maxOpen < 1 || recentClosed < 0)
        {
            throw new IllegalArgumentException("maxOpen=" + maxOpen + " must be at least 1, recentClosed=" +
                recentClosed + " at least 0");
        }
        this.next = next;
        this.nextOutOfBand = nextOutOfBand;
        this.refills = refills;
        this.maxOpen = maxOpen;
        this.recentLimit = recentClosed;
        this.clockMs = clockMs;
        this.snapshotCut = snapshotCut;
    }

    @Override
    public void record(final RecordType type, final long streamSequence, final long senderEpoch, final byte[] buffer,
        final int bodyOffset, final int bodyLength)
    {
        final long sourceId = RecordFacts.sourceId(type, buffer, bodyOffset, bodyLength);
        if (sourceId != RecordFacts.NO_SOURCE)
        {
            learnSource((int)sourceId);
        }
        boolean filled = false;
        if (streamSequence >= openLow && streamSequence <= openHigh)
        {
            synchronized (this)
            {
                filled = refill(streamSequence);
            }
        }
        next.record(type, streamSequence, senderEpoch, buffer, bodyOffset, bodyLength);
        if (filled)
        {
            closeFinished();
        }
    }

    @Override
    public void gap(final long senderEpoch, final long fromSequence, final long toSequence)
    {
        gap(GapReport.open(senderEpoch, fromSequence, toSequence, 0, 0));
    }

    @Override
    public void gap(final GapReport report)
    {
        if (report.state() != GapReport.State.OPEN)
        {
            next.gap(report);
            return;
        }
        final List<GapReport> pieces = new ArrayList<>();
        synchronized (this)
        {
            long from = report.fromSequence();
            final Map.Entry<Long, OpenGap> before = open.floorEntry(from);
            if (before != null && before.getValue().to >= from)
            {
                from = before.getValue().to + 1;
            }
            for (final OpenGap g : open.subMap(from, true, report.toSequence(), true).values())
            {
                if (g.from > from)
                {
                    pieces.add(piece(report, from, g.from - 1));
                }
                from = g.to + 1;
            }
            if (from <= report.toSequence())
            {
                pieces.add(piece(report, from, report.toSequence()));
            }
            for (final GapReport piece : pieces)
            {
                open.put(piece.fromSequence(), new OpenGap(piece, clockMs.getAsLong()));
                gapsOpened++;
            }
        }
        for (final GapReport piece : pieces)
        {
            next.gap(piece);
        }
        List<GapReport> abandoned = null;
        synchronized (this)
        {
            while (open.size() > maxOpen)
            {
                final OpenGap g = open.pollFirstEntry().getValue();
                gapsAbandoned++;
                sequencesAbandoned += g.size() - g.refilled - g.superseded;
                final GapReport done = g.report.as(GapReport.State.ABANDONED, g.refilled, g.superseded);
                remember(done, clockMs.getAsLong());
                if (abandoned == null)
                {
                    abandoned = new ArrayList<>();
                }
                abandoned.add(done);
            }
            updateBounds();
        }
        if (abandoned != null)
        {
            for (final GapReport done : abandoned)
            {
                next.gap(done);
            }
        }
    }

    /**
     * Takes up a gap the IT journal still holds as open from before a restart (see {@code ItJournal.openGaps()}),
     * without journaling it again, so a re-send after the restart still closes it. Call before the receive agent
     * starts. A gap overlapping one already open is ignored; one whose every sequence the journal holds is closed.
     *
     * @param report        the gap's OPEN report.
     * @param detectedAtMs  when it was journaled.
     * @param heldSequences its sequences the journal holds already (refilled before the restart).
     */
    public void restore(final GapReport report, final long detectedAtMs, final long[] heldSequences)
    {
        synchronized (this)
        {
            final Map.Entry<Long, OpenGap> before = open.floorEntry(report.toSequence());
            if (report.state() != GapReport.State.OPEN || before != null && before.getValue().to >= report.fromSequence())
            {
                return;
            }
            final OpenGap g = new OpenGap(report.as(GapReport.State.OPEN, 0, 0), detectedAtMs);
            for (final long sequence : heldSequences)
            {
                if (sequence >= g.from && sequence <= g.to)
                {
                    g.refilled += g.resolve(sequence, sequence);
                }
            }
            open.put(g.from, g);
            gapsRestored++;
            markChanged(g);
            updateBounds();
        }
        closeFinished();
    }

    @Override
    public void senderHeard(final long senderEpoch, final long nowMs)
    {
        nextOutOfBand.senderHeard(senderEpoch, nowMs);
    }

    @Override
    public void outOfBand(final RecordType type, final long streamSequence, final long senderEpoch,
        final byte[] buffer, final int bodyOffset, final int bodyLength, final long nowMs)
    {
        if (type == RecordType.RESEND_MARKER)
        {
            applyMarker(buffer, bodyOffset, bodyLength);
            return;
        }
        if (!isResent(type))
        {
            nextOutOfBand.outOfBand(type, streamSequence, senderEpoch, buffer, bodyOffset, bodyLength, nowMs);
            if (type == RecordType.SNAPSHOT_END && !awaitingSnapshot.isEmpty())
            {
                synchronized (this)
                {
                    for (final OpenGap g : awaitingSnapshot)
                    {
                        markChanged(g);
                    }
                    awaitingSnapshot.clear();
                }
                closeFinished();
            }
            return;
        }
        final boolean fills;
        synchronized (this)
        {
            fills = streamSequence >= openLow && streamSequence <= openHigh && refill(streamSequence);
            if (!fills)
            {
                duplicatesDropped++;
            }
        }
        if (fills)
        {
            if (refills != null)
            {
                refills.record(type, streamSequence, senderEpoch, buffer, bodyOffset, bodyLength);
            }
            closeFinished();
        }
    }

    /**
     * @return whether the history carousel re-sends records of this type out of band (see the class comment).
     */
    public static boolean isResent(final RecordType type)
    {
        return type == RecordType.HISTORY_BATCH || type == RecordType.FILE_MANIFEST || type == RecordType.FILE_CHUNK ||
            type == RecordType.AUDIT_EVENT || type == RecordType.GAP_NOTICE;
    }

    private void applyMarker(final byte[] buffer, final int bodyOffset, final int bodyLength)
    {
        if (!marker.readFrom(buffer, bodyOffset, bodyLength))
        {
            synchronized (this)
            {
                markersMalformed++;
            }
            return;
        }
        synchronized (this)
        {
            markersApplied++;
            for (int i = 0; i < marker.runCount(); i++)
            {
                final long first = marker.runFirst(i);
                final long last = first + Integer.toUnsignedLong(marker.runLength(i)) - 1;
                if (first < 0 || last < first || last < openLow || first > openHigh)
                {
                    continue;
                }
                supersede(first, last);
            }
        }
        closeFinished();
    }

    /** Marks one sequence refilled if it is in an open gap and not yet resolved; under the lock. */
    private boolean refill(final long sequence)
    {
        final Map.Entry<Long, OpenGap> entry = open.floorEntry(sequence);
        if (entry == null || entry.getValue().to < sequence)
        {
            return false;
        }
        final OpenGap g = entry.getValue();
        if (g.resolve(sequence, sequence) == 0)
        {
            return false;
        }
        g.refilled++;
        sequencesRefilled++;
        markChanged(g);
        return true;
    }

    /** Marks first..last superseded in every open gap they overlap; under the lock. */
    private void supersede(final long first, final long last)
    {
        final Map.Entry<Long, OpenGap> floor = open.floorEntry(first);
        final long fromKey = floor != null && floor.getValue().to >= first ? floor.getKey() : first;
        for (final OpenGap g : open.subMap(fromKey, true, last, true).values())
        {
            final long added = g.resolve(Math.max(first, g.from), Math.min(last, g.to));
            g.superseded += added;
            sequencesSuperseded += added;
            if (added > 0)
            {
                markChanged(g);
            }
        }
    }

    private void markChanged(final OpenGap g)
    {
        if (!g.changed)
        {
            g.changed = true;
            changed.add(g);
        }
    }

    /** Closes, outside the lock's callers' loops, every gap that is now fully resolved. */
    private void closeFinished()
    {
        List<GapReport> closed = null;
        synchronized (this)
        {
            final long cut = snapshotCut.getAsLong();
            for (final OpenGap g : changed)
            {
                g.changed = false;
                if (g.refilled + g.superseded != g.size() || open.get(g.from) != g)
                {
                    continue;
                }
                if (g.superseded > 0 && cut < g.to)
                {
                    awaitingSnapshot.add(g);
                }
                else
                {
                    open.remove(g.from);
                    gapsClosed++;
                    final GapReport done = g.report.as(GapReport.State.CLOSED, g.refilled, g.superseded);
                    remember(done, clockMs.getAsLong());
                    if (closed == null)
                    {
                        closed = new ArrayList<>();
                    }
                    closed.add(done);
                }
            }
            changed.clear();
            updateBounds();
        }
        if (closed != null)
        {
            for (final GapReport done : closed)
            {
                next.gap(done);
            }
        }
    }

    private GapReport piece(final GapReport report, final long from, final long to)
    {
        return new GapReport(report.senderEpoch(), from, to, GapReport.State.OPEN, report.firstTimeTicks(),
            report.lastTimeTicks(), sources.clone(), 0, 0);
    }

    private void remember(final GapReport done, final long nowMs)
    {
        if (recentLimit == 0)
        {
            return;
        }
        if (recent.size() == recentLimit)
        {
            recent.pollFirst();
        }
        recent.addLast(new GapView(done, nowMs));
    }

    private void updateBounds()
    {
        if (open.isEmpty())
        {
            openLow = Long.MAX_VALUE;
            openHigh = Long.MIN_VALUE;
            return;
        }
        openLow = open.firstKey();
        openHigh = open.lastEntry().getValue().to;
    }

    private void learnSource(final int sourceId)
    {
        final int at = Arrays.binarySearch(sources, sourceId);
        if (at >= 0)
        {
            return;
        }
        final int insert = -at - 1;
        final int[] grown = new int[sources.length + 1];
        System.arraycopy(sources, 0, grown, 0, insert);
        grown[insert] = sourceId;
        System.arraycopy(sources, insert, grown, insert + 1, sources.length - insert);
        sources = grown;
    }

    /**
     * A gap as {@code /api/status} shows it.
     *
     * @param report     the gap (for an open one: OPEN with the counts so far).
     * @param changedAtMs when it was detected (open) or closed or abandoned, ms since 1970.
     */
    public record GapView(GapReport report, long changedAtMs)
    {
    }

    /**
     * One consistent view of the ledger.
     *
     * @param open                open gaps, lowest sequences first, at most {@link #MAX_LISTED_OPEN}.
     * @param recent              the latest closed or abandoned gaps, newest last.
     * @param openGaps            gaps open now.
     * @param openSequences       sequences of open gaps neither refilled nor superseded yet.
     * @param gapsOpened          gaps tracked since start.
     * @param gapsClosed          gaps closed.
     * @param gapsAbandoned       gaps abandoned.
     * @param sequencesRefilled   sequences refilled by re-sent records.
     * @param sequencesSuperseded sequences superseded by resend markers.
     * @param sequencesAbandoned  sequences lost for good in abandoned gaps.
     * @param duplicatesDropped   re-sent records dropped because their sequence was in no open gap or already
     *                            refilled.
     * @param markersApplied      resend markers applied.
     * @param markersMalformed    resend markers that did not decode.
     */
    public record Status(List<GapView> open, List<GapView> recent, long openGaps, long openSequences, long gapsOpened,
        long gapsClosed, long gapsAbandoned, long sequencesRefilled, long sequencesSuperseded, long sequencesAbandoned,
        long duplicatesDropped, long markersApplied, long markersMalformed, long gapsRestored)
    {
    }

    /** @return the current figures and gap lists; any thread. */
    public synchronized Status status()
    {
        final List<GapView> listed = new ArrayList<>();
        long openSequences = 0;
        for (final OpenGap g : open.values())
        {
            openSequences += g.size() - g.refilled - g.superseded;
            if (listed.size() < MAX_LISTED_OPEN)
            {
                listed.add(new GapView(g.report.as(GapReport.State.OPEN, g.refilled, g.superseded), g.detectedAtMs));
            }
        }
        return new Status(List.copyOf(listed), List.copyOf(recent), open.size(), openSequences, gapsOpened, gapsClosed,
            gapsAbandoned, sequencesRefilled, sequencesSuperseded, sequencesAbandoned, duplicatesDropped,
            markersApplied, markersMalformed, gapsRestored);
    }

    /**
     * Writes the {@code gaps} field of {@code /api/status}: the counts, every open gap (up to
     * {@link #MAX_LISTED_OPEN}) and the recent closed or abandoned ones, each with its range, state, time span (ISO-8601,
     * absent when unknown), sources, refilled and superseded counts and when it changed.
     *
     * @param json a generator inside an object.
     * @throws IOException if the generator fails.
     */
    public void writeStatus(final JsonGenerator json) throws IOException
    {
        final Status status = status();
        json.writeObjectFieldStart("gaps");
        json.writeNumberField("open", status.openGaps());
        json.writeNumberField("openSequences", status.openSequences());
        json.writeNumberField("opened", status.gapsOpened());
        json.writeNumberField("closed", status.gapsClosed());
        json.writeNumberField("abandoned", status.gapsAbandoned());
        json.writeNumberField("restored", status.gapsRestored());
        json.writeNumberField("refilledSequences", status.sequencesRefilled());
        json.writeNumberField("supersededSequences", status.sequencesSuperseded());
        json.writeNumberField("abandonedSequences", status.sequencesAbandoned());
        json.writeNumberField("duplicatesDropped", status.duplicatesDropped());
        json.writeNumberField("resendMarkers", status.markersApplied());
        json.writeNumberField("resendMarkersMalformed", status.markersMalformed());
        writeViews(json, "openGaps", status.open());
        writeViews(json, "recentGaps", status.recent());
        json.writeEndObject();
    }

    private static void writeViews(final JsonGenerator json, final String name, final List<GapView> views)
        throws IOException
    {
        json.writeArrayFieldStart(name);
        for (final GapView view : views)
        {
            final GapReport r = view.report();
            json.writeStartObject();
            json.writeStringField("state", r.state().name().toLowerCase(java.util.Locale.ROOT));
            json.writeNumberField("fromSequence", r.fromSequence());
            json.writeNumberField("toSequence", r.toSequence());
            json.writeNumberField("sequences", r.sequences());
            json.writeNumberField("senderEpoch", r.senderEpoch());
            if (r.firstTimeTicks() != 0)
            {
                json.writeStringField("firstTime", io.diodegw.receiver.journal.RecordJsonDecoder.formatTicks(
                    r.firstTimeTicks()));
            }
            if (r.lastTimeTicks() != 0)
            {
                json.writeStringField("lastTime", io.diodegw.receiver.journal.RecordJsonDecoder.formatTicks(
                    r.lastTimeTicks()));
            }
            json.writeArrayFieldStart("sources");
            for (final int sourceId : r.sourceIds())
            {
                json.writeNumber(Integer.toUnsignedLong(sourceId));
            }
            json.writeEndArray();
            json.writeNumberField("refilledSequences", r.refilledSequences());
            json.writeNumberField("supersededSequences", r.supersededSequences());
            if (r.state() == GapReport.State.OPEN)
            {
                json.writeBooleanField("awaitingSnapshot", r.refilledSequences() + r.supersededSequences() ==
                    r.sequences());
            }
            json.writeStringField(r.state() == GapReport.State.OPEN ? "detectedAt" : "changedAt",
                java.time.Instant.ofEpochMilli(view.changedAtMs()).toString());
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    /** An open gap and which of its sequences were resolved (refilled or superseded), as merged ranges. */
    private static final class OpenGap
    {
        final GapReport report;
        final long from;
        final long to;
        final long detectedAtMs;
        final TreeMap<Long, Long> resolved = new TreeMap<>();
        long refilled;
        long superseded;
        boolean changed;

        OpenGap(final GapReport report, final long detectedAtMs)
        {
            this.report = report;
            this.from = report.fromSequence();
            this.to = report.toSequence();
            this.detectedAtMs = detectedAtMs;
        }

        long size()
        {
            return to - from + 1;
        }

        /**
         * Adds first..last (inside the gap) to the resolved ranges.
         *
         * @return sequences of first..last that were not resolved before.
         */
        long resolve(final long first, final long last)
        {
            if (first > last)
            {
                return 0;
            }
            long start = first;
            long end = last;
            long covered = 0;
            final Map.Entry<Long, Long> floor = resolved.floorEntry(first);
            final long fromKey = floor != null && floor.getValue() >= first - 1 ? floor.getKey() : first;
            final Iterator<Map.Entry<Long, Long>> it = resolved.subMap(fromKey, true, last + 1, true).entrySet()
                .iterator();
            while (it.hasNext())
            {
                final Map.Entry<Long, Long> range = it.next();
                final long rangeStart = range.getKey();
                final long rangeEnd = range.getValue();
                covered += Math.max(0, Math.min(rangeEnd, last) - Math.max(rangeStart, first) + 1);
                start = Math.min(start, rangeStart);
                end = Math.max(end, rangeEnd);
                it.remove();
            }
            resolved.put(start, end);
            return last - first + 1 - covered;
        }
    }
}
