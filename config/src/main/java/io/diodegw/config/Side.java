package io.diodegw.config;

/**
 * Which end of the diode link reads a setting.
 */
public enum Side
{
    /** Read only by the OT-side sender; belongs in {@code sender.yaml}. */
    SENDER("sender"),

    /** Read only by the IT-side receiver; belongs in {@code receiver.yaml}. */
    RECEIVER("receiver"),

    /**
     * Read by both ends, which must agree on the value: it shapes the datagrams on the wire. Such settings may
     * appear in either file and are covered by the {@link LinkFingerprint}.
     */
    LINK("link");

    private final String label;

    Side(final String label)
    {
        this.label = label;
    }

    /**
     * @return the lower-case name used in messages and file names, e.g. {@code sender}.
     */
    public String label()
    {
        return label;
    }

    /**
     * @return the configuration file this side reads, e.g. {@code sender.yaml}; {@link #LINK} has no file of its own
     *         and answers {@code sender.yaml or receiver.yaml}.
     */
    public String fileName()
    {
        return this == LINK ? "sender.yaml or receiver.yaml" : label + ".yaml";
    }

    /**
     * @param loadingSide the side whose configuration is being loaded ({@link #SENDER} or {@link #RECEIVER}).
     * @return true when a setting declared for this side is read by {@code loadingSide}.
     */
    public boolean isReadBy(final Side loadingSide)
    {
        return this == LINK || this == loadingSide;
    }
}
