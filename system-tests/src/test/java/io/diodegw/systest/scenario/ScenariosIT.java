package io.diodegw.systest.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.diodegw.demo.Deployment;

/**
 * The fast subset of the fault matrix ({@link Scenarios#FAST}): the real simulator, receiver and sender as processes
 * with the impairment relay between sender and receiver. Each test asserts that the fault happened and what the
 * oracle found: the tag table equals the simulator after the pause, the file sink holds every stream sequence
 * exactly once or inside a reported gap, and every delivered value is one the simulator produced.
 *
 * <p>Tagged {@value #TAG}: the longest part of the build (about 5 minutes), which CI runs on the release JDK only
 * ({@code -DexcludedGroups=release-jdk-only} on the second JDK) to keep the whole CI run within its time budget.
 */
@Tag(ScenariosIT.TAG)
class ScenariosIT
{
    static final String TAG = "release-jdk-only";

    private static ScenarioRunner runner;

    @BeforeAll
    static void runner() throws Exception
    {
        runner = new ScenarioRunner(Deployment.Launch.fromSystemProperties(),
            Files.createTempDirectory("diodegw-scenarios-it-"), System.err);
    }

    @Test
    void shouldLoseNothingAndMatchTheSimulatorUnderFivePercentRandomLoss() throws Exception
    {
        assertOutcome(run("loss-5"));
    }

    @Test
    void shouldNameEveryBlockLostToBurstsOfTwentyDatagramsAsAGap() throws Exception
    {
        final ScenarioResult r = run("burst-20");
        assertOutcome(r);
        assertTrue(r.number("datagramsDroppedBurst") > 0, r.toString());
    }

    @Test
    void shouldApplyNothingTwiceWhenTheSenderIsKilledAndRestarted() throws Exception
    {
        final ScenarioResult r = run("sender-kill9");
        assertOutcome(r);
        assertEquals(2, r.number("senderStarts"), r.toString());
        assertEquals(2, r.number("senderEpochsSeen"), r.toString());
    }

    @Test
    void shouldNeverApplyACorruptedValueUnderReorderingDuplicationAndCorruption() throws Exception
    {
        final ScenarioResult r = run("reorder-dup-corrupt");
        assertOutcome(r);
        assertEquals(0, r.number("gapsReported"), r.toString());
    }

    @Test
    void shouldNameWhatWasSentWhileTheReceiverWasDownAfterKillNineAndConverge() throws Exception
    {
        final ScenarioResult r = run("receiver-kill9");
        assertOutcome(r);
        assertEquals(2, r.number("receiverStarts"), r.toString());
    }

    @Test
    void shouldShowTheSourceDisconnectedAndStaleThenConvergeAfterItRestarts() throws Exception
    {
        assertOutcome(run("source-stop-start"));
    }

    private static ScenarioResult run(final String name) throws InterruptedException
    {
        return runner.run(Scenarios.named(List.of(name)).get(0));
    }

    private static void assertOutcome(final ScenarioResult r)
    {
        assertNull(r.figures().get("error"), r.toString());
        assertNull(r.figures().get("faultMissing"), r.toString());
        assertEquals(0, r.number("tagMismatches"), r.toString());
        assertTrue(r.number("convergeMs") >= 0, r.toString());
        assertEquals(Boolean.TRUE, r.figures().get("sinksCaughtUp"), r.toString());
        assertEquals(0, r.number("sinkSilentLoss"), r.toString());
        assertEquals(0, r.number("sinkDuplicates"), r.toString());
        assertEquals(0, r.number("sinkValueMismatches"), r.toString());
        assertTrue(r.number("sinkValuesChecked") > 0, r.toString());
        assertTrue(r.passed(), r.toString());
    }
}
