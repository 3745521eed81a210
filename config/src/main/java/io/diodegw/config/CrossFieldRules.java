package io.diodegw.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Rules that relate several settings. They run only when every setting involved has a valid value, so each
 * problem is reported once, by its root cause; {@link #senderIdentityProblem} is the exception: it asks only which
 * settings were given, since their values are checked on their own.
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
        final Object alarmTopic = values.get(ReceiverSettings.ALARMS_KAFKA_TOPIC);
        if (loadingSide == Side.RECEIVER && alarmTopic != null)
        {
            add(problems, alarmTopicProblem((String)alarmTopic, sources.get(ReceiverSettings.ALARMS_KAFKA_TOPIC),
                values.get(ReceiverSettings.SINKS_KAFKA_BOOTSTRAP_SERVERS) != null));
        }
    }

    /**
     * @return null when the alarm topic is a legal Kafka topic name and a cluster is configured, else the problem.
     */
    static ConfigProblem alarmTopicProblem(final String topic, final Source source, final boolean clusterGiven)
    {
        final String key = ReceiverSettings.ALARMS_KAFKA_TOPIC.key();
        if (!topic.matches("[A-Za-z0-9._-]+") || ".".equals(topic) || "..".equals(topic))
        {
            return new ConfigProblem(key, source, key + "=" + topic + " (from " + source + ") is not a Kafka topic "
                + "name; use letters, digits, '.', '_' and '-' only, such as site1.diodegw.alarms");
        }
        if (!clusterGiven)
        {
            return new ConfigProblem(key, source, key + "=" + topic + " (from " + source + ") needs a cluster: set "
                + ReceiverSettings.SINKS_KAFKA_BOOTSTRAP_SERVERS.key() + " (host:port[,host:port...]), or remove "
                + key);
        }
        return null;
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

    /** The PKCS#11 settings that together replace {@link SenderSettings#IDENTITY_KEY_FILE}, in message order. */
    static final List<Setting<?>> PKCS11_SETTINGS = List.of(SenderSettings.PKCS11_LIBRARY,
        SenderSettings.PKCS11_TOKEN_LABEL, SenderSettings.PKCS11_KEY_LABEL, SenderSettings.PKCS11_PIN_FILE);

    /**
     * The sender's identity key is either a PEM file or on a PKCS#11 token: exactly one of
     * {@code sender.identityKeyFile} and the complete set of {@code sender.pkcs11.*} settings.
     *
     * @param given    the settings given in the file or environment (valid or not), with their raw values.
     * @param fileName the configuration file's name, or null when the file was unusable: then a missing identity is
     *                 not reported, since the file may well configure it.
     * @return null when the rule holds, else the problem.
     */
    static ConfigProblem senderIdentityProblem(final Map<Setting<?>, RawValue> given, final String fileName)
    {
        final Setting<?> file = SenderSettings.IDENTITY_KEY_FILE;
        final List<String> pkcs11Given = new ArrayList<>();
        final List<String> pkcs11Missing = new ArrayList<>();
        for (final Setting<?> setting : PKCS11_SETTINGS)
        {
            (given.containsKey(setting) ? pkcs11Given : pkcs11Missing).add(setting.key());
        }
        final String allPkcs11 = String.join(", ", PKCS11_SETTINGS.stream().map(Setting::key).toList());
        if (given.containsKey(file) && !pkcs11Given.isEmpty())
        {
            return new ConfigProblem(file.key(), given.get(file).source(), file.key() + " (from " +
                given.get(file).source() + ") and " + String.join(", ", pkcs11Given) + " are both set, but the " +
                "sender's identity key is either a PEM file or on a PKCS#11 token; remove " + file.key() +
                " to use the token, or the sender.pkcs11.* settings to use the file");
        }
        if (given.containsKey(file))
        {
            return null;
        }
        if (pkcs11Given.isEmpty())
        {
            if (fileName == null)
            {
                return null;
            }
            return new ConfigProblem(file.key(), Source.DEFAULT, file.key() + " is required: " + file.summary() +
                ", e.g. " + SenderSettings.IDENTITY_KEY_FILE_EXAMPLE + " (set it in " + fileName + " or " +
                file.envVariable() + "), or keep the key on a PKCS#11 token and set " + allPkcs11 + " instead");
        }
        if (!pkcs11Missing.isEmpty())
        {
            final Setting<?> first = PKCS11_SETTINGS.stream().filter(s -> pkcs11Missing.get(0).equals(s.key()))
                .findFirst().orElseThrow();
            return new ConfigProblem(first.key(), Source.DEFAULT, String.join(", ", pkcs11Given) +
                (pkcs11Given.size() == 1 ? " is" : " are") + " set but " + String.join(", ", pkcs11Missing) +
                (pkcs11Missing.size() == 1 ? " is" : " are") + " not: a sender identity key on a PKCS#11 token " +
                "needs all of " + allPkcs11 + "; set the missing " + (pkcs11Missing.size() == 1 ? "one" : "ones") +
                ", or remove them all and set " + file.key());
        }
        return null;
    }

    static void add(final List<ConfigProblem> problems, final ConfigProblem problem)
    {
        if (problem != null)
        {
            problems.add(problem);
        }
    }
}
