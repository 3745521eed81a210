package io.diodegw.sender.snapshot;

/**
 * The byte budget of background traffic that may take only a share of the link: credit accrues at
 * {@code bytesPerSecond} while the traffic has work, up to {@code capBytes}, and a unit of work (a whole FEC block on
 * the wire) may start only when the credit covers all of it. Credit starts at zero and returns to zero whenever the
 * traffic goes idle ({@link #idle(long)}), so over any busy period of length T the bytes charged never exceed
 * {@code bytesPerSecond * T}; under saturation they reach it less at most {@code capBytes}.
 *
 * <p>Exact integer arithmetic (credit in byte-nanoseconds per second), so tests can assert the bound to the byte.
 * Not thread-safe; owned by the replicator thread. Allocation-free.
 */
public final class ShareBudget
{
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final long bytesPerSecond;
    private final long capScaled;
    private long creditScaled;
    private long lastNs;
    private boolean busy;
    private long chargedBytes;

    /**
     * @param bytesPerSecond share of the link rate, at least 1.
     * @param capBytes       most credit kept while waiting, at least 1; at least one unit of work, or none ever
     *                       starts.
     */
    public ShareBudget(final long bytesPerSecond, final long capBytes)
    {
        if (bytesPerSecond < 1 || capBytes < 1 || capBytes > Long.MAX_VALUE / NANOS_PER_SECOND)
        {
            throw new IllegalArgumentException("bytesPerSecond=" + bytesPerSecond + " capBytes=" + capBytes +
                ": both must be at least 1 and capBytes below " + Long.MAX_VALUE / NANOS_PER_SECOND);
        }
        this.bytesPerSecond = bytesPerSecond;
        this.capScaled = capBytes * NANOS_PER_SECOND;
    }

    /**
     * Charges a unit of work if the credit covers it; the first call after idleness starts accruing from zero.
     *
     * @param bytes wire bytes of the unit.
     * @param nowNs monotonic clock, ns.
     * @return whether the unit may be sent now (its bytes were charged).
     */
    public boolean tryCharge(final long bytes, final long nowNs)
    {
        accrue(nowNs);
        final long needed = bytes * NANOS_PER_SECOND;
        if (creditScaled < needed)
        {
            return false;
        }
        creditScaled -= needed;
        chargedBytes += bytes;
        return true;
    }

    /**
     * The traffic has no work: credit returns to zero and stops accruing until the next {@link #tryCharge}.
     *
     * @param nowNs monotonic clock, ns.
     */
    public void idle(final long nowNs)
    {
        busy = false;
        creditScaled = 0;
        lastNs = nowNs;
    }

    /** @return bytes charged since construction. */
    public long chargedBytes()
    {
        return chargedBytes;
    }

    /** @return the credit now, whole bytes. */
    public long creditBytes(final long nowNs)
    {
        accrue(nowNs);
        return creditScaled / NANOS_PER_SECOND;
    }

    private void accrue(final long nowNs)
    {
        if (!busy)
        {
            busy = true;
            lastNs = nowNs;
            return;
        }
        final long elapsedNs = nowNs - lastNs;
        lastNs = nowNs;
        if (elapsedNs <= 0)
        {
            return;
        }
        final long room = capScaled - creditScaled;
        creditScaled = elapsedNs >= room / bytesPerSecond + 1 ? capScaled :
            Math.min(capScaled, creditScaled + elapsedNs * bytesPerSecond);
    }
}
