package io.diodegw.receiver.table;

/**
 * How far a tag's served status has been degraded because its value may no longer be current (DESIGN.md guarantee
 * 4). The stored value and its real StatusCode are never changed; the stage only changes what readers are served.
 */
public enum Staleness
{
    /** Nothing suggests the value is out of date: the real status is served. */
    NONE("none"),
    /** The source or the link stopped recently: {@code Uncertain_LastUsableValue} is served. */
    UNCERTAIN("uncertain"),
    /** The source or the link stopped long ago: {@code Bad_NoCommunication} is served. */
    BAD("bad");

    private final String label;

    Staleness(final String label)
    {
        this.label = label;
    }

    /** @return the stable lower-case label of the HTTP API: {@code none}, {@code uncertain} or {@code bad}. */
    public String label()
    {
        return label;
    }
}
