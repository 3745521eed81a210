package io.diodegw.sender.opcua;

import io.diodegw.config.SenderSettings.OpcUaDataChangeTrigger;
import io.diodegw.config.SenderSettings.OpcUaSecurity;
import io.diodegw.simulator.PlantSimulator;
import io.diodegw.simulator.SimulatorOptions;
import io.diodegw.simulator.TagType;
import io.diodegw.wire.record.BuiltinType;
import io.diodegw.wire.record.SourceState;
import io.diodegw.wire.record.SourceState.State;
import io.diodegw.wire.record.TagDefinition;
import io.diodegw.wire.record.TagValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UByte;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.ULong;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UShort;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Period;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The collector against the real plant simulator (an in-process Milo server on an ephemeral loopback port).
 */
class OpcUaCollectorIT
{
    private static final long AWAIT_MS = 20_000;
    private static final int TYPES = TagType.values().length;

    @TempDir
    Path dir;

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception
    {
        for (int i = toClose.size() - 1; i >= 0; i--)
        {
            toClose.get(i).close();
        }
    }

    private PlantSimulator simulator(final SimulatorOptions.Builder options) throws Exception
    {
        final PlantSimulator simulator = PlantSimulator.start(options.host("127.0.0.1").build());
        toClose.add(simulator);
        return simulator;
    }

    private OpcUaCollector collector(final OpcUaCollectorSettings settings, final RecordingCollectedRecords records)
        throws Exception
    {
        final OpcUaCollector collector = new OpcUaCollector(settings, records);
        toClose.add(collector);
        collector.start();
        return collector;
    }

    private OpcUaCollectorSettings.Builder settings(final PlantSimulator simulator)
    {
        return OpcUaCollectorSettings.builder(simulator.endpointUrl(), dir.resolve("tag-ids.tsv"))
            .sourceId(9)
            .publishingIntervalMs(50)
            .samplingIntervalMs(0)
            .requestTimeoutMs(5_000)
            .reconnectDelayMs(100, 400);
    }

    private static String pathOf(final PlantSimulator simulator, final int i)
    {
        return "/Objects/" + simulator.browsePathOf(i);
    }

    private static boolean hasState(final RecordingCollectedRecords records, final State state)
    {
        return records.states().stream().anyMatch(s -> s.state() == state);
    }

    @Test
    void shouldDiscoverExactlyTheSimulatorTagsLeftByTheAllowAndDenyLists() throws Exception
    {
        final PlantSimulator simulator = simulator(SimulatorOptions.builder().port(0).tagCount(60).tagsPerUnit(10)
            .unitsPerArea(2).updatesPerSecond(10));
        final String deniedArea = "/Objects/Plant/Area1/**";
        final int deniedTag = 3;
        final int notAllowedTag = 47;
        final RecordingCollectedRecords records = new RecordingCollectedRecords();
        final OpcUaCollector collector = collector(settings(simulator)
            .allowList(List.of("/Objects/Plant/**/Tag*"))
            .denyList(List.of("i=2253", deniedArea, simulator.nodeIdOf(deniedTag).toParseableString(),
                pathOf(simulator, notAllowedTag)))
            .build(), records);

        records.await("connected", AWAIT_MS, () -> hasState(records, State.CONNECTED));

        final Map<String, String> expected = new TreeMap<>();
        for (int i = 0; i < simulator.tagCount(); i++)
        {
            final String path = pathOf(simulator, i);
            if (!path.startsWith("/Objects/Plant/Area1/") && i != deniedTag && i != notAllowedTag)
            {
                expected.put(simulator.nodeIdOf(i).toParseableString(), path);
            }
        }
        final Map<String, String> discovered = new TreeMap<>();
        for (final TagDefinition definition : records.definitions())
        {
            discovered.put(definition.nodeId(), definition.browsePath());
        }
        assertEquals(expected, discovered);
        assertTrue(expected.size() > 20 && expected.size() < 60, "the filters must remove some tags");
        assertEquals(expected.size(), collector.counters().tagsDiscovered());
    }

    @Test
    void shouldDefineEachTagWithItsBuiltInTypeValueRankAndStableSortedIds() throws Exception
    {
        final PlantSimulator simulator = simulator(SimulatorOptions.builder().port(0).tagCount(TYPES)
            .tagsPerUnit(TYPES).updatesPerSecond(1));
        final RecordingCollectedRecords records = new RecordingCollectedRecords();
        collector(settings(simulator).roots(List.of("/Objects/Plant")).build(), records);

        records.await("connected", AWAIT_MS, () -> hasState(records, State.CONNECTED));

        final Map<String, TagDefinition> byNode = new HashMap<>();
        records.definitions().forEach(d -> byNode.put(d.nodeId(), d));
        assertEquals(TYPES, byNode.size());
        for (int i = 0; i < TYPES; i++)
        {
            final TagDefinition definition = byNode.get(simulator.nodeIdOf(i).toParseableString());
            final TagType type = simulator.typeOf(i);
            assertNotNull(definition, "tag " + i);
            assertEquals(9, definition.sourceId());
            assertEquals(type.dataTypeId().getIdentifier(), UInteger.valueOf(definition.dataType()), type.name());
            assertEquals(type.isArray() ? 1 : -1, definition.valueRank(), type.name());
            assertEquals(pathOf(simulator, i), definition.browsePath());
        }
        final List<TagDefinition> byPath = new ArrayList<>(byNode.values());
        byPath.sort((a, b) -> a.browsePath().compareTo(b.browsePath()));
        for (int i = 0; i < byPath.size(); i++)
        {
            assertEquals(i + 1, byPath.get(i).tagId(), "ids are assigned 1.. in browse-path order on first sight");
        }
    }

    @Test
    void shouldDeliverEveryTypeAndArrayEqualToTheSimulatorOnceItSettles() throws Exception
    {
        final PlantSimulator simulator = simulator(SimulatorOptions.builder().port(0).tagCount(3 * TYPES)
            .tagsPerUnit(8).updatesPerSecond(400).tickIntervalMs(5).badProbability(0.2).seed(7));
        final RecordingCollectedRecords records = new RecordingCollectedRecords();
        final OpcUaCollector collector = collector(settings(simulator)
            .roots(List.of("/Objects/Plant"))
            .monitoredItemsPerCall(7)
            .queueSize(100)
            .dataChangeTrigger(OpcUaDataChangeTrigger.STATUS_VALUE_TIMESTAMP)
            .build(), records);
        records.await("connected", AWAIT_MS, () -> hasState(records, State.CONNECTED));
        records.await("many changes", AWAIT_MS, () -> records.valueCount() > 4L * simulator.tagCount());

        simulator.pause();
        final Map<String, Integer> tagIdByNode = new HashMap<>();
        records.definitions().forEach(d -> tagIdByNode.put(d.nodeId(), d.tagId()));
        final String[] mismatch = new String[1];
        records.await("values equal to the simulator's", AWAIT_MS, () ->
        {
            final Map<Integer, TagValue> latest = records.latestValues();
            for (int i = 0; i < simulator.tagCount(); i++)
            {
                final TagValue actual = latest.get(tagIdByNode.get(simulator.nodeIdOf(i).toParseableString()));
                final String problem = compare(simulator.typeOf(i), simulator.currentValue(i), actual);
                if (problem != null)
                {
                    mismatch[0] = "tag " + i + " " + simulator.typeOf(i) + ": " + problem;
                    return false;
                }
            }
            return true;
        });

        final Map<Integer, TagValue> latest = records.latestValues();
        final Set<Integer> typesSeen = new HashSet<>();
        boolean badSeen = false;
        for (final TagValue value : latest.values())
        {
            typesSeen.add(value.isArray() ? -value.builtinType() : value.builtinType());
            badSeen |= value.statusCode() < 0;
        }
        assertTrue(typesSeen.containsAll(List.of(BuiltinType.BOOLEAN, BuiltinType.SBYTE, BuiltinType.BYTE,
            BuiltinType.INT16, BuiltinType.UINT16, BuiltinType.INT32, BuiltinType.UINT32, BuiltinType.INT64,
            BuiltinType.UINT64, BuiltinType.FLOAT, BuiltinType.DOUBLE, BuiltinType.STRING, BuiltinType.DATE_TIME,
            -BuiltinType.DOUBLE, -BuiltinType.INT32)), "types seen: " + typesSeen + ", last mismatch " + mismatch[0]);
        assertTrue(badSeen, "some values carry a Bad status");
        assertEquals(simulator.tagCount(), collector.counters().tagsDiscovered());
        assertEquals(0, collector.counters().errors(OpcUaCollectorCounters.ErrorKind.UNSUPPORTED_VALUE));
        assertTrue(collector.counters().valuesReceived() >= records.valueCount());
    }

    /**
     * @return null if the collected value equals the simulator's value, status and source timestamp; else why not.
     */
    private static String compare(final TagType type, final DataValue expected, final TagValue actual)
    {
        if (actual == null)
        {
            return "no value";
        }
        if (actual.statusCode() != (int)expected.getStatusCode().getValue())
        {
            return "status " + Integer.toHexString(actual.statusCode()) + " != " + expected.getStatusCode();
        }
        if (!actual.hasSourceTime() || actual.sourceTimeTicks() != expected.getSourceTime().getUtcTime())
        {
            return "source time " + actual.sourceTimeTicks() + " != " + expected.getSourceTime().getUtcTime();
        }
        final Object value = expected.getValue().getValue();
        if (value == null)
        {
            return actual.builtinType() == BuiltinType.NULL ? null : "expected a null value, got " + actual;
        }
        final boolean equal = switch (type)
        {
            case BOOLEAN -> actual.builtinType() == BuiltinType.BOOLEAN && actual.booleanValue() == (Boolean)value;
            case SBYTE -> actual.builtinType() == BuiltinType.SBYTE && actual.longValue() == (Byte)value;
            case BYTE -> actual.builtinType() == BuiltinType.BYTE && actual.longValue() == ((UByte)value).longValue();
            case INT16 -> actual.builtinType() == BuiltinType.INT16 && actual.longValue() == (Short)value;
            case UINT16 -> actual.builtinType() == BuiltinType.UINT16 &&
                actual.longValue() == ((UShort)value).longValue();
            case INT32 -> actual.builtinType() == BuiltinType.INT32 && actual.longValue() == (Integer)value;
            case UINT32 -> actual.builtinType() == BuiltinType.UINT32 &&
                actual.longValue() == ((UInteger)value).longValue();
            case INT64 -> actual.builtinType() == BuiltinType.INT64 && actual.longValue() == (Long)value;
            case UINT64 -> actual.builtinType() == BuiltinType.UINT64 &&
                actual.rawBits() == ((ULong)value).longValue();
            case FLOAT -> actual.builtinType() == BuiltinType.FLOAT &&
                Float.floatToRawIntBits(actual.floatValue()) == Float.floatToRawIntBits((Float)value);
            case DOUBLE -> actual.builtinType() == BuiltinType.DOUBLE &&
                Double.doubleToRawLongBits(actual.doubleValue()) == Double.doubleToRawLongBits((Double)value);
            case STRING -> actual.builtinType() == BuiltinType.STRING && value.equals(actual.objectValue());
            case DATE_TIME -> actual.builtinType() == BuiltinType.DATE_TIME &&
                actual.rawBits() == ((DateTime)value).getUtcTime();
            case DOUBLE_ARRAY -> actual.isArray() && actual.builtinType() == BuiltinType.DOUBLE &&
                sameElements(value, actual.objectValue());
            case INT32_ARRAY -> actual.isArray() && actual.builtinType() == BuiltinType.INT32 &&
                sameElements(value, actual.objectValue());
        };
        return equal ? null : "value " + actual + " != " + value;
    }

    private static boolean sameElements(final Object expected, final Object actual)
    {
        final int n = Array.getLength(expected);
        if (actual == null || Array.getLength(actual) != n || n != TagType.ARRAY_LENGTH)
        {
            return false;
        }
        for (int i = 0; i < n; i++)
        {
            final Object e = Array.get(expected, i);
            final Object a = Array.get(actual, i);
            if (e instanceof Double d ? Double.doubleToRawLongBits(d) != Double.doubleToRawLongBits((Double)a) :
                !e.equals(a))
            {
                return false;
            }
        }
        return true;
    }

    @Test
    void shouldConnectWithBasic256Sha256SignAndEncryptAndUserPassword() throws Exception
    {
        final KeyPair keyPair = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
        final X509Certificate certificate = new SelfSignedCertificateBuilder(keyPair)
            .setCommonName("diodegw collector test")
            .setApplicationUri("urn:diodegw:collector-test")
            .setValidityPeriod(Period.ofDays(2))
            .addIpAddress("127.0.0.1")
            .build();
        final Path certFile = writePem(dir.resolve("client.crt"), "CERTIFICATE", certificate.getEncoded());
        final Path keyFile = writePem(dir.resolve("client.key"), "PRIVATE KEY", keyPair.getPrivate().getEncoded());
        final PlantSimulator simulator = simulator(SimulatorOptions.builder().port(0).tagCount(TYPES)
            .tagsPerUnit(TYPES).updatesPerSecond(50).user("operator").password("right")
            .anonymousAllowed(false).trustedClientCertificates(List.of(certificate)));
        final Path serverFile = writePem(dir.resolve("server.crt"), "CERTIFICATE",
            simulator.serverCertificate().getEncoded());

        final RecordingCollectedRecords good = new RecordingCollectedRecords();
        collector(settings(simulator).security(OpcUaSecurity.BASIC256SHA256_SIGN_AND_ENCRYPT)
            .certificateFile(certFile).privateKeyFile(keyFile).serverCertificateFile(serverFile)
            .user("operator", "right").roots(List.of("/Objects/Plant")).build(), good);
        good.await("values over the encrypted session", AWAIT_MS, () -> good.valueCount() > 2L * TYPES);
        final SourceState connected = good.states().get(0);
        assertEquals(State.CONNECTED, connected.state());
        assertTrue(connected.reason().contains("Basic256Sha256 SignAndEncrypt"), connected.reason());
        assertEquals(TYPES, good.definitions().size());

        final RecordingCollectedRecords wrong = new RecordingCollectedRecords();
        final OpcUaCollector rejected = collector(settings(simulator)
            .security(OpcUaSecurity.BASIC256SHA256_SIGN_AND_ENCRYPT).certificateFile(certFile)
            .privateKeyFile(keyFile).serverCertificateFile(serverFile).user("operator", "wrong")
            .tagIdFile(dir.resolve("other-ids.tsv")).build(), wrong);
        wrong.await("a disconnected state", AWAIT_MS, () -> hasState(wrong, State.DISCONNECTED));
        final SourceState refused = wrong.states().get(0);
        assertEquals(State.DISCONNECTED, refused.state());
        assertEquals(9, refused.sourceId());
        assertTrue(refused.reason().contains("Bad_UserAccessDenied"), refused.reason());
        assertFalse(hasState(wrong, State.CONNECTED));
        assertEquals(0, wrong.valueCount());
        assertTrue(rejected.counters().errors(OpcUaCollectorCounters.ErrorKind.CONNECT_FAILED) >= 1);
    }

    @Test
    void shouldRefuseAServerWhoseCertificateIsNotPinned() throws Exception
    {
        final KeyPair keyPair = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
        final X509Certificate certificate = new SelfSignedCertificateBuilder(keyPair)
            .setApplicationUri("urn:diodegw:collector-test").setValidityPeriod(Period.ofDays(2)).build();
        final Path certFile = writePem(dir.resolve("client.crt"), "CERTIFICATE", certificate.getEncoded());
        final Path keyFile = writePem(dir.resolve("client.key"), "PRIVATE KEY", keyPair.getPrivate().getEncoded());
        final PlantSimulator simulator = simulator(SimulatorOptions.builder().port(0).tagCount(2).tagsPerUnit(2));

        final RecordingCollectedRecords records = new RecordingCollectedRecords();
        collector(settings(simulator).security(OpcUaSecurity.BASIC256SHA256_SIGN).certificateFile(certFile)
            .privateKeyFile(keyFile).serverCertificateFile(certFile).user("operator", "plant").build(), records);

        records.await("a disconnected state", AWAIT_MS, () -> hasState(records, State.DISCONNECTED));
        assertFalse(hasState(records, State.CONNECTED));
        assertTrue(records.states().get(0).reason().contains("Bad_CertificateUntrusted"),
            records.states().get(0).reason());
    }

    @Test
    void shouldReportDisconnectionAndReconnectWhenTheServerRestartsOnTheSamePort() throws Exception
    {
        final SimulatorOptions.Builder options = SimulatorOptions.builder().port(0).tagCount(TYPES)
            .tagsPerUnit(TYPES).updatesPerSecond(100);
        final PlantSimulator first = simulator(options);
        final RecordingCollectedRecords records = new RecordingCollectedRecords();
        final OpcUaCollector collector = collector(settings(first).roots(List.of("/Objects/Plant")).build(),
            records);
        records.await("values", AWAIT_MS, () -> records.valueCount() > TYPES);
        final Map<Integer, TagDefinition> idsBefore = records.definitionsById();

        first.close();
        records.await("disconnected", AWAIT_MS, () -> hasState(records, State.DISCONNECTED));
        final long valuesAtLoss = records.valueCount();
        final SourceState lost = records.states().stream().filter(s -> s.state() == State.DISCONNECTED)
            .findFirst().orElseThrow();
        assertTrue(lost.reason() != null && !lost.reason().isEmpty());

        simulator(options.port(first.port()));
        records.await("reconnected", AWAIT_MS, () -> records.states().get(records.states().size() - 1).state() ==
            State.CONNECTED && records.states().size() >= 3);
        records.await("values again", AWAIT_MS, () -> records.valueCount() > valuesAtLoss + TYPES);

        assertTrue(collector.counters().reconnects() >= 1);
        assertTrue(collector.counters().errors(OpcUaCollectorCounters.ErrorKind.SESSION_LOST) >= 1);
        assertEquals(State.CONNECTED, records.states().get(0).state());
        for (final Map.Entry<Integer, TagDefinition> entry : records.definitionsById().entrySet())
        {
            assertEquals(idsBefore.get(entry.getKey()).nodeId(), entry.getValue().nodeId(),
                "tag ids survive the reconnection");
        }
    }

    @Test
    void shouldKeepTagIdsAcrossCollectorRunsAndNumberNewTagsAfterThem() throws Exception
    {
        final PlantSimulator simulator = simulator(SimulatorOptions.builder().port(0).tagCount(40).tagsPerUnit(10)
            .unitsPerArea(2).updatesPerSecond(10));
        final Map<String, Integer> firstRun = idsOfRun(settings(simulator)
            .allowList(List.of("/Objects/Plant/Area1/**")).build());
        final Map<String, Integer> secondRun = idsOfRun(settings(simulator)
            .roots(List.of("/Objects/Plant")).build());
        final Map<String, Integer> thirdRun = idsOfRun(settings(simulator)
            .roots(List.of(simulator.nodeIdOf(0).toParseableString().replace("/Area0/Unit0/Tag0", "")))
            .build());

        assertEquals(20, firstRun.size());
        assertEquals(40, secondRun.size());
        for (final Map.Entry<String, Integer> entry : firstRun.entrySet())
        {
            assertEquals(entry.getValue(), secondRun.get(entry.getKey()), entry.getKey());
        }
        for (final Map.Entry<String, Integer> entry : secondRun.entrySet())
        {
            if (!firstRun.containsKey(entry.getKey()))
            {
                assertTrue(entry.getValue() > 20, "a new tag gets a new id after the old ones");
            }
        }
        assertEquals(secondRun, thirdRun);
    }

    private Map<String, Integer> idsOfRun(final OpcUaCollectorSettings settings) throws Exception
    {
        final RecordingCollectedRecords records = new RecordingCollectedRecords();
        try (OpcUaCollector collector = new OpcUaCollector(settings, records))
        {
            collector.start();
            records.await("connected", AWAIT_MS, () -> hasState(records, State.CONNECTED));
        }
        final Map<String, Integer> ids = new HashMap<>();
        for (final TagDefinition definition : records.definitions())
        {
            ids.put(definition.nodeId(), definition.tagId());
        }
        final List<SourceState> states = records.states();
        assertEquals(State.DISCONNECTED, states.get(states.size() - 1).state(), "close reports the disconnection");
        return ids;
    }

    private static Path writePem(final Path file, final String type, final byte[] der) throws Exception
    {
        final String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n",
            StandardCharsets.US_ASCII);
        return file;
    }
}
