package io.diodegw.wire.record;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Seeded generators of tag values and records for the codec tests: boundary values of every built-in type and
 * random ones.
 */
final class RecordTestData
{
    /** 2026-01-01T00:00:00Z in OPC UA ticks. */
    static final long TICKS_2026 = 134_116_128_000_000_000L;
    static final long TICKS_PER_MS = 10_000L;

    static final int[] VALUE_TYPES =
    {
        BuiltinType.NULL, BuiltinType.BOOLEAN, BuiltinType.SBYTE, BuiltinType.BYTE, BuiltinType.INT16,
        BuiltinType.UINT16, BuiltinType.INT32, BuiltinType.UINT32, BuiltinType.INT64, BuiltinType.UINT64,
        BuiltinType.FLOAT, BuiltinType.DOUBLE, BuiltinType.STRING, BuiltinType.DATE_TIME, BuiltinType.GUID,
        BuiltinType.BYTE_STRING, BuiltinType.XML_ELEMENT, BuiltinType.STATUS_CODE, BuiltinType.QUALIFIED_NAME,
        BuiltinType.LOCALIZED_TEXT,
    };

    static final long[] LONG_BOUNDARIES =
    {
        0, 1, -1, 63, 64, -64, -65, 127, 128, 255, 256, 16_383, 16_384, Short.MIN_VALUE, Short.MAX_VALUE, 0xFFFF,
        Integer.MIN_VALUE, Integer.MAX_VALUE, 0xFFFF_FFFFL, 0x1_0000_0000L, Long.MIN_VALUE, Long.MAX_VALUE,
        Long.MIN_VALUE + 1, Long.MAX_VALUE - 1,
    };

    static final long[] DOUBLE_BITS =
    {
        Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(1.5),
        Double.doubleToRawLongBits(Double.MIN_VALUE), Double.doubleToRawLongBits(Double.MAX_VALUE),
        Double.doubleToRawLongBits(-Double.MAX_VALUE), Double.doubleToRawLongBits(Double.MIN_NORMAL),
        Double.doubleToRawLongBits(Double.POSITIVE_INFINITY), Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY),
        0x7FF8_0000_0000_0000L, 0x7FF8_0000_DEAD_BEEFL, 0xFFF8_0000_0000_0001L, 0x7FF0_0000_0000_0001L,
        0xFFFF_FFFF_FFFF_FFFFL,
    };

    static final int[] FLOAT_BITS =
    {
        Float.floatToRawIntBits(0f), Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(Float.MIN_VALUE),
        Float.floatToRawIntBits(Float.MAX_VALUE), Float.floatToRawIntBits(Float.NEGATIVE_INFINITY),
        Float.floatToRawIntBits(Float.POSITIVE_INFINITY), 0x7FC0_0000, 0x7FC0_1234, 0xFFC0_0001, 0x7F80_0001,
        0xFFFF_FFFF,
    };

    static final String[] STRINGS =
    {
        null, "", "a", "Temperature.PV", "ÄÖÜ äöü ß", "温度センサー", "\uD83D\uDE00 emoji \uD83C\uDFED",
        "\uD800\uDC00\uDBFF\uDFFF", "\u0000nul\u0000", "\u007F\u0080\u07FF\u0800\uFFFF", "x".repeat(300),
    };

    private RecordTestData()
    {
    }

    /**
     * @return one value per boundary case of every built-in type, scalars and arrays, with varied metadata.
     */
    static List<TagValue> boundaryValues()
    {
        final List<TagValue> values = new ArrayList<>();
        final SplittableRandom random = new SplittableRandom(1);
        for (final long v : LONG_BOUNDARIES)
        {
            values.add(new TagValue().setInt64(v));
            values.add(new TagValue().setUInt64(v));
            values.add(new TagValue().setInt32((int)v));
            values.add(new TagValue().setUInt32Bits((int)v));
            values.add(new TagValue().setInt16((short)v));
            values.add(new TagValue().setUInt16((int)v & 0xFFFF));
            values.add(new TagValue().setSByte((byte)v));
            values.add(new TagValue().setByteBits((byte)v));
            values.add(new TagValue().setDateTime(v));
            values.add(new TagValue().setStatusCodeValue((int)v));
            values.add(new TagValue().setGuid(v, ~v));
        }
        for (final long bits : DOUBLE_BITS)
        {
            values.add(new TagValue().setDoubleBits(bits));
        }
        for (final int bits : FLOAT_BITS)
        {
            values.add(new TagValue().setFloatBits(bits));
        }
        for (final String s : STRINGS)
        {
            values.add(new TagValue().setString(s));
            values.add(new TagValue().setXmlElement(s));
            values.add(new TagValue().setLocalizedText(new LocalizedText(s, s)));
            values.add(new TagValue().setQualifiedName(new QualifiedName(0, s)));
        }
        values.add(new TagValue().setQualifiedName(new QualifiedName(QualifiedName.MAX_NAMESPACE_INDEX, "n")));
        values.add(new TagValue().setBoolean(true));
        values.add(new TagValue().setBoolean(false));
        values.add(new TagValue().setNull());
        values.add(new TagValue().setByteString(null));
        values.add(new TagValue().setByteString(new byte[0]));
        values.add(new TagValue().setByteString(new byte[] {0, -1, 127, -128}));
        values.add(new TagValue().setByteString(randomBytes(random, 1000)));
        values.add(new TagValue().setGuid(new UUID(0, 0)));
        values.add(new TagValue().setGuid(UUID.fromString("72962b91-fa75-4ae6-8d28-b404dc7daf63")));
        for (final int type : VALUE_TYPES)
        {
            if (type != BuiltinType.NULL)
            {
                values.add(new TagValue().setArray(type, null));
                values.add(new TagValue().setArray(type, java.lang.reflect.Array.newInstance(
                    TagValue.arrayClass(type).getComponentType(), 0)));
                values.add(new TagValue().setArray(type, randomArray(random, type, 1 + random.nextInt(40))));
            }
        }
        values.add(new TagValue().setArray(BuiltinType.DOUBLE, new double[] {
            Double.longBitsToDouble(0x7FF8_0000_DEAD_BEEFL), -0.0, Double.NEGATIVE_INFINITY, Double.MAX_VALUE}));
        values.add(new TagValue().setArray(BuiltinType.FLOAT, new float[] {
            Float.intBitsToFloat(0x7FC0_1234), -0f, Float.POSITIVE_INFINITY, Float.MIN_VALUE}));
        values.add(new TagValue().setArray(BuiltinType.UINT64, new long[] {-1L, Long.MIN_VALUE, 0, Long.MAX_VALUE}));
        values.add(new TagValue().setArray(BuiltinType.INT64, new long[] {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1}));
        values.add(new TagValue().setArray(BuiltinType.STRING, STRINGS.clone()));
        values.add(new TagValue().setArray(BuiltinType.BYTE_STRING, new byte[][] {null, {}, {1, 2, 3}}));

        final long[] timestampCases = {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1, TICKS_2026};
        int tagId = 0;
        for (final TagValue v : values)
        {
            v.setTagId(tagId);
            tagId = tagId * 7 + 13;
            final int metadataCase = Math.floorMod(tagId, 9);
            final long source = timestampCases[Math.floorMod(tagId, timestampCases.length)];
            final long server = timestampCases[Math.floorMod(tagId / 5, timestampCases.length)];
            switch (metadataCase)
            {
                case 0:
                    break;
                case 1:
                    v.setSourceTime(source);
                    break;
                case 2:
                    v.setServerTime(server, TagValue.MAX_PICOSECONDS);
                    break;
                case 3:
                    v.setSourceTime(source, TagValue.MAX_PICOSECONDS).setServerTime(server, 1);
                    break;
                case 4:
                    v.setSourceTime(TICKS_2026).setServerTime(TICKS_2026 + 30_000).setStatusCode(0x8000_0000);
                    break;
                case 5:
                    v.setSourceTime(source, 1).setServerTime(server).setStatusCode(0xFFFF_FFFF);
                    break;
                default:
                    v.setSourceTime(TICKS_2026 + tagId).setServerTime(TICKS_2026 + tagId);
            }
        }
        values.get(0).setTagId(-1);
        values.get(1).setTagId(Integer.MIN_VALUE);
        values.get(2).setTagId(Integer.MAX_VALUE);
        return values;
    }

    /**
     * @return a random value of a random supported type, scalar or array, with random metadata.
     */
    static TagValue randomValue(final SplittableRandom random)
    {
        final TagValue v = new TagValue();
        final int type = VALUE_TYPES[random.nextInt(VALUE_TYPES.length)];
        if (type != BuiltinType.NULL && random.nextInt(4) == 0)
        {
            v.setArray(type, random.nextInt(8) == 0 ? null : randomArray(random, type, random.nextInt(12)));
        }
        else
        {
            setRandomScalar(random, v, type);
        }
        v.setTagId(random.nextBoolean() ? random.nextInt(100_000) : random.nextInt());
        if (random.nextInt(5) == 0)
        {
            v.setStatusCode(random.nextInt());
        }
        final long base = random.nextInt(10) == 0 ? random.nextLong() : TICKS_2026 + random.nextLong(1L << 40);
        if (random.nextInt(6) != 0)
        {
            v.setSourceTime(base, random.nextInt(4) == 0 ? random.nextInt(TagValue.MAX_PICOSECONDS + 1) : 0);
        }
        if (random.nextInt(6) != 0)
        {
            final long server = random.nextInt(10) == 0 ? random.nextLong() : base + random.nextInt(1_000_000);
            v.setServerTime(server, random.nextInt(4) == 0 ? random.nextInt(TagValue.MAX_PICOSECONDS + 1) : 0);
        }
        return v;
    }

    static void setRandomScalar(final SplittableRandom random, final TagValue v, final int type)
    {
        final long bits = randomLong(random);
        switch (type)
        {
            case BuiltinType.NULL:
                v.setNull();
                break;
            case BuiltinType.BOOLEAN:
                v.setBoolean(random.nextBoolean());
                break;
            case BuiltinType.SBYTE:
                v.setSByte((byte)bits);
                break;
            case BuiltinType.BYTE:
                v.setByteBits((byte)bits);
                break;
            case BuiltinType.INT16:
                v.setInt16((short)bits);
                break;
            case BuiltinType.UINT16:
                v.setUInt16((int)bits & 0xFFFF);
                break;
            case BuiltinType.INT32:
                v.setInt32((int)bits);
                break;
            case BuiltinType.UINT32:
                v.setUInt32Bits((int)bits);
                break;
            case BuiltinType.INT64:
                v.setInt64(bits);
                break;
            case BuiltinType.UINT64:
                v.setUInt64(bits);
                break;
            case BuiltinType.FLOAT:
                v.setFloatBits(random.nextBoolean() ? (int)bits : FLOAT_BITS[random.nextInt(FLOAT_BITS.length)]);
                break;
            case BuiltinType.DOUBLE:
                v.setDoubleBits(random.nextBoolean() ? bits : DOUBLE_BITS[random.nextInt(DOUBLE_BITS.length)]);
                break;
            case BuiltinType.STRING:
                v.setString(randomString(random));
                break;
            case BuiltinType.DATE_TIME:
                v.setDateTime(bits);
                break;
            case BuiltinType.GUID:
                v.setGuid(bits, random.nextLong());
                break;
            case BuiltinType.BYTE_STRING:
                v.setByteString(random.nextInt(8) == 0 ? null : randomBytes(random, random.nextInt(40)));
                break;
            case BuiltinType.XML_ELEMENT:
                v.setXmlElement(randomString(random));
                break;
            case BuiltinType.STATUS_CODE:
                v.setStatusCodeValue((int)bits);
                break;
            case BuiltinType.QUALIFIED_NAME:
                v.setQualifiedName(new QualifiedName(random.nextInt(0x10000), randomString(random)));
                break;
            case BuiltinType.LOCALIZED_TEXT:
                v.setLocalizedText(new LocalizedText(randomString(random), randomString(random)));
                break;
            default:
                throw new IllegalArgumentException("type " + type);
        }
    }

    /**
     * @return a long that is small, a boundary or fully random, so every varint length occurs.
     */
    static long randomLong(final SplittableRandom random)
    {
        switch (random.nextInt(4))
        {
            case 0:
                return LONG_BOUNDARIES[random.nextInt(LONG_BOUNDARIES.length)];
            case 1:
                return random.nextInt(-300, 300);
            case 2:
                return random.nextLong() >> random.nextInt(64);
            default:
                return random.nextLong();
        }
    }

    static Object randomArray(final SplittableRandom random, final int type, final int n)
    {
        switch (type)
        {
            case BuiltinType.BOOLEAN:
            {
                final boolean[] a = new boolean[n];
                for (int i = 0; i < n; i++)
                {
                    a[i] = random.nextBoolean();
                }
                return a;
            }
            case BuiltinType.SBYTE:
            case BuiltinType.BYTE:
                return randomBytes(random, n);
            case BuiltinType.INT16:
            case BuiltinType.UINT16:
            {
                final short[] a = new short[n];
                for (int i = 0; i < n; i++)
                {
                    a[i] = (short)randomLong(random);
                }
                return a;
            }
            case BuiltinType.INT32:
            case BuiltinType.UINT32:
            case BuiltinType.STATUS_CODE:
            {
                final int[] a = new int[n];
                for (int i = 0; i < n; i++)
                {
                    a[i] = (int)randomLong(random);
                }
                return a;
            }
            case BuiltinType.INT64:
            case BuiltinType.UINT64:
            case BuiltinType.DATE_TIME:
            {
                final long[] a = new long[n];
                for (int i = 0; i < n; i++)
                {
                    a[i] = randomLong(random);
                }
                return a;
            }
            case BuiltinType.FLOAT:
            {
                final float[] a = new float[n];
                for (int i = 0; i < n; i++)
                {
                    a[i] = Float.intBitsToFloat(random.nextBoolean() ? random.nextInt() :
                        FLOAT_BITS[random.nextInt(FLOAT_BITS.length)]);
                }
                return a;
            }
            case BuiltinType.DOUBLE:
            {
                final double[] a = new double[n];
                for (int i = 0; i < n; i++)
                {
                    a[i] = Double.longBitsToDouble(random.nextBoolean() ? random.nextLong() :
                        DOUBLE_BITS[random.nextInt(DOUBLE_BITS.length)]);
                }
                return a;
            }
            case BuiltinType.STRING:
            case BuiltinType.XML_ELEMENT:
            {
                final String[] a = new String[n];
                for (int i = 0; i < n; i++)
                {
                    a[i] = randomString(random);
                }
                return a;
            }
            case BuiltinType.GUID:
            {
                final UUID[] a = new UUID[n];
                for (int i = 0; i < n; i++)
                {
                    a[i] = new UUID(random.nextLong(), random.nextLong());
                }
                return a;
            }
            case BuiltinType.BYTE_STRING:
            {
                final byte[][] a = new byte[n][];
                for (int i = 0; i < n; i++)
                {
                    a[i] = random.nextInt(5) == 0 ? null : randomBytes(random, random.nextInt(20));
                }
                return a;
            }
            case BuiltinType.QUALIFIED_NAME:
            {
                final QualifiedName[] a = new QualifiedName[n];
                for (int i = 0; i < n; i++)
                {
                    a[i] = new QualifiedName(random.nextInt(0x10000), randomString(random));
                }
                return a;
            }
            case BuiltinType.LOCALIZED_TEXT:
            {
                final LocalizedText[] a = new LocalizedText[n];
                for (int i = 0; i < n; i++)
                {
                    a[i] = new LocalizedText(randomString(random), randomString(random));
                }
                return a;
            }
            default:
                throw new IllegalArgumentException("type " + type);
        }
    }

    static byte[] randomBytes(final SplittableRandom random, final int n)
    {
        final byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++)
        {
            bytes[i] = (byte)random.nextInt();
        }
        return bytes;
    }

    /**
     * @return null, a fixed tricky string, or random code points from every UTF-8 length class (valid UTF-16 only).
     */
    static String randomString(final SplittableRandom random)
    {
        final int pick = random.nextInt(6);
        if (pick == 0)
        {
            return STRINGS[random.nextInt(STRINGS.length)];
        }
        final int n = random.nextInt(pick == 1 ? 200 : 12);
        final StringBuilder sb = new StringBuilder(n * 2);
        for (int i = 0; i < n; i++)
        {
            final int cp;
            switch (random.nextInt(4))
            {
                case 0:
                    cp = random.nextInt(0x80);
                    break;
                case 1:
                    cp = random.nextInt(0x80, 0x800);
                    break;
                case 2:
                    final int c = random.nextInt(0x800, 0x10000 - 0x800);
                    cp = c >= 0xD800 ? c + 0x800 : c;
                    break;
                default:
                    cp = random.nextInt(0x10000, 0x110000);
            }
            sb.appendCodePoint(cp);
        }
        return sb.toString();
    }

    /**
     * A typical live update: a Double, Float or Int32 of a tag below 100,000, Good, source time within a few
     * seconds of {@code baseTicks} at full 100-ns precision, server time a few ms later.
     */
    static TagValue typicalUpdate(final SplittableRandom random, final TagValue v, final long baseTicks, final int type)
    {
        v.clear().setTagId(random.nextInt(100_000));
        switch (type)
        {
            case BuiltinType.DOUBLE:
                v.setDouble(20.0 + random.nextDouble() * 80.0);
                break;
            case BuiltinType.FLOAT:
                v.setFloat((float)(random.nextDouble() * 1000.0));
                break;
            default:
                v.setInt32(random.nextInt(-50_000, 50_000));
        }
        final long source = baseTicks + random.nextLong(3_000 * TICKS_PER_MS);
        v.setSourceTime(source);
        v.setServerTime(source + TICKS_PER_MS + random.nextLong(9 * TICKS_PER_MS));
        return v;
    }

    /**
     * @return one random record written into the block by type, or false if it did not fit.
     */
    static Object randomRecord(final SplittableRandom random, final RecordType type)
    {
        switch (type)
        {
            case TAG_DEFINITION:
            {
                final int[] dims = new int[random.nextInt(4)];
                for (int i = 0; i < dims.length; i++)
                {
                    dims[i] = random.nextInt();
                }
                return new TagDefinition().tagId(random.nextInt()).sourceId(random.nextInt())
                    .dataType(random.nextInt(BuiltinType.MAX_ID + 1)).valueRank(random.nextInt(-3, 4))
                    .arrayDimensions(dims).nodeId(randomString(random)).browsePath(randomString(random))
                    .engineeringUnits(randomString(random)).description(randomString(random));
            }
            case SNAPSHOT_BEGIN:
                return new SnapshotBegin().snapshotId(random.nextLong()).cutStreamSequence(random.nextLong())
                    .tagCount(random.nextInt()).timeTicks(random.nextLong());
            case SNAPSHOT_END:
                return new SnapshotEnd().snapshotId(random.nextLong()).partCount(random.nextInt())
                    .tagCount(random.nextInt());
            case SOURCE_STATE:
            {
                final SourceState.State[] states = SourceState.State.values();
                return new SourceState().sourceId(random.nextInt()).state(states[random.nextInt(states.length)])
                    .timeTicks(random.nextLong()).reason(randomString(random));
            }
            case FILE_MANIFEST:
                return new FileManifest().fileId(random.nextLong()).sizeBytes(random.nextLong())
                    .chunkSizeBytes(random.nextInt()).chunkCount(random.nextInt())
                    .sha256(randomBytes(random, FileManifest.SHA256_LENGTH)).modificationTimeTicks(random.nextLong())
                    .name(randomString(random));
            case FILE_CHUNK:
            {
                final byte[] data = randomBytes(random, random.nextInt(600));
                final int from = random.nextInt(data.length + 1);
                return new FileChunk().fileId(random.nextLong()).chunkIndex(random.nextInt())
                    .byteOffset(random.nextLong()).data(data, from, random.nextInt(data.length - from + 1));
            }
            case SENDER_STATUS:
                return new SenderStatus().journalHeadSequence(random.nextLong()).backlogRecords(random.nextLong())
                    .backlogBytes(random.nextLong()).oldestUnsentAgeMs(random.nextLong())
                    .inputRecordsPerSec(random.nextLong()).outputRecordsPerSec(random.nextLong())
                    .outputBytesPerSec(random.nextLong()).timeTicks(random.nextLong());
            case AUDIT_EVENT:
            {
                final AuditEvent.Category[] categories = AuditEvent.Category.values();
                final AuditEvent.Result[] results = AuditEvent.Result.values();
                return new AuditEvent().timeTicks(random.nextLong()).eventId(random.nextLong())
                    .category(categories[random.nextInt(categories.length)])
                    .result(results[random.nextInt(results.length)]).type(randomString(random))
                    .source(randomString(random)).message(randomString(random));
            }
            case GAP_NOTICE:
            {
                final long a = random.nextLong();
                final long b = random.nextLong();
                final int[] sources = new int[random.nextInt(6)];
                for (int i = 0; i < sources.length; i++)
                {
                    sources[i] = random.nextInt();
                }
                final boolean ordered = Long.compareUnsigned(a, b) <= 0;
                return new GapNotice().range(ordered ? a : b, ordered ? b : a)
                    .firstTimeTicks(random.nextLong()).lastTimeTicks(random.nextLong()).sourceIds(sources);
            }
            case RESEND_MARKER:
            {
                final long from = random.nextLong(Long.MAX_VALUE / 2);
                final long to = from + random.nextInt(10_000);
                final ResendMarker marker = new ResendMarker().passId(random.nextLong()).range(from, to)
                    .resentCount(random.nextInt());
                long next = from;
                while (next <= to && random.nextInt(4) != 0)
                {
                    final long first = next + random.nextInt(20);
                    if (first > to)
                    {
                        break;
                    }
                    final int length = 1 + (int)Math.min(to - first, random.nextInt(50));
                    marker.addRun(first, length);
                    next = first + length;
                }
                return marker;
            }
            default:
                throw new IllegalArgumentException("not a plain record type: " + type);
        }
    }

    /**
     * Writes a holder returned by {@link #randomRecord}.
     *
     * @return false if it did not fit.
     */
    static boolean write(final Object record, final BlockWriter block, final long streamSequence)
    {
        if (record instanceof TagDefinition)
        {
            return ((TagDefinition)record).writeTo(block, streamSequence);
        }
        if (record instanceof SnapshotBegin)
        {
            return ((SnapshotBegin)record).writeTo(block, streamSequence);
        }
        if (record instanceof SnapshotEnd)
        {
            return ((SnapshotEnd)record).writeTo(block, streamSequence);
        }
        if (record instanceof SourceState)
        {
            return ((SourceState)record).writeTo(block, streamSequence);
        }
        if (record instanceof FileManifest)
        {
            return ((FileManifest)record).writeTo(block, streamSequence);
        }
        if (record instanceof FileChunk)
        {
            return ((FileChunk)record).writeTo(block, streamSequence);
        }
        if (record instanceof SenderStatus)
        {
            return ((SenderStatus)record).writeTo(block, streamSequence);
        }
        if (record instanceof AuditEvent)
        {
            return ((AuditEvent)record).writeTo(block, streamSequence);
        }
        if (record instanceof GapNotice)
        {
            return ((GapNotice)record).writeTo(block, streamSequence);
        }
        if (record instanceof ResendMarker)
        {
            return ((ResendMarker)record).writeTo(block, streamSequence);
        }
        throw new IllegalArgumentException(String.valueOf(record));
    }

    /**
     * @return the reader's holder for the current record.
     */
    static Object current(final BlockReader reader)
    {
        switch (reader.type())
        {
            case TAG_DEFINITION:
                return reader.tagDefinition();
            case SNAPSHOT_BEGIN:
                return reader.snapshotBegin();
            case SNAPSHOT_END:
                return reader.snapshotEnd();
            case SOURCE_STATE:
                return reader.sourceState();
            case FILE_MANIFEST:
                return reader.fileManifest();
            case FILE_CHUNK:
                return reader.fileChunk();
            case SENDER_STATUS:
                return reader.senderStatus();
            case AUDIT_EVENT:
                return reader.auditEvent();
            case GAP_NOTICE:
                return reader.gapNotice();
            case RESEND_MARKER:
                return reader.resendMarker();
            default:
                return reader.tagValueBatch();
        }
    }

    /**
     * Writes a small block with one record of every type: the seed shape for fuzzing and truncation tests.
     *
     * @return the used length.
     */
    static int writeMixedBlock(final long seed, final byte[] buffer, final int capacity)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final BlockWriter block = new BlockWriter().wrap(buffer, 0, capacity);
        long sequence = 1000 + seed;
        final TagValueBatchWriter batch = new TagValueBatchWriter();
        for (final RecordType type : RecordType.values())
        {
            if (type.isTagValueBatch())
            {
                if (type == RecordType.TAG_VALUE_BATCH)
                {
                    batch.beginLiveValues(block, sequence++);
                }
                else if (type == RecordType.HISTORY_BATCH)
                {
                    batch.beginHistory(block, sequence++, random.nextInt());
                }
                else
                {
                    batch.beginSnapshotPart(block, sequence++, random.nextLong(), random.nextInt());
                }
                for (int i = 0; i < 4; i++)
                {
                    batch.append(randomValue(random));
                }
            }
            else
            {
                final Object record = randomRecord(random, type);
                if (record instanceof FileChunk)
                {
                    ((FileChunk)record).data(new byte[] {1, 2, 3, 4, 5}, 1, 3);
                }
                write(record, block, sequence++);
            }
        }
        block.finish();
        return block.usedLength();
    }
}
