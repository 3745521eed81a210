package io.diodegw.wire.crypto;

import java.security.GeneralSecurityException;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

import io.diodegw.wire.datagram.DatagramHeaderFlyweight;
import io.diodegw.wire.datagram.HeaderStatus;
import io.diodegw.wire.datagram.MtuLimits;

/**
 * Seals data, repair and heartbeat datagrams in place under the current session key: AES-256-GCM from the JDK
 * (SunJCE, requested by name so that no other provider, e.g. Bouncy Castle, is ever picked for this path), nonce per
 * {@link AeadNonce}, the 40-byte header as associated data, and the 16-byte tag appended.
 *
 * <ul>
 * <li>Encrypted mode: the payload is encrypted in place ({@link DatagramHeaderFlyweight#FLAG_ENCRYPTED} set).</li>
 * <li>Integrity-only mode: the payload stays cleartext; the tag is AES-GCM over empty plaintext with header and
 * payload as associated data (GMAC).</li>
 * </ul>
 *
 * <p>The caller writes type, link id, block sequence, symbol index and geometry through
 * {@link DatagramHeaderFlyweight} and the payload after the header; {@link #seal(byte[], int, int)} writes magic,
 * version, flags, sender epoch, key id and the next packet counter, checks the result with
 * {@link DatagramHeaderFlyweight#validate}, and seals. It refuses (negative result, nothing sent) to exceed the
 * MTU, to seal without a key or with a destroyed one, and to use a counter at or beyond the key's packet limit: the
 * sender must rotate to a new key before that.
 *
 * <p>Owned by one thread (the replicator agent); not thread-safe. Allocates nothing itself per datagram except the
 * {@link GCMParameterSpec} the JCE API requires for each nonce; what the JDK allocates inside {@code Cipher} is
 * measured in {@code EnvelopeBenchmark}. Never throws for expected conditions.
 */
public final class DatagramSealer
{
    /** No key was installed. */
    public static final int NO_KEY = -1;
    /** The key's packet limit is used up, or the key was destroyed: install a new key. */
    public static final int KEY_EXHAUSTED = -2;
    /** Header, payload and tag would exceed the link's maximum datagram. */
    public static final int TOO_LONG = -3;
    /** The header the caller wrote is not valid for sending (type not sealed, bad geometry). */
    public static final int BAD_HEADER = -4;
    /** The JDK cipher failed; a defect, counted, never expected. */
    public static final int CRYPTO_FAILURE = -5;

    private static final int TAG_BITS = DatagramHeaderFlyweight.TAG_LENGTH * 8;

    private final Cipher cipher;
    private final DatagramHeaderFlyweight header = new DatagramHeaderFlyweight();
    private final byte[] nonce = new byte[AeadNonce.LENGTH];
    private final int maxDatagramBytes;
    private final boolean encryptPayload;
    private SessionKey key;
    private long nextPacketCounter;

    /**
     * @param limits         the link's MTU limits; no sealed datagram exceeds {@link MtuLimits#maxDatagramBytes()}.
     * @param encryptPayload true for encrypted mode, false for integrity-only mode.
     * @throws IllegalStateException if the JDK offers no SunJCE AES/GCM (a broken runtime).
     */
    public DatagramSealer(final MtuLimits limits, final boolean encryptPayload)
    {
        this.cipher = newCipher();
        this.maxDatagramBytes = limits.maxDatagramBytes();
        this.encryptPayload = encryptPayload;
    }

    static Cipher newCipher()
    {
        try
        {
            return Cipher.getInstance("AES/GCM/NoPadding", "SunJCE");
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("JDK AES/GCM/NoPadding (SunJCE) unavailable", ex);
        }
    }

    /**
     * Makes {@code key} the key of every following datagram; its packet counter starts at 0. The sender announces a
     * key before installing it so the receiver holds it before the first datagram under it arrives.
     *
     * @param key a key never installed in this sealer before (a counter must never restart under the same key).
     */
    public void install(final SessionKey key)
    {
        this.key = key;
        this.nextPacketCounter = 0;
    }

    /** @return the installed key, or null. */
    public SessionKey key()
    {
        return key;
    }

    /** @return the counter the next datagram will carry. */
    public long nextPacketCounter()
    {
        return nextPacketCounter;
    }

    /** @return datagrams the installed key may still seal; 0 without a key. */
    public long remainingPackets()
    {
        return key == null ? 0 : key.packetLimit() - nextPacketCounter;
    }

    /** @return whether payloads are encrypted (false: integrity-only mode). */
    public boolean encryptsPayload()
    {
        return encryptPayload;
    }

    /**
     * Seals one datagram in place.
     *
     * @param buffer        holds the header at {@code offset}, the payload after it, and room for the tag.
     * @param offset        index of the datagram's first byte.
     * @param payloadLength payload bytes after the header.
     * @return the datagram length to send ({@code 40 + payloadLength + 16}), or a negative code of this class.
     */
    public int seal(final byte[] buffer, final int offset, final int payloadLength)
    {
        final SessionKey key = this.key;
        if (key == null)
        {
            return NO_KEY;
        }
        if (nextPacketCounter >= key.packetLimit() || key.isDestroyed())
        {
            return KEY_EXHAUSTED;
        }
        final int payloadOffset = offset + DatagramHeaderFlyweight.HEADER_LENGTH;
        final int datagramLength = DatagramHeaderFlyweight.HEADER_LENGTH + payloadLength + DatagramHeaderFlyweight.TAG_LENGTH;
        if (payloadLength < 0 || datagramLength > maxDatagramBytes || payloadOffset + payloadLength +
            DatagramHeaderFlyweight.TAG_LENGTH > buffer.length)
        {
            return TOO_LONG;
        }
        final long counter = nextPacketCounter++;
        header.wrap(buffer, offset)
            .writePreamble()
            .flags(encryptPayload ? DatagramHeaderFlyweight.FLAG_ENCRYPTED : 0)
            .senderEpoch(key.senderEpoch())
            .keyId(key.keyId())
            .packetCounter(counter);
        if (!DatagramHeaderFlyweight.isSealedType(header.type()) ||
            DatagramHeaderFlyweight.validate(buffer, offset, datagramLength, maxDatagramBytes) != HeaderStatus.OK)
        {
            return BAD_HEADER;
        }
        AeadNonce.write(nonce, key.noncePrefix(), counter);
        try
        {
            cipher.init(Cipher.ENCRYPT_MODE, key.secretKey(), new GCMParameterSpec(TAG_BITS, nonce));
            if (encryptPayload)
            {
                cipher.updateAAD(buffer, offset, DatagramHeaderFlyweight.HEADER_LENGTH);
                cipher.doFinal(buffer, payloadOffset, payloadLength, buffer, payloadOffset);
            }
            else
            {
                cipher.updateAAD(buffer, offset, DatagramHeaderFlyweight.HEADER_LENGTH + payloadLength);
                cipher.doFinal(buffer, payloadOffset, 0, buffer, payloadOffset + payloadLength);
            }
        }
        catch (final GeneralSecurityException ex)
        {
            return CRYPTO_FAILURE;
        }
        return datagramLength;
    }

    /**
     * @param code a negative result of {@link #seal(byte[], int, int)}.
     * @return its constant name, for counters and logs.
     */
    public static String describe(final int code)
    {
        switch (code)
        {
            case NO_KEY:
                return "NO_KEY";
            case KEY_EXHAUSTED:
                return "KEY_EXHAUSTED";
            case TOO_LONG:
                return "TOO_LONG";
            case BAD_HEADER:
                return "BAD_HEADER";
            case CRYPTO_FAILURE:
                return "CRYPTO_FAILURE";
            default:
                return code >= 0 ? "OK" : "UNKNOWN(" + code + ")";
        }
    }
}
