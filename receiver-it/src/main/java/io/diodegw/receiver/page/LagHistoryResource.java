package io.diodegw.receiver.page;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.function.LongSupplier;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import io.diodegw.receiver.http.ReceiverHttpApi;

/**
 * {@code GET /api/history/lag?windowMs=}: the {@link LagHistory} as JSON, behind the API's token like the rest of
 * the data.
 * <pre>
 * {"time":"2025-06-01T12:00:00Z","intervalMs":10000,"windowMs":3600000,"capacity":360,
 *  "sources":[{"sourceId":1,"points":[{"time":"2025-06-01T11:59:50Z","p50Ms":20,"p99Ms":50,"maxMs":48,
 *                                        "count":1200,"sinceLastUpdateMs":12}, ...]}]}
 * </pre>
 * Points are oldest first; {@code p50Ms}, {@code p99Ms} and {@code maxMs} are null when no value was applied in the
 * minute before the point, {@code sinceLastUpdateMs} is null while the source never had one. {@code windowMs}
 * (default and at most {@link LagHistory#SPAN_MS}) limits the points to those of the last {@code windowMs}; a value
 * that is not a whole number in 1..{@link LagHistory#SPAN_MS} is refused (400).
 *
 * <p>Thread-safe (answers on HTTP threads).
 */
public final class LagHistoryResource implements ReceiverHttpApi.Resource
{
    /** Where the API serves it. */
    public static final String PATH = "/api/history/lag";
    /** The query parameter naming the window. */
    public static final String WINDOW_PARAMETER = "windowMs";

    private static final String CONTENT_TYPE = "application/json; charset=utf-8";

    private final LagHistory history;
    private final LongSupplier clockMs;
    private final JsonFactory jsonFactory = new JsonFactory();

    /**
     * @param history the history to serve.
     * @param clockMs the wall clock, ms since 1970 (the window ends now).
     */
    public LagHistoryResource(final LagHistory history, final LongSupplier clockMs)
    {
        this.history = history;
        this.clockMs = clockMs;
    }

    @Override
    public ReceiverHttpApi.Body get(final Map<String, String> query) throws IOException
    {
        final long windowMs = windowMs(query.get(WINDOW_PARAMETER));
        final long nowMs = clockMs.getAsLong();
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator json = jsonFactory.createGenerator(bytes, JsonEncoding.UTF8))
        {
            json.writeStartObject();
            json.writeStringField("time", Instant.ofEpochMilli(nowMs).toString());
            json.writeNumberField("intervalMs", LagHistory.INTERVAL_MS);
            json.writeNumberField("windowMs", windowMs);
            json.writeNumberField("capacity", LagHistory.CAPACITY);
            json.writeArrayFieldStart("sources");
            for (final LagHistory.Series series : history.read(nowMs, windowMs))
            {
                json.writeStartObject();
                json.writeNumberField("sourceId", Integer.toUnsignedLong(series.sourceId()));
                json.writeArrayFieldStart("points");
                for (final LagHistory.Point point : series.points())
                {
                    json.writeStartObject();
                    json.writeStringField("time", Instant.ofEpochMilli(point.timeMs()).toString());
                    optional(json, "p50Ms", point.p50Ms());
                    optional(json, "p99Ms", point.p99Ms());
                    optional(json, "maxMs", point.maxMs());
                    json.writeNumberField("count", point.count());
                    optional(json, "sinceLastUpdateMs", point.sinceLastUpdateMs());
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        bytes.write('\n');
        return new ReceiverHttpApi.Body(CONTENT_TYPE, bytes.toByteArray());
    }

    /**
     * @param text the parameter as given, or null.
     * @return the window, ms.
     * @throws IllegalArgumentException naming the parameter when it is not a whole number in 1..SPAN_MS.
     */
    static long windowMs(final String text)
    {
        if (text == null || text.isEmpty())
        {
            return LagHistory.SPAN_MS;
        }
        final long value;
        try
        {
            value = Long.parseLong(text);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("parameter " + WINDOW_PARAMETER + "='" + text +
                "' is not a whole number of ms");
        }
        if (value < 1 || value > LagHistory.SPAN_MS)
        {
            throw new IllegalArgumentException("parameter " + WINDOW_PARAMETER + "=" + value + " is out of range 1.." +
                LagHistory.SPAN_MS);
        }
        return value;
    }

    private static void optional(final JsonGenerator json, final String name, final long value) throws IOException
    {
        if (value < 0)
        {
            json.writeNullField(name);
        }
        else
        {
            json.writeNumberField(name, value);
        }
    }
}
