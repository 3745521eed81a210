package io.diodegw.wire.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.SplittableRandom;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.junit.jupiter.api.Test;

class LinkKeyDerivationTest
{
    private static final HexFormat HEX = HexFormat.of();

    private final LinkKeyDerivation derivation = new LinkKeyDerivation();

    @Test
    void shouldMatchTheRfc5869TestVectorsForSha256()
    {
        final byte[] ikm = HEX.parseHex("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b");
        final byte[] okm1 = new byte[42];
        derivation.hkdf(HEX.parseHex("000102030405060708090a0b0c"), ikm, 0, ikm.length,
            HEX.parseHex("f0f1f2f3f4f5f6f7f8f9"), okm1);
        assertEquals("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865",
            HEX.formatHex(okm1));

        final byte[] okm3 = new byte[42];
        derivation.hkdf(new byte[0], ikm, 0, ikm.length, new byte[0], okm3);
        assertEquals("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8",
            HEX.formatHex(okm3));
    }

    @Test
    void shouldAgreeWithBouncyCastleHkdfForRandomInputs()
    {
        final SplittableRandom random = new SplittableRandom(81);
        for (int round = 0; round < 200; round++)
        {
            final byte[] ikm = EnvelopeTestData.randomBytes(random, 1 + random.nextInt(64));
            final byte[] info = EnvelopeTestData.randomBytes(random, random.nextInt(100));
            final byte[] ours = new byte[1 + random.nextInt(100)];
            derivation.hkdf(ikm, 0, ikm.length, info, ours);

            final HKDFBytesGenerator reference = new HKDFBytesGenerator(new SHA256Digest());
            reference.init(new HKDFParameters(ikm, LinkKeyDerivation.SALT_TEXT.getBytes(), info));
            final byte[] expected = new byte[ours.length];
            reference.generateBytes(expected, 0, expected.length);
            assertArrayEquals(expected, ours, "round " + round);
        }
    }

    @Test
    void shouldBindTheKeyToEveryInputSoNoTwoContextsShareAKey()
    {
        final SplittableRandom random = new SplittableRandom(82);
        final byte[] secret = EnvelopeTestData.randomBytes(random, 32);
        final byte[] ephemeral = EnvelopeTestData.randomBytes(random, 32);
        final Set<String> keys = new HashSet<>();
        final Set<Integer> prefixes = new HashSet<>();
        final SessionKey base = derivation.derive(secret, 1, 2, 3, 4, 5, ephemeral, 0, 100, 1000);
        final SessionKey[] variants = {
            base,
            derivation.derive(flip(secret), 1, 2, 3, 4, 5, ephemeral, 0, 100, 1000),
            derivation.derive(secret, 9, 2, 3, 4, 5, ephemeral, 0, 100, 1000),
            derivation.derive(secret, 1, 9, 3, 4, 5, ephemeral, 0, 100, 1000),
            derivation.derive(secret, 1, 2, 9, 4, 5, ephemeral, 0, 100, 1000),
            derivation.derive(secret, 1, 2, 3, 9, 5, ephemeral, 0, 100, 1000),
            derivation.derive(secret, 1, 2, 3, 4, 9, ephemeral, 0, 100, 1000),
            derivation.derive(secret, 1, 2, 3, 4, 5, flip(ephemeral), 0, 100, 1000)};
        for (final SessionKey key : variants)
        {
            keys.add(HEX.formatHex(key.secretKey().getEncoded()));
            prefixes.add(key.noncePrefix());
        }
        assertEquals(variants.length, keys.size());
        assertEquals(variants.length, prefixes.size());

        final SessionKey again = derivation.derive(secret, 1, 2, 3, 4, 5, ephemeral, 0, 7, 8);
        assertArrayEquals(base.secretKey().getEncoded(), again.secretKey().getEncoded(),
            "validity is signed, not part of the key");
        assertEquals(7, again.packetLimit());
        assertEquals(8, again.expiresAtMs());
    }

    private static byte[] flip(final byte[] bytes)
    {
        final byte[] flipped = bytes.clone();
        flipped[0] ^= 1;
        return flipped;
    }
}
