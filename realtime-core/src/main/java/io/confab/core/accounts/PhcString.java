package io.confab.core.accounts;

import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PHC string format for Argon2id, as the reference implementation writes it
 * ({@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}; P-H-C/phc-string-format): salt and hash
 * in standard Base64 without padding. Only version 19 (0x13, RFC 9106) is accepted: it is the only
 * version in use since 2016, and older strings would need the pre-RFC algorithm.
 */
record PhcString(PasswordHash.Cost cost, byte[] salt, byte[] hash) {

    private static final Pattern FORMAT = Pattern.compile(
            "\\$argon2id\\$v=(\\d{1,3})\\$m=(\\d{1,10}),t=(\\d{1,10}),p=(\\d{1,10})"
                    + "\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
    private static final int VERSION = 19;

    // RFC 9106 section 3.1 allows salts from 8 bytes (16 recommended) and tags from 4 bytes; a tag
    // shorter than 16 bytes or any part longer than 64 is not something this service ever wrote.
    private static final int MIN_SALT = 8;
    private static final int MAX_SALT = 64;
    private static final int MIN_HASH = 16;
    private static final int MAX_HASH = 64;

    // Upper bounds keep a corrupted or hostile row from making one verification allocate gigabytes
    // or run for minutes; raise them together with the cost if the hardware ever warrants it. Memory
    // was 1 GiB until the server's own heap was checked: realtime-core runs with -Xmx512m and
    // -XX:+ExitOnOutOfMemoryError, so one such row would have ended the process; 256 MiB is 13 times
    // the interactive cost and fits beside the rest of the heap.
    static final int MAX_MEMORY_KIB = 1 << 18;
    static final int MAX_ITERATIONS = 64;
    static final int MAX_PARALLELISM = 16;

    static PhcString parse(String phc) {
        if (phc == null) {
            throw new MalformedHashException("it is null");
        }
        Matcher m = FORMAT.matcher(phc);
        if (!m.matches()) {
            throw new MalformedHashException(
                    "expected $argon2id$v=19$m=<KiB>,t=<iterations>,p=<lanes>$<salt>$<hash>");
        }
        long version = Long.parseLong(m.group(1));
        if (version != VERSION) {
            throw new MalformedHashException("version v=" + version + " is not supported, only v=19");
        }
        long memory = Long.parseLong(m.group(2));
        long iterations = Long.parseLong(m.group(3));
        long parallelism = Long.parseLong(m.group(4));
        if (parallelism < 1 || parallelism > MAX_PARALLELISM) {
            throw new MalformedHashException("p must be 1.." + MAX_PARALLELISM + ", was " + parallelism);
        }
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new MalformedHashException("t must be 1.." + MAX_ITERATIONS + ", was " + iterations);
        }
        if (memory < 8 * parallelism || memory > MAX_MEMORY_KIB) {
            throw new MalformedHashException(
                    "m must be 8*p.." + MAX_MEMORY_KIB + " KiB, was " + memory);
        }
        byte[] salt = decode("salt", m.group(5), MIN_SALT, MAX_SALT);
        byte[] hash = decode("hash", m.group(6), MIN_HASH, MAX_HASH);
        return new PhcString(
                new PasswordHash.Cost((int) memory, (int) iterations, (int) parallelism), salt, hash);
    }

    private static byte[] decode(String part, String base64, int min, int max) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new MalformedHashException(part + " is not Base64");
        }
        if (bytes.length < min || bytes.length > max) {
            throw new MalformedHashException(
                    part + " must be " + min + ".." + max + " bytes, was " + bytes.length);
        }
        return bytes;
    }

    String format() {
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return "$argon2id$v=" + VERSION + "$m=" + cost.memoryKiB() + ",t=" + cost.iterations()
                + ",p=" + cost.parallelism() + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
    }
}
