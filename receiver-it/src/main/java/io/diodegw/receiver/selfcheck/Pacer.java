package io.diodegw.receiver.selfcheck;

/**
 * Token bucket that paces the sender to a byte rate so the receiver's socket buffer is not overrun. The caller passes
 * the clock in; the bucket never sleeps itself.
 *
 * <p>Not thread-safe; owned by the sender thread. Allocation-free.
 */
final class Pacer
{
    private static final double NANOS_PER_SECOND = 1e9;

    private final double bytesPerNano;
    private final double burstBytes;
    private double tokens;
    private long lastNs;
    private boolean started;

    /**
     * @param bytesPerSecond sustained rate.
     * @param burstBytes     most bytes sent back to back after an idle period; at least one datagram.
     */
    Pacer(final long bytesPerSecond, final int burstBytes)
    {
        this.bytesPerNano = bytesPerSecond / NANOS_PER_SECOND;
        this.burstBytes = burstBytes;
    }

    /**
     * Takes {@code bytes} from the bucket if it holds them.
     *
     * @param bytes size of the datagram about to be sent.
     * @param nowNs monotonic clock, ns.
     * @return 0 if the datagram may be sent now (tokens taken), else the ns to wait before asking again.
     */
    long tryAcquire(final int bytes, final long nowNs)
    {
        if (!started)
        {
            started = true;
            lastNs = nowNs;
            tokens = burstBytes;
        }
        tokens = Math.min(burstBytes, tokens + (nowNs - lastNs) * bytesPerNano);
        lastNs = nowNs;
        if (tokens >= bytes)
        {
            tokens -= bytes;
            return 0;
        }
        return Math.max(1, (long)Math.ceil((bytes - tokens) / bytesPerNano));
    }
}
