package io.diodegw.receiver.selfcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class SelfCheckOptionsTest
{
    @Test
    void shouldUseTheDocumentedDefaultsWithoutArguments()
    {
        final SelfCheckOptions options = SelfCheckOptions.parse();

        assertEquals(5_000, options.durationMs());
        assertEquals(5.0, options.lossPercent());
        assertEquals(1, options.seed());
        assertEquals(32, options.sourceSymbols());
        assertEquals(4, options.repairSymbols());
        assertEquals(8, options.interleaveDepth());
        assertEquals(1500, options.mtuBytes());
        assertEquals(1416, options.symbolBytes());
        assertEquals(SelfCheckOptions.DEFAULT_RATE_MBIT * 1_000_000L, options.rateBitsPerSec());
        assertEquals(SelfCheckOptions.DEFAULT_TAGS, options.tagCount());
        assertEquals(1, options.meanBurstDatagrams());
        assertFalse(options.help());
    }

    @Test
    void shouldParseEveryOptionWithASeparateOrAnAttachedValue()
    {
        final SelfCheckOptions options = SelfCheckOptions.parse("--seconds", "2", "--loss=12.5", "--seed", "-9",
            "--k=64", "--m", "8", "--interleave=16", "--mtu", "9000", "--rate-mbit=1000", "--tags", "300", "--burst", "6");

        assertEquals(2_000, options.durationMs());
        assertEquals(12.5, options.lossPercent());
        assertEquals(-9, options.seed());
        assertEquals(64, options.sourceSymbols());
        assertEquals(8, options.repairSymbols());
        assertEquals(16, options.interleaveDepth());
        assertEquals(9000, options.mtuBytes());
        assertEquals(1_000_000_000L, options.rateBitsPerSec());
        assertEquals(300, options.tagCount());
        assertEquals(6, options.meanBurstDatagrams());
    }

    @Test
    void shouldAcceptLossWithAPercentSign()
    {
        assertEquals(3.0, SelfCheckOptions.parse("--loss", "3%").lossPercent());
    }

    @Test
    void shouldNameTheOptionAndTheAllowedRangeWhenAValueIsOutOfRange()
    {
        final String[][] cases = {
            {"--seconds", "0", "1..3600"},
            {"--seconds", "3601", "1..3600"},
            {"--loss", "50.5", "0..50"},
            {"--loss", "-1", "0..50"},
            {"--k", "0", "1..128"},
            {"--k", "129", "1..128"},
            {"--m", "33", "0..32"},
            {"--interleave", "0", "1..64"},
            {"--interleave", "65", "1..64"},
            {"--mtu", "575", "576..9216"},
            {"--mtu", "9217", "576..9216"},
            {"--rate-mbit", "0", "1..10000"},
            {"--tags", "0", "1..1000000"},
            {"--burst", "0", "1..1000"},
            {"--burst", "1001", "1..1000"},
        };
        for (final String[] c : cases)
        {
            final IllegalArgumentException ex =
                assertThrows(IllegalArgumentException.class, () -> SelfCheckOptions.parse(c[0], c[1]), c[0]);
            assertTrue(ex.getMessage().startsWith(c[0] + " "), ex.getMessage());
            assertTrue(ex.getMessage().contains(c[2]), ex.getMessage());
        }
    }

    @Test
    void shouldNameTheOptionWhenAValueIsNotANumber()
    {
        for (final String option : new String[] {"--seconds", "--loss", "--seed", "--k", "--m", "--interleave",
            "--mtu", "--rate-mbit", "--tags", "--burst"})
        {
            final IllegalArgumentException ex =
                assertThrows(IllegalArgumentException.class, () -> SelfCheckOptions.parse(option, "five"), option);
            assertTrue(ex.getMessage().startsWith(option + " 'five' is not"), ex.getMessage());
            assertTrue(ex.getMessage().contains("allowed"), ex.getMessage());
        }
    }

    @Test
    void shouldNameTheOptionWhenItsValueIsMissing()
    {
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> SelfCheckOptions.parse("--seed", "3", "--seconds"));

        assertEquals("--seconds needs a value (see --help)", ex.getMessage());
    }

    @Test
    void shouldListTheAllowedOptionsForAnUnknownOption()
    {
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> SelfCheckOptions.parse("--duration", "5"));

        assertTrue(ex.getMessage().startsWith("unknown option '--duration'"), ex.getMessage());
        assertTrue(ex.getMessage().contains("--seconds"), ex.getMessage());
    }

    @Test
    void shouldRejectAPositionalArgument()
    {
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> SelfCheckOptions.parse("5"));

        assertTrue(ex.getMessage().startsWith("unexpected argument '5'"), ex.getMessage());
    }

    @Test
    void shouldNameKWhenTheBlocksWouldBeTooSmallForTheLargestRecord()
    {
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> SelfCheckOptions.parse("--k", "2", "--mtu", "1500"));

        assertTrue(ex.getMessage().startsWith("--k 2 with --mtu 1500 gives blocks of 2832 bytes"), ex.getMessage());
        assertTrue(ex.getMessage().endsWith("use --k 3 or more"), ex.getMessage());
        assertEquals(3, SelfCheckOptions.parse("--k", "3").sourceSymbols());
    }

    @Test
    void shouldReportHelpAndStillCheckTheOtherArguments()
    {
        assertTrue(SelfCheckOptions.parse("--help").help());
        assertTrue(SelfCheckOptions.parse("-h", "--seed", "4").help());
        assertThrows(IllegalArgumentException.class, () -> SelfCheckOptions.parse("--help", "--k", "0"));
    }

    @Test
    void shouldExitWithStatusTwoAndNameTheArgumentOnStderrWithoutRunning()
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();

        final int status = LinkSelfCheck.run(new String[] {"--loss", "80"},
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertEquals(LinkSelfCheck.EXIT_BAD_ARGUMENTS, status);
        assertEquals("", out.toString(StandardCharsets.UTF_8));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("diode selfcheck: --loss 80 is outside the allowed range 0..50"),
            err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldPrintTheUsageOnStdoutAndExitZeroForHelp()
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();

        final int status = LinkSelfCheck.run(new String[] {"--help"},
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

        assertEquals(LinkSelfCheck.EXIT_PASS, status);
        assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("usage: bin/diode selfcheck"));
        for (final String option : new String[] {"--seconds", "--loss", "--seed", "--k", "--m", "--interleave",
            "--mtu", "--rate-mbit", "--tags", "--burst", "--help"})
        {
            assertTrue(out.toString(StandardCharsets.UTF_8).contains("  " + option + " "), option);
        }
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }
}
