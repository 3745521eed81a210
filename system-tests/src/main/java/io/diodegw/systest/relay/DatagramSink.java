package io.diodegw.systest.relay;

/**
 * Where the {@link ImpairmentEngine} sends the datagrams it lets through: the relay's forwarding socket, or a
 * recorder in tests.
 */
@FunctionalInterface
public interface DatagramSink
{
    /**
     * Sends one datagram. Called on the engine's thread; the bytes are valid only during the call (the engine reuses
     * the buffer), so an implementation copies what it keeps. Must not throw for an expected condition: a failed send
     * is the implementation's to count.
     *
     * @param buffer holds the datagram.
     * @param offset where it starts.
     * @param length its length in bytes, possibly 0.
     */
    void send(byte[] buffer, int offset, int length);
}
