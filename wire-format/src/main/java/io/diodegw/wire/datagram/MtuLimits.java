package io.diodegw.wire.datagram;

/**
 * Datagram and symbol sizes that follow from a link MTU, so that no datagram is ever fragmented by IP.
 *
 * <p>For IPv4 the UDP payload is {@code mtuBytes - 28} (20 bytes IP header, 8 bytes UDP header); that is the largest
 * datagram this protocol sends. A data or repair datagram is the {@value DatagramHeaderFlyweight#HEADER_LENGTH}-byte
 * header, one FEC symbol and the {@value DatagramHeaderFlyweight#TAG_LENGTH}-byte AEAD tag; the symbol size is rounded
 * down to a multiple of {@value #SYMBOL_ALIGNMENT_BYTES} because the FEC code works on 64-bit words. At MTU 1500: 1472
 * bytes per datagram, 1416 bytes per symbol.
 *
 * <p>Immutable and thread-safe.
 */
public final class MtuLimits
{
    /** IPv4 header (20, no options) plus UDP header (8). */
    public static final int IPV4_UDP_OVERHEAD_BYTES = 28;
    /** Largest MTU an IPv4 total-length field can express. */
    public static final int MAX_MTU_BYTES = 65_535;
    /** MTU of an Ethernet link without jumbo frames; the default of the link settings. */
    public static final int DEFAULT_MTU_BYTES = 1500;
    /** Symbols are a whole number of 64-bit words. */
    public static final int SYMBOL_ALIGNMENT_BYTES = 8;
    /** Smaller symbols would spend more bytes on header and tag than on data. */
    public static final int MIN_SYMBOL_BYTES = 64;
    /**
     * Largest unsealed control datagram (a key announcement: 40-byte header, 152-byte body, see
     * {@link KeyAnnouncementFlyweight}). Every link must carry it in one datagram, so the smallest MTU is 220.
     */
    public static final int MAX_CONTROL_DATAGRAM_BYTES = KeyAnnouncementFlyweight.DATAGRAM_LENGTH;

    private final int mtuBytes;
    private final int maxDatagramBytes;
    private final int maxSymbolBytes;

    private MtuLimits(final int mtuBytes, final int maxDatagramBytes, final int maxSymbolBytes)
    {
        this.mtuBytes = mtuBytes;
        this.maxDatagramBytes = maxDatagramBytes;
        this.maxSymbolBytes = maxSymbolBytes;
    }

    /**
     * @param mtuBytes IPv4 MTU of the link, in bytes.
     * @return the limits for that MTU.
     * @throws IllegalArgumentException naming the value and the bound it violates, when the MTU exceeds
     *     {@value #MAX_MTU_BYTES}, leaves a symbol smaller than {@value #MIN_SYMBOL_BYTES} bytes, or cannot carry a
     *     {@value #MAX_CONTROL_DATAGRAM_BYTES}-byte key announcement. This is configuration, never network input.
     */
    public static MtuLimits forMtu(final int mtuBytes)
    {
        if (mtuBytes > MAX_MTU_BYTES)
        {
            throw new IllegalArgumentException("mtuBytes=" + mtuBytes + " > MAX=" + MAX_MTU_BYTES);
        }
        final int maxDatagramBytes = mtuBytes - IPV4_UDP_OVERHEAD_BYTES;
        final int symbolRoom = maxDatagramBytes - DatagramHeaderFlyweight.HEADER_LENGTH - DatagramHeaderFlyweight.TAG_LENGTH;
        final int maxSymbolBytes = symbolRoom < 0 ? 0 : symbolRoom & -SYMBOL_ALIGNMENT_BYTES;
        if (maxSymbolBytes < MIN_SYMBOL_BYTES)
        {
            throw new IllegalArgumentException("mtuBytes=" + mtuBytes + " leaves symbols of " + maxSymbolBytes +
                " bytes < MIN_SYMBOL_BYTES=" + MIN_SYMBOL_BYTES);
        }
        if (maxDatagramBytes < MAX_CONTROL_DATAGRAM_BYTES)
        {
            throw new IllegalArgumentException("mtuBytes=" + mtuBytes + " allows datagrams of " + maxDatagramBytes +
                " bytes < " + MAX_CONTROL_DATAGRAM_BYTES + " needed by a key announcement");
        }
        return new MtuLimits(mtuBytes, maxDatagramBytes, maxSymbolBytes);
    }

    /** @return the IPv4 MTU these limits were computed from, in bytes. */
    public int mtuBytes()
    {
        return mtuBytes;
    }

    /** @return the largest UDP payload, in bytes: no datagram of this link is longer. */
    public int maxDatagramBytes()
    {
        return maxDatagramBytes;
    }

    /** @return the largest FEC symbol, in bytes: a multiple of {@value #SYMBOL_ALIGNMENT_BYTES}. */
    public int maxSymbolBytes()
    {
        return maxSymbolBytes;
    }

    /** @return the largest sealed payload (datagram minus header and tag), in bytes; at least the symbol size. */
    public int maxPayloadBytes()
    {
        return maxDatagramBytes - DatagramHeaderFlyweight.HEADER_LENGTH - DatagramHeaderFlyweight.TAG_LENGTH;
    }

    @Override
    public String toString()
    {
        return "MtuLimits{mtuBytes=" + mtuBytes + ", maxDatagramBytes=" + maxDatagramBytes +
            ", maxSymbolBytes=" + maxSymbolBytes + '}';
    }
}
