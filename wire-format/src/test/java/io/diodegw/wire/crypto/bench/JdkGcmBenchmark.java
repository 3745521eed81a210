package io.diodegw.wire.crypto.bench;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The JDK AES-GCM call shapes the link envelope could use, side by side: in-place {@code byte[]}, heap
 * {@link ByteBuffer} and direct {@link ByteBuffer}, each encrypting a 1416-byte payload behind a 40-byte header used
 * as associated data, with a fresh 12-byte nonce per call (as the envelope does). Run with {@code -prof gc} to see
 * what the JDK allocates per operation; {@code EnvelopeBenchmark} measures the envelope built on the winner.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class JdkGcmBenchmark
{
    private static final int HEADER_BYTES = 40;
    private static final int TAG_BYTES = 16;

    @Param({"1416"})
    public int payloadBytes;

    private Cipher cipher;
    private SecretKeySpec key;
    private final byte[] nonce = new byte[12];
    private long counter;
    private byte[] array;
    private byte[] output;
    private byte[] sealed;
    private byte[] gmacSealed;
    private byte[] scratch;
    private final byte[] sealedNonce = new byte[12];
    private Cipher decryptor;
    private ByteBuffer heap;
    private ByteBuffer direct;

    @Setup
    public void setUp() throws GeneralSecurityException
    {
        final SplittableRandom random = new SplittableRandom(7);
        final byte[] keyBytes = new byte[32];
        for (int i = 0; i < keyBytes.length; i++)
        {
            keyBytes[i] = (byte)random.nextInt();
        }
        key = new SecretKeySpec(keyBytes, "AES");
        cipher = Cipher.getInstance("AES/GCM/NoPadding", "SunJCE");
        final int datagramBytes = HEADER_BYTES + payloadBytes + TAG_BYTES;
        array = new byte[datagramBytes];
        heap = ByteBuffer.allocate(datagramBytes);
        direct = ByteBuffer.allocateDirect(datagramBytes);
        for (int i = 0; i < datagramBytes; i++)
        {
            final byte b = (byte)random.nextInt();
            array[i] = b;
            heap.put(i, b);
            direct.put(i, b);
        }
        output = new byte[datagramBytes];
        scratch = new byte[datagramBytes];
        sealed = array.clone();
        decryptor = Cipher.getInstance("AES/GCM/NoPadding", "SunJCE");
        sealedNonce[0] = 1;
        decryptor.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, sealedNonce));
        decryptor.updateAAD(sealed, 0, HEADER_BYTES);
        decryptor.doFinal(sealed, HEADER_BYTES, payloadBytes, sealed, HEADER_BYTES);
        gmacSealed = array.clone();
        final byte[] gmacNonce = new byte[12];
        gmacNonce[0] = 2;
        decryptor.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, gmacNonce));
        decryptor.updateAAD(gmacSealed, 0, HEADER_BYTES + payloadBytes);
        decryptor.doFinal(gmacSealed, 0, 0, gmacSealed, HEADER_BYTES + payloadBytes);
    }

    private GCMParameterSpec nextSpec()
    {
        final long c = ++counter;
        for (int i = 0; i < 8; i++)
        {
            nonce[4 + i] = (byte)(c >>> (8 * i));
        }
        return new GCMParameterSpec(128, nonce);
    }

    /** The part of the envelope's per-datagram allocation that the JCE API puts on the caller. */
    @Benchmark
    public GCMParameterSpec newSpecOnly()
    {
        return nextSpec();
    }

    @Benchmark
    public int initOnly() throws GeneralSecurityException
    {
        cipher.init(Cipher.ENCRYPT_MODE, key, nextSpec());
        return 0;
    }

    @Benchmark
    public int encryptByteArrayInPlace() throws GeneralSecurityException
    {
        cipher.init(Cipher.ENCRYPT_MODE, key, nextSpec());
        cipher.updateAAD(array, 0, HEADER_BYTES);
        return cipher.doFinal(array, HEADER_BYTES, payloadBytes, array, HEADER_BYTES);
    }

    @Benchmark
    public int encryptByteArrayToSeparateArray() throws GeneralSecurityException
    {
        cipher.init(Cipher.ENCRYPT_MODE, key, nextSpec());
        cipher.updateAAD(array, 0, HEADER_BYTES);
        return cipher.doFinal(array, HEADER_BYTES, payloadBytes, output, HEADER_BYTES);
    }

    @Benchmark
    public int encryptByteArrayWithoutAad() throws GeneralSecurityException
    {
        cipher.init(Cipher.ENCRYPT_MODE, key, nextSpec());
        return cipher.doFinal(array, HEADER_BYTES, payloadBytes, output, HEADER_BYTES);
    }

    @Benchmark
    public int decryptByteArrayInPlace() throws GeneralSecurityException
    {
        System.arraycopy(sealed, 0, scratch, 0, sealed.length);
        decryptor.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, sealedNonce));
        decryptor.updateAAD(scratch, 0, HEADER_BYTES);
        return decryptor.doFinal(scratch, HEADER_BYTES, payloadBytes + TAG_BYTES, scratch, HEADER_BYTES);
    }

    @Benchmark
    public int gmacVerifyByteArray() throws GeneralSecurityException
    {
        System.arraycopy(gmacSealed, 0, scratch, 0, gmacSealed.length);
        final byte[] gmacNonce = new byte[12];
        gmacNonce[0] = 2;
        decryptor.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, gmacNonce));
        decryptor.updateAAD(scratch, 0, HEADER_BYTES + payloadBytes);
        return decryptor.doFinal(scratch, HEADER_BYTES + payloadBytes, TAG_BYTES, scratch, HEADER_BYTES + payloadBytes);
    }

    @Benchmark
    public int copyOnly()
    {
        System.arraycopy(sealed, 0, scratch, 0, sealed.length);
        return scratch[HEADER_BYTES];
    }

    @Benchmark
    public int encryptHeapBufferInPlace() throws GeneralSecurityException
    {
        cipher.init(Cipher.ENCRYPT_MODE, key, nextSpec());
        heap.limit(HEADER_BYTES).position(0);
        cipher.updateAAD(heap);
        heap.limit(HEADER_BYTES + payloadBytes).position(HEADER_BYTES);
        final ByteBuffer out = heap.duplicate();
        out.limit(out.capacity()).position(HEADER_BYTES);
        return cipher.doFinal(heap, out);
    }

    @Benchmark
    public int encryptDirectBufferInPlace() throws GeneralSecurityException
    {
        cipher.init(Cipher.ENCRYPT_MODE, key, nextSpec());
        direct.limit(HEADER_BYTES).position(0);
        cipher.updateAAD(direct);
        direct.limit(HEADER_BYTES + payloadBytes).position(HEADER_BYTES);
        final ByteBuffer out = direct.duplicate();
        out.limit(out.capacity()).position(HEADER_BYTES);
        return cipher.doFinal(direct, out);
    }

    @Benchmark
    public int gmacByteArray() throws GeneralSecurityException
    {
        cipher.init(Cipher.ENCRYPT_MODE, key, nextSpec());
        cipher.updateAAD(array, 0, HEADER_BYTES + payloadBytes);
        return cipher.doFinal(array, 0, 0, array, HEADER_BYTES + payloadBytes);
    }
}
