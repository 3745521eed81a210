package io.diodegw.fec;

/**
 * Systematic MDS erasure code for blocks of k source and m repair symbols (Cauchy Reed-Solomon over GF(2^8),
 * computed as XORs of 64-bit words): any k of the k + m symbols rebuild the block.
 *
 * <h2>The code</h2>
 * The generator is the normalised Cauchy matrix of {@link CauchyCode}. A symbol of {@code symbolBytes = 8p + r}
 * bytes ({@code 0 <= r < 8}) is read as {@code p} bit-sliced field elements followed by {@code r} plain ones: byte
 * {@code t < p} of packet {@code c} (bytes {@code [c*p, (c+1)*p)}) holds bit {@code c} of the eight elements at bit
 * positions 0..7 of that byte, and each of the last {@code r} bytes is one element. Every element of a repair symbol
 * is the matrix product of the elements at the same position of the source symbols. The bit-sliced part is what
 * makes encoding a sequence of packet XORs: packets of 8 bytes or more (symbols of 64 bytes or more) are XORed as
 * 64-bit words, smaller packets byte by byte, and the {@code r} tail bytes use table arithmetic. The fast path is
 * therefore every size that is a multiple of 8 bytes from 64 up; other sizes encode the same way plus a slower tail
 * of at most 7 bytes per symbol.
 *
 * <h2>Buffers</h2>
 * A block is contiguous: symbol {@code i} of a block starting at {@code offset} is at
 * {@code offset + i * symbolBytes}; source symbols come first ({@code i < k}), then repair symbols. The codec never
 * keeps a reference to a caller's buffer.
 *
 * <h2>Cost and allocation</h2>
 * The generator of a geometry (k, m) is built and cached at its first use or by {@link #prepare(int, int)} (this
 * allocates and takes up to tens of milliseconds for the largest geometries). After that, {@code encode} and
 * {@code decode} allocate nothing. Decoding inverts only the e x e matrix of the e lost source symbols against e
 * repair symbols and builds its bit-matrices on each call (no cache of erasure patterns: for 64+8 with 8 losses this
 * set-up is a few tens of microseconds, against about 150 microseconds of XOR work for 1400-byte symbols).
 *
 * <h2>Bad input</h2>
 * Geometry or buffer bounds outside this codec's limits are programming errors of the caller (who validates
 * network headers first) and throw {@link IllegalArgumentException}. Symbol contents are never validated: the code
 * detects no corruption, so only authenticated symbols may be given to {@code decode}.
 *
 * <p>Thread-safety: NOT thread-safe; one instance per owning agent.
 */
public final class ErasureCodec
{
    /** Largest k + m: the field has 256 elements. */
    public static final int MAX_TOTAL_SYMBOLS = GaloisField256.ORDER;

    private final int maxSourceSymbols;
    private final int maxRepairSymbols;
    private final int maxSymbolBytes;
    private final CauchyCode[] codes;
    private final boolean wordKernel;

    private final int[] inputOffsets;
    private final int[] outputOffsets;
    private final int[] rowOffsets;
    private final int[] missing;
    private final int[] known;
    private final int[] repairsUsed;
    private final int[] system;
    private final int[] inverse;
    private final int[] tailSyndromes;
    private final byte[] syndromes;
    private final BitMatrix syndromeMatrix;
    private final BitMatrix solveMatrix;

    /**
     * @param maxSourceSymbols largest k this instance accepts, 1..256.
     * @param maxRepairSymbols largest m this instance accepts, 0..255; k + m never exceeds 256.
     * @param maxSymbolBytes   largest symbol size in bytes, at least 1.
     * @throws IllegalArgumentException when a limit is out of range.
     */
    public ErasureCodec(final int maxSourceSymbols, final int maxRepairSymbols, final int maxSymbolBytes)
    {
        this(maxSourceSymbols, maxRepairSymbols, maxSymbolBytes, true);
    }

    ErasureCodec(
        final int maxSourceSymbols, final int maxRepairSymbols, final int maxSymbolBytes, final boolean wordKernel)
    {
        if (maxSourceSymbols < 1 || maxSourceSymbols > MAX_TOTAL_SYMBOLS ||
            maxRepairSymbols < 0 || maxRepairSymbols >= MAX_TOTAL_SYMBOLS || maxSymbolBytes < 1)
        {
            throw new IllegalArgumentException("maxSourceSymbols=" + maxSourceSymbols + " maxRepairSymbols=" +
                maxRepairSymbols + " maxSymbolBytes=" + maxSymbolBytes + ": need 1..256, 0..255, >= 1");
        }
        this.maxSourceSymbols = maxSourceSymbols;
        this.maxRepairSymbols = maxRepairSymbols;
        this.maxSymbolBytes = maxSymbolBytes;
        this.wordKernel = wordKernel;
        this.codes = new CauchyCode[(maxSourceSymbols + 1) * (maxRepairSymbols + 1)];

        final int maxErased = Math.min(maxSourceSymbols, maxRepairSymbols);
        final int maxColumns = Byte.SIZE * maxSourceSymbols;
        this.inputOffsets = new int[maxColumns];
        this.outputOffsets = new int[Byte.SIZE * Math.max(1, maxRepairSymbols)];
        this.rowOffsets = new int[maxColumns + 1];
        this.missing = new int[maxSourceSymbols];
        this.known = new int[maxSourceSymbols];
        this.repairsUsed = new int[Math.max(1, maxErased)];
        this.system = new int[Math.max(1, maxErased * maxErased)];
        this.inverse = new int[Math.max(1, maxErased * maxErased)];
        this.tailSyndromes = new int[Math.max(1, maxErased)];
        this.syndromes = new byte[maxErased * maxSymbolBytes];
        this.syndromeMatrix = new BitMatrix(Byte.SIZE * maxErased, maxColumns);
        this.solveMatrix = new BitMatrix(Byte.SIZE * maxErased, Byte.SIZE * maxErased);
    }

    public int maxSourceSymbols()
    {
        return maxSourceSymbols;
    }

    public int maxRepairSymbols()
    {
        return maxRepairSymbols;
    }

    public int maxSymbolBytes()
    {
        return maxSymbolBytes;
    }

    /**
     * Builds and caches the generator for (k, m) now, so the first {@code encode}/{@code decode} of that geometry
     * does not allocate.
     *
     * @throws IllegalArgumentException when the geometry is outside this codec's limits.
     */
    public void prepare(final int k, final int m)
    {
        checkGeometry(k, m, 1);
        code(k, m);
    }

    /**
     * Computes the m repair symbols of a block.
     *
     * @param k            number of source symbols, 1..maxSourceSymbols.
     * @param m            number of repair symbols, 0..maxRepairSymbols, k + m &lt;= 256.
     * @param symbolBytes  size of every symbol, 1..maxSymbolBytes.
     * @param src          holds source symbol i at {@code srcOffset + i * symbolBytes}; only read.
     * @param srcOffset    start of the first source symbol.
     * @param repair       receives repair symbol j at {@code repairOffset + j * symbolBytes}; must not overlap the
     *                     source symbols.
     * @param repairOffset start of the first repair symbol.
     * @throws IllegalArgumentException on a geometry outside the limits or a range outside an array.
     */
    public void encode(
        final int k,
        final int m,
        final int symbolBytes,
        final byte[] src,
        final int srcOffset,
        final byte[] repair,
        final int repairOffset)
    {
        checkGeometry(k, m, symbolBytes);
        checkRange(src, srcOffset, k, symbolBytes);
        checkRange(repair, repairOffset, m, symbolBytes);
        if (m == 0)
        {
            return;
        }
        final CauchyCode code = code(k, m);
        final int packetBytes = symbolBytes >>> 3;
        if (packetBytes > 0)
        {
            for (int j = 0; j < k; j++)
            {
                final int symbolStart = srcOffset + j * symbolBytes;
                for (int c = 0; c < Byte.SIZE; c++)
                {
                    inputOffsets[j * Byte.SIZE + c] = symbolStart + c * packetBytes;
                }
            }
            for (int i = 0; i < m; i++)
            {
                final int symbolStart = repairOffset + i * symbolBytes;
                for (int b = 0; b < Byte.SIZE; b++)
                {
                    outputOffsets[i * Byte.SIZE + b] = symbolStart + b * packetBytes;
                }
            }
            execute(code.encoding(), src, repair, packetBytes);
        }
        for (int t = packetBytes * Byte.SIZE; t < symbolBytes; t++)
        {
            for (int i = 0; i < m; i++)
            {
                int acc = 0;
                for (int j = 0; j < k; j++)
                {
                    acc ^= GaloisField256.mul(code.coefficient(i, j), src[srcOffset + j * symbolBytes + t] & 0xFF);
                }
                repair[repairOffset + i * symbolBytes + t] = (byte)acc;
            }
        }
    }

    /**
     * Rebuilds every missing source symbol of a block in place from any k present symbols.
     *
     * @param k           number of source symbols, 1..maxSourceSymbols.
     * @param m           number of repair symbols, 0..maxRepairSymbols, k + m &lt;= 256.
     * @param symbolBytes size of every symbol, 1..maxSymbolBytes.
     * @param symbols     k + m slots of {@code symbolBytes} at {@code offset}: sources first, then repairs.
     * @param offset      start of slot 0.
     * @param present     bit {@code i & 63} of {@code present[i >>> 6]} is set when slot i holds its symbol; at least
     *                    {@code (k + m + 63) / 64} words; only read (not updated after a rebuild).
     * @return true when all k source slots now hold the block's source symbols; false, with every slot untouched,
     *     when fewer than k slots are present.
     * @throws IllegalArgumentException on a geometry outside the limits or a range outside an array.
     */
    public boolean decode(
        final int k,
        final int m,
        final int symbolBytes,
        final byte[] symbols,
        final int offset,
        final long[] present)
    {
        checkGeometry(k, m, symbolBytes);
        checkRange(symbols, offset, k + m, symbolBytes);
        if (present.length < (k + m + Long.SIZE - 1) / Long.SIZE)
        {
            throw new IllegalArgumentException("present.length=" + present.length + " < words for " + (k + m));
        }
        int erased = 0;
        int knownCount = 0;
        for (int j = 0; j < k; j++)
        {
            if (isPresent(present, j))
            {
                known[knownCount++] = j;
            }
            else
            {
                missing[erased++] = j;
            }
        }
        if (erased == 0)
        {
            return true;
        }
        int repairs = 0;
        for (int i = 0; i < m && repairs < erased; i++)
        {
            if (isPresent(present, k + i))
            {
                repairsUsed[repairs++] = i;
            }
        }
        if (repairs < erased)
        {
            return false;
        }
        final CauchyCode code = code(k, m);
        for (int a = 0; a < erased; a++)
        {
            for (int b = 0; b < erased; b++)
            {
                system[a * erased + b] = code.coefficient(repairsUsed[a], missing[b]);
            }
        }
        if (!invert(system, inverse, erased))
        {
            return false;
        }

        final int packetBytes = symbolBytes >>> 3;
        if (packetBytes > 0)
        {
            solveBitSliced(code, k, symbolBytes, symbols, offset, erased, knownCount, packetBytes);
        }
        for (int t = packetBytes * Byte.SIZE; t < symbolBytes; t++)
        {
            for (int a = 0; a < erased; a++)
            {
                final int r = repairsUsed[a];
                int acc = symbols[offset + (k + r) * symbolBytes + t] & 0xFF;
                for (int q = 0; q < knownCount; q++)
                {
                    final int j = known[q];
                    acc ^= GaloisField256.mul(code.coefficient(r, j), symbols[offset + j * symbolBytes + t] & 0xFF);
                }
                tailSyndromes[a] = acc;
            }
            for (int a = 0; a < erased; a++)
            {
                int acc = 0;
                for (int b = 0; b < erased; b++)
                {
                    acc ^= GaloisField256.mul(inverse[a * erased + b], tailSyndromes[b]);
                }
                symbols[offset + missing[a] * symbolBytes + t] = (byte)acc;
            }
        }
        return true;
    }

    /**
     * Syndromes s = p_R + C[R][K] x_K into scratch (sparse rows of the normalised generator), then
     * x_E = C[R][E]^-1 s into the missing slots (dense but only e x e blocks).
     */
    private void solveBitSliced(
        final CauchyCode code,
        final int k,
        final int symbolBytes,
        final byte[] symbols,
        final int offset,
        final int erased,
        final int knownCount,
        final int packetBytes)
    {
        syndromeMatrix.reset(erased * Byte.SIZE, k * Byte.SIZE);
        for (int a = 0; a < erased; a++)
        {
            final int r = repairsUsed[a];
            for (int q = 0; q < knownCount; q++)
            {
                syndromeMatrix.setBlock(a, q, code.coefficient(r, known[q]));
            }
            syndromeMatrix.setBlock(a, knownCount + a, 1);
        }
        for (int q = 0; q < knownCount; q++)
        {
            setPacketOffsets(inputOffsets, q, offset + known[q] * symbolBytes, packetBytes);
        }
        for (int a = 0; a < erased; a++)
        {
            setPacketOffsets(inputOffsets, knownCount + a, offset + (k + repairsUsed[a]) * symbolBytes, packetBytes);
            setPacketOffsets(outputOffsets, a, a * symbolBytes, packetBytes);
        }
        syndromeMatrix.scheduleInOrder();
        execute(syndromeMatrix, symbols, syndromes, packetBytes);

        solveMatrix.reset(erased * Byte.SIZE, erased * Byte.SIZE);
        for (int a = 0; a < erased; a++)
        {
            for (int b = 0; b < erased; b++)
            {
                solveMatrix.setBlock(a, b, inverse[a * erased + b]);
            }
        }
        for (int a = 0; a < erased; a++)
        {
            setPacketOffsets(inputOffsets, a, a * symbolBytes, packetBytes);
            setPacketOffsets(outputOffsets, a, offset + missing[a] * symbolBytes, packetBytes);
        }
        solveMatrix.schedule();
        execute(solveMatrix, syndromes, symbols, packetBytes);
    }

    private static void setPacketOffsets(
        final int[] offsets, final int symbol, final int symbolStart, final int packetBytes)
    {
        for (int c = 0; c < Byte.SIZE; c++)
        {
            offsets[symbol * Byte.SIZE + c] = symbolStart + c * packetBytes;
        }
    }

    /** Runs a scheduled bit-matrix: output packet r at outputOffsets[r] from input packets at inputOffsets[col]. */
    private void execute(final BitMatrix matrix, final byte[] in, final byte[] out, final int packetBytes)
    {
        final int words = matrix.wordsPerRow();
        for (int step = 0, rows = matrix.rows(); step < rows; step++)
        {
            final int row = matrix.order(step);
            final int parent = matrix.parent(row);
            int count = 0;
            for (int w = 0; w < words; w++)
            {
                long bits = matrix.word(row, w);
                if (parent != BitMatrix.NO_PARENT)
                {
                    bits ^= matrix.word(parent, w);
                }
                while (bits != 0)
                {
                    rowOffsets[count++] = inputOffsets[(w << 6) + Long.numberOfTrailingZeros(bits)];
                    bits &= bits - 1;
                }
            }
            final int base = parent == BitMatrix.NO_PARENT ? XorKernel.NO_BASE : outputOffsets[parent];
            XorKernel.xorPacket(in, rowOffsets, count, out, outputOffsets[row], base, packetBytes, wordKernel);
        }
    }

    /** Gauss-Jordan inversion of an n x n matrix over GF(2^8); {@code matrix} is destroyed. */
    private static boolean invert(final int[] matrix, final int[] inverse, final int n)
    {
        for (int i = 0; i < n * n; i++)
        {
            inverse[i] = 0;
        }
        for (int i = 0; i < n; i++)
        {
            inverse[i * n + i] = 1;
        }
        for (int col = 0; col < n; col++)
        {
            int pivot = col;
            while (pivot < n && matrix[pivot * n + col] == 0)
            {
                pivot++;
            }
            if (pivot == n)
            {
                return false;
            }
            if (pivot != col)
            {
                swapRows(matrix, n, pivot, col);
                swapRows(inverse, n, pivot, col);
            }
            final int scale = GaloisField256.inv(matrix[col * n + col]);
            for (int c = 0; c < n; c++)
            {
                matrix[col * n + c] = GaloisField256.mul(matrix[col * n + c], scale);
                inverse[col * n + c] = GaloisField256.mul(inverse[col * n + c], scale);
            }
            for (int row = 0; row < n; row++)
            {
                final int factor = matrix[row * n + col];
                if (row != col && factor != 0)
                {
                    for (int c = 0; c < n; c++)
                    {
                        matrix[row * n + c] ^= GaloisField256.mul(factor, matrix[col * n + c]);
                        inverse[row * n + c] ^= GaloisField256.mul(factor, inverse[col * n + c]);
                    }
                }
            }
        }
        return true;
    }

    private static void swapRows(final int[] matrix, final int n, final int a, final int b)
    {
        for (int c = 0; c < n; c++)
        {
            final int tmp = matrix[a * n + c];
            matrix[a * n + c] = matrix[b * n + c];
            matrix[b * n + c] = tmp;
        }
    }

    private static boolean isPresent(final long[] present, final int slot)
    {
        return (present[slot >>> 6] & (1L << slot)) != 0;
    }

    private CauchyCode code(final int k, final int m)
    {
        final int index = k * (maxRepairSymbols + 1) + m;
        CauchyCode code = codes[index];
        if (code == null)
        {
            code = CauchyCode.create(k, m);
            codes[index] = code;
        }
        return code;
    }

    private void checkGeometry(final int k, final int m, final int symbolBytes)
    {
        if (k < 1 || k > maxSourceSymbols || m < 0 || m > maxRepairSymbols || k + m > MAX_TOTAL_SYMBOLS ||
            symbolBytes < 1 || symbolBytes > maxSymbolBytes)
        {
            throw new IllegalArgumentException("k=" + k + " m=" + m + " symbolBytes=" + symbolBytes +
                " outside limits k<=" + maxSourceSymbols + " m<=" + maxRepairSymbols + " k+m<=256 symbolBytes<=" +
                maxSymbolBytes);
        }
    }

    private static void checkRange(final byte[] buffer, final int offset, final int symbols, final int symbolBytes)
    {
        final long end = (long)offset + (long)symbols * symbolBytes;
        if (offset < 0 || end > buffer.length)
        {
            throw new IllegalArgumentException("offset=" + offset + " + " + symbols + " x " + symbolBytes +
                " bytes exceeds buffer of " + buffer.length);
        }
    }
}
