package io.diodegw.systest.hostile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Judges a flood from what was sent and what the receiver counted: every hostile datagram must show up under the
 * refusal reason its kind calls for, and nothing on the wire may have changed the receiver's state. Stateless.
 *
 * <p>Inputs are differences over the flood window of the receiver's {@code /api/status} {@code link} section (plain
 * counters by label, {@code datagramsRefused} and {@code announcementsRefused} by reason). Kernel drops at the
 * receiver's socket are read exactly from the kernel where it tells ({@link SocketDrops}), else estimated as
 * {@code legit forwarded + flood sent - datagrams received}, read so that the estimate can only be too high; each
 * lower bound below is loosened by them, no upper bound is.
 *
 * <ul>
 *   <li>{@code BAD_HEADER} = the flood's datagrams that fail the header check (legitimate traffic has none);</li>
 *   <li>{@code BAD_TAG} covers every forged datagram, and at most also the truncated ones long enough to be
 *   opened (whose original was lost);</li>
 *   <li>announcement refusals ({@code UNKNOWN_SENDER}, {@code BAD_SIGNATURE}, {@code WRONG_RECEIVER}) plus the
 *   announcements dropped unchecked beyond the receiver's signature-check budget ({@code announcementsRateLimited})
 *   = the forged announcements;</li>
 *   <li>{@code DUPLICATE}, {@code TOO_OLD}, {@code UNKNOWN_KEY}, {@code STALE_EPOCH} (plus the excess of
 *   {@code BAD_TAG}) = replays plus truncated datagrams with an intact header;</li>
 *   <li>no new sender epoch, no key installed beyond the legitimate keys announced meanwhile, no heartbeat mismatch,
 *   foreign link, geometry mismatch, implausible block sequence, stream restart, socket error or gap.</li>
 * </ul>
 */
public final class FloodAccounting
{
    /** Counters of the link section that no hostile datagram may move. */
    public static final List<String> UNMOVED = List.of("senderEpochs", "heartbeatMismatches", "foreignLink",
        "geometryMismatches", "implausibleBlockSequences", "streamRestarts", "socketErrors", "gaps",
        "blocksUnrecoverable");
    /** Opener refusals a replayed or truncated real datagram may get. */
    public static final List<String> REPLAY_REASONS = List.of("DUPLICATE", "TOO_OLD", "UNKNOWN_KEY", "STALE_EPOCH");
    /** Announcement refusals a forged announcement may get. */
    public static final List<String> ANNOUNCEMENT_REASONS = List.of("UNKNOWN_SENDER", "BAD_SIGNATURE",
        "WRONG_RECEIVER");

    private FloodAccounting()
    {
    }

    /**
     * What the flood sent.
     *
     * @param sent          datagrams sent, indexed by {@link FloodKind#ordinal()}.
     * @param headerInvalid of those, the ones that fail the header check, same index.
     */
    public record Sent(long[] sent, long[] headerInvalid)
    {
        /** @return a copy of the flooder's counters now. */
        public static Sent of(final HostileFlooder flooder)
        {
            final long[] sent = new long[FloodKind.values().length];
            final long[] invalid = new long[sent.length];
            for (final FloodKind kind : FloodKind.values())
            {
                sent[kind.ordinal()] = flooder.sent(kind);
                invalid[kind.ordinal()] = flooder.headerInvalid(kind);
            }
            return new Sent(sent, invalid);
        }

        long of(final FloodKind kind)
        {
            return sent[kind.ordinal()];
        }

        long invalid(final FloodKind kind)
        {
            return headerInvalid[kind.ordinal()];
        }

        long total()
        {
            long total = 0;
            for (final long each : sent)
            {
                total += each;
            }
            return total;
        }
    }

    /**
     * The verdict.
     *
     * @param figures    named figures for the scenario result, in a fixed order.
     * @param violations what did not hold, one line each; empty when the flood was refused as it must be.
     */
    public record Verdict(Map<String, Object> figures, List<String> violations)
    {
    }

    /**
     * @param sent           what the flood sent (every kind whose weight is above 0 must have been sent).
     * @param mix            the flood's mix.
     * @param before         the receiver's link section when the flood started.
     * @param after          the receiver's link section after the flood and a drain pause.
     * @param legitForwarded legitimate datagrams the relay sent to the receiver meanwhile.
     * @param legitNewKeys   distinct legitimate keys announced for the first time meanwhile.
     * @param socketDrops    datagrams the kernel dropped at the receiver's socket meanwhile, exactly ({@link
     *                       SocketDrops}), or {@link SocketDrops#UNKNOWN} to use the estimate.
     * @return the figures and the violations.
     */
    public static Verdict judge(final Sent sent, final FloodMix mix, final Map<String, Object> before,
        final Map<String, Object> after, final long legitForwarded, final long legitNewKeys, final long socketDrops)
    {
        final Map<String, Object> figures = new LinkedHashMap<>();
        final List<String> violations = new ArrayList<>();
        long headerInvalid = 0;
        for (final FloodKind kind : FloodKind.values())
        {
            figures.put("floodSent." + kind.label(), sent.of(kind));
            headerInvalid += sent.invalid(kind);
            if (mix.weight(kind) > 0 && sent.of(kind) == 0)
            {
                violations.add("no " + kind.label() + " datagram was sent");
            }
        }
        figures.put("floodSentTotal", sent.total());
        figures.put("floodHeaderInvalid", headerInvalid);
        final long received = delta(before, after, "datagrams");
        final long dropsRaw = legitForwarded + sent.total() - received;
        final long drops = socketDrops == SocketDrops.UNKNOWN ? Math.max(0, dropsRaw) : socketDrops;
        figures.put("legitForwardedDuringFlood", legitForwarded);
        figures.put("receiverDatagramsDuringFlood", received);
        figures.put("kernelDropsEstimate", dropsRaw);
        figures.put("receiverSocketDrops", socketDrops);

        final Map<String, Long> refused = reasons(before, after, "datagramsRefused");
        final Map<String, Long> announcementsRefused = reasons(before, after, "announcementsRefused");
        refused.forEach((reason, count) -> figures.put("refused." + reason, count));
        announcementsRefused.forEach((reason, count) -> figures.put("announcementsRefused." + reason, count));

        within(violations, "BAD_HEADER", refused.getOrDefault("BAD_HEADER", 0L), headerInvalid - drops, headerInvalid,
            "datagrams of the flood that fail the header check");
        final long forged = sent.of(FloodKind.FORGED);
        final long truncatedOpenable = sent.of(FloodKind.TRUNCATED) - sent.invalid(FloodKind.TRUNCATED);
        final long badTag = refused.getOrDefault("BAD_TAG", 0L);
        within(violations, "BAD_TAG", badTag, forged - drops, forged + truncatedOpenable, "forged datagrams");
        long announcementRefusals = 0;
        for (final String reason : ANNOUNCEMENT_REASONS)
        {
            announcementRefusals += announcementsRefused.getOrDefault(reason, 0L);
        }
        final long rateLimited = delta(before, after, "announcementsRateLimited");
        figures.put("announcementsRateLimited", rateLimited);
        announcementRefusals += rateLimited;
        final long forgedAnnouncements = sent.of(FloodKind.FORGED_ANNOUNCEMENT);
        within(violations, String.join("+", ANNOUNCEMENT_REASONS), announcementRefusals, forgedAnnouncements - drops,
            forgedAnnouncements, "forged announcements");
        long replayRefusals = Math.max(0, badTag - forged);
        for (final String reason : REPLAY_REASONS)
        {
            replayRefusals += refused.getOrDefault(reason, 0L);
        }
        final long replayed = sent.of(FloodKind.REPLAY) + truncatedOpenable;
        within(violations, String.join("+", REPLAY_REASONS) + "+excess BAD_TAG", replayRefusals, replayed - drops,
            replayed, "replayed and openable truncated datagrams");

        final long keysInstalled = delta(before, after, "keysInstalled");
        figures.put("keysInstalledDuringFlood", keysInstalled);
        figures.put("legitKeysAnnouncedDuringFlood", legitNewKeys);
        if (keysInstalled > legitNewKeys)
        {
            violations.add("keysInstalled grew by " + keysInstalled + " while the sender announced " + legitNewKeys
                + " new key(s): a forged announcement was taken up");
        }
        for (final String counter : UNMOVED)
        {
            final long moved = delta(before, after, counter);
            figures.put(counter + "DuringFlood", moved);
            if (moved != 0)
            {
                violations.add(counter + " moved by " + moved + " during the flood");
            }
        }
        return new Verdict(figures, violations);
    }

    private static void within(final List<String> violations, final String reason, final long counted,
        final long least, final long most, final String what)
    {
        if (counted < least || counted > most)
        {
            violations.add(reason + " counted " + counted + ", expected " + Math.max(0, least) + ".." + most
                + " (" + what + ")");
        }
    }

    private static long delta(final Map<String, Object> before, final Map<String, Object> after, final String key)
    {
        return number(after.get(key)) - number(before.get(key));
    }

    private static Map<String, Long> reasons(final Map<String, Object> before, final Map<String, Object> after,
        final String section)
    {
        final Map<String, Long> deltas = new LinkedHashMap<>();
        final Map<?, ?> was = before.get(section) instanceof Map<?, ?> m ? m : Map.of();
        if (after.get(section) instanceof Map<?, ?> now)
        {
            for (final Map.Entry<?, ?> e : now.entrySet())
            {
                final long delta = number(e.getValue()) - number(was.get(e.getKey()));
                if (delta != 0)
                {
                    deltas.put(String.valueOf(e.getKey()), delta);
                }
            }
        }
        return deltas;
    }

    private static long number(final Object value)
    {
        return value instanceof Number n ? n.longValue() : 0;
    }
}
