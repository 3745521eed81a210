package io.diodegw.receiver.alarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class AlarmMonitorTest
{
    private static final long T0 = 1_795_000_000_000L;
    private static final long CHECK_MS = 1_000;
    private static final AlarmSettings DEFAULTS = new AlarmSettings(CHECK_MS, 10_000, 10_000, 60_000, 1, 1, 300_000,
        60_000);

    private final FakeInputs inputs = new FakeInputs();
    private final List<AlarmEvent> events = new ArrayList<>();

    private AlarmMonitor monitor(final AlarmSettings settings)
    {
        final AlarmMonitor monitor = new AlarmMonitor(settings, inputs, () ->
        {
            throw new AssertionError("tests pass the time to check()");
        });
        monitor.addListener(events::add);
        return monitor;
    }

    private static AlarmSettings only(final AlarmKind kind, final long threshold, final long clearAfterMs)
    {
        return new AlarmSettings(CHECK_MS, clearAfterMs, kind == AlarmKind.LAG ? threshold : 0,
            kind == AlarmKind.BACKLOG_AGE ? threshold : 0, kind == AlarmKind.STALE_TAGS ? threshold : 0,
            kind == AlarmKind.UNRECOVERABLE_BLOCKS ? threshold : 0, 300_000, kind == AlarmKind.SINK_LAG ? threshold : 0);
    }

    @Test
    void shouldRaiseTheLagAlarmWhenTheRecentP99ReachesTheThreshold()
    {
        final AlarmMonitor monitor = monitor(only(AlarmKind.LAG, 10_000, 10_000));
        inputs.source(1, 9_999, 0);
        inputs.lastHeardMs = T0;
        monitor.check(T0);
        assertEquals(List.of(), events);

        inputs.source(1, 10_000, 0);
        monitor.check(T0 + 100);
        assertEquals(List.of(new AlarmEvent(AlarmEvent.Type.RAISED, AlarmKind.LAG, "source 1", 10_000, 10_000,
            T0 + 100, events.get(0).message())), events);
        assertTrue(events.get(0).message().startsWith("source 1 is 10000 ms behind the plant (threshold 10000 ms)"),
            events.get(0).message());
        assertEquals(1, monitor.raised(AlarmKind.LAG));
        assertEquals(1, monitor.activeCount(AlarmKind.LAG));
    }

    @Test
    void shouldRaiseTheLagAlarmOfEverySourceWhenTheSenderIsNoLongerHeardThoughNoValueArrives()
    {
        final AlarmMonitor monitor = monitor(only(AlarmKind.LAG, 10_000, 10_000));
        inputs.source(1, 800, 0);
        inputs.source(0xFFFF_FFFE, -1, 0);
        inputs.lastHeardMs = T0;
        monitor.check(T0 + 9_999);
        assertEquals(List.of(), events);

        monitor.check(T0 + 10_000);
        assertEquals(2, events.size());
        assertEquals("source 1", events.get(0).subject());
        assertEquals("source 4294967294", events.get(1).subject());
        assertEquals(10_000, events.get(1).value());
        assertEquals(2, monitor.active().size());
    }

    @Test
    void shouldClearOnlyAfterTheValueStayedBelowForClearAfterMsSoItDoesNotFlap()
    {
        final AlarmMonitor monitor = monitor(only(AlarmKind.BACKLOG_AGE, 60_000, 10_000));
        inputs.oldestUnsentAgeMs = 60_000;
        monitor.check(T0);
        inputs.oldestUnsentAgeMs = 59_000;
        monitor.check(T0 + 1_000);
        monitor.check(T0 + 10_999);
        inputs.oldestUnsentAgeMs = 61_000;
        monitor.check(T0 + 11_000);
        inputs.oldestUnsentAgeMs = 10;
        monitor.check(T0 + 12_000);
        monitor.check(T0 + 21_999);
        assertEquals(1, events.size(), events.toString());
        assertEquals(1, monitor.active().size());
        assertEquals(10, monitor.active().get(0).value());
        assertEquals(T0, monitor.active().get(0).sinceMs());

        monitor.check(T0 + 22_000);
        assertEquals(2, events.size());
        final AlarmEvent cleared = events.get(1);
        assertEquals(new AlarmEvent(AlarmEvent.Type.CLEARED, AlarmKind.BACKLOG_AGE, "sender", 10, 60_000, T0 + 22_000,
            "backlogAge of sender is back to normal: 10 ms, below the threshold 60000 ms for 10000 ms"), cleared);
        assertEquals(List.of(), monitor.active());
        assertEquals(1, monitor.raised());
        assertEquals(1, monitor.cleared());
        assertEquals(1, monitor.cleared(AlarmKind.BACKLOG_AGE));
    }

    @Test
    void shouldRaiseAgainAfterAClearWhenTheValueReturns()
    {
        final AlarmMonitor monitor = monitor(only(AlarmKind.BACKLOG_AGE, 100, 0));
        for (int i = 0; i < 3; i++)
        {
            inputs.oldestUnsentAgeMs = 100;
            monitor.check(T0 + i * 2_000L);
            inputs.oldestUnsentAgeMs = 99;
            monitor.check(T0 + i * 2_000L + 1_000);
        }
        assertEquals(6, events.size());
        assertEquals(3, monitor.raised(AlarmKind.BACKLOG_AGE));
        assertEquals(3, monitor.cleared(AlarmKind.BACKLOG_AGE));
    }

    @Test
    void shouldNotRaiseTheBacklogAlarmBeforeTheSenderReportedItsStatus()
    {
        final AlarmMonitor monitor = monitor(DEFAULTS);
        inputs.oldestUnsentAgeMs = -1;
        monitor.check(T0);
        assertEquals(List.of(), events);
    }

    @Test
    void shouldRaiseTheStaleTagsAlarmPerSourceAndCountOnlyWhenEnabled()
    {
        final AlarmMonitor monitor = monitor(only(AlarmKind.STALE_TAGS, 5, 2_000));
        inputs.source(1, 10, 4);
        inputs.source(2, 10, 5);
        monitor.check(T0);
        assertEquals(1, events.size());
        assertEquals("source 2", events.get(0).subject());
        assertEquals(AlarmKind.STALE_TAGS, events.get(0).kind());
        assertTrue(events.get(0).message().startsWith("5 tags of source 2 are served stale"));

        inputs.source(2, 10, 0);
        monitor.check(T0 + 1_000);
        monitor.check(T0 + 3_000);
        assertEquals(AlarmEvent.Type.CLEARED, events.get(1).type());

        final FakeInputs other = new FakeInputs();
        other.source(1, 10, 50);
        final AlarmMonitor off = new AlarmMonitor(only(AlarmKind.LAG, 10_000, 0), other, () -> T0);
        off.check(T0);
        assertEquals(0, other.staleCountCalls);
        assertEquals(0, off.raised());
    }

    @Test
    void shouldCountUnrecoverableBlocksOverTheSlidingWindowAndClearWhenTheyLeaveIt()
    {
        final AlarmMonitor monitor = monitor(new AlarmSettings(CHECK_MS, 5_000, 0, 0, 0, 3, 60_000, 0));
        inputs.unrecoverableBlocks = 0;
        monitor.check(T0);
        inputs.unrecoverableBlocks = 2;
        monitor.check(T0 + 1_000);
        assertEquals(List.of(), events);
        inputs.unrecoverableBlocks = 3;
        monitor.check(T0 + 2_000);
        assertEquals(1, events.size());
        assertEquals(new AlarmEvent(AlarmEvent.Type.RAISED, AlarmKind.UNRECOVERABLE_BLOCKS, "link", 3, 3, T0 + 2_000,
            events.get(0).message()), events.get(0));
        assertTrue(events.get(0).message().startsWith("3 FEC blocks were lost beyond repair in the last 60000 ms"));

        for (long t = T0 + 3_000; t <= T0 + 61_000; t += CHECK_MS)
        {
            monitor.check(t);
        }
        assertEquals(1, events.size(), "the window still holds the blocks of T0+1000..T0+2000: " + events);
        for (long t = T0 + 62_000; t <= T0 + 70_000; t += CHECK_MS)
        {
            monitor.check(t);
        }
        assertEquals(2, events.size());
        assertEquals(AlarmEvent.Type.CLEARED, events.get(1).type());
        assertEquals(0, events.get(1).value());
    }

    @Test
    void shouldRaiseTheSinkLagAlarmForTheSinkThatStopsCommittingOnly()
    {
        final AlarmMonitor monitor = monitor(only(AlarmKind.SINK_LAG, 60_000, 10_000));
        inputs.sink("files", 0);
        inputs.sink("s3", 0);
        for (int second = 0; second <= 120; second++)
        {
            inputs.journalHead = 100L * second;
            inputs.sink("files", inputs.journalHead);
            if (second <= 10)
            {
                inputs.sink("s3", inputs.journalHead);
            }
            monitor.check(T0 + second * 1_000L);
            if (second == 70)
            {
                assertEquals(List.of(), events, "s3 holds everything up to second 10: lag 59 s at second 70");
            }
        }
        assertEquals(1, events.size(), events.toString());
        assertEquals("sink s3", events.get(0).subject());
        assertEquals(60_000, events.get(0).value());
        assertEquals(T0 + 71_000, events.get(0).timeMs());
        assertEquals(109_000, monitor.active().get(0).value());

        inputs.sink("s3", inputs.journalHead);
        monitor.check(T0 + 121_000);
        monitor.check(T0 + 131_000);
        assertEquals(AlarmEvent.Type.CLEARED, events.get(1).type());
        assertEquals("sink s3", events.get(1).subject());
    }

    @Test
    void shouldTurnAKindOffWithAThresholdOfZero()
    {
        final AlarmMonitor monitor = monitor(new AlarmSettings(CHECK_MS, 0, 0, 0, 0, 0, 300_000, 0));
        inputs.source(1, 1_000_000, 100);
        inputs.lastHeardMs = T0 - 1_000_000;
        inputs.oldestUnsentAgeMs = 1_000_000;
        inputs.unrecoverableBlocks = 1_000;
        inputs.journalHead = 1_000;
        inputs.sink("files", 0);
        monitor.check(T0);
        monitor.check(T0 + 1_000_000);
        assertEquals(List.of(), events);
        assertEquals(2, monitor.checks());
    }

    @Test
    void shouldClearAnAlarmWhoseSubjectDisappearsAfterClearAfterMs()
    {
        final AlarmMonitor monitor = monitor(only(AlarmKind.SINK_LAG, 1_000, 2_000));
        inputs.sink("files", 0);
        inputs.journalHead = 0;
        monitor.check(T0);
        inputs.journalHead = 10;
        monitor.check(T0 + 1_000);
        monitor.check(T0 + 2_000);
        assertEquals(1, events.size());
        inputs.sinks.clear();
        monitor.check(T0 + 3_000);
        monitor.check(T0 + 5_000);
        assertEquals(2, events.size());
        assertEquals(new AlarmEvent(AlarmEvent.Type.CLEARED, AlarmKind.SINK_LAG, "sink files", 0, 1_000, T0 + 5_000,
            events.get(1).message()), events.get(1));
    }

    @Test
    void shouldKeepTheLastFiftyEventsNewestFirstAndCountThemAll()
    {
        final AlarmMonitor monitor = monitor(only(AlarmKind.BACKLOG_AGE, 100, 0));
        final SplittableRandom random = new SplittableRandom(6);
        long t = T0;
        int expectedEvents = 0;
        boolean active = false;
        for (int i = 0; i < 400; i++)
        {
            final boolean above = random.nextBoolean();
            inputs.oldestUnsentAgeMs = above ? 100 + random.nextInt(1000) : random.nextInt(100);
            monitor.check(t += CHECK_MS);
            if (above != active)
            {
                expectedEvents++;
                active = above;
            }
        }
        assertEquals(expectedEvents, events.size());
        assertEquals(expectedEvents, monitor.raised() + monitor.cleared());
        assertEquals(AlarmMonitor.RECENT_EVENTS, monitor.recent().size());
        for (int i = 0; i < AlarmMonitor.RECENT_EVENTS; i++)
        {
            assertEquals(events.get(events.size() - 1 - i), monitor.recent().get(i));
        }
    }

    @Test
    void shouldGiveEveryListenerTheEventWhenOneThrows()
    {
        final AlarmMonitor monitor = new AlarmMonitor(only(AlarmKind.BACKLOG_AGE, 1, 0), inputs, () -> T0);
        monitor.addListener(event ->
        {
            throw new IllegalStateException("listener down");
        });
        monitor.addListener(events::add);
        inputs.oldestUnsentAgeMs = 5;
        monitor.check(T0);
        assertEquals(1, events.size());
        assertEquals(1, monitor.listenerFailures());
        assertEquals(1, monitor.active().size());
    }

    @Test
    void shouldWriteTheAlarmsSectionInTheShapeThePageReads() throws IOException
    {
        final AlarmMonitor monitor = monitor(only(AlarmKind.LAG, 10_000, 0));
        inputs.source(1, 12_345, 0);
        inputs.lastHeardMs = T0;
        monitor.check(T0);
        inputs.source(1, 5, 0);
        monitor.check(T0 + 1_000);
        inputs.source(1, 12_346, 0);
        monitor.check(T0 + 2_000);

        final JsonNode alarms = statusJson(monitor).get("alarms");
        assertEquals(List.of("active", "raised", "cleared", "recent"), fieldNames(alarms));
        final JsonNode active = alarms.get("active").get(0);
        assertEquals(List.of("kind", "subject", "value", "threshold", "since", "message"), fieldNames(active));
        assertEquals("lag", active.get("kind").asText());
        assertEquals("source 1", active.get("subject").asText());
        assertEquals(12_346, active.get("value").asLong());
        assertEquals(10_000, active.get("threshold").asLong());
        assertEquals("2026-11-18T11:06:42Z", active.get("since").asText());
        assertEquals(2, alarms.get("raised").asLong());
        assertEquals(1, alarms.get("cleared").asLong());
        final JsonNode newest = alarms.get("recent").get(0);
        assertEquals(List.of("event", "kind", "subject", "value", "threshold", "time", "message"), fieldNames(newest));
        assertEquals("RAISED", newest.get("event").asText());
        assertEquals("CLEARED", alarms.get("recent").get(1).get("event").asText());
        assertEquals(1_000, alarms.get("recent").get(1).get("value").asLong(), "p99 5 ms, sender heard 1000 ms ago");
        assertEquals("2026-11-18T11:06:41Z", alarms.get("recent").get(1).get("time").asText());
        assertEquals(3, alarms.get("recent").size());
    }

    @Test
    void shouldRefuseASecondStart()
    {
        final AlarmMonitor monitor = new AlarmMonitor(DEFAULTS, inputs, () -> T0);
        try (monitor)
        {
            monitor.start();
            assertThrows(IllegalStateException.class, monitor::start);
        }
    }

    private static JsonNode statusJson(final AlarmMonitor monitor) throws IOException
    {
        final StringWriter text = new StringWriter();
        try (JsonGenerator json = new JsonFactory().createGenerator(text))
        {
            json.writeStartObject();
            monitor.writeStatus(json);
            json.writeEndObject();
        }
        return new ObjectMapper().readTree(text.toString());
    }

    private static List<String> fieldNames(final JsonNode node)
    {
        final List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
