package io.diodegw.sender.snapshot;

import java.util.Arrays;

/**
 * Dense slot numbers for tag ids: the first tag seen gets slot 0, the next new one slot 1, and so on, so owners can
 * keep per-tag state in parallel arrays indexed by slot. An open-addressing hash index (linear probing, load at
 * most one half) maps ids to slots; slots are never freed.
 *
 * <p>Not thread-safe; one owner. Allocation-free except when the index or the id array doubles.
 */
public final class TagSlots
{
    private static final int EMPTY = 0;

    private int[] indexKeys;
    private int[] indexSlots;
    private int indexMask;
    private int[] tagIds;
    private int count;

    /**
     * @param initialSlots slots before the first growth; a power of two.
     * @throws IllegalArgumentException if it is not a positive power of two.
     */
    public TagSlots(final int initialSlots)
    {
        if (initialSlots <= 0 || Integer.bitCount(initialSlots) != 1)
        {
            throw new IllegalArgumentException("initialSlots must be a positive power of two: " + initialSlots);
        }
        indexKeys = new int[2 * initialSlots];
        indexSlots = new int[2 * initialSlots];
        indexMask = 2 * initialSlots - 1;
        tagIds = new int[initialSlots];
    }

    /**
     * @return the tag's slot; a tag not seen before gets the next slot, {@link #count()} - 1 afterwards.
     */
    public int slotFor(final int tagId)
    {
        int i = mix(tagId) & indexMask;
        while (indexSlots[i] != EMPTY)
        {
            if (indexKeys[i] == tagId)
            {
                return indexSlots[i] - 1;
            }
            i = (i + 1) & indexMask;
        }
        final int slot = count;
        if (slot == tagIds.length)
        {
            tagIds = Arrays.copyOf(tagIds, 2 * slot);
        }
        tagIds[slot] = tagId;
        count++;
        indexKeys[i] = tagId;
        indexSlots[i] = slot + 1;
        if (2 * count > indexSlots.length)
        {
            growIndex();
        }
        return slot;
    }

    /** @return slots handed out so far. */
    public int count()
    {
        return count;
    }

    /** @return the tag id of a slot below {@link #count()}. */
    public int tagIdAt(final int slot)
    {
        return tagIds[slot];
    }

    private void growIndex()
    {
        final int n = 2 * indexSlots.length;
        indexKeys = new int[n];
        indexSlots = new int[n];
        indexMask = n - 1;
        for (int slot = 0; slot < count; slot++)
        {
            int i = mix(tagIds[slot]) & indexMask;
            while (indexSlots[i] != EMPTY)
            {
                i = (i + 1) & indexMask;
            }
            indexKeys[i] = tagIds[slot];
            indexSlots[i] = slot + 1;
        }
    }

    private static int mix(final int key)
    {
        final int h = key * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
