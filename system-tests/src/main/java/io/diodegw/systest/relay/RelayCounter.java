package io.diodegw.systest.relay;

/**
 * What the impairment relay did, one counter each, with a stable id (its position, never reordered: new counters go
 * at the end) and a label used in the summary line.
 *
 * <p>Accounting: every received datagram is, at any instant, exactly one of forwarded, dropped (by one cause) or
 * held for reordering, so {@code RECEIVED = FORWARDED + DROPPED_* + held}. {@link #DUPLICATED} counts the extra
 * copies sent, so the destination is sent {@code FORWARDED + DUPLICATED} datagrams. {@link #REORDERED} and
 * {@link #CORRUPTED} count datagrams among the forwarded (or still held) ones.
 */
public enum RelayCounter
{
    /** Datagrams read from the listening socket. */
    RECEIVED("received"),
    /** UDP payload bytes of those datagrams. */
    RECEIVED_BYTES("receivedBytes"),
    /** Received datagrams sent on to the destination (once; duplicates are counted apart). */
    FORWARDED("forwarded"),
    /** Dropped by independent random loss ({@code loss=}). */
    DROPPED_RANDOM("droppedRandom"),
    /** Dropped by the Gilbert-Elliott burst model ({@code burst=} or {@code ge=}). */
    DROPPED_BURST("droppedBurst"),
    /** Dropped inside a blackout window or while a blackout was commanded. */
    DROPPED_BLACKOUT("droppedBlackout"),
    /** Dropped because the rate cap's queue was full ({@code rate=}). */
    DROPPED_RATE_CAP("droppedRateCap"),
    /** Extra copies sent ({@code dup=}). */
    DUPLICATED("duplicated"),
    /** Datagrams held back and released after later ones ({@code reorder=}). */
    REORDERED("reordered"),
    /** Datagrams whose bytes were changed ({@code corrupt=}). */
    CORRUPTED("corrupted"),
    /** Bytes changed in those datagrams: every counted byte differs from the byte received. */
    CORRUPTED_BYTES("corruptedBytes"),
    /** Sends to the destination that failed (the datagram is counted as forwarded all the same). */
    SEND_ERRORS("sendErrors"),
    /** Dropped by a "drop the next N datagrams" command: bursts of an exact length. */
    DROPPED_COMMANDED("droppedCommanded");

    private final String label;

    RelayCounter(final String label)
    {
        this.label = label;
    }

    /** @return the stable camelCase label, e.g. {@code "droppedBurst"}. */
    public String label()
    {
        return label;
    }
}
