package io.diodegw.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Keeps {@code docs/wire-format.md} and the codec Javadoc showing the same byte diagrams.
 *
 * <p>Every {@code <pre>} block in the Javadoc of {@code wire-format}'s main sources is a diagram. The document
 * pairs each with a line {@code <!-- diagram: SimpleClassName -->} followed by a {@code ```text} fence holding the
 * identical lines, in the order the class declares them.
 */
class WireFormatDocTest
{
    private static final Path SOURCES = Path.of("src/main/java");
    private static final Path DOC = Path.of("../docs/wire-format.md");
    private static final Pattern DOC_DIAGRAM =
        Pattern.compile("<!-- diagram: (\\w+) -->\\s*\\n```text\\n(.*?)\\n```", Pattern.DOTALL);

    @Test
    void shouldShowEveryJavadocDiagramIdenticallyInTheWireFormatDocument() throws IOException
    {
        final Map<String, List<String>> javadoc = javadocDiagrams();
        final Map<String, List<String>> doc = documentDiagrams();

        assertFalse(javadoc.isEmpty(), "no <pre> diagram found in " + SOURCES.toAbsolutePath());
        assertEquals(javadoc.keySet(), doc.keySet(),
            "classes with diagrams in Javadoc and in docs/wire-format.md differ");
        for (final Map.Entry<String, List<String>> e : javadoc.entrySet())
        {
            final List<String> inDoc = doc.get(e.getKey());
            assertEquals(e.getValue().size(), inDoc.size(), "number of diagrams for " + e.getKey());
            for (int i = 0; i < inDoc.size(); i++)
            {
                assertEquals(e.getValue().get(i), inDoc.get(i),
                    "diagram " + (i + 1) + " of " + e.getKey() + " differs between Javadoc and docs/wire-format.md");
            }
        }
    }

    @Test
    void shouldDocumentTheProtocolVersionInTheWireFormatDocument() throws IOException
    {
        final String doc = Files.readString(DOC);
        assertTrue(doc.matches("(?s).*[Pp]rotocol version.*"), "docs/wire-format.md must state the protocol version");
    }

    private static Map<String, List<String>> javadocDiagrams() throws IOException
    {
        final Map<String, List<String>> result = new LinkedHashMap<>();
        final List<Path> files;
        try (Stream<Path> walk = Files.walk(SOURCES))
        {
            files = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
        for (final Path file : files)
        {
            final String name = file.getFileName().toString().replace(".java", "");
            final List<String> diagrams = new ArrayList<>();
            StringBuilder current = null;
            for (final String raw : Files.readAllLines(file))
            {
                final String line = stripJavadocMargin(raw);
                if (line == null)
                {
                    continue;
                }
                if (current == null && line.trim().equals("<pre>"))
                {
                    current = new StringBuilder();
                }
                else if (current != null && line.trim().equals("</pre>"))
                {
                    diagrams.add(unescape(current.toString().stripTrailing()));
                    current = null;
                }
                else if (current != null)
                {
                    current.append(line.stripTrailing()).append('\n');
                }
            }
            if (!diagrams.isEmpty())
            {
                result.put(name, diagrams);
            }
        }
        return result;
    }

    private static Map<String, List<String>> documentDiagrams() throws IOException
    {
        final Map<String, List<String>> result = new LinkedHashMap<>();
        final Matcher m = DOC_DIAGRAM.matcher(Files.readString(DOC));
        while (m.find())
        {
            final StringBuilder body = new StringBuilder();
            for (final String line : m.group(2).split("\n", -1))
            {
                body.append(line.stripTrailing()).append('\n');
            }
            result.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(body.toString().stripTrailing());
        }
        return result;
    }

    private static String stripJavadocMargin(final String raw)
    {
        final String trimmed = raw.stripLeading();
        if (!trimmed.startsWith("*") || trimmed.startsWith("*/"))
        {
            return null;
        }
        final String rest = trimmed.substring(1);
        return rest.startsWith(" ") ? rest.substring(1) : rest;
    }

    private static String unescape(final String s)
    {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&#64;", "@").replace("&amp;", "&");
    }
}
