package io.confab.core.accounts;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.Blake2bDigest;

/**
 * Argon2id version 0x13 (RFC 9106) over one {@code long[]} arena that it keeps between
 * computations. Bouncy Castle's {@code Argon2BytesGenerator} allocates {@code new Block[m]} and one
 * {@code long[128]} per block on every {@code init}: 19,456 objects and 19 MiB of garbage per
 * check at the interactive cost, so each check's speed depended on the garbage collector's state
 * in the whole process. Here the memory of a computation is the arena, grown only when a stored
 * hash asks for more than it holds, and wiped when the computation ends so that nothing derived
 * from the password stays in it. Blake2b (H0 and the variable-length hash H') is Bouncy Castle's.
 *
 * <p>Not thread-safe: one computation at a time per kernel ({@link PasswordHash} keeps a few).
 */
final class Argon2idKernel {

    /** A block is 1024 bytes (RFC 9106 section 3.2), 128 words. */
    static final int BLOCK_WORDS = 128;
    private static final int BLOCK_BYTES = 1024;
    /** Each pass is split into 4 slices, the synchronisation points between lanes (section 3.4). */
    private static final int SLICES = 4;
    private static final int VERSION = 0x13;
    /** y = 2 names Argon2id in H0 and in the address generator's input (section 3.2). */
    private static final int TYPE = 2;

    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private long[] memory = new long[0];
    /** R = X xor Y, permuted in place by P (section 3.5). */
    private final long[] work = new long[BLOCK_WORDS];
    /** The address generator's input block Z and its output (section 3.4.1.2). */
    private final long[] addressInput = new long[BLOCK_WORDS];
    private final long[] addresses = new long[BLOCK_WORDS];
    private final byte[] blockBytes = new byte[BLOCK_BYTES];
    /** H0, then LE32(column) and LE32(lane) for the first two blocks of each lane. */
    private final byte[] seed = new byte[72];
    private final byte[] chain = new byte[64];
    private final byte[] word = new byte[4];
    private final Blake2bDigest blake512 = new Blake2bDigest(512);
    /** The tag's Blake2b when the tag is shorter than 64 bytes, kept for the next tag of that length. */
    private Blake2bDigest shortDigest;

    /**
     * Writes the Argon2id tag of {@code password} into {@code tag} (its whole length, at least 4
     * bytes). The cost is the caller's to bound ({@link PasswordHash.Cost} and {@link PhcString}
     * keep memory at most {@link PhcString#MAX_MEMORY_KIB}).
     *
     * @param secret     the optional key K of section 3.1 (empty when none)
     * @param associated the optional associated data X of section 3.1 (empty when none)
     */
    void derive(byte[] password, byte[] salt, byte[] secret, byte[] associated,
                int memoryKiB, int iterations, int parallelism, byte[] tag) {
        if (parallelism < 1 || iterations < 1 || memoryKiB < 8 * parallelism || tag.length < 4) {
            throw new IllegalArgumentException("Argon2id needs p >= 1, t >= 1, m >= 8p KiB and a tag of 4 bytes or more;"
                    + " got m=" + memoryKiB + " t=" + iterations + " p=" + parallelism + " tag=" + tag.length);
        }
        // Section 3.2 step 4: m' = 4p * floor(m / 4p) blocks; H0 keeps the m asked for.
        int segment = memoryKiB / (SLICES * parallelism);
        int laneLength = segment * SLICES;
        int blocks = laneLength * parallelism;
        if (memory.length < blocks * BLOCK_WORDS) {
            memory = new long[blocks * BLOCK_WORDS];
        }
        try {
            initialHash(password, salt, secret, associated, memoryKiB, iterations, parallelism, tag.length);
            firstBlocks(parallelism, laneLength);
            for (int pass = 0; pass < iterations; pass++) {
                for (int slice = 0; slice < SLICES; slice++) {
                    // Within a slice the lanes never read each other's current segment, so running
                    // them one after another gives what parallel lanes would.
                    for (int lane = 0; lane < parallelism; lane++) {
                        fillSegment(pass, slice, lane, segment, laneLength, blocks, iterations, parallelism);
                    }
                }
            }
            finalBlock(parallelism, laneLength);
            hashPrime(tag, tag.length, blockBytes, BLOCK_BYTES);
        } finally {
            // The arena and scratch hold state derived from the password; the next check might not
            // come for hours, or might ask for fewer blocks and leave the tail as it was.
            Arrays.fill(memory, 0, blocks * BLOCK_WORDS, 0L);
            Arrays.fill(work, 0L);
            Arrays.fill(addressInput, 0L);
            Arrays.fill(addresses, 0L);
            Arrays.fill(blockBytes, (byte) 0);
            Arrays.fill(seed, (byte) 0);
            Arrays.fill(chain, (byte) 0);
            // A computation that failed half-way may have left input in a digest; the next one,
            // on this kept kernel, must start from a clean one or its tag would be wrong.
            blake512.reset();
            if (shortDigest != null) {
                shortDigest.reset();
            }
        }
    }

    /** Whether every word of the arena is zero, as it is between computations. */
    boolean arenaIsWiped() {
        for (long w : memory) {
            if (w != 0) {
                return false;
            }
        }
        return true;
    }

    /** Bytes this kernel's arena holds now (kept between computations). */
    long arenaBytes() {
        return memory.length * 8L;
    }

    /** H0 (section 3.2 step 1): Blake2b-512 over the parameters and inputs, each with its length. */
    private void initialHash(byte[] password, byte[] salt, byte[] secret, byte[] associated,
                             int memoryKiB, int iterations, int parallelism, int tagLength) {
        int32(blake512, parallelism);
        int32(blake512, tagLength);
        int32(blake512, memoryKiB);
        int32(blake512, iterations);
        int32(blake512, VERSION);
        int32(blake512, TYPE);
        withLength(password);
        withLength(salt);
        withLength(secret);
        withLength(associated);
        blake512.doFinal(seed, 0);
    }

    private void withLength(byte[] input) {
        int32(blake512, input.length);
        blake512.update(input, 0, input.length);
    }

    /** B[i][0] and B[i][1] = H'^1024(H0 || LE32(0 or 1) || LE32(i)) (section 3.2 steps 5 and 6). */
    private void firstBlocks(int parallelism, int laneLength) {
        for (int lane = 0; lane < parallelism; lane++) {
            for (int column = 0; column < 2; column++) {
                LONG_LE.set(seed, 64, (long) column | ((long) lane << 32));
                hashPrime(blockBytes, BLOCK_BYTES, seed, seed.length);
                int base = (lane * laneLength + column) * BLOCK_WORDS;
                for (int k = 0; k < BLOCK_WORDS; k++) {
                    memory[base + k] = (long) LONG_LE.get(blockBytes, k * 8);
                }
            }
        }
    }

    private void fillSegment(int pass, int slice, int lane, int segment, int laneLength, int blocks,
                             int iterations, int parallelism) {
        // Argon2id: data-independent addresses in the first half of the first pass (section 3.4.1.3).
        boolean independent = pass == 0 && slice < SLICES / 2;
        int start = pass == 0 && slice == 0 ? 2 : 0;
        if (independent) {
            Arrays.fill(addressInput, 0L);
            addressInput[0] = pass;
            addressInput[1] = lane;
            addressInput[2] = slice;
            addressInput[3] = blocks;
            addressInput[4] = iterations;
            addressInput[5] = TYPE;
            if (start != 0) {
                nextAddresses();
            }
        }
        int current = lane * laneLength + slice * segment + start;
        for (int index = start; index < segment; index++, current++) {
            int previous = current % laneLength == 0 ? current + laneLength - 1 : current - 1;
            long pseudoRandom;
            if (independent) {
                if (index % BLOCK_WORDS == 0) {
                    nextAddresses();
                }
                pseudoRandom = addresses[index % BLOCK_WORDS];
            } else {
                pseudoRandom = memory[previous * BLOCK_WORDS];
            }
            // J2 picks the lane; the first slice of the first pass has only its own lane to read.
            int referenceLane = pass == 0 && slice == 0 ? lane : (int) ((pseudoRandom >>> 32) % parallelism);
            int reference = referenceLane * laneLength + referenceIndex(pass, slice, index, segment, laneLength,
                    pseudoRandom & 0xFFFF_FFFFL, referenceLane == lane);
            compress(previous, reference, current, pass > 0);
        }
    }

    /**
     * The index within the reference lane (section 3.4.2): J1 mapped non-uniformly, favouring recent
     * blocks, onto the blocks this position may read.
     */
    static int referenceIndex(int pass, int slice, int index, int segment, int laneLength, long j1, boolean sameLane) {
        long area;
        if (pass == 0) {
            if (slice == 0) {
                area = index - 1;
            } else if (sameLane) {
                area = (long) slice * segment + index - 1;
            } else {
                area = (long) slice * segment + (index == 0 ? -1 : 0);
            }
        } else if (sameLane) {
            area = laneLength - segment + index - 1;
        } else {
            area = laneLength - segment + (index == 0 ? -1 : 0);
        }
        long x = (j1 * j1) >>> 32;
        long y = (area * x) >>> 32;
        long relative = area - 1 - y;
        long startPosition = pass == 0 || slice == SLICES - 1 ? 0 : (long) (slice + 1) * segment;
        return (int) ((startPosition + relative) % laneLength);
    }

    /** The next 128 addresses: G(0, G(0, Z)) with Z's counter raised first (section 3.4.1.2). */
    private void nextAddresses() {
        addressInput[6]++;
        compressWithZero(addressInput, addresses);
        compressWithZero(addresses, addresses);
    }

    /** G(0, Y) = P(Y) xor Y, into {@code into} (which may be {@code y}). */
    private void compressWithZero(long[] y, long[] into) {
        System.arraycopy(y, 0, work, 0, BLOCK_WORDS);
        permute();
        for (int k = 0; k < BLOCK_WORDS; k++) {
            into[k] = work[k] ^ y[k];
        }
    }

    /**
     * B[current] = G(B[previous], B[reference]), or xor-ed into B[current] after the first pass
     * (version 0x13, section 3.2 step 7). The reference is never the current block.
     */
    private void compress(int previous, int reference, int current, boolean xorInto) {
        long[] m = memory;
        int p = previous * BLOCK_WORDS;
        int r = reference * BLOCK_WORDS;
        int c = current * BLOCK_WORDS;
        for (int k = 0; k < BLOCK_WORDS; k++) {
            work[k] = m[p + k] ^ m[r + k];
        }
        permute();
        if (xorInto) {
            for (int k = 0; k < BLOCK_WORDS; k++) {
                m[c + k] ^= work[k] ^ m[p + k] ^ m[r + k];
            }
        } else {
            for (int k = 0; k < BLOCK_WORDS; k++) {
                m[c + k] = work[k] ^ m[p + k] ^ m[r + k];
            }
        }
    }

    /** P over the block as an 8x8 matrix of 16-byte registers: rows, then columns (section 3.6). */
    private void permute() {
        for (int i = 0; i < 8; i++) {
            int row = 16 * i;
            round(row, row + 1, row + 2, row + 3, row + 4, row + 5, row + 6, row + 7,
                    row + 8, row + 9, row + 10, row + 11, row + 12, row + 13, row + 14, row + 15);
        }
        for (int i = 0; i < 8; i++) {
            int col = 2 * i;
            round(col, col + 1, col + 16, col + 17, col + 32, col + 33, col + 48, col + 49,
                    col + 64, col + 65, col + 80, col + 81, col + 96, col + 97, col + 112, col + 113);
        }
    }

    /**
     * One Blake2b round without message words, over BlaMka's GB (section 3.6): four GB down the
     * columns, four down the diagonals. Each GB is a small method over the array: sixteen longs kept
     * in locals across the whole round ran a third slower (register spills), 38 against 28 ms a check.
     */
    private void round(int i0, int i1, int i2, int i3, int i4, int i5, int i6, int i7,
                       int i8, int i9, int i10, int i11, int i12, int i13, int i14, int i15) {
        long[] w = work;
        mix(w, i0, i4, i8, i12);
        mix(w, i1, i5, i9, i13);
        mix(w, i2, i6, i10, i14);
        mix(w, i3, i7, i11, i15);
        mix(w, i0, i5, i10, i15);
        mix(w, i1, i6, i11, i12);
        mix(w, i2, i7, i8, i13);
        mix(w, i3, i4, i9, i14);
    }

    /** GB(a, b, c, d) of section 3.6, in place. */
    private static void mix(long[] w, int a, int b, int c, int d) {
        long va = w[a], vb = w[b], vc = w[c], vd = w[d];
        va = blaMka(va, vb);
        vd = Long.rotateRight(vd ^ va, 32);
        vc = blaMka(vc, vd);
        vb = Long.rotateRight(vb ^ vc, 24);
        va = blaMka(va, vb);
        vd = Long.rotateRight(vd ^ va, 16);
        vc = blaMka(vc, vd);
        vb = Long.rotateRight(vb ^ vc, 63);
        w[a] = va;
        w[b] = vb;
        w[c] = vc;
        w[d] = vd;
    }

    /** BlaMka's addition: x + y + 2 * lo32(x) * lo32(y), the multiplication that makes GB costly in hardware. */
    private static long blaMka(long x, long y) {
        return x + y + 2 * (x & 0xFFFF_FFFFL) * (y & 0xFFFF_FFFFL);
    }

    /** C = the xor of each lane's last block, as little-endian bytes (section 3.2 step 8). */
    private void finalBlock(int parallelism, int laneLength) {
        int last = (laneLength - 1) * BLOCK_WORDS;
        System.arraycopy(memory, last, work, 0, BLOCK_WORDS);
        for (int lane = 1; lane < parallelism; lane++) {
            int base = (lane * laneLength + laneLength - 1) * BLOCK_WORDS;
            for (int k = 0; k < BLOCK_WORDS; k++) {
                work[k] ^= memory[base + k];
            }
        }
        for (int k = 0; k < BLOCK_WORDS; k++) {
            LONG_LE.set(blockBytes, k * 8, work[k]);
        }
    }

    /**
     * H'^T(X), the variable-length hash (section 3.3): Blake2b-T for T <= 64, else a chain of
     * Blake2b-512 whose first halves are the output, ended by Blake2b of the length left.
     */
    private void hashPrime(byte[] out, int length, byte[] input, int inputLength) {
        if (length <= 64) {
            Blake2bDigest digest = digestOf(length);
            int32(digest, length);
            digest.update(input, 0, inputLength);
            digest.doFinal(out, 0);
            return;
        }
        int r = (length + 31) / 32 - 2;
        int32(blake512, length);
        blake512.update(input, 0, inputLength);
        blake512.doFinal(chain, 0);
        System.arraycopy(chain, 0, out, 0, 32);
        for (int i = 1; i < r; i++) {
            blake512.update(chain, 0, 64);
            blake512.doFinal(chain, 0);
            System.arraycopy(chain, 0, out, i * 32, 32);
        }
        Blake2bDigest last = digestOf(length - 32 * r);
        last.update(chain, 0, 64);
        last.doFinal(out, 32 * r);
    }

    private Blake2bDigest digestOf(int bytes) {
        if (bytes == 64) {
            return blake512;
        }
        if (shortDigest == null || shortDigest.getDigestSize() != bytes) {
            shortDigest = new Blake2bDigest(bytes * 8);
        }
        return shortDigest;
    }

    private void int32(Blake2bDigest digest, int value) {
        word[0] = (byte) value;
        word[1] = (byte) (value >>> 8);
        word[2] = (byte) (value >>> 16);
        word[3] = (byte) (value >>> 24);
        digest.update(word, 0, 4);
    }
}
