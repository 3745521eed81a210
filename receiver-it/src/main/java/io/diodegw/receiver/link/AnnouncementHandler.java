package io.diodegw.receiver.link;

import io.diodegw.wire.crypto.DatagramOpener;

/**
 * Handles key announcement datagrams for a receiver: verifies one and installs the session key it carries into the
 * receiver's opener. Called by the receiving thread only.
 */
public interface AnnouncementHandler
{
    /** A new key was verified and installed. */
    int INSTALLED = 1;
    /** The announced key is held already; nothing was verified. */
    int REPEAT = 2;
    /** The announcement verified but the opener refused its key (an older epoch than the newest seen). */
    int NOT_INSTALLED = 3;
    /** The announcement was dropped unchecked: the budget of signature checks per second was spent. */
    int RATE_LIMITED = 4;

    /**
     * @param buffer holds the announcement datagram; not modified.
     * @param offset its first byte.
     * @param length its length.
     * @param opener the receiver's opener, where a verified key is installed.
     * @param nowMs  receiver wall clock, ms since 1970-01-01T00:00Z.
     * @return {@link #INSTALLED}, {@link #REPEAT} (the key is held already) or a negative
     *     {@link io.diodegw.wire.crypto.KeyAnnouncementVerifier} code (refused; {@code describe} names it), or
     *     {@link #NOT_INSTALLED} if the opener refused a verified key (an epoch older than the newest seen), or
     *     {@link #RATE_LIMITED} if it was dropped unchecked.
     */
    int onAnnouncement(byte[] buffer, int offset, int length, DatagramOpener opener, long nowMs);

    /** @return announcements refused by verification. */
    long refused();

    /** @return the id of the sender identity key of the last verified announcement, or 0 when unknown. */
    default long lastSenderKeyId()
    {
        return 0;
    }
}
