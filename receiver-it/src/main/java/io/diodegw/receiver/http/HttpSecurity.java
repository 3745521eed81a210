package io.diodegw.receiver.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;

import io.diodegw.config.Config;
import io.diodegw.config.ReceiverSettings;

/**
 * How the HTTP API protects itself: plain HTTP or HTTPS (TLS 1.3; TLS 1.2 with ECDHE and AEAD suites only when
 * allowed), client certificates required or not, bearer tokens required or not, and the counters of what was
 * refused. Built once at start-up from files that are checked then (private key and token file readable by their
 * owner only); a problem is an {@link IllegalArgumentException} naming the setting, the file and the fix. Immutable
 * apart from its counters; thread-safe.
 */
public final class HttpSecurity
{
    static final String TLS13 = "TLSv1.3";
    static final String TLS12 = "TLSv1.2";

    private static final Pattern TLS13_SUITE = Pattern.compile("TLS_(AES|CHACHA20)_.*");
    private static final Pattern TLS12_SUITE = Pattern.compile(
        "TLS_ECDHE_(ECDSA|RSA)_WITH_(AES_128_GCM_SHA256|AES_256_GCM_SHA384|CHACHA20_POLY1305_SHA256)");
    private static final String KEY_ALIAS = "diodegw-http";

    private final SSLContext sslContext;
    private final String[] protocols;
    private final String[] cipherSuites;
    private final boolean clientCertificateRequired;
    private final BearerTokens tokens;
    private final HttpCounters counters;

    private HttpSecurity(
        final SSLContext sslContext,
        final String[] protocols,
        final String[] cipherSuites,
        final boolean clientCertificateRequired,
        final BearerTokens tokens,
        final HttpCounters counters)
    {
        this.sslContext = sslContext;
        this.protocols = protocols;
        this.cipherSuites = cipherSuites;
        this.clientCertificateRequired = clientCertificateRequired;
        this.tokens = tokens;
        this.counters = counters;
    }

    /** @return plain HTTP without authentication: only for a loopback address. */
    public static HttpSecurity plain()
    {
        return new HttpSecurity(null, new String[0], new String[0], false, null, new HttpCounters());
    }

    /**
     * Reads {@code receiver.http.tls.*}, {@code receiver.http.tokenFile} and checks the bind address against
     * {@code receiver.http.allowUnprotectedNetworkAccess}: an API bound to a non-loopback address must use TLS and
     * an authentication (tokens or client certificates) unless that setting says otherwise.
     *
     * @param config the receiver's configuration.
     * @return the security of the API.
     * @throws IllegalArgumentException naming the setting, the file and the fix.
     */
    public static HttpSecurity from(final Config config)
    {
        final HttpSecurity security = load(
            config.find(ReceiverSettings.HTTP_TLS_CERTIFICATE_FILE).orElse(null),
            config.find(ReceiverSettings.HTTP_TLS_PRIVATE_KEY_FILE).orElse(null),
            config.get(ReceiverSettings.HTTP_TLS_ALLOW_TLS12),
            config.find(ReceiverSettings.HTTP_TLS_CLIENT_CA_FILE).orElse(null),
            config.find(ReceiverSettings.HTTP_TOKEN_FILE).orElse(null));
        final InetSocketAddress bind = config.get(ReceiverSettings.HTTP_BIND).toInetSocketAddress();
        final boolean loopback = bind.getAddress() != null && bind.getAddress().isLoopbackAddress();
        if (!loopback && !config.get(ReceiverSettings.HTTP_ALLOW_UNPROTECTED_NETWORK_ACCESS))
        {
            final String missing = !security.tls() ? "in clear text (no TLS)" :
                !security.authenticated() ? "without authentication" : null;
            if (missing != null)
            {
                throw new IllegalArgumentException(ReceiverSettings.HTTP_BIND.key() + "=" + bind.getHostString() +
                    ":" + bind.getPort() + " is not a loopback address, and the HTTP API would serve the network " +
                    missing + ". Set " + ReceiverSettings.HTTP_TLS_CERTIFICATE_FILE.key() + " and " +
                    ReceiverSettings.HTTP_TLS_PRIVATE_KEY_FILE.key() + " (HTTPS) and " +
                    ReceiverSettings.HTTP_TOKEN_FILE.key() + " or " + ReceiverSettings.HTTP_TLS_CLIENT_CA_FILE.key() +
                    " (authentication); or bind 127.0.0.1; or accept the risk with " +
                    ReceiverSettings.HTTP_ALLOW_UNPROTECTED_NETWORK_ACCESS.key() + "=true");
            }
        }
        return security;
    }

    /**
     * @param certificateFile PEM certificate chain (server certificate first), or null for plain HTTP.
     * @param privateKeyFile  PKCS#8 PEM private key of the certificate (mode 0600), null exactly when
     *                        {@code certificateFile} is.
     * @param allowTls12      whether TLS 1.2 is accepted besides TLS 1.3.
     * @param clientCaFile    PEM CA certificates whose client certificates are required, or null for none.
     * @param tokenFile       bearer token file (mode 0600), or null for no token authentication.
     * @return the security of the API.
     * @throws IllegalArgumentException naming the setting, the file and the fix.
     */
    public static HttpSecurity load(
        final Path certificateFile,
        final Path privateKeyFile,
        final boolean allowTls12,
        final Path clientCaFile,
        final Path tokenFile)
    {
        if ((certificateFile == null) != (privateKeyFile == null))
        {
            throw new IllegalArgumentException("set both " + ReceiverSettings.HTTP_TLS_CERTIFICATE_FILE.key() +
                " and " + ReceiverSettings.HTTP_TLS_PRIVATE_KEY_FILE.key() + " to serve HTTPS, or neither");
        }
        if (clientCaFile != null && certificateFile == null)
        {
            throw new IllegalArgumentException(ReceiverSettings.HTTP_TLS_CLIENT_CA_FILE.key() + " needs HTTPS: set " +
                ReceiverSettings.HTTP_TLS_CERTIFICATE_FILE.key() + " and " +
                ReceiverSettings.HTTP_TLS_PRIVATE_KEY_FILE.key());
        }
        final BearerTokens tokens = tokenFile == null ? null :
            BearerTokens.load(tokenFile, ReceiverSettings.HTTP_TOKEN_FILE.key());
        final HttpCounters counters = new HttpCounters();
        if (certificateFile == null)
        {
            return new HttpSecurity(null, new String[0], new String[0], false, tokens, counters);
        }
        final List<X509Certificate> chain = PemFiles.readCertificates(certificateFile,
            ReceiverSettings.HTTP_TLS_CERTIFICATE_FILE.key());
        final PrivateKey key = PemFiles.readPrivateKey(privateKeyFile,
            ReceiverSettings.HTTP_TLS_PRIVATE_KEY_FILE.key());
        final List<X509Certificate> clientCas = clientCaFile == null ? null :
            PemFiles.readCertificates(clientCaFile, ReceiverSettings.HTTP_TLS_CLIENT_CA_FILE.key());
        final SSLContext context;
        try
        {
            final char[] password = new char[0];
            final KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry(KEY_ALIAS, key, password, chain.toArray(new X509Certificate[0]));
            final KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(
                KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, password);
            TrustManager[] trustManagers = null;
            if (clientCas != null)
            {
                final KeyStore trusted = KeyStore.getInstance("PKCS12");
                trusted.load(null, null);
                for (int i = 0; i < clientCas.size(); i++)
                {
                    trusted.setCertificateEntry("client-ca-" + i, clientCas.get(i));
                }
                final TrustManagerFactory factory = TrustManagerFactory.getInstance(
                    TrustManagerFactory.getDefaultAlgorithm());
                factory.init(trusted);
                trustManagers = new TrustManager[] {new CountingTrustManager(x509(factory), counters)};
            }
            context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), trustManagers, null);
        }
        catch (final GeneralSecurityException | IOException ex)
        {
            throw new IllegalArgumentException("cannot use " + certificateFile + " and " + privateKeyFile + " (" +
                ReceiverSettings.HTTP_TLS_CERTIFICATE_FILE.key() + ", " +
                ReceiverSettings.HTTP_TLS_PRIVATE_KEY_FILE.key() + ") for TLS: " + ex.getMessage(), ex);
        }
        final String[] protocols = allowTls12 ? new String[] {TLS13, TLS12} : new String[] {TLS13};
        final List<String> suites = new ArrayList<>();
        for (final String suite : context.getSupportedSSLParameters().getCipherSuites())
        {
            if (TLS13_SUITE.matcher(suite).matches() || (allowTls12 && TLS12_SUITE.matcher(suite).matches()))
            {
                suites.add(suite);
            }
        }
        return new HttpSecurity(context, protocols, suites.toArray(new String[0]), clientCas != null, tokens,
            counters);
    }

    /** @return whether the API serves HTTPS. */
    public boolean tls()
    {
        return sslContext != null;
    }

    /** @return the TLS protocol versions accepted (empty for plain HTTP). */
    public List<String> protocols()
    {
        return List.of(protocols);
    }

    /** @return whether every TLS client must present a certificate issued by a configured CA. */
    public boolean clientCertificateRequired()
    {
        return clientCertificateRequired;
    }

    /** @return whether every request must carry a valid bearer token. */
    public boolean tokenRequired()
    {
        return tokens != null;
    }

    /** @return what the API refused so far. */
    public HttpCounters counters()
    {
        return counters;
    }

    boolean authenticated()
    {
        return clientCertificateRequired || tokens != null;
    }

    /**
     * @param authorization the request's {@code Authorization} header, or null.
     * @return whether the request may proceed: always when no token is required.
     */
    boolean acceptsToken(final String authorization)
    {
        return tokens == null || tokens.accepts(authorization);
    }

    /**
     * @return a bound, not yet started, HTTP or HTTPS server.
     * @throws IOException if the address cannot be bound.
     */
    HttpServer bind(final InetSocketAddress address, final int backlog) throws IOException
    {
        if (sslContext == null)
        {
            return HttpServer.create(address, backlog);
        }
        final HttpsServer server = HttpsServer.create(address, backlog);
        server.setHttpsConfigurator(new HttpsConfigurator(sslContext)
        {
            @Override
            public void configure(final HttpsParameters parameters)
            {
                final SSLParameters ssl = sslContext.getDefaultSSLParameters();
                ssl.setProtocols(protocols);
                ssl.setCipherSuites(cipherSuites);
                ssl.setNeedClientAuth(clientCertificateRequired);
                parameters.setSSLParameters(ssl);
            }
        });
        return server;
    }

    private static X509ExtendedTrustManager x509(final TrustManagerFactory factory)
    {
        for (final TrustManager manager : factory.getTrustManagers())
        {
            if (manager instanceof X509ExtendedTrustManager x509)
            {
                return x509;
            }
        }
        throw new IllegalStateException("the JDK offers no X509ExtendedTrustManager");
    }

    /** The JDK's trust check of client certificates, counting every chain it refuses. */
    private static final class CountingTrustManager extends X509ExtendedTrustManager
    {
        private final X509ExtendedTrustManager delegate;
        private final HttpCounters counters;

        CountingTrustManager(final X509ExtendedTrustManager delegate, final HttpCounters counters)
        {
            this.delegate = delegate;
            this.counters = counters;
        }

        @Override
        public void checkClientTrusted(final X509Certificate[] chain, final String authType, final Socket socket)
            throws CertificateException
        {
            try
            {
                delegate.checkClientTrusted(chain, authType, socket);
            }
            catch (final CertificateException ex)
            {
                counters.onClientCertificateRefused();
                throw ex;
            }
        }

        @Override
        public void checkClientTrusted(final X509Certificate[] chain, final String authType, final SSLEngine engine)
            throws CertificateException
        {
            try
            {
                delegate.checkClientTrusted(chain, authType, engine);
            }
            catch (final CertificateException ex)
            {
                counters.onClientCertificateRefused();
                throw ex;
            }
        }

        @Override
        public void checkClientTrusted(final X509Certificate[] chain, final String authType)
            throws CertificateException
        {
            try
            {
                delegate.checkClientTrusted(chain, authType);
            }
            catch (final CertificateException ex)
            {
                counters.onClientCertificateRefused();
                throw ex;
            }
        }

        @Override
        public void checkServerTrusted(final X509Certificate[] chain, final String authType, final Socket socket)
            throws CertificateException
        {
            throw new CertificateException("the HTTP API's trust manager checks clients only");
        }

        @Override
        public void checkServerTrusted(final X509Certificate[] chain, final String authType, final SSLEngine engine)
            throws CertificateException
        {
            throw new CertificateException("the HTTP API's trust manager checks clients only");
        }

        @Override
        public void checkServerTrusted(final X509Certificate[] chain, final String authType)
            throws CertificateException
        {
            throw new CertificateException("the HTTP API's trust manager checks clients only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers()
        {
            return delegate.getAcceptedIssuers();
        }
    }
}
