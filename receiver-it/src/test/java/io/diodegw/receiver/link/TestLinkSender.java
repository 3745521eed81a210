package io.diodegw.receiver.link;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;

import io.diodegw.fec.ErasureCodec;
import io.diodegw.wire.crypto.DatagramSealer;
import io.diodegw.wire.crypto.KeyAnnouncementSigner;
import io.diodegw.wire.crypto.KeyFiles;
import io.diodegw.wire.crypto.SessionKey;
import io.diodegw.wire.datagram.DatagramHeaderFlyweight;
import io.diodegw.wire.datagram.HeartbeatFlyweight;
import io.diodegw.wire.datagram.KeyAnnouncementFlyweight;
import io.diodegw.wire.datagram.MtuLimits;
import io.diodegw.wire.record.BlockReader;
import io.diodegw.wire.record.BlockWriter;
import io.diodegw.wire.record.RecordType;

/**
 * Test double of the sender's link path, built from the real libraries: frames records into blocks
 * ({@link BlockWriter}), FEC-encodes them ({@link ErasureCodec}), seals each symbol ({@link DatagramSealer}) with a key
 * announced by a signed {@link KeyAnnouncementSigner} announcement, and sends them over real UDP; symbols chosen by
 * the test are dropped instead of sent. One thread.
 */
final class TestLinkSender implements AutoCloseable
{
    static final long KEY_LIFETIME_MS = 3_600_000;
    static final long PACKET_LIMIT = 1L << 32;

    /** Keys of one test: the sender identity and the receiver key, with the PEM files the receiver reads. */
    record Keys(Ed25519PrivateKeyParameters identity, X25519PrivateKeyParameters receiverKey, Path receiverKeyFile,
        Path senderPublicKeyFile)
    {
        static Keys create(final Path dir, final SecureRandom random)
        {
            final Ed25519PrivateKeyParameters identity = new Ed25519PrivateKeyParameters(random);
            final X25519PrivateKeyParameters receiverKey = new X25519PrivateKeyParameters(random);
            final Path receiverKeyFile = dir.resolve("receiver-x25519.pem");
            final Path senderPublicKeyFile = dir.resolve("sender-identity.pub.pem");
            KeyFiles.writePrivateKey(receiverKeyFile, receiverKey);
            KeyFiles.writePublicKey(senderPublicKeyFile, identity.generatePublicKey());
            return new Keys(identity, receiverKey, receiverKeyFile, senderPublicKeyFile);
        }
    }

    /** A framed record, as the receiver must hand it on. */
    record Framed(long block, RecordType type, long sequence, byte[] body)
    {
    }

    private final MtuLimits limits;
    private final int linkId;
    private final int k;
    private final int m;
    private final int symbolBytes;
    private final long epoch;
    private final DatagramChannel channel;
    private final DatagramSealer sealer;
    private final ErasureCodec codec;
    private final byte[] announcement = new byte[KeyAnnouncementFlyweight.DATAGRAM_LENGTH];
    private final byte[] datagram;
    private final DatagramHeaderFlyweight header = new DatagramHeaderFlyweight();
    private int sent;

    TestLinkSender(
        final Keys keys,
        final Ed25519PrivateKeyParameters signingIdentity,
        final int linkId,
        final int mtuBytes,
        final int k,
        final int m,
        final long epoch,
        final InetSocketAddress destination,
        final SecureRandom random) throws IOException
    {
        this.limits = MtuLimits.forMtu(mtuBytes);
        this.linkId = linkId;
        this.k = k;
        this.m = m;
        this.symbolBytes = limits.maxSymbolBytes();
        this.epoch = epoch;
        this.codec = new ErasureCodec(k, m, symbolBytes);
        this.codec.prepare(k, m);
        this.datagram = new byte[limits.maxDatagramBytes()];
        final KeyAnnouncementSigner signer =
            new KeyAnnouncementSigner(linkId, signingIdentity, keys.receiverKey().generatePublicKey(), random);
        final long nowMs = System.currentTimeMillis();
        final SessionKey key = signer.sign(announcement, 0, epoch, 1, nowMs - 1000, nowMs + KEY_LIFETIME_MS,
            PACKET_LIMIT);
        this.sealer = new DatagramSealer(limits, true);
        this.sealer.install(key);
        this.channel = DatagramChannel.open();
        channel.bind(new InetSocketAddress(destination.getAddress(), 0));
        channel.connect(destination);
    }

    /** @return k x symbol bytes: the payload of one block. */
    int blockBytes()
    {
        return k * symbolBytes;
    }

    int symbolBytes()
    {
        return symbolBytes;
    }

    /** @return datagrams handed to the socket. */
    int sent()
    {
        return sent;
    }

    /**
     * Frames records into block payloads, whole records only, sequences from {@code firstSequence}.
     *
     * @param appender writes record number i (its sequence is the second argument) into the block; returns false
     *                 when it does not fit. Called with increasing i until {@code count} records were written.
     * @param count    records to frame.
     * @param framed   receives every framed record with its block index (from 0).
     * @return the block payloads.
     */
    List<byte[]> frame(final long firstSequence, final int count, final RecordAppender appender,
        final List<Framed> framed)
    {
        final List<byte[]> blocks = new ArrayList<>();
        final BlockWriter writer = new BlockWriter();
        int next = 0;
        while (next < count)
        {
            final byte[] payload = new byte[blockBytes()];
            writer.wrap(payload, 0, payload.length);
            int inBlock = 0;
            while (next < count && appender.append(writer, next, firstSequence + next))
            {
                next++;
                inBlock++;
            }
            if (inBlock == 0)
            {
                throw new IllegalStateException("record " + next + " does not fit in an empty block");
            }
            writer.finish();
            final BlockReader reader = new BlockReader();
            reader.wrap(payload, 0, payload.length);
            while (reader.next())
            {
                framed.add(new Framed(blocks.size(), reader.type(), reader.streamSequence(), Arrays.copyOfRange(
                    reader.buffer(), reader.bodyOffset(), reader.bodyOffset() + reader.bodyLength())));
            }
            blocks.add(payload);
        }
        return blocks;
    }

    /** Writes one record. */
    @FunctionalInterface
    interface RecordAppender
    {
        boolean append(BlockWriter block, int index, long sequence);
    }

    void sendAnnouncement() throws IOException
    {
        send(announcement, announcement.length);
    }

    /**
     * Encodes and sends one block, skipping the symbols {@code drop} selects.
     *
     * @param drop (block sequence, symbol index) to true for a symbol the "link" loses.
     */
    void sendBlock(final long blockSequence, final byte[] payload, final BiPredicate<Long, Integer> drop)
        throws IOException
    {
        final byte[] symbols = new byte[(k + m) * symbolBytes];
        System.arraycopy(payload, 0, symbols, 0, k * symbolBytes);
        codec.encode(k, m, symbolBytes, symbols, 0, symbols, k * symbolBytes);
        for (int symbol = 0; symbol < k + m; symbol++)
        {
            final int length = sealSymbol(blockSequence, symbol, symbols);
            if (!drop.test(blockSequence, symbol))
            {
                send(datagram, length);
            }
        }
    }

    /** Seals one symbol into the internal datagram and returns it (a copy) without sending it. */
    byte[] sealedSymbol(final long blockSequence, final int symbol, final byte[] payload)
    {
        final byte[] symbols = new byte[(k + m) * symbolBytes];
        System.arraycopy(payload, 0, symbols, 0, k * symbolBytes);
        codec.encode(k, m, symbolBytes, symbols, 0, symbols, k * symbolBytes);
        return Arrays.copyOf(datagram, sealSymbol(blockSequence, symbol, symbols));
    }

    void sendHeartbeat(final int mtuBytes, final int depth, final long fingerprint, final long streamHead,
        final long nextBlock) throws IOException
    {
        sendHeartbeat(mtuBytes, depth, fingerprint, streamHead, nextBlock, -1);
    }

    void sendHeartbeat(final int mtuBytes, final int depth, final long fingerprint, final long streamHead,
        final long nextBlock, final long epochFirst) throws IOException
    {
        header.wrap(datagram, 0).type(DatagramHeaderFlyweight.TYPE_HEARTBEAT).linkId(linkId).symbolIndex(0)
            .sourceSymbols(0).repairSymbols(0).blockSequence(nextBlock);
        final int body = new HeartbeatFlyweight().wrap(datagram, DatagramHeaderFlyweight.HEADER_LENGTH)
            .write(System.currentTimeMillis(), mtuBytes, k, m, depth, fingerprint, streamHead, nextBlock, epochFirst);
        send(datagram, seal(body));
    }

    void send(final byte[] bytes, final int length) throws IOException
    {
        channel.write(ByteBuffer.wrap(bytes, 0, length));
        sent++;
    }

    long epoch()
    {
        return epoch;
    }

    @Override
    public void close() throws IOException
    {
        channel.close();
        sealer.key().destroy();
    }

    private int sealSymbol(final long blockSequence, final int symbol, final byte[] symbols)
    {
        header.wrap(datagram, 0)
            .type(symbol < k ? DatagramHeaderFlyweight.TYPE_DATA_SYMBOL : DatagramHeaderFlyweight.TYPE_REPAIR_SYMBOL)
            .linkId(linkId).symbolIndex(symbol).sourceSymbols(k).repairSymbols(m).blockSequence(blockSequence);
        System.arraycopy(symbols, symbol * symbolBytes, datagram, DatagramHeaderFlyweight.HEADER_LENGTH, symbolBytes);
        return seal(symbolBytes);
    }

    private int seal(final int payloadLength)
    {
        final int length = sealer.seal(datagram, 0, payloadLength);
        if (length < 0)
        {
            throw new IllegalStateException("seal failed: " + DatagramSealer.describe(length));
        }
        return length;
    }

    static Set<Integer> none()
    {
        return Set.of();
    }
}
