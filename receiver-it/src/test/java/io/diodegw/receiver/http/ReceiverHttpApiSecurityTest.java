package io.diodegw.receiver.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.diodegw.config.ConfigLoader;
import io.diodegw.config.Side;
import io.diodegw.receiver.link.LinkCounters;
import io.diodegw.receiver.table.TagTable;

/**
 * The HTTP API behind TLS, client certificates and bearer tokens: a real HTTPS server on an ephemeral port of
 * 127.0.0.1 with a PKI made for each test, queried with the JDK's HTTP client.
 */
class ReceiverHttpApiSecurityTest
{
    private static final String TOKEN_A = "tokenA-0123456789abcdefghijklmnopqrstuvwxyz";
    private static final String TOKEN_B = "tokenB+/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ==";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    private TestPki.Issued ca;
    private Path certificateFile;
    private Path privateKeyFile;
    private Path tokenFile;
    private ReceiverHttpApi api;

    @BeforeEach
    void makePki() throws Exception
    {
        ca = TestPki.ca("test-ca");
        final TestPki.Issued server = TestPki.server(ca);
        certificateFile = server.writeCertificate(dir.resolve("http.pem"));
        privateKeyFile = server.writePrivateKey(dir.resolve("http-key.pem"), "rw-------");
        tokenFile = TestPki.write(dir.resolve("tokens"), "# consumers\n" + TOKEN_A + "\n\n" + TOKEN_B + "\n",
            "rw-------");
    }

    @AfterEach
    void stop()
    {
        if (api != null)
        {
            api.close();
        }
    }

    @Test
    void shouldServeStatusOverTls13ToAClientTrustingTheCa() throws Exception
    {
        start(HttpSecurity.load(certificateFile, privateKeyFile, false, null, null));

        final HttpResponse<String> response = send(client(TestPki.clientContext(ca, null)), "GET", null);

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("TLSv1.3", response.sslSession().orElseThrow().getProtocol());
        final JsonNode http = MAPPER.readTree(response.body()).get("http");
        assertTrue(http.get("tls").asBoolean());
        assertEquals("[\"TLSv1.3\"]", http.get("protocols").toString());
        assertFalse(http.get("clientCertificates").asBoolean());
        assertFalse(http.get("tokens").asBoolean());
    }

    @Test
    void shouldRefuseTls12UnlessAllowed() throws Exception
    {
        start(HttpSecurity.load(certificateFile, privateKeyFile, false, null, null));
        final HttpClient tls12Only = tls12Client();

        assertThrows(IOException.class, () -> send(tls12Only, "GET", null));

        api.close();
        start(HttpSecurity.load(certificateFile, privateKeyFile, true, null, null));
        final HttpResponse<String> response = send(tls12Client(), "GET", null);
        assertEquals(200, response.statusCode());
        assertEquals("TLSv1.2", response.sslSession().orElseThrow().getProtocol());
    }

    @Test
    void shouldRefuseAPlainHttpClient() throws Exception
    {
        start(HttpSecurity.load(certificateFile, privateKeyFile, false, null, null));
        final HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        final URI http = URI.create("http://127.0.0.1:" + api.address().getPort() + "/api/status");

        assertThrows(IOException.class, () -> plain.send(HttpRequest.newBuilder(http).timeout(Duration.ofSeconds(5))
            .build(), HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    void shouldAnswer401WithoutDetailToAMissingWrongOrMalformedTokenAndCountIt() throws Exception
    {
        start(HttpSecurity.load(certificateFile, privateKeyFile, false, null, tokenFile));
        final HttpClient client = client(TestPki.clientContext(ca, null));

        final List<String> refused = List.of("Bearer " + TOKEN_A.substring(0, TOKEN_A.length() - 1),
            "Bearer " + TOKEN_A + "x", "Basic " + TOKEN_A, "bearer", TOKEN_A, "Bearer " + TOKEN_A.toUpperCase());
        final HttpResponse<String> missing = send(client, "GET", null);
        assertUnauthorized(missing);
        for (final String authorization : refused)
        {
            assertUnauthorized(send(client, "GET", authorization));
        }
        assertUnauthorized(send(client, "POST", "Bearer wrong-token"));

        assertEquals(200, send(client, "GET", "Bearer " + TOKEN_B).statusCode());
        final HttpResponse<String> status = send(client, "GET", "bearer  " + TOKEN_A);
        assertEquals(200, status.statusCode());
        final JsonNode http = MAPPER.readTree(status.body()).get("http");
        assertTrue(http.get("tokens").asBoolean());
        assertEquals(refused.size() + 2, http.get("unauthorized").asLong());
        assertEquals(0, http.get("methodNotAllowed").asLong());
        assertEquals(refused.size() + 4, http.get("requests").asLong());
    }

    @Test
    void shouldServeMountedResourcesBehindTheTokenAndStaticOnesWithout() throws Exception
    {
        start(HttpSecurity.load(certificateFile, privateKeyFile, false, null, tokenFile));
        api.addResource("/metrics", query -> new ReceiverHttpApi.Body("text/plain; charset=utf-8",
            ("up " + query.getOrDefault("n", "1") + "\n").getBytes(StandardCharsets.UTF_8)));
        api.addStaticResource("/status", query -> new ReceiverHttpApi.Body("text/html; charset=utf-8",
            "<html></html>".getBytes(StandardCharsets.UTF_8)));
        api.addResource("/bad", query ->
        {
            throw new IllegalArgumentException("n must be a number");
        });
        final HttpClient client = client(TestPki.clientContext(ca, null));
        final String token = "Bearer " + TOKEN_A;

        assertUnauthorized(send(client, "GET", null, "/metrics"));
        final HttpResponse<String> metrics = send(client, "GET", token, "/metrics?n=7");
        assertEquals(200, metrics.statusCode());
        assertEquals("up 7\n", metrics.body());
        assertEquals("text/plain; charset=utf-8", metrics.headers().firstValue("Content-Type").orElse(""));
        final HttpResponse<String> page = send(client, "GET", null, "/status");
        assertEquals(200, page.statusCode());
        assertEquals("<html></html>", page.body());
        assertEquals(405, send(client, "POST", null, "/status").statusCode());
        assertEquals(405, send(client, "DELETE", token, "/metrics").statusCode());
        final HttpResponse<String> bad = send(client, "GET", token, "/bad");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("n must be a number"), bad.body());
        assertThrows(IllegalArgumentException.class, () -> api.addResource("/metrics", query -> null));
        assertThrows(IllegalArgumentException.class, () -> api.addResource("/api/status", query -> null));
    }

    @Test
    void shouldAnswer405ToEveryMethodButGetAndHeadAndCountIt() throws Exception
    {
        start(HttpSecurity.load(certificateFile, privateKeyFile, false, null, tokenFile));
        final HttpClient client = client(TestPki.clientContext(ca, null));
        final String token = "Bearer " + TOKEN_A;

        for (final String method : List.of("POST", "PUT", "DELETE", "PATCH", "OPTIONS"))
        {
            final HttpResponse<String> response = send(client, method, token);
            assertEquals(405, response.statusCode(), method);
            assertEquals("GET, HEAD", response.headers().firstValue("Allow").orElse(""));
        }
        final HttpResponse<String> head = send(client, "HEAD", token);
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());

        final JsonNode http = MAPPER.readTree(send(client, "GET", token).body()).get("http");
        assertEquals(5, http.get("methodNotAllowed").asLong());
        assertEquals(0, http.get("unauthorized").asLong());
        assertEquals(5, api.httpCounters().methodNotAllowed());
    }

    @Test
    void shouldRequireAClientCertificateIssuedByTheClientCa() throws Exception
    {
        final TestPki.Issued clientCa = TestPki.ca("client-ca");
        final Path clientCaFile = clientCa.writeCertificate(dir.resolve("client-ca.pem"));
        start(HttpSecurity.load(certificateFile, privateKeyFile, false, clientCaFile, null));

        assertThrows(IOException.class, () -> rawGet(TestPki.clientContext(ca, null)));
        assertEquals(0, api.httpCounters().clientCertificatesRefused());
        final TestPki.Issued stranger = TestPki.client(TestPki.ca("other-ca"), "stranger");
        assertThrows(IOException.class, () -> rawGet(TestPki.clientContext(ca, stranger)));
        assertEquals(1, api.httpCounters().clientCertificatesRefused());
        assertThrows(IOException.class, () -> send(client(TestPki.clientContext(ca, null)), "GET", null));
        assertEquals(0, api.httpCounters().requests());

        final TestPki.Issued consumer = TestPki.client(clientCa, "consumer");
        assertEquals("HTTP/1.1 200 OK", rawGet(TestPki.clientContext(ca, consumer)));
        final HttpResponse<String> response = send(client(TestPki.clientContext(ca, consumer)), "GET", null);
        assertEquals(200, response.statusCode());
        final JsonNode http = MAPPER.readTree(response.body()).get("http");
        assertTrue(http.get("clientCertificates").asBoolean());
        assertEquals(1, http.get("clientCertificatesRefused").asLong());
        assertEquals(2, http.get("requests").asLong());
    }

    @Test
    void shouldRefuseAPrivateKeyOrTokenFileReadableByOthersNamingTheFileAndTheFix() throws Exception
    {
        for (final String loose : List.of("rw-r-----", "rw----r--", "rw-rw-rw-"))
        {
            Files.setPosixFilePermissions(privateKeyFile, java.nio.file.attribute.PosixFilePermissions.fromString(
                loose));
            final IllegalArgumentException key = assertThrows(IllegalArgumentException.class,
                () -> HttpSecurity.load(certificateFile, privateKeyFile, false, null, null));
            assertTrue(key.getMessage().contains(privateKeyFile.toString()), key.getMessage());
            assertTrue(key.getMessage().contains("chmod 600 " + privateKeyFile), key.getMessage());
            assertTrue(key.getMessage().contains("receiver.http.tls.privateKeyFile"), key.getMessage());
        }
        Files.setPosixFilePermissions(tokenFile, java.nio.file.attribute.PosixFilePermissions.fromString(
            "rw-r--r--"));
        final IllegalArgumentException tokens = assertThrows(IllegalArgumentException.class,
            () -> HttpSecurity.load(null, null, false, null, tokenFile));
        assertTrue(tokens.getMessage().contains("chmod 600 " + tokenFile), tokens.getMessage());
    }

    @Test
    void shouldRefuseAShortOrMalformedTokenNamingTheLineButNotTheToken() throws Exception
    {
        for (final String bad : List.of("short-token", "has space in the middle of a long enough token", "ünicode-" +
            "0123456789abcdefghijklmnopqrstuvwxyz"))
        {
            TestPki.write(tokenFile, "# header\n" + TOKEN_A + "\n" + bad + "\n", "rw-------");
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> HttpSecurity.load(null, null, false, null, tokenFile));
            assertTrue(ex.getMessage().contains("line 3"), ex.getMessage());
            assertFalse(ex.getMessage().contains(bad), ex.getMessage());
        }
        TestPki.write(tokenFile, "# only comments\n\n", "rw-------");
        assertTrue(assertThrows(IllegalArgumentException.class,
            () -> HttpSecurity.load(null, null, false, null, tokenFile)).getMessage().contains("holds no token"));
    }

    @Test
    void shouldRefuseHalfATlsConfigurationAndAClientCaWithoutTls() throws Exception
    {
        final Path clientCaFile = ca.writeCertificate(dir.resolve("client-ca.pem"));
        assertThrows(IllegalArgumentException.class, () -> HttpSecurity.load(certificateFile, null, false, null,
            null));
        assertThrows(IllegalArgumentException.class, () -> HttpSecurity.load(null, privateKeyFile, false, null,
            null));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HttpSecurity.load(null, null, false,
            clientCaFile, null)).getMessage().contains("needs HTTPS"));
        TestPki.write(privateKeyFile, "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n",
            "rw-------");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> HttpSecurity.load(certificateFile,
            privateKeyFile, false, null, null)).getMessage().contains("openssl pkcs8 -topk8"));
    }

    @Test
    void shouldServePlainHttpOnLoopbackByDefaultAndRefuseAnUnprotectedNetworkBind() throws Exception
    {
        final HttpSecurity loopback = HttpSecurity.from(ConfigLoader.fromValues(Side.RECEIVER, "test",
            receiverValues(Map.of())));
        assertFalse(loopback.tls());
        assertFalse(loopback.tokenRequired());

        final IllegalArgumentException clear = assertThrows(IllegalArgumentException.class, () -> HttpSecurity.from(
            ConfigLoader.fromValues(Side.RECEIVER, "test", receiverValues(Map.of("receiver.http.bind",
                "0.0.0.0:8443")))));
        assertTrue(clear.getMessage().contains("in clear text"), clear.getMessage());
        assertTrue(clear.getMessage().contains("receiver.http.allowUnprotectedNetworkAccess=true"),
            clear.getMessage());

        final Map<String, String> tlsOnly = Map.of("receiver.http.bind", "0.0.0.0:8443",
            "receiver.http.tls.certificateFile", certificateFile.toString(),
            "receiver.http.tls.privateKeyFile", privateKeyFile.toString());
        final IllegalArgumentException anonymous = assertThrows(IllegalArgumentException.class,
            () -> HttpSecurity.from(ConfigLoader.fromValues(Side.RECEIVER, "test", receiverValues(tlsOnly))));
        assertTrue(anonymous.getMessage().contains("without authentication"), anonymous.getMessage());

        final Map<String, String> protectedBind = new HashMap<>(tlsOnly);
        protectedBind.put("receiver.http.tokenFile", tokenFile.toString());
        final HttpSecurity network = HttpSecurity.from(ConfigLoader.fromValues(Side.RECEIVER, "test",
            receiverValues(protectedBind)));
        assertTrue(network.tls());
        assertTrue(network.tokenRequired());

        final HttpSecurity accepted = HttpSecurity.from(ConfigLoader.fromValues(Side.RECEIVER, "test",
            receiverValues(Map.of("receiver.http.bind", "0.0.0.0:8080",
                "receiver.http.allowUnprotectedNetworkAccess", "true"))));
        assertFalse(accepted.tls());
    }

    private Map<String, String> receiverValues(final Map<String, String> extra)
    {
        final Map<String, String> values = new HashMap<>();
        values.put("receiver.privateKeyFile", dir.resolve("unused-x25519.pem").toString());
        values.put("receiver.trustedSenderKeyFiles", dir.resolve("unused-sender.pub.pem").toString());
        values.putAll(extra);
        return values;
    }

    private void start(final HttpSecurity security) throws IOException
    {
        api = ReceiverHttpApi.start(new InetSocketAddress("127.0.0.1", 0), security, new TagTable(),
            new LinkCounters(), () -> 1_700_000_000_000L);
    }

    private static HttpClient client(final SSLContext context)
    {
        return HttpClient.newBuilder().sslContext(context).version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    }

    private HttpClient tls12Client() throws Exception
    {
        final SSLParameters parameters = new SSLParameters();
        parameters.setProtocols(new String[] {"TLSv1.2"});
        return HttpClient.newBuilder().sslContext(TestPki.clientContext(ca, null)).sslParameters(parameters)
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private HttpResponse<String> send(final HttpClient client, final String method, final String authorization)
        throws IOException, InterruptedException
    {
        return send(client, method, authorization, "/api/status");
    }

    private HttpResponse<String> send(
        final HttpClient client, final String method, final String authorization, final String pathAndQuery)
        throws IOException, InterruptedException
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" +
            api.address().getPort() + pathAndQuery)).timeout(Duration.ofSeconds(10))
            .method(method, "GET".equals(method) || "HEAD".equals(method) ? HttpRequest.BodyPublishers.noBody() :
                HttpRequest.BodyPublishers.ofString("{}"));
        if (authorization != null)
        {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** One TLS connection (the JDK client may retry a GET on a second one), one request; its status line. */
    private String rawGet(final SSLContext context) throws IOException
    {
        try (SSLSocket socket = (SSLSocket)context.getSocketFactory().createSocket("127.0.0.1",
            api.address().getPort()))
        {
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            socket.getOutputStream().write("GET /api/status HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            final byte[] answer = socket.getInputStream().readAllBytes();
            if (answer.length == 0)
            {
                throw new IOException("connection closed without an answer");
            }
            return new String(answer, StandardCharsets.US_ASCII).lines().findFirst().orElse("");
        }
    }

    private static void assertUnauthorized(final HttpResponse<String> response) throws IOException
    {
        assertEquals(401, response.statusCode(), response.body());
        assertEquals("Bearer realm=\"diodegw\"", response.headers().firstValue("WWW-Authenticate").orElse(""));
        assertEquals("{\"error\":\"unauthorized\",\"status\":401}", MAPPER.readTree(response.body()).toString());
    }
}
