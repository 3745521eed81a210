/**
 * The record stream carried inside FEC blocks: the block payload layout ({@link io.diodegw.wire.record.BlockWriter},
 * {@link io.diodegw.wire.record.BlockReader}), the record header ({@link io.diodegw.wire.record.RecordHeader}), the
 * record types ({@link io.diodegw.wire.record.RecordType}) and their bodies, and the compact tag value encoding
 * ({@link io.diodegw.wire.record.TagValueCodec}, {@link io.diodegw.wire.record.TagValueBatchWriter}).
 *
 * <p>Conventions: fixed-width integers are little-endian; u8/u16/u32/u64 are unsigned, i32/i64 two's complement;
 * varints are LEB128 in their shortest form (at most 10 bytes); zigzag maps signed to unsigned (0, -1, 1, -2 to 0, 1,
 * 2, 3); a string is a varint of (UTF-8 byte length + 1, 0 for null) followed by strict UTF-8; times are OPC UA
 * DateTime: signed 64-bit counts of 100-ns ticks since 1601-01-01 UTC. The layout is versioned by the protocol version
 * of the datagram header; within a version, new record types may be added (older readers skip them by length) and
 * fields may be appended to a record body (older readers ignore trailing bytes).
 *
 * <p>Depends on nothing but the JDK.
 */
package io.diodegw.wire.record;
