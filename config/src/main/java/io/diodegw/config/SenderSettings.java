package io.diodegw.config;

import static io.diodegw.config.Side.SENDER;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;

/**
 * Settings only the OT-side sender reads; they belong in {@code sender.yaml}.
 */
public final class SenderSettings
{
    private static final long KBIT = 1000L;
    private static final long GBIT = 1000L * 1000L * 1000L;
    private static final long MIB = 1024L * 1024L;
    private static final long GIB = 1024L * MIB;
    private static final long TIB = 1024L * GIB;

    public static final Setting<HostPort> DESTINATION = Setting.hostPort(SENDER, "sender.destination", null, 1,
        "The IT-side address of the diode link as host:port. Every datagram is sent there: the address of the "
        + "receiver host behind the diode (or of the impairment relay in tests).")
        .required("10.0.0.2:4950");

    public static final Setting<InetAddress> BIND_ADDRESS = Setting.inetAddress(SENDER,
        "sender.bindAddress", null,
        "The local IP address datagrams are sent from. Leave it unset to let the routing table choose; set it on "
        + "hosts with several interfaces so traffic leaves through the diode.")
        .optional();

    public static final Setting<Long> LINK_RATE_BITS_PER_SEC = Setting.bitRate(SENDER, "sender.linkRateBitsPerSec",
        null, 64 * KBIT, 100 * GBIT,
        "The rate the sender paces all its traffic to, counting whole IP datagrams. Set it at or below the line "
        + "rate of the diode: anything faster is lost inside the diode, and nothing can tell the sender.")
        .required("100Mbit/s");

    public static final Setting<Long> HEARTBEAT_INTERVAL_MS = Setting.durationMs(SENDER,
        "sender.heartbeatIntervalMs", 200L, 10L, 10_000L,
        "The interval between heartbeats. A heartbeat carries the sender epoch, the stream position, the backlog "
        + "and the link fingerprint; the receiver judges link health by their arrival.");

    public static final Setting<Long> KEY_ANNOUNCEMENT_INTERVAL_MS = Setting.durationMs(SENDER,
        "sender.keyAnnouncementIntervalMs", 1000L, 100L, 10_000L,
        "The interval between repetitions of the signed key announcement. A receiver that starts late can "
        + "authenticate traffic within about one interval.");

    public static final Setting<Long> KEY_ROTATION_INTERVAL_MS = Setting.durationMs(SENDER,
        "sender.keyRotationIntervalMs", 3_600_000L, 60_000L, 86_400_000L,
        "The longest time one session key is used. The sender then announces a new key; old and new keys overlap, "
        + "so no datagram is lost at a rotation.");

    public static final Setting<Long> KEY_ROTATION_BYTES = Setting.byteSize(SENDER, "sender.keyRotationBytes",
        64 * GIB, MIB, TIB,
        "The most payload bytes sent under one session key. Whichever of this and sender.keyRotationIntervalMs "
        + "comes first triggers a rotation; the maximum keeps the per-key packet counter far from its limit.");

    public static final Setting<Path> JOURNAL_DIR = Setting.path(SENDER, "sender.journal.dir",
        Path.of("/var/lib/diodegw/sender/journal"),
        "The directory of the store-and-forward journal. Everything collected is written here before it is sent; "
        + "it must be on a local disk that survives restarts.");

    public static final Setting<Long> JOURNAL_QUOTA_BYTES = Setting.byteSize(SENDER, "sender.journal.quotaBytes",
        10 * GIB, 64 * MIB, 64 * TIB,
        "The most disk space the journal may use. It absorbs the backlog while OT produces faster than the link "
        + "carries; at the quota, live values are conflated to the latest per tag and the backlog is reported.");

    /**
     * How often the journal starts a new file (roll cycle); whole cycles are the unit of retention and deletion.
     */
    public enum JournalRollCycle
    {
        /** One file per hour: finer-grained deletion, for small quotas or high rates. */
        HOURLY,
        /** One file per day. */
        DAILY
    }

    public static final Setting<JournalRollCycle> JOURNAL_ROLL_CYCLE = Setting.enumeration(SENDER,
        "sender.journal.rollCycle", JournalRollCycle.class, JournalRollCycle.HOURLY,
        "The period of one journal file. Files are deleted whole, and only once the replicator has sent all of "
        + "them, so the quota should hold many periods of traffic; HOURLY frees space sooner than DAILY.");

    public static final Setting<Long> JOURNAL_RETENTION_MS = Setting.durationMs(SENDER, "sender.journal.retentionMs",
        7L * 24 * 3_600_000L, 0L, 3650L * 24 * 3_600_000L,
        "The time a journal file is kept after its period ended, for inspection, once everything in it was sent. "
        + "Files are deleted earlier, oldest first, when the journal exceeds sender.journal.quotaBytes; a file the "
        + "replicator has not finished sending is never deleted.");

    public static final Setting<Integer> JOURNAL_WRITER_QUEUE_CAPACITY = Setting.integer(SENDER,
        "sender.journal.writerQueueCapacity", 65_536, 1024, 16_777_216, "records",
        "The number of collected records waiting for the journal writer thread. A collector waits when it is full, "
        + "which only happens when the disk is slower than the collectors.");

    public static final Setting<Path> JOURNAL_ENCRYPTION_KEY_FILE = Setting.path(SENDER,
        "sender.journal.encryptionKeyFile", null,
        "The file of a 32-byte AES-256 key (bin/diode keygen --journal-key FILE, mode 0600). Set, every journaled "
        + "record body is encrypted and authenticated with AES-256-GCM (record headers stay readable), and a record "
        + "altered on disk is skipped, counted and never sent (the IT side sees a gap). Unset, the journal is stored "
        + "in clear. A journal that holds records can only be opened the way it was written (same key or none).").optional();

    public static final Setting<Long> REPLICATOR_LINGER_MS = Setting.durationMs(SENDER, "sender.replicator.lingerMs",
        5L, 0L, 1000L,
        "The time a partly filled FEC block waits for more records while the journal is idle before it is sent. "
        + "Shorter lowers latency at low rates; longer packs blocks fuller.");

    public static final Setting<Integer> REPLICATOR_CONTROL_SHARE_PERCENT = Setting.integer(SENDER,
        "sender.replicator.controlSharePercent", 10, 1, 50, "%",
        "The largest share of sender.linkRateBitsPerSec that heartbeats and key announcements may use. On slow "
        + "links their intervals stretch to stay within it; data is never starved by them.");

    public static final Setting<Long> REPLICATOR_POSITION_SAVE_INTERVAL_MS = Setting.durationMs(SENDER,
        "sender.replicator.positionSaveIntervalMs", 1000L, 10L, 60_000L,
        "The interval at which the replicator records on disk how far it has sent the journal. After a crash it "
        + "resends at most this much; after an orderly stop it resumes exactly after the last record sent.");

    public static final Setting<Long> SNAPSHOT_PERIOD_MS = Setting.durationMs(SENDER, "sender.snapshot.periodMs",
        30_000L, 100L, 86_400_000L,
        "The interval between starts of the snapshot carousel: a full copy of every tag's definition and latest "
        + "value and every source's state, as of the last record sent, repeated out of band. After loss or a late "
        + "start the IT side is complete within about one period plus the time one snapshot takes to send.");

    public static final Setting<Integer> SNAPSHOT_BANDWIDTH_SHARE_PERCENT = Setting.integer(SENDER,
        "sender.snapshot.bandwidthSharePercent", 10, 1, 50, "%",
        "The largest share of sender.linkRateBitsPerSec the snapshot carousel may use, whether or not live data is "
        + "waiting; live data gets the rest. A snapshot carries each tag's definition and value, typically 100 bytes "
        + "per tag before FEC; when sending it takes longer than sender.snapshot.periodMs the next one starts as soon "
        + "as one ends.");

    public static final Setting<Long> STATUS_INTERVAL_MS = Setting.durationMs(SENDER, "sender.status.intervalMs",
        1_000L, 100L, 60_000L,
        "The interval between sender status records (journal head, backlog records, bytes and age, input and output "
        + "rates). They travel out of band, so the IT side sees the backlog even when the journal is far behind; "
        + "each costs one FEC block unless it shares one with the snapshot carousel.");

    public static final Setting<Long> HISTORY_RESEND_INTERVAL_MS = Setting.durationMs(SENDER,
        "sender.history.resendIntervalMs", 60_000L, 1_000L, 86_400_000L,
        "The interval between starts of history carousel passes. Each pass re-sends, out of band and with their "
        + "original stream sequences, the history batches and file records of the recent window, so the IT side can "
        + "fill gaps the FEC could not repair; a pass that takes longer is followed by the next one at once.");

    public static final Setting<Long> HISTORY_RESEND_WINDOW_MS = Setting.durationMs(SENDER,
        "sender.history.resendWindowMs", 600_000L, 1_000L, 604_800_000L,
        "The age of the oldest record a history carousel pass re-sends, counted from when it was first sent. A gap "
        + "older than this is never refilled and stays reported as a gap; sender.history.resendWindowRecords limits "
        + "the window further.");

    public static final Setting<Long> HISTORY_RESEND_WINDOW_RECORDS = Setting.longInteger(SENDER,
        "sender.history.resendWindowRecords", 1_000_000L, 1L, 1_000_000_000L, "records",
        "The most stream sequences a history carousel pass covers, counted back from the last record sent. Live "
        + "values in the window are not re-sent (the snapshot carousel supersedes them) but are still read from the "
        + "journal, so this bounds the reading work of one pass.");

    public static final Setting<Integer> HISTORY_BANDWIDTH_SHARE_PERCENT = Setting.integer(SENDER,
        "sender.history.bandwidthSharePercent", 5, 0, 50, "%",
        "The largest share of sender.linkRateBitsPerSec the history carousel may use, whether or not live data is "
        + "waiting; live data and the snapshot carousel are not slowed beyond it. 0 turns the history carousel off, "
        + "so gaps in history and files are reported but never refilled.");

    public static final Setting<Long> OVERLOAD_CONFLATE_AFTER_MS = Setting.durationMs(SENDER,
        "sender.overload.conflateAfterMs", 5_000L, 100L, 86_400_000L,
        "The age of the oldest unsent journal record beyond which the conflated live lane starts. While it runs, the "
        + "latest value of every tag that changed is sent out of band every sender.overload.passIntervalMs, so the "
        + "IT mirror stays current while the journal's backlog is still sent in full and in order behind it.");

    public static final Setting<Long> OVERLOAD_CONFLATE_AFTER_RECORDS = Setting.longInteger(SENDER,
        "sender.overload.conflateAfterRecords", 100_000L, 1L, 1_000_000_000_000L, "records",
        "The number of unsent journal records beyond which the conflated live lane starts, whatever their age. The "
        + "lane stops when both the backlog's age and its record count are below half their thresholds.");

    public static final Setting<Long> OVERLOAD_PASS_INTERVAL_MS = Setting.durationMs(SENDER,
        "sender.overload.passIntervalMs", 1_000L, 100L, 600_000L,
        "The interval between starts of the conflated live lane's passes. Each pass sends the latest value, as of the "
        + "journal's head, of every tag that changed since the previous pass; a pass that takes longer is followed by "
        + "the next one at once.");

    public static final Setting<Integer> OVERLOAD_BANDWIDTH_SHARE_PERCENT = Setting.integer(SENDER,
        "sender.overload.bandwidthSharePercent", 10, 1, 50, "%",
        "The largest share of sender.linkRateBitsPerSec the conflated live lane may use while it runs, whether or not "
        + "the backlog is waiting. It adds to the snapshot carousel's share; the backlog gets the rest, so a larger "
        + "share keeps the mirror fresher and drains the backlog more slowly.");

    /** Example value of {@link #IDENTITY_KEY_FILE}, shown when neither it nor the PKCS#11 settings are set. */
    public static final String IDENTITY_KEY_FILE_EXAMPLE = "/etc/diodegw/sender-identity.pem";

    public static final Setting<Path> IDENTITY_KEY_FILE = Setting.path(SENDER, "sender.identityKeyFile", null,
        "The PEM file of the sender's long-term Ed25519 private key (PKCS#8). It signs the key announcements; make "
        + "it readable only by the sender's user. Required unless the key is on a PKCS#11 token (sender.pkcs11.*); "
        + "exactly one of the two must be configured.")
        .optional();

    public static final Setting<Path> PKCS11_LIBRARY = Setting.path(SENDER, "sender.pkcs11.library", null,
        "The PKCS#11 module (shared library) of the token that holds the sender's Ed25519 identity key, e.g. "
        + "/usr/lib/softhsm/libsofthsm2.so for SoftHSM2. Set together with sender.pkcs11.tokenLabel, "
        + "sender.pkcs11.keyLabel and sender.pkcs11.pinFile instead of sender.identityKeyFile; the private key then "
        + "never leaves the token, which signs each key announcement (CKM_EDDSA).")
        .optional();

    public static final Setting<String> PKCS11_TOKEN_LABEL = Setting.string(SENDER, "sender.pkcs11.tokenLabel", null,
        1, 32,
        "The label of the PKCS#11 token that holds the identity key, as given at token initialization (e.g. "
        + "softhsm2-util --init-token --label). Trailing blanks are ignored.")
        .optional();

    public static final Setting<String> PKCS11_KEY_LABEL = Setting.string(SENDER, "sender.pkcs11.keyLabel", null,
        1, 256,
        "The CKA_LABEL of the Ed25519 key pair on the token (bin/diode keygen --pkcs11 creates it). Exactly one "
        + "private and one public Ed25519 key must carry it.")
        .optional();

    public static final Setting<Path> PKCS11_PIN_FILE = Setting.path(SENDER, "sender.pkcs11.pinFile", null,
        "The file holding the token's user PIN (one line; a trailing newline is ignored). Like a private key file it "
        + "must be readable only by the sender's user (mode 0600), or the sender refuses to start.")
        .optional();

    public static final Setting<Path> RECEIVER_PUBLIC_KEY_FILE = Setting.path(SENDER,
        "sender.receiverPublicKeyFile", null,
        "The PEM file of the receiver's X25519 public key (X.509 SubjectPublicKeyInfo). Session keys are agreed "
        + "with it, so only that receiver can decrypt.")
        .required("/etc/diodegw/receiver-x25519.pub.pem");

    /**
     * How the OPC UA collector secures its connection: message security policy and mode together.
     */
    public enum OpcUaSecurity
    {
        /** No message security (demo and lab use only). */
        NONE,
        /** Basic256Sha256, messages signed. */
        BASIC256SHA256_SIGN,
        /** Basic256Sha256, messages signed and encrypted. */
        BASIC256SHA256_SIGN_AND_ENCRYPT
    }

    /**
     * What makes an OPC UA server report a data change (OPC UA DataChangeTrigger).
     */
    public enum OpcUaDataChangeTrigger
    {
        /** A change of status or value. */
        STATUS_VALUE,
        /** A change of status, value or source timestamp. */
        STATUS_VALUE_TIMESTAMP
    }

    public static final Setting<String> OPCUA_ENDPOINT_URL = Setting.string(SENDER, "sender.opcua.endpointUrl",
        null, 12, 2048,
        "The OPC UA server endpoint the collector subscribes to, as opc.tcp://host:port[/path]. Leave it unset to "
        + "run without the OPC UA collector. The host of every endpoint the server advertises is replaced by this "
        + "host, so servers that advertise an unreachable name still work.")
        .optional();

    public static final Setting<Integer> OPCUA_SOURCE_ID = Setting.integer(SENDER, "sender.opcua.sourceId", 1, 1,
        Integer.MAX_VALUE, "",
        "The source id of the OPC UA server in every record the collector writes. Keep it unchanged for the life of "
        + "the installation: the IT side keys its tags by it.");

    public static final Setting<OpcUaSecurity> OPCUA_SECURITY = Setting.enumeration(SENDER, "sender.opcua.security",
        OpcUaSecurity.class, OpcUaSecurity.NONE,
        "The OPC UA message security of the collector's connection. Use BASIC256SHA256_SIGN_AND_ENCRYPT on real "
        + "sites (with sender.opcua.certificateFile, sender.opcua.privateKeyFile and "
        + "sender.opcua.serverCertificateFile); NONE is for the demo.");

    public static final Setting<Path> OPCUA_CERTIFICATE_FILE = Setting.path(SENDER, "sender.opcua.certificateFile",
        null,
        "The PEM file of the collector's X.509 application instance certificate (RSA, with its application URI as "
        + "a subjectAltName URI; a chain may follow the leaf). Required unless sender.opcua.security is NONE; the "
        + "server must trust it.")
        .optional();

    public static final Setting<Path> OPCUA_PRIVATE_KEY_FILE = Setting.path(SENDER, "sender.opcua.privateKeyFile",
        null,
        "The PEM file of the application certificate's RSA private key, unencrypted PKCS#8 (BEGIN PRIVATE KEY, as "
        + "openssl genpkey writes it). Required unless sender.opcua.security is NONE; make it readable only by the "
        + "sender's user.")
        .optional();

    public static final Setting<Path> OPCUA_SERVER_CERTIFICATE_FILE = Setting.path(SENDER,
        "sender.opcua.serverCertificateFile", null,
        "The PEM file of the OPC UA server certificates the collector trusts (one or more, pinned). Required unless "
        + "sender.opcua.security is NONE: the collector connects only to a server presenting one of them.")
        .optional();

    public static final Setting<String> OPCUA_USERNAME = Setting.string(SENDER, "sender.opcua.username", null, 1,
        256,
        "The user name the collector activates its session with. Leave it unset for an anonymous session.")
        .optional();

    public static final Setting<String> OPCUA_PASSWORD = Setting.string(SENDER, "sender.opcua.password", null, 0,
        1024,
        "The password of sender.opcua.username. Prefer the environment variable DIODEGW_SENDER_OPCUA_PASSWORD to "
        + "writing it into the file.")
        .optional().secret();

    public static final Setting<String> OPCUA_ROOTS = Setting.string(SENDER, "sender.opcua.roots", "i=85", 1,
        65536,
        "The comma-separated nodes below which the collector discovers variables, each a NodeId (ns=2;s=Line1) or "
        + "a browse path from the Root folder (/Objects/Line1). The default is the Objects folder.");

    public static final Setting<String> OPCUA_ALLOW_LIST = Setting.string(SENDER, "sender.opcua.allowList", "/**",
        1, 65536,
        "The comma-separated patterns a discovered variable must match to become a tag: browse-path globs "
        + "(/Objects/Line1/**; * stays within one path segment, ** crosses segments, ? is one character) or exact "
        + "NodeIds. Browse paths are browse names without namespace index from the Root folder, as in "
        + "sender.opcua.roots.");

    public static final Setting<String> OPCUA_DENY_LIST = Setting.string(SENDER, "sender.opcua.denyList", "i=2253",
        1, 65536,
        "The comma-separated patterns, written like sender.opcua.allowList, of nodes the collector skips together "
        + "with everything below them. The default skips the Server object and its diagnostics.");

    public static final Setting<Long> OPCUA_PUBLISHING_INTERVAL_MS = Setting.durationMs(SENDER,
        "sender.opcua.publishingIntervalMs", 500L, 10L, 60_000L,
        "The publishing interval requested for the collector's subscription. It is how often the server sends the "
        + "data changes it has queued: shorter means lower latency and more, smaller messages.");

    public static final Setting<Long> OPCUA_SAMPLING_INTERVAL_MS = Setting.durationMs(SENDER,
        "sender.opcua.samplingIntervalMs", 250L, 0L, 3_600_000L,
        "The sampling interval requested for every monitored tag. 0 asks for the fastest rate the server supports; "
        + "the server may revise it.");

    public static final Setting<Integer> OPCUA_QUEUE_SIZE = Setting.integer(SENDER, "sender.opcua.queueSize", 10,
        1, 100_000, "values",
        "The server-side queue length of every monitored tag. Values sampled between two publishes are queued; "
        + "when the queue is full the oldest is discarded.");

    public static final Setting<String> OPCUA_ABSOLUTE_DEADBAND = Setting.string(SENDER,
        "sender.opcua.absoluteDeadband", "0", 1, 64,
        "The absolute deadband applied to numeric tags, a non-negative decimal number in the tag's own units: a "
        + "change smaller than it is not reported. 0 reports every change.");

    public static final Setting<OpcUaDataChangeTrigger> OPCUA_DATA_CHANGE_TRIGGER = Setting.enumeration(SENDER,
        "sender.opcua.dataChangeTrigger", OpcUaDataChangeTrigger.class, OpcUaDataChangeTrigger.STATUS_VALUE,
        "The change that makes the server report a value. STATUS_VALUE_TIMESTAMP also reports a new source "
        + "timestamp with an unchanged value, at the cost of more traffic.");

    public static final Setting<Integer> OPCUA_MONITORED_ITEMS_PER_CALL = Setting.integer(SENDER,
        "sender.opcua.monitoredItemsPerCall", 1000, 1, 100_000, "items",
        "The most monitored items created in one CreateMonitoredItems call. It is lowered further when the server "
        + "declares a smaller limit, so that large tag counts do not exceed the server's message size.");

    public static final Setting<Long> OPCUA_REQUEST_TIMEOUT_MS = Setting.durationMs(SENDER,
        "sender.opcua.requestTimeoutMs", 10_000L, 100L, 600_000L,
        "The time the collector waits for one OPC UA request (connect, browse, read, create items) to complete. "
        + "A request that takes longer fails the connection attempt, which is retried after the back-off.");

    public static final Setting<Long> OPCUA_RECONNECT_MIN_DELAY_MS = Setting.durationMs(SENDER,
        "sender.opcua.reconnectMinDelayMs", 1_000L, 10L, 600_000L,
        "The wait before the first reconnection attempt after the server went away. It doubles after each failed "
        + "attempt up to sender.opcua.reconnectMaxDelayMs.");

    public static final Setting<Long> OPCUA_RECONNECT_MAX_DELAY_MS = Setting.durationMs(SENDER,
        "sender.opcua.reconnectMaxDelayMs", 30_000L, 10L, 3_600_000L,
        "The longest wait between two reconnection attempts. Keep it short enough that a restarted server is "
        + "found again soon, long enough not to flood a struggling one.");

    public static final Setting<Path> OPCUA_TAG_ID_FILE = Setting.path(SENDER, "sender.opcua.tagIdFile", null,
        "The file that keeps the tag id assigned to each OPC UA node, so ids stay the same across restarts. "
        + "Unset, it is opcua-tag-ids-<sourceId>.tsv in sender.journal.dir. Never delete it while the IT side "
        + "keeps data: new ids would be assigned.")
        .optional();

    public static final Setting<Boolean> METRICS_ENABLED = Setting.bool(SENDER, "sender.metrics.enabled", true,
        "Whether the sender keeps operator metrics (Prometheus text format, see docs/metrics.md) and writes them to "
        + "sender.metrics.file. Off, neither the file nor sender.metrics.httpPort is served.");

    public static final Setting<Path> METRICS_FILE = Setting.path(SENDER, "sender.metrics.file", null,
        "The file the sender rewrites with its metrics every sender.metrics.intervalMs (Prometheus text format "
        + "0.0.4, replaced atomically, mode 0644), for node_exporter's textfile collector or any local reader: the OT "
        + "side opens no port for them. Unset, it is metrics.prom in sender.journal.dir.").optional();

    public static final Setting<Long> METRICS_INTERVAL_MS = Setting.durationMs(SENDER, "sender.metrics.intervalMs",
        10_000L, 1_000L, 3_600_000L,
        "The interval at which sender.metrics.file is rewritten. Shorter shows changes sooner at the cost of one "
        + "small file write per interval.");

    public static final Setting<Integer> METRICS_HTTP_PORT = Setting.integer(SENDER, "sender.metrics.httpPort", 0,
        0, 65_535, "",
        "The TCP port on 127.0.0.1 where the sender serves GET /metrics, or 0 for none (the default: the OT side "
        + "listens on nothing). It is only ever bound to the loopback address, for a local agent that scrapes and "
        + "forwards; nothing else on the network can reach it.");

    /** Every sender setting, in documentation order. */
    public static final Setting<Boolean> AUDIT_ENABLED = Setting.bool(SENDER, "sender.audit.enabled", true,
        "Whether the sender journals AUDIT_EVENT records (start with the configuration hash, stop, session key "
        + "rotations, OPC UA source connects and disconnects, journal quota blocks, position-save failures). They "
        + "travel in band like data and land in the receiver's audit log and sinks.");

    public static final List<Setting<?>> ALL = List.of(DESTINATION, BIND_ADDRESS, LINK_RATE_BITS_PER_SEC,
        HEARTBEAT_INTERVAL_MS, KEY_ANNOUNCEMENT_INTERVAL_MS, KEY_ROTATION_INTERVAL_MS, KEY_ROTATION_BYTES,
        AUDIT_ENABLED, JOURNAL_DIR, JOURNAL_QUOTA_BYTES, JOURNAL_ROLL_CYCLE, JOURNAL_RETENTION_MS,
        JOURNAL_WRITER_QUEUE_CAPACITY, JOURNAL_ENCRYPTION_KEY_FILE, REPLICATOR_LINGER_MS,
        REPLICATOR_CONTROL_SHARE_PERCENT,
        REPLICATOR_POSITION_SAVE_INTERVAL_MS, SNAPSHOT_PERIOD_MS, SNAPSHOT_BANDWIDTH_SHARE_PERCENT, STATUS_INTERVAL_MS,
        HISTORY_RESEND_INTERVAL_MS, HISTORY_RESEND_WINDOW_MS, HISTORY_RESEND_WINDOW_RECORDS,
        HISTORY_BANDWIDTH_SHARE_PERCENT,
        OVERLOAD_CONFLATE_AFTER_MS, OVERLOAD_CONFLATE_AFTER_RECORDS, OVERLOAD_PASS_INTERVAL_MS,
        OVERLOAD_BANDWIDTH_SHARE_PERCENT,
        IDENTITY_KEY_FILE, PKCS11_LIBRARY, PKCS11_TOKEN_LABEL, PKCS11_KEY_LABEL, PKCS11_PIN_FILE,
        RECEIVER_PUBLIC_KEY_FILE,
        OPCUA_ENDPOINT_URL, OPCUA_SOURCE_ID, OPCUA_SECURITY, OPCUA_CERTIFICATE_FILE, OPCUA_PRIVATE_KEY_FILE,
        OPCUA_SERVER_CERTIFICATE_FILE, OPCUA_USERNAME, OPCUA_PASSWORD, OPCUA_ROOTS, OPCUA_ALLOW_LIST, OPCUA_DENY_LIST,
        OPCUA_PUBLISHING_INTERVAL_MS, OPCUA_SAMPLING_INTERVAL_MS, OPCUA_QUEUE_SIZE, OPCUA_ABSOLUTE_DEADBAND,
        OPCUA_DATA_CHANGE_TRIGGER, OPCUA_MONITORED_ITEMS_PER_CALL, OPCUA_REQUEST_TIMEOUT_MS,
        OPCUA_RECONNECT_MIN_DELAY_MS, OPCUA_RECONNECT_MAX_DELAY_MS, OPCUA_TAG_ID_FILE,
        METRICS_ENABLED, METRICS_FILE, METRICS_INTERVAL_MS, METRICS_HTTP_PORT);

    private SenderSettings()
    {
    }
}
