package io.diodegw.wire.crypto;

/**
 * The sender's long-term Ed25519 identity as {@link KeyAnnouncementSigner} uses it: the 32-byte public key receivers
 * trust, and pure Ed25519 signatures (RFC 8032, no pre-hash, no context) made with the private half. Where the private
 * key lives is the implementation's business: in memory ({@link Ed25519IdentitySigner}) or on a hardware token.
 *
 * <p>Signing happens off the hot path (once per key announcement). Implementations state their own thread-safety;
 * {@link KeyAnnouncementSigner} calls them from the thread that owns it.
 */
public interface IdentitySigner
{
    /** Length of an Ed25519 public key. */
    int PUBLIC_KEY_BYTES = 32;
    /** Length of an Ed25519 signature. */
    int SIGNATURE_BYTES = 64;

    /** @return a copy of the {@link #PUBLIC_KEY_BYTES}-byte Ed25519 public key (RFC 8032 encoding). */
    byte[] publicKey();

    /**
     * Signs {@code message[offset, offset + length)}.
     *
     * @param message         the bytes to sign.
     * @param offset          index of the first byte.
     * @param length          number of bytes.
     * @param signature       receives the {@link #SIGNATURE_BYTES}-byte signature at {@code signatureOffset}.
     * @param signatureOffset index of the signature's first byte.
     * @throws IllegalStateException if the key cannot sign (e.g. the token is gone); the message says why.
     */
    void sign(byte[] message, int offset, int length, byte[] signature, int signatureOffset);

    /**
     * Refuses a signature buffer without room for {@link #SIGNATURE_BYTES} bytes at {@code signatureOffset}.
     *
     * @throws IllegalArgumentException naming both.
     */
    static void checkRoom(final byte[] signature, final int signatureOffset)
    {
        if (signatureOffset < 0 || signature.length - signatureOffset < SIGNATURE_BYTES)
        {
            throw new IllegalArgumentException("signature.length=" + signature.length + ", signatureOffset=" +
                signatureOffset + ": no room for " + SIGNATURE_BYTES + " bytes");
        }
    }
}
