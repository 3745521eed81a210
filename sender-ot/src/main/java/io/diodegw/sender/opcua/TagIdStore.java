package io.diodegw.sender.opcua;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * The persisted map from a node's stable key (its NodeId with the namespace URI, {@code nsu=...;s=...}) to the u32
 * tag id it was given, so a tag keeps its id across restarts, reconnections and address-space changes. Ids are
 * assigned 1, 2, 3, ... in order of first discovery and never reused.
 *
 * <p>File format: UTF-8 lines {@code <tagId>\t<key>\n} after a {@code #} header line; in keys {@code \},
 * tab, CR and LF are escaped as {@code \\}, {@code \t}, {@code \r}, {@code \n}. New entries are appended and forced
 * to disk by {@link #flush()}; an incomplete last line (a crash during an append) is dropped when the file is
 * opened. A malformed complete line or a duplicate key or id makes {@link #open(Path)} fail rather than reassign.
 *
 * <p>Not thread-safe: one owner (the collector's lifecycle thread).
 */
final class TagIdStore implements AutoCloseable
{
    static final String HEADER = "# diodegw OPC UA tag ids v1: <tagId> TAB <node key>\n";
    private static final long MAX_TAG_ID = 0xFFFF_FFFFL;

    private final Path file;
    private final FileChannel channel;
    private final Map<String, Integer> idByKey = new HashMap<>();
    private final StringBuilder pending = new StringBuilder();
    private long lastId;

    private TagIdStore(final Path file, final FileChannel channel)
    {
        this.file = file;
        this.channel = channel;
    }

    /**
     * Opens or creates the file (and its directory).
     *
     * @throws IOException if it cannot be read or written, or holds a malformed entry.
     */
    static TagIdStore open(final Path file) throws IOException
    {
        final Path dir = file.toAbsolutePath().getParent();
        if (dir != null)
        {
            Files.createDirectories(dir);
        }
        final FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
            StandardOpenOption.WRITE);
        final TagIdStore store = new TagIdStore(file, channel);
        try
        {
            store.load();
        }
        catch (final IOException | RuntimeException ex)
        {
            channel.close();
            throw ex;
        }
        return store;
    }

    private void load() throws IOException
    {
        final byte[] bytes = Files.readAllBytes(file);
        final String text = new String(bytes, StandardCharsets.UTF_8);
        final int end = text.lastIndexOf('\n') + 1;
        int lineStart = 0;
        int lineNumber = 0;
        while (lineStart < end)
        {
            final int lineEnd = text.indexOf('\n', lineStart);
            final String line = text.substring(lineStart, lineEnd);
            lineNumber++;
            lineStart = lineEnd + 1;
            if (line.isEmpty() || line.startsWith("#"))
            {
                continue;
            }
            parseLine(line, lineNumber);
        }
        final long completeBytes = text.substring(0, end).getBytes(StandardCharsets.UTF_8).length;
        channel.truncate(completeBytes);
        channel.position(completeBytes);
        if (completeBytes == 0)
        {
            pending.append(HEADER);
            flush();
        }
    }

    private void parseLine(final String line, final int lineNumber) throws IOException
    {
        final int tab = line.indexOf('\t');
        final long id;
        try
        {
            id = tab > 0 ? Long.parseLong(line.substring(0, tab)) : -1;
        }
        catch (final NumberFormatException ex)
        {
            throw malformed(lineNumber, "bad tag id");
        }
        if (id < 1 || id > MAX_TAG_ID)
        {
            throw malformed(lineNumber, "tag id missing or outside 1.." + MAX_TAG_ID);
        }
        final String key = unescape(line.substring(tab + 1));
        if (idByKey.containsKey(key))
        {
            throw malformed(lineNumber, "node " + key + " listed twice");
        }
        if (id <= lastId)
        {
            throw malformed(lineNumber, "tag ids must increase");
        }
        idByKey.put(key, (int)id);
        lastId = id;
    }

    private IOException malformed(final int lineNumber, final String what)
    {
        return new IOException(file + ":" + lineNumber + ": " + what + "; restore the file from a backup rather " +
            "than deleting it, or the IT side sees new tag ids");
    }

    /**
     * @return the tag id of the key, assigning the next free id (not yet durable until {@link #flush()}) if new.
     * @throws IllegalStateException if all 2^32-1 ids are used.
     */
    int assign(final String key)
    {
        final Integer existing = idByKey.get(key);
        if (existing != null)
        {
            return existing;
        }
        if (lastId >= MAX_TAG_ID)
        {
            throw new IllegalStateException("no tag ids left in " + file);
        }
        lastId++;
        final int id = (int)lastId;
        idByKey.put(key, id);
        pending.append(lastId).append('\t').append(escape(key)).append('\n');
        return id;
    }

    /**
     * @return the tag id of the key, or 0 if it has none.
     */
    int idOf(final String key)
    {
        final Integer id = idByKey.get(key);
        return id == null ? 0 : id;
    }

    int size()
    {
        return idByKey.size();
    }

    /**
     * Writes the entries assigned since the last flush and forces them to disk.
     */
    void flush() throws IOException
    {
        if (pending.length() == 0)
        {
            return;
        }
        final ByteBuffer buffer = ByteBuffer.wrap(pending.toString().getBytes(StandardCharsets.UTF_8));
        while (buffer.hasRemaining())
        {
            channel.write(buffer);
        }
        channel.force(false);
        pending.setLength(0);
    }

    @Override
    public void close() throws IOException
    {
        try
        {
            flush();
        }
        finally
        {
            channel.close();
        }
    }

    static String escape(final String key)
    {
        final StringBuilder sb = new StringBuilder(key.length() + 8);
        for (int i = 0; i < key.length(); i++)
        {
            final char c = key.charAt(i);
            switch (c)
            {
                case '\\' -> sb.append("\\\\");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    static String unescape(final String text)
    {
        final StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length())
            {
                final char next = text.charAt(++i);
                sb.append(switch (next)
                {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    default -> next;
                });
            }
            else
            {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
