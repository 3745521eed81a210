package io.diodegw.systest.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.diodegw.demo.Deployment;
import io.diodegw.systest.scenario.ScenarioResult;
import io.diodegw.systest.scenario.ScenarioRunner;
import io.diodegw.systest.scenario.Scenarios;

/**
 * Issue 5, hostile input on the IT side: the real simulator, sender and receiver as processes, the relay between
 * sender and receiver, and a flood of forged, replayed, truncated, oversized, wrong-version and random datagrams and
 * forged key announcements at ten times the legitimate datagram rate straight into the receiver's port. Nothing
 * forged is accepted, no legitimate record is lost, every hostile datagram is counted under its refusal reason, and
 * the receiver keeps its sender epoch, its keys and its link settings.
 */
@Tag("release-jdk-only") // CI runs it on the release JDK only (.ci/run), for the time budget
class HostileFloodIT
{
    @Test
    void shouldRefuseEveryHostileDatagramByReasonAndLoseNoRecordUnderATenfoldFlood() throws Exception
    {
        final ScenarioRunner runner = new ScenarioRunner(Deployment.Launch.fromSystemProperties(),
            Files.createTempDirectory("diodegw-hostile-it-"), System.err);
        final ScenarioResult r = runner.run(Scenarios.named(List.of(HostileFloodScenario.NAME)).get(0));

        assertNull(r.figures().get("error"), r.toString());
        assertEquals("", r.text("floodViolations"), r.toString());
        assertNull(r.figures().get("faultMissing"), r.toString());
        assertTrue(r.number("legitDatagramsPerSec") > 0, r.toString());
        assertTrue(r.number("floodDatagramsPerSec") >= 9L * r.number("legitDatagramsPerSec"), r.toString());
        for (final FloodKind kind : FloodKind.values())
        {
            assertTrue(r.number("floodSent." + kind.label()) > 0, kind + " " + r);
        }
        final long drops = Math.max(0, r.number("kernelDropsEstimate"));
        assertTrue(r.number("refused.BAD_TAG") >= r.number("floodSent.forged") - drops, r.toString());
        assertTrue(r.number("refused.BAD_HEADER") >= r.number("floodHeaderInvalid") - drops, r.toString());
        assertTrue(r.number("announcementsRefused.UNKNOWN_SENDER") + r.number("announcementsRefused.BAD_SIGNATURE")
            + r.number("announcementsRateLimited") >= r.number("floodSent.announcement") - drops, r.toString());
        assertTrue(r.number("announcementsRateLimited") > 0, "the signature-check budget held the flood back " + r);
        assertTrue(r.number("refused.DUPLICATE") + r.number("refused.TOO_OLD") >= r.number("floodSent.replay") - drops,
            r.toString());
        assertTrue(r.number("keysInstalledDuringFlood") <= r.number("legitKeysAnnouncedDuringFlood"), r.toString());
        assertEquals(1, r.number("senderEpochsSeen"), r.toString());
        assertEquals(1, r.number("receiverStarts"), r.toString());
        assertEquals(0, r.number("gapsReported"), r.toString());
        assertEquals(0, r.number("tagMismatches"), r.toString());
        assertEquals(Boolean.TRUE, r.figures().get("sinksCaughtUp"), r.toString());
        assertEquals(0, r.number("sinkSilentLoss"), r.toString());
        assertEquals(0, r.number("sinkDuplicates"), r.toString());
        assertEquals(0, r.number("sinkValueMismatches"), r.toString());
        assertTrue(r.number("sinkValuesChecked") > 0, r.toString());
        assertTrue(r.passed(), r.toString());
    }
}
