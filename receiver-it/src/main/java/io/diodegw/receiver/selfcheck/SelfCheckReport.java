package io.diodegw.receiver.selfcheck;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import io.diodegw.wire.crypto.DatagramOpener;

/**
 * What one self-check run did and found, with the verdict. The check passes when nothing failed to run, no delivered
 * value or record was wrong, no stream sequence repeated, went backwards or went missing outside a reported gap,
 * every sequence the sender produced was either delivered or inside a reported gap, no datagram failed
 * authentication, every heartbeat agreed with the receiver's link settings, and at least one value was verified.
 * Blocks lost beyond the FEC budget do not fail the check; they must be reported, and are.
 *
 * <p>Immutable once built; thread-safe.
 */
public final class SelfCheckReport
{
    private static final double MEGA = 1e6;
    private static final double NANOS_PER_SECOND = 1e9;

    private final SelfCheckOptions options;
    private final String keySetup;
    private final long sendingNs;
    private final long tagUpdates;
    private final long records;
    private final long lastSequence;
    private final long blocks;
    private final long datagramsSent;
    private final long datagramsDroppedInjected;
    private final long datagramsReceived;
    private final long symbolsReceived;
    private final long sendFailures;
    private final long blocksRepaired;
    private final long blocksUnrecoverable;
    private final long blocksBeyondRepairInjected;
    private final long symbolsAfterGiveUp;
    private final List<long[]> gaps;
    private final long gapCount;
    private final long sequencesInGaps;
    private final long recordsVerified;
    private final long recordsWrong;
    private final long definitionsVerified;
    private final long valuesVerified;
    private final long valuesWrong;
    private final long blocksMalformed;
    private final long sequencesMissing;
    private final long sequencesOutOfOrder;
    private final long authFailures;
    private final long datagramsRefused;
    private final long geometryMismatches;
    private final long heartbeatsSent;
    private final long heartbeatsReceived;
    private final long heartbeatMismatches;
    private final long announcementsSent;
    private final long keysInstalled;
    private final long announcementsReceived;
    private final long announcementsRefused;
    private final long datagramsUnknownKey;
    private final long decodeFailures;
    private final long receiverLastSequence;
    private final long deliveredRecordBytes;
    private final int receiveBufferBytes;
    private final List<String> problems;
    private final List<String> failures;

    SelfCheckReport(
        final SelfCheckOptions options,
        final String keySetup,
        final LinkSender sender,
        final LinkReceiver receiver,
        final List<String> runFailures)
    {
        final StreamVerifier verifier = receiver.verifier();
        this.options = options;
        this.keySetup = keySetup;
        this.sendingNs = sender.elapsedNs();
        this.tagUpdates = sender.tagUpdates();
        this.records = sender.records();
        this.lastSequence = sender.nextStreamSequence() - 1;
        this.blocks = sender.blocks();
        this.datagramsSent = sender.datagramsSent();
        this.datagramsDroppedInjected = sender.datagramsDroppedInjected();
        this.datagramsReceived = receiver.datagramsReceived();
        this.symbolsReceived = receiver.symbolsReceived();
        this.sendFailures = sender.sendFailures();
        this.blocksRepaired = receiver.reassembly().blocksRepaired();
        this.blocksUnrecoverable = receiver.reassembly().blocksGivenUp();
        this.blocksBeyondRepairInjected = sender.blocksBeyondRepairInjected();
        this.symbolsAfterGiveUp = receiver.symbolsAfterGiveUp();
        this.gaps = new ArrayList<>(verifier.gaps());
        this.gapCount = verifier.gapCount();
        this.sequencesInGaps = verifier.sequencesInGaps();
        this.recordsVerified = verifier.recordsVerified();
        this.recordsWrong = verifier.recordsWrong();
        this.definitionsVerified = verifier.definitionsVerified();
        this.valuesVerified = verifier.valuesVerified();
        this.valuesWrong = verifier.valuesWrong();
        this.blocksMalformed = verifier.blocksMalformed();
        this.sequencesMissing = verifier.sequencesMissing();
        this.sequencesOutOfOrder = verifier.sequencesOutOfOrder();
        this.authFailures = receiver.authFailures();
        this.datagramsRefused = receiver.datagramsRefused();
        this.geometryMismatches = receiver.geometryMismatches();
        this.heartbeatsSent = sender.heartbeatsSent();
        this.heartbeatsReceived = receiver.heartbeatsReceived();
        this.heartbeatMismatches = receiver.heartbeatMismatches();
        this.announcementsSent = sender.announcementsSent();
        this.keysInstalled = receiver.keysInstalled();
        this.announcementsReceived = receiver.announcementsReceived();
        this.announcementsRefused = receiver.announcementsRefused();
        this.datagramsUnknownKey = receiver.openFailures(DatagramOpener.UNKNOWN_KEY);
        this.decodeFailures = receiver.reassembly().decodeFailures();
        this.receiverLastSequence = receiver.lastStreamSequence();
        this.deliveredRecordBytes = verifier.recordBytes();
        this.receiveBufferBytes = receiver.receiveBufferBytes();
        this.problems = List.copyOf(verifier.firstProblems());
        this.failures = Collections.unmodifiableList(judge(runFailures));
    }

    private List<String> judge(final List<String> runFailures)
    {
        final List<String> found = new ArrayList<>(runFailures);
        if (valuesWrong != 0 || recordsWrong != 0 || blocksMalformed != 0)
        {
            found.add(valuesWrong + " wrong values, " + recordsWrong + " wrong records, " + blocksMalformed +
                " malformed blocks delivered");
        }
        if (sequencesOutOfOrder != 0)
        {
            found.add(sequencesOutOfOrder + " records repeated or out of order");
        }
        if (sequencesMissing != 0)
        {
            found.add(sequencesMissing + " sequences missing outside any reported gap");
        }
        if (receiverLastSequence != lastSequence)
        {
            found.add("the receiver learned last sequence " + receiverLastSequence + " from heartbeats, the sender " +
                "produced up to " + lastSequence);
        }
        if (recordsVerified + recordsWrong + sequencesInGaps != records)
        {
            found.add("accounting: " + recordsVerified + " delivered + " + recordsWrong + " wrong + " +
                sequencesInGaps + " in gaps != " + records + " produced");
        }
        if (sendFailures != 0)
        {
            found.add(sendFailures + " datagrams not taken whole by the socket");
        }
        if (authFailures != 0)
        {
            found.add(authFailures + " datagrams failed authentication");
        }
        if (geometryMismatches != 0 || heartbeatMismatches != 0)
        {
            found.add(geometryMismatches + " symbols with another geometry, " + heartbeatMismatches +
                " heartbeats with other link settings");
        }
        if (LinkKeySetup.SIGNED_ANNOUNCEMENT.equals(keySetup) && (keysInstalled == 0 || announcementsRefused != 0))
        {
            found.add(keysInstalled + " session keys installed from " + announcementsReceived +
                " key announcements received, " + announcementsRefused + " refused");
        }
        if (decodeFailures != 0)
        {
            found.add(decodeFailures + " FEC decodes failed with k symbols present");
        }
        if (valuesVerified == 0)
        {
            found.add("no value was verified");
        }
        return found;
    }

    /** @return true if the check passed. */
    public boolean passed()
    {
        return failures.isEmpty();
    }

    /** @return why the check failed; empty when it passed. */
    public List<String> failures()
    {
        return failures;
    }

    public long tagUpdates()
    {
        return tagUpdates;
    }

    /** @return records the sender produced (stream sequences 0..records-1). */
    public long records()
    {
        return records;
    }

    public long blocks()
    {
        return blocks;
    }

    /** @return datagrams handed to the socket (injected drops excluded). */
    public long datagramsSent()
    {
        return datagramsSent;
    }

    public long datagramsDroppedInjected()
    {
        return datagramsDroppedInjected;
    }

    public long datagramsReceived()
    {
        return datagramsReceived;
    }

    /** @return datagrams sent but never received: dropped by the kernel (a full socket buffer), not by the check. */
    public long datagramsLostInKernel()
    {
        return Math.max(0, datagramsSent - datagramsReceived);
    }

    public long blocksRepaired()
    {
        return blocksRepaired;
    }

    public long blocksUnrecoverable()
    {
        return blocksUnrecoverable;
    }

    /** @return blocks whose injected losses alone exceeded m, counted by the sender. */
    public long blocksBeyondRepairInjected()
    {
        return blocksBeyondRepairInjected;
    }

    /** @return symbols that arrived for a block already given up; non-zero means a give-up came early. */
    public long symbolsAfterGiveUp()
    {
        return symbolsAfterGiveUp;
    }

    /** @return the reported gaps, {fromSequence, toSequence} inclusive, in order (the first 10 000). */
    public List<long[]> gaps()
    {
        return Collections.unmodifiableList(gaps);
    }

    public long gapCount()
    {
        return gapCount;
    }

    public long sequencesInGaps()
    {
        return sequencesInGaps;
    }

    public long recordsVerified()
    {
        return recordsVerified;
    }

    public long valuesVerified()
    {
        return valuesVerified;
    }

    public long valuesWrong()
    {
        return valuesWrong;
    }

    public long definitionsVerified()
    {
        return definitionsVerified;
    }

    public long sequencesMissing()
    {
        return sequencesMissing;
    }

    public long sequencesOutOfOrder()
    {
        return sequencesOutOfOrder;
    }

    public long authFailures()
    {
        return authFailures;
    }

    /** @return how the session key was established: "signed-announcement". */
    public String keySetup()
    {
        return keySetup;
    }

    /** @return megabytes (10^6) of verified records per second of sending. */
    public double goodputMBps()
    {
        return sendingNs == 0 ? 0 : deliveredRecordBytes / MEGA / (sendingNs / NANOS_PER_SECOND);
    }

    /** @return the one-line JSON result. */
    public String toJson()
    {
        final StringBuilder sb = new StringBuilder(512 + gaps.size() * 40);
        sb.append('{');
        field(sb, "result", passed() ? "pass" : "fail");
        sb.append(",\"failures\":[");
        for (int i = 0; i < failures.size(); i++)
        {
            if (i > 0)
            {
                sb.append(',');
            }
            string(sb, failures.get(i));
        }
        sb.append(']');
        number(sb, "seconds", round3(sendingNs / NANOS_PER_SECOND));
        number(sb, "lossPercent", options.lossPercent());
        number(sb, "burst", options.meanBurstDatagrams());
        number(sb, "seed", options.seed());
        number(sb, "k", options.sourceSymbols());
        number(sb, "m", options.repairSymbols());
        number(sb, "interleave", options.interleaveDepth());
        number(sb, "mtu", options.mtuBytes());
        number(sb, "symbolBytes", options.symbolBytes());
        number(sb, "rateMbit", options.rateBitsPerSec() / 1_000_000);
        number(sb, "tags", options.tagCount());
        sb.append(',');
        field(sb, "keySetup", keySetup);
        number(sb, "tagUpdates", tagUpdates);
        number(sb, "records", records);
        number(sb, "blocks", blocks);
        number(sb, "datagramsSent", datagramsSent);
        number(sb, "datagramsDroppedInjected", datagramsDroppedInjected);
        number(sb, "datagramsReceived", datagramsReceived);
        number(sb, "datagramsLostInKernel", datagramsLostInKernel());
        number(sb, "symbolsReceived", symbolsReceived);
        number(sb, "blocksRepaired", blocksRepaired);
        number(sb, "blocksUnrecoverable", blocksUnrecoverable);
        number(sb, "blocksBeyondRepairInjected", blocksBeyondRepairInjected);
        number(sb, "symbolsAfterGiveUp", symbolsAfterGiveUp);
        number(sb, "gapCount", gapCount);
        number(sb, "sequencesInGaps", sequencesInGaps);
        sb.append(",\"gaps\":[");
        for (int i = 0; i < gaps.size(); i++)
        {
            sb.append(i > 0 ? "," : "").append("{\"fromSeq\":").append(gaps.get(i)[0]).append(",\"toSeq\":")
                .append(gaps.get(i)[1]).append('}');
        }
        sb.append(']');
        number(sb, "recordsVerified", recordsVerified);
        number(sb, "definitionsVerified", definitionsVerified);
        number(sb, "valuesVerified", valuesVerified);
        number(sb, "valuesWrong", valuesWrong);
        number(sb, "recordsWrong", recordsWrong);
        number(sb, "sequencesMissing", sequencesMissing);
        number(sb, "sequencesOutOfOrder", sequencesOutOfOrder);
        number(sb, "authFailures", authFailures);
        number(sb, "datagramsRefused", datagramsRefused);
        number(sb, "heartbeatsSent", heartbeatsSent);
        number(sb, "heartbeatsReceived", heartbeatsReceived);
        number(sb, "heartbeatMismatches", heartbeatMismatches);
        number(sb, "keyAnnouncementsSent", announcementsSent);
        number(sb, "keyAnnouncementsReceived", announcementsReceived);
        number(sb, "keyAnnouncementsRefused", announcementsRefused);
        number(sb, "keysInstalledFromAnnouncements", keysInstalled);
        number(sb, "datagramsUnknownKey", datagramsUnknownKey);
        number(sb, "receiveBufferBytes", receiveBufferBytes);
        number(sb, "goodputMBps", round3(goodputMBps()));
        sb.append(',');
        field(sb, "jdk", System.getProperty("java.runtime.version", System.getProperty("java.version")));
        return sb.append('}').toString();
    }

    /** @return the human-readable summary, several lines. */
    public String toSummary()
    {
        final StringBuilder sb = new StringBuilder(1024);
        sb.append("diode selfcheck: ").append(passed() ? "PASS" : "FAIL").append('\n');
        line(sb, "options", options.toString() + " symbol=" + options.symbolBytes() + "B key=" + keySetup);
        line(sb, "produced", String.format(Locale.ROOT, "%,d tag updates in %,d records, %,d blocks over %.2f s",
            tagUpdates, records, blocks, sendingNs / NANOS_PER_SECOND));
        line(sb, "datagrams", String.format(Locale.ROOT,
            "%,d sent, %,d dropped by injected loss, %,d received, %,d lost in the kernel",
            datagramsSent, datagramsDroppedInjected, datagramsReceived, datagramsLostInKernel()));
        line(sb, "blocks", String.format(Locale.ROOT,
            "%,d repaired by FEC, %,d unrecoverable (%,d lost more than m=%d symbols to injected loss)",
            blocksRepaired, blocksUnrecoverable, blocksBeyondRepairInjected, options.repairSymbols()));
        line(sb, "gaps", String.format(Locale.ROOT, "%,d reported, %,d sequences%s", gapCount, sequencesInGaps,
            gaps.isEmpty() ? "" : ", first " + gaps.get(0)[0] + ".." + gaps.get(0)[1]));
        line(sb, "verified", String.format(Locale.ROOT,
            "%,d records (%,d definitions), %,d values bit-exact; %,d values wrong, %,d records wrong",
            recordsVerified, definitionsVerified, valuesVerified, valuesWrong, recordsWrong));
        line(sb, "order", String.format(Locale.ROOT, "%,d repeated/out of order, %,d missing outside gaps",
            sequencesOutOfOrder, sequencesMissing));
        line(sb, "security", String.format(Locale.ROOT,
            "%,d authentication failures, %,d datagrams refused, %,d/%,d heartbeats (%,d mismatched)",
            authFailures, datagramsRefused, heartbeatsReceived, heartbeatsSent, heartbeatMismatches));
        line(sb, "keys", String.format(Locale.ROOT,
            "%s: %,d announcements sent, %,d received, %,d refused, %,d keys installed, %,d datagrams before a key",
            keySetup, announcementsSent, announcementsReceived, announcementsRefused, keysInstalled,
            datagramsUnknownKey));
        line(sb, "goodput", String.format(Locale.ROOT, "%.1f MB/s of verified records; receive buffer %,d bytes",
            goodputMBps(), receiveBufferBytes));
        if (symbolsAfterGiveUp != 0)
        {
            line(sb, "note", symbolsAfterGiveUp + " symbols arrived after their block was given up");
        }
        for (final String problem : problems)
        {
            line(sb, "problem", problem);
        }
        for (final String failure : failures)
        {
            line(sb, "FAILED", failure);
        }
        return sb.toString();
    }

    @Override
    public String toString()
    {
        return toJson();
    }

    private static void line(final StringBuilder sb, final String label, final String text)
    {
        sb.append(String.format(Locale.ROOT, "  %-10s %s%n", label, text));
    }

    private static double round3(final double value)
    {
        return Math.round(value * 1000.0) / 1000.0;
    }

    private static void field(final StringBuilder sb, final String name, final String value)
    {
        string(sb, name);
        sb.append(':');
        string(sb, value);
    }

    private static void number(final StringBuilder sb, final String name, final long value)
    {
        sb.append(',');
        string(sb, name);
        sb.append(':').append(value);
    }

    private static void number(final StringBuilder sb, final String name, final double value)
    {
        sb.append(',');
        string(sb, name);
        sb.append(':').append(Double.isFinite(value) ? Double.toString(value) : "null");
    }

    private static void string(final StringBuilder sb, final String value)
    {
        sb.append('"');
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            if (c == '"' || c == '\\')
            {
                sb.append('\\').append(c);
            }
            else if (c < 0x20)
            {
                sb.append(String.format(Locale.ROOT, "\\u%04x", (int)c));
            }
            else
            {
                sb.append(c);
            }
        }
        sb.append('"');
    }
}
