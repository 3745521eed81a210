package io.diodegw.simulator;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.core.ValueRanks;
import org.eclipse.milo.opcua.sdk.server.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.items.DataItem;
import org.eclipse.milo.opcua.sdk.server.items.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.util.SubscriptionModel;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExtensionObject;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryData;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadDetails;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadResult;
import org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadValueId;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadRawModifiedDetails;

/**
 * The simulated plant's address space: {@code Objects/Plant/Area{a}/Unit{u}/Tag{i}} with string node ids equal to
 * the browse path ({@code Plant/Area0/Unit3/Tag312}).
 *
 * <p>Value changes are pushed to the monitored items of a tag as they happen (the tag's sampling interval is its
 * change period); monitored items of other nodes or attributes are sampled by Milo's {@link SubscriptionModel}.
 * HistoryRead serves raw values from the {@link HistoryRing}, with stateless continuation points that name the tag
 * and the next step to return.
 *
 * <p>Thread-safety: {@link #advance} runs on the single scheduler thread; everything else on Milo's threads. Per tag,
 * the ring, the node's value and the push to its monitored items happen under the tag's stripe lock, so a new
 * monitored item gets the current value before any later change.
 */
final class PlantNamespace extends ManagedNamespaceWithLifecycle {

    static final String NAMESPACE_URI = "urn:diodegw:plant-simulator";
    static final String ROOT = "Plant";

    private static final int CONTINUATION_POINT_BYTES = Integer.BYTES + Long.BYTES + Long.BYTES;
    private static final DataItem[] NO_ITEMS = new DataItem[0];
    private static final long UNSET = Long.MIN_VALUE;

    private final SimulatorOptions options;
    private final TagModel model;
    private final HistoryRing ring;
    private final long startTimeMs;
    private final SubscriptionModel subscriptionModel;
    private final UaVariableNode[] nodes;
    private final DataItem[][] subscribers;
    private final Map<NodeId, Integer> tagByNodeId;
    private final Set<DataItem> pushedItems = ConcurrentHashMap.newKeySet();

    PlantNamespace(OpcUaServer server, SimulatorOptions options, TagModel model, HistoryRing ring, long startTimeMs) {
        super(server, NAMESPACE_URI);
        this.options = options;
        this.model = model;
        this.ring = ring;
        this.startTimeMs = startTimeMs;
        this.nodes = new UaVariableNode[model.tagCount()];
        this.subscribers = new DataItem[model.tagCount()][];
        this.tagByNodeId = new HashMap<>(model.tagCount() * 2);
        this.subscriptionModel = new SubscriptionModel(server, this);
        getLifecycleManager().addLifecycle(subscriptionModel);
        getLifecycleManager().addStartupTask(this::createNodes);
    }

    /** @return the browse path of tag {@code i} below the Objects folder, '/'-separated */
    static String browsePathOf(SimulatorOptions options, int i) {
        int unit = i / options.tagsPerUnit();
        int area = unit / options.unitsPerArea();
        return ROOT + "/Area" + area + "/Unit" + (unit % options.unitsPerArea()) + "/Tag" + i;
    }

    NodeId nodeIdOf(int i) {
        return nodes[i].getNodeId();
    }

    DataValue currentValue(int i) {
        return nodes[i].getValue();
    }

    long stepOf(int i) {
        synchronized (ring.lockOf(i)) {
            return ring.lastStep(i);
        }
    }

    /** Moves tag {@code i} to its next step at {@code timeMs}; scheduler thread only. */
    void advance(int i, long timeMs) {
        synchronized (ring.lockOf(i)) {
            long step = ring.lastStep(i) + 1;
            ring.append(i, step, timeMs);
            DataValue value = model.dataValueAt(i, step, timeMs);
            nodes[i].setValue(value);
            DataItem[] items = subscribers[i];
            if (items != null) {
                for (DataItem item : items) {
                    if (item.isSamplingEnabled()) {
                        item.setValue(value);
                    }
                }
            }
        }
    }

    /** @return the retained history of tag {@code i}, oldest first */
    List<DataValue> history(int i) {
        synchronized (ring.lockOf(i)) {
            long oldest = ring.oldestStep(i);
            long last = ring.lastStep(i);
            List<DataValue> values = new ArrayList<>((int) (last - oldest + 1));
            for (long step = oldest; step <= last; step++) {
                values.add(model.dataValueAt(i, step, ring.timeOf(i, step)));
            }
            return values;
        }
    }

    private void createNodes() {
        NodeId rootId = newNodeId(ROOT);
        UaFolderNode root = new UaFolderNode(getNodeContext(), rootId, newQualifiedName(ROOT),
                LocalizedText.english(ROOT));
        getNodeManager().addNode(root);
        root.addReference(new Reference(rootId, NodeIds.Organizes, NodeIds.ObjectsFolder.expanded(), false));

        UaFolderNode area = null;
        UaFolderNode unit = null;
        String areaPath = null;
        String unitPath = null;
        int tagsPerUnit = options.tagsPerUnit();
        int unitsPerArea = options.unitsPerArea();
        for (int i = 0; i < nodes.length; i++) {
            if (i % tagsPerUnit == 0) {
                int unitIndex = i / tagsPerUnit;
                if (unitIndex % unitsPerArea == 0) {
                    areaPath = ROOT + "/Area" + (unitIndex / unitsPerArea);
                    area = folder(root, areaPath, "Area" + (unitIndex / unitsPerArea));
                }
                unitPath = areaPath + "/Unit" + (unitIndex % unitsPerArea);
                unit = folder(area, unitPath, "Unit" + (unitIndex % unitsPerArea));
            }
            String name = "Tag" + i;
            TagType type = model.typeOf(i);
            NodeId nodeId = newNodeId(unitPath + "/" + name);
            UaVariableNode.UaVariableNodeBuilder builder = new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
                    .setNodeId(nodeId)
                    .setBrowseName(newQualifiedName(name))
                    .setDisplayName(LocalizedText.english(name))
                    .setDataType(type.dataTypeId())
                    .setTypeDefinition(NodeIds.BaseDataVariableType)
                    .setAccessLevel(AccessLevel.CurrentRead, AccessLevel.HistoryRead)
                    .setUserAccessLevel(AccessLevel.CurrentRead, AccessLevel.HistoryRead)
                    .setHistorizing(true)
                    .setValue(model.dataValueAt(i, 0, startTimeMs));
            if (type.isArray()) {
                builder.setValueRank(ValueRanks.OneDimension)
                        .setArrayDimensions(new UInteger[] {UInteger.valueOf(TagType.ARRAY_LENGTH)});
            } else {
                builder.setValueRank(ValueRanks.Scalar);
            }
            UaVariableNode node = builder.build();
            getNodeManager().addNode(node);
            unit.addOrganizes(node);
            nodes[i] = node;
            tagByNodeId.put(nodeId, i);
            ring.append(i, 0, startTimeMs);
        }
    }

    private UaFolderNode folder(UaFolderNode parent, String id, String name) {
        UaFolderNode folder = new UaFolderNode(getNodeContext(), newNodeId(id), newQualifiedName(name),
                LocalizedText.english(name));
        getNodeManager().addNode(folder);
        parent.addOrganizes(folder);
        return folder;
    }

    @Override
    public List<HistoryReadResult> historyRead(HistoryReadContext context, HistoryReadDetails details,
                                               TimestampsToReturn timestamps, List<HistoryReadValueId> ids) {
        List<HistoryReadResult> results = new ArrayList<>(ids.size());
        for (HistoryReadValueId id : ids) {
            results.add(historyReadOne(details, timestamps, id));
        }
        return results;
    }

    private HistoryReadResult historyReadOne(HistoryReadDetails details, TimestampsToReturn timestamps,
                                             HistoryReadValueId id) {
        Integer tag = tagByNodeId.get(id.getNodeId());
        if (tag == null) {
            return failure(StatusCodes.Bad_NodeIdUnknown);
        }
        if (!(details instanceof ReadRawModifiedDetails raw) || Boolean.TRUE.equals(raw.getIsReadModified())) {
            return failure(StatusCodes.Bad_HistoryOperationUnsupported);
        }
        long start = timeOrUnset(raw.getStartTime());
        long end = timeOrUnset(raw.getEndTime());
        boolean backward = end != UNSET && (start == UNSET || end < start);
        long lowMs;
        long highMs;
        if (!backward) {
            lowMs = start == UNSET ? Long.MIN_VALUE : start;
            highMs = end == UNSET ? Long.MAX_VALUE : end - 1;
        } else if (start == UNSET) {
            lowMs = Long.MIN_VALUE;
            highMs = end;
        } else {
            lowMs = end + 1;
            highMs = start;
        }
        UInteger numValues = raw.getNumValuesPerNode();
        long limit = numValues == null || numValues.longValue() == 0 ? Long.MAX_VALUE : numValues.longValue();

        long resumeStep = -1;
        ByteString cp = id.getContinuationPoint();
        if (cp != null && cp.isNotNull()) {
            byte[] bytes = cp.bytesOrEmpty();
            if (bytes.length != CONTINUATION_POINT_BYTES) {
                return failure(StatusCodes.Bad_ContinuationPointInvalid);
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            if (buffer.getInt() != tag || buffer.getLong() != model.seed()) {
                return failure(StatusCodes.Bad_ContinuationPointInvalid);
            }
            resumeStep = buffer.getLong();
        }

        List<DataValue> values = new ArrayList<>();
        long nextStep = -1;
        synchronized (ring.lockOf(tag)) {
            long oldest = ring.oldestStep(tag);
            long last = ring.lastStep(tag);
            long from = backward ? last : oldest;
            if (resumeStep >= 0) {
                from = backward ? Math.min(resumeStep, last) : Math.max(resumeStep, oldest);
            }
            long direction = backward ? -1 : 1;
            for (long step = from; step >= oldest && step <= last; step += direction) {
                long t = ring.timeOf(tag, step);
                if (backward ? t > highMs : t < lowMs) {
                    continue;
                }
                if (backward ? t < lowMs : t > highMs) {
                    break;
                }
                if (values.size() == limit) {
                    nextStep = step;
                    break;
                }
                values.add(DataValue.derivedValue(model.dataValueAt(tag, step, t), timestamps));
            }
        }
        ByteString continuation = ByteString.NULL_VALUE;
        if (nextStep >= 0) {
            ByteBuffer buffer = ByteBuffer.allocate(CONTINUATION_POINT_BYTES);
            buffer.putInt(tag).putLong(model.seed()).putLong(nextStep);
            continuation = ByteString.of(buffer.array());
        }
        HistoryData data = new HistoryData(values.toArray(new DataValue[0]));
        ExtensionObject encoded = ExtensionObject.encode(getServer().getStaticEncodingContext(), data);
        StatusCode status = values.isEmpty() && nextStep < 0
                ? new StatusCode(StatusCodes.Good_NoData) : StatusCode.GOOD;
        return new HistoryReadResult(status, continuation, encoded);
    }

    private static long timeOrUnset(DateTime time) {
        return time == null || time.isNull() || time.getUtcTime() <= 0 ? UNSET : time.getJavaTime();
    }

    private static HistoryReadResult failure(long statusCode) {
        return new HistoryReadResult(new StatusCode(statusCode), ByteString.NULL_VALUE, null);
    }

    @Override
    public void onDataItemsCreated(List<DataItem> items) {
        List<DataItem> sampled = new ArrayList<>();
        for (DataItem item : items) {
            int tag = pushedTagOf(item);
            if (tag < 0) {
                sampled.add(item);
                continue;
            }
            pushedItems.add(item);
            synchronized (ring.lockOf(tag)) {
                DataItem[] current = subscribers[tag] == null ? NO_ITEMS : subscribers[tag];
                DataItem[] grown = Arrays.copyOf(current, current.length + 1);
                grown[current.length] = item;
                subscribers[tag] = grown;
                if (item.isSamplingEnabled()) {
                    item.setValue(nodes[tag].getValue());
                }
            }
        }
        if (!sampled.isEmpty()) {
            subscriptionModel.onDataItemsCreated(sampled);
        }
    }

    @Override
    public void onDataItemsModified(List<DataItem> items) {
        List<DataItem> sampled = new ArrayList<>();
        for (DataItem item : items) {
            if (!pushedItems.contains(item)) {
                sampled.add(item);
            }
        }
        if (!sampled.isEmpty()) {
            subscriptionModel.onDataItemsModified(sampled);
        }
    }

    @Override
    public void onDataItemsDeleted(List<DataItem> items) {
        List<DataItem> sampled = new ArrayList<>();
        for (DataItem item : items) {
            if (!pushedItems.remove(item)) {
                sampled.add(item);
                continue;
            }
            int tag = pushedTagOf(item);
            synchronized (ring.lockOf(tag)) {
                DataItem[] current = subscribers[tag];
                if (current == null) {
                    continue;
                }
                DataItem[] kept = Arrays.stream(current).filter(d -> d != item).toArray(DataItem[]::new);
                subscribers[tag] = kept.length == 0 ? null : kept;
            }
        }
        if (!sampled.isEmpty()) {
            subscriptionModel.onDataItemsDeleted(sampled);
        }
    }

    @Override
    public void onMonitoringModeChanged(List<MonitoredItem> items) {
        List<MonitoredItem> sampled = new ArrayList<>();
        for (MonitoredItem item : items) {
            if (!(item instanceof DataItem data) || !pushedItems.contains(data)) {
                sampled.add(item);
            } else if (data.isSamplingEnabled()) {
                int tag = pushedTagOf(data);
                synchronized (ring.lockOf(tag)) {
                    data.setValue(nodes[tag].getValue());
                }
            }
        }
        if (!sampled.isEmpty()) {
            subscriptionModel.onMonitoringModeChanged(sampled);
        }
    }

    private int pushedTagOf(DataItem item) {
        if (!AttributeId.Value.uid().equals(item.getReadValueId().getAttributeId())) {
            return -1;
        }
        String indexRange = item.getReadValueId().getIndexRange();
        if (indexRange != null && !indexRange.isEmpty()) {
            return -1;
        }
        Integer tag = tagByNodeId.get(item.getReadValueId().getNodeId());
        return tag == null ? -1 : tag;
    }
}
