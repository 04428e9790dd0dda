package io.confab.core.accounts;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * What one password check costs on one thread ({@code confab bench argon2}): checks per second and
 * bytes allocated per check, for {@link PasswordHash#verify} as it is now (an {@link Argon2idKernel}
 * with its arena kept) and as it was (a Bouncy Castle {@code Argon2BytesGenerator} built per check,
 * whose {@code init} allocates every block anew). Both parse the same PHC string and encode the same
 * password, so they differ only in the Argon2 computation.
 */
public final class Argon2Bench {

    public enum Implementation {
        /** {@link PasswordHash#verify}: the kernel, its arena kept between checks. */
        KEPT_ARENA,
        /** What {@code PasswordHash} did before: a new Bouncy Castle generator per check. */
        BOUNCY_CASTLE
    }

    /**
     * One measured phase on the calling thread.
     *
     * @param allocatedBytes what the thread allocated during the phase (HotSpot's per-thread counter)
     * @param collections    garbage collections in the whole JVM during the phase, and their time
     */
    public record Phase(Implementation implementation, long checks, double seconds, long allocatedBytes,
                        long collections, long collectionMillis) {

        public double checksPerSecond() {
            return checks / seconds;
        }

        public double millisPerCheck() {
            return 1000 * seconds / checks;
        }

        public double allocatedBytesPerCheck() {
            return (double) allocatedBytes / checks;
        }
    }

    private static final char[] PASSWORD = "a bench passphrase".toCharArray();

    private final PasswordHash hasher;
    private final String phc;

    /** Checks against a hash of a fixed password made at {@code cost}. */
    public Argon2Bench(PasswordHash.Cost cost) {
        this.hasher = new PasswordHash(cost, new SecureRandom());
        this.phc = hasher.hash(PASSWORD);
    }

    /** Checks the right password with {@code implementation} for at least {@code length}, at least one check. */
    public Phase measure(Implementation implementation, Duration length) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long collections = collections();
        long collectionMillis = collectionMillis();
        long allocated = threads.getThreadAllocatedBytes(thread);
        long start = System.nanoTime();
        long end = start + length.toNanos();
        long checks = 0;
        do {
            boolean right = implementation == Implementation.KEPT_ARENA ? hasher.verify(PASSWORD, phc) : bouncyCastle();
            if (!right) {
                throw new IllegalStateException(implementation + " did not verify the password it was given");
            }
            checks++;
        } while (System.nanoTime() < end);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Phase(implementation, checks, seconds, threads.getThreadAllocatedBytes(thread) - allocated,
                collections() - collections, collectionMillis() - collectionMillis);
    }

    private boolean bouncyCastle() {
        PhcString stored = PhcString.parse(phc);
        byte[] password = new String(PASSWORD).getBytes(StandardCharsets.UTF_8);
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(stored.cost().memoryKiB())
                .withIterations(stored.cost().iterations())
                .withParallelism(stored.cost().parallelism())
                .withSalt(stored.salt())
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] out = new byte[stored.hash().length];
        generator.generateBytes(password, out);
        return MessageDigest.isEqual(out, stored.hash());
    }

    private static long collections() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }

    private static long collectionMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
    }
}
