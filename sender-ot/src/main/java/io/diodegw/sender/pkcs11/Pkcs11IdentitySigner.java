package io.diodegw.sender.pkcs11;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

import io.diodegw.config.Config;
import io.diodegw.config.SenderSettings;
import io.diodegw.wire.crypto.IdentitySigner;
import io.diodegw.wire.crypto.KeyFiles;

/**
 * The sender's Ed25519 identity on a PKCS#11 token ({@code sender.pkcs11.*}): the private key stays on the token,
 * which signs every key announcement with {@code CKM_EDDSA}; the public key is read from the token's public key
 * object of the same label (CKA_EC_POINT).
 *
 * <p>{@link #open} loads the module, opens a session on the token, logs in with the PIN from the PIN file (mode 0600,
 * like private keys; the PIN is zeroed after login), finds exactly one Ed25519 private and one public key with the
 * label, and checks that they belong together by signing a probe on the token and verifying it with the public key.
 * Every failure names the setting to fix. {@link #close()} closes the session and finalizes the module.
 *
 * <p>Thread-safety: calls are serialized on the one session ({@link Pkcs11Token}); in the sender it is created on
 * the main thread and then used by the replicator's thread only. Signing allocates and crosses into native code; it
 * happens once per key announcement and logs nothing.
 */
public final class Pkcs11IdentitySigner implements IdentitySigner, AutoCloseable
{
    private static final byte[] PROBE = "diodegw pkcs11 identity probe".getBytes(StandardCharsets.US_ASCII);

    private final Pkcs11Token token;
    private final long privateKey;
    private final byte[] publicKey;
    private final String description;

    private Pkcs11IdentitySigner(final Pkcs11Token token, final long privateKey, final byte[] publicKey,
        final String description)
    {
        this.token = token;
        this.privateKey = privateKey;
        this.publicKey = publicKey;
        this.description = description;
    }

    /**
     * @return the token signer configured by {@code sender.pkcs11.*}, opened as by {@link #open}; empty when
     *     {@code sender.pkcs11.library} is not set (the configuration loader has made sure that then
     *     {@code sender.identityKeyFile} is, and that the four settings come together).
     * @throws Pkcs11Exception as {@link #open}.
     */
    public static Optional<Pkcs11IdentitySigner> fromConfig(final Config config)
    {
        final Optional<Path> library = config.find(SenderSettings.PKCS11_LIBRARY);
        if (library.isEmpty())
        {
            return Optional.empty();
        }
        return Optional.of(open(library.get(), config.get(SenderSettings.PKCS11_TOKEN_LABEL),
            config.get(SenderSettings.PKCS11_KEY_LABEL), config.get(SenderSettings.PKCS11_PIN_FILE)));
    }

    /**
     * Opens the token and finds the identity key; see the class comment.
     *
     * @param library    {@code sender.pkcs11.library}.
     * @param tokenLabel {@code sender.pkcs11.tokenLabel}.
     * @param keyLabel   {@code sender.pkcs11.keyLabel}.
     * @param pinFile    {@code sender.pkcs11.pinFile}.
     * @return the signer; the caller closes it.
     * @throws Pkcs11Exception whose message starts with the setting to fix and its value: the module cannot be
     *     loaded, no token has the label, the PIN file is unreadable or open to others, the PIN is wrong, or the key
     *     pair is absent, ambiguous, not Ed25519 or mismatched.
     */
    public static Pkcs11IdentitySigner open(final Path library, final String tokenLabel, final String keyLabel,
        final Path pinFile)
    {
        final Pkcs11Token token;
        try
        {
            token = Pkcs11Token.load(library);
        }
        catch (final Pkcs11Exception ex)
        {
            throw new Pkcs11Exception(SenderSettings.PKCS11_LIBRARY.key() + "=" + library + ": " + ex.getMessage() +
                "; install the token's PKCS#11 module (for SoftHSM2: apt-get install softhsm2) or fix the path",
                ex.returnValue(), ex);
        }
        try
        {
            return open(token, tokenLabel, keyLabel, pinFile);
        }
        catch (final RuntimeException ex)
        {
            token.close();
            throw ex;
        }
    }

    private static Pkcs11IdentitySigner open(final Pkcs11Token token, final String tokenLabel, final String keyLabel,
        final Path pinFile)
    {
        try
        {
            token.openSession(tokenLabel);
        }
        catch (final Pkcs11Exception ex)
        {
            throw new Pkcs11Exception(SenderSettings.PKCS11_TOKEN_LABEL.key() + "=" + tokenLabel + ": " +
                ex.getMessage() + "; set it to the label of an initialized token", ex.returnValue(), ex);
        }
        login(token, pinFile);
        final long privateKey = find(token, Cryptoki.CKO_PRIVATE_KEY, keyLabel, "private");
        final long publicKeyObject = find(token, Cryptoki.CKO_PUBLIC_KEY, keyLabel, "public");
        final byte[] publicKey;
        try
        {
            publicKey = token.ed25519PublicKey(publicKeyObject);
        }
        catch (final Pkcs11Exception ex)
        {
            throw new Pkcs11Exception(SenderSettings.PKCS11_KEY_LABEL.key() + "=" + keyLabel + ": " + ex.getMessage(),
                ex.returnValue(), ex);
        }
        final String description = "Ed25519 key '" + keyLabel + "' on token '" + tokenLabel + "'";
        final Pkcs11IdentitySigner signer = new Pkcs11IdentitySigner(token, privateKey, publicKey, description);
        final byte[] signature = new byte[SIGNATURE_BYTES];
        try
        {
            signer.sign(PROBE, 0, PROBE.length, signature, 0);
        }
        catch (final Pkcs11Exception ex)
        {
            throw new Pkcs11Exception(SenderSettings.PKCS11_KEY_LABEL.key() + "=" + keyLabel + ": the token cannot " +
                "sign with it: " + ex.getMessage() + "; it needs CKA_SIGN and mechanism CKM_EDDSA", ex.returnValue(),
                ex);
        }
        final Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
        verifier.update(PROBE, 0, PROBE.length);
        if (!verifier.verifySignature(signature))
        {
            throw new Pkcs11Exception(SenderSettings.PKCS11_KEY_LABEL.key() + "=" + keyLabel + ": the private and the " +
                "public key labelled '" + keyLabel + "' on token '" + tokenLabel + "' are not one key pair (a " +
                "signature made on the token does not verify with the public key); give each pair its own label",
                Cryptoki.CKR_OK);
        }
        return signer;
    }

    private static void login(final Pkcs11Token token, final Path pinFile)
    {
        final String key = SenderSettings.PKCS11_PIN_FILE.key();
        final byte[] pin;
        try
        {
            pin = KeyFiles.readSecretLine(pinFile, "the token's user PIN (" + key + ")");
        }
        catch (final KeyFiles.KeyFileException ex)
        {
            throw new Pkcs11Exception(key + "=" + pinFile + ": " + ex.getMessage(), Cryptoki.CKR_OK, ex);
        }
        try
        {
            token.login(pin);
        }
        catch (final Pkcs11Exception ex)
        {
            throw new Pkcs11Exception(key + "=" + pinFile + ": " + ex.getMessage() + "; the file must hold the " +
                "user PIN of token '" + token.tokenLabel() + "'" + (ex.returnValue() == Cryptoki.CKR_PIN_LOCKED ? " (the PIN is " +
                "locked: the security officer must reset it)" : ""), ex.returnValue(), ex);
        }
        finally
        {
            Arrays.fill(pin, (byte)0);
        }
    }

    private static long find(final Pkcs11Token token, final long objectClass, final String keyLabel,
        final String which)
    {
        final String key = SenderSettings.PKCS11_KEY_LABEL.key();
        final long handle;
        try
        {
            handle = token.findEdwardsKey(objectClass, keyLabel);
        }
        catch (final Pkcs11Exception ex)
        {
            throw new Pkcs11Exception(key + "=" + keyLabel + ": " + ex.getMessage(), ex.returnValue(), ex);
        }
        if (handle < 0)
        {
            throw new Pkcs11Exception(key + "=" + keyLabel + ": token '" + token.tokenLabel() + "' holds no Ed25519 " +
                which + " key (CKK_EC_EDWARDS) labelled '" + keyLabel + "'; create one with `bin/diode keygen " +
                "--pkcs11 ...` or set the label of the existing key", Cryptoki.CKR_OK);
        }
        return handle;
    }

    @Override
    public byte[] publicKey()
    {
        return publicKey.clone();
    }

    /**
     * Signs on the token.
     *
     * @throws Pkcs11Exception if the token refuses or is gone (e.g. {@code CKR_DEVICE_REMOVED},
     *     {@code CKR_SESSION_HANDLE_INVALID}); the message names the key and token.
     */
    @Override
    public void sign(final byte[] message, final int offset, final int length, final byte[] signature,
        final int signatureOffset)
    {
        IdentitySigner.checkRoom(signature, signatureOffset);
        final byte[] made;
        try
        {
            made = token.sign(privateKey, message, offset, length);
        }
        catch (final Pkcs11Exception ex)
        {
            throw new Pkcs11Exception("signing with the " + description + " failed: " + ex.getMessage(),
                ex.returnValue(), ex);
        }
        System.arraycopy(made, 0, signature, signatureOffset, SIGNATURE_BYTES);
    }

    /** @return e.g. {@code Ed25519 key 'sender-identity' on token 'diode'}. */
    @Override
    public String toString()
    {
        return description;
    }

    /** Closes the session and, when it was the module's last, finalizes the module. Idempotent. */
    @Override
    public void close()
    {
        token.close();
    }
}
