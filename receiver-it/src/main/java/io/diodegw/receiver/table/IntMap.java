package io.diodegw.receiver.table;

import java.util.Arrays;

/**
 * Open-addressing map from an int key to an object, for the table's writer: lookups never allocate (no boxing).
 * No removal. Not thread-safe.
 */
final class IntMap<V>
{
    private static final int INITIAL_CAPACITY = 1024;
    private static final int GOLDEN = 0x9E37_79B9;

    private int[] keys = new int[INITIAL_CAPACITY];
    private Object[] values = new Object[INITIAL_CAPACITY];
    private int size;

    @SuppressWarnings("unchecked")
    V get(final int key)
    {
        final int mask = keys.length - 1;
        int index = (key * GOLDEN) >>> 16 & mask;
        while (values[index] != null)
        {
            if (keys[index] == key)
            {
                return (V)values[index];
            }
            index = (index + 1) & mask;
        }
        return null;
    }

    void put(final int key, final V value)
    {
        if ((size + 1) * 2 > keys.length)
        {
            grow();
        }
        final int mask = keys.length - 1;
        int index = (key * GOLDEN) >>> 16 & mask;
        while (values[index] != null)
        {
            if (keys[index] == key)
            {
                values[index] = value;
                return;
            }
            index = (index + 1) & mask;
        }
        keys[index] = key;
        values[index] = value;
        size++;
    }

    int size()
    {
        return size;
    }

    private void grow()
    {
        final int[] oldKeys = keys;
        final Object[] oldValues = values;
        keys = new int[oldKeys.length * 2];
        values = new Object[oldKeys.length * 2];
        size = 0;
        for (int i = 0; i < oldKeys.length; i++)
        {
            if (oldValues[i] != null)
            {
                @SuppressWarnings("unchecked")
                final V value = (V)oldValues[i];
                put(oldKeys[i], value);
            }
        }
        Arrays.fill(oldValues, null);
    }
}
