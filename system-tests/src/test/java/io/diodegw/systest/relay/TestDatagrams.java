package io.diodegw.systest.relay;

/** Numbered test datagrams: an 8-byte big-endian sequence number, then bytes derived from it. */
final class TestDatagrams
{
    static final int SEQUENCE_BYTES = Long.BYTES;

    private TestDatagrams()
    {
    }

    /** Writes datagram {@code sequence} of {@code length} bytes (at least 8) into {@code buffer} at 0. */
    static void fill(final byte[] buffer, final long sequence, final int length)
    {
        for (int i = 0; i < SEQUENCE_BYTES; i++)
        {
            buffer[i] = (byte)(sequence >>> (Byte.SIZE * (SEQUENCE_BYTES - 1 - i)));
        }
        for (int i = SEQUENCE_BYTES; i < length; i++)
        {
            buffer[i] = patternByte(sequence, i);
        }
    }

    static byte patternByte(final long sequence, final int index)
    {
        return (byte)(sequence * 31 + index * 7);
    }

    static long sequence(final byte[] datagram)
    {
        long sequence = 0;
        for (int i = 0; i < SEQUENCE_BYTES; i++)
        {
            sequence = (sequence << Byte.SIZE) | (datagram[i] & 0xFF);
        }
        return sequence;
    }

    /** @return true if the datagram is exactly datagram {@link #sequence} of its length, as {@link #fill} wrote it. */
    static boolean intact(final byte[] datagram, final int length, final long maxSequence)
    {
        if (length < SEQUENCE_BYTES)
        {
            return false;
        }
        long sequence = 0;
        for (int i = 0; i < SEQUENCE_BYTES; i++)
        {
            sequence = (sequence << Byte.SIZE) | (datagram[i] & 0xFF);
        }
        if (sequence < 0 || sequence > maxSequence)
        {
            return false;
        }
        for (int i = SEQUENCE_BYTES; i < length; i++)
        {
            if (datagram[i] != patternByte(sequence, i))
            {
                return false;
            }
        }
        return true;
    }
}
