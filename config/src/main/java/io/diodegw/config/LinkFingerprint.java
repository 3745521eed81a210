package io.diodegw.config;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The link fingerprint: a 64-bit hash of every setting both ends must agree on ({@link Side#LINK}) and of the
 * protocol version. Both ends compute it from their own configuration; the sender puts it in every heartbeat and
 * the receiver compares it with its own, so a mismatch of MTU, FEC geometry, link id, encryption mode or protocol
 * version is reported instead of showing up as undecodable traffic.
 *
 * <p>The hash is the first 8 bytes (big-endian) of SHA-256 over the UTF-8 {@link #canonicalText canonical text}:
 * <pre>
 * protocolVersion=1
 * link.encryption=ENCRYPTED
 * link.fec.interleaveDepth=8
 * ...
 * </pre>
 * that is, a line {@code protocolVersion=<n>} followed by one line {@code <key>=<value>} per link setting sorted
 * by key, each ending in {@code \n}, with values in {@link Setting#canonical canonical form} (whole numbers in
 * base 10 in the setting's unit, enum constant names). The text does not depend on the order of keys in the files
 * nor on where a value came from. Since the receiver sees only the sender's 64-bit value, an operator explains a
 * mismatch by comparing the canonical texts both ends log at start-up.
 *
 * <p>Stateless and thread-safe; call it at start-up, not per datagram.
 */
public final class LinkFingerprint
{
    private static final int FINGERPRINT_BYTES = Long.BYTES;

    private LinkFingerprint()
    {
    }

    /**
     * @param config          a configuration of either side.
     * @param protocolVersion the wire protocol version the process speaks.
     * @return the fingerprint.
     */
    public static long of(final Config config, final int protocolVersion)
    {
        final byte[] digest = sha256(canonicalText(config, protocolVersion).getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.wrap(digest, 0, FINGERPRINT_BYTES).getLong();
    }

    /**
     * @param config          a configuration of either side.
     * @param protocolVersion the wire protocol version the process speaks.
     * @return the exact text that {@link #of} hashes.
     */
    public static String canonicalText(final Config config, final int protocolVersion)
    {
        final List<Setting<?>> linkSettings = new ArrayList<>();
        for (final Setting<?> setting : config.settings())
        {
            if (setting.side() == Side.LINK)
            {
                linkSettings.add(setting);
            }
        }
        linkSettings.sort(Comparator.comparing(Setting::key));
        final StringBuilder sb = new StringBuilder("protocolVersion=").append(protocolVersion).append('\n');
        for (final Setting<?> setting : linkSettings)
        {
            config.find(setting).ifPresent(v -> sb.append(setting.key()).append('=').append(setting.canonical(v))
                .append('\n'));
        }
        return sb.toString();
    }

    /**
     * @param fingerprint a fingerprint.
     * @return it as 16 lower-case hex digits, the form used in logs and messages.
     */
    public static String toHex(final long fingerprint)
    {
        return String.format("%016x", fingerprint);
    }

    private static byte[] sha256(final byte[] input)
    {
        try
        {
            return MessageDigest.getInstance("SHA-256").digest(input);
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("every Java platform provides SHA-256", ex);
        }
    }
}
