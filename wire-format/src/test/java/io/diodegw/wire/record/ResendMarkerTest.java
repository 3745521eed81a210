package io.diodegw.wire.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ResendMarkerTest
{
    private static final long STREAM_SEQUENCE = 120;

    @Test
    void shouldWriteEveryFieldAtItsDocumentedOffset()
    {
        final byte[] buffer = new byte[256];
        final BlockWriter block = new BlockWriter().wrap(buffer, 0, buffer.length).outOfBand(true);
        assertTrue(new ResendMarker().passId(7).range(100, 120).resentCount(4).addRun(101, 3).addRun(110, 11)
            .writeTo(block, STREAM_SEQUENCE));

        final int body = BlockWriter.HEADER_LENGTH + RecordHeader.LENGTH;
        assertEquals(RecordType.RESEND_MARKER.id(), WireBytes.getU16(buffer,
            BlockWriter.HEADER_LENGTH + RecordHeader.TYPE_OFFSET));
        assertEquals(ResendMarker.bodyLength(2), WireBytes.getI32(buffer,
            BlockWriter.HEADER_LENGTH + RecordHeader.BODY_LENGTH_OFFSET));
        assertEquals(7, WireBytes.getI64(buffer, body + ResendMarker.PASS_ID_OFFSET));
        assertEquals(100, WireBytes.getI64(buffer, body + ResendMarker.FROM_SEQUENCE_OFFSET));
        assertEquals(120, WireBytes.getI64(buffer, body + ResendMarker.TO_SEQUENCE_OFFSET));
        assertEquals(4, WireBytes.getI32(buffer, body + ResendMarker.RESENT_COUNT_OFFSET));
        assertEquals(2, WireBytes.getI32(buffer, body + ResendMarker.RUN_COUNT_OFFSET));
        assertEquals(101, WireBytes.getI64(buffer, body + ResendMarker.RUNS_OFFSET));
        assertEquals(3, WireBytes.getI32(buffer, body + ResendMarker.RUNS_OFFSET + ResendMarker.RUN_COUNT_FIELD_OFFSET));
        assertEquals(110, WireBytes.getI64(buffer, body + ResendMarker.RUNS_OFFSET + ResendMarker.RUN_LENGTH));
        assertEquals(11, WireBytes.getI32(buffer,
            body + ResendMarker.RUNS_OFFSET + ResendMarker.RUN_LENGTH + ResendMarker.RUN_COUNT_FIELD_OFFSET));

        final BlockReader reader = new BlockReader();
        assertTrue(reader.wrap(buffer, 0, buffer.length));
        assertTrue(reader.isOutOfBand());
        assertTrue(reader.next());
        assertEquals(RecordType.RESEND_MARKER, reader.type());
        assertEquals(STREAM_SEQUENCE, reader.streamSequence());
        assertEquals(14, reader.resendMarker().supersededCount());
        assertEquals(110, reader.resendMarker().runFirst(1));
    }

    @Test
    void shouldRejectRunsThatAreEmptyOverlappingUnorderedOrOutsideTheRange()
    {
        assertMalformed(new long[] {100, 0});
        assertMalformed(new long[] {99, 2});
        assertMalformed(new long[] {118, 4});
        assertMalformed(new long[] {121, 1});
        assertMalformed(new long[] {100, 5, 104, 1});
        assertMalformed(new long[] {110, 1, 105, 1});
        assertMalformed(new long[] {100, 21, 120, 1});
        assertValid(new long[] {100, 21});
        assertValid(new long[] {100, 1, 101, 1, 120, 1});
        assertValid(new long[] {});
    }

    @Test
    void shouldRefuseToWriteInvalidRunsAndLeaveTheBlockUnchanged()
    {
        final byte[] buffer = new byte[256];
        final BlockWriter block = new BlockWriter().wrap(buffer, 0, buffer.length);
        final ResendMarker marker = new ResendMarker().range(10, 20).addRun(5, 2);
        assertThrows(IllegalArgumentException.class, () -> marker.writeTo(block, 20));
        assertThrows(IllegalArgumentException.class, () -> new ResendMarker().range(21, 20));
        assertEquals(0, block.recordCount());
    }

    @Test
    void shouldNotFitWhenTheBlockIsTooSmallForAllRuns()
    {
        final ResendMarker marker = new ResendMarker().range(0, 1000);
        for (int i = 0; i < 20; i++)
        {
            marker.addRun(i * 10L, 5);
        }
        final byte[] buffer = new byte[BlockWriter.HEADER_LENGTH + RecordHeader.LENGTH + ResendMarker.bodyLength(19)];
        final BlockWriter block = new BlockWriter().wrap(buffer, 0, buffer.length);
        assertFalse(marker.writeTo(block, 1000));
        assertEquals(0, block.recordCount());
        marker.clearRuns();
        assertTrue(marker.writeTo(block, 1000));
    }

    @Test
    void shouldRejectARunCountTheBodyCannotHold()
    {
        final byte[] body = body(new long[] {100, 1});
        WireBytes.putI32(body, ResendMarker.RUN_COUNT_OFFSET, 0x7FFF_FFFF);
        assertFalse(new ResendMarker().readFrom(body, 0, body.length));
        WireBytes.putI32(body, ResendMarker.RUN_COUNT_OFFSET, -1);
        assertFalse(new ResendMarker().readFrom(body, 0, body.length));
    }

    private static void assertMalformed(final long[] runs)
    {
        final byte[] body = body(runs);
        assertFalse(new ResendMarker().readFrom(body, 0, body.length), java.util.Arrays.toString(runs));
    }

    private static void assertValid(final long[] runs)
    {
        final byte[] body = body(runs);
        final ResendMarker marker = new ResendMarker();
        assertTrue(marker.readFrom(body, 0, body.length), java.util.Arrays.toString(runs));
        assertEquals(runs.length / 2, marker.runCount());
    }

    /** @return a body for segment 100..120 with the given (first, length) pairs, written without validation. */
    private static byte[] body(final long[] runs)
    {
        final byte[] body = new byte[ResendMarker.bodyLength(runs.length / 2)];
        WireBytes.putI64(body, ResendMarker.PASS_ID_OFFSET, 1);
        WireBytes.putI64(body, ResendMarker.FROM_SEQUENCE_OFFSET, 100);
        WireBytes.putI64(body, ResendMarker.TO_SEQUENCE_OFFSET, 120);
        WireBytes.putI32(body, ResendMarker.RUN_COUNT_OFFSET, runs.length / 2);
        for (int i = 0; i < runs.length / 2; i++)
        {
            WireBytes.putI64(body, ResendMarker.RUNS_OFFSET + i * ResendMarker.RUN_LENGTH, runs[2 * i]);
            WireBytes.putI32(body, ResendMarker.RUNS_OFFSET + i * ResendMarker.RUN_LENGTH +
                ResendMarker.RUN_COUNT_FIELD_OFFSET, (int)runs[2 * i + 1]);
        }
        return body;
    }
}
