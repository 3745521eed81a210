package io.diodegw.demo;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The few S3 and Kinesis calls the demo makes to S3Mock and kinesis-local on loopback (create the bucket and the
 * stream, read everything back), on the JDK's HTTP client so the demo links no AWS SDK. Requests are not signed:
 * S3Mock ignores authentication, and kinesis-local only checks that an {@code Authorization} header with
 * Credential, SignedHeaders and Signature and an {@code X-Amz-Date} header are present (the region comes from the
 * Credential scope), so the demo sends a well-formed header with a placeholder signature. Not for real AWS.
 *
 * <p>Thread-safe (the HTTP client is); every call blocks. {@link #close()} drops the client's kept-alive
 * connections where the JDK can (21 and later): kinesis-local waits for open connections for 30 s when it is asked
 * to stop.
 */
final class LocalAws implements AutoCloseable
{
    static final String ACCESS_KEY_ID = "test";
    static final String SECRET_ACCESS_KEY = "test";
    static final String REGION = "us-east-1";

    private static final String KINESIS_TARGET = "Kinesis_20131202.";
    private static final String KINESIS_CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'");
    private static final int GET_RECORDS_LIMIT = 10_000;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    // HTTP/1.1: the JDK client otherwise offers an h2c upgrade, which kinesis-local answers with streams it then
    // cancels (requests time out on JDK 25)
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();

    /** Closes the HTTP client on JDK 21 and later (where it is {@link AutoCloseable}); idempotent. */
    @Override
    public void close()
    {
        if ((Object)http instanceof AutoCloseable closeable)
        {
            try
            {
                closeable.close();
            }
            catch (final Exception ex)
            {
                // closing only drops idle connections early; the services are stopped next either way
                return;
            }
        }
    }

    /** @return whether S3Mock at {@code endpoint} answers ListBuckets. */
    boolean s3Ready(final URI endpoint) throws InterruptedException
    {
        try
        {
            return send(HttpRequest.newBuilder(endpoint.resolve("/")).GET()).statusCode() == 200;
        }
        catch (final IOException notYet)
        {
            return false;
        }
    }

    /** Creates a bucket (path-style). */
    void createBucket(final URI endpoint, final String bucket) throws IOException, InterruptedException
    {
        final HttpResponse<byte[]> response = send(HttpRequest.newBuilder(endpoint.resolve("/" + bucket))
            .PUT(HttpRequest.BodyPublishers.noBody()));
        expectOk(response, "CreateBucket " + bucket);
    }

    /** @return every key in the bucket (ListObjectsV2, all pages). */
    List<String> keys(final URI endpoint, final String bucket) throws IOException, InterruptedException
    {
        final List<String> keys = new ArrayList<>();
        String token = null;
        do
        {
            final String query = "list-type=2" + (token == null ? "" : "&continuation-token=" + encode(token));
            final HttpResponse<byte[]> response = send(HttpRequest.newBuilder(
                endpoint.resolve("/" + bucket + "?" + query)).GET());
            expectOk(response, "ListObjectsV2 " + bucket);
            final Element root = xml(response.body()).getDocumentElement();
            final NodeList contents = root.getElementsByTagName("Contents");
            for (int i = 0; i < contents.getLength(); i++)
            {
                keys.add(((Element)contents.item(i)).getElementsByTagName("Key").item(0).getTextContent());
            }
            token = "true".equals(text(root, "IsTruncated")) ? text(root, "NextContinuationToken") : null;
        }
        while (token != null);
        return keys;
    }

    /** @return the object's bytes. */
    byte[] object(final URI endpoint, final String bucket, final String key) throws IOException, InterruptedException
    {
        final StringBuilder path = new StringBuilder("/").append(bucket);
        for (final String segment : key.split("/", -1))
        {
            path.append('/').append(encode(segment));
        }
        final HttpResponse<byte[]> response = send(HttpRequest.newBuilder(endpoint.resolve(path.toString())).GET());
        expectOk(response, "GetObject " + key);
        return response.body();
    }

    /** @return whether kinesis-local at {@code endpoint} answers ListStreams. */
    boolean kinesisReady(final URI endpoint) throws InterruptedException
    {
        try
        {
            kinesis(endpoint, "ListStreams", "{}");
            return true;
        }
        catch (final IOException notYet)
        {
            return false;
        }
    }

    /** Creates a stream with {@code shards} shards. */
    void createStream(final URI endpoint, final String stream, final int shards)
        throws IOException, InterruptedException
    {
        kinesis(endpoint, "CreateStream", "{\"StreamName\":" + Json.quote(stream) + ",\"ShardCount\":" + shards + "}");
    }

    /** @return the stream's status (CREATING, ACTIVE...). */
    String streamStatus(final URI endpoint, final String stream) throws IOException, InterruptedException
    {
        final Map<String, Object> answer = kinesis(endpoint, "DescribeStreamSummary",
            "{\"StreamName\":" + Json.quote(stream) + "}");
        final Object summary = answer.get("StreamDescriptionSummary");
        return summary instanceof Map<?, ?> m ? String.valueOf(m.get("StreamStatus")) : "unknown";
    }

    /**
     * Reads every record of every shard from its start (TRIM_HORIZON) up to the shard's end as of now.
     *
     * @param sink receives each record's data.
     * @return the number of shards read.
     */
    int readStream(final URI endpoint, final String stream, final Consumer<byte[]> sink)
        throws IOException, InterruptedException
    {
        final List<String> shardIds = new ArrayList<>();
        String token = null;
        do
        {
            final String body = token == null ? "{\"StreamName\":" + Json.quote(stream) + "}"
                : "{\"NextToken\":" + Json.quote(token) + "}";
            final Map<String, Object> answer = kinesis(endpoint, "ListShards", body);
            for (final Object shard : list(answer.get("Shards")))
            {
                shardIds.add(String.valueOf(((Map<?, ?>)shard).get("ShardId")));
            }
            final Object next = answer.get("NextToken");
            token = next == null ? null : next.toString();
        }
        while (token != null);
        final Base64.Decoder base64 = Base64.getDecoder();
        for (final String shardId : shardIds)
        {
            Object iterator = kinesis(endpoint, "GetShardIterator", "{\"StreamName\":" + Json.quote(stream)
                + ",\"ShardId\":" + Json.quote(shardId) + ",\"ShardIteratorType\":\"TRIM_HORIZON\"}")
                .get("ShardIterator");
            while (iterator != null)
            {
                final Map<String, Object> answer = kinesis(endpoint, "GetRecords", "{\"ShardIterator\":"
                    + Json.quote(iterator.toString()) + ",\"Limit\":" + GET_RECORDS_LIMIT + "}");
                final List<?> records = list(answer.get("Records"));
                for (final Object record : records)
                {
                    sink.accept(base64.decode(String.valueOf(((Map<?, ?>)record).get("Data"))));
                }
                final Object behind = answer.get("MillisBehindLatest");
                if (records.isEmpty() && (!(behind instanceof Number n) || n.longValue() == 0))
                {
                    break;
                }
                iterator = answer.get("NextShardIterator");
            }
        }
        return shardIds.size();
    }

    private Map<String, Object> kinesis(final URI endpoint, final String operation, final String body)
        throws IOException, InterruptedException
    {
        final ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        final String date = AMZ_DATE.format(now);
        final HttpResponse<byte[]> response = send(HttpRequest.newBuilder(endpoint.resolve("/"))
            .header("Content-Type", KINESIS_CONTENT_TYPE)
            .header("X-Amz-Target", KINESIS_TARGET + operation)
            .header("X-Amz-Date", date)
            .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY_ID + "/" + date.substring(0, 8)
                + "/" + REGION + "/kinesis/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, "
                + "Signature=" + "0".repeat(64))
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
        expectOk(response, "Kinesis " + operation);
        final String text = new String(response.body(), StandardCharsets.UTF_8);
        try
        {
            return text.isBlank() ? Map.of() : Json.parseObject(text);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IOException("Kinesis " + operation + ": " + ex.getMessage(), ex);
        }
    }

    private HttpResponse<byte[]> send(final HttpRequest.Builder request) throws IOException, InterruptedException
    {
        return http.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static void expectOk(final HttpResponse<byte[]> response, final String what) throws IOException
    {
        if (response.statusCode() / 100 != 2)
        {
            final String body = new String(response.body(), StandardCharsets.UTF_8);
            throw new IOException(what + ": HTTP " + response.statusCode() + " "
                + (body.length() > 500 ? body.substring(0, 500) + "..." : body));
        }
    }

    private static List<?> list(final Object value)
    {
        return value instanceof List<?> l ? l : List.of();
    }

    private static String text(final Element root, final String tag)
    {
        final NodeList nodes = root.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent();
    }

    private static Document xml(final byte[] body) throws IOException
    {
        try
        {
            final DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            final DocumentBuilder builder = factory.newDocumentBuilder();
            return builder.parse(new ByteArrayInputStream(body));
        }
        catch (final ParserConfigurationException | SAXException ex)
        {
            throw new IOException("unreadable XML from S3: " + ex.getMessage(), ex);
        }
    }

    private static String encode(final String text)
    {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
