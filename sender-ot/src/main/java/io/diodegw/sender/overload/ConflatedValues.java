package io.diodegw.sender.overload;

import java.util.Arrays;

import io.diodegw.sender.snapshot.TagSlots;
import io.diodegw.wire.record.TagValue;

/**
 * The latest value per tag, with the set of tags changed since the changes were last cleared, in the order they
 * first changed. The conflated live lane puts every live value it reads from the journal here ({@link #put}) and, in
 * a pass, sends the changed tags' values ({@link #changedCount()}, {@link #changedValue(int)}) and then clears them.
 *
 * <p>Bounds: one slot per tag ever put (a {@code TagValue} holder of about 72 bytes plus 21 bytes of index and
 * arrays, and a string or array value's payload): memory grows with the plant's tag count, never with the input
 * rate or the backlog. Nothing is removed.
 *
 * <p>Not thread-safe: owned by the replicator thread. Putting a numeric value allocates nothing after the tag's first
 * value (strings, byte strings and arrays allocate their copy).
 */
public final class ConflatedValues
{
    private static final int INITIAL_SLOTS = 1024;

    private final TagSlots slots = new TagSlots(INITIAL_SLOTS);

    private int slotCount;
    private TagValue[] values = new TagValue[INITIAL_SLOTS];
    private boolean[] changed = new boolean[INITIAL_SLOTS];
    private int[] changedSlots = new int[INITIAL_SLOTS];
    private int changedCount;
    private long valuesPut;

    /**
     * Keeps a copy of the value as its tag's latest and marks the tag changed.
     *
     * @param value a decoded value; copied, not retained.
     */
    public void put(final TagValue value)
    {
        final int slot = slotFor(value.tagId());
        TagValue held = values[slot];
        if (held == null)
        {
            held = new TagValue();
            values[slot] = held;
        }
        held.copyFrom(value);
        if (!changed[slot])
        {
            changed[slot] = true;
            changedSlots[changedCount++] = slot;
        }
        valuesPut++;
    }

    /** @return tags changed since the last {@link #clearChanges()}. */
    public int changedCount()
    {
        return changedCount;
    }

    /**
     * @param i from 0 to {@link #changedCount()} - 1, in the order the tags first changed.
     * @return the i-th changed tag's latest value; read-only, valid until the tag is put again.
     */
    public TagValue changedValue(final int i)
    {
        return values[changedSlots[i]];
    }

    /** Forgets which tags changed; their latest values stay. */
    public void clearChanges()
    {
        for (int i = 0; i < changedCount; i++)
        {
            changed[changedSlots[i]] = false;
        }
        changedCount = 0;
    }

    /** @return tags with a value. */
    public int tagCount()
    {
        return slotCount;
    }

    /** @return values put since construction. */
    public long valuesPut()
    {
        return valuesPut;
    }

    private int slotFor(final int tagId)
    {
        final int slot = slots.slotFor(tagId);
        if (slot == values.length)
        {
            final int n = 2 * slot;
            values = Arrays.copyOf(values, n);
            changed = Arrays.copyOf(changed, n);
            changedSlots = Arrays.copyOf(changedSlots, n);
        }
        slotCount = slots.count();
        return slot;
    }
}
