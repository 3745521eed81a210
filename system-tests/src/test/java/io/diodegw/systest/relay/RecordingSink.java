package io.diodegw.systest.relay;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Test sink: keeps a copy of every datagram sent, in order. */
final class RecordingSink implements DatagramSink
{
    private final List<byte[]> sent = new ArrayList<>();

    @Override
    public void send(final byte[] buffer, final int offset, final int length)
    {
        sent.add(Arrays.copyOfRange(buffer, offset, offset + length));
    }

    List<byte[]> sent()
    {
        return sent;
    }

    int size()
    {
        return sent.size();
    }

    /** @return the sequence numbers (first 8 bytes, big-endian) of the datagrams sent, in order. */
    long[] sequences()
    {
        final long[] sequences = new long[sent.size()];
        for (int i = 0; i < sequences.length; i++)
        {
            sequences[i] = TestDatagrams.sequence(sent.get(i));
        }
        return sequences;
    }
}
