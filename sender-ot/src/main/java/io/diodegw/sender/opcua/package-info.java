/**
 * The OPC UA adapter of the sender: {@link io.diodegw.sender.opcua.OpcUaCollector} subscribes to one OPC UA server
 * with the Eclipse Milo client and hands tag definitions, values and source states to the journal through
 * {@link io.diodegw.sender.journal.CollectedRecords}. Milo stays inside this package.
 *
 * <p>Choices:
 * <ul>
 *   <li>Credentials are PEM files: the application certificate (leaf first, then any chain), its RSA key as
 *   unencrypted PKCS#8, and the pinned server certificates. PEM is what openssl and most site PKIs hand out and what
 *   the link's own key files use; a PKCS#12 store would need one more secret.</li>
 *   <li>Tag ids are persisted per node (NodeId with namespace URI, so a server that renumbers its namespaces keeps
 *   them) in a small append-only file; new nodes get the next ids in browse-path order. Ids deterministic from
 *   sorted browse paths alone would shift whenever a tag is added.</li>
 *   <li>Every reconnection uses a fresh Milo client and re-browses, so a restarted server with new certificates,
 *   endpoints or tags is picked up; subscriptions are re-created rather than transferred.</li>
 * </ul>
 */
package io.diodegw.sender.opcua;
