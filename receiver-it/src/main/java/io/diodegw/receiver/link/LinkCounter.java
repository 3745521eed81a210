package io.diodegw.receiver.link;

/**
 * The receive agent's counters, each with a stable id (its position, never reordered: new counters go at the end)
 * and a label used in the HTTP status and logs. Rejections by the opener and the announcement verifier are counted
 * separately by their result code (see {@link LinkCounters}).
 */
public enum LinkCounter
{
    /** Datagrams read from the socket. */
    DATAGRAMS_RECEIVED("datagrams"),
    /** Bytes of those datagrams (UDP payload). */
    BYTES_RECEIVED("bytes"),
    /** Authenticated datagrams of another link id. */
    FOREIGN_LINK("foreignLink"),
    /** Authenticated symbols whose k, m or length differ from this receiver's link settings. */
    GEOMETRY_MISMATCHES("geometryMismatches"),
    /** Authenticated symbols or heartbeats with a block sequence implausibly far ahead. */
    IMPLAUSIBLE_BLOCK_SEQUENCES("implausibleBlockSequences"),
    /** Authenticated heartbeats. */
    HEARTBEATS("heartbeats"),
    /** Heartbeats whose link settings or fingerprint differ from this receiver's, or too short to read. */
    HEARTBEAT_MISMATCHES("heartbeatMismatches"),
    /** Key announcement datagrams. */
    ANNOUNCEMENTS("announcements"),
    /** Announcements of a key already held (not verified again). */
    ANNOUNCEMENT_REPEATS("announcementRepeats"),
    /** Session keys verified and installed. */
    KEYS_INSTALLED("keysInstalled"),
    /** Authenticated data and repair symbols. */
    SYMBOLS_RECEIVED("symbols"),
    /** Symbols the block already had, or not needed any more. */
    SYMBOLS_REDUNDANT("symbolsRedundant"),
    /** Symbols of a block given up before: the give-up came too early for them. */
    SYMBOLS_AFTER_GIVE_UP("symbolsAfterGiveUp"),
    /** Blocks complete (directly or repaired). */
    BLOCKS_COMPLETE("blocksComplete"),
    /** Blocks rebuilt with repair symbols. */
    BLOCKS_REPAIRED("blocksRepaired"),
    /** Blocks given up as unrecoverable. */
    BLOCKS_UNRECOVERABLE("blocksUnrecoverable"),
    /** Blocks whose payload was malformed after decoding (records after the fault are lost). */
    BLOCKS_MALFORMED("blocksMalformed"),
    /** Records handed on in stream order. */
    RECORDS_APPLIED("recordsApplied"),
    /** Records of unknown type skipped by length. */
    RECORDS_UNKNOWN_SKIPPED("recordsUnknownSkipped"),
    /** Records whose stream sequence repeated or went backwards within a sender epoch, dropped. */
    RECORDS_OUT_OF_ORDER("recordsOutOfOrder"),
    /**
     * Records a restarted sender sent again (its saved journal position lags what it had sent), below the sequence
     * the receiver already holds; dropped.
     */
    RECORDS_REPEATED("recordsRepeated"),
    /** Sender epochs whose OT journal started again below the sequence the receiver holds (a new journal). */
    STREAM_RESTARTS("streamRestarts"),
    /** Gaps handed on (lost stream-sequence ranges). */
    GAPS("gaps"),
    /** Stream sequences inside those gaps. */
    SEQUENCES_IN_GAPS("sequencesInGaps"),
    /** Gaps without a given-up block to explain them (the sender skipped sequences). */
    GAPS_UNEXPLAINED("gapsUnexplained"),
    /** Key announcements dropped unchecked because the signature-check budget per second was spent. */
    ANNOUNCEMENTS_RATE_LIMITED("announcementsRateLimited"),
    /** Sender epochs seen (sender starts). */
    SENDER_EPOCHS("senderEpochs"),
    /** Socket read failures. */
    SOCKET_ERRORS("socketErrors"),
    /** Blocks flagged out of band (snapshot carousel, sender status), kept out of ordering and gap detection. */
    BLOCKS_OUT_OF_BAND("blocksOutOfBand"),
    /** Records of those blocks handed to the out-of-band path. */
    RECORDS_OUT_OF_BAND("recordsOutOfBand");

    private final String label;

    LinkCounter(final String label)
    {
        this.label = label;
    }

    /** @return the stable camelCase label, e.g. {@code "blocksRepaired"}. */
    public String label()
    {
        return label;
    }
}
