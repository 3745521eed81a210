package io.diodegw.wire.record;

import java.util.Arrays;

/**
 * RESEND_MARKER record body: one segment of a history carousel pass. The sender read every journal record with a
 * stream sequence in from..to (inclusive) again and re-sent, out of band and with their original stream sequences,
 * those the snapshot carousel does not supersede (history batches, file manifests and chunks); the superseded runs
 * name the sequences it did not re-send because a snapshot carries their latest state (live value batches, tag
 * definitions, source states). A sequence of from..to outside every run was re-sent in the same pass, before this
 * marker; the re-sent count says how many. The record header's stream sequence is the segment's to.
 *
 * <p>Fields are little-endian. Malformed: from greater than to (unsigned), a run of length 0, a run outside
 * from..to, runs not in ascending order or overlapping, a run count the body cannot hold. Bytes after the last run
 * are ignored.
 *
 * <pre>
 *   +--------+------+----------------------------------------------------+
 *   | offset | size | field                                              |
 *   +--------+------+----------------------------------------------------+
 *   |      0 |    8 | pass id (u64)                                      |
 *   |      8 |    8 | from stream sequence (u64)                         |
 *   |     16 |    8 | to stream sequence, inclusive (u64)                |
 *   |     24 |    4 | records of from..to re-sent in this pass (u32)     |
 *   |     28 |    4 | superseded run count n (u32)                       |
 *   |     32 | 12 n | runs: first sequence (u64), length (u32)           |
 *   +--------+------+----------------------------------------------------+
 * </pre>
 *
 * <p>A mutable holder whose run arrays grow as needed and are reused; not thread-safe.
 */
public final class ResendMarker
{
    /** Offset of the u64 pass id. */
    public static final int PASS_ID_OFFSET = 0;
    /** Offset of the u64 first stream sequence of the segment. */
    public static final int FROM_SEQUENCE_OFFSET = 8;
    /** Offset of the u64 last stream sequence of the segment. */
    public static final int TO_SEQUENCE_OFFSET = 16;
    /** Offset of the u32 re-sent record count. */
    public static final int RESENT_COUNT_OFFSET = 24;
    /** Offset of the u32 run count. */
    public static final int RUN_COUNT_OFFSET = 28;
    /** Offset of the first run. */
    public static final int RUNS_OFFSET = 32;
    /** Bytes per run: u64 first sequence and u32 length. */
    public static final int RUN_LENGTH = 12;
    /** Offset of a run's u64 first sequence within the run. */
    public static final int RUN_FIRST_OFFSET = 0;
    /** Offset of a run's u32 length within the run. */
    public static final int RUN_COUNT_FIELD_OFFSET = 8;

    private static final int INITIAL_RUNS = 8;

    private final WireCursor cursor = new WireCursor();
    private long passId;
    private long fromSequence;
    private long toSequence;
    private int resentCount;
    private int runCount;
    private long[] runFirst = new long[INITIAL_RUNS];
    private int[] runLength = new int[INITIAL_RUNS];

    /**
     * @return the body length of a marker with this many runs.
     */
    public static int bodyLength(final int runs)
    {
        return RUNS_OFFSET + RUN_LENGTH * runs;
    }

    public long passId()
    {
        return passId;
    }

    public ResendMarker passId(final long passId)
    {
        this.passId = passId;
        return this;
    }

    public long fromSequence()
    {
        return fromSequence;
    }

    public long toSequence()
    {
        return toSequence;
    }

    /**
     * @param fromSequence first sequence the segment covers.
     * @param toSequence   last sequence, inclusive; not below {@code fromSequence} (unsigned).
     * @throws IllegalArgumentException if {@code toSequence} is below {@code fromSequence}.
     */
    public ResendMarker range(final long fromSequence, final long toSequence)
    {
        if (Long.compareUnsigned(fromSequence, toSequence) > 0)
        {
            throw new IllegalArgumentException("segment from " + Long.toUnsignedString(fromSequence) + " > to " +
                Long.toUnsignedString(toSequence));
        }
        this.fromSequence = fromSequence;
        this.toSequence = toSequence;
        return this;
    }

    /**
     * @return records of from..to re-sent in this pass (u32).
     */
    public int resentCount()
    {
        return resentCount;
    }

    public ResendMarker resentCount(final int resentCount)
    {
        this.resentCount = resentCount;
        return this;
    }

    /** Removes every run. */
    public ResendMarker clearRuns()
    {
        runCount = 0;
        return this;
    }

    /**
     * Adds a superseded run after the last one; allocates only when the run arrays grow. The range is checked by
     * {@link #writeTo} and by readers, not here.
     *
     * @param first  first sequence of the run.
     * @param length sequences in the run (u32), at least 1.
     */
    public ResendMarker addRun(final long first, final int length)
    {
        if (runCount == runFirst.length)
        {
            runFirst = Arrays.copyOf(runFirst, runCount * 2);
            runLength = Arrays.copyOf(runLength, runCount * 2);
        }
        runFirst[runCount] = first;
        runLength[runCount] = length;
        runCount++;
        return this;
    }

    /**
     * Adds one sequence to the end of the last run (after {@link #addRun}); allocation-free.
     *
     * @throws IllegalStateException if there is no run.
     */
    public ResendMarker growLastRun()
    {
        if (runCount == 0)
        {
            throw new IllegalStateException("no run to grow");
        }
        runLength[runCount - 1]++;
        return this;
    }

    public int runCount()
    {
        return runCount;
    }

    /**
     * @return first sequence of run {@code i}, 0 &lt;= i &lt; {@link #runCount()}.
     */
    public long runFirst(final int i)
    {
        return runFirst[i];
    }

    /**
     * @return length of run {@code i} (u32).
     */
    public int runLength(final int i)
    {
        return runLength[i];
    }

    /**
     * @return the superseded sequences of all runs.
     */
    public long supersededCount()
    {
        long total = 0;
        for (int i = 0; i < runCount; i++)
        {
            total += Integer.toUnsignedLong(runLength[i]);
        }
        return total;
    }

    public int bodyLength()
    {
        return bodyLength(runCount);
    }

    /**
     * Appends this record to the block.
     *
     * @return false if it does not fit; the block is then unchanged.
     * @throws IllegalArgumentException if the runs are not valid for the range (see the class comment).
     */
    public boolean writeTo(final BlockWriter block, final long streamSequence)
    {
        if (!runsValid())
        {
            throw new IllegalArgumentException("runs of " + this + " are empty, unordered or outside the range");
        }
        final int length = bodyLength();
        final int start = block.openRecord(RecordType.RESEND_MARKER, streamSequence, length);
        if (start < 0)
        {
            return false;
        }
        final byte[] b = block.buffer();
        final int body = start + RecordHeader.LENGTH;
        WireBytes.putI64(b, body + PASS_ID_OFFSET, passId);
        WireBytes.putI64(b, body + FROM_SEQUENCE_OFFSET, fromSequence);
        WireBytes.putI64(b, body + TO_SEQUENCE_OFFSET, toSequence);
        WireBytes.putI32(b, body + RESENT_COUNT_OFFSET, resentCount);
        WireBytes.putI32(b, body + RUN_COUNT_OFFSET, runCount);
        int p = body + RUNS_OFFSET;
        for (int i = 0; i < runCount; i++)
        {
            WireBytes.putI64(b, p + RUN_FIRST_OFFSET, runFirst[i]);
            WireBytes.putI32(b, p + RUN_COUNT_FIELD_OFFSET, runLength[i]);
            p += RUN_LENGTH;
        }
        block.commitRecord(start, length);
        return true;
    }

    /**
     * Decodes a body; never throws.
     *
     * @return false if the bytes are malformed (the holder's contents are then unspecified).
     */
    public boolean readFrom(final byte[] buffer, final int offset, final int length)
    {
        return decode(cursor.wrap(buffer, offset, length));
    }

    boolean decode(final WireCursor c)
    {
        passId = c.i64();
        fromSequence = c.i64();
        toSequence = c.i64();
        resentCount = c.i32();
        final long n = c.i32() & 0xFFFF_FFFFL;
        runCount = 0;
        if (c.failed() || Long.compareUnsigned(fromSequence, toSequence) > 0 || !c.require(RUN_LENGTH * n))
        {
            return c.fail();
        }
        for (long i = 0; i < n; i++)
        {
            addRun(c.i64(), c.i32());
        }
        if (c.failed() || !runsValid())
        {
            return c.fail();
        }
        return true;
    }

    private boolean runsValid()
    {
        long next = fromSequence;
        boolean exhausted = false;
        for (int i = 0; i < runCount; i++)
        {
            final long start = runFirst[i];
            final long length = Integer.toUnsignedLong(runLength[i]);
            if (exhausted || length == 0 || Long.compareUnsigned(start, next) < 0 ||
                Long.compareUnsigned(start, toSequence) > 0 || Long.compareUnsigned(length - 1, toSequence - start) > 0)
            {
                return false;
            }
            final long end = start + length - 1;
            exhausted = end == toSequence;
            next = end + 1;
        }
        return true;
    }

    @Override
    public boolean equals(final Object o)
    {
        if (!(o instanceof ResendMarker))
        {
            return false;
        }
        final ResendMarker that = (ResendMarker)o;
        if (passId != that.passId || fromSequence != that.fromSequence || toSequence != that.toSequence ||
            resentCount != that.resentCount || runCount != that.runCount)
        {
            return false;
        }
        for (int i = 0; i < runCount; i++)
        {
            if (runFirst[i] != that.runFirst[i] || runLength[i] != that.runLength[i])
            {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode()
    {
        int hash = Long.hashCode(passId) * 31 + Long.hashCode(fromSequence);
        hash = hash * 31 + Long.hashCode(toSequence);
        hash = hash * 31 + resentCount;
        for (int i = 0; i < runCount; i++)
        {
            hash = hash * 31 + Long.hashCode(runFirst[i]);
            hash = hash * 31 + runLength[i];
        }
        return hash;
    }

    @Override
    public String toString()
    {
        final StringBuilder text = new StringBuilder("ResendMarker{passId=").append(Long.toUnsignedString(passId))
            .append(", from=").append(Long.toUnsignedString(fromSequence))
            .append(", to=").append(Long.toUnsignedString(toSequence))
            .append(", resent=").append(Integer.toUnsignedString(resentCount)).append(", superseded=[");
        for (int i = 0; i < runCount; i++)
        {
            text.append(i == 0 ? "" : ", ").append(Long.toUnsignedString(runFirst[i])).append('+')
                .append(Integer.toUnsignedString(runLength[i]));
        }
        return text.append("]}").toString();
    }
}
