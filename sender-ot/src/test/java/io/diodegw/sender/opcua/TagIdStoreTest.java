package io.diodegw.sender.opcua;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TagIdStoreTest
{
    @TempDir
    Path dir;

    @Test
    void shouldKeepIdsAcrossReopenAndContinueNumbering() throws IOException
    {
        final Path file = dir.resolve("sub/ids.tsv");
        try (TagIdStore store = TagIdStore.open(file))
        {
            assertEquals(1, store.assign("nsu=urn:x;s=A"));
            assertEquals(2, store.assign("nsu=urn:x;s=B"));
            assertEquals(1, store.assign("nsu=urn:x;s=A"));
            store.flush();
        }
        try (TagIdStore store = TagIdStore.open(file))
        {
            assertEquals(2, store.idOf("nsu=urn:x;s=B"));
            assertEquals(1, store.assign("nsu=urn:x;s=A"));
            assertEquals(3, store.assign("nsu=urn:x;s=C"));
            assertEquals(3, store.size());
        }
    }

    @Test
    void shouldRoundTripKeysWithTabsNewlinesAndBackslashes() throws IOException
    {
        final SplittableRandom random = new SplittableRandom(42);
        final String alphabet = "ab\t\n\r\\;=/ü";
        final String[] keys = new String[200];
        final Path file = dir.resolve("ids.tsv");
        try (TagIdStore store = TagIdStore.open(file))
        {
            for (int i = 0; i < keys.length; i++)
            {
                final StringBuilder sb = new StringBuilder("k").append(i).append(':');
                for (int j = random.nextInt(12); j > 0; j--)
                {
                    sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                keys[i] = sb.toString();
                assertEquals(i + 1, store.assign(keys[i]));
            }
        }
        try (TagIdStore store = TagIdStore.open(file))
        {
            for (int i = 0; i < keys.length; i++)
            {
                assertEquals(i + 1, store.idOf(keys[i]), keys[i]);
            }
        }
    }

    @Test
    void shouldDropAnIncompleteLastLineLeftByACrash() throws IOException
    {
        final Path file = dir.resolve("ids.tsv");
        try (TagIdStore store = TagIdStore.open(file))
        {
            store.assign("A");
        }
        Files.writeString(file, "2\tB-without-newline", StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        try (TagIdStore store = TagIdStore.open(file))
        {
            assertEquals(0, store.idOf("B-without-newline"));
            assertEquals(2, store.assign("C"));
        }
        try (TagIdStore store = TagIdStore.open(file))
        {
            assertEquals(2, store.idOf("C"));
        }
    }

    @Test
    void shouldRefuseAMalformedFileRatherThanReassignIds() throws IOException
    {
        final Path file = dir.resolve("ids.tsv");
        Files.writeString(file, TagIdStore.HEADER + "1\tA\n1\tB\n", StandardCharsets.UTF_8);

        final IOException ex = assertThrows(IOException.class, () -> TagIdStore.open(file));

        assertTrue(ex.getMessage().contains("ids.tsv:3"), ex.getMessage());
    }

    @Test
    void shouldRefuseADuplicateKey() throws IOException
    {
        final Path file = dir.resolve("ids.tsv");
        Files.writeString(file, "1\tA\n2\tA\n", StandardCharsets.UTF_8);

        assertThrows(IOException.class, () -> TagIdStore.open(file));
    }
}
