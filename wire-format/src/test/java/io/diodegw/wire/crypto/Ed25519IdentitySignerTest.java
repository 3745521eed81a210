package io.diodegw.wire.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.junit.jupiter.api.Test;

class Ed25519IdentitySignerTest
{
    @Test
    void shouldSignAnySliceAsPureEd25519AtTheGivenOffset()
    {
        final SplittableRandom random = new SplittableRandom(17);
        for (int round = 0; round < 50; round++)
        {
            final byte[] seed = new byte[32];
            final byte[] message = new byte[1 + random.nextInt(300)];
            fill(random, seed);
            fill(random, message);
            final Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(seed, 0);
            final int offset = random.nextInt(message.length);
            final int length = random.nextInt(message.length - offset + 1);
            final Ed25519Signer reference = new Ed25519Signer();
            reference.init(true, key);
            reference.update(message, offset, length);

            final IdentitySigner signer = new Ed25519IdentitySigner(key);
            final byte[] out = new byte[IdentitySigner.SIGNATURE_BYTES + 9];
            signer.sign(message, offset, length, out, 9);

            assertArrayEquals(reference.generateSignature(), Arrays.copyOfRange(out, 9, out.length), "round " + round);
            assertArrayEquals(key.generatePublicKey().getEncoded(), signer.publicKey());
        }
    }

    @Test
    void shouldRefuseASignatureBufferWithoutRoomAndHandOutCopiesOfThePublicKey()
    {
        final IdentitySigner signer = new Ed25519IdentitySigner(new Ed25519PrivateKeyParameters(new byte[32], 0));

        assertThrows(IllegalArgumentException.class, () -> signer.sign(new byte[1], 0, 1, new byte[64], 1));
        signer.publicKey()[0] ^= 1;
        assertEquals(new Ed25519PrivateKeyParameters(new byte[32], 0).generatePublicKey().getEncoded()[0],
            signer.publicKey()[0]);
    }

    private static void fill(final SplittableRandom random, final byte[] bytes)
    {
        for (int i = 0; i < bytes.length; i++)
        {
            bytes[i] = (byte)random.nextInt(256);
        }
    }
}
