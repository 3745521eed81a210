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

    public static final Setting<Path> IDENTITY_KEY_FILE = Setting.path(SENDER, "sender.identityKeyFile", null,
        "The PEM file of the sender's long-term Ed25519 private key (PKCS#8). It signs the key announcements; make "
        + "it readable only by the sender's user.")
        .required("/etc/diodegw/sender-identity.pem");

    public static final Setting<Path> RECEIVER_PUBLIC_KEY_FILE = Setting.path(SENDER,
        "sender.receiverPublicKeyFile", null,
        "The PEM file of the receiver's X25519 public key (X.509 SubjectPublicKeyInfo). Session keys are agreed "
        + "with it, so only that receiver can decrypt.")
        .required("/etc/diodegw/receiver-x25519.pub.pem");

    /** Every sender setting, in documentation order. */
    public static final List<Setting<?>> ALL = List.of(DESTINATION, BIND_ADDRESS, LINK_RATE_BITS_PER_SEC,
        HEARTBEAT_INTERVAL_MS, KEY_ANNOUNCEMENT_INTERVAL_MS, KEY_ROTATION_INTERVAL_MS, KEY_ROTATION_BYTES,
        JOURNAL_DIR, JOURNAL_QUOTA_BYTES, IDENTITY_KEY_FILE, RECEIVER_PUBLIC_KEY_FILE);

    private SenderSettings()
    {
    }
}
