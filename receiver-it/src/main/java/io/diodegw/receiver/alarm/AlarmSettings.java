package io.diodegw.receiver.alarm;

import io.diodegw.config.Config;
import io.diodegw.config.ReceiverSettings;

/**
 * The alarm thresholds and timing, from {@code receiver.alarms.*}. A threshold of 0 turns its alarm off. Immutable.
 *
 * @param checkIntervalMs     how often the monitor evaluates, ms.
 * @param clearAfterMs        how long a value must stay below its threshold before a raised alarm clears, ms.
 * @param lagMs               lag threshold per source, ms; 0 off.
 * @param backlogAgeMs        OT backlog age threshold, ms; 0 off.
 * @param staleTags           stale tags per source threshold; 0 off.
 * @param unrecoverableBlocks unrecoverable blocks per window threshold; 0 off.
 * @param windowMs            the window unrecoverable blocks are counted over, ms.
 * @param sinkLagMs           delivery lag threshold per sink, ms; 0 off.
 */
public record AlarmSettings(long checkIntervalMs, long clearAfterMs, long lagMs, long backlogAgeMs, long staleTags,
    long unrecoverableBlocks, long windowMs, long sinkLagMs)
{
    /**
     * @param config a loaded receiver configuration.
     * @return its alarm settings.
     */
    public static AlarmSettings fromConfig(final Config config)
    {
        return new AlarmSettings(config.get(ReceiverSettings.ALARMS_CHECK_INTERVAL_MS),
            config.get(ReceiverSettings.ALARMS_CLEAR_AFTER_MS), config.get(ReceiverSettings.ALARMS_LAG_MS),
            config.get(ReceiverSettings.ALARMS_BACKLOG_AGE_MS), config.get(ReceiverSettings.ALARMS_STALE_TAGS),
            config.get(ReceiverSettings.ALARMS_UNRECOVERABLE_BLOCKS), config.get(ReceiverSettings.ALARMS_WINDOW_MS),
            config.get(ReceiverSettings.ALARMS_SINK_LAG_MS));
    }

    /**
     * @param kind an alarm kind.
     * @return its threshold, 0 when it is off.
     */
    public long threshold(final AlarmKind kind)
    {
        return switch (kind)
        {
            case LAG -> lagMs;
            case BACKLOG_AGE -> backlogAgeMs;
            case STALE_TAGS -> staleTags;
            case UNRECOVERABLE_BLOCKS -> unrecoverableBlocks;
            case SINK_LAG -> sinkLagMs;
        };
    }
}
