package io.diodegw.wire.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyFilesTest
{
    private final SecureRandom random = deterministicRandom();

    @TempDir
    Path dir;

    @Test
    void shouldReadBackEveryKeyTypeItWrote()
    {
        final Ed25519PrivateKeyParameters identity = new Ed25519PrivateKeyParameters(random);
        final X25519PrivateKeyParameters receiver = new X25519PrivateKeyParameters(random);
        KeyFiles.writePrivateKey(dir.resolve("id.pem"), identity);
        KeyFiles.writePublicKey(dir.resolve("id.pub.pem"), identity.generatePublicKey());
        KeyFiles.writePrivateKey(dir.resolve("rx.pem"), receiver);
        KeyFiles.writePublicKey(dir.resolve("rx.pub.pem"), receiver.generatePublicKey());

        assertArrayEquals(identity.getEncoded(), KeyFiles.readEd25519PrivateKey(dir.resolve("id.pem")).getEncoded());
        assertArrayEquals(identity.generatePublicKey().getEncoded(),
            KeyFiles.readEd25519PublicKey(dir.resolve("id.pub.pem")).getEncoded());
        assertArrayEquals(receiver.getEncoded(), KeyFiles.readX25519PrivateKey(dir.resolve("rx.pem")).getEncoded());
        assertArrayEquals(receiver.generatePublicKey().getEncoded(),
            KeyFiles.readX25519PublicKey(dir.resolve("rx.pub.pem")).getEncoded());
    }

    @Test
    void shouldReadTheKeysOpensslWrites() throws IOException
    {
        final Path ed25519 = dir.resolve("openssl-ed25519.pem");
        final Path x25519 = dir.resolve("openssl-x25519.pem");
        Files.writeString(ed25519, OPENSSL_ED25519);
        Files.writeString(x25519, OPENSSL_X25519);
        Files.setPosixFilePermissions(ed25519, PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(x25519, PosixFilePermissions.fromString("rw-------"));

        assertEquals(32, KeyFiles.readEd25519PrivateKey(ed25519).getEncoded().length);
        assertEquals(32, KeyFiles.readX25519PrivateKey(x25519).getEncoded().length);
    }

    @Test
    void shouldWriteTheSamePkcs8FormOpensslWrites() throws IOException
    {
        final Path file = dir.resolve("id.pem");
        final Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(random);
        KeyFiles.writePrivateKey(file, key);

        final String body = Files.readString(file).lines().filter(l -> !l.startsWith("-----")).reduce("", String::concat);
        final byte[] der = java.util.Base64.getDecoder().decode(body);
        assertEquals(48, der.length, "version 0 PKCS#8 of an Ed25519 key is 48 bytes, as openssl writes it");
        assertEquals(0, der[4], "PKCS#8 version 0");
    }

    @Test
    void shouldCreatePrivateKeysReadableByTheOwnerOnly() throws IOException
    {
        KeyFiles.writePrivateKey(dir.resolve("id.pem"), new Ed25519PrivateKeyParameters(random));

        final Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir.resolve("id.pem"));
        assertEquals(PosixFilePermissions.fromString("rw-------"), permissions);
        assertTrue(Files.readString(dir.resolve("id.pem")).startsWith("-----BEGIN PRIVATE KEY-----\n"));
    }

    @Test
    void shouldRefuseAPrivateKeyThatGroupOrOthersCanRead() throws IOException
    {
        final Path file = dir.resolve("id.pem");
        KeyFiles.writePrivateKey(file, new Ed25519PrivateKeyParameters(random));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));

        final KeyFiles.KeyFileException ex =
            assertThrows(KeyFiles.KeyFileException.class, () -> KeyFiles.readEd25519PrivateKey(file));
        assertTrue(ex.getMessage().contains("chmod 600 " + file), ex.getMessage());
    }

    @Test
    void shouldNameTheExpectedKeyWhenTheFileHoldsAnotherType()
    {
        final Path file = dir.resolve("rx.pem");
        KeyFiles.writePrivateKey(file, new X25519PrivateKeyParameters(random));

        final KeyFiles.KeyFileException ex =
            assertThrows(KeyFiles.KeyFileException.class, () -> KeyFiles.readEd25519PrivateKey(file));
        assertTrue(ex.getMessage().contains("expected an Ed25519 private key"), ex.getMessage());
    }

    @Test
    void shouldRefuseDamagedOrForeignFilesWithTheFileName() throws IOException
    {
        final Path notPem = dir.resolve("notes.txt");
        Files.writeString(notPem, "hello");
        final Path damaged = dir.resolve("damaged.pub.pem");
        Files.writeString(damaged, "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");

        assertTrue(assertThrows(KeyFiles.KeyFileException.class, () -> KeyFiles.readX25519PublicKey(notPem))
            .getMessage().contains(notPem.toString()));
        assertTrue(assertThrows(KeyFiles.KeyFileException.class, () -> KeyFiles.readX25519PublicKey(damaged))
            .getMessage().contains(damaged.toString()));
    }

    @Test
    void shouldNeverOverwriteAKeyFile() throws IOException
    {
        final Path file = dir.resolve("id.pem");
        KeyFiles.writePrivateKey(file, new Ed25519PrivateKeyParameters(random));
        final String before = Files.readString(file);

        assertThrows(KeyFiles.KeyFileException.class,
            () -> KeyFiles.writePrivateKey(file, new Ed25519PrivateKeyParameters(random)));
        assertEquals(before, Files.readString(file));
    }

    @Test
    void shouldPrintTheWireKeyIdAsTheFingerprint()
    {
        final byte[] publicKey = new X25519PrivateKeyParameters(random).generatePublicKey().getEncoded();

        final String fingerprint = KeyFiles.fingerprint(publicKey);

        assertEquals(KeyIds.toHex(KeyIds.of(publicKey)), fingerprint.replace("-", ""));
        assertEquals(19, fingerprint.length());
    }

    @Test
    void shouldGenerateBothSidesKeysThatTheLinkCanUse()
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final int code = KeygenCommand.run(new String[] {"--sender", dir.resolve("ot").toString(), "--receiver",
            dir.resolve("it").toString()}, random, new PrintStream(out, true, StandardCharsets.UTF_8), System.err);

        assertEquals(0, code);
        final Ed25519PrivateKeyParameters identity =
            KeyFiles.readEd25519PrivateKey(dir.resolve("ot").resolve(KeygenCommand.SENDER_PRIVATE));
        final X25519PrivateKeyParameters receiver =
            KeyFiles.readX25519PrivateKey(dir.resolve("it").resolve(KeygenCommand.RECEIVER_PRIVATE));
        assertArrayEquals(identity.generatePublicKey().getEncoded(),
            KeyFiles.readEd25519PublicKey(dir.resolve("ot").resolve(KeygenCommand.SENDER_PUBLIC)).getEncoded());
        assertTrue(out.toString(StandardCharsets.UTF_8)
            .contains(KeyFiles.fingerprint(receiver.generatePublicKey().getEncoded())));
    }

    @Test
    void shouldPrintTheFingerprintOfAPublicKeyFileAsTheRevocationListTakesIt()
    {
        final PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertEquals(0, KeygenCommand.run(new String[] {"--sender", dir.toString()}, random, quiet, quiet));
        final Path publicFile = dir.resolve(KeygenCommand.SENDER_PUBLIC);
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        assertEquals(0, KeygenCommand.run(new String[] {"--fingerprint", publicFile.toString()}, random,
            new PrintStream(out, true, StandardCharsets.UTF_8), quiet));

        final String fingerprint = out.toString(StandardCharsets.UTF_8).split(" ")[0];
        assertEquals(KeyIds.of(KeyFiles.readEd25519PublicKey(publicFile).getEncoded()),
            RevokedSenderKeys.parseFingerprint(fingerprint));
        assertEquals(1, KeygenCommand.run(new String[] {"--fingerprint", dir.resolve(KeygenCommand.SENDER_PRIVATE)
            .toString()}, random, quiet, quiet), "a private key file is not a public key");
    }

    @Test
    void shouldExitTwoOnBadArgumentsAndOneWhenAKeyExists()
    {
        final PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        assertEquals(2, KeygenCommand.run(new String[] {}, random, quiet, quiet));
        assertEquals(2, KeygenCommand.run(new String[] {"--sender"}, random, quiet, quiet));
        assertEquals(2, KeygenCommand.run(new String[] {"--ot", "x"}, random, quiet, quiet));
        assertEquals(0, KeygenCommand.run(new String[] {"--sender", dir.toString()}, random, quiet, quiet));
        assertEquals(1, KeygenCommand.run(new String[] {"--sender", dir.toString()}, random, quiet, quiet));
        assertFalse(Files.exists(dir.resolve("." + KeygenCommand.SENDER_PRIVATE + ".tmp")));
    }

    /** Written by {@code openssl genpkey -algorithm ed25519} (OpenSSL 3.0), a throwaway test key. */
    private static final String OPENSSL_ED25519 = "-----BEGIN PRIVATE KEY-----\n" +
        "MC4CAQAwBQYDK2VwBCIEIOmFQk5MAhAJBROvijONBqx3JzbcdvoHDEJBZNL+NpGg\n" +
        "-----END PRIVATE KEY-----\n";
    /** Written by {@code openssl genpkey -algorithm x25519} (OpenSSL 3.0), a throwaway test key. */
    private static final String OPENSSL_X25519 = "-----BEGIN PRIVATE KEY-----\n" +
        "MC4CAQAwBQYDK2VuBCIEILD5TAGubiWPYt8xrmurfEhKsAexi4Em6QquESKIiMZE\n" +
        "-----END PRIVATE KEY-----\n";

    private static SecureRandom deterministicRandom()
    {
        try
        {
            final SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(42L);
            return random;
        }
        catch (final java.security.NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
