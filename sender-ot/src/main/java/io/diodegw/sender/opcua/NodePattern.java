package io.diodegw.sender.opcua;

import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One item of {@code sender.opcua.roots}, {@code allowList} or {@code denyList}: either an exact NodeId in its text
 * form ({@code ns=2;s=Line1.Temp}, {@code i=2253}) or, when it starts with {@code /}, a browse path from the Root
 * folder made of browse names without namespace index ({@code /Objects/Line1/Temp}). A {@code /} or {@code \} inside
 * a browse name is escaped with {@code \}.
 *
 * <p>As a filter, a browse path is a glob: {@code *} matches any characters within one path segment, {@code **} any
 * characters across segments, {@code ?} one character within a segment; everything else matches itself. As a root,
 * a browse path is taken literally.
 *
 * <p>Immutable and thread-safe.
 */
final class NodePattern
{
    private final String text;
    private final NodeId nodeId;
    private final Pattern glob;

    private NodePattern(final String text, final NodeId nodeId, final Pattern glob)
    {
        this.text = text;
        this.nodeId = nodeId;
        this.glob = glob;
    }

    /**
     * @throws IllegalArgumentException if the text is neither a browse path nor a parseable NodeId.
     */
    static NodePattern parse(final String text)
    {
        if (text.startsWith("/"))
        {
            return new NodePattern(text, null, Pattern.compile(globToRegex(text)));
        }
        final NodeId id = NodeId.parseOrNull(text);
        if (id == null)
        {
            throw new IllegalArgumentException("'" + text + "' is neither a browse path (/Objects/...) nor a NodeId " +
                "(ns=2;s=Name, i=85)");
        }
        return new NodePattern(text, id, null);
    }

    static List<NodePattern> parseAll(final List<String> texts)
    {
        return texts.stream().map(NodePattern::parse).toList();
    }

    /**
     * @return true if any pattern matches the node.
     */
    static boolean anyMatches(final List<NodePattern> patterns, final NodeId nodeId, final String browsePath)
    {
        for (final NodePattern pattern : patterns)
        {
            if (pattern.matches(nodeId, browsePath))
            {
                return true;
            }
        }
        return false;
    }

    boolean matches(final NodeId id, final String browsePath)
    {
        return nodeId != null ? nodeId.equals(id) : glob.matcher(browsePath).matches();
    }

    /**
     * @return the NodeId, or null for a browse path.
     */
    NodeId nodeId()
    {
        return nodeId;
    }

    /**
     * @return the browse names of a browse path, unescaped, or null for a NodeId.
     */
    List<String> browseNames()
    {
        if (nodeId != null)
        {
            return null;
        }
        final List<String> names = new java.util.ArrayList<>();
        final StringBuilder name = new StringBuilder();
        for (int i = 1; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length())
            {
                name.append(text.charAt(++i));
            }
            else if (c == '/')
            {
                names.add(name.toString());
                name.setLength(0);
            }
            else
            {
                name.append(c);
            }
        }
        if (name.length() > 0)
        {
            names.add(name.toString());
        }
        return names;
    }

    /**
     * @return the path segment for a browse name: {@code /} and {@code \} escaped with {@code \}.
     */
    static String escapeSegment(final String browseName)
    {
        if (browseName.indexOf('/') < 0 && browseName.indexOf('\\') < 0)
        {
            return browseName;
        }
        return browseName.replace("\\", "\\\\").replace("/", "\\/");
    }

    private static String globToRegex(final String glob)
    {
        final StringBuilder regex = new StringBuilder();
        final String segmentChar = "(?:[^/\\\\]|\\\\.)";
        for (int i = 0; i < glob.length(); i++)
        {
            final char c = glob.charAt(i);
            if (c == '*' && i + 1 < glob.length() && glob.charAt(i + 1) == '*')
            {
                regex.append(".*");
                i++;
            }
            else if (c == '*')
            {
                regex.append(segmentChar).append('*');
            }
            else if (c == '?')
            {
                regex.append(segmentChar);
            }
            else if (c == '\\' && i + 1 < glob.length())
            {
                regex.append(Pattern.quote("\\" + glob.charAt(++i)));
            }
            else
            {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return regex.toString();
    }

    @Override
    public String toString()
    {
        return text;
    }
}
