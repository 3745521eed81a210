package io.diodegw.config;

import static io.diodegw.config.Side.LINK;

import java.util.List;

/**
 * Settings both ends of the link read and must agree on, because they shape the datagrams on the wire. They may be
 * written in either file (usually a {@code link:} section copied into both) and are covered by the
 * {@link LinkFingerprint} that the sender repeats in every heartbeat, so a mismatch is reported by name.
 */
public final class LinkSettings
{
    /** IPv4 header (20) plus UDP header (8): the part of the MTU the payload cannot use. */
    public static final int IP_UDP_HEADER_BYTES = 28;

    /** Bytes budgeted for the datagram header of our protocol. */
    public static final int DATAGRAM_HEADER_BYTES = 40;

    /** Bytes of the AEAD authentication tag appended to every datagram. */
    public static final int AEAD_TAG_BYTES = 16;

    /** Symbol sizes are a multiple of this, so FEC can work on 64-bit words. */
    public static final int SYMBOL_ALIGNMENT_BYTES = 8;

    /** Smallest symbol size the link works with. */
    public static final int MIN_SYMBOL_BYTES = 64;

    /** Most symbols (source plus repair) in one FEC block. */
    public static final int MAX_BLOCK_SYMBOLS = 255;

    public static final Setting<Integer> ID = Setting.integer(LINK, "link.id", 1, 1, 65_535, "",
        "The identifier of this diode link, carried in every datagram. The receiver drops datagrams of other links, "
        + "so several links can share a network segment.");

    public static final Setting<Integer> MTU_BYTES = Setting.integer(LINK, "link.mtuBytes", 1500, 576, 9216, "bytes",
        "The MTU of the diode link, including IP and UDP headers. No datagram is larger, so nothing is fragmented; "
        + "the FEC symbol size is derived from it (MTU - 28 - 40 - 16, rounded down to a multiple of 8).");

    public static final Setting<Integer> FEC_SOURCE_SYMBOLS = Setting.integer(LINK, "link.fec.sourceSymbols",
        32, 1, 128, "symbols",
        "The number of source symbols per FEC block (k). Larger blocks survive longer runs of loss for the same "
        + "overhead, but take longer to fill and to decode.");

    public static final Setting<Integer> FEC_REPAIR_SYMBOLS = Setting.integer(LINK, "link.fec.repairSymbols",
        4, 0, 32, "symbols",
        "The number of repair symbols added to each FEC block (m). A block is recovered when any k of its k + m "
        + "symbols arrive; the overhead is m/k of the traffic, and 0 turns repair off.");

    public static final Setting<Integer> FEC_INTERLEAVE_DEPTH = Setting.integer(LINK, "link.fec.interleaveDepth",
        8, 1, 64, "blocks",
        "The number of consecutive FEC blocks whose symbols are interleaved on the wire. A burst of up to "
        + "depth x m lost datagrams then costs each block at most m symbols; deeper interleaving adds latency.");

    public static final Setting<LinkEncryption> ENCRYPTION = Setting.enumeration(LINK, "link.encryption",
        LinkEncryption.class, LinkEncryption.ENCRYPTED,
        "The protection of datagram payloads. ENCRYPTED encrypts and authenticates them; INTEGRITY_ONLY leaves "
        + "them readable but still authenticated, for sites that must inspect what crosses the diode.");

    /** Every link setting, in documentation order. */
    public static final List<Setting<?>> ALL =
        List.of(ID, MTU_BYTES, FEC_SOURCE_SYMBOLS, FEC_REPAIR_SYMBOLS, FEC_INTERLEAVE_DEPTH, ENCRYPTION);

    private LinkSettings()
    {
    }

    /**
     * The FEC symbol size for an MTU: what is left of the MTU after the IP/UDP headers, our datagram header and
     * the AEAD tag, rounded down to a multiple of {@link #SYMBOL_ALIGNMENT_BYTES}.
     *
     * @param mtuBytes the link MTU in bytes.
     * @return the symbol size in bytes; below {@link #MIN_SYMBOL_BYTES} (possibly negative) for an unusable MTU.
     */
    public static int symbolSizeBytes(final int mtuBytes)
    {
        final int room = mtuBytes - IP_UDP_HEADER_BYTES - DATAGRAM_HEADER_BYTES - AEAD_TAG_BYTES;
        return Math.floorDiv(room, SYMBOL_ALIGNMENT_BYTES) * SYMBOL_ALIGNMENT_BYTES;
    }

    /**
     * @param config a loaded configuration of either side.
     * @return the FEC symbol size in bytes for its {@link #MTU_BYTES}.
     */
    public static int symbolSizeBytes(final Config config)
    {
        return symbolSizeBytes(config.get(MTU_BYTES));
    }
}
