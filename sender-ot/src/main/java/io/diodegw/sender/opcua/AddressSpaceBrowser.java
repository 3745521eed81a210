package io.diodegw.sender.opcua;

import io.diodegw.wire.record.BuiltinType;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.core.typetree.DataTypeTree;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NamespaceTable;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.OpcUaDataType;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExtensionObject;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseDirection;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseResultMask;
import org.eclipse.milo.opcua.stack.core.types.enumerated.NodeClass;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseResult;
import org.eclipse.milo.opcua.stack.core.types.structured.EUInformation;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReferenceDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.ViewDescription;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

/**
 * Discovers the tags below the configured roots: browses hierarchical references forward, breadth first and in
 * batches, skips denied nodes with everything below them, keeps the Variables the allow list matches, and reads
 * each tag's DataType, ValueRank, ArrayDimensions, Description and EngineeringUnits property.
 *
 * <p>Browse paths are {@code /}-separated browse names (without namespace index) from the Root folder, e.g.
 * {@code /Objects/Line1/Temp}. Properties (targets of HasProperty) are metadata, never tags. A node reachable along
 * several paths is discovered once, under the first path found.
 *
 * <p>Used by one thread at a time (the collector's lifecycle thread); blocking.
 */
final class AddressSpaceBrowser
{
    /** The browse name of the EUInformation property of an AnalogItem (OPC 10000-8). */
    static final String ENGINEERING_UNITS = "EngineeringUnits";
    private static final int MAX_ROOT_DEPTH = 64;
    private static final int ATTRIBUTES_PER_TAG = 4;
    /** The most references one node returns per Browse or BrowseNext; more are fetched with BrowseNext. */
    static final int MAX_REFERENCES_PER_NODE = 1000;
    private static final ViewDescription DEFAULT_VIEW = new ViewDescription(NodeId.NULL_VALUE, null, uint(0));

    /**
     * A discovered tag and its metadata.
     *
     * @param nodeId      the Variable.
     * @param key         its stable key: the NodeId with the namespace URI ({@code nsu=...;s=...}).
     * @param browsePath  its browse path.
     * @param dataType    the built-in type its DataType maps to (see {@link BuiltinType}).
     * @param valueRank   its ValueRank.
     * @param dimensions  its ArrayDimensions, or null.
     * @param units       the display name of its EngineeringUnits, or null.
     * @param description its Description text, or null.
     */
    record Tag(NodeId nodeId, String key, String browsePath, int dataType, int valueRank, int[] dimensions,
               String units, String description)
    {
    }

    private record Pending(NodeId nodeId, String path, boolean variable)
    {
    }

    private final OpcUaClient client;
    private final int nodesPerBrowse;
    private final int nodesPerRead;
    private final OpcUaCollectorCounters counters;
    private final Map<NodeId, Integer> builtinByDataType = new HashMap<>();
    private DataTypeTree dataTypeTree;
    private int batchSize;
    private String firstError;

    AddressSpaceBrowser(final OpcUaClient client, final int nodesPerBrowse, final int nodesPerRead,
        final OpcUaCollectorCounters counters)
    {
        this.client = client;
        this.nodesPerBrowse = Math.max(1, nodesPerBrowse);
        this.batchSize = this.nodesPerBrowse;
        this.nodesPerRead = Math.max(ATTRIBUTES_PER_TAG, nodesPerRead);
        this.counters = counters;
    }

    /**
     * @return the first browse or read error met (the discovery went on without that part), or null.
     */
    String firstError()
    {
        return firstError;
    }

    /**
     * @return the tags, sorted by browse path.
     * @throws UaException if a root cannot be resolved or a service call fails as a whole.
     */
    List<Tag> discover(final List<NodePattern> roots, final List<NodePattern> allow, final List<NodePattern> deny)
        throws UaException
    {
        final NamespaceTable namespaces = client.getNamespaceTable();
        final Set<NodeId> seen = new HashSet<>();
        final ArrayDeque<Pending> queue = new ArrayDeque<>();
        for (final NodePattern root : roots)
        {
            final Pending resolved = resolveRoot(root);
            if (seen.add(resolved.nodeId()))
            {
                queue.add(resolved);
            }
        }
        final List<Pending> variables = new ArrayList<>();
        final Map<NodeId, NodeId> unitsNodeByVariable = new HashMap<>();
        final List<Pending> batch = new ArrayList<>(nodesPerBrowse);
        while (!queue.isEmpty())
        {
            batch.clear();
            while (!queue.isEmpty() && batch.size() < nodesPerBrowse)
            {
                batch.add(queue.poll());
            }
            final List<List<ReferenceDescription>> children = browseChildren(batch);
            for (int i = 0; i < batch.size(); i++)
            {
                final Pending parent = batch.get(i);
                for (final ReferenceDescription ref : children.get(i))
                {
                    final NodeId child = ref.getNodeId().toNodeId(namespaces).orElse(null);
                    if (child == null || ref.getBrowseName() == null || ref.getBrowseName().getName() == null)
                    {
                        continue;
                    }
                    final String name = ref.getBrowseName().getName();
                    if (NodeIds.HasProperty.equals(ref.getReferenceTypeId()))
                    {
                        if (parent.variable() && ENGINEERING_UNITS.equals(name))
                        {
                            unitsNodeByVariable.put(parent.nodeId(), child);
                        }
                        continue;
                    }
                    final String path = parent.path() + "/" + NodePattern.escapeSegment(name);
                    if (NodePattern.anyMatches(deny, child, path) || !seen.add(child))
                    {
                        continue;
                    }
                    final boolean variable = ref.getNodeClass() == NodeClass.Variable;
                    final Pending pending = new Pending(child, path, variable);
                    if (variable && NodePattern.anyMatches(allow, child, path))
                    {
                        variables.add(pending);
                    }
                    queue.add(pending);
                }
            }
        }
        variables.sort(Comparator.comparing(Pending::path));
        return readMetadata(variables, unitsNodeByVariable, namespaces);
    }

    private Pending resolveRoot(final NodePattern root) throws UaException
    {
        final List<String> names = root.browseNames();
        if (names == null)
        {
            return new Pending(root.nodeId(), pathOf(root.nodeId()), false);
        }
        NodeId current = NodeIds.RootFolder;
        final StringBuilder path = new StringBuilder();
        for (final String name : names)
        {
            NodeId next = null;
            for (final ReferenceDescription ref : browseChildren(List.of(new Pending(current, "", false))).get(0))
            {
                if (ref.getBrowseName() != null && name.equals(ref.getBrowseName().getName()))
                {
                    next = ref.getNodeId().toNodeId(client.getNamespaceTable()).orElse(null);
                    if (next != null)
                    {
                        break;
                    }
                }
            }
            if (next == null)
            {
                throw new UaException(StatusCodes.Bad_NoMatch, "root " + root + ": no child '" + name + "' below " +
                    (path.length() == 0 ? "/" : path));
            }
            current = next;
            path.append('/').append(NodePattern.escapeSegment(name));
        }
        return new Pending(current, path.toString(), false);
    }

    /**
     * Builds the browse path of a node by following inverse hierarchical references up to the Root folder.
     */
    private String pathOf(final NodeId nodeId) throws UaException
    {
        if (NodeIds.RootFolder.equals(nodeId))
        {
            return "";
        }
        final List<String> names = new ArrayList<>();
        names.add(readBrowseName(nodeId));
        NodeId current = nodeId;
        for (int depth = 0; depth < MAX_ROOT_DEPTH; depth++)
        {
            final ReferenceDescription[] parents = client.browse(new BrowseDescription(current,
                BrowseDirection.Inverse, NodeIds.HierarchicalReferences, true, uint(0),
                uint(BrowseResultMask.All.getValue()))).getReferences();
            if (parents == null || parents.length == 0)
            {
                break;
            }
            final NodeId parentId = parents[0].getNodeId().toNodeId(client.getNamespaceTable()).orElse(null);
            if (parentId == null || NodeIds.RootFolder.equals(parentId))
            {
                break;
            }
            names.add(parents[0].getBrowseName().getName());
            current = parentId;
        }
        final StringBuilder path = new StringBuilder();
        for (int i = names.size() - 1; i >= 0; i--)
        {
            path.append('/').append(NodePattern.escapeSegment(names.get(i)));
        }
        return path.toString();
    }

    private String readBrowseName(final NodeId nodeId) throws UaException
    {
        final DataValue value = client.read(0, TimestampsToReturn.Neither, List.of(new ReadValueId(nodeId,
            AttributeId.BrowseName.uid(), null, null))).getResults()[0];
        final Object name = value.getValue() == null ? null : value.getValue().getValue();
        if (name instanceof org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName q)
        {
            return q.getName();
        }
        throw new UaException(value.getStatusCode() == null ? StatusCodes.Bad_NodeIdUnknown :
            value.getStatusCode().getValue(), "root " + nodeId.toParseableString() + " cannot be read");
    }

    /**
     * Browses the children of the nodes, in calls of at most the current batch size. A call the server fails as a
     * whole (typically a response too large for its message limit) is split in halves and the batch size halved;
     * each successful call doubles it again up to the configured limit. Nodes with more than
     * {@link #MAX_REFERENCES_PER_NODE} children are continued with BrowseNext, all pending nodes in one call.
     */
    private List<List<ReferenceDescription>> browseChildren(final List<Pending> nodes) throws UaException
    {
        final List<List<ReferenceDescription>> children = new ArrayList<>(nodes.size());
        int start = 0;
        while (start < nodes.size())
        {
            final int end = Math.min(nodes.size(), start + batchSize);
            final List<Pending> slice = nodes.subList(start, end);
            try
            {
                children.addAll(browseOnce(slice));
                start = end;
                batchSize = (int)Math.min(nodesPerBrowse, 2L * batchSize);
            }
            catch (final UaException ex)
            {
                if (slice.size() == 1)
                {
                    throw ex;
                }
                batchSize = Math.max(1, slice.size() / 2);
            }
        }
        return children;
    }

    private List<List<ReferenceDescription>> browseOnce(final List<Pending> nodes) throws UaException
    {
        final List<BrowseDescription> requests = new ArrayList<>(nodes.size());
        final UInteger nodeClasses = uint(NodeClass.Object.getValue() | NodeClass.Variable.getValue());
        for (final Pending node : nodes)
        {
            requests.add(new BrowseDescription(node.nodeId(), BrowseDirection.Forward, NodeIds.HierarchicalReferences,
                true, nodeClasses, uint(BrowseResultMask.All.getValue())));
        }
        final BrowseResult[] results = client.browse(DEFAULT_VIEW, uint(MAX_REFERENCES_PER_NODE), requests)
            .getResults();
        final List<List<ReferenceDescription>> children = new ArrayList<>(nodes.size());
        final List<Integer> continued = new ArrayList<>();
        final List<ByteString> continuationPoints = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++)
        {
            children.add(new ArrayList<>());
            collect(nodes.get(i), results[i], children.get(i), i, continued, continuationPoints);
        }
        while (!continuationPoints.isEmpty())
        {
            final BrowseResult[] next = client.browseNext(false, List.copyOf(continuationPoints)).getResults();
            final List<Integer> indexes = List.copyOf(continued);
            continued.clear();
            continuationPoints.clear();
            for (int k = 0; k < indexes.size(); k++)
            {
                final int i = indexes.get(k);
                collect(nodes.get(i), next[k], children.get(i), i, continued, continuationPoints);
            }
        }
        return children;
    }

    private void collect(final Pending node, final BrowseResult result, final List<ReferenceDescription> into,
        final int index, final List<Integer> continued, final List<ByteString> continuationPoints)
    {
        if (result.getStatusCode() != null && result.getStatusCode().isBad())
        {
            noteError("browse " + node.nodeId().toParseableString() + ": " +
                OpcUaCollector.statusText(result.getStatusCode().getValue()));
            return;
        }
        if (result.getReferences() != null)
        {
            into.addAll(List.of(result.getReferences()));
        }
        final ByteString continuation = result.getContinuationPoint();
        if (continuation != null && !continuation.isNullOrEmpty())
        {
            continued.add(index);
            continuationPoints.add(continuation);
        }
    }

    private List<Tag> readMetadata(final List<Pending> variables, final Map<NodeId, NodeId> unitsNodes,
        final NamespaceTable namespaces) throws UaException
    {
        final List<Tag> tags = new ArrayList<>(variables.size());
        final int tagsPerRead = nodesPerRead / ATTRIBUTES_PER_TAG;
        for (int start = 0; start < variables.size(); start += tagsPerRead)
        {
            final List<Pending> slice = variables.subList(start, Math.min(variables.size(), start + tagsPerRead));
            final List<ReadValueId> reads = new ArrayList<>(slice.size() * ATTRIBUTES_PER_TAG);
            for (final Pending v : slice)
            {
                reads.add(new ReadValueId(v.nodeId(), AttributeId.DataType.uid(), null, null));
                reads.add(new ReadValueId(v.nodeId(), AttributeId.ValueRank.uid(), null, null));
                reads.add(new ReadValueId(v.nodeId(), AttributeId.ArrayDimensions.uid(), null, null));
                reads.add(new ReadValueId(v.nodeId(), AttributeId.Description.uid(), null, null));
            }
            final DataValue[] values = client.read(0, TimestampsToReturn.Neither, reads).getResults();
            final Map<NodeId, String> units = readUnits(slice, unitsNodes);
            for (int i = 0; i < slice.size(); i++)
            {
                final Pending v = slice.get(i);
                final int at = i * ATTRIBUTES_PER_TAG;
                final Object dataTypeId = valueOf(values[at]);
                final Object rank = valueOf(values[at + 1]);
                final int[] dimensions = dimensionsOf(valueOf(values[at + 2]));
                final Object description = valueOf(values[at + 3]);
                tags.add(new Tag(v.nodeId(), v.nodeId().expanded(namespaces).toParseableString(), v.path(),
                    dataTypeId instanceof NodeId id ? builtinTypeOf(id) : BuiltinType.VARIANT,
                    rank instanceof Integer r ? r : -1, dimensions, units.get(v.nodeId()),
                    description instanceof LocalizedText t ? t.getText() : null));
            }
        }
        return tags;
    }

    private Map<NodeId, String> readUnits(final List<Pending> slice, final Map<NodeId, NodeId> unitsNodes)
        throws UaException
    {
        final List<NodeId> owners = new ArrayList<>();
        final List<ReadValueId> reads = new ArrayList<>();
        for (final Pending v : slice)
        {
            final NodeId unitsNode = unitsNodes.get(v.nodeId());
            if (unitsNode != null)
            {
                owners.add(v.nodeId());
                reads.add(new ReadValueId(unitsNode, AttributeId.Value.uid(), null, null));
            }
        }
        final Map<NodeId, String> units = new HashMap<>();
        if (reads.isEmpty())
        {
            return units;
        }
        final DataValue[] values = client.read(0, TimestampsToReturn.Neither, reads).getResults();
        for (int i = 0; i < values.length; i++)
        {
            final Object value = valueOf(values[i]);
            if (value instanceof ExtensionObject xo)
            {
                try
                {
                    if (xo.decode(client.getStaticEncodingContext()) instanceof EUInformation eu &&
                        eu.getDisplayName() != null)
                    {
                        units.put(owners.get(i), eu.getDisplayName().getText());
                    }
                }
                catch (final RuntimeException ex)
                {
                    noteError("EngineeringUnits of " + owners.get(i).toParseableString() + ": " + ex.getMessage());
                }
            }
        }
        return units;
    }

    private static Object valueOf(final DataValue value)
    {
        return value == null || value.getValue() == null ? null : value.getValue().getValue();
    }

    private static int[] dimensionsOf(final Object value)
    {
        if (value instanceof UInteger[] dims)
        {
            final int[] result = new int[dims.length];
            for (int i = 0; i < dims.length; i++)
            {
                result[i] = dims[i] == null ? 0 : dims[i].intValue();
            }
            return result;
        }
        return null;
    }

    /**
     * @return the built-in type id a DataType maps to: itself for the built-in types, the built-in ancestor for
     *     derived types (UtcTime: DateTime, enumerations: Int32), {@link BuiltinType#VARIANT} for abstract types.
     */
    int builtinTypeOf(final NodeId dataType)
    {
        final Integer cached = builtinByDataType.get(dataType);
        if (cached != null)
        {
            return cached;
        }
        int builtin = BuiltinType.VARIANT;
        final OpcUaDataType direct = OpcUaDataType.fromNodeId(dataType);
        if (direct != null)
        {
            builtin = direct.getTypeId();
        }
        else
        {
            try
            {
                if (dataTypeTree == null)
                {
                    dataTypeTree = client.getDataTypeTree();
                }
                final OpcUaDataType inherited = dataTypeTree.getBuiltinType(dataType);
                if (inherited != null)
                {
                    builtin = inherited.getTypeId();
                }
            }
            catch (final UaException | RuntimeException ex)
            {
                noteError("data type tree: " + ex.getMessage());
            }
        }
        builtinByDataType.put(dataType, builtin);
        return builtin;
    }

    private void noteError(final String error)
    {
        counters.onError(OpcUaCollectorCounters.ErrorKind.BROWSE_FAILED);
        if (firstError == null)
        {
            firstError = error;
        }
    }
}
