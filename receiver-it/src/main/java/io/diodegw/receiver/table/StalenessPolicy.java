package io.diodegw.receiver.table;

import io.diodegw.config.Config;
import io.diodegw.config.ReceiverSettings;
import io.diodegw.wire.record.StatusCodes;

/**
 * When a tag's served status degrades, from {@code receiver.staleness.*}. A tag is stale while a condition holds
 * that stops its values from arriving: its source is not communicating (the last SOURCE_STATE said DISCONNECTED,
 * CONNECTING or DISABLED), or the link is silent (no authenticated datagram of the current sender for
 * {@link #linkSilentMs()}). Counted from the start of the condition (the disconnect; for the link, the moment it is
 * declared silent), the served status becomes {@code Uncertain_LastUsableValue} after {@link #uncertainAfterMs()} and
 * {@code Bad_NoCommunication} after {@link #badAfterMs()}. When {@code badAfterMs <= uncertainAfterMs} the uncertain
 * stage is skipped.
 *
 * <p>Immutable and thread-safe. Every time is an explicit argument, so no timer is needed: readers compute the stage
 * when they read.
 */
public final class StalenessPolicy
{
    private static final StalenessPolicy DEFAULTS = new StalenessPolicy(
        ReceiverSettings.STALENESS_LINK_SILENT_MS.defaultValue().orElseThrow(),
        ReceiverSettings.STALENESS_UNCERTAIN_AFTER_MS.defaultValue().orElseThrow(),
        ReceiverSettings.STALENESS_BAD_AFTER_MS.defaultValue().orElseThrow());

    private static final int SEVERITY_SHIFT = 30;
    private static final int SEVERITY_BAD = 2;

    private final long linkSilentMs;
    private final long uncertainAfterMs;
    private final long badAfterMs;

    /**
     * @param linkSilentMs     silence after which the link counts as dark, ms, {@code > 0}.
     * @param uncertainAfterMs time in a stale condition before Uncertain, ms, {@code >= 0}.
     * @param badAfterMs       time in a stale condition before Bad, ms, {@code >= 0}.
     * @throws IllegalArgumentException if a time is out of range.
     */
    public StalenessPolicy(final long linkSilentMs, final long uncertainAfterMs, final long badAfterMs)
    {
        if (linkSilentMs <= 0 || uncertainAfterMs < 0 || badAfterMs < 0)
        {
            throw new IllegalArgumentException("linkSilentMs=" + linkSilentMs + " must be > 0, uncertainAfterMs=" +
                uncertainAfterMs + " and badAfterMs=" + badAfterMs + " must be >= 0");
        }
        this.linkSilentMs = linkSilentMs;
        this.uncertainAfterMs = uncertainAfterMs;
        this.badAfterMs = badAfterMs;
    }

    /** @return the policy of a loaded receiver configuration. */
    public static StalenessPolicy fromConfig(final Config config)
    {
        return new StalenessPolicy(config.get(ReceiverSettings.STALENESS_LINK_SILENT_MS),
            config.get(ReceiverSettings.STALENESS_UNCERTAIN_AFTER_MS),
            config.get(ReceiverSettings.STALENESS_BAD_AFTER_MS));
    }

    /** @return the policy of the settings' default values. */
    public static StalenessPolicy defaults()
    {
        return DEFAULTS;
    }

    public long linkSilentMs()
    {
        return linkSilentMs;
    }

    public long uncertainAfterMs()
    {
        return uncertainAfterMs;
    }

    public long badAfterMs()
    {
        return badAfterMs;
    }

    /**
     * @param conditionStartMs when the stale condition began, ms since 1970 ({@link Long#MAX_VALUE} for none).
     * @param nowMs            the reader's clock, ms since 1970.
     * @return the stage at {@code nowMs}; {@link Staleness#NONE} when no condition holds or it lies in the future.
     */
    public Staleness stage(final long conditionStartMs, final long nowMs)
    {
        if (conditionStartMs == Long.MAX_VALUE || nowMs < conditionStartMs)
        {
            return Staleness.NONE;
        }
        final long elapsedMs = nowMs - conditionStartMs;
        if (elapsedMs >= badAfterMs)
        {
            return Staleness.BAD;
        }
        return elapsedMs >= uncertainAfterMs ? Staleness.UNCERTAIN : Staleness.NONE;
    }

    /**
     * @param realStatusCode the StatusCode the value arrived with.
     * @param hasValue       whether the tag has a value at all.
     * @param stage          the tag's staleness.
     * @return what readers are served: {@code Bad_WaitingForInitialData} without a value; {@code Bad_NoCommunication}
     *     when bad; {@code Uncertain_LastUsableValue} when uncertain, unless the real status is already Bad (a
     *     stale condition never makes a value look better); the real status otherwise.
     */
    public static int servedStatusCode(final int realStatusCode, final boolean hasValue, final Staleness stage)
    {
        if (!hasValue)
        {
            return StatusCodes.BAD_WAITING_FOR_INITIAL_DATA;
        }
        switch (stage)
        {
            case BAD:
                return StatusCodes.BAD_NO_COMMUNICATION;
            case UNCERTAIN:
                return isBad(realStatusCode) ? realStatusCode : StatusCodes.UNCERTAIN_LAST_USABLE_VALUE;
            default:
                return realStatusCode;
        }
    }

    private static boolean isBad(final int statusCode)
    {
        return statusCode >>> SEVERITY_SHIFT >= SEVERITY_BAD;
    }

    @Override
    public String toString()
    {
        return "StalenessPolicy{linkSilentMs=" + linkSilentMs + ", uncertainAfterMs=" + uncertainAfterMs +
            ", badAfterMs=" + badAfterMs + '}';
    }
}
