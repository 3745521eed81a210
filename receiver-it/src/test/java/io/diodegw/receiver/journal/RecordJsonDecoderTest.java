package io.diodegw.receiver.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.diodegw.wire.record.BlockReader;
import io.diodegw.wire.record.BlockWriter;
import io.diodegw.wire.record.BuiltinType;
import io.diodegw.wire.record.LocalizedText;
import io.diodegw.wire.record.QualifiedName;
import io.diodegw.wire.record.TagValue;
import io.diodegw.wire.record.TagValueBatchWriter;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordJsonDecoderTest
{
    @TempDir
    Path dir;

    private List<String> decode(final TagValue... values)
    {
        return decode(new RecordJsonDecoder(), values);
    }

    private List<String> decode(final RecordJsonDecoder decoder, final TagValue... values)
    {
        final byte[] buffer = new byte[8192];
        final BlockWriter block = new BlockWriter().wrap(buffer, 0, buffer.length);
        final TagValueBatchWriter batch = new TagValueBatchWriter();
        batch.beginLiveValues(block, 99);
        for (final TagValue value : values)
        {
            batch.append(value);
        }
        block.finish();
        final BlockReader reader = new BlockReader();
        reader.wrap(buffer, 0, buffer.length);
        reader.next();
        final List<String> json = new ArrayList<>();
        try (ItJournal journal = ItJournal.open(dir, () -> 1_790_000_000_000L);
            JournalCursor cursor = journal.cursor("test"))
        {
            journal.record(reader.type(), 99, 3, reader.buffer(), reader.bodyOffset(), reader.bodyLength());
            final JournalEntry entry = new JournalEntry();
            cursor.next(entry);
            decoder.decode(entry, record -> json.add(new String(record.json(),
                StandardCharsets.UTF_8)));
        }
        return json;
    }

    @Test
    void shouldDecodeAnAuditEventOfTheSenderAsAnAuditObjectOfOriginOt()
    {
        final byte[] buffer = new byte[8192];
        final BlockWriter block = new BlockWriter().wrap(buffer, 0, buffer.length);
        new io.diodegw.wire.record.AuditEvent().timeTicks(RecordJsonDecoder.toTicks(Instant.parse(
            "2026-11-23T10:15:30.5Z"))).eventId(77).category(io.diodegw.wire.record.AuditEvent.Category.SECURITY)
            .result(io.diodegw.wire.record.AuditEvent.Result.SUCCESS).type("session-key.rotated")
            .source("replicator").message("senderEpoch=3 keyId=2").writeTo(block, 41);
        block.finish();
        final BlockReader reader = new BlockReader();
        reader.wrap(buffer, 0, buffer.length);
        reader.next();
        final List<String> json = new ArrayList<>();
        try (ItJournal journal = ItJournal.open(dir, () -> 1_790_000_000_000L);
            JournalCursor cursor = journal.cursor("test"))
        {
            journal.record(reader.type(), 41, 3, reader.buffer(), reader.bodyOffset(), reader.bodyLength());
            final JournalEntry entry = new JournalEntry();
            cursor.next(entry);
            new RecordJsonDecoder().decode(entry, record -> json.add(new String(record.json(),
                StandardCharsets.UTF_8)));
        }
        assertEquals(List.of("{\"kind\":\"audit\",\"origin\":\"OT\",\"time\":\"2026-11-23T10:15:30.5000000Z\"," +
            "\"eventId\":\"77\",\"category\":\"security\",\"result\":\"success\",\"type\":\"session-key.rotated\"," +
            "\"source\":\"replicator\",\"message\":\"senderEpoch=3 keyId=2\",\"streamSequence\":41,\"senderEpoch\":3," +
            "\"appliedAt\":\"2026-09-21T14:13:20Z\"}"), json);
    }

    @Test
    void shouldFormatOpcUaTimesWithAllSevenTickDigits()
    {
        assertEquals("2026-11-23T10:15:30.1234567Z",
            RecordJsonDecoder.formatTicks(RecordJsonDecoder.toTicks(Instant.parse("2026-11-23T10:15:30.1234567Z"))));
        assertEquals("1601-01-01T00:00:00.0000000Z", RecordJsonDecoder.formatTicks(0));
        assertEquals("1970-01-01T00:00:00.0000001Z", RecordJsonDecoder.formatTicks(116_444_736_000_000_001L));
    }

    @Test
    void shouldTakeTheIdentityOfATagWhoseDefinitionTheJournalLostFromTheMirrorAndMarkIt()
    {
        final RecordJsonDecoder decoder = new RecordJsonDecoder(tagId -> tagId == 5 ?
            new TagIdentities.Identity(3, "ns=2;s=Boiler/Temp", "/Plant/Boiler/Temp") : null);
        final List<String> json = decode(decoder,
            new TagValue().setTagId(5).setDouble(81.25),
            new TagValue().setTagId(6).setDouble(1.5));

        assertEquals("{\"kind\":\"value\",\"source\":3,\"tagId\":5,\"nodeId\":\"ns=2;s=Boiler/Temp\"," +
            "\"browsePath\":\"/Plant/Boiler/Temp\",\"identityFrom\":\"snapshot\",\"dataType\":\"Double\"," +
            "\"array\":false,\"value\":81.25,\"statusCode\":0,\"status\":\"Good\",\"streamSequence\":99," +
            "\"index\":0,\"senderEpoch\":3,\"appliedAt\":\"2026-09-21T14:13:20Z\"}", json.get(0));
        assertEquals("{\"kind\":\"value\",\"tagId\":6,\"dataType\":\"Double\",\"array\":false," +
            "\"value\":1.5,\"statusCode\":0,\"status\":\"Good\",\"streamSequence\":99,\"index\":1," +
            "\"senderEpoch\":3,\"appliedAt\":\"2026-09-21T14:13:20Z\"}", json.get(1));
        assertEquals(1, decoder.identitiesFromSnapshot());
    }

    @Test
    void shouldWriteScalarsOfEveryKindAsTheirJsonForm()
    {
        final long ticks = RecordJsonDecoder.toTicks(Instant.parse("2026-11-23T10:15:30.5Z"));
        final List<String> json = decode(
            new TagValue().setTagId(1).setBoolean(true).setSourceTime(ticks, 42),
            new TagValue().setTagId(2).setUInt64(-1L),
            new TagValue().setTagId(3).setDouble(Double.NaN).setStatusCode(0x80310000),
            new TagValue().setTagId(4).setString("a\"b"),
            new TagValue().setTagId(5).setByteString(new byte[] {1, 2, 3}),
            new TagValue().setTagId(6).setGuid(new UUID(1, 2)),
            new TagValue().setTagId(7).setQualifiedName(new QualifiedName(2, "q")),
            new TagValue().setTagId(8).setLocalizedText(new LocalizedText("en", "t")),
            new TagValue().setTagId(9).setDateTime(ticks),
            new TagValue().setTagId(10).setUInt32(4_000_000_000L),
            new TagValue().setTagId(11).setNull());
        assertEquals(11, json.size());
        assertEquals("{\"kind\":\"value\",\"tagId\":1,\"dataType\":\"Boolean\",\"array\":false,\"value\":true," +
            "\"statusCode\":0,\"status\":\"Good\",\"sourceTime\":\"2026-11-23T10:15:30.5000000Z\"," +
            "\"sourcePicoseconds\":42,\"streamSequence\":99,\"index\":0,\"senderEpoch\":3," +
            "\"appliedAt\":\"2026-09-21T14:13:20Z\"}", json.get(0));
        assertEquals("\"value\":18446744073709551615", fieldOf(json.get(1), "value"));
        assertEquals("\"value\":\"NaN\"", fieldOf(json.get(2), "value"));
        assertEquals("\"status\":\"Bad_NoCommunication\"", fieldOf(json.get(2), "status"));
        assertEquals("\"value\":\"a\\\"b\"", fieldOf(json.get(3), "value"));
        assertEquals("\"value\":\"AQID\"", fieldOf(json.get(4), "value"));
        assertEquals("\"value\":\"00000000-0000-0001-0000-000000000002\"", fieldOf(json.get(5), "value"));
        assertEquals("\"value\":{\"namespaceIndex\":2,\"name\":\"q\"}", fieldOf(json.get(6), "value"));
        assertEquals("\"value\":{\"locale\":\"en\",\"text\":\"t\"}", fieldOf(json.get(7), "value"));
        assertEquals("\"value\":\"2026-11-23T10:15:30.5000000Z\"", fieldOf(json.get(8), "value"));
        assertEquals("\"value\":4000000000", fieldOf(json.get(9), "value"));
        assertEquals("\"value\":null", fieldOf(json.get(10), "value"));
    }

    @Test
    void shouldWriteArraysElementByElementWithUnsignedTypesUnsigned()
    {
        final List<String> json = decode(
            new TagValue().setTagId(1).setArray(BuiltinType.BYTE, new byte[] {(byte)255, 1}),
            new TagValue().setTagId(2).setArray(BuiltinType.UINT16, new short[] {(short)65535}),
            new TagValue().setTagId(3).setArray(BuiltinType.FLOAT, new float[] {1.5f, Float.POSITIVE_INFINITY}),
            new TagValue().setTagId(4).setArray(BuiltinType.STRING, new String[] {"x", null}),
            new TagValue().setTagId(5).setArray(BuiltinType.INT32, null));
        assertEquals("\"value\":[255,1]", fieldOf(json.get(0), "value"));
        assertEquals("\"value\":[65535]", fieldOf(json.get(1), "value"));
        assertEquals("\"value\":[1.5,\"Infinity\"]", fieldOf(json.get(2), "value"));
        assertEquals("\"value\":[\"x\",null]", fieldOf(json.get(3), "value"));
        assertEquals("\"value\":null", fieldOf(json.get(4), "value"));
    }

    private static String fieldOf(final String json, final String field)
    {
        final int start = json.indexOf("\"" + field + "\":");
        int depth = 0;
        boolean inString = false;
        for (int i = start + field.length() + 3; i < json.length(); i++)
        {
            final char c = json.charAt(i);
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }
            }
            else if (c == '"')
            {
                inString = true;
            }
            else if (c == '{' || c == '[')
            {
                depth++;
            }
            else if (c == '}' || c == ']')
            {
                if (depth == 0)
                {
                    return json.substring(start, i);
                }
                depth--;
            }
            else if (c == ',' && depth == 0)
            {
                return json.substring(start, i);
            }
        }
        return json.substring(start);
    }
}
