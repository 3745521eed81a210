package io.diodegw.sender.journal;

import io.diodegw.wire.record.SourceState;
import io.diodegw.wire.record.TagDefinition;
import io.diodegw.wire.record.TagValue;

/**
 * Where everything the sender collects goes first: the OT journal. Collectors (OPC UA, historian exports) hand each
 * record over as soon as they have it; the journal assigns the stream sequence and makes it durable before the
 * replicator may send it.
 *
 * <p>Implementations are safe to call from several collector threads; each call copies what it needs, so the
 * caller may reuse its holder immediately. A call never blocks on the link.
 */
public interface CollectedRecords
{
    /**
     * @param definition a tag's id, source, node id, browse path, data type and units; sent before its values.
     */
    void tagDefinition(TagDefinition definition);

    /**
     * @param sourceId the OT source (OPC UA server) the value came from.
     * @param value    one live update of one tag.
     */
    void tagValue(int sourceId, TagValue value);

    /**
     * @param state a source connected, disconnected (with the reason) or changed state.
     */
    void sourceState(SourceState state);
}
