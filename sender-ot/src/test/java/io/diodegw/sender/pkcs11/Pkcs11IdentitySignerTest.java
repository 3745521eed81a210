package io.diodegw.sender.pkcs11;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;

import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.diodegw.wire.crypto.KeyAnnouncementSigner;
import io.diodegw.wire.crypto.KeyAnnouncementVerifier;
import io.diodegw.wire.crypto.KeyFiles;
import io.diodegw.wire.crypto.KeygenCommand;
import io.diodegw.wire.crypto.SessionKey;
import io.diodegw.wire.crypto.TrustedSenderKeys;
import io.diodegw.wire.datagram.KeyAnnouncementFlyweight;
import io.diodegw.wire.datagram.MtuLimits;

/**
 * The sender's identity on a SoftHSM2 token, through this package's own PKCS#11 binding: keys generated on the token
 * sign key announcements that the receiver's {@link KeyAnnouncementVerifier} accepts, and every way of getting the
 * configuration wrong fails at start with a message naming the setting.
 */
class Pkcs11IdentitySignerTest
{
    private static final int LINK_ID = 7;
    private static final String KEY = "sender-identity";
    private static final long NOW_MS = 1_800_000_000_000L;

    @TempDir
    Path dir;

    private String token;
    private Path pinFile;

    @BeforeEach
    void createTokenAndKey() throws IOException
    {
        SoftHsm.assumeAvailable();
        token = SoftHsm.newToken("signer");
        pinFile = SoftHsm.pinFile(dir, SoftHsm.USER_PIN, "rw-------");
        final int exit = Pkcs11KeygenCommand.run(new String[] {"--pkcs11", "--library", SoftHsm.LIBRARY.toString(),
            "--token", token, "--key-label", KEY, "--pin-file", pinFile.toString(), "--sender", dir.toString()},
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), System.err);
        assertEquals(0, exit);
    }

    @Test
    void shouldSignKeyAnnouncementsOnTheTokenThatTheReceiverVerifies() throws Exception
    {
        final SecureRandom random = seeded(11);
        final X25519PrivateKeyParameters receiverKey = new X25519PrivateKeyParameters(random);
        final MtuLimits limits = MtuLimits.forMtu(MtuLimits.DEFAULT_MTU_BYTES);
        try (Pkcs11IdentitySigner identity = Pkcs11IdentitySigner.open(SoftHsm.LIBRARY, token, KEY, pinFile))
        {
            final KeyAnnouncementSigner signer = new KeyAnnouncementSigner(LINK_ID, identity,
                receiverKey.generatePublicKey(), random);
            final KeyAnnouncementVerifier verifier = new KeyAnnouncementVerifier(limits, LINK_ID, receiverKey,
                new TrustedSenderKeys(List.of(new Ed25519PublicKeyParameters(identity.publicKey(), 0))), 5_000);
            for (int keyId = 1; keyId <= 4; keyId++)
            {
                final byte[] announcement = new byte[KeyAnnouncementFlyweight.DATAGRAM_LENGTH];
                final SessionKey sent = signer.sign(announcement, 0, 42L << 16, keyId, NOW_MS - 1_000,
                    NOW_MS + 60_000, 1_000_000);

                assertEquals(KeyAnnouncementVerifier.OK, verifier.verify(announcement, 0, announcement.length, NOW_MS));
                final SessionKey received = verifier.takeSessionKey();
                assertEquals(sent.keyId(), received.keyId());

                final int signatureByte = announcement.length - 1 - keyId * 7;
                announcement[signatureByte] ^= 0x01;
                assertEquals(KeyAnnouncementVerifier.BAD_SIGNATURE,
                    verifier.verify(announcement, 0, announcement.length, NOW_MS), "flipped signature byte accepted");
                announcement[signatureByte] ^= 0x01;
                announcement[40 + keyId] ^= 0x10;
                assertFalse(verifier.verify(announcement, 0, announcement.length, NOW_MS) == KeyAnnouncementVerifier.OK,
                    "flipped signed byte accepted");
            }
        }
    }

    @Test
    void shouldExportThePublicKeyTheTokenSignsWith() throws Exception
    {
        final Ed25519PublicKeyParameters exported = KeyFiles.readEd25519PublicKey(
            dir.resolve(KeygenCommand.SENDER_PUBLIC));
        final byte[] message = "any message".getBytes(StandardCharsets.US_ASCII);
        final byte[] signature = new byte[64];
        try (Pkcs11IdentitySigner identity = Pkcs11IdentitySigner.open(SoftHsm.LIBRARY, token, KEY, pinFile))
        {
            assertArrayEquals(exported.getEncoded(), identity.publicKey());
            identity.sign(message, 0, message.length, signature, 0);
        }
        final Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, exported);
        verifier.update(message, 0, message.length);
        assertTrue(verifier.verifySignature(signature));
    }

    @Test
    void shouldKeepTheGeneratedPrivateKeySensitiveUnextractableAndForSigningOnly()
    {
        try (Pkcs11Token t = Pkcs11Token.load(SoftHsm.LIBRARY))
        {
            t.openSession(token);
            t.login(SoftHsm.USER_PIN.getBytes(StandardCharsets.US_ASCII));
            final long privateKey = t.findEdwardsKey(Cryptoki.CKO_PRIVATE_KEY, KEY);
            assertTrue(privateKey >= 0);
            assertTrue(t.booleanAttribute(privateKey, Cryptoki.CKA_SENSITIVE));
            assertFalse(t.booleanAttribute(privateKey, Cryptoki.CKA_EXTRACTABLE));
            assertTrue(t.booleanAttribute(privateKey, Cryptoki.CKA_SIGN));
            assertTrue(t.booleanAttribute(privateKey, Cryptoki.CKA_TOKEN));
            assertFalse(t.booleanAttribute(privateKey, Cryptoki.CKA_DECRYPT));
            assertFalse(t.booleanAttribute(privateKey, Cryptoki.CKA_UNWRAP));
            assertFalse(t.booleanAttribute(privateKey, Cryptoki.CKA_DERIVE));
        }
    }

    @Test
    void shouldRefuseAWrongPinNamingThePinFileSetting() throws IOException
    {
        final Path wrong = SoftHsm.pinFile(dir, "999999", "rw-------");

        final Pkcs11Exception ex = assertThrows(Pkcs11Exception.class,
            () -> Pkcs11IdentitySigner.open(SoftHsm.LIBRARY, token, KEY, wrong));

        assertEquals("sender.pkcs11.pinFile=" + wrong + ": C_Login to token '" + token + "' failed: CKR_PIN_INCORRECT; "
            + "the file must hold the user PIN of token '" + token + "'", ex.getMessage());
        assertEquals("CKR_PIN_INCORRECT", ex.returnValueName());
    }

    @Test
    void shouldRefuseAnUnknownTokenLabelListingTheTokensFound()
    {
        final Pkcs11Exception ex = assertThrows(Pkcs11Exception.class,
            () -> Pkcs11IdentitySigner.open(SoftHsm.LIBRARY, "no-such-token", KEY, pinFile));

        assertTrue(ex.getMessage().startsWith("sender.pkcs11.tokenLabel=no-such-token: no initialized token labelled "
            + "'no-such-token' in " + SoftHsm.LIBRARY + " (tokens found: "), ex.getMessage());
        assertTrue(ex.getMessage().contains("'" + token + "'"), ex.getMessage());
        assertTrue(ex.getMessage().endsWith("; set it to the label of an initialized token"), ex.getMessage());
        assertEquals("CKR_TOKEN_NOT_PRESENT", ex.returnValueName());
    }

    @Test
    void shouldRefuseAnUnknownKeyLabel()
    {
        final Pkcs11Exception ex = assertThrows(Pkcs11Exception.class,
            () -> Pkcs11IdentitySigner.open(SoftHsm.LIBRARY, token, "other-key", pinFile));

        assertEquals("sender.pkcs11.keyLabel=other-key: token '" + token + "' holds no Ed25519 private key "
            + "(CKK_EC_EDWARDS) labelled 'other-key'; create one with `bin/diode keygen --pkcs11 ...` or set the "
            + "label of the existing key", ex.getMessage());
    }

    @Test
    void shouldRefuseAPinFileReadableByOthers() throws IOException
    {
        final Path open = SoftHsm.pinFile(dir, SoftHsm.USER_PIN, "rw-r--r--");

        final Pkcs11Exception ex = assertThrows(Pkcs11Exception.class,
            () -> Pkcs11IdentitySigner.open(SoftHsm.LIBRARY, token, KEY, open));

        assertEquals("sender.pkcs11.pinFile=" + open + ": key file " + open + " is accessible by group or others "
            + "(rw-r--r--); restrict it with: chmod 600 " + open, ex.getMessage());
    }

    @Test
    void shouldRefuseToReplaceAKeyOnTheTokenButExportIt()
    {
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final String[] generate = {"--pkcs11", "--library", SoftHsm.LIBRARY.toString(), "--token", token,
            "--key-label", KEY, "--pin-file", pinFile.toString(), "--sender", dir.resolve("again").toString()};

        assertEquals(1, Pkcs11KeygenCommand.run(generate, System.out, new PrintStream(err, true,
            StandardCharsets.UTF_8)));
        assertEquals("keygen: token '" + token + "' already holds an Ed25519 key labelled '" + KEY + "'; choose "
            + "another label, or export its public key with --export\n", err.toString(StandardCharsets.UTF_8));

        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final String[] export = {"--pkcs11", "--library", SoftHsm.LIBRARY.toString(), "--token", token,
            "--key-label", KEY, "--pin-file", pinFile.toString(), "--sender", dir.resolve("again").toString(),
            "--export"};
        assertEquals(0, Pkcs11KeygenCommand.run(export, new PrintStream(out, true, StandardCharsets.UTF_8),
            System.err));
        assertArrayEquals(KeyFiles.readEd25519PublicKey(dir.resolve(KeygenCommand.SENDER_PUBLIC)).getEncoded(),
            KeyFiles.readEd25519PublicKey(dir.resolve("again").resolve(KeygenCommand.SENDER_PUBLIC)).getEncoded());
        final String fingerprint = KeyFiles.fingerprint(
            KeyFiles.readEd25519PublicKey(dir.resolve(KeygenCommand.SENDER_PUBLIC)).getEncoded());
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("sender identity (Ed25519, exported from "
            + "PKCS#11 token '" + token + "', key '" + KEY + "') " + fingerprint + "\n"), out.toString());
    }

    private static SecureRandom seeded(final long seed) throws Exception
    {
        final SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
        random.setSeed(seed);
        return random;
    }
}
