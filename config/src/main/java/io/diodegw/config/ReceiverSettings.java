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
        "The longest wait for the missing symbols of an FEC block before it is given up. A given-up block becomes "
        + "a recorded gap, and later blocks never wait behind it.");

    public static final Setting<Integer> REORDER_WINDOW_BLOCKS = Setting.integer(RECEIVER,
        "receiver.reorderWindowBlocks", 32, 1, 4096, "blocks",
        "The number of FEC blocks kept open at once while their symbols arrive interleaved or out of order. It "
        + "must be at least link.fec.interleaveDepth.");

    public static final Setting<Path> JOURNAL_DIR = Setting.path(RECEIVER, "receiver.journal.dir",
        Path.of("/var/lib/diodegw/receiver/journal"),
        "The directory of the IT journal. Rebuilt records are made durable here before any sink reads them; it "
        + "must be on a local disk that survives restarts.");

    public static final Setting<Path> PRIVATE_KEY_FILE = Setting.path(RECEIVER, "receiver.privateKeyFile", null,
        "The PEM file of the receiver's X25519 private key (PKCS#8). Session keys announced by the sender are "
        + "derived with it; make it readable only by the receiver's user.")
        .required("/etc/diodegw/receiver-x25519.pem");

    public static final Setting<List<Path>> TRUSTED_SENDER_KEY_FILES = Setting.pathList(RECEIVER,
        "receiver.trustedSenderKeyFiles", 1,
        "The PEM files of the Ed25519 public keys of the senders this receiver trusts. Key announcements signed "
        + "by any other key are dropped; list two keys while a sender's identity is being replaced.")
        .required("/etc/diodegw/sender-identity.pub.pem");

    public static final Setting<Boolean> HTTP_ENABLED = Setting.bool(RECEIVER, "receiver.http.enabled", true,
        "Whether the read-only HTTP API is served. Turn it off on hosts where only the sinks are wanted.");

    public static final Setting<HostPort> HTTP_BIND = Setting.hostPort(RECEIVER, "receiver.http.bind",
        HostPort.parse("127.0.0.1:8080"), 0,
        "The TCP address of the read-only HTTP API (mirrored tags, link health, replication lag). The default "
        + "serves this host only; bind a routable address to serve the IT network.");

    /** Every receiver setting, in documentation order. */
    public static final List<Setting<?>> ALL = List.of(BIND, SOCKET_RECEIVE_BUFFER_BYTES, BLOCK_TIMEOUT_MS,
        REORDER_WINDOW_BLOCKS, JOURNAL_DIR, PRIVATE_KEY_FILE, TRUSTED_SENDER_KEY_FILES, HTTP_ENABLED, HTTP_BIND);

    private ReceiverSettings()
    {
    }
}
