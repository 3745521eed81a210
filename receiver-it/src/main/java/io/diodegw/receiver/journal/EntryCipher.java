package io.diodegw.receiver.journal;

import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.SecureRandom;

import io.diodegw.wire.crypto.JournalCipher;
import io.diodegw.wire.crypto.JournalKey;

/**
 * Seals and opens the bodies of record entries of an encrypted IT journal: the 39-byte entry header (kind to body
 * length) stays in clear and is the associated data; the body becomes nonce, ciphertext and tag
 * ({@link JournalCipher}, 28 bytes more). Gap entries are not encrypted.
 *
 * <p>One instance per thread: the journal's writer holds one, and each reader (cursor, definition scan) its own.
 * Reuses its buffers; allocates only what the JDK's AES-GCM needs per entry, and a larger buffer when a body is
 * larger than any before. Counts entries whose tag fails and logs once per run of consecutive failures.
 */
final class EntryCipher
{
    private static final System.Logger LOG = System.getLogger(EntryCipher.class.getName());
    private static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

    private final JournalCipher cipher;
    private final byte[] header = new byte[ItJournal.RECORD_BODY_OFFSET];
    private byte[] sealed = new byte[4096];
    private long unauthenticEntries;
    private long failureRun;

    private EntryCipher(final JournalCipher cipher)
    {
        this.cipher = cipher;
    }

    static EntryCipher forWriting(final JournalKey key)
    {
        return new EntryCipher(JournalCipher.forWriting(key, new SecureRandom()));
    }

    static EntryCipher forReading(final JournalKey key)
    {
        return new EntryCipher(JournalCipher.forReading(key));
    }

    /** @return the header buffer, for the writer to fill with {@link #writeHeader} and the reader to read into. */
    byte[] header()
    {
        return header;
    }

    /** @return a buffer of at least {@code length} bytes for a sealed body. */
    byte[] sealedBuffer(final int length)
    {
        if (sealed.length < length)
        {
            sealed = new byte[Math.max(length, sealed.length * 2)];
        }
        return sealed;
    }

    /** Fills {@link #header()} with a record entry's clear header, little-endian as the journal stores it. */
    void writeHeader(final long journalSequence, final long appliedAtEpochMs, final long senderEpoch,
        final int typeId, final long streamSequence, final int bodyLength)
    {
        header[ItJournal.KIND_OFFSET] = (byte)ItJournal.KIND_RECORD;
        I64.set(header, ItJournal.JOURNAL_SEQUENCE_OFFSET, journalSequence);
        I64.set(header, ItJournal.APPLIED_AT_OFFSET, appliedAtEpochMs);
        I64.set(header, ItJournal.SENDER_EPOCH_OFFSET, senderEpoch);
        I16.set(header, ItJournal.RECORD_TYPE_OFFSET, (short)typeId);
        I64.set(header, ItJournal.RECORD_STREAM_SEQUENCE_OFFSET, streamSequence);
        I32.set(header, ItJournal.RECORD_BODY_LENGTH_OFFSET, bodyLength);
    }

    /** @return the sealed length written into {@link #sealedBuffer}, after {@link #writeHeader}. */
    int seal(final byte[] body, final int bodyOffset, final int bodyLength)
    {
        return cipher.seal(header, 0, header.length, body, bodyOffset, bodyLength,
            sealedBuffer(bodyLength + JournalCipher.OVERHEAD_BYTES), 0);
    }

    /**
     * Opens the sealed body in {@link #sealedBuffer} against {@link #header()} into {@code dst}.
     *
     * @return the body length, or a negative {@link JournalCipher} code (counted and logged).
     */
    int open(final int sealedLength, final byte[] dst, final long journalSequence, final long streamSequence)
    {
        final int length = cipher.open(header, 0, header.length, sealed, 0, sealedLength, dst, 0);
        if (length < 0)
        {
            unauthenticEntries++;
            if (failureRun++ == 0)
            {
                LOG.log(Level.ERROR, "IT journal entry " + journalSequence + " (stream sequence " + streamSequence +
                    " by its unauthenticated header) fails AES-GCM authentication: the journal was altered on disk; " +
                    "it and any following such entries are delivered as abandoned gaps, never as records");
            }
            return length;
        }
        if (failureRun > 0)
        {
            LOG.log(Level.WARNING, "IT journal readable again at entry " + journalSequence + " after " + failureRun +
                " entries failed authentication (unauthenticEntries=" + unauthenticEntries + ")");
            failureRun = 0;
        }
        return length;
    }

    long unauthenticEntries()
    {
        return unauthenticEntries;
    }
}
