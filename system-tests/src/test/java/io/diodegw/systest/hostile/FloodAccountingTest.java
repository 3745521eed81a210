package io.diodegw.systest.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class FloodAccountingTest
{
    private static final FloodAccounting.Sent SENT = new FloodAccounting.Sent(
        new long[] {100, 50, 80, 60, 40, 40, 40}, new long[] {0, 0, 0, 45, 40, 40, 40});

    @Test
    void shouldFindNothingWhenEveryHostileDatagramIsRefusedForItsReason()
    {
        final FloodAccounting.Verdict verdict = FloodAccounting.judge(SENT, FloodMix.EVEN, before(),
            after(Map.of("BAD_HEADER", 165L, "BAD_TAG", 100L, "DUPLICATE", 95L),
                Map.of("UNKNOWN_SENDER", 25L, "BAD_SIGNATURE", 25L), 0), 1_000, 0, SocketDrops.UNKNOWN);
        assertEquals(List.of(), verdict.violations());
        assertEquals(0L, verdict.figures().get("kernelDropsEstimate"));
        assertEquals(410L, verdict.figures().get("floodSentTotal"));
    }

    @Test
    void shouldReportAForgedDatagramThatWasNotRefused()
    {
        final FloodAccounting.Verdict verdict = FloodAccounting.judge(SENT, FloodMix.EVEN, before(),
            after(Map.of("BAD_HEADER", 165L, "BAD_TAG", 99L, "DUPLICATE", 95L),
                Map.of("UNKNOWN_SENDER", 25L, "BAD_SIGNATURE", 25L), 0), 1_000, 0, SocketDrops.UNKNOWN);
        assertEquals(1, verdict.violations().size(), verdict.violations().toString());
        assertTrue(verdict.violations().get(0).startsWith("BAD_TAG counted 99"), verdict.violations().toString());
    }

    @Test
    void shouldLoosenLowerBoundsByTheKernelDropsButNeverTheUpperBounds()
    {
        final Map<String, Object> after = after(Map.of("BAD_HEADER", 166L, "BAD_TAG", 98L, "DUPLICATE", 95L),
            Map.of("UNKNOWN_SENDER", 25L, "BAD_SIGNATURE", 25L), 0);
        after.put("datagrams", 1_417L);
        final FloodAccounting.Verdict verdict = FloodAccounting.judge(SENT, FloodMix.EVEN, before(), after, 1_000, 0,
            SocketDrops.UNKNOWN);
        assertEquals(3L, verdict.figures().get("kernelDropsEstimate"));
        assertEquals(1, verdict.violations().size(), verdict.violations().toString());
        assertTrue(verdict.violations().get(0).startsWith("BAD_HEADER counted 166"), verdict.violations().toString());
    }

    @Test
    void shouldPreferTheKernelsExactDropCountToTheEstimate()
    {
        final Map<String, Object> after = after(Map.of("BAD_HEADER", 164L, "BAD_TAG", 100L, "DUPLICATE", 95L),
            Map.of("UNKNOWN_SENDER", 25L, "BAD_SIGNATURE", 25L), 0);
        after.put("datagrams", 1_390L);
        assertEquals(List.of(), FloodAccounting.judge(SENT, FloodMix.EVEN, before(), after, 1_000, 0, 1).violations());
        assertEquals(1, FloodAccounting.judge(SENT, FloodMix.EVEN, before(), after, 1_000, 0, 0).violations().size());
    }

    @Test
    void shouldReportAKeyOrEpochTakenUpFromTheFlood()
    {
        final Map<String, Object> after = after(Map.of("BAD_HEADER", 165L, "BAD_TAG", 100L, "DUPLICATE", 95L),
            Map.of("UNKNOWN_SENDER", 25L, "BAD_SIGNATURE", 24L), 1);
        after.put("senderEpochs", 2L);
        final FloodAccounting.Verdict verdict = FloodAccounting.judge(SENT, FloodMix.EVEN, before(), after, 1_000, 0,
            SocketDrops.UNKNOWN);
        assertEquals(3, verdict.violations().size(), verdict.violations().toString());
        assertTrue(verdict.violations().stream().anyMatch(v -> v.startsWith("keysInstalled grew by 1")));
        assertTrue(verdict.violations().stream().anyMatch(v -> v.startsWith("senderEpochs moved by 1")));
    }

    @Test
    void shouldReportAKindOfTheMixThatWasNeverSent()
    {
        final FloodAccounting.Sent none = new FloodAccounting.Sent(new long[7], new long[7]);
        final FloodAccounting.Verdict verdict = FloodAccounting.judge(none, FloodMix.parse("random=1"), before(),
            after(Map.of(), Map.of(), 0), 0, 0, SocketDrops.UNKNOWN);
        assertEquals(List.of("no random datagram was sent"), verdict.violations());
    }

    private static Map<String, Object> before()
    {
        final Map<String, Object> link = new HashMap<>();
        link.put("datagrams", 10L);
        link.put("keysInstalled", 1L);
        link.put("senderEpochs", 1L);
        link.put("datagramsRefused", Map.of("UNKNOWN_KEY", 3L));
        link.put("announcementsRefused", Map.of());
        return link;
    }

    private static Map<String, Object> after(final Map<String, Long> refused, final Map<String, Long> announcements,
        final long newKeys)
    {
        final Map<String, Object> link = new HashMap<>();
        link.put("datagrams", 1_420L);
        link.put("keysInstalled", 1L + newKeys);
        link.put("senderEpochs", 1L);
        final Map<String, Object> reasons = new HashMap<>(refused);
        reasons.put("UNKNOWN_KEY", 3L);
        link.put("datagramsRefused", reasons);
        link.put("announcementsRefused", announcements);
        return link;
    }
}
