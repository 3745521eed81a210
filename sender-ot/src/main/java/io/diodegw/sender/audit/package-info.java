/**
 * The sender's audit trail: security-relevant events become AUDIT_EVENT records in the OT journal, sent in band
 * with the data to the receiver's audit log and sinks.
 */
package io.diodegw.sender.audit;
