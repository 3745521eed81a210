package io.diodegw.sender.link;

/**
 * Token bucket that paces everything the sender puts on the wire to a byte rate. The caller passes the bytes a
 * datagram occupies on the link (UDP payload plus the 28 bytes of IPv4 and UDP headers) and the clock; the bucket
 * never sleeps itself. It counts every byte it granted, so the count equals the bytes on the wire.
 *
 * <p>Not thread-safe; owned by the replicator thread. Allocation-free.
 */
public final class TokenBucketPacer
{
    private static final double NANOS_PER_SECOND = 1e9;

    private final double bytesPerNano;
    private final double burstBytes;
    private double tokens;
    private long lastNs;
    private boolean started;
    private long grantedBytes;
    private long waits;

    /**
     * @param bytesPerSecond sustained rate, at least 1.
     * @param burstBytes     most bytes sent back to back after an idle period; at least one datagram.
     */
    public TokenBucketPacer(final long bytesPerSecond, final long burstBytes)
    {
        if (bytesPerSecond < 1 || burstBytes < 1)
        {
            throw new IllegalArgumentException("bytesPerSecond=" + bytesPerSecond + " burstBytes=" + burstBytes +
                ": both must be at least 1");
        }
        this.bytesPerNano = bytesPerSecond / NANOS_PER_SECOND;
        this.burstBytes = burstBytes;
    }

    /**
     * @param bytes wire bytes of the datagram about to be sent.
     * @param nowNs monotonic clock, ns.
     * @return 0 if that many tokens are available now (none are taken), else the ns until they will be.
     */
    public long waitNs(final int bytes, final long nowNs)
    {
        refill(nowNs);
        if (tokens >= bytes)
        {
            return 0;
        }
        return Math.max(1, (long)Math.ceil((bytes - tokens) / bytesPerNano));
    }

    /**
     * Takes tokens for a datagram if available.
     *
     * @return 0 if the datagram may be sent now (tokens taken and counted), else the ns to wait before asking again
     *     (counted as a pacing wait).
     */
    public long tryAcquire(final int bytes, final long nowNs)
    {
        final long waitNs = waitNs(bytes, nowNs);
        if (waitNs == 0)
        {
            tokens -= bytes;
            grantedBytes += bytes;
        }
        else
        {
            waits++;
        }
        return waitNs;
    }

    /** @return bytes granted since construction: the wire bytes of every datagram sent through this bucket. */
    public long grantedBytes()
    {
        return grantedBytes;
    }

    /** @return requests that had to wait. */
    public long waits()
    {
        return waits;
    }

    private void refill(final long nowNs)
    {
        if (!started)
        {
            started = true;
            lastNs = nowNs;
            tokens = burstBytes;
        }
        tokens = Math.min(burstBytes, tokens + (nowNs - lastNs) * bytesPerNano);
        lastNs = nowNs;
    }
}
