package io.diodegw.sender.opcua;

import io.diodegw.config.Config;
import io.diodegw.config.SenderSettings;
import io.diodegw.config.SenderSettings.OpcUaDataChangeTrigger;
import io.diodegw.config.SenderSettings.OpcUaSecurity;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything an {@link OpcUaCollector} needs, validated: built from the {@code sender.opcua.*} settings by
 * {@link #from(Config)} or directly with {@link #builder(String, Path)} (tests, tools).
 *
 * <p>Immutable and thread-safe. {@link Builder#build()} and {@link #from(Config)} throw
 * {@link IllegalArgumentException} with a message naming the setting when a value or a combination is invalid.
 */
public final class OpcUaCollectorSettings
{
    private final String endpointUrl;
    private final int sourceId;
    private final OpcUaSecurity security;
    private final Path certificateFile;
    private final Path privateKeyFile;
    private final Path serverCertificateFile;
    private final String username;
    private final String password;
    private final List<String> roots;
    private final List<String> allowList;
    private final List<String> denyList;
    private final long publishingIntervalMs;
    private final long samplingIntervalMs;
    private final int queueSize;
    private final double absoluteDeadband;
    private final OpcUaDataChangeTrigger dataChangeTrigger;
    private final int monitoredItemsPerCall;
    private final long requestTimeoutMs;
    private final long reconnectMinDelayMs;
    private final long reconnectMaxDelayMs;
    private final Path tagIdFile;

    private OpcUaCollectorSettings(final Builder b)
    {
        endpointUrl = b.endpointUrl;
        sourceId = b.sourceId;
        security = b.security;
        certificateFile = b.certificateFile;
        privateKeyFile = b.privateKeyFile;
        serverCertificateFile = b.serverCertificateFile;
        username = b.username;
        password = b.password;
        roots = List.copyOf(b.roots);
        allowList = List.copyOf(b.allowList);
        denyList = List.copyOf(b.denyList);
        publishingIntervalMs = b.publishingIntervalMs;
        samplingIntervalMs = b.samplingIntervalMs;
        queueSize = b.queueSize;
        absoluteDeadband = b.absoluteDeadband;
        dataChangeTrigger = b.dataChangeTrigger;
        monitoredItemsPerCall = b.monitoredItemsPerCall;
        requestTimeoutMs = b.requestTimeoutMs;
        reconnectMinDelayMs = b.reconnectMinDelayMs;
        reconnectMaxDelayMs = b.reconnectMaxDelayMs;
        tagIdFile = b.tagIdFile;
    }

    /**
     * @param config a sender configuration.
     * @return the collector settings, or null when {@code sender.opcua.endpointUrl} is unset (no OPC UA collector).
     * @throws IllegalArgumentException if a value is invalid or a combination is incomplete.
     */
    public static OpcUaCollectorSettings from(final Config config)
    {
        final String url = config.find(SenderSettings.OPCUA_ENDPOINT_URL).orElse(null);
        if (url == null)
        {
            return null;
        }
        final int sourceId = config.get(SenderSettings.OPCUA_SOURCE_ID);
        final Path tagIdFile = config.find(SenderSettings.OPCUA_TAG_ID_FILE).orElse(
            config.get(SenderSettings.JOURNAL_DIR).resolve("opcua-tag-ids-" + sourceId + ".tsv"));
        return builder(url, tagIdFile)
            .sourceId(sourceId)
            .security(config.get(SenderSettings.OPCUA_SECURITY))
            .certificateFile(config.find(SenderSettings.OPCUA_CERTIFICATE_FILE).orElse(null))
            .privateKeyFile(config.find(SenderSettings.OPCUA_PRIVATE_KEY_FILE).orElse(null))
            .serverCertificateFile(config.find(SenderSettings.OPCUA_SERVER_CERTIFICATE_FILE).orElse(null))
            .username(config.find(SenderSettings.OPCUA_USERNAME).orElse(null))
            .password(config.find(SenderSettings.OPCUA_PASSWORD).orElse(null))
            .roots(splitList(config.get(SenderSettings.OPCUA_ROOTS)))
            .allowList(splitList(config.get(SenderSettings.OPCUA_ALLOW_LIST)))
            .denyList(splitList(config.get(SenderSettings.OPCUA_DENY_LIST)))
            .publishingIntervalMs(config.get(SenderSettings.OPCUA_PUBLISHING_INTERVAL_MS))
            .samplingIntervalMs(config.get(SenderSettings.OPCUA_SAMPLING_INTERVAL_MS))
            .queueSize(config.get(SenderSettings.OPCUA_QUEUE_SIZE))
            .absoluteDeadband(parseDeadband(config.get(SenderSettings.OPCUA_ABSOLUTE_DEADBAND)))
            .dataChangeTrigger(config.get(SenderSettings.OPCUA_DATA_CHANGE_TRIGGER))
            .monitoredItemsPerCall(config.get(SenderSettings.OPCUA_MONITORED_ITEMS_PER_CALL))
            .requestTimeoutMs(config.get(SenderSettings.OPCUA_REQUEST_TIMEOUT_MS))
            .reconnectDelayMs(config.get(SenderSettings.OPCUA_RECONNECT_MIN_DELAY_MS),
                config.get(SenderSettings.OPCUA_RECONNECT_MAX_DELAY_MS))
            .build();
    }

    /**
     * @param endpointUrl {@code opc.tcp://host:port[/path]}.
     * @param tagIdFile   the file that keeps the node id to tag id map.
     * @return a builder with the defaults of the {@code sender.opcua.*} settings.
     */
    public static Builder builder(final String endpointUrl, final Path tagIdFile)
    {
        return new Builder(endpointUrl, tagIdFile);
    }

    /**
     * Splits a comma-separated list, trimming items and dropping empty ones.
     *
     * @return the items, never null.
     */
    static List<String> splitList(final String text)
    {
        final List<String> items = new ArrayList<>();
        for (final String part : text.split(","))
        {
            final String item = part.trim();
            if (!item.isEmpty())
            {
                items.add(item);
            }
        }
        return items;
    }

    private static double parseDeadband(final String text)
    {
        final double value;
        try
        {
            value = Double.parseDouble(text.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(SenderSettings.OPCUA_ABSOLUTE_DEADBAND.key() + "=" + text +
                " is not a decimal number", ex);
        }
        return value;
    }

    public String endpointUrl()
    {
        return endpointUrl;
    }

    public int sourceId()
    {
        return sourceId;
    }

    public OpcUaSecurity security()
    {
        return security;
    }

    public Path certificateFile()
    {
        return certificateFile;
    }

    public Path privateKeyFile()
    {
        return privateKeyFile;
    }

    public Path serverCertificateFile()
    {
        return serverCertificateFile;
    }

    /**
     * @return the user name, or null for an anonymous session.
     */
    public String username()
    {
        return username;
    }

    String password()
    {
        return password;
    }

    public List<String> roots()
    {
        return roots;
    }

    public List<String> allowList()
    {
        return allowList;
    }

    public List<String> denyList()
    {
        return denyList;
    }

    public long publishingIntervalMs()
    {
        return publishingIntervalMs;
    }

    public long samplingIntervalMs()
    {
        return samplingIntervalMs;
    }

    public int queueSize()
    {
        return queueSize;
    }

    public double absoluteDeadband()
    {
        return absoluteDeadband;
    }

    public OpcUaDataChangeTrigger dataChangeTrigger()
    {
        return dataChangeTrigger;
    }

    public int monitoredItemsPerCall()
    {
        return monitoredItemsPerCall;
    }

    public long requestTimeoutMs()
    {
        return requestTimeoutMs;
    }

    public long reconnectMinDelayMs()
    {
        return reconnectMinDelayMs;
    }

    public long reconnectMaxDelayMs()
    {
        return reconnectMaxDelayMs;
    }

    public Path tagIdFile()
    {
        return tagIdFile;
    }

    @Override
    public String toString()
    {
        return "OpcUaCollectorSettings{endpointUrl=" + endpointUrl + ", sourceId=" + sourceId + ", security=" +
            security + ", username=" + username + ", password=" + (password == null ? "unset" : "***") +
            ", roots=" + roots + ", allowList=" + allowList + ", denyList=" + denyList + ", publishingIntervalMs=" +
            publishingIntervalMs + ", samplingIntervalMs=" + samplingIntervalMs + ", queueSize=" + queueSize +
            ", absoluteDeadband=" + absoluteDeadband + ", dataChangeTrigger=" + dataChangeTrigger +
            ", monitoredItemsPerCall=" + monitoredItemsPerCall + ", requestTimeoutMs=" + requestTimeoutMs +
            ", reconnectMinDelayMs=" + reconnectMinDelayMs + ", reconnectMaxDelayMs=" + reconnectMaxDelayMs +
            ", tagIdFile=" + tagIdFile + '}';
    }

    /**
     * Collects the settings; defaults equal those of the {@code sender.opcua.*} declarations. Not thread-safe.
     */
    public static final class Builder
    {
        private final String endpointUrl;
        private Path tagIdFile;
        private int sourceId = SenderSettings.OPCUA_SOURCE_ID.defaultValue().orElseThrow();
        private OpcUaSecurity security = OpcUaSecurity.NONE;
        private Path certificateFile;
        private Path privateKeyFile;
        private Path serverCertificateFile;
        private String username;
        private String password;
        private List<String> roots = splitList(SenderSettings.OPCUA_ROOTS.defaultValue().orElseThrow());
        private List<String> allowList = splitList(SenderSettings.OPCUA_ALLOW_LIST.defaultValue().orElseThrow());
        private List<String> denyList = splitList(SenderSettings.OPCUA_DENY_LIST.defaultValue().orElseThrow());
        private long publishingIntervalMs = SenderSettings.OPCUA_PUBLISHING_INTERVAL_MS.defaultValue().orElseThrow();
        private long samplingIntervalMs = SenderSettings.OPCUA_SAMPLING_INTERVAL_MS.defaultValue().orElseThrow();
        private int queueSize = SenderSettings.OPCUA_QUEUE_SIZE.defaultValue().orElseThrow();
        private double absoluteDeadband;
        private OpcUaDataChangeTrigger dataChangeTrigger = OpcUaDataChangeTrigger.STATUS_VALUE;
        private int monitoredItemsPerCall = SenderSettings.OPCUA_MONITORED_ITEMS_PER_CALL.defaultValue().orElseThrow();
        private long requestTimeoutMs = SenderSettings.OPCUA_REQUEST_TIMEOUT_MS.defaultValue().orElseThrow();
        private long reconnectMinDelayMs = SenderSettings.OPCUA_RECONNECT_MIN_DELAY_MS.defaultValue().orElseThrow();
        private long reconnectMaxDelayMs = SenderSettings.OPCUA_RECONNECT_MAX_DELAY_MS.defaultValue().orElseThrow();

        private Builder(final String endpointUrl, final Path tagIdFile)
        {
            this.endpointUrl = Objects.requireNonNull(endpointUrl, "endpointUrl");
            this.tagIdFile = Objects.requireNonNull(tagIdFile, "tagIdFile");
        }

        public Builder tagIdFile(final Path file)
        {
            this.tagIdFile = Objects.requireNonNull(file, "tagIdFile");
            return this;
        }

        public Builder sourceId(final int sourceId)
        {
            this.sourceId = sourceId;
            return this;
        }

        public Builder security(final OpcUaSecurity security)
        {
            this.security = Objects.requireNonNull(security, "security");
            return this;
        }

        public Builder certificateFile(final Path file)
        {
            this.certificateFile = file;
            return this;
        }

        public Builder privateKeyFile(final Path file)
        {
            this.privateKeyFile = file;
            return this;
        }

        public Builder serverCertificateFile(final Path file)
        {
            this.serverCertificateFile = file;
            return this;
        }

        /**
         * @param username null for an anonymous session.
         * @param password the password of that user.
         */
        public Builder user(final String username, final String password)
        {
            this.username = username;
            this.password = password;
            return this;
        }

        Builder username(final String username)
        {
            this.username = username;
            return this;
        }

        Builder password(final String password)
        {
            this.password = password;
            return this;
        }

        public Builder roots(final List<String> roots)
        {
            this.roots = List.copyOf(roots);
            return this;
        }

        public Builder allowList(final List<String> patterns)
        {
            this.allowList = List.copyOf(patterns);
            return this;
        }

        public Builder denyList(final List<String> patterns)
        {
            this.denyList = List.copyOf(patterns);
            return this;
        }

        public Builder publishingIntervalMs(final long intervalMs)
        {
            this.publishingIntervalMs = intervalMs;
            return this;
        }

        public Builder samplingIntervalMs(final long intervalMs)
        {
            this.samplingIntervalMs = intervalMs;
            return this;
        }

        public Builder queueSize(final int queueSize)
        {
            this.queueSize = queueSize;
            return this;
        }

        public Builder absoluteDeadband(final double deadband)
        {
            this.absoluteDeadband = deadband;
            return this;
        }

        public Builder dataChangeTrigger(final OpcUaDataChangeTrigger trigger)
        {
            this.dataChangeTrigger = Objects.requireNonNull(trigger, "trigger");
            return this;
        }

        public Builder monitoredItemsPerCall(final int items)
        {
            this.monitoredItemsPerCall = items;
            return this;
        }

        public Builder requestTimeoutMs(final long timeoutMs)
        {
            this.requestTimeoutMs = timeoutMs;
            return this;
        }

        public Builder reconnectDelayMs(final long minDelayMs, final long maxDelayMs)
        {
            this.reconnectMinDelayMs = minDelayMs;
            this.reconnectMaxDelayMs = maxDelayMs;
            return this;
        }

        /**
         * @return the validated settings.
         * @throws IllegalArgumentException naming the setting when a value or a combination is invalid.
         */
        public OpcUaCollectorSettings build()
        {
            checkEndpoint();
            require(sourceId > 0, SenderSettings.OPCUA_SOURCE_ID.key() + "=" + sourceId + " must be positive");
            require(!roots.isEmpty(), SenderSettings.OPCUA_ROOTS.key() + " names no node");
            require(!allowList.isEmpty(), SenderSettings.OPCUA_ALLOW_LIST.key() + " names no pattern");
            for (final List<String> patterns : List.of(roots, allowList, denyList))
            {
                for (final String pattern : patterns)
                {
                    NodePattern.parse(pattern);
                }
            }
            require(Double.isFinite(absoluteDeadband) && absoluteDeadband >= 0,
                SenderSettings.OPCUA_ABSOLUTE_DEADBAND.key() + "=" + absoluteDeadband +
                " must be a non-negative number");
            require(publishingIntervalMs > 0, SenderSettings.OPCUA_PUBLISHING_INTERVAL_MS.key() + "=" +
                publishingIntervalMs + " must be positive");
            require(samplingIntervalMs >= 0, SenderSettings.OPCUA_SAMPLING_INTERVAL_MS.key() + "=" +
                samplingIntervalMs + " must not be negative");
            require(queueSize > 0, SenderSettings.OPCUA_QUEUE_SIZE.key() + "=" + queueSize + " must be positive");
            require(monitoredItemsPerCall > 0, SenderSettings.OPCUA_MONITORED_ITEMS_PER_CALL.key() + "=" +
                monitoredItemsPerCall + " must be positive");
            require(requestTimeoutMs > 0, SenderSettings.OPCUA_REQUEST_TIMEOUT_MS.key() + "=" + requestTimeoutMs +
                " must be positive");
            require(reconnectMinDelayMs > 0 && reconnectMinDelayMs <= reconnectMaxDelayMs,
                SenderSettings.OPCUA_RECONNECT_MIN_DELAY_MS.key() + "=" + reconnectMinDelayMs + " must be positive " +
                "and at most " + SenderSettings.OPCUA_RECONNECT_MAX_DELAY_MS.key() + "=" + reconnectMaxDelayMs);
            if (security != OpcUaSecurity.NONE)
            {
                require(certificateFile != null && privateKeyFile != null && serverCertificateFile != null,
                    SenderSettings.OPCUA_SECURITY.key() + "=" + security + " needs " +
                    SenderSettings.OPCUA_CERTIFICATE_FILE.key() + ", " + SenderSettings.OPCUA_PRIVATE_KEY_FILE.key() +
                    " and " + SenderSettings.OPCUA_SERVER_CERTIFICATE_FILE.key());
            }
            require(username != null || password == null, SenderSettings.OPCUA_PASSWORD.key() + " is set but " +
                SenderSettings.OPCUA_USERNAME.key() + " is not");
            require(username == null || password != null, SenderSettings.OPCUA_USERNAME.key() + " is set but " +
                SenderSettings.OPCUA_PASSWORD.key() + " is not (set it or DIODEGW_SENDER_OPCUA_PASSWORD)");
            return new OpcUaCollectorSettings(this);
        }

        private void checkEndpoint()
        {
            final String key = SenderSettings.OPCUA_ENDPOINT_URL.key();
            final URI uri;
            try
            {
                uri = new URI(endpointUrl);
            }
            catch (final java.net.URISyntaxException ex)
            {
                throw new IllegalArgumentException(key + "=" + endpointUrl + " is not a URL: " + ex.getMessage(), ex);
            }
            require("opc.tcp".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null && uri.getPort() > 0,
                key + "=" + endpointUrl + " must look like opc.tcp://host:port[/path]");
        }

        private static void require(final boolean condition, final String message)
        {
            if (!condition)
            {
                throw new IllegalArgumentException(message);
            }
        }
    }
}
