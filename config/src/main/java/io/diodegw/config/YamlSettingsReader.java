package io.diodegw.config;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.reader.ReaderException;

/**
 * Turns the text of one YAML configuration file into dotted keys with their raw values and line numbers, using
 * SnakeYAML's node graph (never its object construction, so no tag can instantiate anything). Nested mappings
 * flatten: {@code link: {mtuBytes: 1500}} and {@code link.mtuBytes: 1500} are the same key.
 *
 * <p>Never throws for bad input: every problem (malformed YAML, anchors, duplicate keys, a root that is not a
 * mapping) is added to the caller's list. Stateless apart from the per-call walk; safe from any thread.
 */
final class YamlSettingsReader
{
    /** Configuration files are small; larger input is refused before parsing. */
    static final int MAX_CODE_POINTS = 1 << 20;

    private static final int MAX_NESTING_DEPTH = 16;
    private static final int MAX_COLLECTION_ALIASES = 16;

    private YamlSettingsReader()
    {
    }

    /**
     * @return the values in file order, or null when the file as a whole is unusable (malformed YAML, or a root
     *         that is not a mapping); the reason is then in {@code problems}.
     */
    static Map<String, RawValue> read(final String fileName, final String text, final List<ConfigProblem> problems)
    {
        final Node root;
        try
        {
            root = new Yaml(loaderOptions()).compose(new StringReader(stripByteOrderMark(text)));
        }
        catch (final MarkedYAMLException ex)
        {
            problems.add(malformed(fileName, ex.getProblemMark(), ex.getProblem(), ex.getContext()));
            return null;
        }
        catch (final ReaderException ex)
        {
            final Mark mark = markAt(text, ex.getPosition());
            problems.add(malformed(fileName, mark,
                String.format("character U+%04X is not allowed in YAML", ex.getCodePoint()), null));
            return null;
        }
        catch (final YAMLException ex)
        {
            problems.add(malformed(fileName, null, ex.getMessage(), null));
            return null;
        }
        final Map<String, RawValue> values = new LinkedHashMap<>();
        if (root == null || isNull(root))
        {
            return values;
        }
        if (!(root instanceof MappingNode))
        {
            problems.add(new ConfigProblem(null, source(fileName, root),
                fileName + " must be a mapping of settings (key: value), but " + at(fileName, root) + " is a "
                + describe(root) + "; see docs/configuration.md"));
            return null;
        }
        new Walk(fileName, values, problems).mapping((MappingNode)root, "");
        return values;
    }

    private static LoaderOptions loaderOptions()
    {
        final LoaderOptions options = new LoaderOptions();
        // aliases are rejected with their line by the walk, which never expands them; this only bounds the composer
        options.setMaxAliasesForCollections(MAX_COLLECTION_ALIASES);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(MAX_NESTING_DEPTH);
        options.setCodePointLimit(MAX_CODE_POINTS);
        options.setMergeOnCompose(false);
        options.setProcessComments(false);
        return options;
    }

    private static final class Walk
    {
        private final String fileName;
        private final Map<String, RawValue> values;
        private final List<ConfigProblem> problems;
        private final Set<Node> visited = Collections.newSetFromMap(new IdentityHashMap<>());

        Walk(final String fileName, final Map<String, RawValue> values, final List<ConfigProblem> problems)
        {
            this.fileName = fileName;
            this.values = values;
            this.problems = problems;
        }

        void mapping(final MappingNode node, final String prefix)
        {
            for (final NodeTuple tuple : node.getValue())
            {
                final Node keyNode = tuple.getKeyNode();
                final Node valueNode = tuple.getValueNode();
                if (!(keyNode instanceof ScalarNode) || isNull(keyNode))
                {
                    problems.add(new ConfigProblem(null, source(fileName, keyNode),
                        "the key " + at(fileName, keyNode) + " is a " + describe(keyNode)
                        + "; keys must be setting names such as link.mtuBytes"));
                    continue;
                }
                final String name = ((ScalarNode)keyNode).getValue();
                final String key = prefix.isEmpty() ? name : prefix + "." + name;
                final Source source = source(fileName, keyNode);
                if (!firstVisit(keyNode, key) || !firstVisit(valueNode, key))
                {
                    put(RawValue.of(key, RawValue.Shape.REJECTED, source));
                    continue;
                }
                if (valueNode instanceof MappingNode)
                {
                    mapping((MappingNode)valueNode, key);
                }
                else if (valueNode instanceof SequenceNode)
                {
                    sequence((SequenceNode)valueNode, key, source);
                }
                else if (isNull(valueNode))
                {
                    put(RawValue.of(key, RawValue.Shape.NULL, source));
                }
                else
                {
                    put(RawValue.scalar(key, ((ScalarNode)valueNode).getValue(), source));
                }
            }
        }

        private void sequence(final SequenceNode node, final String key, final Source source)
        {
            final List<String> items = new ArrayList<>();
            for (final Node item : node.getValue())
            {
                if (!(item instanceof ScalarNode) || isNull(item) || !firstVisit(item, key))
                {
                    problems.add(new ConfigProblem(key, source(fileName, item),
                        key + " (" + at(fileName, item) + ") has a list item that is a " + describe(item)
                        + "; list items must be single values"));
                    put(RawValue.of(key, RawValue.Shape.REJECTED, source));
                    return;
                }
                items.add(((ScalarNode)item).getValue());
            }
            put(new RawValue(key, RawValue.Shape.LIST, List.copyOf(items), source));
        }

        private boolean firstVisit(final Node node, final String key)
        {
            if (node.getAnchor() != null || !visited.add(node))
            {
                problems.add(new ConfigProblem(key, source(fileName, node),
                    key + " (" + at(fileName, node) + ") uses a YAML anchor or alias; write the value out instead"));
                return false;
            }
            return true;
        }

        private void put(final RawValue value)
        {
            final RawValue earlier = values.putIfAbsent(value.key(), value);
            if (earlier != null)
            {
                problems.add(new ConfigProblem(value.key(), value.source(),
                    value.key() + " is set twice in " + fileName + " (" + lineText(earlier.source()) + " and "
                    + lineText(value.source()) + "); keep one"));
            }
        }
    }

    private static boolean isNull(final Node node)
    {
        return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }

    private static String describe(final Node node)
    {
        if (node instanceof MappingNode)
        {
            return "mapping";
        }
        if (node instanceof SequenceNode)
        {
            return "list";
        }
        return isNull(node) ? "null" : "single value";
    }

    private static Source source(final String fileName, final Node node)
    {
        final Mark mark = node.getStartMark();
        return Source.file(fileName, mark == null ? 0 : mark.getLine() + 1);
    }

    private static String at(final String fileName, final Node node)
    {
        return source(fileName, node).toString();
    }

    private static String lineText(final Source source)
    {
        return source.line() > 0 ? "line " + source.line() : "unknown line";
    }

    private static ConfigProblem malformed(
        final String fileName, final Mark mark, final String problem, final String context)
    {
        final StringBuilder sb = new StringBuilder(fileName);
        if (mark != null)
        {
            sb.append(" line ").append(mark.getLine() + 1).append(", column ").append(mark.getColumn() + 1);
        }
        sb.append(" is not valid YAML: ");
        if (context != null)
        {
            sb.append(oneLine(context)).append(", ");
        }
        sb.append(oneLine(problem)).append("; correct the file at that position");
        return new ConfigProblem(null, Source.file(fileName, mark == null ? 0 : mark.getLine() + 1), sb.toString());
    }

    private static String oneLine(final String text)
    {
        return text == null ? "" : text.replaceAll("\\s+", " ").trim();
    }

    private static String stripByteOrderMark(final String text)
    {
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static Mark markAt(final String text, final int codePointPosition)
    {
        int line = 0;
        int column = 0;
        int seen = 0;
        for (int i = 0; i < text.length() && seen < codePointPosition; i += Character.charCount(text.codePointAt(i)))
        {
            if (text.charAt(i) == '\n')
            {
                line++;
                column = 0;
            }
            else
            {
                column++;
            }
            seen++;
        }
        return new Mark("", codePointPosition, line, column, new int[0], 0);
    }
}
