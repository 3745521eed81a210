package io.diodegw.receiver.journal;

import io.diodegw.wire.record.AuditEvent;
import io.diodegw.wire.record.BuiltinType;
import io.diodegw.wire.record.LocalizedText;
import io.diodegw.wire.record.QualifiedName;
import io.diodegw.wire.record.RecordType;
import io.diodegw.wire.record.SourceState;
import io.diodegw.wire.record.StatusCodes;
import io.diodegw.wire.record.TagDefinition;
import io.diodegw.wire.record.TagValue;
import io.diodegw.wire.record.TagValueBatchReader;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * Turns journal entries into delivery-ready JSON objects; every sink uses it, so every sink delivers the same
 * objects. One object per tag value, and one per definition, source state, gap or other record:
 *
 * <pre>{@code
 * {"kind":"value","source":3,"tagId":17,"nodeId":"ns=2;s=Boiler/Temp","browsePath":"/Plant/Boiler/Temp",
 *  "dataType":"Double","array":false,"value":81.25,"statusCode":0,"status":"Good",
 *  "sourceTime":"2026-11-23T10:15:30.1234567Z","serverTime":"2026-11-23T10:15:30.1250000Z",
 *  "streamSequence":1042,"index":0,"senderEpoch":7,"appliedAt":"2026-11-23T10:15:30.140Z"}
 * {"kind":"gap","state":"open","fromSequence":1043,"toSequence":1050,"sequences":8,
 *  "firstTime":"2026-11-23T10:15:30.1234567Z","lastTime":"2026-11-23T10:15:31.0000000Z","sources":[3],
 *  "refilledSequences":0,"supersededSequences":0,"senderEpoch":7,"appliedAt":"2026-11-23T10:15:31.002Z"}
 * }</pre>
 *
 * <ul>
 *   <li>{@code kind}: {@code value} (live), {@code history} (HISTORY_BATCH), {@code snapshot} (SNAPSHOT_PART, with
 *   {@code snapshotId}), {@code definition}, {@code sourceState}, {@code gap}, {@code audit} (an AUDIT_EVENT of the
 *   sender: {@code origin} OT, {@code time}, {@code eventId}, {@code category}, {@code result}, {@code type},
 *   {@code source}, {@code message}), or {@code record} for any other record type (its {@code recordType} and
 *   {@code bodyLength}, not its body).</li>
 *   <li>A gap ({@link GapReport}) is delivered when detected ({@code state} {@code open}) and again when
 *   {@code closed} (every sequence refilled or superseded; the refilled records come between the two objects, with
 *   their original stream sequences) or {@code abandoned}. {@code firstTime}/{@code lastTime} (absent when unknown)
 *   are the source times of the records around the loss; {@code sources} lists every source possibly affected
 *   (empty: any).</li>
 *   <li>{@code source}, {@code nodeId}, {@code browsePath}: from the tag's definition as last seen in the journal;
 *   when the journal lost that definition in a gap, from the {@link TagIdentities} given (the mirror's table, which
 *   the snapshot carousel keeps), marked {@code "identityFrom":"snapshot"}; absent while the definition is unknown
 *   to both, and for gaps and link-level records. {@code index} numbers the values of one record from 0, so
 *   (senderEpoch, streamSequence, index) identifies a value.</li>
 *   <li>Values by type: Boolean as true/false; integers as JSON numbers (unsigned ones unsigned, UInt64 included);
 *   Float and Double as numbers, or the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}; DateTime as
 *   an ISO-8601 string; Guid as its text form; ByteString as base64; QualifiedName as
 *   {@code {"namespaceIndex":n,"name":s}}; LocalizedText as {@code {"locale":l,"text":t}}; StatusCode as a number;
 *   arrays as JSON arrays of those; an OPC UA null as null.</li>
 *   <li>Timestamps: ISO-8601 UTC with all seven digits of OPC UA's 100-ns ticks; a non-zero picoseconds part goes
 *   into {@code sourcePicoseconds}/{@code serverPicoseconds} (10-ps units, 0..9999). A missing timestamp is
 *   absent.</li>
 * </ul>
 *
 * <p>Definitions are learned from the entries passed to {@link #decode} or {@link #learn}, in journal order; feed
 * every entry (or at least every definition) before the first one you decode.
 *
 * <p>Not thread-safe; one owner (each sink has its own).
 */
public final class RecordJsonDecoder
{
    private static final long TICKS_PER_SECOND = 10_000_000L;
    private static final long NANOS_PER_TICK = 100L;
    private static final long SECONDS_1601_TO_1970 = 11_644_473_600L;
    private static final DateTimeFormatter SECONDS_FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");
    private static final int TICK_DIGITS = 7;
    private static final int INITIAL_BUFFER_BYTES = 512;

    private final JsonFactory factory = new JsonFactory();
    private final Map<Integer, TagDefinition> definitions = new HashMap<>();
    private final TagValueBatchReader batchReader = new TagValueBatchReader();
    private final TagValue value = new TagValue();
    private final TagDefinition definitionScratch = new TagDefinition();
    private final SourceState sourceState = new SourceState();
    private final AuditEvent auditEvent = new AuditEvent();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(INITIAL_BUFFER_BYTES);
    private final TagIdentities identities;
    private long malformedRecords;
    private long identitiesFromSnapshot;
    private String currentKind;

    /** A decoder that knows a tag only from definitions in the journal. */
    public RecordJsonDecoder()
    {
        this(TagIdentities.NONE);
    }

    /**
     * @param identities where a tag whose definition the journal lacks is looked up (thread-safe; asked on the
     *                   decoding thread).
     */
    public RecordJsonDecoder(final TagIdentities identities)
    {
        this.identities = identities;
    }

    /**
     * Learns the entry's tag definition, if it is one; produces nothing.
     */
    public void learn(final JournalEntry entry)
    {
        if (entry.kind() == JournalEntry.Kind.RECORD && entry.type() == RecordType.TAG_DEFINITION)
        {
            final TagDefinition definition = new TagDefinition();
            if (definition.readFrom(entry.body(), 0, entry.bodyLength()))
            {
                definitions.put(definition.tagId(), definition);
            }
        }
    }

    /**
     * Decodes an entry into its JSON objects (none for an empty batch or a malformed body, which is counted).
     *
     * @param entry the entry; a TAG_DEFINITION is learned as well.
     * @param out   receives each object in order.
     * @return number of objects produced.
     */
    public int decode(final JournalEntry entry, final Consumer<JsonRecord> out)
    {
        try
        {
            if (entry.kind() == JournalEntry.Kind.GAP)
            {
                out.accept(gap(entry));
                return 1;
            }
            final RecordType type = entry.type();
            if (type != null && type.isTagValueBatch())
            {
                return values(entry, type, out);
            }
            if (type == RecordType.TAG_DEFINITION)
            {
                learn(entry);
                if (!definitionScratch.readFrom(entry.body(), 0, entry.bodyLength()))
                {
                    malformedRecords++;
                    return 0;
                }
                out.accept(definition(entry, definitionScratch));
                return 1;
            }
            if (type == RecordType.SOURCE_STATE)
            {
                if (!sourceState.readFrom(entry.body(), 0, entry.bodyLength()))
                {
                    malformedRecords++;
                    return 0;
                }
                out.accept(sourceState(entry));
                return 1;
            }
            if (type == RecordType.AUDIT_EVENT)
            {
                if (!auditEvent.readFrom(entry.body(), 0, entry.bodyLength()))
                {
                    malformedRecords++;
                    return 0;
                }
                out.accept(audit(entry));
                return 1;
            }
            out.accept(otherRecord(entry));
            return 1;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * @return records whose body could not be decoded (they produced no objects).
     */
    public long malformedRecords()
    {
        return malformedRecords;
    }

    /**
     * @return values whose tag identity came from {@link TagIdentities} because the journal lacked its definition.
     */
    public long identitiesFromSnapshot()
    {
        return identitiesFromSnapshot;
    }

    /**
     * @return the definition last seen for the tag, or null.
     */
    public TagDefinition definition(final int tagId)
    {
        return definitions.get(tagId);
    }

    /**
     * Formats an OPC UA DateTime as ISO-8601 UTC with seven fraction digits, e.g. {@code 2026-11-23T10:15:30.1234567Z}.
     *
     * @param ticks 100-ns ticks since 1601-01-01 UTC.
     * @return the text.
     */
    public static String formatTicks(final long ticks)
    {
        final StringBuilder text = new StringBuilder(32);
        appendTicks(text, ticks);
        return text.toString();
    }

    /**
     * @return the OPC UA DateTime of an instant (truncated to 100 ns).
     */
    public static long toTicks(final Instant instant)
    {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond() + SECONDS_1601_TO_1970, TICKS_PER_SECOND),
            instant.getNano() / NANOS_PER_TICK);
    }

    private int values(final JournalEntry entry, final RecordType type, final Consumer<JsonRecord> sink)
        throws IOException
    {
        if (!batchReader.wrap(type, entry.body(), 0, entry.bodyLength()))
        {
            malformedRecords++;
            return 0;
        }
        final String kind = type == RecordType.HISTORY_BATCH ? "history" :
            type == RecordType.SNAPSHOT_PART ? "snapshot" : "value";
        int index = 0;
        while (batchReader.next(value))
        {
            final TagDefinition definition = definitions.get(value.tagId());
            final TagIdentities.Identity identity = definition == null ? identities.find(value.tagId()) : null;
            final boolean sourceKnown = type == RecordType.HISTORY_BATCH || definition != null || identity != null;
            final int sourceId = type == RecordType.HISTORY_BATCH ? batchReader.sourceId() :
                definition != null ? definition.sourceId() : identity != null ? identity.sourceId() : 0;
            final JsonGenerator json = begin(kind);
            if (sourceKnown)
            {
                json.writeNumberField("source", Integer.toUnsignedLong(sourceId));
            }
            json.writeNumberField("tagId", Integer.toUnsignedLong(value.tagId()));
            if (definition != null)
            {
                writeStringIfSet(json, "nodeId", definition.nodeId());
                writeStringIfSet(json, "browsePath", definition.browsePath());
            }
            else if (identity != null)
            {
                writeStringIfSet(json, "nodeId", identity.nodeId());
                writeStringIfSet(json, "browsePath", identity.browsePath());
                json.writeStringField("identityFrom", "snapshot");
                identitiesFromSnapshot++;
            }
            if (type == RecordType.SNAPSHOT_PART)
            {
                json.writeNumberField("snapshotId", batchReader.snapshotId());
            }
            json.writeStringField("dataType", BuiltinType.name(value.builtinType()));
            json.writeBooleanField("array", value.isArray());
            json.writeFieldName("value");
            writeValue(json);
            json.writeNumberField("statusCode", Integer.toUnsignedLong(value.statusCode()));
            json.writeStringField("status", StatusCodes.name(value.statusCode()));
            if (value.hasSourceTime())
            {
                json.writeStringField("sourceTime", formatTicks(value.sourceTimeTicks()));
                if (value.sourcePicoseconds() != 0)
                {
                    json.writeNumberField("sourcePicoseconds", value.sourcePicoseconds());
                }
            }
            if (value.hasServerTime())
            {
                json.writeStringField("serverTime", formatTicks(value.serverTimeTicks()));
                if (value.serverPicoseconds() != 0)
                {
                    json.writeNumberField("serverPicoseconds", value.serverPicoseconds());
                }
            }
            json.writeNumberField("streamSequence", entry.streamSequence());
            json.writeNumberField("index", index);
            final String source = sourceKnown ? Integer.toUnsignedString(sourceId) : JsonRecord.UNKNOWN_SOURCE;
            sink.accept(end(json, entry, source, Integer.toUnsignedString(value.tagId())));
            index++;
        }
        if (batchReader.isMalformed())
        {
            malformedRecords++;
        }
        return index;
    }

    private JsonRecord definition(final JournalEntry entry, final TagDefinition definition) throws IOException
    {
        final JsonGenerator json = begin("definition");
        json.writeNumberField("source", Integer.toUnsignedLong(definition.sourceId()));
        json.writeNumberField("tagId", Integer.toUnsignedLong(definition.tagId()));
        writeStringIfSet(json, "nodeId", definition.nodeId());
        writeStringIfSet(json, "browsePath", definition.browsePath());
        json.writeStringField("dataType", BuiltinType.name(definition.dataType()));
        json.writeNumberField("valueRank", definition.valueRank());
        json.writeArrayFieldStart("arrayDimensions");
        for (final int dimension : definition.arrayDimensions())
        {
            json.writeNumber(Integer.toUnsignedLong(dimension));
        }
        json.writeEndArray();
        writeStringIfSet(json, "engineeringUnits", definition.engineeringUnits());
        writeStringIfSet(json, "description", definition.description());
        json.writeNumberField("streamSequence", entry.streamSequence());
        return end(json, entry, Integer.toUnsignedString(definition.sourceId()),
            Integer.toUnsignedString(definition.tagId()));
    }

    private JsonRecord sourceState(final JournalEntry entry) throws IOException
    {
        final JsonGenerator json = begin("sourceState");
        json.writeNumberField("source", Integer.toUnsignedLong(sourceState.sourceId()));
        json.writeStringField("state", sourceState.state().name());
        json.writeStringField("time", formatTicks(sourceState.timeTicks()));
        writeStringIfSet(json, "reason", sourceState.reason());
        json.writeNumberField("streamSequence", entry.streamSequence());
        final String source = Integer.toUnsignedString(sourceState.sourceId());
        return end(json, entry, source, source);
    }

    private JsonRecord audit(final JournalEntry entry) throws IOException
    {
        final JsonGenerator json = begin("audit");
        json.writeStringField("origin", "OT");
        json.writeStringField("time", formatTicks(auditEvent.timeTicks()));
        json.writeStringField("eventId", Long.toUnsignedString(auditEvent.eventId()));
        json.writeStringField("category", auditEvent.category().name().toLowerCase(java.util.Locale.ROOT));
        json.writeStringField("result", auditEvent.result().name().toLowerCase(java.util.Locale.ROOT));
        writeStringIfSet(json, "type", auditEvent.type());
        writeStringIfSet(json, "source", auditEvent.source());
        writeStringIfSet(json, "message", auditEvent.message());
        json.writeNumberField("streamSequence", entry.streamSequence());
        return end(json, entry, JsonRecord.LINK_SOURCE, JsonRecord.LINK_SOURCE);
    }

    private JsonRecord gap(final JournalEntry entry) throws IOException
    {
        final GapReport gap = entry.gapReport();
        final JsonGenerator json = begin("gap");
        json.writeStringField("state", gap.state().name().toLowerCase(java.util.Locale.ROOT));
        json.writeNumberField("fromSequence", gap.fromSequence());
        json.writeNumberField("toSequence", gap.toSequence());
        json.writeNumberField("sequences", gap.sequences());
        if (gap.firstTimeTicks() != 0)
        {
            json.writeStringField("firstTime", formatTicks(gap.firstTimeTicks()));
        }
        if (gap.lastTimeTicks() != 0)
        {
            json.writeStringField("lastTime", formatTicks(gap.lastTimeTicks()));
        }
        json.writeArrayFieldStart("sources");
        for (final int sourceId : gap.sourceIds())
        {
            json.writeNumber(Integer.toUnsignedLong(sourceId));
        }
        json.writeEndArray();
        json.writeNumberField("refilledSequences", gap.refilledSequences());
        json.writeNumberField("supersededSequences", gap.supersededSequences());
        return end(json, entry, JsonRecord.LINK_SOURCE, JsonRecord.LINK_SOURCE);
    }

    private JsonRecord otherRecord(final JournalEntry entry) throws IOException
    {
        final JsonGenerator json = begin("record");
        final RecordType type = entry.type();
        json.writeStringField("recordType", type != null ? type.name() : "Unknown(" + entry.typeId() + ")");
        json.writeNumberField("bodyLength", entry.bodyLength());
        json.writeNumberField("streamSequence", entry.streamSequence());
        return end(json, entry, JsonRecord.LINK_SOURCE, JsonRecord.LINK_SOURCE);
    }

    private JsonGenerator begin(final String kind) throws IOException
    {
        out.reset();
        currentKind = kind;
        final JsonGenerator json = factory.createGenerator(out, JsonEncoding.UTF8);
        json.writeStartObject();
        json.writeStringField("kind", kind);
        return json;
    }

    private JsonRecord end(final JsonGenerator json, final JournalEntry entry, final String source,
        final String partitionKey) throws IOException
    {
        json.writeNumberField("senderEpoch", entry.senderEpoch());
        json.writeStringField("appliedAt", Instant.ofEpochMilli(entry.appliedAtEpochMs()).toString());
        json.writeEndObject();
        json.close();
        return new JsonRecord(source, partitionKey, entry.streamSequence(), entry.lastStreamSequence(),
            entry.journalSequence(), entry.appliedAtEpochMs(), out.toByteArray(), currentKind);
    }

    private void writeValue(final JsonGenerator json) throws IOException
    {
        final int type = value.builtinType();
        if (!value.isArray())
        {
            writeScalar(json, type);
            return;
        }
        final Object array = value.objectValue();
        if (array == null)
        {
            json.writeNull();
            return;
        }
        json.writeStartArray();
        switch (type)
        {
            case BuiltinType.BOOLEAN -> {
                for (final boolean element : (boolean[])array)
                {
                    json.writeBoolean(element);
                }
            }
            case BuiltinType.SBYTE -> {
                for (final byte element : (byte[])array)
                {
                    json.writeNumber(element);
                }
            }
            case BuiltinType.BYTE -> {
                for (final byte element : (byte[])array)
                {
                    json.writeNumber(element & 0xFF);
                }
            }
            case BuiltinType.INT16 -> {
                for (final short element : (short[])array)
                {
                    json.writeNumber(element);
                }
            }
            case BuiltinType.UINT16 -> {
                for (final short element : (short[])array)
                {
                    json.writeNumber(element & 0xFFFF);
                }
            }
            case BuiltinType.INT32 -> {
                for (final int element : (int[])array)
                {
                    json.writeNumber(element);
                }
            }
            case BuiltinType.UINT32, BuiltinType.STATUS_CODE -> {
                for (final int element : (int[])array)
                {
                    json.writeNumber(Integer.toUnsignedLong(element));
                }
            }
            case BuiltinType.INT64 -> {
                for (final long element : (long[])array)
                {
                    json.writeNumber(element);
                }
            }
            case BuiltinType.UINT64 -> {
                for (final long element : (long[])array)
                {
                    json.writeNumber(Long.toUnsignedString(element));
                }
            }
            case BuiltinType.DATE_TIME -> {
                for (final long element : (long[])array)
                {
                    json.writeString(formatTicks(element));
                }
            }
            case BuiltinType.FLOAT -> {
                for (final float element : (float[])array)
                {
                    writeFloat(json, element);
                }
            }
            case BuiltinType.DOUBLE -> {
                for (final double element : (double[])array)
                {
                    writeDouble(json, element);
                }
            }
            case BuiltinType.STRING, BuiltinType.XML_ELEMENT -> {
                for (final String element : (String[])array)
                {
                    json.writeString(element);
                }
            }
            case BuiltinType.GUID -> {
                for (final UUID element : (UUID[])array)
                {
                    json.writeString(element.toString());
                }
            }
            case BuiltinType.BYTE_STRING -> {
                for (final byte[] element : (byte[][])array)
                {
                    writeBytes(json, element);
                }
            }
            case BuiltinType.QUALIFIED_NAME -> {
                for (final QualifiedName element : (QualifiedName[])array)
                {
                    writeQualifiedName(json, element);
                }
            }
            case BuiltinType.LOCALIZED_TEXT -> {
                for (final LocalizedText element : (LocalizedText[])array)
                {
                    writeLocalizedText(json, element);
                }
            }
            default -> {
            }
        }
        json.writeEndArray();
    }

    private void writeScalar(final JsonGenerator json, final int type) throws IOException
    {
        switch (type)
        {
            case BuiltinType.BOOLEAN -> json.writeBoolean(value.booleanValue());
            case BuiltinType.SBYTE, BuiltinType.BYTE, BuiltinType.INT16, BuiltinType.UINT16, BuiltinType.INT32,
                BuiltinType.UINT32, BuiltinType.INT64, BuiltinType.STATUS_CODE -> json.writeNumber(value.longValue());
            case BuiltinType.UINT64 -> json.writeNumber(Long.toUnsignedString(value.longValue()));
            case BuiltinType.FLOAT -> writeFloat(json, value.floatValue());
            case BuiltinType.DOUBLE -> writeDouble(json, value.doubleValue());
            case BuiltinType.DATE_TIME -> json.writeString(formatTicks(value.longValue()));
            case BuiltinType.GUID -> json.writeString(value.guidValue().toString());
            case BuiltinType.STRING, BuiltinType.XML_ELEMENT -> json.writeString((String)value.objectValue());
            case BuiltinType.BYTE_STRING -> writeBytes(json, (byte[])value.objectValue());
            case BuiltinType.QUALIFIED_NAME -> writeQualifiedName(json, (QualifiedName)value.objectValue());
            case BuiltinType.LOCALIZED_TEXT -> writeLocalizedText(json, (LocalizedText)value.objectValue());
            default -> json.writeNull();
        }
    }

    private static void writeFloat(final JsonGenerator json, final float element) throws IOException
    {
        if (Float.isFinite(element))
        {
            json.writeNumber(element);
        }
        else
        {
            json.writeString(Float.toString(element));
        }
    }

    private static void writeDouble(final JsonGenerator json, final double element) throws IOException
    {
        if (Double.isFinite(element))
        {
            json.writeNumber(element);
        }
        else
        {
            json.writeString(Double.toString(element));
        }
    }

    private static void writeBytes(final JsonGenerator json, final byte[] bytes) throws IOException
    {
        if (bytes == null)
        {
            json.writeNull();
        }
        else
        {
            json.writeBinary(bytes);
        }
    }

    private static void writeQualifiedName(final JsonGenerator json, final QualifiedName name) throws IOException
    {
        json.writeStartObject();
        json.writeNumberField("namespaceIndex", name.namespaceIndex());
        json.writeStringField("name", name.name());
        json.writeEndObject();
    }

    private static void writeLocalizedText(final JsonGenerator json, final LocalizedText text) throws IOException
    {
        json.writeStartObject();
        json.writeStringField("locale", text.locale());
        json.writeStringField("text", text.text());
        json.writeEndObject();
    }

    private static void writeStringIfSet(final JsonGenerator json, final String field, final String text)
        throws IOException
    {
        if (text != null)
        {
            json.writeStringField(field, text);
        }
    }

    private static void appendTicks(final StringBuilder text, final long ticks)
    {
        final long seconds = Math.floorDiv(ticks, TICKS_PER_SECOND) - SECONDS_1601_TO_1970;
        final long fraction = Math.floorMod(ticks, TICKS_PER_SECOND);
        text.append(SECONDS_FORMAT.format(LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC))).append('.');
        final String digits = Long.toString(fraction);
        for (int i = digits.length(); i < TICK_DIGITS; i++)
        {
            text.append('0');
        }
        text.append(digits).append('Z');
    }
}
