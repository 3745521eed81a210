package io.diodegw.receiver.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.diodegw.config.ReceiverSettings;

/**
 * {@code bin/diode status [--url URL] [--json] [--token-file FILE] [--ca-file PEM]}: fetches the receiver's
 * {@code /api/status} and prints a table per source (state, lag p99 of the last minute, last update age, backlog
 * age, stale tags, open gaps), the link line and the active alarms; with {@code --json} one compact JSON object
 * instead. Meant for existing monitoring (Nagios-style checks, cron, systemd timers), so the exit code carries the
 * verdict:
 * <ul>
 *   <li>{@value #EXIT_HEALTHY}: reachable, no alarm active;</li>
 *   <li>{@value #EXIT_ALARM}: at least one alarm active (a threshold of {@code receiver.alarms.*} crossed);</li>
 *   <li>{@value #EXIT_UNREACHABLE}: the receiver cannot be reached, answers an HTTP error, or not with a status;</li>
 *   <li>{@value #EXIT_USAGE}: bad usage (the usage text goes to stderr).</li>
 * </ul>
 */
public final class StatusCommand
{
    static final int EXIT_HEALTHY = StatusReport.HEALTHY;
    static final int EXIT_ALARM = StatusReport.ALARM;
    static final int EXIT_UNREACHABLE = 2;
    static final int EXIT_USAGE = 64;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final String STATUS_PATH = "/api/status";
    private static final int MAX_ERROR_CHARS = 300;

    /**
     * Parsed command line.
     *
     * @param baseUrl   the receiver's base URL (scheme, host, port), without {@code /api/status}.
     * @param json      whether to print JSON.
     * @param tokenFile a file whose first token line is sent as {@code Authorization: Bearer}, or null.
     * @param caFile    PEM certificates to trust for https, or null for the JVM's default trust store.
     */
    record Options(URI baseUrl, boolean json, Path tokenFile, Path caFile)
    {
    }

    /** Fetches the status document; {@link #http} in production, canned answers in tests. */
    @FunctionalInterface
    interface Fetcher
    {
        /**
         * @return the body of a 200 answer.
         * @throws IOException when the receiver cannot be reached or answers otherwise (message says what).
         */
        String fetch(Options options) throws IOException, InterruptedException;
    }

    private StatusCommand()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        System.exit(run(args, System.out, System.err, StatusCommand::http));
    }

    /**
     * @return the exit code; see the class description.
     */
    static int run(final String[] args, final PrintStream out, final PrintStream err, final Fetcher fetcher)
        throws InterruptedException
    {
        final Options options;
        try
        {
            options = parse(args);
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("status: " + ex.getMessage());
            usage(err);
            return EXIT_USAGE;
        }
        if (options == null)
        {
            usage(out);
            return EXIT_HEALTHY;
        }
        final String url = options.baseUrl().toString();
        final StatusReport report;
        try
        {
            final String body = fetcher.fetch(options);
            report = StatusReport.of(new ObjectMapper().readTree(body));
        }
        catch (final IOException | IllegalArgumentException ex)
        {
            err.println("status: " + url + STATUS_PATH + ": " + ex.getMessage());
            if (options.json())
            {
                out.println("{\"url\":" + quote(url) + ",\"healthy\":false,\"exitCode\":" + EXIT_UNREACHABLE
                    + ",\"error\":" + quote(String.valueOf(ex.getMessage())) + "}");
            }
            return EXIT_UNREACHABLE;
        }
        try
        {
            if (options.json())
            {
                report.printJson(out, url);
            }
            else
            {
                report.printTable(out, url);
            }
        }
        catch (final IOException ex)
        {
            err.println("status: cannot print: " + ex.getMessage());
            return EXIT_UNREACHABLE;
        }
        return report.exitCode();
    }

    /**
     * @return the options, or null for {@code --help}.
     * @throws IllegalArgumentException for an unknown or incomplete argument or a bad URL.
     */
    static Options parse(final String[] args)
    {
        String url = "http://127.0.0.1:" + ReceiverSettings.HTTP_BIND.defaultValue().orElseThrow().port();
        boolean json = false;
        Path tokenFile = null;
        Path caFile = null;
        for (int i = 0; i < args.length; i++)
        {
            final String arg = args[i];
            switch (arg)
            {
                case "--help", "-h" ->
                {
                    return null;
                }
                case "--json" -> json = true;
                case "--url", "--token-file", "--ca-file" ->
                {
                    if (i + 1 >= args.length)
                    {
                        throw new IllegalArgumentException(arg + " needs a value");
                    }
                    final String value = args[++i];
                    if ("--url".equals(arg))
                    {
                        url = value;
                    }
                    else if ("--token-file".equals(arg))
                    {
                        tokenFile = Path.of(value);
                    }
                    else
                    {
                        caFile = Path.of(value);
                    }
                }
                default -> throw new IllegalArgumentException("unknown argument '" + arg + "'");
            }
        }
        return new Options(baseUrl(url), json, tokenFile, caFile);
    }

    private static URI baseUrl(final String url)
    {
        String base = url.strip();
        while (base.endsWith("/"))
        {
            base = base.substring(0, base.length() - 1);
        }
        if (base.endsWith(STATUS_PATH))
        {
            base = base.substring(0, base.length() - STATUS_PATH.length());
        }
        final URI uri;
        try
        {
            uri = new URI(base);
        }
        catch (final URISyntaxException ex)
        {
            throw new IllegalArgumentException("--url " + url + " is not a URL: " + ex.getReason());
        }
        final String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!("http".equals(scheme) || "https".equals(scheme)) || uri.getHost() == null)
        {
            throw new IllegalArgumentException("--url " + url + " must be an http:// or https:// URL with a host, "
                + "such as http://127.0.0.1:8080");
        }
        return uri;
    }

    /** GETs {@code /api/status} with the token and trust of the options. */
    static String http(final Options options) throws IOException, InterruptedException
    {
        final HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER);
        if (options.caFile() != null)
        {
            builder.sslContext(trusting(options.caFile()));
        }
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(options.baseUrl() + STATUS_PATH))
            .timeout(REQUEST_TIMEOUT).header("Accept", "application/json").GET();
        if (options.tokenFile() != null)
        {
            request.header("Authorization", "Bearer " + token(options.tokenFile()));
        }
        final HttpResponse<String> response;
        try
        {
            response = builder.build().send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }
        catch (final IOException ex)
        {
            throw new IOException("cannot reach the receiver at " + options.baseUrl().getAuthority() + ": "
                + describe(ex), ex);
        }
        if (response.statusCode() != 200)
        {
            final String body = response.body() == null ? "" : response.body().strip();
            throw new IOException("the receiver answered HTTP " + response.statusCode()
                + (body.isEmpty() ? "" : ": " + (body.length() > MAX_ERROR_CHARS ?
                    body.substring(0, MAX_ERROR_CHARS) + "..." : body)));
        }
        return response.body();
    }

    /** @return the first message along the cause chain, with its exception's simple name. */
    private static String describe(final Throwable failure)
    {
        for (Throwable t = failure; t != null; t = t.getCause())
        {
            if (t.getMessage() != null && !t.getMessage().isBlank())
            {
                return t.getClass().getSimpleName() + ": " + t.getMessage();
            }
        }
        return failure.getClass().getSimpleName();
    }

    private static String token(final Path file) throws IOException
    {
        for (final String line : Files.readAllLines(file, StandardCharsets.UTF_8))
        {
            final String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("#"))
            {
                return t;
            }
        }
        throw new IOException("the token file " + file + " holds no token");
    }

    private static SSLContext trusting(final Path caFile) throws IOException
    {
        try (InputStream in = Files.newInputStream(caFile))
        {
            final Collection<? extends Certificate> certificates =
                CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty())
            {
                throw new IOException("the CA file " + caFile + " holds no PEM certificate");
            }
            final KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int n = 0;
            for (final Certificate certificate : certificates)
            {
                store.setCertificateEntry("ca" + n++, certificate);
            }
            final TrustManagerFactory trust = TrustManagerFactory.getInstance(
                TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            final SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IOException("the CA file " + caFile + " cannot be used: " + ex.getMessage(), ex);
        }
    }

    private static String quote(final String s)
    {
        final StringBuilder b = new StringBuilder("\"");
        for (final char c : s.toCharArray())
        {
            if (c == '"' || c == '\\')
            {
                b.append('\\').append(c);
            }
            else if (c < 0x20)
            {
                b.append(String.format("\\u%04x", (int)c));
            }
            else
            {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    private static void usage(final PrintStream out)
    {
        out.println("usage: bin/diode status [--url URL] [--json] [--token-file FILE] [--ca-file PEM]");
        out.println("  fetches the receiver's /api/status and prints a row per source (state, lag p99 of the last");
        out.println("  minute, last update age, backlog age, stale tags, open gaps), the link and the active alarms");
        out.println("  --url URL          the receiver's HTTP API (default http://127.0.0.1:"
            + ReceiverSettings.HTTP_BIND.defaultValue().orElseThrow().port() + ")");
        out.println("  --json             print one compact JSON object instead of the table");
        out.println("  --token-file FILE  send the file's first token as Authorization: Bearer (receiver.http.tokenFile)");
        out.println("  --ca-file PEM      trust these CA certificates for https (default: the JVM's trust store)");
        out.println("  exit code: 0 healthy, 1 an alarm is active (a receiver.alarms.* threshold crossed),");
        out.println("             2 the receiver cannot be reached or answers an error, 64 bad usage");
    }
}
