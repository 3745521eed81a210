package io.diodegw.wire.record;

import java.util.Arrays;
import java.util.Objects;

/**
 * FILE_MANIFEST record body: announces a file sent as FILE_CHUNK records. The receiver assembles the chunks and
 * accepts the file only if its SHA-256 matches. Fields are little-endian; the name is a varint of (UTF-8 byte length
 * + 1, 0 for null) followed by strict UTF-8. Bytes after the last field are ignored.
 *
 * <pre>
 *   +--------+------+----------------------------------------------------+
 *   | offset | size | field                                              |
 *   +--------+------+----------------------------------------------------+
 *   |      0 |    8 | file id (u64)                                      |
 *   |      8 |    8 | size in bytes (u64)                                |
 *   |     16 |    4 | chunk size in bytes (u32)                          |
 *   |     20 |    4 | chunk count (u32)                                  |
 *   |     24 |   32 | SHA-256 of the whole file                          |
 *   |     56 |    8 | modification time (i64, 100-ns ticks since 1601)   |
 *   |     64 |  var | name (string)                                      |
 *   +--------+------+----------------------------------------------------+
 * </pre>
 *
 * <p>A mutable holder; not thread-safe.
 */
public final class FileManifest
{
    /** Offset of the u64 file id. */
    public static final int FILE_ID_OFFSET = 0;
    /** Offset of the u64 size. */
    public static final int SIZE_OFFSET = 8;
    /** Offset of the u32 chunk size. */
    public static final int CHUNK_SIZE_OFFSET = 16;
    /** Offset of the u32 chunk count. */
    public static final int CHUNK_COUNT_OFFSET = 20;
    /** Offset of the SHA-256. */
    public static final int SHA256_OFFSET = 24;
    /** Length of a SHA-256. */
    public static final int SHA256_LENGTH = 32;
    /** Offset of the i64 modification time. */
    public static final int MODIFICATION_TIME_OFFSET = 56;
    /** Offset of the name string. */
    public static final int NAME_OFFSET = 64;

    private final WireCursor cursor = new WireCursor();
    private long fileId;
    private long sizeBytes;
    private int chunkSizeBytes;
    private int chunkCount;
    private final byte[] sha256 = new byte[SHA256_LENGTH];
    private long modificationTimeTicks;
    private String name;

    public long fileId()
    {
        return fileId;
    }

    public FileManifest fileId(final long fileId)
    {
        this.fileId = fileId;
        return this;
    }

    public long sizeBytes()
    {
        return sizeBytes;
    }

    public FileManifest sizeBytes(final long sizeBytes)
    {
        this.sizeBytes = sizeBytes;
        return this;
    }

    /**
     * @return bytes per chunk (u32); every chunk but the last has this size.
     */
    public int chunkSizeBytes()
    {
        return chunkSizeBytes;
    }

    public FileManifest chunkSizeBytes(final int chunkSizeBytes)
    {
        this.chunkSizeBytes = chunkSizeBytes;
        return this;
    }

    /**
     * @return number of chunks (u32).
     */
    public int chunkCount()
    {
        return chunkCount;
    }

    public FileManifest chunkCount(final int chunkCount)
    {
        this.chunkCount = chunkCount;
        return this;
    }

    /**
     * @return a copy of the SHA-256.
     */
    public byte[] sha256()
    {
        return sha256.clone();
    }

    /**
     * @throws IllegalArgumentException if the digest is not 32 bytes.
     */
    public FileManifest sha256(final byte[] digest)
    {
        if (digest == null || digest.length != SHA256_LENGTH)
        {
            throw new IllegalArgumentException("SHA-256 must be " + SHA256_LENGTH + " bytes");
        }
        System.arraycopy(digest, 0, sha256, 0, SHA256_LENGTH);
        return this;
    }

    /**
     * @return 100-ns ticks since 1601-01-01 UTC.
     */
    public long modificationTimeTicks()
    {
        return modificationTimeTicks;
    }

    public FileManifest modificationTimeTicks(final long modificationTimeTicks)
    {
        this.modificationTimeTicks = modificationTimeTicks;
        return this;
    }

    public String name()
    {
        return name;
    }

    public FileManifest name(final String name)
    {
        this.name = name;
        return this;
    }

    public int bodyLength()
    {
        return NAME_OFFSET + WireBytes.stringLength(name);
    }

    /**
     * Appends this record to the block.
     *
     * @return false if it does not fit; the block is then unchanged.
     */
    public boolean writeTo(final BlockWriter block, final long streamSequence)
    {
        final int length = bodyLength();
        final int start = block.openRecord(RecordType.FILE_MANIFEST, streamSequence, length);
        if (start < 0)
        {
            return false;
        }
        final byte[] b = block.buffer();
        final int body = start + RecordHeader.LENGTH;
        WireBytes.putI64(b, body + FILE_ID_OFFSET, fileId);
        WireBytes.putI64(b, body + SIZE_OFFSET, sizeBytes);
        WireBytes.putI32(b, body + CHUNK_SIZE_OFFSET, chunkSizeBytes);
        WireBytes.putI32(b, body + CHUNK_COUNT_OFFSET, chunkCount);
        System.arraycopy(sha256, 0, b, body + SHA256_OFFSET, SHA256_LENGTH);
        WireBytes.putI64(b, body + MODIFICATION_TIME_OFFSET, modificationTimeTicks);
        WireBytes.putString(b, body + NAME_OFFSET, name);
        block.commitRecord(start, length);
        return true;
    }

    /**
     * Decodes a body; never throws.
     *
     * @return false if the bytes are malformed (the holder's contents are then unspecified).
     */
    public boolean readFrom(final byte[] buffer, final int offset, final int length)
    {
        return decode(cursor.wrap(buffer, offset, length));
    }

    boolean decode(final WireCursor c)
    {
        fileId = c.i64();
        sizeBytes = c.i64();
        chunkSizeBytes = c.i32();
        chunkCount = c.i32();
        if (c.require(SHA256_LENGTH))
        {
            System.arraycopy(c.buffer(), c.position(), sha256, 0, SHA256_LENGTH);
            c.skip(SHA256_LENGTH);
        }
        modificationTimeTicks = c.i64();
        name = c.string(true);
        return !c.failed();
    }

    @Override
    public boolean equals(final Object o)
    {
        if (!(o instanceof FileManifest))
        {
            return false;
        }
        final FileManifest that = (FileManifest)o;
        return fileId == that.fileId && sizeBytes == that.sizeBytes && chunkSizeBytes == that.chunkSizeBytes &&
            chunkCount == that.chunkCount && Arrays.equals(sha256, that.sha256) &&
            modificationTimeTicks == that.modificationTimeTicks && Objects.equals(name, that.name);
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(fileId, sizeBytes, chunkSizeBytes, chunkCount, Arrays.hashCode(sha256),
            modificationTimeTicks, name);
    }

    @Override
    public String toString()
    {
        final StringBuilder hex = new StringBuilder(2 * SHA256_LENGTH);
        for (final byte b : sha256)
        {
            hex.append(Character.forDigit((b >>> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return "FileManifest{fileId=" + fileId + ", name=" + name + ", sizeBytes=" + sizeBytes + ", chunkSizeBytes=" +
            Integer.toUnsignedString(chunkSizeBytes) + ", chunkCount=" + Integer.toUnsignedString(chunkCount) +
            ", sha256=" + hex + ", modificationTimeTicks=" + modificationTimeTicks + '}';
    }
}
