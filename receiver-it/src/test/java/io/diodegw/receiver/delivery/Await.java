package io.diodegw.receiver.delivery;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Polls a condition until it holds or a generous deadline passes (never a timing assertion: the deadline only
 * bounds a hung test).
 */
final class Await
{
    private static final long DEADLINE_MS = 60_000;
    private static final long POLL_MS = 20;

    private Await()
    {
    }

    static void until(final BooleanSupplier condition, final Supplier<String> whatWeWaitFor)
    {
        final long deadline = System.nanoTime() + DEADLINE_MS * 1_000_000L;
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new AssertionError("gave up waiting for " + whatWeWaitFor.get());
            }
            try
            {
                Thread.sleep(POLL_MS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", ex);
            }
        }
    }
}
