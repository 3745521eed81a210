package io.diodegw.wire.crypto;

import static io.diodegw.wire.crypto.EnvelopeTestData.EPOCH;
import static io.diodegw.wire.crypto.EnvelopeTestData.KEY_ID;
import static io.diodegw.wire.crypto.EnvelopeTestData.LIMITS;
import static io.diodegw.wire.datagram.DatagramHeaderFlyweight.HEADER_LENGTH;
import static io.diodegw.wire.datagram.DatagramHeaderFlyweight.TAG_LENGTH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.security.GeneralSecurityException;
import java.util.SplittableRandom;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

import org.junit.jupiter.api.Test;

import io.diodegw.wire.datagram.DatagramHeaderFlyweight;

/**
 * Sealing and opening allocate nothing beyond what the JDK's AES-GCM {@link Cipher} allocates for the same work.
 * Measured with the JVM's per-thread allocation counter against a baseline that drives a bare SunJCE cipher exactly
 * as the JCE API requires (a {@link GCMParameterSpec} per nonce, in-place {@code byte[]} calls, the same key class so
 * that both see the same JIT type profile); the JDK's own figure
 * is printed. The JDK's own allocation varies between cycles with JIT decisions inside SunJCE (by up to 32 bytes per
 * datagram on JDK 17), so the envelope's least figure over several cycles is compared with the baseline's greatest:
 * an object allocated by our code would show in every cycle. JMH {@code -prof gc} gives the exact per-operation
 * figures, equal for both ({@code bench.EnvelopeBenchmark}, {@code bench.JdkGcmBenchmark}).
 */
class EnvelopeAllocationTest
{
    private static final int PAYLOAD = 1416;
    private static final int DATAGRAM = HEADER_LENGTH + PAYLOAD + TAG_LENGTH;
    private static final int POOL = 3_000;
    private static final int WARM_UP_CYCLES = 2;
    private static final int MEASURED_CYCLES = 6;
    private static final int MIN_OBJECT_BYTES = 16;

    private final com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
    private final long threadId = Thread.currentThread().getId();
    private final byte[] keyBytes = EnvelopeTestData.randomBytes(new SplittableRandom(91), SessionKey.KEY_BYTES);
    private final byte[] buffer = new byte[DATAGRAM];
    private final byte[] nonce = new byte[12];
    private final DatagramHeaderFlyweight header = new DatagramHeaderFlyweight().wrap(buffer, 0);
    private long baselineCounter;

    @Test
    void shouldSealWithoutAllocatingBeyondTheJdkCipher() throws GeneralSecurityException
    {
        for (final boolean encrypt : new boolean[] {true, false})
        {
            final DatagramSealer sealer = new DatagramSealer(LIMITS, encrypt);
            sealer.install(SessionKey.of(EPOCH, KEY_ID, keyBytes, 5, Long.MAX_VALUE, Long.MAX_VALUE));
            final Cipher bare = Cipher.getInstance("AES/GCM/NoPadding", "SunJCE");
            final SecretKey bareKey = SessionKey.of(EPOCH, KEY_ID, keyBytes, 5, 1, 0).secretKey();

            long ours = Long.MAX_VALUE;
            long baseline = 0;
            for (int cycle = 0; cycle < WARM_UP_CYCLES + MEASURED_CYCLES; cycle++)
            {
                final long o = measure(() -> seal(sealer));
                final long b = measure(() -> bareSeal(bare, bareKey, encrypt));
                if (cycle >= WARM_UP_CYCLES)
                {
                    ours = Math.min(ours, o);
                    baseline = Math.max(baseline, b);
                }
            }
            report("seal " + (encrypt ? "encrypted" : "integrity-only"), ours, baseline);
            assertTrue(ours - baseline < POOL, "seal allocated " + ours + " bytes in " + POOL + " datagrams, the bare " +
                "JDK cipher " + baseline + ": any extra object per datagram would be at least " + MIN_OBJECT_BYTES * POOL);
        }
    }

    @Test
    void shouldOpenWithoutAllocatingBeyondTheJdkCipher() throws GeneralSecurityException
    {
        for (final boolean encrypt : new boolean[] {true, false})
        {
            final DatagramSealer sealer = new DatagramSealer(LIMITS, encrypt);
            sealer.install(SessionKey.of(EPOCH, KEY_ID, keyBytes, 5, Long.MAX_VALUE, Long.MAX_VALUE));
            final SplittableRandom random = new SplittableRandom(92);
            final byte[][] pool = new byte[POOL][];
            for (int i = 0; i < POOL; i++)
            {
                pool[i] = EnvelopeTestData.sealDataSymbol(sealer, random, PAYLOAD);
            }
            final DatagramOpener opener = new DatagramOpener(LIMITS);
            final Cipher bare = Cipher.getInstance("AES/GCM/NoPadding", "SunJCE");
            final SecretKey bareKey = SessionKey.of(EPOCH, KEY_ID, keyBytes, 5, 1, 0).secretKey();

            long ours = Long.MAX_VALUE;
            long baseline = 0;
            for (int cycle = 0; cycle < WARM_UP_CYCLES + MEASURED_CYCLES; cycle++)
            {
                opener.remove(EPOCH, KEY_ID);
                assertTrue(opener.install(SessionKey.of(EPOCH, KEY_ID, keyBytes, 5, Long.MAX_VALUE, Long.MAX_VALUE)));
                final long o = measure(() -> open(opener, pool));
                final long b = measure(() -> bareOpen(bare, bareKey, pool, encrypt));
                if (cycle >= WARM_UP_CYCLES)
                {
                    ours = Math.min(ours, o);
                    baseline = Math.max(baseline, b);
                }
            }
            report("open " + (encrypt ? "encrypted" : "integrity-only"), ours, baseline);
            assertTrue(ours - baseline < POOL, "open allocated " + ours + " bytes in " + POOL + " datagrams, the bare " +
                "JDK cipher " + baseline + ": any extra object per datagram would be at least " + MIN_OBJECT_BYTES * POOL);
        }
    }

    private long measure(final Work work) throws GeneralSecurityException
    {
        threads.getThreadAllocatedBytes(threadId);
        final long before = threads.getThreadAllocatedBytes(threadId);
        final long checksum = work.run();
        final long allocated = threads.getThreadAllocatedBytes(threadId) - before;
        assertEquals(POOL, checksum);
        return allocated;
    }

    private long seal(final DatagramSealer sealer)
    {
        long ok = 0;
        for (int i = 0; i < POOL; i++)
        {
            header.type(DatagramHeaderFlyweight.TYPE_DATA_SYMBOL).linkId(EnvelopeTestData.LINK_ID).blockSequence(i)
                .symbolIndex(0).sourceSymbols(1).repairSymbols(0);
            if (sealer.seal(buffer, 0, PAYLOAD) == DATAGRAM)
            {
                ok++;
            }
        }
        return ok;
    }

    private long bareSeal(final Cipher cipher, final SecretKey key, final boolean encrypt)
        throws GeneralSecurityException
    {
        long ok = 0;
        for (int i = 0; i < POOL; i++)
        {
            AeadNonce.write(nonce, 5, baselineCounter++);
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            final int written;
            if (encrypt)
            {
                cipher.updateAAD(buffer, 0, HEADER_LENGTH);
                written = cipher.doFinal(buffer, HEADER_LENGTH, PAYLOAD, buffer, HEADER_LENGTH);
            }
            else
            {
                cipher.updateAAD(buffer, 0, HEADER_LENGTH + PAYLOAD);
                written = cipher.doFinal(buffer, HEADER_LENGTH, 0, buffer, HEADER_LENGTH + PAYLOAD);
            }
            if (written == (encrypt ? PAYLOAD + TAG_LENGTH : TAG_LENGTH))
            {
                ok++;
            }
        }
        return ok;
    }

    private long open(final DatagramOpener opener, final byte[][] pool)
    {
        long ok = 0;
        for (int i = 0; i < POOL; i++)
        {
            System.arraycopy(pool[i], 0, buffer, 0, DATAGRAM);
            if (opener.open(buffer, 0, DATAGRAM) == PAYLOAD)
            {
                ok++;
            }
        }
        return ok;
    }

    private long bareOpen(final Cipher cipher, final SecretKey key, final byte[][] pool, final boolean encrypt)
        throws GeneralSecurityException
    {
        long ok = 0;
        for (int i = 0; i < POOL; i++)
        {
            System.arraycopy(pool[i], 0, buffer, 0, DATAGRAM);
            AeadNonce.write(nonce, 5, i);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            final int written;
            if (encrypt)
            {
                cipher.updateAAD(buffer, 0, HEADER_LENGTH);
                written = cipher.doFinal(buffer, HEADER_LENGTH, PAYLOAD + TAG_LENGTH, buffer, HEADER_LENGTH);
            }
            else
            {
                cipher.updateAAD(buffer, 0, HEADER_LENGTH + PAYLOAD);
                written = cipher.doFinal(buffer, HEADER_LENGTH + PAYLOAD, TAG_LENGTH, buffer, HEADER_LENGTH + PAYLOAD);
            }
            if (written == (encrypt ? PAYLOAD : 0))
            {
                ok++;
            }
        }
        return ok;
    }

    private static void report(final String what, final long ours, final long baseline)
    {
        System.out.printf("EnvelopeAllocationTest: %s: least %.1f B/datagram (bare JDK cipher with a GCMParameterSpec: "
            + "greatest %.1f B)%n",
            what, (double)ours / POOL, (double)baseline / POOL);
    }

    @FunctionalInterface
    private interface Work
    {
        long run() throws GeneralSecurityException;
    }
}
