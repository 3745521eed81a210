package io.diodegw.receiver.link;

import io.diodegw.wire.record.BlockWriter;
import io.diodegw.wire.record.RecordType;

/**
 * What the receive agent hands on besides the ordered stream ({@link io.diodegw.receiver.journal.AppliedRecords}):
 * the records of out-of-band blocks ({@link BlockWriter#FLAG_OUT_OF_BAND}: the snapshot carousel, sender status),
 * which never pass the {@link RecordSequencer} and so never open or close a gap, and the fact that the sender was
 * heard, for staleness.
 *
 * <p>Called by the receive agent's thread only. The bytes are valid during the call only.
 */
public interface OutOfBandRecords
{
    /** Ignores everything. */
    OutOfBandRecords NONE = new OutOfBandRecords()
    {
        @Override
        public void senderHeard(final long senderEpoch, final long nowMs)
        {
        }

        @Override
        public void outOfBand(final RecordType type, final long streamSequence, final long senderEpoch,
            final byte[] buffer, final int bodyOffset, final int bodyLength, final long nowMs)
        {
        }
    };

    /**
     * An authenticated datagram (data, repair symbol or heartbeat) of this link arrived; called before the datagram
     * is processed, so a new epoch is announced here before any record of it and before the old epoch's open blocks
     * are flushed. Called for every such datagram: keep it cheap.
     *
     * @param senderEpoch the datagram header's sender epoch.
     * @param nowMs       the agent's wall clock, ms since 1970.
     */
    void senderHeard(long senderEpoch, long nowMs);

    /**
     * One well-formed record of an out-of-band block, in block order.
     *
     * @param type           the record's type (known to this version).
     * @param streamSequence the sequence in its record header (for a snapshot's records: the snapshot's cut).
     * @param senderEpoch    the epoch of the sender that sent the block.
     * @param buffer         holds the record body.
     * @param bodyOffset     start of the body in {@code buffer}.
     * @param bodyLength     length of the body.
     * @param nowMs          the agent's wall clock, ms since 1970.
     */
    void outOfBand(RecordType type, long streamSequence, long senderEpoch, byte[] buffer, int bodyOffset,
        int bodyLength, long nowMs);
}
