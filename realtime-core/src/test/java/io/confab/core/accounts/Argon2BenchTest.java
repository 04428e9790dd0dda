package io.confab.core.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The micro-bench's phases count real, successful checks and what the thread allocated for them. */
class Argon2BenchTest {

    @Test
    void bothImplementationsCheckThePasswordAndOnlyBouncyCastleAllocatesTheBlocks() {
        Argon2Bench bench = new Argon2Bench(new PasswordHash.Cost(512, 1, 1));
        bench.measure(Argon2Bench.Implementation.KEPT_ARENA, Duration.ofMillis(50));

        Argon2Bench.Phase kept = bench.measure(Argon2Bench.Implementation.KEPT_ARENA, Duration.ofMillis(200));
        Argon2Bench.Phase bouncyCastle = bench.measure(Argon2Bench.Implementation.BOUNCY_CASTLE, Duration.ofMillis(200));

        assertEquals(Argon2Bench.Implementation.KEPT_ARENA, kept.implementation());
        assertTrue(kept.checks() >= 1 && bouncyCastle.checks() >= 1);
        assertTrue(kept.seconds() >= 0.2 && kept.checksPerSecond() > 0, kept.toString());
        // 512 blocks of 1 KiB each, allocated anew per check, against none.
        assertTrue(bouncyCastle.allocatedBytesPerCheck() > 512 * 1024, bouncyCastle.toString());
        assertTrue(kept.allocatedBytesPerCheck() < 64 * 1024, kept.toString());
    }
}
