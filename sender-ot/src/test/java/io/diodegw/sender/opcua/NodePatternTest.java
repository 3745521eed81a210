package io.diodegw.sender.opcua;

import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodePatternTest
{
    private static final NodeId ANY = new NodeId(2, "x");

    @Test
    void shouldMatchSingleStarWithinOneSegmentOnly()
    {
        final NodePattern pattern = NodePattern.parse("/Objects/Plant/*");

        assertTrue(pattern.matches(ANY, "/Objects/Plant/Temp"));
        assertFalse(pattern.matches(ANY, "/Objects/Plant/Area/Temp"));
        assertFalse(pattern.matches(ANY, "/Objects/Plant"));
    }

    @Test
    void shouldMatchDoubleStarAcrossSegments()
    {
        final NodePattern pattern = NodePattern.parse("/Objects/**/Temp*");

        assertTrue(pattern.matches(ANY, "/Objects/Plant/Area/Temp01"));
        assertTrue(pattern.matches(ANY, "/Objects/x/Temp"));
        assertFalse(pattern.matches(ANY, "/Objects/Plant/Pressure"));
        assertTrue(NodePattern.parse("/**").matches(ANY, "/Objects/a/b"));
    }

    @Test
    void shouldMatchQuestionMarkAsOneCharacter()
    {
        final NodePattern pattern = NodePattern.parse("/Objects/T?");

        assertTrue(pattern.matches(ANY, "/Objects/T1"));
        assertFalse(pattern.matches(ANY, "/Objects/T12"));
        assertFalse(pattern.matches(ANY, "/Objects/T/"));
    }

    @Test
    void shouldTreatRegexCharactersLiterally()
    {
        final NodePattern pattern = NodePattern.parse("/Objects/a.b(c)[d]+");

        assertTrue(pattern.matches(ANY, "/Objects/a.b(c)[d]+"));
        assertFalse(pattern.matches(ANY, "/Objects/aXb(c)[d]+"));
    }

    @Test
    void shouldMatchNodeIdsExactlyAndIgnoreThePath()
    {
        final NodePattern pattern = NodePattern.parse("ns=2;s=Plant.Temp");

        assertTrue(pattern.matches(new NodeId(2, "Plant.Temp"), "/whatever"));
        assertFalse(pattern.matches(new NodeId(3, "Plant.Temp"), "/whatever"));
        assertEquals(new NodeId(0, 2253), NodePattern.parse("i=2253").nodeId());
        assertNull(NodePattern.parse("i=85").browseNames());
    }

    @Test
    void shouldSplitBrowsePathIntoUnescapedNames()
    {
        assertEquals(List.of("Objects", "a/b", "c\\d"), NodePattern.parse("/Objects/a\\/b/c\\\\d").browseNames());
        assertEquals(List.of(), NodePattern.parse("/").browseNames());
    }

    @Test
    void shouldEscapeSlashesInSegmentsSoGlobsStayWithinTheSegment()
    {
        final String path = "/Objects/" + NodePattern.escapeSegment("a/b");

        assertEquals("/Objects/a\\/b", path);
        assertTrue(NodePattern.parse("/Objects/*").matches(ANY, path));
        assertTrue(NodePattern.parse("/Objects/a\\/b").matches(ANY, path));
    }

    @Test
    void shouldRejectTextThatIsNeitherPathNorNodeId()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> NodePattern.parse("Objects/Plant"));

        assertTrue(ex.getMessage().contains("Objects/Plant"), ex.getMessage());
    }
}
