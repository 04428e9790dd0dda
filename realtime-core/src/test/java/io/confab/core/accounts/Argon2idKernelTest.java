package io.confab.core.accounts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;

class Argon2idKernelTest {

    private static final byte[] NONE = new byte[0];

    @Test
    void producesTheArgon2idTestVectorOfRfc9106Section5_3WithSecretAndAssociatedData() {
        byte[] password = filled(32, 0x01);
        byte[] salt = filled(16, 0x02);
        byte[] secret = filled(8, 0x03);
        byte[] associated = filled(12, 0x04);
        byte[] tag = new byte[32];

        new Argon2idKernel().derive(password, salt, secret, associated, 32, 3, 4, tag);

        assertEquals("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659", HexFormat.of().formatHex(tag));
    }

    @Test
    void aComputationThatFailsHalfWayLeavesTheKernelGoodForTheNext() {
        // PasswordHash keeps a kernel whose computation threw: the next tag must not start from the
        // password the failed one had already fed into Blake2b.
        Argon2idKernel kernel = new Argon2idKernel();
        assertThrows(NullPointerException.class,
                () -> kernel.derive(filled(32, 0x07), null, NONE, NONE, 32, 3, 4, new byte[32]));
        byte[] tag = new byte[32];

        kernel.derive(filled(32, 0x01), filled(16, 0x02), filled(8, 0x03), filled(12, 0x04), 32, 3, 4, tag);

        assertEquals("0d640df58d78766c08c037a34a8b53c9d01ef0452d75b65eb52520e96b01e659", HexFormat.of().formatHex(tag),
                "RFC 9106 section 5.3's tag after a failed computation");
        assertTrue(kernel.arenaIsWiped());
    }

    @Test
    void agreesWithBouncyCastleOverRandomCostsSaltsPasswordsAndTagLengthsReusingOneArena() {
        // One kernel for every case: each computation must start from nothing the last one left,
        // whether it asked for more memory, less, or more lanes.
        Argon2idKernel kernel = new Argon2idKernel();
        Random random = new Random(20261205);
        for (int run = 0; run < 300; run++) {
            int parallelism = 1 + random.nextInt(run % 3 == 0 ? 6 : 2);
            // From the least RFC 9106 allows (8 KiB a lane) up, most of them not a multiple of 4p.
            int memoryKiB = 8 * parallelism + random.nextInt(run % 10 == 0 ? 2_000 : 200);
            int iterations = 1 + random.nextInt(4);
            byte[] salt = bytes(random, 8 + random.nextInt(25));
            byte[] password = bytes(random, random.nextInt(41));
            byte[] secret = run % 4 == 0 ? bytes(random, 1 + random.nextInt(32)) : NONE;
            byte[] associated = run % 5 == 0 ? bytes(random, 1 + random.nextInt(32)) : NONE;
            // 4..130 bytes: H' takes its long path past 64.
            byte[] ours = new byte[4 + random.nextInt(127)];
            kernel.derive(password, salt, secret, associated, memoryKiB, iterations, parallelism, ours);

            byte[] expected = bouncyCastle(password, salt, secret, associated, memoryKiB, iterations, parallelism, ours.length);
            String tuple = "m=" + memoryKiB + " t=" + iterations + " p=" + parallelism + " salt=" + salt.length
                    + " password=" + password.length + " secret=" + secret.length + " ad=" + associated.length
                    + " tag=" + ours.length + " (run " + run + ")";
            assertArrayEquals(expected, ours, "Argon2id tag differs from Bouncy Castle's for " + tuple);
            assertTrue(kernel.arenaIsWiped(), "the arena still holds password-derived state after " + tuple);
        }
    }

    @Test
    void agreesWithBouncyCastleAtTheInteractiveCost() {
        byte[] password = "correct horse battery staple".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] salt = filled(16, 0x5a);
        byte[] ours = new byte[32];
        PasswordHash.Cost cost = PasswordHash.Cost.INTERACTIVE;

        new Argon2idKernel().derive(password, salt, NONE, NONE, cost.memoryKiB(), cost.iterations(), cost.parallelism(), ours);

        assertArrayEquals(bouncyCastle(password, salt, NONE, NONE, cost.memoryKiB(), cost.iterations(), cost.parallelism(), 32),
                ours);
    }

    @Test
    void aSecondCheckAtTheInteractiveCostAllocatesNoArena() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Argon2idKernel kernel = new Argon2idKernel();
        PasswordHash.Cost cost = PasswordHash.Cost.INTERACTIVE;
        byte[] salt = filled(16, 0x11);
        byte[] tag = new byte[32];
        kernel.derive("first".getBytes(), salt, NONE, NONE, cost.memoryKiB(), cost.iterations(), cost.parallelism(), tag);
        long arena = kernel.arenaBytes();

        long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        kernel.derive("second".getBytes(), salt, NONE, NONE, cost.memoryKiB(), cost.iterations(), cost.parallelism(), tag);
        long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;

        assertEquals(19_456L * 1024, arena, "the arena holds m' blocks of 1 KiB");
        assertEquals(arena, kernel.arenaBytes(), "the arena is reused, not grown");
        // Bouncy Castle's generator allocates about 20 MiB here; a few KiB is the allocation
        // counter's own noise and whatever the JIT does on the first calls.
        assertTrue(allocated < 64 * 1024, "a second check allocated " + allocated + " bytes");
    }

    @Test
    void theArenaGrowsOnlyWhenAComputationAsksForMoreMemory() {
        Argon2idKernel kernel = new Argon2idKernel();
        byte[] tag = new byte[16];
        kernel.derive(NONE, filled(8, 1), NONE, NONE, 256, 1, 1, tag);
        assertEquals(256L * 1024, kernel.arenaBytes());
        kernel.derive(NONE, filled(8, 1), NONE, NONE, 64, 1, 1, tag);
        assertEquals(256L * 1024, kernel.arenaBytes(), "a smaller computation reuses the arena");
        kernel.derive(NONE, filled(8, 1), NONE, NONE, 515, 1, 2, tag);
        assertEquals(512L * 1024, kernel.arenaBytes(), "m' = 4p * floor(m / 4p) blocks");
    }

    @Test
    void refusesCostsRfc9106DoesNotAllowNamingWhatWasWrong() {
        Argon2idKernel kernel = new Argon2idKernel();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> kernel.derive(NONE, filled(8, 1), NONE, NONE, 15, 1, 2, new byte[32]));
        assertTrue(e.getMessage().contains("m=15"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> kernel.derive(NONE, filled(8, 1), NONE, NONE, 64, 0, 1, new byte[32]));
        assertThrows(IllegalArgumentException.class, () -> kernel.derive(NONE, filled(8, 1), NONE, NONE, 64, 1, 1, new byte[3]));
    }

    static byte[] bouncyCastle(byte[] password, byte[] salt, byte[] secret, byte[] associated,
                               int memoryKiB, int iterations, int parallelism, int length) {
        Argon2Parameters.Builder parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(memoryKiB).withIterations(iterations).withParallelism(parallelism).withSalt(salt);
        if (secret.length > 0) {
            parameters.withSecret(secret);
        }
        if (associated.length > 0) {
            parameters.withAdditional(associated);
        }
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters.build());
        byte[] out = new byte[length];
        generator.generateBytes(password, out);
        return out;
    }

    private static byte[] filled(int length, int value) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }

    private static byte[] bytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
