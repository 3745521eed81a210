package io.diodegw.receiver.link;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLongArray;

import io.diodegw.wire.crypto.DatagramOpener;
import io.diodegw.wire.crypto.KeyAnnouncementVerifier;

/**
 * The receive agent's counters: one per {@link LinkCounter}, plus datagrams refused by {@link DatagramOpener} and
 * announcements refused by {@link KeyAnnouncementVerifier}, each by result code.
 *
 * <p>Single writer (the receive agent's thread), any number of readers. The writer updates with a plain read and a
 * release store ({@code getPlain} + {@code setRelease}, no lock, no CAS, no allocation); readers see each counter
 * monotonic and never torn, though different counters may be read at slightly different instants.
 */
public final class LinkCounters
{
    /** Result codes are small negative numbers; anything beyond this is counted with the last one. */
    private static final int CODES = 16;

    private final AtomicLongArray values = new AtomicLongArray(LinkCounter.values().length);
    private final AtomicLongArray openRejections = new AtomicLongArray(CODES);
    private final AtomicLongArray announcementRejections = new AtomicLongArray(CODES);

    /** Adds 1; writer thread only. */
    public void increment(final LinkCounter counter)
    {
        add(values, counter.ordinal(), 1);
    }

    /** Adds {@code delta}; writer thread only. */
    public void add(final LinkCounter counter, final long delta)
    {
        add(values, counter.ordinal(), delta);
    }

    /** Counts a datagram refused by {@link DatagramOpener#open} with {@code code} (negative); writer thread only. */
    public void onOpenRejected(final int code)
    {
        add(openRejections, index(code), 1);
    }

    /** Counts an announcement refused by {@link KeyAnnouncementVerifier#verify} with {@code code}; writer only. */
    public void onAnnouncementRejected(final int code)
    {
        add(announcementRejections, index(code), 1);
    }

    /** @return the current value; any thread. */
    public long get(final LinkCounter counter)
    {
        return values.getAcquire(counter.ordinal());
    }

    /** @return datagrams refused by the opener with this negative code; any thread. */
    public long openRejections(final int code)
    {
        return openRejections.getAcquire(index(code));
    }

    /** @return announcements refused by the verifier with this negative code; any thread. */
    public long announcementRejections(final int code)
    {
        return announcementRejections.getAcquire(index(code));
    }

    /** @return datagrams that failed authentication: {@link DatagramOpener#BAD_TAG} and crypto failures. */
    public long authFailures()
    {
        return openRejections(DatagramOpener.BAD_TAG) + openRejections(DatagramOpener.CRYPTO_FAILURE);
    }

    /**
     * @return every non-zero opener rejection by {@link DatagramOpener#describe} name, sorted; allocates (for the
     *     status API, not the hot path).
     */
    public Map<String, Long> openRejectionsByReason()
    {
        final Map<String, Long> byReason = new TreeMap<>();
        for (int i = 1; i < CODES; i++)
        {
            final long count = openRejections.getAcquire(i);
            if (count != 0)
            {
                byReason.put(DatagramOpener.describe(-i), count);
            }
        }
        return byReason;
    }

    /** @return every non-zero announcement rejection by {@link KeyAnnouncementVerifier#describe} name, sorted. */
    public Map<String, Long> announcementRejectionsByReason()
    {
        final Map<String, Long> byReason = new TreeMap<>();
        for (int i = 1; i < CODES; i++)
        {
            final long count = announcementRejections.getAcquire(i);
            if (count != 0)
            {
                byReason.put(KeyAnnouncementVerifier.describe(-i), count);
            }
        }
        return byReason;
    }

    private static int index(final int code)
    {
        return Math.min(Math.max(-code, 0), CODES - 1);
    }

    private static void add(final AtomicLongArray array, final int index, final long delta)
    {
        array.setRelease(index, array.getPlain(index) + delta);
    }
}
