package io.diodegw.wire.crypto;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM of journal payloads at rest (OT and IT journals; not a wire format, so not in wire-format.md). A
 * sealed payload of an n-byte clear payload is n + 28 bytes: at offset 0 the 8-byte nonce prefix (random, drawn per
 * cipher and per 2<sup>32</sup> seals), at 8 the 4-byte nonce counter (u32, little-endian), at 12 the n bytes of
 * ciphertext, at 12 + n the 16-byte GCM tag over the caller's associated data and the ciphertext.
 * The caller passes the clear header of its entry as associated data, so neither header nor body can change
 * unnoticed.
 *
 * <p>Why nonces never repeat under a key: each writing cipher draws a random 64-bit prefix from
 * {@link SecureRandom} when it is created and again whenever its 32-bit counter wraps, and counts up from 0 under it.
 * Two seals share a nonce only if two draws of the prefix collide: after d draws under one key the probability is
 * below d<sup>2</sup>/2<sup>65</sup> (a draw per journal opening and per 4 billion records).
 *
 * <p>Not thread-safe: one owner thread per instance (a writer, or one reader). {@link #seal} and {@link #open}
 * allocate nothing themselves except the {@link GCMParameterSpec} the JCE API requires per nonce; what the JDK's
 * cipher allocates inside is its own. {@link #open} never throws for a bad tag or short input: it returns a code.
 */
public final class JournalCipher
{
    /** Bytes of the nonce stored in front of the ciphertext. */
    public static final int NONCE_LENGTH = 12;
    /** Bytes of the GCM tag after the ciphertext. */
    public static final int TAG_LENGTH = 16;
    /** Bytes a sealed payload has beyond the clear payload. */
    public static final int OVERHEAD_BYTES = NONCE_LENGTH + TAG_LENGTH;
    /** {@link #open} result: the sealed input is shorter than nonce and tag. */
    public static final int TOO_SHORT = -1;
    /** {@link #open} result: the tag does not match (altered bytes, or another key). */
    public static final int BAD_TAG = -2;

    private static final int PREFIX_OFFSET = 0;
    private static final int COUNTER_OFFSET = 8;
    private static final int TAG_BITS = TAG_LENGTH * 8;
    private static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private final JournalKey key;
    private final Cipher cipher;
    private final SecureRandom random;
    private final byte[] nonce = new byte[NONCE_LENGTH];
    private long noncePrefix;
    private long counter;

    private JournalCipher(final JournalKey key, final SecureRandom random)
    {
        this.key = key;
        this.random = random;
        this.cipher = DatagramSealer.newCipher();
        if (random != null)
        {
            noncePrefix = random.nextLong();
        }
    }

    /**
     * @param key    the journal key.
     * @param random where nonce prefixes come from (a {@link SecureRandom}; tests may seed one).
     * @return a cipher that seals (and opens).
     */
    public static JournalCipher forWriting(final JournalKey key, final SecureRandom random)
    {
        return new JournalCipher(key, random);
    }

    /**
     * @param key the journal key.
     * @return a cipher that opens only.
     */
    public static JournalCipher forReading(final JournalKey key)
    {
        return new JournalCipher(key, null);
    }

    /** @return the key's fingerprint. */
    public JournalKey key()
    {
        return key;
    }

    /**
     * Seals {@code length} bytes of {@code src} into {@code dst}: nonce, ciphertext and tag.
     *
     * @param aad    associated data (the entry's clear header).
     * @param dst    receives {@code length + OVERHEAD_BYTES} bytes at {@code dstOffset}; must not overlap the source.
     * @return the sealed length, {@code length + OVERHEAD_BYTES}.
     * @throws IllegalStateException if this cipher was made for reading, or the JDK cipher fails (a defect).
     */
    public int seal(final byte[] aad, final int aadOffset, final int aadLength, final byte[] src, final int srcOffset,
        final int length, final byte[] dst, final int dstOffset)
    {
        if (random == null)
        {
            throw new IllegalStateException("this journal cipher was made for reading");
        }
        if (counter > 0xFFFF_FFFFL)
        {
            noncePrefix = random.nextLong();
            counter = 0;
        }
        I64.set(nonce, PREFIX_OFFSET, noncePrefix);
        I32.set(nonce, COUNTER_OFFSET, (int)counter);
        counter++;
        try
        {
            cipher.init(Cipher.ENCRYPT_MODE, key.secretKey(), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad, aadOffset, aadLength);
            System.arraycopy(nonce, 0, dst, dstOffset, NONCE_LENGTH);
            return NONCE_LENGTH + cipher.doFinal(src, srcOffset, length, dst, dstOffset + NONCE_LENGTH);
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("AES-GCM sealing of a journal entry failed", ex);
        }
    }

    /**
     * Opens a sealed payload into {@code dst}.
     *
     * @param aad          the same associated data it was sealed with.
     * @param sealed       holds nonce, ciphertext and tag at {@code sealedOffset}.
     * @param sealedLength their total length.
     * @param dst          receives the clear payload ({@code sealedLength - OVERHEAD_BYTES} bytes); must not overlap.
     * @return the payload length, or {@link #TOO_SHORT} or {@link #BAD_TAG} (nothing usable is left in {@code dst}).
     */
    public int open(final byte[] aad, final int aadOffset, final int aadLength, final byte[] sealed,
        final int sealedOffset, final int sealedLength, final byte[] dst, final int dstOffset)
    {
        if (sealedLength < OVERHEAD_BYTES)
        {
            return TOO_SHORT;
        }
        try
        {
            cipher.init(Cipher.DECRYPT_MODE, key.secretKey(),
                new GCMParameterSpec(TAG_BITS, sealed, sealedOffset, NONCE_LENGTH));
            cipher.updateAAD(aad, aadOffset, aadLength);
            return cipher.doFinal(sealed, sealedOffset + NONCE_LENGTH, sealedLength - NONCE_LENGTH, dst, dstOffset);
        }
        catch (final AEADBadTagException ex)
        {
            return BAD_TAG;
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("AES-GCM opening of a journal entry failed", ex);
        }
    }
}
