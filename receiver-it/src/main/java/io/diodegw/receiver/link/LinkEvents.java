package io.diodegw.receiver.link;

/**
 * Rare link events the receive agent reports as they happen (for the audit log): a session key installed, a sender
 * epoch joined or replaced. Never called per datagram.
 *
 * <p>Called on the receive agent's thread: implementations must neither block nor do I/O nor throw (hand the event
 * to another thread through a bounded queue).
 */
public interface LinkEvents
{
    /** Ignores every event. */
    LinkEvents NONE = new LinkEvents()
    {
    };

    /**
     * @param senderEpoch the epoch the key belongs to.
     * @param keyId       the session key id.
     * @param senderKeyId the id of the sender identity key that signed the announcement (see
     *                    {@code KeyIds.toFingerprint}), or 0 when the handler does not know it.
     */
    default void onKeyInstalled(final long senderEpoch, final int keyId, final long senderKeyId)
    {
    }

    /**
     * @param previousEpoch the epoch that ended, or 0 when none was known (first epoch heard since start).
     * @param newEpoch      the epoch that started.
     */
    default void onSenderEpoch(final long previousEpoch, final long newEpoch)
    {
    }
}
