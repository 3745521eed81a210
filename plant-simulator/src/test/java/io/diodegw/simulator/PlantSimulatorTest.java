package io.diodegw.simulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.NodeIds;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UByte;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.ULong;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseDirection;
import org.eclipse.milo.opcua.stack.core.types.enumerated.BrowseResultMask;
import org.eclipse.milo.opcua.stack.core.types.enumerated.NodeClass;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseDescription;
import org.eclipse.milo.opcua.stack.core.types.structured.BrowseResult;
import org.eclipse.milo.opcua.stack.core.types.structured.ReferenceDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One 1,000-tag simulator on an ephemeral port, exercised by a real Milo client over security None. */
class PlantSimulatorTest {

    private static final int TAGS = 1_000;
    private static final long DEADLINE_MS = 15_000;

    private static PlantSimulator simulator;
    private OpcUaClient client;

    @BeforeAll
    static void startSimulator() throws Exception {
        simulator = PlantSimulator.start(SimulatorOptions.builder()
                .port(0)
                .tagCount(TAGS)
                .updatesPerSecond(20_000)
                .tagsPerUnit(40)
                .unitsPerArea(3)
                .historyDepth(50)
                .seed(42)
                .build());
    }

    @AfterAll
    static void stopSimulator() {
        if (simulator != null) {
            simulator.close();
        }
    }

    @BeforeEach
    void connect() throws Exception {
        simulator.resume();
        client = TestClients.anonymous(simulator);
    }

    @AfterEach
    void disconnect() {
        TestClients.disconnectQuietly(client);
        simulator.resume();
    }

    @Test
    void shouldBindAnEphemeralPortAndAdvertiseIt() {
        assertTrue(simulator.port() > 0);
        assertEquals("opc.tcp://127.0.0.1:" + simulator.port() + "/plant", simulator.endpointUrl());
    }

    @Test
    void shouldExposeExactlyOneVariablePerTagInTheFolderTree() throws Exception {
        NodeId plant = new NodeId(simulator.namespaceIndex(), PlantNamespace.ROOT);
        assertTrue(browse(NodeIds.ObjectsFolder).stream().anyMatch(r -> r.getBrowseName().getName().equals("Plant")));

        Set<NodeId> variables = new HashSet<>();
        Set<String> paths = new HashSet<>();
        Deque<NodeId> folders = new ArrayDeque<>(List.of(plant));
        Map<NodeId, String> pathOf = new ConcurrentHashMap<>(Map.of(plant, PlantNamespace.ROOT));
        while (!folders.isEmpty()) {
            NodeId folder = folders.pop();
            for (ReferenceDescription ref : browse(folder)) {
                NodeId child = ref.getNodeId().toNodeId(client.getNamespaceTable()).orElseThrow();
                String path = pathOf.get(folder) + "/" + ref.getBrowseName().getName();
                if (ref.getNodeClass() == NodeClass.Variable) {
                    assertTrue(variables.add(child), "variable listed twice: " + child);
                    paths.add(path);
                } else if (ref.getNodeClass() == NodeClass.Object) {
                    pathOf.put(child, path);
                    folders.push(child);
                }
            }
        }
        assertEquals(TAGS, variables.size());
        for (int i = 0; i < TAGS; i++) {
            assertTrue(variables.contains(simulator.nodeIdOf(i)), "missing tag " + i);
            assertTrue(paths.contains(simulator.browsePathOf(i)), "missing path " + simulator.browsePathOf(i));
        }
        assertEquals("Plant/Area2/Unit1/Tag280", simulator.browsePathOf(280));
    }

    @Test
    void shouldServeTheHandlesCurrentValueForEveryTypeIncludingArrays() throws Exception {
        simulator.pause();
        int count = 4 * TagType.values().length;
        List<NodeId> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(simulator.nodeIdOf(i));
        }
        List<DataValue> read = client.readValues(0, TimestampsToReturn.Both, ids);
        Set<TagType> seen = new HashSet<>();
        for (int i = 0; i < count; i++) {
            DataValue expected = simulator.currentValue(i);
            DataValue actual = read.get(i);
            assertSameSample(expected, actual, "tag " + i);
            Object value = actual.getValue().getValue();
            assertInstanceOf(javaClassOf(simulator.typeOf(i)), value, "tag " + i + " " + simulator.typeOf(i));
            if (value instanceof Object[] array) {
                assertEquals(TagType.ARRAY_LENGTH, array.length);
            }
            seen.add(simulator.typeOf(i));
            List<DataValue> history = simulator.history(i);
            DataValue newest = history.get(history.size() - 1);
            assertSameSample(newest, expected, "history head of tag " + i);
        }
        assertEquals(Set.of(TagType.values()), seen);
    }

    @Test
    void shouldPublishChangesWithIncreasingSourceTimestamps() throws Exception {
        int tags = TagType.values().length;
        Map<Integer, List<DataValue>> received = new ConcurrentHashMap<>();
        OpcUaSubscription subscription = new OpcUaSubscription(client, 50.0);
        List<OpcUaMonitoredItem> items = new ArrayList<>();
        for (int i = 0; i < tags; i++) {
            int tag = i;
            received.put(tag, new CopyOnWriteArrayList<>());
            OpcUaMonitoredItem item = OpcUaMonitoredItem.newDataItem(simulator.nodeIdOf(tag));
            item.setSamplingInterval(10.0);
            item.setQueueSize(UInteger.valueOf(100));
            item.setDataValueListener((monitored, value) -> received.get(tag).add(value));
            items.add(item);
        }
        subscription.addMonitoredItems(items);
        subscription.create();
        subscription.synchronizeMonitoredItems();
        try {
            awaitCondition(() -> received.values().stream().allMatch(values -> values.size() >= 5),
                    "5 notifications per tag");
        } finally {
            subscription.delete();
        }
        for (int i = 0; i < tags; i++) {
            List<DataValue> values = received.get(i);
            List<DataValue> history = simulator.history(i);
            for (int k = 1; k < values.size(); k++) {
                long previous = values.get(k - 1).getSourceTime().getJavaTime();
                long current = values.get(k).getSourceTime().getJavaTime();
                assertTrue(current > previous, "tag " + i + " notification " + k + " not after its predecessor");
            }
            DataValue last = values.get(values.size() - 1);
            assertTrue(history.stream().anyMatch(h -> sameSample(h, last)),
                    "tag " + i + " notified a value the simulator never produced: " + last);
        }
    }

    @Test
    void shouldReturnTheHistoryRingInOrderWithContinuationPoints() throws Exception {
        int tag = 7;
        awaitCondition(() -> simulator.history(tag).size() >= 30, "30 history values");
        simulator.pause();
        List<DataValue> ring = simulator.history(tag);
        NodeId nodeId = simulator.nodeIdOf(tag);

        List<List<DataValue>> pages = TestClients.historyPages(client, nodeId, ring.get(0).getSourceTime(),
                new DateTime(ring.get(ring.size() - 1).getSourceTime().getJavaInstant().plusMillis(1)), 7);
        assertEquals((ring.size() + 6) / 7, pages.size(), "pages");
        for (int p = 0; p < pages.size() - 1; p++) {
            assertEquals(7, pages.get(p).size(), "page " + p + " is not full");
        }
        assertSameSamples(ring, pages.stream().flatMap(List::stream).toList());

        List<DataValue> newestFirst = TestClients.historyPages(client, nodeId, DateTime.NULL_VALUE,
                ring.get(ring.size() - 1).getSourceTime(), 5)
                .stream().flatMap(List::stream).toList();
        List<DataValue> reversed = new ArrayList<>(ring);
        java.util.Collections.reverse(reversed);
        assertSameSamples(reversed, newestFirst);

        DateTime from = ring.get(10).getSourceTime();
        DateTime to = ring.get(20).getSourceTime();
        List<DataValue> window = TestClients.historyPages(client, nodeId, from, to, 0)
                .stream().flatMap(List::stream).toList();
        assertSameSamples(ring.subList(10, 20), window);
    }

    @Test
    void shouldRejectAForgedContinuationPoint() throws Exception {
        var details = new org.eclipse.milo.opcua.stack.core.types.structured.ReadRawModifiedDetails(
                false, new DateTime(0L), DateTime.now(), UInteger.valueOf(3), false);
        var response = client.historyRead(details, TimestampsToReturn.Both, false, List.of(
                new org.eclipse.milo.opcua.stack.core.types.structured.HistoryReadValueId(
                        simulator.nodeIdOf(3), null, null, ByteString.of(new byte[] {1, 2, 3}))));
        assertEquals(org.eclipse.milo.opcua.stack.core.StatusCodes.Bad_ContinuationPointInvalid,
                response.getResults()[0].getStatusCode().getValue());
    }

    @Test
    void shouldHoldTheModelsValueAtEveryRetainedStep() {
        simulator.pause();
        for (int tag = 0; tag < TAGS; tag += 13) {
            List<DataValue> history = simulator.history(tag);
            long step = simulator.stepOf(tag) - history.size() + 1;
            for (DataValue sample : history) {
                DataValue predicted = simulator.model().dataValueAt(tag, step, sample.getSourceTime().getJavaTime());
                assertSameSample(predicted, sample, "tag " + tag + " step " + step);
                step++;
            }
            assertSameSample(history.get(history.size() - 1), simulator.currentValue(tag), "tag " + tag);
        }
    }

    private List<ReferenceDescription> browse(NodeId node) throws Exception {
        BrowseResult result = client.browse(new BrowseDescription(node, BrowseDirection.Forward,
                NodeIds.HierarchicalReferences, true, UInteger.valueOf(0),
                UInteger.valueOf(BrowseResultMask.All.getValue())));
        List<ReferenceDescription> refs = new ArrayList<>();
        if (result.getReferences() != null) {
            refs.addAll(List.of(result.getReferences()));
        }
        ByteString continuation = result.getContinuationPoint();
        while (continuation != null && continuation.isNotNull()) {
            BrowseResult next = client.browseNext(false, List.of(continuation)).getResults()[0];
            if (next.getReferences() != null) {
                refs.addAll(List.of(next.getReferences()));
            }
            continuation = next.getContinuationPoint();
        }
        return refs;
    }

    static void assertSameSamples(List<DataValue> expected, List<DataValue> actual) {
        assertEquals(expected.size(), actual.size(), "number of values");
        for (int i = 0; i < expected.size(); i++) {
            assertSameSample(expected.get(i), actual.get(i), "value " + i);
        }
    }

    static void assertSameSample(DataValue expected, DataValue actual, String what) {
        assertNotNull(actual, what);
        assertEquals(expected.getStatusCode(), actual.getStatusCode(), what + " status");
        assertEquals(expected.getSourceTime(), actual.getSourceTime(), what + " source time");
        Object e = expected.getValue().getValue();
        Object a = actual.getValue().getValue();
        if (e instanceof Object[] ea) {
            assertArrayEquals(ea, (Object[]) a, what + " value");
        } else {
            assertEquals(e, a, what + " value");
        }
    }

    static boolean sameSample(DataValue x, DataValue y) {
        return Objects.equals(x.getStatusCode(), y.getStatusCode())
                && Objects.equals(x.getSourceTime(), y.getSourceTime())
                && Objects.deepEquals(x.getValue().getValue(), y.getValue().getValue());
    }

    static void awaitCondition(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE_MS * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what);
            }
            Thread.sleep(10);
        }
    }

    private static Class<?> javaClassOf(TagType type) {
        return switch (type) {
            case BOOLEAN -> Boolean.class;
            case SBYTE -> Byte.class;
            case BYTE -> UByte.class;
            case INT16 -> Short.class;
            case UINT16 -> UShort.class;
            case INT32 -> Integer.class;
            case UINT32 -> UInteger.class;
            case INT64 -> Long.class;
            case UINT64 -> ULong.class;
            case FLOAT -> Float.class;
            case DOUBLE -> Double.class;
            case STRING -> String.class;
            case DATE_TIME -> DateTime.class;
            case DOUBLE_ARRAY -> Double[].class;
            case INT32_ARRAY -> Integer[].class;
        };
    }
}
