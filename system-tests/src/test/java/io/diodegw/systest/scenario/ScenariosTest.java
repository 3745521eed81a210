package io.diodegw.systest.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.diodegw.demo.Json;
import io.diodegw.systest.relay.ImpairmentProfile;

class ScenariosTest
{
    @Test
    void shouldDefineEveryScenarioOfTheMatrixOnceWithAValidRelayProfile()
    {
        final List<Scenario> all = Scenarios.all();
        assertEquals(all.size(), new HashSet<>(all.stream().map(Scenario::name).toList()).size());
        assertEquals(List.of("loss-0", "loss-1", "loss-5", "loss-10", "loss-20", "burst-20", "burst-200", "reorder",
            "dup", "corrupt", "reorder-dup-corrupt", "blackout-30s", "sender-kill9", "receiver-kill9",
            "source-stop-start", "overload-3x", "hostile-flood"), all.stream().map(Scenario::name).toList());
        all.forEach(s -> ImpairmentProfile.parse(s.profile()));
        assertEquals(Scenarios.FAST, Scenarios.named(Scenarios.FAST).stream().map(Scenario::name).toList());
    }

    @Test
    void shouldRefuseAnUnknownScenarioByName()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> Scenarios.named(List.of("loss-7")));
        assertTrue(ex.getMessage().contains("loss-7"), ex.getMessage());
    }

    @Test
    void shouldPassOnlyWhenTheFaultHappenedAndTheOracleFoundNothing()
    {
        final ScenarioResult clean = new ScenarioResult("x").put("tagMismatches", 0L).put("sinkSilentLoss", 0L)
            .put("sinkDuplicates", 0L).put("sinkValueMismatches", 0L).put("sinksCaughtUp", true);
        assertTrue(clean.passed());
        for (final String figure : List.of("tagMismatches", "sinkSilentLoss", "sinkDuplicates", "sinkValueMismatches",
            "sinkMalformed"))
        {
            final ScenarioResult bad = new ScenarioResult("x", new java.util.LinkedHashMap<>(clean.figures()),
                new java.util.ArrayList<>());
            bad.put(figure, 1L);
            assertFalse(bad.passed(), figure);
        }
        assertFalse(new ScenarioResult("x", new java.util.LinkedHashMap<>(clean.figures()), List.of())
            .put("faultMissing", "the relay dropped nothing").passed());
        assertFalse(new ScenarioResult("x", new java.util.LinkedHashMap<>(clean.figures()), List.of())
            .put("sinksCaughtUp", false).passed());
    }

    @Test
    void shouldWriteTheResultAsOneJsonObjectThatParsesBack()
    {
        final ScenarioResult r = new ScenarioResult("loss-5").put("profile", "loss=5%,seed=42")
            .put("datagramsLost", 12L).put("passed", true);
        r.details().add("table: \"quoted\"");

        final Map<String, Object> json = Json.parseObject(r.toJson());

        assertEquals("loss-5", json.get("scenario"));
        assertEquals("loss=5%,seed=42", json.get("profile"));
        assertEquals(12, ((Number)json.get("datagramsLost")).intValue());
        assertEquals(List.of("table: \"quoted\""), json.get("details"));
        assertTrue(ScenariosMain.table(List.of(r)).contains("| loss-5 | loss=5%,seed=42 | 12 |"));
    }

    @Test
    void shouldParseDurationsWithAUnitAndRefuseOthers()
    {
        assertEquals(1_800_000, ScenariosMain.durationMs("30m"));
        assertEquals(90_000, ScenariosMain.durationMs("90s"));
        assertEquals(250, ScenariosMain.durationMs("250ms"));
        assertEquals(7_200_000, ScenariosMain.durationMs("2h"));
        assertThrows(IllegalArgumentException.class, () -> ScenariosMain.durationMs("30"));
        assertThrows(IllegalArgumentException.class, () -> ScenariosMain.durationMs("xm"));
    }
}
