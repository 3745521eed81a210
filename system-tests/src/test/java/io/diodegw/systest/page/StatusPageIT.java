package io.diodegw.systest.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.diodegw.demo.Deployment;
import io.diodegw.demo.Json;

/**
 * Opens the receiver's status page in headless Chromium (Debian's {@code /usr/bin/chromium}, driven by
 * playwright-core from Node through {@code src/test/js/status-page.js}) while simulator, receiver and sender run as
 * processes, and checks what it shows against {@code /api/status} fetched just before and just after: figures that
 * cannot change while the demo runs are equal, counters lie between the two readings, the lag chart has points, the
 * page reports no error, and once the API stops answering the page shows its error banner and "down". Saves the
 * screenshots to {@code target/status-page.png} and {@code target/status-page-unreachable.png}.
 *
 * <p>playwright-core is found through {@code -Ddiodegw.playwright.dir}, then {@code DIODE_TEST_PLAYWRIGHT_DIR}, then
 * {@code .test-services/playwright}; Chromium through {@code -Ddiodegw.chromium}, then {@code DIODE_TEST_CHROMIUM},
 * then {@code /usr/bin/chromium}. A missing one fails the test with the command that installs it.
 */
class StatusPageIT
{
    private static final String INSTALL_COMMAND = "bin/install-test-services";
    private static final String PLAYWRIGHT_DIR = "diodegw.playwright.dir";
    private static final String PLAYWRIGHT_DIR_ENV = "DIODE_TEST_PLAYWRIGHT_DIR";
    private static final String CHROMIUM = "diodegw.chromium";
    private static final String CHROMIUM_ENV = "DIODE_TEST_CHROMIUM";
    private static final String DEFAULT_CHROMIUM = "/usr/bin/chromium";
    private static final int TAGS = 200;
    private static final double RATE_PER_SEC = 400;
    private static final int HISTORY_DEPTH = 100;
    private static final long DATA_DEADLINE_MS = 60_000;
    private static final long BROWSER_TIMEOUT_MS = 30_000;
    private static final long SCRIPT_DEADLINE_MS = 90_000;
    private static final long POLL_MS = 250;
    private static final long MIN_SCREENSHOT_BYTES = 20_000;

    @Test
    void shouldShowTheFiguresOfApiStatusWithALagChartAndAnErrorBannerOnceTheApiIsGone() throws Exception
    {
        final long startNs = System.nanoTime();
        final Path home = Path.of(System.getProperty("diodegw.home", "..")).toAbsolutePath().normalize();
        final Path playwright = playwrightDir(home);
        final Path chromium = chromium();
        final String node = node();
        final Path script = home.resolve("system-tests/src/test/js/status-page.js");
        assertTrue(Files.isRegularFile(script), script.toString());
        final Path target = Files.createDirectories(home.resolve("system-tests/target"));
        final Path screenshot = target.resolve("status-page.png");
        final Path unreachableShot = target.resolve("status-page-unreachable.png");
        Files.deleteIfExists(screenshot);
        Files.deleteIfExists(unreachableShot);
        final Path work = Files.createTempDirectory("diodegw-status-page-it-");

        try (Deployment deployment = new Deployment(Deployment.Launch.fromSystemProperties(), work,
            new Deployment.Shape(TAGS, RATE_PER_SEC, HISTORY_DEPTH, 7), System.err))
        {
            deployment.prepare();
            deployment.startSimulator();
            deployment.writeConfigs(List.of("files"), null, null);
            deployment.startReceiver();
            deployment.startSender();
            progress(startNs, "processes started");
            awaitSteadyData(deployment);
            progress(startNs, "data steady");

            // The browser starts now and waits for the lag chart itself (the first sample with values comes within
            // one sampling interval), so Chromium starts while the receiver takes it.
            final Map<String, Object> before = deployment.status();
            final Map<String, Object> page = runBrowser(node, script, deployment, playwright, chromium, screenshot,
                work);
            progress(startNs, "browser done");
            final Map<String, Object> after = deployment.status();
            final Map<String, Object> history = deployment.get("/api/history/lag");
            deployment.checkAlive();

            assertFiguresMatch(before, after, page);
            assertChartsHavePoints(before, history, page);
            assertScreenshot(screenshot);
            assertScreenshot(unreachableShot);
        }
        deleteTree(work);
    }

    /** Removes the working folder (keys, logs, journals, the browser profile) after a passing run only. */
    private static void deleteTree(final Path root) throws IOException
    {
        try (Stream<Path> paths = Files.walk(root))
        {
            for (final Path path : paths.sorted(Comparator.reverseOrder()).toList())
            {
                Files.deleteIfExists(path);
            }
        }
    }

    private static void progress(final long startNs, final String what)
    {
        System.err.println("status page IT: " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs) + " ms: " +
            what);
    }

    private static void awaitSteadyData(final Deployment deployment) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DATA_DEADLINE_MS);
        Map<String, Object> status = Map.of();
        while (System.nanoTime() - deadline < 0)
        {
            deployment.checkAlive();
            status = deployment.status();
            if (steady(status))
            {
                return;
            }
            Thread.sleep(POLL_MS);
        }
        fail("the demo did not reach steady data within " + DATA_DEADLINE_MS + " ms: " + status);
    }

    private static boolean steady(final Map<String, Object> status)
    {
        final List<Map<String, Object>> sources = list(status, "sources");
        final Map<String, Object> files = Deployment.section(Deployment.section(status, "sinks"), "files");
        return Deployment.number(Deployment.section(status, "table"), "tags") == TAGS
            && sources.size() == 1 && "CONNECTED".equals(sources.get(0).get("state"))
            && Deployment.section(status, "link").get("senderEpoch") != null
            && Deployment.number(files, "deliveredEntries") > 0;
    }

    private static Map<String, Object> runBrowser(final String node, final Path script, final Deployment deployment,
        final Path playwright, final Path chromium, final Path screenshot, final Path work) throws Exception
    {
        final Path profile = Files.createDirectories(work.resolve("chromium-profile"));
        final Path out = work.resolve("status-page.out");
        final Path err = work.resolve("status-page.err");
        final List<String> command = List.of(node, script.toString(),
            "--url", deployment.api().resolve("/status").toString(),
            "--playwright", playwright.toString(),
            "--chromium", chromium.toString(),
            "--screenshot", screenshot.toString(),
            "--profile", profile.toString(),
            "--timeout", Long.toString(BROWSER_TIMEOUT_MS));
        final Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
            .start();
        try
        {
            if (!process.waitFor(SCRIPT_DEADLINE_MS, TimeUnit.MILLISECONDS))
            {
                fail("the browser script did not end within " + SCRIPT_DEADLINE_MS + " ms: " + tail(err));
            }
            final String stdout = Files.readString(out, StandardCharsets.UTF_8).strip();
            assertEquals(0, process.exitValue(), "browser script failed: " + tail(err) + "\n" + stdout);
            final String[] lines = stdout.split("\\R");
            System.err.println("status page: " + lines[lines.length - 1]);
            return Json.parseObject(lines[lines.length - 1]);
        }
        finally
        {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void assertFiguresMatch(final Map<String, Object> before, final Map<String, Object> after,
        final Map<String, Object> page)
    {
        final Map<String, Object> figures = Deployment.section(page, "figures");
        final String context = "page: " + figures + "\nbefore: " + before + "\nafter: " + after;
        assertEquals(List.of(), page.get("errors"), context);
        assertEquals("true", figures.get("error-banner.hidden"), context);
        assertFalse(String.valueOf(figures.get("last-refreshed")).isBlank(), context);
        assertNotEquals("never", figures.get("last-refreshed"), context);
        assertTrue(Set.of("healthy", "degraded").contains(figures.get("health")), "the link is alive: " + context);

        final Object epoch = Deployment.section(before, "link").get("senderEpoch");
        assertEquals(epoch, Deployment.section(after, "link").get("senderEpoch"), context);
        assertEquals(epoch, figures.get("link-epoch"), context);

        final List<Map<String, Object>> sources = list(before, "sources");
        assertEquals(sources.size(), list(after, "sources").size(), context);
        assertEquals(sources.size(), figureNumber(figures, "source-count"), context);
        for (int i = 0; i < sources.size(); i++)
        {
            final Map<String, Object> source = sources.get(i);
            final Map<String, Object> later = list(after, "sources").get(i);
            final long id = Deployment.number(source, "sourceId");
            assertEquals(source.get("state"), later.get("state"), context);
            assertEquals(source.get("state"), figures.get("source-state-" + id), context);
            assertEquals(Deployment.number(source, "tags"), figureNumber(figures, "source-tags-" + id), context);
            assertBetween(Deployment.number(source, "valuesApplied"), figureNumber(figures, "source-values-" + id),
                Deployment.number(later, "valuesApplied"), "source-values-" + id, context);
        }

        final long tags = Deployment.number(Deployment.section(before, "table"), "tags");
        assertEquals(TAGS, tags, context);
        assertEquals(tags, Deployment.number(Deployment.section(after, "table"), "tags"), context);
        assertEquals(tags, figureNumber(figures, "tag-count"), context);

        final long openGaps = Deployment.number(Deployment.section(before, "gaps"), "open");
        assertEquals(openGaps, Deployment.number(Deployment.section(after, "gaps"), "open"), context);
        assertEquals(openGaps, figureNumber(figures, "gaps-open"), context);

        final Set<String> sinks = new TreeSet<>(Deployment.section(before, "sinks").keySet());
        assertEquals(Set.of("files"), sinks, context);
        final Set<String> shown = new TreeSet<>();
        for (final Map.Entry<String, Object> figure : figures.entrySet())
        {
            if (figure.getKey().startsWith("sink-name-"))
            {
                shown.add(String.valueOf(figure.getValue()));
                assertEquals("sink-name-" + figure.getValue(), figure.getKey(), context);
            }
        }
        assertEquals(sinks, shown, context);

        assertBetween(Deployment.number(Deployment.section(before, "link"), "datagrams"),
            figureNumber(figures, "link-datagrams"), Deployment.number(Deployment.section(after, "link"), "datagrams"),
            "link-datagrams", context);
        assertBetween(Deployment.number(Deployment.section(before, "link"), "blocksRepaired"),
            figureNumber(figures, "link-blocks-repaired"),
            Deployment.number(Deployment.section(after, "link"), "blocksRepaired"), "link-blocks-repaired", context);
        assertBetween(Deployment.number(Deployment.section(before, "table"), "liveValuesApplied"),
            figureNumber(figures, "live-values"),
            Deployment.number(Deployment.section(after, "table"), "liveValuesApplied"), "live-values", context);
        assertBetween(Deployment.number(Deployment.section(before, "gaps"), "opened"),
            figureNumber(figures, "gaps-opened"), Deployment.number(Deployment.section(after, "gaps"), "opened"),
            "gaps-opened", context);
        for (final String sink : sinks)
        {
            assertBetween(
                Deployment.number(Deployment.section(Deployment.section(before, "sinks"), sink), "deliveredEntries"),
                figureNumber(figures, "sink-delivered-" + sink),
                Deployment.number(Deployment.section(Deployment.section(after, "sinks"), sink), "deliveredEntries"),
                "sink-delivered-" + sink, context);
        }
        assertTrue(Deployment.number(Deployment.section(after, "link"), "datagrams") >
            Deployment.number(Deployment.section(before, "link"), "datagrams"), "data flowed meanwhile: " + context);

        assertEquals("alarms not configured".equals(figures.get("alarms-state")), !before.containsKey("alarms"),
            context);

        final Map<String, Object> unreachable = Deployment.section(page, "unreachable");
        assertTrue(String.valueOf(unreachable.get("banner")).startsWith("Cannot refresh: /api/"), unreachable
            .toString());
        assertTrue(String.valueOf(unreachable.get("banner")).contains("cannot be reached"), unreachable.toString());
        assertEquals("down", unreachable.get("health"), unreachable.toString());
    }

    private static void assertChartsHavePoints(final Map<String, Object> before, final Map<String, Object> history,
        final Map<String, Object> page)
    {
        final Map<String, Object> charts = Deployment.section(page, "charts");
        final List<Map<String, Object>> series = list(history, "sources");
        assertEquals(list(before, "sources").size(), series.size(), history.toString());
        assertEquals(series.size(), charts.size(), charts.toString());
        for (final Map<String, Object> source : series)
        {
            final long id = Deployment.number(source, "sourceId");
            final long drawn = Deployment.number(charts, "lag-chart-" + id);
            final long withData = list(source, "points").stream().filter(p -> p.get("p99Ms") != null).count();
            assertTrue(drawn > 0, "chart of source " + id + ": " + charts);
            assertTrue(drawn <= withData, "the page drew " + drawn + " points, the history has " + withData);
        }
    }

    private static void assertScreenshot(final Path file) throws IOException
    {
        assertTrue(Files.isRegularFile(file), file + " missing");
        final byte[] bytes = Files.readAllBytes(file);
        assertTrue(bytes.length > MIN_SCREENSHOT_BYTES, file + " is only " + bytes.length + " bytes");
        assertEquals((byte)0x89, bytes[0], "PNG signature of " + file);
        assertEquals("PNG", new String(bytes, 1, 3, StandardCharsets.US_ASCII), "PNG signature of " + file);
    }

    private static void assertBetween(final long low, final long shown, final long high, final String name,
        final String context)
    {
        assertTrue(low <= shown && shown <= high, name + " shows " + shown + ", not within [" + low + ", " + high +
            "] of /api/status before and after: " + context);
    }

    private static long figureNumber(final Map<String, Object> figures, final String testId)
    {
        final Object text = figures.get(testId);
        if (text == null)
        {
            throw new AssertionError("the page shows no figure " + testId + ": " + figures);
        }
        final String digits = text.toString().replace(",", "");
        try
        {
            return Long.parseLong(digits);
        }
        catch (final NumberFormatException ex)
        {
            throw new AssertionError("figure " + testId + " is '" + text + "', not a whole number", ex);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(final Map<String, Object> map, final String key)
    {
        final Object value = map.get(key);
        return value instanceof List ? (List<Map<String, Object>>)value : List.of();
    }

    private static Path playwrightDir(final Path home)
    {
        final Path dir = locate(PLAYWRIGHT_DIR, PLAYWRIGHT_DIR_ENV,
            home.resolve(".test-services/playwright").toString());
        if (!Files.isRegularFile(dir.resolve("node_modules/playwright-core/package.json")))
        {
            fail("playwright-core is not installed in " + dir + ": run " + INSTALL_COMMAND + " (or set -D" +
                PLAYWRIGHT_DIR + "=DIR or " + PLAYWRIGHT_DIR_ENV + ")");
        }
        return dir;
    }

    private static Path chromium()
    {
        final Path chromium = locate(CHROMIUM, CHROMIUM_ENV, DEFAULT_CHROMIUM);
        if (!Files.isExecutable(chromium))
        {
            fail("Chromium is not installed at " + chromium + ": run apt-get install -y chromium (.ci/run does) and " +
                INSTALL_COMMAND + " (or set -D" + CHROMIUM + "=PATH or " + CHROMIUM_ENV + ")");
        }
        return chromium;
    }

    private static Path locate(final String property, final String variable, final String fallback)
    {
        String configured = System.getProperty(property);
        if (configured == null || configured.isBlank())
        {
            configured = System.getenv(variable);
        }
        return Path.of(configured == null || configured.isBlank() ? fallback : configured);
    }

    private static String node()
    {
        final String path = System.getenv("PATH");
        for (final String dir : (path == null ? "" : path).split(File.pathSeparator))
        {
            final Path candidate = Path.of(dir.isEmpty() ? "." : dir, "node");
            if (Files.isExecutable(candidate))
            {
                return candidate.toString();
            }
        }
        return fail("the status page test runs playwright-core with Node 18+, and 'node' is not on the PATH " +
            "(apt-get install -y nodejs; then " + INSTALL_COMMAND + ")");
    }

    private static String tail(final Path file) throws IOException
    {
        if (!Files.exists(file))
        {
            return "(no output)";
        }
        final String text = Files.readString(file, StandardCharsets.UTF_8);
        return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    }
}
