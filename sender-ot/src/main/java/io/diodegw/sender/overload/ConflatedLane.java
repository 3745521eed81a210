package io.diodegw.sender.overload;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import io.diodegw.config.Config;
import io.diodegw.config.SenderSettings;
import io.diodegw.sender.journal.JournalFollower;
import io.diodegw.sender.snapshot.ShareBudget;
import io.diodegw.wire.record.BlockWriter;
import io.diodegw.wire.record.RecordHeader;
import io.diodegw.wire.record.RecordType;
import io.diodegw.wire.record.TagValue;
import io.diodegw.wire.record.TagValueBatchReader;
import io.diodegw.wire.record.TagValueBatchWriter;

/**
 * The conflated live lane (DESIGN.md guarantee 5): while the journal's backlog is old or large, the IT mirror is kept
 * current by sending, out of band, the latest value of every tag that changed, as of the journal's head, while the
 * replicator goes on sending the backlog in band, complete and in order.
 *
 * <p>Activation: the lane runs while the oldest unsent record is older than {@code sender.overload.conflateAfterMs}
 * or more than {@code sender.overload.conflateAfterRecords} records are unsent; it stops when both are below half of
 * their threshold and no pass is being written. When it starts, its {@link JournalFollower} is placed after the last
 * record the replicator read, so every value of the backlog that is not yet on the link is seen.
 *
 * <p>Following: between passes, each {@link #poll} reads up to {@code maxRecordsPerPoll} records towards the head
 * and keeps the latest live value per tag (TAG_VALUE_BATCH only; history never changes a live value) in
 * {@link ConflatedValues}. A pass starts when tags changed, {@code sender.overload.passIntervalMs} passed since the
 * previous start (the first pass is due when the lane starts) and the follower reached the head, or one more interval
 * later if it could not: its cut C is the stream sequence of the last record read, and the follower stands still until
 * the pass is written, so the values are exactly those as of C. Only live values are carried: a tag defined during
 * the backlog gets its TAG_DEFINITION when the backlog reaches it (or from the next snapshot after that).
 *
 * <p>Bounds: {@code maxRecordsPerPoll} records per poll; one entry per tag in {@link ConflatedValues}; a pass holds
 * no copy (the follower is paused instead).
 *
 * <p>Wire: a pass is written ({@link #fill}) as SNAPSHOT_PART records with snapshot id 0 ({@link #PASS_SNAPSHOT_ID}:
 * no snapshot of the carousel has it), part index counting from 0 within the pass, record-header stream sequence C,
 * in out-of-band blocks; no SNAPSHOT_BEGIN or END. A receiver applies such a value for tag t only if t's sequence is
 * below C, and then t's sequence becomes C, so the in-band backlog that follows can never move t backwards.
 *
 * <p>Budget: each lane block is charged, as the k + m datagrams it becomes, to a {@link ShareBudget} at
 * {@code sender.overload.bandwidthSharePercent} of the link rate, idle (credit zero) whenever no pass is being
 * written: the lane never exceeds its share and gets it even while the backlog waits.
 *
 * <p>Not thread-safe: owned by the replicator thread, which also closes it. Following and writing numeric values
 * allocate nothing.
 */
public final class ConflatedLane implements AutoCloseable
{
    /** The snapshot id of the SNAPSHOT_PART records of a conflated live pass. */
    public static final long PASS_SNAPSHOT_ID = TagValueBatchWriter.CONFLATED_PASS_SNAPSHOT_ID;
    /** Records the follower reads in one {@link #poll}, at most. */
    public static final int DEFAULT_MAX_RECORDS_PER_POLL = 4096;

    private static final VarHandle I16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NANOS_PER_MS = 1_000_000L;
    private static final int TIMELINE_SAMPLES = 256;
    private static final int TIMELINE_SAMPLES_PER_PASS = 4;

    private final JournalFollower follower;
    private final ShareBudget budget;
    private final BacklogTimeline timeline;
    private final ConflatedValues values = new ConflatedValues();
    private final TagValueBatchReader batchReader = new TagValueBatchReader();
    private final TagValueBatchWriter parts = new TagValueBatchWriter();
    private final TagValue scratch = new TagValue();
    private final byte[] record;
    private final long conflateAfterNs;
    private final long conflateAfterRecords;
    private final long passIntervalNs;
    private final int maxRecordsPerPoll;

    private boolean active;
    private boolean atHead;
    private boolean passing;
    private long nextPassNs;
    private long cut = -1;
    private int cursor;
    private int partIndex;

    private long activations;
    private long passesStarted;
    private long passesCompleted;
    private long valuesSent;
    private long valuesTooLarge;
    private long recordsFollowed;
    private long blocks;
    private long backlogAgeMs;
    private long backlogRecords;

    /**
     * @param config            the sender's configuration: {@code sender.overload.*} and the link rate.
     * @param follower          the lane's own view of the journal; owned (and closed) by the lane from now on.
     * @param blockWireBytes    wire bytes of one FEC block (k + m datagrams), what each lane block is charged.
     * @param budgetCapBytes    most credit the share keeps, at least {@code blockWireBytes}.
     * @param maxRecordsPerPoll records followed per {@link #poll}, at least 1.
     */
    public ConflatedLane(final Config config, final JournalFollower follower, final long blockWireBytes,
        final long budgetCapBytes, final int maxRecordsPerPoll)
    {
        if (blockWireBytes < 1 || budgetCapBytes < blockWireBytes || maxRecordsPerPoll < 1)
        {
            throw new IllegalArgumentException("blockWireBytes=" + blockWireBytes + " budgetCapBytes=" +
                budgetCapBytes + " maxRecordsPerPoll=" + maxRecordsPerPoll +
                ": need budgetCapBytes >= blockWireBytes >= 1 and maxRecordsPerPoll >= 1");
        }
        this.follower = follower;
        this.record = new byte[follower.maxRecordBytes()];
        this.conflateAfterNs = config.get(SenderSettings.OVERLOAD_CONFLATE_AFTER_MS) * NANOS_PER_MS;
        this.conflateAfterRecords = config.get(SenderSettings.OVERLOAD_CONFLATE_AFTER_RECORDS);
        this.passIntervalNs = config.get(SenderSettings.OVERLOAD_PASS_INTERVAL_MS) * NANOS_PER_MS;
        this.maxRecordsPerPoll = maxRecordsPerPoll;
        final long bytesPerSec = Math.max(1, config.get(SenderSettings.LINK_RATE_BITS_PER_SEC) / Byte.SIZE);
        this.budget = new ShareBudget(
            Math.max(1, bytesPerSec * config.get(SenderSettings.OVERLOAD_BANDWIDTH_SHARE_PERCENT) / 100),
            budgetCapBytes);
        this.timeline = new BacklogTimeline(Math.max(1, passIntervalNs / TIMELINE_SAMPLES_PER_PASS), TIMELINE_SAMPLES);
    }

    /**
     * The lane's duty at a block boundary of the replicator: measures the backlog, starts or stops the lane, follows
     * the journal or starts a pass, and says whether a lane block may be written now.
     *
     * @param nowNs          monotonic clock, ns.
     * @param headSequence   the journal's newest stream sequence, or -1.
     * @param sentSequence   the last stream sequence sent in band, or -1.
     * @param mainReadIndex  the Chronicle index of the replicator's last read record, or {@code Long.MIN_VALUE}.
     * @param blockWireBytes wire bytes of the block the caller would open.
     * @return whether the caller should open an out-of-band block and {@link #fill} it (its bytes were charged).
     */
    public boolean poll(final long nowNs, final long headSequence, final long sentSequence, final long mainReadIndex,
        final long blockWireBytes)
    {
        final long ageNs = timeline.oldestUnsentAgeNs(nowNs, headSequence, sentSequence);
        backlogAgeMs = ageNs / NANOS_PER_MS;
        backlogRecords = Math.max(0, headSequence - sentSequence);
        if (!active && (ageNs >= conflateAfterNs || backlogRecords > conflateAfterRecords))
        {
            active = true;
            activations++;
            values.clearChanges();
            follower.moveAfter(mainReadIndex);
            atHead = false;
            nextPassNs = nowNs;
        }
        else if (active && !passing && 2 * ageNs < conflateAfterNs && 2 * backlogRecords <= conflateAfterRecords)
        {
            active = false;
            values.clearChanges();
        }
        if (!active)
        {
            budget.idle(nowNs);
            return false;
        }
        if (!passing)
        {
            follow();
            if (values.changedCount() > 0 && nowNs - nextPassNs >= 0 &&
                (atHead || nowNs - nextPassNs >= passIntervalNs))
            {
                startPass(nowNs);
            }
        }
        if (!passing)
        {
            budget.idle(nowNs);
            return false;
        }
        if (!budget.tryCharge(blockWireBytes, nowNs))
        {
            return false;
        }
        blocks++;
        return true;
    }

    /**
     * Appends the pass's next values to an out-of-band block until the block is full or the pass is complete.
     *
     * @param block an open block the caller marked out of band; records go after what it holds.
     * @return values appended.
     */
    public int fill(final BlockWriter block)
    {
        int written = 0;
        boolean partOpen = false;
        while (passing)
        {
            if (cursor == values.changedCount())
            {
                if (partOpen && parts.count() > 0)
                {
                    partIndex++;
                }
                values.clearChanges();
                passing = false;
                passesCompleted++;
                break;
            }
            if (!partOpen)
            {
                if (!parts.beginSnapshotPart(block, cut, PASS_SNAPSHOT_ID, partIndex))
                {
                    break;
                }
                partOpen = true;
            }
            if (parts.append(values.changedValue(cursor)))
            {
                written++;
                valuesSent++;
                cursor++;
            }
            else if (parts.count() == TagValueBatchWriter.MAX_VALUE_COUNT)
            {
                partIndex++;
                partOpen = false;
            }
            else if (parts.count() > 0)
            {
                partIndex++;
                break;
            }
            else if (block.recordCount() == 0)
            {
                valuesTooLarge++;
                cursor++;
                partOpen = false;
            }
            else
            {
                break;
            }
        }
        return written;
    }

    private void follow()
    {
        for (int n = 0; n < maxRecordsPerPoll; n++)
        {
            final int length = follower.next(record, 0);
            if (length == 0)
            {
                atHead = true;
                return;
            }
            recordsFollowed++;
            final int typeId = (short)I16.get(record, RecordHeader.TYPE_OFFSET) & 0xFFFF;
            if (typeId == RecordType.TAG_VALUE_BATCH.id() &&
                batchReader.wrap(RecordType.TAG_VALUE_BATCH, record, RecordHeader.LENGTH, length - RecordHeader.LENGTH))
            {
                while (batchReader.next(scratch))
                {
                    values.put(scratch);
                }
            }
        }
        atHead = false;
    }

    private void startPass(final long nowNs)
    {
        passing = true;
        nextPassNs = nowNs + passIntervalNs;
        cut = follower.lastReadSequence();
        cursor = 0;
        partIndex = 0;
        passesStarted++;
    }

    /** @return whether the lane runs (the backlog is beyond a threshold). */
    public boolean isActive()
    {
        return active;
    }

    /** @return whether a pass is being written. */
    public boolean isPassing()
    {
        return passing;
    }

    /** @return the cut of the pass being written or of the last one, or -1. */
    public long cut()
    {
        return cut;
    }

    /** @return times the lane started. */
    public long activations()
    {
        return activations;
    }

    /** @return passes started. */
    public long passesStarted()
    {
        return passesStarted;
    }

    /** @return passes whose last value was written into a block. */
    public long passesCompleted()
    {
        return passesCompleted;
    }

    /** @return values written into lane blocks. */
    public long valuesSent()
    {
        return valuesSent;
    }

    /** @return values skipped because they do not fit in a SNAPSHOT_PART of an empty block. */
    public long valuesTooLarge()
    {
        return valuesTooLarge;
    }

    /** @return journal records the follower read. */
    public long recordsFollowed()
    {
        return recordsFollowed;
    }

    /** @return lane blocks granted by the share. */
    public long blocks()
    {
        return blocks;
    }

    /** @return wire bytes charged to the lane's share: {@link #blocks()} times the block's wire bytes. */
    public long chargedBytes()
    {
        return budget.chargedBytes();
    }

    /** @return the backlog's age at the last poll, ms (an upper bound; see {@link BacklogTimeline}). */
    public long backlogAgeMs()
    {
        return backlogAgeMs;
    }

    /** @return the backlog's record count at the last poll. */
    public long backlogRecords()
    {
        return backlogRecords;
    }

    /** @return the tags whose latest value the lane keeps. */
    public int tagsTracked()
    {
        return values.tagCount();
    }

    /** Closes the follower; call on the owning thread. */
    @Override
    public void close()
    {
        follower.close();
    }
}
