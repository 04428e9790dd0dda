package io.confab.core.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordHashTest {

    /** Cheap enough to run dozens of times; the interactive cost has its own test. */
    private static final PasswordHash.Cost TEST_COST = new PasswordHash.Cost(64, 1, 1);
    private final PasswordHash hasher = new PasswordHash(TEST_COST, new SecureRandom());

    // Argon2id vectors from the reference implementation's tests (P-H-C/phc-winner-argon2,
    // src/test.c): password "password", salt "somesalt".
    private static final String REFERENCE_64_MIB =
            "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
    private static final String REFERENCE_256_KIB =
            "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4";

    // Made at the interactive cost by PasswordHash before it had its own kernel (Bouncy Castle 1.82's
    // Argon2BytesGenerator, mend31 88987e2), as the database holds them: they must keep verifying.
    private static final String MADE_BY_BOUNCY_CASTLE =
            "$argon2id$v=19$m=19456,t=2,p=1$j33uGO0dJg5H2QWONqULPg$3IpHRMStbVXF85thopnVfupq1TJL0gvknyfU0w+E+Dw";

    @Test
    void hashesStoredBeforeTheKernelStillVerify() {
        PasswordHash interactive = PasswordHash.interactive();
        assertTrue(interactive.verify("stored before the kernel".toCharArray(), MADE_BY_BOUNCY_CASTLE));
        assertFalse(interactive.verify("stored before the kernel!".toCharArray(), MADE_BY_BOUNCY_CASTLE));
        assertFalse(interactive.needsRehash(MADE_BY_BOUNCY_CASTLE));
    }

    @Test
    void keepsAtMostOneArenaPerCoreAndNoneLargerThanItsOwnCost() throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        String phc = hasher.hash("kept".toCharArray());
        java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(cores * 2 + 1);
        try {
            java.util.List<java.util.concurrent.Future<Boolean>> checks = new java.util.ArrayList<>();
            for (int i = 0; i < 60; i++) {
                checks.add(callers.submit(() -> hasher.verify("kept".toCharArray(), phc)));
            }
            for (java.util.concurrent.Future<Boolean> check : checks) {
                assertTrue(check.get());
            }
        } finally {
            callers.shutdownNow();
        }
        long arena = TEST_COST.memoryKiB() * 1024L;
        long kept = hasher.keptArenaBytes();
        assertTrue(kept >= arena && kept <= cores * arena, "kept " + kept + " bytes; one arena is " + arena + ", cores " + cores);

        // A stored hash made at a dearer cost than this instance's: checked, its larger arena not kept.
        String large = new PasswordHash(new PasswordHash.Cost(1_024, 1, 1), new SecureRandom()).hash("large".toCharArray());
        assertTrue(hasher.verify("large".toCharArray(), large));
        assertTrue(hasher.keptArenaBytes() <= kept, "the large arena was used once and let go: kept "
                + hasher.keptArenaBytes() + " bytes");
    }

    @Test
    void aCheckThatFailsGivesItsKeptArenaBackForTheNextCheck() {
        String phc = hasher.hash("kept".toCharArray());
        Argon2idKernel kept = hasher.withKernel(kernel -> kernel);
        long arenaBytes = hasher.keptArenaBytes();

        assertThrows(OutOfMemoryError.class, () -> hasher.withKernel(kernel -> {
            throw new OutOfMemoryError("Java heap space (growing the arena for a dear stored hash)");
        }));

        assertEquals(arenaBytes, hasher.keptArenaBytes(), "the failed check's kernel was kept");
        assertSame(kept, hasher.withKernel(kernel -> kernel), "the next check borrows the same kernel, no new 19 MiB");
        assertTrue(hasher.verify("kept".toCharArray(), phc));
    }

    @Test
    void verifiesTheReferenceImplementationsTestVectors() {
        assertTrue(hasher.verify("password".toCharArray(), REFERENCE_256_KIB));
        assertTrue(hasher.verify("password".toCharArray(), REFERENCE_64_MIB));
        assertFalse(hasher.verify("passwore".toCharArray(), REFERENCE_256_KIB));
    }

    @Test
    void interactiveHashIsAPhcStringWithOwaspCostSixteenByteSaltAndThirtyTwoByteTag() {
        PasswordHash interactive = PasswordHash.interactive();
        String phc = interactive.hash("correct horse".toCharArray());

        Matcher m = Pattern.compile("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$([^$]+)\\$([^$]+)").matcher(phc);
        assertTrue(m.matches(), "expected an argon2id PHC string with m=19456,t=2,p=1, got " + phc);
        assertEquals(16, Base64.getDecoder().decode(m.group(1)).length);
        assertEquals(32, Base64.getDecoder().decode(m.group(2)).length);
        assertFalse((m.group(1) + m.group(2)).contains("="), "PHC strings carry no Base64 padding: " + phc);
        assertTrue(interactive.verify("correct horse".toCharArray(), phc));
    }

    @Test
    void verifiesTheSecretItHashedAndNothingElse() {
        String phc = hasher.hash("s3cret-passphrase".toCharArray());

        assertTrue(hasher.verify("s3cret-passphrase".toCharArray(), phc));
        assertFalse(hasher.verify("s3cret-passphrasE".toCharArray(), phc));
        assertFalse(hasher.verify("".toCharArray(), phc));
    }

    @Test
    void sameSecretHashesDifferentlyEachTimeBecauseOfTheSalt() {
        assertNotEquals(hasher.hash("1234".toCharArray()), hasher.hash("1234".toCharArray()));
    }

    @Test
    void hashesNonAsciiSecretsAsTheirUtf8Bytes() {
        String secret = "pässwörd ✓ 🔑";
        String phc = hasher.hash(secret.toCharArray());
        String[] fields = phc.split("\\$");
        byte[] salt = Base64.getDecoder().decode(fields[4]);

        Argon2BytesGenerator reference = new Argon2BytesGenerator();
        reference.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(64).withIterations(1).withParallelism(1).withSalt(salt).build());
        byte[] expected = new byte[32];
        reference.generateBytes(secret.getBytes(StandardCharsets.UTF_8), expected);

        assertEquals(Base64.getEncoder().withoutPadding().encodeToString(expected), fields[5]);
        assertTrue(hasher.verify(secret.toCharArray(), phc));
    }

    @Test
    void refusesToHashAnUnpairedSurrogateAndNeverMatchesOne() {
        char[] broken = {'a', '\uD800', 'b'};
        assertThrows(IllegalArgumentException.class, () -> hasher.hash(broken));
        assertFalse(hasher.verify(broken, hasher.hash("a?b".toCharArray())));
    }

    @Test
    void verifiesWithTheCostStoredInTheStringSoTheCostCanBeRaisedLater() {
        PasswordHash older = new PasswordHash(new PasswordHash.Cost(32, 1, 1), new SecureRandom());
        String oldHash = older.hash("hunter22".toCharArray());

        assertTrue(hasher.verify("hunter22".toCharArray(), oldHash));
        assertTrue(hasher.needsRehash(oldHash));
        assertFalse(hasher.needsRehash(hasher.hash("hunter22".toCharArray())));
    }

    @Test
    void unknownUserVerificationNeverSucceeds() {
        assertFalse(hasher.verifyUnknownUser("password".toCharArray()));
        assertFalse(hasher.verifyUnknownUser("".toCharArray()));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "password",
        "$argon2i$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
        "$argon2id$v=16$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
        "$argon2id$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
        "$argon2id$v=19$t=2,m=256,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
        "$argon2id$v=19$m=256,t=2$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
        "$argon2id$v=19$m=256,t=0,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
        "$argon2id$v=19$m=4,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
        "$argon2id$v=19$m=99999999,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
        "$argon2id$v=19$m=262145,t=1,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
        "$argon2id$v=19$m=256,t=2,p=1$c29t$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
        "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgL",
        "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ=$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
        "$argon2id$v=19$m=256,t=2,p=1$c29t_XNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4",
        "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4$extra",
    })
    void refusesMalformedStoredHashesWithoutRepeatingThem(String stored) {
        MalformedHashException e = assertThrows(
                MalformedHashException.class, () -> hasher.verify("password".toCharArray(), stored));
        assertTrue(e.getMessage().startsWith("stored hash is not an Argon2id PHC string: "), e.getMessage());
        assertFalse(!stored.isEmpty() && e.getMessage().contains(stored), "message repeats the stored hash");
    }

    @Test
    void aStoredHashMayAskForAtMost256MiBWhichTheServersHeapCanHold() {
        MalformedHashException e = assertThrows(MalformedHashException.class, () -> hasher.verify("password".toCharArray(),
                "$argon2id$v=19$m=262145,t=1,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4"));
        assertTrue(e.getMessage().contains("m must be 8*p..262144 KiB, was 262145"), e.getMessage());
    }

    @Test
    void refusesANullStoredHash() {
        assertThrows(MalformedHashException.class, () -> hasher.verify("x".toCharArray(), null));
    }

    @Test
    void refusesACostBelowArgon2sMinimumMemory() {
        assertThrows(IllegalArgumentException.class, () -> new PasswordHash.Cost(15, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> new PasswordHash.Cost(64, 0, 1));
    }
}
