package io.diodegw.systest.hostile;

import java.util.Locale;

/**
 * The kinds of hostile datagram {@link HostileFlooder} sends, each with a stable label (used in the mix, the counters
 * and the scenario's figures) and the refusal the receiver is expected to count for it.
 */
public enum FloodKind
{
    /**
     * A real datagram's header (link id, live sender epoch and key id, a packet counter ahead of the stream) with
     * random payload and tag: refused by AES-GCM ({@code BAD_TAG}).
     */
    FORGED("forged"),
    /**
     * A well-formed key announcement signed by an Ed25519 key the receiver does not trust, for the live or a newer
     * epoch: either naming its own signer ({@code UNKNOWN_SENDER}) or claiming the trusted sender's key id
     * ({@code BAD_SIGNATURE}).
     */
    FORGED_ANNOUNCEMENT("announcement"),
    /** A real sealed datagram sent again unchanged: refused by the replay window ({@code DUPLICATE}, {@code TOO_OLD}). */
    REPLAY("replay"),
    /**
     * A real sealed datagram cut short: a broken header ({@code BAD_HEADER}), or, when the header and a tag still fit,
     * the replay window or the tag.
     */
    TRUNCATED("truncated"),
    /** A real sealed datagram padded beyond the link's largest datagram: {@code BAD_HEADER} (too long). */
    OVERSIZED("oversized"),
    /** A real sealed datagram with another protocol version: {@code BAD_HEADER} (unsupported version). */
    WRONG_VERSION("version"),
    /** Random bytes of random length, 0 to the link's largest datagram: {@code BAD_HEADER}. */
    RANDOM("random");

    private final String label;

    FloodKind(final String label)
    {
        this.label = label;
    }

    /** @return the stable lower-case label, e.g. {@code "replay"}. */
    public String label()
    {
        return label;
    }

    /**
     * @param label a label of this enum, any case.
     * @return the kind.
     * @throws IllegalArgumentException naming the label and the known ones.
     */
    public static FloodKind byLabel(final String label)
    {
        final String wanted = label.trim().toLowerCase(Locale.ROOT);
        for (final FloodKind kind : values())
        {
            if (kind.label.equals(wanted))
            {
                return kind;
            }
        }
        final StringBuilder known = new StringBuilder();
        for (final FloodKind kind : values())
        {
            known.append(known.length() == 0 ? "" : ", ").append(kind.label);
        }
        throw new IllegalArgumentException("unknown flood kind '" + label + "'; known: " + known);
    }
}
