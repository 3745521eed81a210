package io.diodegw.wire.datagram;

/**
 * Outcome of {@link DatagramHeaderFlyweight#validate(byte[], int, int, int)}. Every value other than {@link #OK} means
 * the datagram is dropped and counted; the ordinal is stable within a protocol version and may index a counter array.
 */
public enum HeaderStatus
{
    /** The header is well formed and the datagram length fits its type and the configured MTU. */
    OK,
    /** Fewer bytes than the header, or than header plus AEAD tag for a sealed type. */
    TOO_SHORT,
    /** More bytes than the configured maximum datagram (see {@link MtuLimits#maxDatagramBytes()}). */
    TOO_LONG,
    /** The first two bytes are not {@link DatagramHeaderFlyweight#MAGIC}. */
    BAD_MAGIC,
    /** The version byte is not {@link DatagramHeaderFlyweight#PROTOCOL_VERSION}. */
    UNSUPPORTED_VERSION,
    /** The type byte names no datagram type of this protocol version. */
    UNKNOWN_TYPE,
    /** A flag bit this version does not define is set, or a key announcement claims to be encrypted. */
    BAD_FLAGS,
    /** Symbol index and block geometry contradict each other or the datagram type. */
    BAD_GEOMETRY
}
