package io.diodegw.config;

import static io.diodegw.config.Side.RECEIVER;

import java.nio.file.Path;
import java.util.List;

/**
 * Settings only the IT-side receiver reads; they belong in {@code receiver.yaml}.
 */
public final class ReceiverSettings
{
    private static final long KIB = 1024L;
    private static final long MIB = 1024L * KIB;
    private static final long GIB = 1024L * MIB;

    public static final Setting<HostPort> BIND = Setting.hostPort(RECEIVER, "receiver.bind",
        HostPort.parse("0.0.0.0:4950"), 0,
        "The UDP address the receiver listens on for datagrams from the diode. Port 0 picks a free port, which "
        + "only suits tests that tell the sender the port afterwards.");

    public static final Setting<Long> SOCKET_RECEIVE_BUFFER_BYTES = Setting.byteSize(RECEIVER,
        "receiver.socketReceiveBufferBytes", 4 * MIB, 64 * KIB, GIB,
        "The socket receive buffer requested from the kernel (SO_RCVBUF). It absorbs bursts while the receive "
        + "agent is busy; the kernel grants at most net.core.rmem_max.");

    public static final Setting<Long> BLOCK_TIMEOUT_MS = Setting.durationMs(RECEIVER, "receiver.blockTimeoutMs",
        500L, 10L, 60_000L,
        "The longest wait for the missing symbols of an FEC block before it is given up, counted from evidence "
        + "that all of its symbols were sent (a symbol of a later interleave group, a heartbeat beyond it) or from "
        + "the last symbol when the link went quiet; so it does not depend on the link rate. It covers reordering "
        + "and delay on the path. A given-up block becomes a recorded gap, and later blocks never wait behind it.");

    public static final Setting<Integer> REORDER_WINDOW_BLOCKS = Setting.integer(RECEIVER,
        "receiver.reorderWindowBlocks", 32, 1, 4096, "blocks",
        "The number of FEC blocks kept open at once while their symbols arrive interleaved or out of order. It "
        + "must be at least link.fec.interleaveDepth.");

    public static final Setting<Path> JOURNAL_DIR = Setting.path(RECEIVER, "receiver.journal.dir",
        Path.of("/var/lib/diodegw/receiver/journal"),
        "The directory of the IT journal. Rebuilt records are made durable here before any sink reads them; it "
        + "must be on a local disk that survives restarts.");

    public static final Setting<Path> JOURNAL_ENCRYPTION_KEY_FILE = Setting.path(RECEIVER,
        "receiver.journal.encryptionKeyFile", null,
        "The file of a 32-byte AES-256 key (bin/diode keygen --journal-key FILE, mode 0600). Set, every record body "
        + "in the IT journal is encrypted and authenticated with AES-256-GCM (entry headers and gaps stay readable), "
        + "and an entry altered on disk reaches the sinks as an abandoned gap of its sequence, never as a record. "
        + "Unset, the journal is stored in clear. "
        + "A journal that holds entries can only be opened the way it was written (same key or none).").optional();

    public static final Setting<Path> PRIVATE_KEY_FILE = Setting.path(RECEIVER, "receiver.privateKeyFile", null,
        "The PEM file of the receiver's X25519 private key (PKCS#8). Session keys announced by the sender are "
        + "derived with it; make it readable only by the receiver's user.")
        .required("/etc/diodegw/receiver-x25519.pem");

    public static final Setting<List<Path>> TRUSTED_SENDER_KEY_FILES = Setting.pathList(RECEIVER,
        "receiver.trustedSenderKeyFiles", 1,
        "The PEM files of the Ed25519 public keys of the senders this receiver trusts. Key announcements signed "
        + "by any other key are dropped; list two keys while a sender's identity is being replaced.")
        .required("/etc/diodegw/sender-identity.pub.pem");

    public static final Setting<Path> REVOKED_SENDER_KEYS_FILE = Setting.path(RECEIVER,
        "receiver.revokedSenderKeysFile", null,
        "The revocation list of sender identity keys: a text file with one key fingerprint per line as "
        + "`bin/diode keygen` prints it, such as 3f2a-9c01-77be-0d45, and '#' starting a comment (say when and why). "
        + "Key announcements signed by a listed key are refused even when it is in receiver.trustedSenderKeyFiles, "
        + "counted as REVOKED_SENDER and logged once per key; a trusted key that is also listed is reported at start. "
        + "Read at start: append a line and restart the receiver. A missing file or a line that is not a "
        + "fingerprint stops the start.")
        .optional();

    public static final Setting<Integer> ANNOUNCEMENT_VERIFICATIONS_PER_SEC = Setting.integer(RECEIVER,
        "receiver.announcementVerificationsPerSec", 50, 1, 10_000, "verifications/s",
        "The most key announcements whose Ed25519 signature the receive thread checks per second (a burst of one "
        + "second's worth allowed). Repeats of keys already held are never checked, so a sender needs a handful; the "
        + "limit keeps a flood of forged announcements (each check costs about 0.1-1 ms) from starving the data "
        + "path. Announcements beyond it are dropped unchecked and counted as announcementsRateLimited; under such a "
        + "flood a new session key may be installed late (the sender repeats its announcement every "
        + "sender.keyAnnouncementIntervalMs).");

    public static final Setting<Boolean> HTTP_ENABLED = Setting.bool(RECEIVER, "receiver.http.enabled", true,
        "Whether the read-only HTTP API is served. Turn it off on hosts where only the sinks are wanted.");

    public static final Setting<Boolean> METRICS_ENABLED = Setting.bool(RECEIVER, "receiver.metrics.enabled", true,
        "Whether the HTTP API serves GET /metrics: the receiver's operator metrics in Prometheus text format (see "
        + "docs/metrics.md), behind the same TLS and token rules as the rest of the API. Needs receiver.http.enabled.");

    public static final Setting<HostPort> HTTP_BIND = Setting.hostPort(RECEIVER, "receiver.http.bind",
        HostPort.parse("127.0.0.1:8080"), 0,
        "The TCP address of the read-only HTTP API (mirrored tags, link health, replication lag). The default "
        + "serves this host only; bind a routable address to serve the IT network (which needs TLS and a token or "
        + "client certificate, see receiver.http.tls.certificateFile).");

    public static final Setting<Path> HTTP_TLS_CERTIFICATE_FILE = Setting.path(RECEIVER,
        "receiver.http.tls.certificateFile", null,
        "The PEM file of the HTTP API's certificate chain (the server certificate first, then any intermediates). "
        + "Set it with receiver.http.tls.privateKeyFile to serve HTTPS (TLS 1.3) instead of plain HTTP. Unset, the API "
        + "is plain HTTP, which the receiver accepts only on a loopback address (see "
        + "receiver.http.allowUnprotectedNetworkAccess).").optional();

    public static final Setting<Path> HTTP_TLS_PRIVATE_KEY_FILE = Setting.path(RECEIVER,
        "receiver.http.tls.privateKeyFile", null,
        "The PEM file (unencrypted PKCS#8, 'BEGIN PRIVATE KEY'; EC, RSA or Ed25519) of the private key of "
        + "receiver.http.tls.certificateFile. It must be readable by its owner only (chmod 600), or the receiver "
        + "refuses to start.").optional();

    public static final Setting<Boolean> HTTP_TLS_ALLOW_TLS12 = Setting.bool(RECEIVER,
        "receiver.http.tls.allowTls12", false,
        "Whether HTTPS also accepts TLS 1.2 (ECDHE with AES-GCM or ChaCha20-Poly1305 only) for clients that cannot "
        + "speak TLS 1.3. Off: TLS 1.3 only.");

    public static final Setting<Path> HTTP_TLS_CLIENT_CA_FILE = Setting.path(RECEIVER,
        "receiver.http.tls.clientCaFile", null,
        "The PEM file of the CA certificates whose signed client certificates the HTTP API requires (mutual TLS). "
        + "A client without such a certificate fails the TLS handshake. Needs receiver.http.tls.certificateFile. "
        + "Unset: no client certificate is asked for.").optional();

    public static final Setting<Path> HTTP_TOKEN_FILE = Setting.path(RECEIVER, "receiver.http.tokenFile", null,
        "The file of the bearer tokens the HTTP API accepts (one a line, at least 32 characters of A-Z a-z 0-9 "
        + "- . _ ~ + / =; blank lines and # comments ignored; readable by its owner only, chmod 600). When set, "
        + "every request needs 'Authorization: Bearer <token>' with one of them, else it is answered 401 and "
        + "counted. Every token grants the same read-only access: the API has no way to change anything. Tokens "
        + "are compared in constant time. Unset: no token is asked for.").optional();

    public static final Setting<Boolean> HTTP_ALLOW_UNPROTECTED_NETWORK_ACCESS = Setting.bool(RECEIVER,
        "receiver.http.allowUnprotectedNetworkAccess", false,
        "Whether the HTTP API may be bound to a non-loopback address without TLS or without authentication "
        + "(a token file or a client CA). Off (the default), such a configuration is refused at start: the API is "
        + "secure by default, plain HTTP without authentication only ever serves this host. To serve the IT "
        + "network, set receiver.http.tls.certificateFile, receiver.http.tls.privateKeyFile and "
        + "receiver.http.tokenFile or receiver.http.tls.clientCaFile.");

    public static final Setting<Long> STALENESS_LINK_SILENT_MS = Setting.durationMs(RECEIVER,
        "receiver.staleness.linkSilentMs", 5_000L, 100L, 3_600_000L,
        "The longest time the link may carry no authenticated datagram from the current sender before every tag "
        + "counts as stale. The sender's heartbeats arrive every sender.heartbeatIntervalMs, so keep this several of those "
        + "intervals. The staleness times below count from the moment the link is declared silent.");

    public static final Setting<Long> STALENESS_UNCERTAIN_AFTER_MS = Setting.durationMs(RECEIVER,
        "receiver.staleness.uncertainAfterMs", 0L, 0L, 86_400_000L,
        "The time from its source's disconnection (SOURCE_STATE) or the link going silent until a tag's served "
        + "status becomes Uncertain_LastUsableValue. 0 marks it at once. The stored value and status are kept.");

    public static final Setting<Long> STALENESS_BAD_AFTER_MS = Setting.durationMs(RECEIVER,
        "receiver.staleness.badAfterMs", 30_000L, 0L, 86_400_000L,
        "The time from its source's disconnection or the link going silent until a tag's served status becomes "
        + "Bad_NoCommunication. When not above receiver.staleness.uncertainAfterMs the Uncertain stage is skipped. "
        + "Recovery (source connected again, link heard again) restores the real status at once.");

    public static final Setting<Integer> GAPS_MAX_OPEN = Setting.integer(RECEIVER,
        "receiver.gaps.maxOpen", 1024, 1, 1_000_000, "gaps",
        "The most gaps kept open, waiting for the sender's history carousel to refill them. Beyond it the oldest open "
        + "gap is abandoned: journaled and delivered as abandoned, its missing sequences stay lost, and later re-sends "
        + "of them are dropped as duplicates.");

    public static final Setting<Integer> GAPS_RECENT_CLOSED = Setting.integer(RECEIVER,
        "receiver.gaps.recentClosed", 32, 0, 10_000, "gaps",
        "The number of recently closed or abandoned gaps /api/status lists besides every open one. Older ones are "
        + "only counted there; every gap stays in the IT journal and the sinks.");

    public static final Setting<Long> SINKS_POLL_INTERVAL_MS = Setting.durationMs(RECEIVER,
        "receiver.sinks.pollIntervalMs", 200L, 10L, 60_000L,
        "The pause of an idle sink before it looks at the IT journal again. Busy sinks drain without pausing.");

    public static final Setting<Long> SINKS_BATCH_MAX_BYTES = Setting.byteSize(RECEIVER,
        "receiver.sinks.batchMaxBytes", 4 * MIB, KIB, 256 * MIB,
        "The uncompressed JSON size at which a sink closes a batch (one object or file per source and hour of "
        + "a batch). Larger batches mean fewer, bigger objects.");

    public static final Setting<Long> SINKS_BATCH_MAX_AGE_MS = Setting.durationMs(RECEIVER,
        "receiver.sinks.batchMaxAgeMs", 5_000L, 0L, 3_600_000L,
        "The longest a record waits in an open batch before the batch is delivered although it is not full. "
        + "Bounds the delivery latency of a quiet link.");

    public static final Setting<Long> SINKS_RETRY_INITIAL_BACKOFF_MS = Setting.durationMs(RECEIVER,
        "receiver.sinks.retryInitialBackoffMs", 500L, 1L, 600_000L,
        "The wait before a sink retries a batch that failed the first time; it doubles at each further failure. "
        + "A sink retries until it succeeds and never skips data.");

    public static final Setting<Long> SINKS_RETRY_MAX_BACKOFF_MS = Setting.durationMs(RECEIVER,
        "receiver.sinks.retryMaxBackoffMs", 30_000L, 1L, 3_600_000L,
        "The longest wait between two retries of a failing sink. The error counter of the sink counts every "
        + "failed attempt.");

    public static final Setting<Boolean> SINKS_FILES_ENABLED = Setting.bool(RECEIVER,
        "receiver.sinks.files.enabled", true,
        "Whether records are delivered as gzip JSON Lines files under receiver.sinks.files.dir. The files have "
        + "the same key layout as the S3 sink's objects.");

    public static final Setting<Path> SINKS_FILES_DIR = Setting.path(RECEIVER, "receiver.sinks.files.dir",
        Path.of("/var/lib/diodegw/receiver/delivery"),
        "The directory the file sink writes into: {source}/{yyyy}/{MM}/{dd}/{HH}/{firstSeq}-{lastSeq}.jsonl.gz. "
        + "Files appear complete (written under a temporary name, then renamed).");

    public static final Setting<Boolean> SINKS_S3_ENABLED = Setting.bool(RECEIVER, "receiver.sinks.s3.enabled",
        false, "Whether records are delivered to S3 as gzip JSON Lines objects. Needs receiver.sinks.s3.bucket; the "
        + "keys are the file sink's paths.");

    public static final Setting<String> SINKS_S3_BUCKET = Setting.string(RECEIVER, "receiver.sinks.s3.bucket",
        null, 3, 63, "The S3 bucket the S3 sink writes into. It must exist.").optional();

    public static final Setting<String> SINKS_S3_PREFIX = Setting.string(RECEIVER, "receiver.sinks.s3.prefix",
        null, 1, 512, "The key prefix put in front of every object key, e.g. plant-a/. Include the trailing slash to get a "
        + "folder.")
        .optional();

    public static final Setting<String> SINKS_S3_ENDPOINT = Setting.string(RECEIVER,
        "receiver.sinks.s3.endpoint", null, 1, 2048,
        "The URL of an S3-compatible service, e.g. http://127.0.0.1:9090 (path-style addressing is then used). "
        + "Unset: AWS S3 of receiver.sinks.s3.region.").optional();

    public static final Setting<String> SINKS_S3_REGION = Setting.string(RECEIVER, "receiver.sinks.s3.region",
        "us-east-1", 1, 64, "The AWS region of the bucket. Any value works with an S3-compatible endpoint.");

    public static final Setting<String> SINKS_S3_ACCESS_KEY_ID = Setting.string(RECEIVER,
        "receiver.sinks.s3.accessKeyId", null, 1, 256,
        "The static access key id for S3. Unset: the AWS default credentials chain (environment, profile, "
        + "instance role).").optional();

    public static final Setting<String> SINKS_S3_SECRET_ACCESS_KEY = Setting.string(RECEIVER,
        "receiver.sinks.s3.secretAccessKey", null, 1, 256,
        "The secret of receiver.sinks.s3.accessKeyId. Set both or neither.").optional().secret();

    public static final Setting<S3ServerSideEncryption> SINKS_S3_SERVER_SIDE_ENCRYPTION = Setting.enumeration(
        RECEIVER, "receiver.sinks.s3.serverSideEncryption", S3ServerSideEncryption.class, S3ServerSideEncryption.NONE,
        "The server-side encryption every S3 object is put with: NONE (the bucket's default encryption applies), "
        + "AES256 (SSE-S3, keys managed by S3) or AWS_KMS (SSE-KMS, header value aws:kms, with "
        + "receiver.sinks.s3.kmsKeyId or else the account's aws/s3 key). S3 encrypts the object at rest; the "
        + "receiver never sees the key.");

    public static final Setting<String> SINKS_S3_KMS_KEY_ID = Setting.string(RECEIVER,
        "receiver.sinks.s3.kmsKeyId", null, 1, 2048,
        "The KMS key (key id, key ARN or alias ARN) of SSE-KMS when receiver.sinks.s3.serverSideEncryption is "
        + "AWS_KMS. Unset: the account's AWS managed key aws/s3. Setting it with another encryption mode is refused.")
        .optional();

    public static final Setting<Boolean> SINKS_KINESIS_ENABLED = Setting.bool(RECEIVER,
        "receiver.sinks.kinesis.enabled", false,
        "Whether every tag value is put on a Kinesis data stream as one JSON record with the tag id as partition "
        + "key. Needs receiver.sinks.kinesis.streamName.");

    public static final Setting<String> SINKS_KINESIS_STREAM_NAME = Setting.string(RECEIVER,
        "receiver.sinks.kinesis.streamName", null, 1, 128, "The Kinesis data stream the Kinesis sink writes to. It must exist.")
        .optional();

    public static final Setting<String> SINKS_KINESIS_ENDPOINT = Setting.string(RECEIVER,
        "receiver.sinks.kinesis.endpoint", null, 1, 2048,
        "The URL of a Kinesis-compatible service, e.g. http://127.0.0.1:4567. Unset: AWS Kinesis of "
        + "receiver.sinks.kinesis.region.").optional();

    public static final Setting<String> SINKS_KINESIS_REGION = Setting.string(RECEIVER,
        "receiver.sinks.kinesis.region", "us-east-1", 1, 64,
        "The AWS region of the stream. Any value works with a Kinesis-compatible endpoint.");

    public static final Setting<String> SINKS_KINESIS_ACCESS_KEY_ID = Setting.string(RECEIVER,
        "receiver.sinks.kinesis.accessKeyId", null, 1, 256,
        "The static access key id for Kinesis. Unset: the AWS default credentials chain.").optional();

    public static final Setting<String> SINKS_KINESIS_SECRET_ACCESS_KEY = Setting.string(RECEIVER,
        "receiver.sinks.kinesis.secretAccessKey", null, 1, 256,
        "The secret of receiver.sinks.kinesis.accessKeyId. Set both or neither.").optional().secret();

    public static final Setting<Boolean> SINKS_KAFKA_ENABLED = Setting.bool(RECEIVER,
        "receiver.sinks.kafka.enabled", false,
        "Whether every JSON object is published to Kafka: one topic per kind (receiver.sinks.kafka.topicPrefix "
        + "followed by value, history, snapshot, definition, sourceState, gap, audit or record), the tag id as key "
        + "so one tag's values stay in order on one partition. Needs receiver.sinks.kafka.bootstrapServers; the "
        + "topics must exist unless the cluster creates them.");

    public static final Setting<String> SINKS_KAFKA_BOOTSTRAP_SERVERS = Setting.string(RECEIVER,
        "receiver.sinks.kafka.bootstrapServers", null, 1, 2048,
        "The Kafka cluster's bootstrap servers, host:port[,host:port...], e.g. kafka1:9092,kafka2:9092. Required "
        + "when receiver.sinks.kafka.enabled is true.").optional();

    public static final Setting<String> SINKS_KAFKA_TOPIC_PREFIX = Setting.string(RECEIVER,
        "receiver.sinks.kafka.topicPrefix", "diodegw.", 0, 200,
        "The text put in front of each kind to name its topic, e.g. site1.diodegw. gives site1.diodegw.value. Letters, "
        + "digits, '.', '_' and '-' only; one prefix per site lets several receivers share a cluster.");

    public static final Setting<Path> SINKS_KAFKA_CLIENT_PROPERTIES_FILE = Setting.path(RECEIVER,
        "receiver.sinks.kafka.clientPropertiesFile", null,
        "The Kafka producer properties file for TLS or SASL (security.protocol, ssl.truststore.location, "
        + "sasl.jaas.config...). It may hold secrets, so it must not be readable by group or others (chmod 600). "
        + "The sink's own settings (bootstrap servers, serializers, acks=all, idempotence) win over it.").optional();

    public static final Setting<Path> SINKS_ROUTES_DIR = Setting.path(RECEIVER, "receiver.sinks.routes.dir", null,
        "The folder of Camel YAML DSL route files (*.camel.yaml, *.yaml) loaded at start. They receive every "
        + "delivered JSON object from the endpoint direct:diodegw-records, through their own durable cursor.")
        .optional();

    /** Every receiver setting, in documentation order. */
    public static final Setting<Path> AUDIT_FILE = Setting.path(RECEIVER, "receiver.audit.file", null,
        "The IT audit log: one JSON object a line (receiver start and stop with the configuration hash, session keys "
        + "installed, refused datagrams and announcements by reason per interval, sender epochs, stream restarts, "
        + "gaps, and every audit record of the OT sender with origin OT). Created with mode 0600 and appended with "
        + "an fsync per batch. Unset: audit.jsonl next to receiver.journal.dir (in its parent directory).").optional();
    public static final Setting<Long> AUDIT_COUNTER_INTERVAL_MS = Setting.durationMs(RECEIVER,
        "receiver.audit.counterIntervalMs", 10_000L, 1_000L, 3_600_000L,
        "The interval at which refusals, authentication failures, stream restarts and gaps are summed up into the "
        + "audit log: "
        + "one line per interval in which a counter moved. A flood of refused datagrams therefore costs the log "
        + "one line per interval, never one line per datagram.");

    public static final Setting<Long> ALARMS_CHECK_INTERVAL_MS = Setting.durationMs(RECEIVER,
        "receiver.alarms.checkIntervalMs", 1_000L, 100L, 60_000L,
        "The interval at which the alarm monitor compares lag, backlog age, stale tags, unrecoverable blocks and "
        + "sink lag with their thresholds, on its own thread. An alarm is raised at the first check that finds its "
        + "value at or above the threshold.");

    public static final Setting<Long> ALARMS_CLEAR_AFTER_MS = Setting.durationMs(RECEIVER,
        "receiver.alarms.clearAfterMs", 10_000L, 0L, 3_600_000L,
        "The time a raised alarm's value must stay below its threshold before the alarm clears. It keeps an "
        + "alarm from flapping when a value hovers around its threshold; 0 clears at the first check below.");

    public static final Setting<Long> ALARMS_LAG_MS = Setting.durationMs(RECEIVER,
        "receiver.alarms.lagMs", 10_000L, 0L, 86_400_000L,
        "The replication lag per source at which a lag alarm is raised. The value compared is the larger of the "
        + "source's 99th percentile lag over the last minute (apply time minus source time) and the time since the "
        + "sender was last heard, so a stopped sender or a silent link crosses it too. 0 turns the alarm off.");

    public static final Setting<Long> ALARMS_BACKLOG_AGE_MS = Setting.durationMs(RECEIVER,
        "receiver.alarms.backlogAgeMs", 60_000L, 0L, 86_400_000L,
        "The age of the oldest record the sender has journaled but not yet sent (oldestUnsentAgeMs of its latest "
        + "SENDER_STATUS) at which a backlog alarm is raised: the OT side collects faster than the link carries. "
        + "0 turns the alarm off.");

    public static final Setting<Integer> ALARMS_STALE_TAGS = Setting.integer(RECEIVER,
        "receiver.alarms.staleTags", 1, 0, Integer.MAX_VALUE, "tags",
        "The number of a source's tags served stale (Uncertain or Bad because the source stopped communicating or "
        + "the link went silent) at which a stale-tags alarm is raised for that source. The default 1 raises on "
        + "any stale tag: staleness already waits receiver.staleness.linkSilentMs or the source's own "
        + "disconnection, and it strikes a source's tags together, so a higher value only delays the alarm. 0 turns "
        + "the alarm off.");

    public static final Setting<Long> ALARMS_UNRECOVERABLE_BLOCKS = Setting.longInteger(RECEIVER,
        "receiver.alarms.unrecoverableBlocks", 1L, 0L, Long.MAX_VALUE, "blocks",
        "The number of FEC blocks lost beyond repair within receiver.alarms.windowMs at which an unrecoverable-blocks "
        + "alarm is raised. Each such block lost records (a gap until a snapshot or re-send fills it). 0 turns the "
        + "alarm off.");

    public static final Setting<Long> ALARMS_WINDOW_MS = Setting.durationMs(RECEIVER,
        "receiver.alarms.windowMs", 300_000L, 1_000L, 86_400_000L,
        "The sliding window over which unrecoverable blocks are counted for receiver.alarms.unrecoverableBlocks. The "
        + "alarm clears once the window holds fewer than that many (and receiver.alarms.clearAfterMs passed).");

    public static final Setting<Long> ALARMS_SINK_LAG_MS = Setting.durationMs(RECEIVER,
        "receiver.alarms.sinkLagMs", 60_000L, 0L, 86_400_000L,
        "The delivery lag per sink at which a sink-lag alarm is raised: how long the oldest IT journal entry the sink "
        + "has not committed has been in the journal (measured by the alarm monitor to one check interval). A sink "
        + "whose destination refuses or is slow crosses it. 0 turns the alarm off.");

    public static final Setting<String> ALARMS_WEBHOOK_URL = Setting.string(RECEIVER,
        "receiver.alarms.webhookUrl", null, 0, 2048,
        "The http or https URL every alarm event (raised or cleared) is POSTed to as one JSON object, such as "
        + "https://alerts.example.com/diodegw. Delivery runs through a bounded queue with retries and never delays "
        + "the monitor; events beyond the queue are dropped and counted. Unset or empty: no webhook.")
        .optional();

    public static final Setting<String> ALARMS_KAFKA_TOPIC = Setting.string(RECEIVER,
        "receiver.alarms.kafkaTopic", null, 1, 249,
        "The Kafka topic every alarm event (raised or cleared) is published to as one JSON object, all under one key "
        + "so they stay in order, on the cluster of receiver.sinks.kafka.bootstrapServers with its client properties "
        + "file, such as site1.diodegw.alarms. Delivery runs through its own bounded queue with retries and never delays the "
        + "monitor. Unset: no Kafka alarms.").optional();

    public static final List<Setting<?>> ALL = List.of(BIND, SOCKET_RECEIVE_BUFFER_BYTES, BLOCK_TIMEOUT_MS,
        REORDER_WINDOW_BLOCKS, JOURNAL_DIR, JOURNAL_ENCRYPTION_KEY_FILE, AUDIT_FILE, AUDIT_COUNTER_INTERVAL_MS,
        PRIVATE_KEY_FILE, TRUSTED_SENDER_KEY_FILES, REVOKED_SENDER_KEYS_FILE,
        ANNOUNCEMENT_VERIFICATIONS_PER_SEC, HTTP_ENABLED, METRICS_ENABLED, HTTP_BIND, HTTP_TLS_CERTIFICATE_FILE, HTTP_TLS_PRIVATE_KEY_FILE, HTTP_TLS_ALLOW_TLS12,
        HTTP_TLS_CLIENT_CA_FILE, HTTP_TOKEN_FILE, HTTP_ALLOW_UNPROTECTED_NETWORK_ACCESS,
        STALENESS_LINK_SILENT_MS, STALENESS_UNCERTAIN_AFTER_MS, STALENESS_BAD_AFTER_MS,
        GAPS_MAX_OPEN, GAPS_RECENT_CLOSED,
        SINKS_POLL_INTERVAL_MS, SINKS_BATCH_MAX_BYTES, SINKS_BATCH_MAX_AGE_MS, SINKS_RETRY_INITIAL_BACKOFF_MS,
        SINKS_RETRY_MAX_BACKOFF_MS, SINKS_FILES_ENABLED, SINKS_FILES_DIR, SINKS_S3_ENABLED, SINKS_S3_BUCKET,
        SINKS_S3_PREFIX, SINKS_S3_ENDPOINT, SINKS_S3_REGION, SINKS_S3_ACCESS_KEY_ID, SINKS_S3_SECRET_ACCESS_KEY,
        SINKS_S3_SERVER_SIDE_ENCRYPTION, SINKS_S3_KMS_KEY_ID,
        SINKS_KINESIS_ENABLED, SINKS_KINESIS_STREAM_NAME, SINKS_KINESIS_ENDPOINT, SINKS_KINESIS_REGION,
        SINKS_KINESIS_ACCESS_KEY_ID, SINKS_KINESIS_SECRET_ACCESS_KEY, SINKS_KAFKA_ENABLED,
        SINKS_KAFKA_BOOTSTRAP_SERVERS, SINKS_KAFKA_TOPIC_PREFIX, SINKS_KAFKA_CLIENT_PROPERTIES_FILE, SINKS_ROUTES_DIR,
        ALARMS_CHECK_INTERVAL_MS, ALARMS_CLEAR_AFTER_MS, ALARMS_LAG_MS, ALARMS_BACKLOG_AGE_MS, ALARMS_STALE_TAGS,
        ALARMS_UNRECOVERABLE_BLOCKS, ALARMS_WINDOW_MS, ALARMS_SINK_LAG_MS, ALARMS_WEBHOOK_URL, ALARMS_KAFKA_TOPIC);

    private ReceiverSettings()
    {
    }
}
