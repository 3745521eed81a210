package io.diodegw.receiver.table;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.diodegw.config.Config;
import io.diodegw.config.ConfigLoader;
import io.diodegw.config.Side;
import io.diodegw.wire.record.BuiltinType;
import io.diodegw.wire.record.RecordType;
import io.diodegw.wire.record.SourceState;
import io.diodegw.wire.record.StatusCodes;
import io.diodegw.wire.record.TagDefinition;
import io.diodegw.wire.record.TagValue;

/**
 * Served statuses under DESIGN.md guarantee 4, every transition and its recovery, with explicit times: the stored
 * status never changes, the served one is computed from the policy and the reader's clock.
 */
class StalenessTest
{
    private static final long EPOCH = 77;
    private static final long LINK_SILENT_MS = 5_000;
    private static final long UNCERTAIN_MS = 2_000;
    private static final long BAD_MS = 30_000;
    private static final long START_MS = 1_700_000_000_000L;
    private static final long T0 = OpcUaTime.fromUnixMs(START_MS);
    private static final int SENSOR_FAILURE = 0x808C_0000;
    private static final int SENSOR_NOT_ACCURATE = 0x4093_0000;

    private final TagTable table = new TagTable(new StalenessPolicy(LINK_SILENT_MS, UNCERTAIN_MS, BAD_MS));

    @Test
    void shouldServeWaitingForInitialDataForADefinedTagWithoutValueWhateverHappens()
    {
        table.applyDefinition(definition(1, 1));
        assertServed(1, START_MS, StatusCodes.BAD_WAITING_FOR_INITIAL_DATA, Staleness.NONE);

        disconnect(1, 3, START_MS);
        assertServed(1, START_MS + BAD_MS, StatusCodes.BAD_WAITING_FOR_INITIAL_DATA, Staleness.BAD);
        assertEquals(SourceState.State.DISCONNECTED, table.servedStatus(table.tag(1), START_MS).sourceState());
    }

    @Test
    void shouldDegradeToUncertainThenBadAfterTheSourceDisconnectsAndRestoreWhenItReconnects()
    {
        defineWithValue(1, 1, 2, StatusCodes.GOOD);
        final long disconnectMs = START_MS + 1_000;
        disconnect(1, 3, disconnectMs);

        assertServed(1, disconnectMs + UNCERTAIN_MS - 1, StatusCodes.GOOD, Staleness.NONE);
        assertEquals(disconnectMs, table.servedStatus(table.tag(1), disconnectMs + 1).staleSinceMs(),
            "the condition holds before the status degrades");
        assertServed(1, disconnectMs + UNCERTAIN_MS, StatusCodes.UNCERTAIN_LAST_USABLE_VALUE, Staleness.UNCERTAIN);
        assertServed(1, disconnectMs + BAD_MS - 1, StatusCodes.UNCERTAIN_LAST_USABLE_VALUE, Staleness.UNCERTAIN);
        assertServed(1, disconnectMs + BAD_MS, StatusCodes.BAD_NO_COMMUNICATION, Staleness.BAD);
        assertEquals(StatusCodes.GOOD, table.tag(1).statusCode(), "the stored status is never changed");

        table.applySourceState(state(1, SourceState.State.CONNECTED, disconnectMs + 40_000), 4,
            disconnectMs + 40_000);
        assertServed(1, disconnectMs + 40_000, StatusCodes.GOOD, Staleness.NONE);
        assertEquals(-1, table.servedStatus(table.tag(1), disconnectMs + 40_000).staleSinceMs());
    }

    @Test
    void shouldRestoreATagWithAFreshLiveValueWhileItsSourceStillLooksDisconnected()
    {
        defineWithValue(1, 1, 2, StatusCodes.GOOD);
        defineWithValue(2, 1, 2, StatusCodes.GOOD);
        disconnect(1, 3, START_MS);

        table.applyValue(RecordType.TAG_VALUE_BATCH, value(1, StatusCodes.GOOD), 5, START_MS + BAD_MS);

        assertServed(1, START_MS + BAD_MS, StatusCodes.GOOD, Staleness.NONE);
        assertServed(2, START_MS + BAD_MS, StatusCodes.BAD_NO_COMMUNICATION, Staleness.BAD);
    }

    @Test
    void shouldDegradeEveryTagWhenTheLinkIsSilentAndRestoreWhenTheSenderIsHeardAgain()
    {
        defineWithValue(1, 1, 2, StatusCodes.GOOD);
        table.applyValue(RecordType.TAG_VALUE_BATCH, value(9, StatusCodes.GOOD), 3, START_MS);
        final long heardMs = START_MS + 100;
        table.onSenderHeard(EPOCH, heardMs);

        final long silentMs = heardMs + LINK_SILENT_MS;
        assertServed(1, silentMs - 1, StatusCodes.GOOD, Staleness.NONE);
        assertEquals(-1, table.servedStatus(table.tag(1), silentMs - 1).staleSinceMs());
        assertFalse(table.isLinkSilent(silentMs - 1));
        assertTrue(table.isLinkSilent(silentMs));
        assertEquals(silentMs, table.servedStatus(table.tag(1), silentMs).staleSinceMs());
        assertServed(1, silentMs + UNCERTAIN_MS - 1, StatusCodes.GOOD, Staleness.NONE);
        assertServed(1, silentMs + UNCERTAIN_MS, StatusCodes.UNCERTAIN_LAST_USABLE_VALUE, Staleness.UNCERTAIN);
        assertServed(1, silentMs + BAD_MS, StatusCodes.BAD_NO_COMMUNICATION, Staleness.BAD);
        assertServed(9, silentMs + BAD_MS, StatusCodes.BAD_NO_COMMUNICATION, Staleness.BAD,
            "a tag without definition is stale with the link too");

        table.onSenderHeard(EPOCH + 1, silentMs + BAD_MS + 10);
        assertServed(1, silentMs + BAD_MS + 10, StatusCodes.GOOD, Staleness.NONE);
        assertEquals(EPOCH + 1, table.senderEpoch());
        assertEquals(silentMs + BAD_MS + 10, table.lastHeardMs());
    }

    @Test
    void shouldNeverServeABadValueAsUncertainButServeNoCommunicationOnceBad()
    {
        defineWithValue(1, 1, 2, SENSOR_FAILURE);
        defineWithValue(2, 1, 2, SENSOR_NOT_ACCURATE);
        disconnect(1, 3, START_MS);

        assertServed(1, START_MS + UNCERTAIN_MS, SENSOR_FAILURE, Staleness.UNCERTAIN);
        assertServed(2, START_MS + UNCERTAIN_MS, StatusCodes.UNCERTAIN_LAST_USABLE_VALUE, Staleness.UNCERTAIN);
        assertServed(1, START_MS + BAD_MS, StatusCodes.BAD_NO_COMMUNICATION, Staleness.BAD);
    }

    @Test
    void shouldCountFromTheSendersStateTimeWhenItIsEarlierThanTheApplyTime()
    {
        defineWithValue(1, 1, 2, StatusCodes.GOOD);
        final long lateJoinMs = START_MS + 3_600_000;
        table.applySnapshotSourceState(state(1, SourceState.State.DISCONNECTED, START_MS), 10, lateJoinMs);
        assertServed(1, lateJoinMs, StatusCodes.BAD_NO_COMMUNICATION, Staleness.BAD);
        assertEquals(START_MS, table.sources().get(0).notCommunicatingSinceMs());

        defineWithValue(2, 2, 2, StatusCodes.GOOD);
        table.applySourceState(state(2, SourceState.State.DISCONNECTED, lateJoinMs + 60_000), 11, lateJoinMs);
        assertEquals(lateJoinMs, table.sources().get(1).notCommunicatingSinceMs(), "a sender clock ahead counts less");
    }

    @Test
    void shouldTreatConnectingAndDisabledAsNotCommunicatingWithoutRestartingTheClock()
    {
        defineWithValue(1, 1, 2, StatusCodes.GOOD);
        disconnect(1, 3, START_MS);
        table.applySourceState(state(1, SourceState.State.CONNECTING, START_MS + 10_000), 4, START_MS + 10_000);
        table.applySourceState(state(1, SourceState.State.DISABLED, START_MS + 20_000), 5, START_MS + 20_000);
        assertServed(1, START_MS + BAD_MS, StatusCodes.BAD_NO_COMMUNICATION, Staleness.BAD);

        table.applySourceState(state(1, SourceState.State.DEGRADED, START_MS + 31_000), 6, START_MS + 31_000);
        assertServed(1, START_MS + 31_000, StatusCodes.GOOD, Staleness.NONE);
        assertEquals(-1, table.sources().get(0).notCommunicatingSinceMs());
    }

    @Test
    void shouldMarkTagsUncertainAtOnceWithTheDefaultPolicy()
    {
        final TagTable defaults = new TagTable();
        defaults.applyDefinition(definition(1, 1));
        defaults.applyValue(RecordType.TAG_VALUE_BATCH, value(1, StatusCodes.GOOD), 2, START_MS);
        defaults.applySourceState(state(1, SourceState.State.DISCONNECTED, START_MS), 3, START_MS);

        assertEquals(StatusCodes.UNCERTAIN_LAST_USABLE_VALUE,
            defaults.servedStatus(defaults.tag(1), START_MS).statusCode());
        assertEquals(StatusCodes.BAD_NO_COMMUNICATION,
            defaults.servedStatus(defaults.tag(1), START_MS + 30_000).statusCode());
    }

    @Test
    void shouldCountTheDegradedTagsPerSourceAndInTotal()
    {
        defineWithValue(1, 1, 2, StatusCodes.GOOD);
        defineWithValue(2, 1, 2, StatusCodes.GOOD);
        table.applyDefinition(definition(3, 1));
        defineWithValue(4, 2, 2, StatusCodes.GOOD);
        defineWithValue(5, 3, 2, StatusCodes.GOOD);
        disconnect(1, 3, START_MS);
        table.applySourceState(state(2, SourceState.State.DISCONNECTED, START_MS + 20_000), 4, START_MS + 20_000);
        table.applySourceState(state(3, SourceState.State.CONNECTED, START_MS), 5, START_MS);

        final Map<Integer, StaleCounts> bySource = new HashMap<>();
        final StaleCounts total = table.staleCounts(START_MS + BAD_MS, bySource);

        assertEquals(Map.of(1, new StaleCounts(0, 2, 1), 2, new StaleCounts(1, 0, 0)), bySource);
        assertEquals(new StaleCounts(1, 2, 1), total);
        assertEquals(Staleness.BAD, table.sourceStaleness(table.sources().get(0), START_MS + BAD_MS));
        assertEquals(Staleness.UNCERTAIN, table.sourceStaleness(table.sources().get(1), START_MS + BAD_MS));
        assertEquals(Staleness.NONE, table.sourceStaleness(table.sources().get(2), START_MS + BAD_MS));
    }

    @Test
    void shouldComputeStagesAtTheirBoundariesAndSkipUncertainWhenBadComesFirst()
    {
        final StalenessPolicy policy = new StalenessPolicy(1_000, 10, 20);
        assertEquals(Staleness.NONE, policy.stage(Long.MAX_VALUE, 5));
        assertEquals(Staleness.NONE, policy.stage(100, 99), "a condition in the future");
        assertEquals(Staleness.NONE, policy.stage(100, 109));
        assertEquals(Staleness.UNCERTAIN, policy.stage(100, 110));
        assertEquals(Staleness.BAD, policy.stage(100, 120));

        final StalenessPolicy straightToBad = new StalenessPolicy(1_000, 50, 50);
        assertEquals(Staleness.NONE, straightToBad.stage(0, 49));
        assertEquals(Staleness.BAD, straightToBad.stage(0, 50));

        assertThrows(IllegalArgumentException.class, () -> new StalenessPolicy(0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new StalenessPolicy(1, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new StalenessPolicy(1, 0, -1));
    }

    @Test
    void shouldReadThePolicyFromTheReceiverSettings()
    {
        final Map<String, String> values = new HashMap<>();
        values.put("receiver.privateKeyFile", "/nonexistent/receiver.pem");
        values.put("receiver.trustedSenderKeyFiles", "/nonexistent/sender.pub.pem");
        values.put("receiver.staleness.linkSilentMs", "7s");
        values.put("receiver.staleness.uncertainAfterMs", "1500");
        values.put("receiver.staleness.badAfterMs", "1m");
        final Config config = ConfigLoader.fromValues(Side.RECEIVER, "test", values);

        final StalenessPolicy policy = StalenessPolicy.fromConfig(config);

        assertEquals(7_000, policy.linkSilentMs());
        assertEquals(1_500, policy.uncertainAfterMs());
        assertEquals(60_000, policy.badAfterMs());
        assertEquals(5_000, StalenessPolicy.defaults().linkSilentMs());
        assertEquals(0, StalenessPolicy.defaults().uncertainAfterMs());
        assertEquals(30_000, StalenessPolicy.defaults().badAfterMs());
    }

    private void assertServed(final int tagId, final long nowMs, final int statusCode, final Staleness stage)
    {
        assertServed(tagId, nowMs, statusCode, stage, "tag " + tagId + " at +" + (nowMs - START_MS) + " ms");
    }

    private void assertServed(final int tagId, final long nowMs, final int statusCode, final Staleness stage,
        final String message)
    {
        final ServedStatus served = table.servedStatus(table.tag(tagId), nowMs);
        assertEquals(StatusCodes.name(statusCode), StatusCodes.name(served.statusCode()), message);
        assertEquals(statusCode, served.statusCode(), message);
        assertEquals(stage, served.staleness(), message);
    }

    private void defineWithValue(final int tagId, final int sourceId, final long sequence, final int statusCode)
    {
        table.applyDefinition(definition(tagId, sourceId));
        table.applyValue(RecordType.TAG_VALUE_BATCH, value(tagId, statusCode), sequence, START_MS);
    }

    private void disconnect(final int sourceId, final long sequence, final long appliedMs)
    {
        table.applySourceState(state(sourceId, SourceState.State.DISCONNECTED, appliedMs), sequence, appliedMs);
    }

    private static SourceState state(final int sourceId, final SourceState.State state, final long atMs)
    {
        return new SourceState().sourceId(sourceId).state(state).timeTicks(OpcUaTime.fromUnixMs(atMs))
            .reason(state.name());
    }

    private static TagDefinition definition(final int tagId, final int sourceId)
    {
        return new TagDefinition().tagId(tagId).sourceId(sourceId).dataType(BuiltinType.DOUBLE).valueRank(-1)
            .browsePath("S" + sourceId + "/T" + tagId);
    }

    private static TagValue value(final int tagId, final int statusCode)
    {
        return new TagValue().setTagId(tagId).setDouble(tagId).setStatusCode(statusCode).setSourceTime(T0);
    }
}
