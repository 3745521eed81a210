package io.diodegw.receiver.http;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What the HTTP API refused, shown under {@code http} in {@code /api/status}. Counters only grow; thread-safe
 * (written by the HTTP threads and the TLS handshakes, read by any thread).
 */
public final class HttpCounters
{
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong unauthorized = new AtomicLong();
    private final AtomicLong methodNotAllowed = new AtomicLong();
    private final AtomicLong clientCertificatesRefused = new AtomicLong();

    void onRequest()
    {
        requests.incrementAndGet();
    }

    void onUnauthorized()
    {
        unauthorized.incrementAndGet();
    }

    void onMethodNotAllowed()
    {
        methodNotAllowed.incrementAndGet();
    }

    void onClientCertificateRefused()
    {
        clientCertificatesRefused.incrementAndGet();
    }

    /** @return requests that reached the API (after the TLS handshake), whatever their answer. */
    public long requests()
    {
        return requests.get();
    }

    /** @return requests answered 401 because they carried no valid bearer token. */
    public long unauthorized()
    {
        return unauthorized.get();
    }

    /** @return authenticated requests answered 405 because their method was not GET or HEAD. */
    public long methodNotAllowed()
    {
        return methodNotAllowed.get();
    }

    /**
     * @return client certificate chains the trust check refused during a TLS handshake (untrusted issuer, expired,
     *         wrong key usage). A client that sends no certificate at all fails the handshake before this check and
     *         is not counted here.
     */
    public long clientCertificatesRefused()
    {
        return clientCertificatesRefused.get();
    }
}
