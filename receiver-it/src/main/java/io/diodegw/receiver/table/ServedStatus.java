package io.diodegw.receiver.table;

import io.diodegw.wire.record.SourceState;

/**
 * What a reader is served for a tag at one instant ({@link TagTable#servedStatus}): the StatusCode after staleness,
 * with what it was computed from. Immutable.
 *
 * @param statusCode     the served OPC UA StatusCode (see {@link StalenessPolicy#servedStatusCode}).
 * @param staleness      the stage of the tag's staleness.
 * @param staleSinceMs   when the stale condition that counts began (the source stopped communicating, or the link
 *                       was declared silent), ms since 1970; -1 while none holds. A condition may hold while the
 *                       stage is still {@link Staleness#NONE} ({@code receiver.staleness.uncertainAfterMs}).
 * @param sourceState    the last state reported for the tag's source, or null when unknown (no definition, or no
 *                       SOURCE_STATE yet).
 */
public record ServedStatus(int statusCode, Staleness staleness, long staleSinceMs, SourceState.State sourceState)
{
}
