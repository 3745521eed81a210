package io.diodegw.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import org.junit.jupiter.api.Test;

class SuggestionsTest
{
    private static final List<String> KEYS = List.of("link.mtuBytes", "link.id", "link.fec.sourceSymbols",
        "link.fec.repairSymbols", "sender.heartbeatIntervalMs");

    @Test
    void shouldComputeLevenshteinDistance()
    {
        assertEquals(3, Suggestions.distance("kitten", "sitting"));
        assertEquals(0, Suggestions.distance("", ""));
        assertEquals(4, Suggestions.distance("", "abcd"));
    }

    @Test
    void shouldSuggestTheClosestKeyIgnoringCase()
    {
        assertEquals("link.mtuBytes", Suggestions.closest("link.mtubytes", KEYS));
        assertEquals("link.fec.repairSymbols", Suggestions.closest("link.fec.repairSymbol", KEYS));
        assertEquals("link.fec.sourceSymbols", Suggestions.closest("link.fec.sorceSymbols", KEYS));
        assertEquals("sender.heartbeatIntervalMs", Suggestions.closest("sender.heartbeatInterval", KEYS));
    }

    @Test
    void shouldSuggestNothingForUnrelatedOrHugeInput()
    {
        assertNull(Suggestions.closest("plant.area", KEYS));
        assertNull(Suggestions.closest("", KEYS));
        assertNull(Suggestions.closest("link.mtuBytes".repeat(20), KEYS));
    }
}
