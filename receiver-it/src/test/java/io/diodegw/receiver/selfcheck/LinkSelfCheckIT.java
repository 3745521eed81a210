package io.diodegw.receiver.selfcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * Runs the whole self-check in-process over real UDP on 127.0.0.1: real codec, FEC, interleaver, AES-GCM and
 * sockets. The sender is paced well below what this machine carries, so the kernel drops nothing and the only loss
 * is the injected one.
 */
class LinkSelfCheckIT
{
    private static final long RUN_MS = 2_000;
    private static final long RATE_BITS_PER_SEC = 20_000_000L;

    @Test
    void shouldDeliverAndVerifyEveryValueWithoutGapsWhenNothingIsLost() throws Exception
    {
        final SelfCheckReport report = LinkSelfCheck.check(SelfCheckOptions.builder()
            .durationMs(RUN_MS)
            .lossPercent(0)
            .seed(7)
            .rateBitsPerSec(RATE_BITS_PER_SEC)
            .build());

        assertTrue(report.passed(), report::toSummary);
        assertEquals(0, report.datagramsDroppedInjected());
        assertEquals(0, report.datagramsLostInKernel(), report::toSummary);
        assertEquals(report.datagramsSent(), report.datagramsReceived());
        assertEquals(0, report.blocksUnrecoverable());
        assertEquals(0, report.blocksRepaired());
        assertEquals(0, report.gapCount());
        assertTrue(report.gaps().isEmpty());
        assertEquals(report.records(), report.recordsVerified());
        assertEquals(report.tagUpdates(), report.valuesVerified());
        assertTrue(report.valuesVerified() > 0);
        assertEquals(0, report.valuesWrong());
        assertEquals(0, report.authFailures());
        assertEquals(0, report.sequencesMissing());
        assertEquals(0, report.sequencesOutOfOrder());
    }

    @Test
    void shouldRepairWhatFecCanAndReportEveryOtherLostSequenceAsAGapAtTenPercentLoss() throws Exception
    {
        final SelfCheckReport report = LinkSelfCheck.check(SelfCheckOptions.builder()
            .durationMs(RUN_MS)
            .lossPercent(10)
            .seed(42)
            .rateBitsPerSec(RATE_BITS_PER_SEC)
            .build());

        assertTrue(report.passed(), report::toSummary);
        final long offered = report.datagramsSent() + report.datagramsDroppedInjected();
        assertTrue(report.datagramsDroppedInjected() > offered / 20, report::toSummary);
        assertTrue(report.datagramsDroppedInjected() < offered / 5, report::toSummary);
        assertTrue(report.blocksRepaired() > 0, report::toSummary);
        assertEquals(0, report.valuesWrong());
        assertEquals(0, report.authFailures());
        assertEquals(0, report.sequencesMissing());
        assertEquals(0, report.sequencesOutOfOrder());
        assertEquals(0, report.datagramsLostInKernel(), report::toSummary);
        assertEquals(report.blocksBeyondRepairInjected(), report.blocksUnrecoverable(), report::toSummary);
        assertEquals(0, report.symbolsAfterGiveUp());

        assertEquals(report.gapCount(), report.gaps().size());
        long inGaps = 0;
        long previousTo = -2;
        for (final long[] gap : report.gaps())
        {
            assertTrue(gap[0] <= gap[1], "gap " + gap[0] + ".." + gap[1]);
            assertTrue(gap[0] > previousTo + 1, "gaps are disjoint, ordered and separated by delivered records");
            assertTrue(gap[1] < report.records());
            inGaps += gap[1] - gap[0] + 1;
            previousTo = gap[1];
        }
        assertEquals(report.sequencesInGaps(), inGaps);
        assertEquals(report.records(), report.recordsVerified() + inGaps,
            "every produced sequence is either delivered and verified or inside a reported gap");
        assertTrue(report.blocksUnrecoverable() > 0, report::toSummary);
        assertTrue(report.gapCount() > 0, report::toSummary);
        assertTrue(report.gapCount() <= report.blocksUnrecoverable());
    }

    @Test
    void shouldPrintOneJsonLineOnStdoutAndExitZeroWhenTheCheckPasses() throws Exception
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = LinkSelfCheck.run(new String[] {"--seconds", "1", "--loss", "2", "--seed", "3",
            "--rate-mbit", "20", "--tags", "100"},
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        final List<String> lines = out.toString(StandardCharsets.UTF_8).lines().collect(Collectors.toList());
        assertEquals(1, lines.size(), out.toString(StandardCharsets.UTF_8));
        assertTrue(lines.get(0).startsWith("{\"result\":\"pass\""), lines.get(0));
        assertTrue(lines.get(0).contains("\"gaps\":["), lines.get(0));
        assertTrue(lines.get(0).endsWith("}"), lines.get(0));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("diode selfcheck: PASS"), err.toString(StandardCharsets.UTF_8));
        assertEquals(LinkSelfCheck.EXIT_PASS, status);
    }
}
