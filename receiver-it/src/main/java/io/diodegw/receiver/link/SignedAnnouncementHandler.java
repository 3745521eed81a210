package io.diodegw.receiver.link;

import io.diodegw.wire.crypto.DatagramOpener;
import io.diodegw.wire.crypto.KeyAnnouncementVerifier;
import io.diodegw.wire.crypto.SessionKey;
import io.diodegw.wire.datagram.DatagramHeaderFlyweight;

/**
 * Receiver side of the signed key announcement: verifies each announcement datagram with
 * {@link KeyAnnouncementVerifier} (Ed25519 signature of a trusted sender, addressed to this receiver's X25519 key,
 * within its validity) and installs the derived session key into the opener. An announcement of a key the opener
 * already holds is skipped without verification, as the repetitions every second are.
 *
 * <p>Not thread-safe; owned by the receiving thread. Allocates per verified announcement only.
 */
public final class SignedAnnouncementHandler implements AnnouncementHandler, AutoCloseable
{
    private static final int CODES = 16;

    private final KeyAnnouncementVerifier verifier;
    private final DatagramHeaderFlyweight header = new DatagramHeaderFlyweight();
    private final long[] refused = new long[CODES];
    private long repeats;

    /**
     * @param verifier the receiver's verifier; this handler owns it and destroys it on {@link #close()}.
     */
    public SignedAnnouncementHandler(final KeyAnnouncementVerifier verifier)
    {
        this.verifier = verifier;
    }

    @Override
    public int onAnnouncement(
        final byte[] buffer, final int offset, final int length, final DatagramOpener opener, final long nowMs)
    {
        if (length >= DatagramHeaderFlyweight.HEADER_LENGTH)
        {
            header.wrap(buffer, offset);
            if (opener.hasKey(header.senderEpoch(), header.keyId()))
            {
                repeats++;
                return REPEAT;
            }
        }
        final int result = verifier.verify(buffer, offset, length, nowMs);
        if (result != KeyAnnouncementVerifier.OK)
        {
            refused[Math.min(-result, CODES - 1)]++;
            return result;
        }
        final SessionKey key = verifier.takeSessionKey();
        if (!opener.install(key))
        {
            key.destroy();
            return NOT_INSTALLED;
        }
        return INSTALLED;
    }

    @Override
    public long refused()
    {
        long sum = 0;
        for (final long count : refused)
        {
            sum += count;
        }
        return sum;
    }

    /** @return repetitions of a key already installed. */
    public long repeats()
    {
        return repeats;
    }

    /** Zeroes the receiver's private key held by the verifier. */
    @Override
    public void close()
    {
        verifier.destroy();
    }
}
