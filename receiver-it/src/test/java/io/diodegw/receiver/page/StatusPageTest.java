package io.diodegw.receiver.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.diodegw.receiver.http.HttpSecurity;
import io.diodegw.receiver.http.ReceiverHttpApi;
import io.diodegw.receiver.link.LinkCounters;
import io.diodegw.receiver.table.TagTable;

/**
 * The page mounted on a real API (plain HTTP on 127.0.0.1, bearer tokens required): its files without a token, the
 * lag history only with one; and checks on the files themselves (no third-party content, no markup from data).
 */
class StatusPageTest
{
    private static final String TOKEN = "pageToken-0123456789abcdefghijklmnopqrstuvwxyz";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    private final TagTable table = new TagTable();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private ReceiverHttpApi api;
    private StatusPage page;

    @BeforeEach
    void start() throws Exception
    {
        final Path tokens = Files.writeString(dir.resolve("tokens"), TOKEN + "\n");
        Files.setPosixFilePermissions(tokens, PosixFilePermissions.fromString("rw-------"));
        table.applyDefinition(LagHistoryTest.definition(1, 3));
        api = ReceiverHttpApi.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            HttpSecurity.load(null, null, false, null, tokens), table, new LinkCounters(), System::currentTimeMillis);
        page = StatusPage.start(api, table, System::currentTimeMillis);
    }

    @AfterEach
    void stop()
    {
        page.close();
        api.close();
    }

    @Test
    void shouldServeThePageAndItsFilesWithoutAToken() throws Exception
    {
        final HttpResponse<String> status = get("/status", null);
        assertEquals(200, status.statusCode());
        assertEquals("text/html; charset=utf-8", status.headers().firstValue("Content-Type").orElse(""));
        assertTrue(status.body().contains("<script src=\"status.js\""), status.body());
        assertEquals(status.body(), get("/", null).body());
        final HttpResponse<String> script = get("/status.js", null);
        assertEquals(200, script.statusCode());
        assertEquals("text/javascript; charset=utf-8", script.headers().firstValue("Content-Type").orElse(""));
        assertTrue(script.body().contains("/api/history/lag"));
        final HttpResponse<String> style = get("/status.css", null);
        assertEquals(200, style.statusCode());
        assertEquals("text/css; charset=utf-8", style.headers().firstValue("Content-Type").orElse(""));
    }

    @Test
    void shouldServeTheLagHistoryOnlyWithTheToken() throws Exception
    {
        assertEquals(401, get("/api/history/lag", null).statusCode());
        assertEquals(401, get("/api/history/lag", "wrong-token-0123456789abcdefghijklmnopqrstuv").statusCode());

        final HttpResponse<String> history = get("/api/history/lag", TOKEN);

        assertEquals(200, history.statusCode());
        final JsonNode json = MAPPER.readTree(history.body());
        assertEquals(1, json.get("sources").size(), "the sampler took its first sample at start: " + json);
        assertEquals(3, json.get("sources").get(0).get("sourceId").asLong());
        assertEquals(1, json.get("sources").get(0).get("points").size());
    }

    @Test
    void shouldAnswer400ForABadWindow() throws Exception
    {
        final HttpResponse<String> bad = get("/api/history/lag?windowMs=soon", TOKEN);

        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("windowMs"), bad.body());
        assertEquals(400, get("/api/history/lag?windowMs=0", TOKEN).statusCode());
    }

    @Test
    void shouldLoadNothingFromOtherOriginsAndForbidItInItsPolicy()
    {
        final String html = new String(StatusPage.read("status.html"), StandardCharsets.UTF_8);
        final Matcher references = Pattern.compile("(?:src|href)=\"([^\"]*)\"").matcher(html);
        int count = 0;
        while (references.find())
        {
            final String reference = references.group(1);
            assertTrue(List.of("status.js", "status.css", "data:,").contains(reference), reference);
            count++;
        }
        assertEquals(3, count);
        assertTrue(html.contains("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'"), html);
        final String style = new String(StatusPage.read("status.css"), StandardCharsets.UTF_8);
        assertFalse(style.contains("url("), "the style loads nothing");
        assertFalse(style.contains("@import"), "the style loads nothing");
    }

    @Test
    void shouldNeverTurnTextFromTheApiIntoMarkup()
    {
        final String script = new String(StatusPage.read("status.js"), StandardCharsets.UTF_8);
        for (final String sink : List.of("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
            "new Function", "setTimeout('", "setTimeout(\"", "DOMParser", "createContextualFragment"))
        {
            assertFalse(script.contains(sink), "status.js uses " + sink);
        }
        assertTrue(script.contains("textContent"));
    }

    private HttpResponse<String> get(final String path, final String token) throws Exception
    {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" +
            api.address().getPort() + path)).timeout(Duration.ofSeconds(10)).GET();
        if (token != null)
        {
            request.header("Authorization", "Bearer " + token);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
