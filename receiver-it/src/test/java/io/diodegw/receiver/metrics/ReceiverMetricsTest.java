package io.diodegw.receiver.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.diodegw.receiver.delivery.SinkStatus;
import io.diodegw.receiver.http.ReceiverHttpApi;
import io.diodegw.receiver.link.LinkCounter;
import io.diodegw.receiver.link.LinkCounters;
import io.diodegw.receiver.table.LagHistogram;
import io.diodegw.receiver.table.OpcUaTime;
import io.diodegw.receiver.table.TagTable;
import io.diodegw.wire.crypto.DatagramOpener;
import io.diodegw.wire.crypto.KeyAnnouncementVerifier;
import io.diodegw.wire.record.BuiltinType;
import io.diodegw.wire.record.RecordType;
import io.diodegw.wire.record.SourceState;
import io.diodegw.wire.record.TagDefinition;
import io.diodegw.wire.record.TagValue;

class ReceiverMetricsTest
{
    private static final long NOW_MS = 1_700_000_000_000L;
    private static final double MS_PER_SECOND = 1000.0;

    private final TagTable table = new TagTable();
    private final LinkCounters link = new LinkCounters();
    private final AtomicLong clockMs = new AtomicLong(NOW_MS);
    private final ReceiverMetrics metrics = new ReceiverMetrics(table, link, clockMs::get);

    @AfterEach
    void close()
    {
        metrics.close();
    }

    @Test
    void shouldShowEveryLinkCounterWithTheValueItMovedTo()
    {
        final SplittableRandom random = new SplittableRandom(11);
        final long[] expected = new long[LinkCounter.values().length];
        for (int round = 0; round < 3; round++)
        {
            for (final LinkCounter counter : LinkCounter.values())
            {
                final long delta = random.nextLong(1, 1_000_000);
                link.add(counter, delta);
                expected[counter.ordinal()] += delta;
            }
            final Exposition scrape = new Exposition(metrics.scrape());
            for (final LinkCounter counter : LinkCounter.values())
            {
                final String name = "diodegw_link_" + counter.name().toLowerCase(java.util.Locale.ROOT) + "_total";
                assertEquals(expected[counter.ordinal()], scrape.value(name), name);
                assertEquals("counter", scrape.type(name), name);
            }
        }
    }

    @Test
    void shouldCountRefusedDatagramsAndAnnouncementsByReasonAndAuthFailures()
    {
        for (int i = 0; i < 3; i++)
        {
            link.onOpenRejected(DatagramOpener.BAD_TAG);
        }
        link.onOpenRejected(DatagramOpener.DUPLICATE);
        link.onOpenRejected(DatagramOpener.CRYPTO_FAILURE);
        link.onAnnouncementRejected(KeyAnnouncementVerifier.BAD_SIGNATURE);
        link.onAnnouncementRejected(KeyAnnouncementVerifier.BAD_SIGNATURE);

        final Exposition scrape = new Exposition(metrics.scrape());

        assertEquals(3, scrape.value("diodegw_link_datagrams_refused_total", "reason", "BAD_TAG"));
        assertEquals(1, scrape.value("diodegw_link_datagrams_refused_total", "reason", "DUPLICATE"));
        assertEquals(0, scrape.value("diodegw_link_datagrams_refused_total", "reason", "TOO_OLD"));
        assertEquals(0, scrape.value("diodegw_link_datagrams_refused_total", "reason", "OTHER"));
        assertEquals(4, scrape.value("diodegw_link_auth_failures_total"));
        assertEquals(2, scrape.value("diodegw_link_announcements_refused_total", "reason", "BAD_SIGNATURE"));
        assertEquals(0, scrape.value("diodegw_link_announcements_refused_total", "reason", "EXPIRED"));
    }

    @Test
    void shouldExposeEachSourcesLagHistogramWithTheBucketsSumAndCountOfItsLagHistogram()
    {
        final SplittableRandom random = new SplittableRandom(5);
        final int[] sources = {1, 7, -2};
        for (int s = 0; s < sources.length; s++)
        {
            table.applyDefinition(definition(s + 1, sources[s]));
        }
        for (int i = 0; i < 5_000; i++)
        {
            final int s = random.nextInt(sources.length);
            final long lagMs = random.nextInt(10) == 0 ? -random.nextLong(1, 1_000) : random.nextLong(0, 4_000_000);
            final long appliedMs = NOW_MS + i;
            table.applyValue(RecordType.TAG_VALUE_BATCH, new TagValue().setTagId(s + 1).setDouble(i)
                .setSourceTime(OpcUaTime.fromUnixMs(appliedMs - lagMs)), i, appliedMs);
        }

        final Exposition scrape = new Exposition(metrics.scrape());

        assertEquals("histogram", scrape.type(LagHistogramCollector.NAME));
        for (final int source : sources)
        {
            final String label = Integer.toUnsignedString(source);
            final LagHistogram lag = table.lagHistogram(source);
            final TreeMap<Double, Double> expected = new TreeMap<>();
            long cumulative = 0;
            for (int b = 0; b < LagHistogram.BUCKETS; b++)
            {
                cumulative += lag.bucketCount(b);
                final long upperMs = LagHistogram.bucketUpperMs(b);
                expected.put(upperMs == Long.MAX_VALUE ? Double.POSITIVE_INFINITY : upperMs / MS_PER_SECOND,
                    (double)cumulative);
            }
            assertTrue(lag.count() > 1_000 && lag.negativeCount() > 0, "the case exercises the source " + label);
            assertEquals(expected, scrape.buckets(LagHistogramCollector.NAME, "source", label), label);
            assertEquals(lag.count(), scrape.value(LagHistogramCollector.NAME + "_count", "source", label), label);
            assertEquals(lag.sumMs() / MS_PER_SECOND, scrape.value(LagHistogramCollector.NAME + "_sum", "source",
                label), 1e-6, label);
            assertEquals(lag.negativeCount(), scrape.value("diodegw_source_lag_negative_total", "source", label));
        }
    }

    @Test
    void shouldShowTheSourcesLastReportedStateAsOneAmongItsStatesAndItsLastUpdateAge()
    {
        table.applyDefinition(definition(1, 3));
        table.applySourceState(new SourceState().sourceId(3).state(SourceState.State.DISCONNECTED)
            .timeTicks(OpcUaTime.fromUnixMs(NOW_MS)).reason("gone"), 1, NOW_MS);
        table.applyValue(RecordType.TAG_VALUE_BATCH, new TagValue().setTagId(1).setDouble(1.5)
            .setSourceTime(OpcUaTime.fromUnixMs(NOW_MS - 250)), 2, NOW_MS);
        clockMs.set(NOW_MS + 4_500);

        final Exposition scrape = new Exposition(metrics.scrape());

        for (final SourceState.State state : SourceState.State.values())
        {
            assertEquals(state == SourceState.State.DISCONNECTED ? 1 : 0,
                scrape.value("diodegw_source_state", "source", "3", "state", state.name()), state.name());
        }
        assertEquals(4.5, scrape.value("diodegw_source_last_update_age_seconds", "source", "3"));
        assertEquals(0.25, scrape.value("diodegw_source_last_lag_seconds", "source", "3"));
        assertEquals(1, scrape.value("diodegw_source_values_applied_total", "source", "3"));
        assertEquals(1, scrape.value("diodegw_source_tags", "source", "3"));
    }

    @Test
    void shouldReportAgesAsNaNBeforeTheSenderWasHeardAndEachSinksFiguresAsOfTheScrape()
    {
        final SinkStatus[] files = {new SinkStatus("files", 10, 40, 2, 3, 4, 17, 10, "disk full")};
        metrics.bindSinks(() -> List.of(files[0]));
        files[0] = new SinkStatus("files", 12, 48, 3, 5, 6, 20, 12, null);

        final Exposition scrape = new Exposition(metrics.scrape());

        assertTrue(Double.isNaN(scrape.value("diodegw_link_sender_silence_seconds")));
        assertTrue(Double.isNaN(scrape.value("diodegw_ot_oldest_unsent_age_seconds")));
        assertEquals(5, scrape.value("diodegw_sink_retries_total", "sink", "files"));
        assertEquals(6, scrape.value("diodegw_sink_errors_total", "sink", "files"));
        assertEquals(20, scrape.value("diodegw_sink_lag_entries", "sink", "files"));
        assertEquals(0, scrape.value("diodegw_sink_failing", "sink", "files"));
        files[0] = new SinkStatus("files", 12, 48, 3, 5, 7, 25, 12, "timeout");
        final Exposition later = new Exposition(metrics.scrape());
        assertEquals(7, later.value("diodegw_sink_errors_total", "sink", "files"));
        assertEquals(1, later.value("diodegw_sink_failing", "sink", "files"));
    }

    @Test
    void shouldServeTheScrapeAsPrometheusTextThroughTheHttpResource() throws Exception
    {
        link.add(LinkCounter.DATAGRAMS_RECEIVED, 42);

        final ReceiverHttpApi.Body body = metrics.resource().get(Map.of());

        assertEquals("text/plain; version=0.0.4; charset=utf-8", body.contentType());
        final Exposition scrape = new Exposition(new String(body.bytes(), StandardCharsets.UTF_8));
        assertEquals(42, scrape.value("diodegw_link_datagrams_received_total"));
        assertTrue(scrape.value("jvm_threads_live_threads") > 0);
    }

    private static TagDefinition definition(final int tagId, final int sourceId)
    {
        return new TagDefinition().tagId(tagId).sourceId(sourceId).dataType(BuiltinType.DOUBLE).valueRank(-1)
            .nodeId("ns=2;s=t" + tagId).browsePath("t" + tagId);
    }
}
