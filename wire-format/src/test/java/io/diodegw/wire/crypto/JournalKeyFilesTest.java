package io.diodegw.wire.crypto;

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
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalKeyFilesTest
{
    private static final String SETTING = "sender.journal.encryptionKeyFile";

    @TempDir
    Path dir;

    private static byte[] keyBytes(final int seed)
    {
        final byte[] bytes = new byte[JournalKey.LENGTH];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    @Test
    void shouldWriteAJournalKeyOwnerOnlyAndReadTheSameKeyBack() throws IOException
    {
        final Path file = dir.resolve("journal.key");
        final JournalKey written = KeyFiles.writeJournalKey(file, keyBytes(1));

        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(file));
        assertTrue(Files.readString(file).startsWith("-----BEGIN DIODEGW JOURNAL KEY-----\n"));
        assertEquals(written.fingerprint(), KeyFiles.readJournalKey(file).fingerprint());
        assertEquals(new JournalKey(keyBytes(1)).fingerprint(), written.fingerprint());
        assertThrows(KeyFiles.KeyFileException.class, () -> KeyFiles.writeJournalKey(file, keyBytes(2)),
            "an existing key is never overwritten");
    }

    @Test
    void shouldRefuseAJournalKeyThatGroupOrOthersCanRead() throws IOException
    {
        final Path file = dir.resolve("journal.key");
        KeyFiles.writeJournalKey(file, keyBytes(1));
        for (final String mode : new String[] {"rw-r-----", "rw----r--", "rw-rw-rw-", "rw-----w-"})
        {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
            final KeyFiles.KeyFileException ex =
                assertThrows(KeyFiles.KeyFileException.class, () -> KeyFiles.readJournalKey(file), mode);
            assertTrue(ex.getMessage().contains("chmod 600 " + file), ex.getMessage());
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
        assertEquals(new JournalKey(keyBytes(1)).fingerprint(), KeyFiles.readJournalKey(file).fingerprint());
    }

    @Test
    void shouldRefuseAFileThatIsNotA32ByteJournalKey() throws IOException
    {
        final Path shortKey = dir.resolve("short.key");
        Files.createFile(shortKey, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(shortKey, "-----BEGIN DIODEGW JOURNAL KEY-----\n" +
            Base64.getEncoder().encodeToString(new byte[16]) + "\n-----END DIODEGW JOURNAL KEY-----\n");
        assertTrue(assertThrows(KeyFiles.KeyFileException.class, () -> KeyFiles.readJournalKey(shortKey))
            .getMessage().contains("16 key bytes"));

        final Path pem = dir.resolve("id.pem");
        KeyFiles.writePrivateKey(pem, new org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters(
            new SecureRandom()));
        assertTrue(assertThrows(KeyFiles.KeyFileException.class, () -> KeyFiles.readJournalKey(pem))
            .getMessage().contains("DIODEGW JOURNAL KEY"));
    }

    @Test
    void shouldGenerateAJournalKeyFromTheCommandLineAndPrintOnlyItsFingerprint() throws IOException
    {
        final Path file = dir.resolve("keys/journal.key");
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int exit = KeygenCommand.run(new String[] {"--journal-key", file.toString()}, new SecureRandom(),
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
        final JournalKey key = KeyFiles.readJournalKey(file);
        final String printed = out.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains(key.fingerprint()) && printed.contains("sender.journal.encryptionKeyFile"), printed);
        final String body = Files.readString(file).split("\n")[1];
        assertFalse(printed.contains(body), "the key itself is never printed");
        assertEquals(1, KeygenCommand.run(new String[] {"--journal-key", file.toString()}, new SecureRandom(),
            new PrintStream(out), new PrintStream(err)), "an existing key file is not overwritten");
        assertEquals(2, KeygenCommand.run(new String[] {"--journal-key"}, new SecureRandom(), new PrintStream(out),
            new PrintStream(err)));
    }

    @Test
    void shouldLetAJournalWithoutEntriesTakeAnyModeAndRecordIt() throws IOException
    {
        final JournalKey key = new JournalKey(keyBytes(1));
        JournalKeyCheck.verify(dir, false, key, SETTING);
        assertEquals("aes-256-gcm " + key.fingerprint(), Files.readString(dir.resolve(JournalKeyCheck.FILE_NAME)).trim());
        JournalKeyCheck.verify(dir, true, key, SETTING);
        JournalKeyCheck.verify(dir, false, null, SETTING);
        assertEquals("none", Files.readString(dir.resolve(JournalKeyCheck.FILE_NAME)).trim());
        JournalKeyCheck.verify(dir, true, null, SETTING);
    }

    @Test
    void shouldRefuseAJournalWithEntriesWrittenAnotherWayNamingTheSettingAndTheFix() throws IOException
    {
        final JournalKey a = new JournalKey(keyBytes(1));
        final JournalKey b = new JournalKey(keyBytes(2));

        final String clearWithKey = assertThrows(JournalKeyCheck.JournalKeyMismatchException.class,
            () -> JournalKeyCheck.verify(dir, true, a, SETTING), "no file and entries: written in clear").getMessage();
        assertTrue(clearWithKey.contains("without encryption") && clearWithKey.contains("remove " + SETTING) &&
            clearWithKey.contains("empty journal directory"), clearWithKey);

        JournalKeyCheck.verify(dir, false, a, SETTING);
        final String noKey = assertThrows(JournalKeyCheck.JournalKeyMismatchException.class,
            () -> JournalKeyCheck.verify(dir, true, null, SETTING)).getMessage();
        assertTrue(noKey.contains(a.fingerprint()) && noKey.contains(SETTING + " is not set"), noKey);

        final String otherKey = assertThrows(JournalKeyCheck.JournalKeyMismatchException.class,
            () -> JournalKeyCheck.verify(dir, true, b, SETTING)).getMessage();
        assertTrue(otherKey.contains(a.fingerprint()) && otherKey.contains(b.fingerprint()), otherKey);
        assertEquals("aes-256-gcm " + a.fingerprint(), Files.readString(dir.resolve(JournalKeyCheck.FILE_NAME)).trim(),
            "a refusal changes nothing");
    }
}
