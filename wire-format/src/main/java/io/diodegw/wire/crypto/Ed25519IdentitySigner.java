package io.diodegw.wire.crypto;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * An {@link IdentitySigner} holding the Ed25519 private key in memory (Bouncy Castle lightweight API), as loaded from
 * {@code sender.identityKeyFile} by {@link KeyFiles#readEd25519PrivateKey}.
 *
 * <p>Not thread-safe: owned by one thread at a time.
 */
public final class Ed25519IdentitySigner implements IdentitySigner
{
    private final Ed25519PrivateKeyParameters privateKey;
    private final byte[] publicKey;
    private final Ed25519Signer signer = new Ed25519Signer();

    /** @param privateKey the sender's Ed25519 private key; held, not copied. */
    public Ed25519IdentitySigner(final Ed25519PrivateKeyParameters privateKey)
    {
        this.privateKey = privateKey;
        this.publicKey = privateKey.generatePublicKey().getEncoded();
    }

    @Override
    public byte[] publicKey()
    {
        return publicKey.clone();
    }

    @Override
    public void sign(final byte[] message, final int offset, final int length, final byte[] signature,
        final int signatureOffset)
    {
        IdentitySigner.checkRoom(signature, signatureOffset);
        signer.init(true, privateKey);
        signer.update(message, offset, length);
        System.arraycopy(signer.generateSignature(), 0, signature, signatureOffset, SIGNATURE_BYTES);
    }
}
