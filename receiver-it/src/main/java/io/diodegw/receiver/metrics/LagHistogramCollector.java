package io.diodegw.receiver.metrics;

import java.util.List;
import java.util.function.Supplier;

import io.diodegw.receiver.table.LagHistogram;
import io.diodegw.receiver.table.SourceSnapshot;
import io.diodegw.receiver.table.TagTable;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.Unit;

/**
 * Exposes each source's {@link LagHistogram} as one Prometheus histogram, {@value #NAME}, labelled
 * {@code source} (the decimal source id): its buckets, count and sum read as they are at scrape time, converted from
 * ms to seconds. Nothing is recorded twice: the table's writer thread keeps filling the {@link LagHistogram} and does
 * no work for this collector.
 *
 * <p>The count is the sum of the buckets read, so {@code _count} always equals the {@code +Inf} bucket; the sum is read
 * separately and may include a value or two the buckets did not (the writer does not stop for a scrape).
 * Thread-safe: reads only.
 */
final class LagHistogramCollector implements Collector
{
    /** The family name. */
    static final String NAME = "diodegw_source_lag_seconds";
    static final String HELP = "Apply time on IT minus source timestamp on OT of each live value, by source "
        + "(negative lags count as 0)";
    private static final double MS_PER_SECOND = 1000.0;
    private static final double[] UPPER_BOUNDS_SECONDS = upperBoundsSeconds();

    private final TagTable table;
    private final Supplier<List<SourceSnapshot>> sources;

    /**
     * @param table   the tag table holding the histograms.
     * @param sources the sources to expose (those of the current scrape).
     */
    LagHistogramCollector(final TagTable table, final Supplier<List<SourceSnapshot>> sources)
    {
        this.table = table;
        this.sources = sources;
    }

    @Override
    public MetricSnapshot collect()
    {
        final HistogramSnapshot.Builder builder = HistogramSnapshot.builder().name(NAME).help(HELP)
            .unit(Unit.SECONDS);
        final long[] counts = new long[LagHistogram.BUCKETS];
        for (final SourceSnapshot source : sources.get())
        {
            final LagHistogram lag = table.lagHistogram(source.sourceId());
            if (lag == null)
            {
                continue;
            }
            for (int i = 0; i < LagHistogram.BUCKETS; i++)
            {
                counts[i] = lag.bucketCount(i);
            }
            builder.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                .labels(Labels.of(ReceiverMetrics.SOURCE, ReceiverMetrics.sourceLabel(source.sourceId())))
                .classicHistogramBuckets(ClassicHistogramBuckets.of(UPPER_BOUNDS_SECONDS, counts.clone()))
                .sum(lag.sumMs() / MS_PER_SECOND)
                .build());
        }
        return builder.build();
    }

    @Override
    public String getPrometheusName()
    {
        return NAME;
    }

    private static double[] upperBoundsSeconds()
    {
        final double[] bounds = new double[LagHistogram.BUCKETS];
        for (int i = 0; i < bounds.length; i++)
        {
            final long upperMs = LagHistogram.bucketUpperMs(i);
            bounds[i] = upperMs == Long.MAX_VALUE ? Double.POSITIVE_INFINITY : upperMs / MS_PER_SECOND;
        }
        return bounds;
    }
}
