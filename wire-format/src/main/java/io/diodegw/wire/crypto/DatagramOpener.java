package io.diodegw.wire.crypto;

import java.security.GeneralSecurityException;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

import io.diodegw.wire.datagram.DatagramHeaderFlyweight;
import io.diodegw.wire.datagram.HeaderStatus;
import io.diodegw.wire.datagram.MtuLimits;

/**
 * Authenticates and opens sealed datagrams in place: the inverse of {@link DatagramSealer}, plus key selection and
 * replay protection.
 *
 * <p>Holds up to {@value #MAX_KEYS} session keys at once (a rotation overlaps the old and the new key), each with
 * its own {@link ReplayWindow}, and selects the key by the header's (sender epoch, key id). Rules, in order:
 * the header must validate and be of a sealed type; the key must be installed; its epoch must not be older than the
 * newest epoch that authenticated here (an old epoch is accepted only until a datagram of a newer one has been
 * seen; the first such datagram retires every older-epoch key); the counter must be below the key's packet limit
 * and fresh in the window; the tag must verify. Only then is the counter marked as seen.
 *
 * <p>Owned by the receiver's decode thread; not thread-safe. Allocates nothing itself per datagram except the
 * {@link GCMParameterSpec} the JCE API requires per nonce. A forged tag makes the JDK throw
 * {@link AEADBadTagException}, which is caught here and returned as {@link #BAD_TAG}: the cost of that exception is
 * paid only for datagrams that fail authentication. Never throws for any input bytes.
 */
public final class DatagramOpener
{
    /** Keys held at once. */
    public static final int MAX_KEYS = 4;

    /** The header did not validate (see {@link DatagramHeaderFlyweight#validate}). */
    public static final int BAD_HEADER = -1;
    /** The type carries no AEAD tag (a key announcement goes to {@link KeyAnnouncementVerifier}). */
    public static final int NOT_SEALED = -2;
    /** No installed key has the header's (epoch, key id). */
    public static final int UNKNOWN_KEY = -3;
    /** The key's epoch is older than the newest epoch that authenticated. */
    public static final int STALE_EPOCH = -4;
    /** The packet counter is at or beyond the key's packet limit. */
    public static final int COUNTER_BEYOND_LIMIT = -5;
    /** The counter was accepted before. */
    public static final int DUPLICATE = -6;
    /** The counter is below the replay window. */
    public static final int TOO_OLD = -7;
    /** The tag did not verify: corrupted or forged. */
    public static final int BAD_TAG = -8;
    /** The JDK cipher failed for another reason; a defect, counted, never expected. */
    public static final int CRYPTO_FAILURE = -9;

    private static final int TAG_BITS = DatagramHeaderFlyweight.TAG_LENGTH * 8;

    private final Cipher cipher = DatagramSealer.newCipher();
    private final DatagramHeaderFlyweight header = new DatagramHeaderFlyweight();
    private final byte[] nonce = new byte[AeadNonce.LENGTH];
    private final int maxDatagramBytes;
    private final SessionKey[] keys = new SessionKey[MAX_KEYS];
    private final ReplayWindow[] windows = new ReplayWindow[MAX_KEYS];
    private final long[] installOrder = new long[MAX_KEYS];
    private long installs;
    private boolean epochSeen;
    private long newestEpoch;

    /**
     * @param limits the link's MTU limits; longer datagrams are {@link #BAD_HEADER}.
     */
    public DatagramOpener(final MtuLimits limits)
    {
        this.maxDatagramBytes = limits.maxDatagramBytes();
        for (int i = 0; i < MAX_KEYS; i++)
        {
            windows[i] = new ReplayWindow();
        }
    }

    /**
     * Adds a key, typically just derived from a verified key announcement. When all slots are full the key installed
     * longest ago is removed (and destroyed).
     *
     * @param key the key; this opener owns it from now on if installed.
     * @return true if installed; false if a key with the same (epoch, key id) is already held or the key's epoch is
     *     older than the newest authenticated epoch (the caller then destroys {@code key}).
     */
    public boolean install(final SessionKey key)
    {
        if (find(key.senderEpoch(), key.keyId()) >= 0 || (epochSeen && Long.compareUnsigned(key.senderEpoch(), newestEpoch) < 0))
        {
            return false;
        }
        int slot = -1;
        for (int i = 0; i < MAX_KEYS && slot < 0; i++)
        {
            if (keys[i] == null)
            {
                slot = i;
            }
        }
        if (slot < 0)
        {
            slot = 0;
            for (int i = 1; i < MAX_KEYS; i++)
            {
                if (installOrder[i] < installOrder[slot])
                {
                    slot = i;
                }
            }
            keys[slot].destroy();
        }
        keys[slot] = key;
        windows[slot].reset();
        installOrder[slot] = ++installs;
        return true;
    }

    /**
     * @return whether a key with this (epoch, key id) is held.
     */
    public boolean hasKey(final long senderEpoch, final int keyId)
    {
        return find(senderEpoch, keyId) >= 0;
    }

    /**
     * Removes and destroys a key.
     *
     * @return whether it was held.
     */
    public boolean remove(final long senderEpoch, final int keyId)
    {
        final int slot = find(senderEpoch, keyId);
        if (slot < 0)
        {
            return false;
        }
        clear(slot);
        return true;
    }

    /**
     * Removes and destroys every key that expired at {@code nowMs}. When no key is left, the newest-epoch rule is
     * forgotten, so a sender whose clock went back (smaller epoch) can join again once all older keys expired.
     *
     * @param nowMs wall clock, ms since 1970-01-01T00:00Z.
     * @return the number of keys removed.
     */
    public int expire(final long nowMs)
    {
        int removed = 0;
        int left = 0;
        for (int i = 0; i < MAX_KEYS; i++)
        {
            if (keys[i] != null)
            {
                if (keys[i].expiresAtMs() <= nowMs)
                {
                    clear(i);
                    removed++;
                }
                else
                {
                    left++;
                }
            }
        }
        if (left == 0)
        {
            epochSeen = false;
            newestEpoch = 0;
        }
        return removed;
    }

    /** @return the number of keys held. */
    public int keyCount()
    {
        int count = 0;
        for (final SessionKey key : keys)
        {
            if (key != null)
            {
                count++;
            }
        }
        return count;
    }

    /**
     * Authenticates and opens one datagram in place. On success the payload (cleartext) is at
     * {@code offset + 40}; on failure the payload bytes are unspecified and must be dropped.
     *
     * @param buffer bytes of the datagram.
     * @param offset index of its first byte.
     * @param length received length.
     * @return the payload length (0 or more), or a negative code of this class.
     */
    public int open(final byte[] buffer, final int offset, final int length)
    {
        if (DatagramHeaderFlyweight.validate(buffer, offset, length, maxDatagramBytes) != HeaderStatus.OK)
        {
            return BAD_HEADER;
        }
        header.wrap(buffer, offset);
        if (!DatagramHeaderFlyweight.isSealedType(header.type()))
        {
            return NOT_SEALED;
        }
        final long epoch = header.senderEpoch();
        final int slot = find(epoch, header.keyId());
        if (slot < 0)
        {
            return UNKNOWN_KEY;
        }
        if (epochSeen && Long.compareUnsigned(epoch, newestEpoch) < 0)
        {
            return STALE_EPOCH;
        }
        final SessionKey key = keys[slot];
        final long counter = header.packetCounter();
        if (Long.compareUnsigned(counter, key.packetLimit()) >= 0)
        {
            return COUNTER_BEYOND_LIMIT;
        }
        final ReplayWindow window = windows[slot];
        final int replay = window.check(counter);
        if (replay != ReplayWindow.FRESH)
        {
            return replay == ReplayWindow.DUPLICATE ? DUPLICATE : TOO_OLD;
        }
        if (key.isDestroyed())
        {
            return UNKNOWN_KEY;
        }
        final int payloadOffset = offset + DatagramHeaderFlyweight.HEADER_LENGTH;
        final int payloadLength = length - DatagramHeaderFlyweight.HEADER_LENGTH - DatagramHeaderFlyweight.TAG_LENGTH;
        AeadNonce.write(nonce, key.noncePrefix(), counter);
        try
        {
            cipher.init(Cipher.DECRYPT_MODE, key.secretKey(), new GCMParameterSpec(TAG_BITS, nonce));
            if (header.isEncrypted())
            {
                cipher.updateAAD(buffer, offset, DatagramHeaderFlyweight.HEADER_LENGTH);
                cipher.doFinal(buffer, payloadOffset, payloadLength + DatagramHeaderFlyweight.TAG_LENGTH,
                    buffer, payloadOffset);
            }
            else
            {
                cipher.updateAAD(buffer, offset, DatagramHeaderFlyweight.HEADER_LENGTH + payloadLength);
                cipher.doFinal(buffer, payloadOffset + payloadLength, DatagramHeaderFlyweight.TAG_LENGTH,
                    buffer, payloadOffset + payloadLength);
            }
        }
        catch (final AEADBadTagException ex)
        {
            return BAD_TAG;
        }
        catch (final GeneralSecurityException ex)
        {
            return CRYPTO_FAILURE;
        }
        window.accept(counter);
        if (!epochSeen || Long.compareUnsigned(epoch, newestEpoch) > 0)
        {
            epochSeen = true;
            newestEpoch = epoch;
            retireEpochsBefore(epoch);
        }
        return payloadLength;
    }

    /**
     * @param code a negative result of {@link #open(byte[], int, int)}.
     * @return its constant name, for counters and logs.
     */
    public static String describe(final int code)
    {
        switch (code)
        {
            case BAD_HEADER:
                return "BAD_HEADER";
            case NOT_SEALED:
                return "NOT_SEALED";
            case UNKNOWN_KEY:
                return "UNKNOWN_KEY";
            case STALE_EPOCH:
                return "STALE_EPOCH";
            case COUNTER_BEYOND_LIMIT:
                return "COUNTER_BEYOND_LIMIT";
            case DUPLICATE:
                return "DUPLICATE";
            case TOO_OLD:
                return "TOO_OLD";
            case BAD_TAG:
                return "BAD_TAG";
            case CRYPTO_FAILURE:
                return "CRYPTO_FAILURE";
            default:
                return code >= 0 ? "OK" : "UNKNOWN(" + code + ")";
        }
    }

    private void retireEpochsBefore(final long epoch)
    {
        for (int i = 0; i < MAX_KEYS; i++)
        {
            if (keys[i] != null && Long.compareUnsigned(keys[i].senderEpoch(), epoch) < 0)
            {
                clear(i);
            }
        }
    }

    private void clear(final int slot)
    {
        keys[slot].destroy();
        keys[slot] = null;
        windows[slot].reset();
    }

    private int find(final long senderEpoch, final int keyId)
    {
        for (int i = 0; i < MAX_KEYS; i++)
        {
            final SessionKey key = keys[i];
            if (key != null && key.senderEpoch() == senderEpoch && key.keyId() == keyId)
            {
                return i;
            }
        }
        return -1;
    }
}
