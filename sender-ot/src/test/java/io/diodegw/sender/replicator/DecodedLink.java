package io.diodegw.sender.replicator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;

import io.diodegw.wire.crypto.DatagramOpener;
import io.diodegw.wire.crypto.KeyAnnouncementVerifier;
import io.diodegw.wire.crypto.TrustedSenderKeys;
import io.diodegw.wire.datagram.DatagramHeaderFlyweight;
import io.diodegw.wire.datagram.MtuLimits;
import io.diodegw.wire.record.BlockReader;
import io.diodegw.wire.record.RecordType;
import io.diodegw.wire.record.ResendMarker;
import io.diodegw.wire.record.SenderStatus;
import io.diodegw.wire.record.SnapshotBegin;
import io.diodegw.wire.record.SnapshotEnd;
import io.diodegw.wire.record.SourceState;
import io.diodegw.wire.record.TagDefinition;
import io.diodegw.wire.record.TagValue;
import io.diodegw.wire.record.TagValueBatchReader;

/**
 * Test helper: what a receiver would read from captured datagrams, with wire-format's classes only. Authenticates and
 * opens every datagram, assembles each block from its k data symbols (the tests lose nothing on loopback, so no FEC
 * decoding is needed), and decodes every record into a detached copy.
 */
final class DecodedLink
{
    /** One record: the block it came in, the block's out-of-band flag, and a detached decoded body. */
    record Rec(long block, int firstArrival, boolean outOfBand, RecordType type, long sequence, Object body,
        long snapshotId, int partIndex, List<TagValue> values)
    {
    }

    final List<Rec> records = new ArrayList<>();
    final TreeMap<Long, Boolean> blockOutOfBand = new TreeMap<>();
    int heartbeats;
    int malformed;

    DecodedLink(final List<byte[]> datagrams, final int mtu, final int k,
        final Ed25519PrivateKeyParameters identity, final X25519PrivateKeyParameters receiverKey)
    {
        this(datagrams, mtu, k, identity.generatePublicKey(), receiverKey);
    }

    DecodedLink(final List<byte[]> datagrams, final int mtu, final int k,
        final Ed25519PublicKeyParameters trustedSender, final X25519PrivateKeyParameters receiverKey)
    {
        final MtuLimits limits = MtuLimits.forMtu(mtu);
        final int symbolBytes = limits.maxSymbolBytes();
        final KeyAnnouncementVerifier verifier = new KeyAnnouncementVerifier(limits, 1, receiverKey,
            new TrustedSenderKeys(List.of(trustedSender)), 5_000);
        final DatagramOpener opener = new DatagramOpener(limits);
        final DatagramHeaderFlyweight header = new DatagramHeaderFlyweight();
        final TreeMap<Long, byte[]> blocks = new TreeMap<>();
        final TreeMap<Long, int[]> present = new TreeMap<>();
        for (int arrival = 0; arrival < datagrams.size(); arrival++)
        {
            final byte[] d = datagrams.get(arrival);
            final int length = opener.open(d, 0, d.length);
            header.wrap(d, 0);
            if (length == DatagramOpener.NOT_SEALED)
            {
                if (!opener.hasKey(header.senderEpoch(), header.keyId()) &&
                    verifier.verify(d, 0, d.length, System.currentTimeMillis()) == KeyAnnouncementVerifier.OK)
                {
                    opener.install(verifier.takeSessionKey());
                }
                continue;
            }
            if (length < 0)
            {
                throw new AssertionError("datagram refused: " + DatagramOpener.describe(length));
            }
            if (header.type() == DatagramHeaderFlyweight.TYPE_HEARTBEAT)
            {
                heartbeats++;
                continue;
            }
            if (header.symbolIndex() >= k)
            {
                continue;
            }
            final int at = arrival;
            final byte[] block = blocks.computeIfAbsent(header.blockSequence(), b -> new byte[k * symbolBytes]);
            final int[] seen = present.computeIfAbsent(header.blockSequence(), b -> new int[] {0, at});
            System.arraycopy(d, DatagramHeaderFlyweight.HEADER_LENGTH, block, header.symbolIndex() * symbolBytes,
                symbolBytes);
            seen[0]++;
        }
        final BlockReader reader = new BlockReader();
        for (final Map.Entry<Long, byte[]> e : blocks.entrySet())
        {
            final int[] seen = present.get(e.getKey());
            if (seen[0] != k)
            {
                throw new AssertionError("block " + e.getKey() + " has " + seen[0] + " of " + k + " data symbols");
            }
            if (!reader.wrap(e.getValue(), 0, e.getValue().length))
            {
                malformed++;
                continue;
            }
            blockOutOfBand.put(e.getKey(), reader.isOutOfBand());
            while (reader.next())
            {
                records.add(decode(reader, e.getKey(), seen[1]));
            }
            malformed += reader.isBlockMalformed() ? 1 : 0;
        }
    }

    private static Rec decode(final BlockReader reader, final long block, final int arrival)
    {
        final byte[] b = reader.buffer();
        final int off = reader.bodyOffset();
        final int len = reader.bodyLength();
        Object body = null;
        long snapshotId = 0;
        int partIndex = 0;
        List<TagValue> values = List.of();
        switch (reader.type())
        {
            case TAG_VALUE_BATCH:
            case SNAPSHOT_PART:
            case HISTORY_BATCH:
                final TagValueBatchReader batch = reader.tagValueBatch();
                snapshotId = batch.snapshotId();
                partIndex = batch.partIndex();
                values = new ArrayList<>();
                final TagValue v = new TagValue();
                while (batch.next(v))
                {
                    values.add(v.copy());
                }
                break;
            case TAG_DEFINITION:
                final TagDefinition definition = new TagDefinition();
                definition.readFrom(b, off, len);
                body = definition;
                break;
            case SOURCE_STATE:
                final SourceState state = new SourceState();
                state.readFrom(b, off, len);
                body = state;
                break;
            case SNAPSHOT_BEGIN:
                final SnapshotBegin begin = new SnapshotBegin();
                begin.readFrom(b, off, len);
                body = begin;
                snapshotId = begin.snapshotId();
                break;
            case SNAPSHOT_END:
                final SnapshotEnd end = new SnapshotEnd();
                end.readFrom(b, off, len);
                body = end;
                snapshotId = end.snapshotId();
                break;
            case SENDER_STATUS:
                final SenderStatus status = new SenderStatus();
                status.readFrom(b, off, len);
                body = status;
                break;
            case RESEND_MARKER:
                final ResendMarker marker = new ResendMarker();
                marker.readFrom(b, off, len);
                body = marker;
                break;
            default:
                break;
        }
        return new Rec(block, arrival, reader.isOutOfBand(), reader.type(), reader.streamSequence(), body,
            snapshotId, partIndex, values);
    }

    /** @return the in-band records, in block order. */
    List<Rec> inBand()
    {
        return records.stream().filter(r -> !r.outOfBand()).toList();
    }

    /** @return the out-of-band records, in block order. */
    List<Rec> outOfBand()
    {
        return records.stream().filter(Rec::outOfBand).toList();
    }
}
