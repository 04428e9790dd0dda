package io.confab.core.accounts;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

/**
 * Argon2id (RFC 9106) hashes of user passwords and meeting passcodes, stored as PHC strings.
 * Verification reads the cost from the stored string, so the cost can be raised later: strings
 * written with an older cost still verify, and {@link #needsRehash} tells the sign-in path to
 * store a new hash while it holds the plain secret.
 *
 * <p>Hashing takes about 33 ms and 19 MiB on purpose: call it off the network event loop.
 * Instances are thread-safe. The 19 MiB is not allocated per check: each computation borrows an
 * {@link Argon2idKernel} whose arena is kept (wiped) between checks, at most one per core, so checks
 * leave no garbage for the collector and their speed does not depend on the heap's state.
 */
public final class PasswordHash {

    /**
     * Argon2id cost: memory in KiB, iterations (passes) and parallelism (lanes).
     *
     * <p>{@link #INTERACTIVE} is the OWASP Password Storage Cheat Sheet minimum for Argon2id,
     * m=19456 KiB (19 MiB), t=2, p=1. RFC 9106 section 4 suggests 64 MiB or 2 GiB, sized for a
     * machine that hashes one password at a time; on the 2-core box this runs on, several sign-ins
     * and guest joins arrive together, and 19 MiB each keeps a burst of them from costing a
     * gigabyte. p=1 because a second lane would only take the other core from the event loop.
     * Measured on the 2-core development box (JDK 17, warm JIT) with Bouncy Castle 1.82's generator,
     * before Argon2idKernel: 33 ms per verification, so about 30 sign-ins per second per core.
     */
    public record Cost(int memoryKiB, int iterations, int parallelism) {

        public static final Cost INTERACTIVE = new Cost(19_456, 2, 1);

        public Cost {
            if (parallelism < 1 || parallelism > PhcString.MAX_PARALLELISM) {
                throw new IllegalArgumentException("parallelism must be 1.." + PhcString.MAX_PARALLELISM);
            }
            if (iterations < 1 || iterations > PhcString.MAX_ITERATIONS) {
                throw new IllegalArgumentException("iterations must be 1.." + PhcString.MAX_ITERATIONS);
            }
            // RFC 9106 section 3.1: memory is at least 8 KiB per lane.
            if (memoryKiB < 8 * parallelism || memoryKiB > PhcString.MAX_MEMORY_KIB) {
                throw new IllegalArgumentException(
                        "memoryKiB must be 8*parallelism.." + PhcString.MAX_MEMORY_KIB);
            }
        }
    }

    // RFC 9106 section 3.1 recommends a 16-byte salt; 32-byte tags are what the reference writes.
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final byte[] NONE = new byte[0];

    private final Cost cost;
    private final SecureRandom random;
    private volatile PhcString decoy;
    /** Kernels between computations; an empty slot is one that is in use or was never needed. */
    private final AtomicReferenceArray<Argon2idKernel> idle =
            new AtomicReferenceArray<>(Runtime.getRuntime().availableProcessors());

    public PasswordHash(Cost cost, SecureRandom random) {
        this.cost = Objects.requireNonNull(cost, "cost");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Hashes with {@link Cost#INTERACTIVE} and a fresh {@link SecureRandom}. */
    public static PasswordHash interactive() {
        return new PasswordHash(Cost.INTERACTIVE, new SecureRandom());
    }

    public Cost cost() {
        return cost;
    }

    /**
     * A PHC string for the secret, with a random 16-byte salt.
     *
     * @throws IllegalArgumentException if the secret holds an unpaired UTF-16 surrogate, which
     *     has no UTF-8 encoding
     */
    public String hash(char[] secret) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] encoded = utf8(secret);
        if (encoded == null) {
            throw new IllegalArgumentException("secret is not valid UTF-16 (unpaired surrogate)");
        }
        try {
            return new PhcString(cost, salt, derive(encoded, cost, salt, HASH_BYTES)).format();
        } finally {
            Arrays.fill(encoded, (byte) 0);
        }
    }

    /**
     * Whether the secret matches the stored PHC string, compared in constant time.
     *
     * @throws MalformedHashException if the stored string is not an Argon2id PHC string
     */
    public boolean verify(char[] secret, String phc) {
        return matches(secret, PhcString.parse(phc));
    }

    /**
     * Spends the time of one verification and returns false. The sign-in path calls it when no
     * user has the given email, so the response time does not tell which emails have accounts
     * (OWASP Authentication Cheat Sheet, "authentication responses").
     */
    public boolean verifyUnknownUser(char[] secret) {
        PhcString target = decoy;
        if (target == null) {
            byte[] salt = new byte[SALT_BYTES];
            random.nextBytes(salt);
            // Nobody knows the secret behind a random tag, so nothing can match it.
            byte[] tag = new byte[HASH_BYTES];
            random.nextBytes(tag);
            target = new PhcString(cost, salt, tag);
            decoy = target;
        }
        matches(secret, target);
        return false;
    }

    /** Whether a hash was written with a cost other than this instance's, so it should be redone. */
    public boolean needsRehash(String phc) {
        return !PhcString.parse(phc).cost().equals(cost);
    }

    private boolean matches(char[] secret, PhcString stored) {
        byte[] encoded = utf8(secret);
        if (encoded == null) {
            return false;
        }
        try {
            byte[] actual = derive(encoded, stored.cost(), stored.salt(), stored.hash().length);
            return MessageDigest.isEqual(actual, stored.hash());
        } finally {
            Arrays.fill(encoded, (byte) 0);
        }
    }

    private byte[] derive(byte[] secret, Cost hashCost, byte[] salt, int length) {
        return withKernel(kernel -> {
            byte[] out = new byte[length];
            kernel.derive(secret, salt, NONE, NONE, hashCost.memoryKiB(), hashCost.iterations(), hashCost.parallelism(), out);
            return out;
        });
    }

    /**
     * Runs one computation on a kept kernel (or a new one) and keeps the kernel again afterwards,
     * also when the computation throws: an OutOfMemoryError growing the arena for a dear stored hash
     * leaves the kernel as it was, and the kernel wipes and resets itself however a computation ends,
     * so it is as good as before. Without the finally each such failure lost a kept arena, and the
     * next checks allocated 19 MiB each again.
     */
    <T> T withKernel(Function<Argon2idKernel, T> computation) {
        Argon2idKernel kernel = borrow();
        try {
            return computation.apply(kernel);
        } finally {
            giveBack(kernel);
        }
    }

    private Argon2idKernel borrow() {
        for (int i = 0; i < idle.length(); i++) {
            Argon2idKernel kernel = idle.getAndSet(i, null);
            if (kernel != null) {
                return kernel;
            }
        }
        return new Argon2idKernel();
    }

    private void giveBack(Argon2idKernel kernel) {
        // A stored hash that asked for more than this instance's own cost (an older, dearer cost, or a
        // corrupted row, up to PhcString.MAX_MEMORY_KIB) grew the arena for itself alone: let it go.
        if (kernel.arenaBytes() > cost.memoryKiB() * 1024L) {
            return;
        }
        for (int i = 0; i < idle.length(); i++) {
            if (idle.compareAndSet(i, null, kernel)) {
                return;
            }
        }
        // Every slot is taken: more computations ran at once than there are cores; let this one go.
        // So at most cores x the cost's memory stays kept (38 MiB on the 2-core box).
    }

    /** Bytes held by the kernels kept between computations (their arenas). */
    long keptArenaBytes() {
        long total = 0;
        for (int i = 0; i < idle.length(); i++) {
            Argon2idKernel kernel = idle.get(i);
            total += kernel == null ? 0 : kernel.arenaBytes();
        }
        return total;
    }

    /** UTF-8 bytes of the secret without going through a String, or null if it cannot be encoded. */
    private static byte[] utf8(char[] secret) {
        Objects.requireNonNull(secret, "secret");
        CharsetEncoder encoder = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer buffer;
        try {
            buffer = encoder.encode(CharBuffer.wrap(secret));
        } catch (CharacterCodingException e) {
            return null;
        }
        byte[] bytes = Arrays.copyOfRange(buffer.array(), buffer.arrayOffset(), buffer.arrayOffset() + buffer.limit());
        Arrays.fill(buffer.array(), (byte) 0);
        return bytes;
    }
}
