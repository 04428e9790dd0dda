package io.confab.orchestration.cds;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The cache of class-data sharing archives (AppCDS, JDK 17 dynamic archives) for Confab's JVMs: one
 * archive per JVM kind ({@code cli}, {@code kafka}, {@code cassandra}, ...) and class path, under
 * {@code ${XDG_CACHE_HOME:-~/.cache}/confab/cds/}, outside every data directory. An archive holds
 * the classes a JVM of that kind loaded, already parsed and verified, so the next JVM maps them
 * instead of reading and verifying them from the jars: start-up only, steady-state speed is the same.
 *
 * <p>The {@code confab} script computes the same file names in bash; a change here is a change there.
 *
 * @param directory where the archives live
 * @param enabled   false when {@code CONFAB_CDS=off}: no archive is read or written
 */
public record ClassDataArchives(Path directory, boolean enabled) {

    /** The environment variable that turns archives off ({@code off}) or on ({@code on}, the default). */
    public static final String SWITCH = "CONFAB_CDS";

    /** The archives of this user (the environment's {@code XDG_CACHE_HOME} or {@code HOME}), on unless switched off. */
    public static ClassDataArchives fromEnvironment(Map<String, String> environment) {
        String value = environment.getOrDefault(SWITCH, "on");
        if (!value.equals("on") && !value.equals("off")) {
            throw new IllegalArgumentException(SWITCH + " must be 'on' or 'off', not '" + value + "'");
        }
        String cache = environment.getOrDefault("XDG_CACHE_HOME", "");
        Path base = cache.isEmpty()
                ? Path.of(environment.getOrDefault("HOME", System.getProperty("user.home")), ".cache")
                : Path.of(cache);
        return new ClassDataArchives(base.resolve("confab").resolve("cds"), value.equals("on"));
    }

    /** Archives switched off: every {@link ClassDataArchive} of it adds no option. */
    public static ClassDataArchives off() {
        return new ClassDataArchives(Path.of("."), false);
    }

    /**
     * The archive for one start of a JVM of {@code kind} on {@code classpath}, run by this JVM's own
     * java (servers and CLI JVMs are started with {@code ProcessHandle.current()}'s command).
     */
    public ClassDataArchive forStart(String kind, String classpath) {
        if (!enabled || !archivable(classpath)) {
            return ClassDataArchive.none();
        }
        String key = key(System.getProperty("java.home"), System.getProperty("java.runtime.version"), classpath);
        return new ClassDataArchive(directory, kind, key);
    }

    /**
     * The kind of a CLI JVM: {@code cli-<command>} ({@code cli-status}, {@code cli-up}, ...), else
     * {@code cli}. One archive per command, because an archive holds only the classes of the run that
     * wrote it: {@code status --json}'s (Kafka's admin client, the Cassandra driver, the S3 SDK) took
     * its CPU from 8.1 to 4.9 CPU-s, the archive {@code --help} wrote only to 7.4.
     */
    public static String cliKind(String... args) {
        return args.length > 0 && args[0].matches("[a-z][a-z0-9-]*") ? "cli-" + args[0] : "cli";
    }

    /**
     * JDK 17 refuses to dump an archive when the class path holds a non-empty directory, and then
     * exits with status 1 after the program ran: such a class path gets no archive at all.
     */
    static boolean archivable(String classpath) {
        for (String entry : classpath.split(File.pathSeparator)) {
            if (entry.isEmpty() || Files.isDirectory(Path.of(entry))) {
                return false;
            }
        }
        return true;
    }

    /**
     * What invalidates an archive, hashed into its name: the JDK (its home and exact version), the
     * class path as written and each entry's size and modification second. A rebuilt jar or another
     * JDK gives another name, so a JVM never meets a stale archive (the JVM would refuse it too, but
     * then none would ever be written again). The text is the confab script's, byte for byte:
     * {@code printf '%s\n%s\n%s\n' HOME VERSION CP; stat -L -c '%s %Y %n' ENTRY...}, missing entries left out.
     */
    static String key(String javaHome, String javaVersion, String classpath) {
        StringBuilder text = new StringBuilder()
                .append(javaHome).append('\n').append(javaVersion).append('\n').append(classpath).append('\n');
        for (String entry : classpath.split(File.pathSeparator)) {
            Path path = Path.of(entry);
            try {
                if (Files.exists(path)) {
                    text.append(Files.size(path)).append(' ')
                            .append(Files.getLastModifiedTime(path).to(TimeUnit.SECONDS)).append(' ')
                            .append(entry).append('\n');
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + entry + " on the class path", e);
            }
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
