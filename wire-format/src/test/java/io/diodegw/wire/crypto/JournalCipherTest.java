package io.diodegw.wire.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class JournalCipherTest
{
    private static final int AAD_LENGTH = 16;

    private static JournalKey key(final int seed)
    {
        final byte[] bytes = new byte[JournalKey.LENGTH];
        new SplittableRandom(seed).nextBytes(bytes);
        return new JournalKey(bytes);
    }

    private static SecureRandom seeded(final long seed)
    {
        try
        {
            final SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed);
            return random;
        }
        catch (final java.security.NoSuchAlgorithmException ex)
        {
            throw new AssertionError(ex);
        }
    }

    @Test
    void shouldOpenWhatItSealedForPayloadsOfEveryLengthUpToTwoThousandBytes()
    {
        final JournalCipher writer = JournalCipher.forWriting(key(1), seeded(1));
        final JournalCipher reader = JournalCipher.forReading(key(1));
        final SplittableRandom random = new SplittableRandom(7);
        final byte[] aad = new byte[AAD_LENGTH];
        final byte[] plain = new byte[2000];
        final byte[] sealed = new byte[plain.length + JournalCipher.OVERHEAD_BYTES + 3];
        final byte[] opened = new byte[plain.length + 5];
        for (int length = 0; length <= plain.length; length += 1 + random.nextInt(13))
        {
            random.nextBytes(aad);
            random.nextBytes(plain);
            final int sealedLength = writer.seal(aad, 0, AAD_LENGTH, plain, 0, length, sealed, 3);
            assertEquals(length + JournalCipher.OVERHEAD_BYTES, sealedLength);
            if (length >= 16)
            {
                assertFalse(Arrays.equals(plain, 0, 16, sealed, 3 + JournalCipher.NONCE_LENGTH,
                    3 + JournalCipher.NONCE_LENGTH + 16), "the payload is not stored in clear");
            }
            assertEquals(length, reader.open(aad, 0, AAD_LENGTH, sealed, 3, sealedLength, opened, 5));
            assertArrayEquals(Arrays.copyOf(plain, length), Arrays.copyOfRange(opened, 5, 5 + length));
        }
    }

    @Test
    void shouldRefuseEveryFlippedBitOfAssociatedDataNonceCiphertextOrTag()
    {
        final JournalCipher writer = JournalCipher.forWriting(key(2), seeded(2));
        final JournalCipher reader = JournalCipher.forReading(key(2));
        final SplittableRandom random = new SplittableRandom(11);
        final byte[] aad = new byte[AAD_LENGTH];
        final byte[] plain = new byte[40];
        random.nextBytes(aad);
        random.nextBytes(plain);
        final byte[] sealed = new byte[plain.length + JournalCipher.OVERHEAD_BYTES];
        final int sealedLength = writer.seal(aad, 0, AAD_LENGTH, plain, 0, plain.length, sealed, 0);
        final byte[] out = new byte[plain.length];
        for (int bit = 0; bit < (AAD_LENGTH + sealedLength) * 8; bit++)
        {
            final byte[] a = aad.clone();
            final byte[] s = sealed.clone();
            if (bit < AAD_LENGTH * 8)
            {
                a[bit / 8] ^= (byte)(1 << (bit % 8));
            }
            else
            {
                final int b = bit - AAD_LENGTH * 8;
                s[b / 8] ^= (byte)(1 << (b % 8));
            }
            assertEquals(JournalCipher.BAD_TAG, reader.open(a, 0, AAD_LENGTH, s, 0, sealedLength, out, 0),
                "bit " + bit);
        }
        assertEquals(plain.length, reader.open(aad, 0, AAD_LENGTH, sealed, 0, sealedLength, out, 0));
    }

    @Test
    void shouldRefuseAnotherKeyAndInputShorterThanNonceAndTag()
    {
        final JournalCipher writer = JournalCipher.forWriting(key(3), seeded(3));
        final byte[] aad = new byte[AAD_LENGTH];
        final byte[] plain = new byte[100];
        final byte[] sealed = new byte[plain.length + JournalCipher.OVERHEAD_BYTES];
        final int sealedLength = writer.seal(aad, 0, AAD_LENGTH, plain, 0, plain.length, sealed, 0);
        final byte[] out = new byte[plain.length];
        assertEquals(JournalCipher.BAD_TAG,
            JournalCipher.forReading(key(4)).open(aad, 0, AAD_LENGTH, sealed, 0, sealedLength, out, 0));
        assertEquals(JournalCipher.TOO_SHORT, JournalCipher.forReading(key(3))
            .open(aad, 0, AAD_LENGTH, sealed, 0, JournalCipher.OVERHEAD_BYTES - 1, out, 0));
        assertThrows(IllegalStateException.class, () -> JournalCipher.forReading(key(3))
            .seal(aad, 0, AAD_LENGTH, plain, 0, plain.length, sealed, 0));
    }

    @Test
    void shouldNeverRepeatANonceAcrossSealsAndAcrossCiphersOfTheSameKey()
    {
        final SecureRandom random = seeded(5);
        final Set<String> nonces = new HashSet<>();
        final byte[] aad = new byte[AAD_LENGTH];
        final byte[] sealed = new byte[JournalCipher.OVERHEAD_BYTES];
        for (int journalOpening = 0; journalOpening < 20; journalOpening++)
        {
            final JournalCipher writer = JournalCipher.forWriting(key(5), random);
            for (int i = 0; i < 500; i++)
            {
                writer.seal(aad, 0, AAD_LENGTH, aad, 0, 0, sealed, 0);
                assertTrue(nonces.add(Arrays.toString(Arrays.copyOf(sealed, JournalCipher.NONCE_LENGTH))));
            }
        }
        assertEquals(10_000, nonces.size());
    }

    @Test
    void shouldShowOnlyTheFingerprintOfAKeyAndDistinguishKeysByIt()
    {
        final JournalKey a = key(6);
        assertEquals(a.fingerprint(), key(6).fingerprint());
        assertFalse(a.fingerprint().equals(key(7).fingerprint()));
        assertTrue(a.fingerprint().matches("[0-9a-f]{4}(-[0-9a-f]{4}){3}"), a.fingerprint());
        assertEquals("JournalKey{" + a.fingerprint() + "}", a.toString());
        assertThrows(IllegalArgumentException.class, () -> new JournalKey(new byte[16]));
    }
}
