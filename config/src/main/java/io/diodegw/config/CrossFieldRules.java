package io.diodegw.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Rules that relate several settings. They run only when every setting involved has a valid value, so each
 * problem is reported once, by its root cause.
 */
final class CrossFieldRules
{
    private CrossFieldRules()
    {
    }

    static void check(
        final Side loadingSide,
        final Map<Setting<?>, Object> values,
        final Map<Setting<?>, Source> sources,
        final List<ConfigProblem> problems)
    {
        final Object k = values.get(LinkSettings.FEC_SOURCE_SYMBOLS);
        final Object m = values.get(LinkSettings.FEC_REPAIR_SYMBOLS);
        if (k != null && m != null)
        {
            add(problems, blockGeometryProblem(
                (Integer)k, sources.get(LinkSettings.FEC_SOURCE_SYMBOLS),
                (Integer)m, sources.get(LinkSettings.FEC_REPAIR_SYMBOLS)));
        }
        final Object mtu = values.get(LinkSettings.MTU_BYTES);
        if (mtu != null)
        {
            add(problems, symbolSizeProblem((Integer)mtu, sources.get(LinkSettings.MTU_BYTES)));
        }
        final Object window = values.get(ReceiverSettings.REORDER_WINDOW_BLOCKS);
        final Object depth = values.get(LinkSettings.FEC_INTERLEAVE_DEPTH);
        if (loadingSide == Side.RECEIVER && window != null && depth != null)
        {
            add(problems, reorderWindowProblem(
                (Integer)window, sources.get(ReceiverSettings.REORDER_WINDOW_BLOCKS),
                (Integer)depth, sources.get(LinkSettings.FEC_INTERLEAVE_DEPTH)));
        }
        final Object webhook = values.get(ReceiverSettings.ALARMS_WEBHOOK_URL);
        if (loadingSide == Side.RECEIVER && webhook != null)
        {
            add(problems, webhookUrlProblem((String)webhook, sources.get(ReceiverSettings.ALARMS_WEBHOOK_URL)));
        }
    }

    /**
     * @return null when the alarm webhook URL is empty (off) or an absolute http or https URL with a host, else the
     *     problem.
     */
    static ConfigProblem webhookUrlProblem(final String url, final Source source)
    {
        if (url.isEmpty())
        {
            return null;
        }
        String why = null;
        try
        {
            final URI uri = new URI(url);
            final String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!"http".equals(scheme) && !"https".equals(scheme))
            {
                why = uri.getScheme() == null ? "has no scheme" : "has the scheme " + uri.getScheme();
            }
            else if (uri.getHost() == null || uri.getHost().isEmpty())
            {
                why = "has no host";
            }
        }
        catch (final URISyntaxException ex)
        {
            why = "is not a URL (" + ex.getReason() + " at index " + ex.getIndex() + ")";
        }
        if (why == null)
        {
            return null;
        }
        final String key = ReceiverSettings.ALARMS_WEBHOOK_URL.key();
        return new ConfigProblem(key, source, key + "=" + url + " (from " + source + ") " + why
            + "; set it to an http:// or https:// URL with a host, such as https://alerts.example.com/diodegw, or "
            + "leave it empty to send no alarm webhook");
    }

    /**
     * @return null when a block of k source and m repair symbols fits the block format, else the problem.
     */
    static ConfigProblem blockGeometryProblem(final int k, final Source kSource, final int m, final Source mSource)
    {
        if (k + m <= LinkSettings.MAX_BLOCK_SYMBOLS)
        {
            return null;
        }
        return new ConfigProblem(LinkSettings.FEC_SOURCE_SYMBOLS.key(), kSource,
            LinkSettings.FEC_SOURCE_SYMBOLS.key() + "=" + k + " (from " + kSource + ") plus "
            + LinkSettings.FEC_REPAIR_SYMBOLS.key() + "=" + m + " (from " + mSource + ") is " + (k + m)
            + " symbols per FEC block, above the maximum " + LinkSettings.MAX_BLOCK_SYMBOLS
            + "; lower one of them so that their sum is at most " + LinkSettings.MAX_BLOCK_SYMBOLS);
    }

    /**
     * @return null when the MTU leaves a usable FEC symbol, else the problem.
     */
    static ConfigProblem symbolSizeProblem(final int mtuBytes, final Source source)
    {
        final int symbolBytes = LinkSettings.symbolSizeBytes(mtuBytes);
        if (symbolBytes >= LinkSettings.MIN_SYMBOL_BYTES)
        {
            return null;
        }
        final int minMtu = LinkSettings.MIN_SYMBOL_BYTES + LinkSettings.IP_UDP_HEADER_BYTES
            + LinkSettings.DATAGRAM_HEADER_BYTES + LinkSettings.AEAD_TAG_BYTES;
        return new ConfigProblem(LinkSettings.MTU_BYTES.key(), source,
            LinkSettings.MTU_BYTES.key() + "=" + mtuBytes + " (from " + source + ") leaves FEC symbols of "
            + symbolBytes + " bytes (MTU - " + (minMtu - LinkSettings.MIN_SYMBOL_BYTES)
            + ", rounded down to a multiple of " + LinkSettings.SYMBOL_ALIGNMENT_BYTES + "), below the minimum "
            + LinkSettings.MIN_SYMBOL_BYTES + "; set it to at least " + minMtu + " bytes");
    }

    /**
     * @return null when the receiver keeps at least one interleaving span of blocks open, else the problem.
     */
    static ConfigProblem reorderWindowProblem(
        final int windowBlocks, final Source windowSource, final int depthBlocks, final Source depthSource)
    {
        if (windowBlocks >= depthBlocks)
        {
            return null;
        }
        return new ConfigProblem(ReceiverSettings.REORDER_WINDOW_BLOCKS.key(), windowSource,
            ReceiverSettings.REORDER_WINDOW_BLOCKS.key() + "=" + windowBlocks + " (from " + windowSource
            + ") is below " + LinkSettings.FEC_INTERLEAVE_DEPTH.key() + "=" + depthBlocks + " (from " + depthSource
            + "): symbols of that many blocks arrive interleaved, so the receiver must keep them all open; set "
            + ReceiverSettings.REORDER_WINDOW_BLOCKS.key() + " to at least " + depthBlocks);
    }

    private static void add(final List<ConfigProblem> problems, final ConfigProblem problem)
    {
        if (problem != null)
        {
            problems.add(problem);
        }
    }
}
