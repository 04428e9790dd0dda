package io.confab.orchestration.cds;

import io.confab.orchestration.Cli;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Class-data sharing for the CLI's JVM, with the real CLI ({@code confab --help}, no platform): the
 * second run maps what the first wrote; a stale, truncated or garbled archive costs only time, with
 * the same answer on stdout and nothing on stderr. Each test has its own archive directory and its
 * own small jar at the end of the class path, so its key is its own.
 */
class ClassDataArchiveTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    /** What {@code confab --help} prints without any archive: every other run must print the same. */
    private static String plainHelp;

    @TempDir
    Path dir;

    @BeforeAll
    static void helpWithoutArchives() {
        Cli.Result plain = Cli.run(new Cli.Jvm(ClassDataArchives.off(), List.of(), List.of()), TIMEOUT, "--help");
        assertEquals(0, plain.exitCode(), plain.err());
        plainHelp = plain.out();
    }

    @Test
    void secondRunMapsTheArchiveTheFirstWrote() throws IOException {
        Cli.Jvm jvm = jvm(ownJar());
        assertHelpUnchanged(Cli.run(jvm, TIMEOUT, "--help"));
        Path archive = onlyArchive();
        assertTrue(archive.getFileName().toString().matches("cli-[0-9a-f]{20}-" + Files.size(archive) + "\\.jsa"),
                "archive named kind-key-size: " + archive);

        Path classLoading = dir.resolve("class-load.log");
        Cli.Result second = Cli.run(new Cli.Jvm(jvm.archives(), jvm.addedClasspath(),
                List.of("-Xlog:class+load=info:file=" + classLoading)), TIMEOUT, "--help");
        assertHelpUnchanged(second);
        String loaded = Files.readString(classLoading);
        assertTrue(loaded.contains("io.confab.orchestration.Confab source: shared objects file (top)"),
                "the second run maps Confab's class from the archive; its class loading said: "
                        + loaded.lines().filter(l -> l.contains("io.confab.orchestration.Confab ")).toList());
        assertEquals(List.of(archive), archives(), "no second archive written");
    }

    @Test
    void aTouchedJarGetsANewArchiveAndAStaleOneIsIgnoredQuietly() throws IOException {
        Path jar = ownJar();
        Cli.Jvm jvm = jvm(jar);
        assertHelpUnchanged(Cli.run(jvm, TIMEOUT, "--help"));
        Path first = onlyArchive();

        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 10_000));
        assertHelpUnchanged(Cli.run(jvm, TIMEOUT, "--help"));
        List<Path> both = archives();
        assertEquals(2, both.size(), "the rebuilt class path gets an archive of its own: " + both);

        // The JVM itself meets the stale one (as when a jar changed within its modification second):
        // it refuses it, silently, and the command answers the same.
        Path fresh = both.stream().filter(p -> !p.equals(first)).findFirst().orElseThrow();
        Files.delete(fresh);
        Files.move(first, fresh.resolveSibling(fresh.getFileName().toString().replaceFirst("-\\d+\\.jsa$", "")
                + "-" + Files.size(first) + ".jsa"));
        assertHelpUnchanged(Cli.run(jvm, TIMEOUT, "--help"));
    }

    @Test
    void aKindKeepsItsTwoMostRecentlyUsedArchives() throws IOException {
        Path jar = ownJar();
        Cli.Jvm jvm = jvm(jar);
        long mtime = Files.getLastModifiedTime(jar).toMillis();
        assertHelpUnchanged(Cli.run(jvm, TIMEOUT, "--help"));
        Path first = onlyArchive();
        Files.setLastModifiedTime(jar, FileTime.fromMillis(mtime + 10_000));
        assertHelpUnchanged(Cli.run(jvm, TIMEOUT, "--help"));
        Path second = archives().stream().filter(p -> !p.equals(first)).findFirst().orElseThrow();
        // Both old: the first is then used again (touched), so the second is the least recently used.
        Files.setLastModifiedTime(first, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        Files.setLastModifiedTime(second, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        Files.setLastModifiedTime(jar, FileTime.fromMillis(mtime));
        assertHelpUnchanged(Cli.run(jvm, TIMEOUT, "--help"));
        assertEquals(2, archives().size(), "mapping an archive writes none: " + archives());

        Files.setLastModifiedTime(jar, FileTime.fromMillis(mtime + 20_000));
        assertHelpUnchanged(Cli.run(jvm, TIMEOUT, "--help"));
        List<Path> kept = archives();
        assertEquals(2, kept.size(), "a third key's archive leaves two: " + kept);
        assertTrue(kept.contains(first), "the archive used last is kept: " + kept);
        assertFalse(kept.contains(second), "the least recently used is removed: " + kept);
    }

    @Test
    void aTruncatedArchiveIsRemovedAndWrittenAgain() throws IOException {
        Cli.Jvm jvm = jvm(ownJar());
        assertHelpUnchanged(Cli.run(jvm, TIMEOUT, "--help"));
        Path archive = onlyArchive();
        byte[] head = new byte[64 * 1024];
        try (var in = Files.newInputStream(archive)) {
            assertEquals(head.length, in.readNBytes(head, 0, head.length));
        }
        // JDK 17.0.15 dies of SIGBUS mapping this file; its size no longer matches its name.
        Files.write(archive, head);

        assertHelpUnchanged(Cli.run(jvm, TIMEOUT, "--help"));
        // The same key; not always the same size: a dump's contents vary by a page with what the run happened to load.
        Path again = onlyArchive();
        String stem = archive.getFileName().toString().replaceFirst("-\\d+\\.jsa$", "");
        assertTrue(again.getFileName().toString().equals(stem + "-" + Files.size(again) + ".jsa"),
                "written again for the same key, its size in its name: " + again + " after " + archive);
        assertNotEquals(head.length, Files.size(again));
    }

    @Test
    void aGarbledArchiveOfTheRightSizeIsIgnoredQuietly() throws IOException {
        Cli.Jvm jvm = jvm(ownJar());
        assertHelpUnchanged(Cli.run(jvm, TIMEOUT, "--help"));
        Path archive = onlyArchive();
        byte[] garbage = new byte[(int) Files.size(archive)];
        java.util.Arrays.fill(garbage, (byte) 0x5a);
        Files.write(archive, garbage);

        assertHelpUnchanged(Cli.run(jvm, TIMEOUT, "--help"));
    }

    @Test
    void switchedOffNothingIsWrittenAndNoOptionGiven() throws IOException {
        ClassDataArchives off = ClassDataArchives.fromEnvironment(Map.of("CONFAB_CDS", "off", "XDG_CACHE_HOME", dir.toString()));
        assertFalse(off.enabled());
        Path jar = ownJar();
        assertEquals(List.of(), off.forStart("cli", jar.toString()).jvmOptions());
        assertHelpUnchanged(Cli.run(new Cli.Jvm(off, List.of(jar.toString()), List.of()), TIMEOUT, "--help"));
        assertFalse(Files.exists(dir.resolve("confab/cds")), "no archive directory made");
    }

    @Test
    void aBadSwitchIsRefusedNamingTheVariable() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClassDataArchives.fromEnvironment(Map.of("CONFAB_CDS", "yes")));
        assertTrue(e.getMessage().contains("CONFAB_CDS") && e.getMessage().contains("'yes'"), e.getMessage());
    }

    @Test
    void aClassPathWithADirectoryGetsNoArchive() throws IOException {
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Files.writeString(classes.resolve("A.class"), "not empty");
        ClassDataArchives archives = new ClassDataArchives(dir.resolve("cds"), true);
        // JDK 17 would refuse to write it and exit with status 1 after the command ran.
        assertEquals(List.of(), archives.forStart("cli", ownJar() + ":" + classes).jvmOptions());
    }

    @Test
    void theCacheIsUnderXdgCacheHomeElseHome() {
        assertEquals(Path.of("/x/cache/confab/cds"), ClassDataArchives.fromEnvironment(Map.of("XDG_CACHE_HOME", "/x/cache")).directory());
        assertEquals(Path.of("/home/u/.cache/confab/cds"), ClassDataArchives.fromEnvironment(Map.of("HOME", "/home/u")).directory());
    }

    @Test
    void theKeyIsTheConfabScriptsForTheSameClassPath() throws Exception {
        Path jar = ownJar();
        String classpath = jar + ":" + dir.resolve("missing.jar");
        String javaHome = System.getProperty("java.home");
        String version = System.getProperty("java.runtime.version");
        // The script's text, through bash, stat and sha256sum.
        Process bash = new ProcessBuilder("bash", "-c",
                "IFS=: read -ra entries <<<\"$3\"; { printf '%s\\n%s\\n%s\\n' \"$1\" \"$2\" \"$3\";"
                        + " stat -L -c '%s %Y %n' -- \"${entries[@]}\" 2>/dev/null || true; } | sha256sum | cut -c1-20",
                "bash", javaHome, version, classpath).redirectErrorStream(true).start();
        String scripts = new String(bash.getInputStream().readAllBytes()).strip();
        assertEquals(0, bash.waitFor());
        assertEquals(scripts, ClassDataArchives.key(javaHome, version, classpath));
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 5_000));
        assertNotEquals(scripts, ClassDataArchives.key(javaHome, version, classpath), "an older jar is another key");
    }

    @Test
    void theConfabScriptReadsTheJdkVersionTheJvmReports() throws IOException {
        // The script keys on the release file's JAVA_RUNTIME_VERSION; this JVM's property must be that.
        String release = Files.readString(Path.of(System.getProperty("java.home"), "release"));
        assertTrue(release.contains("JAVA_RUNTIME_VERSION=\"" + System.getProperty("java.runtime.version") + "\""),
                "release file: " + release);
    }

    private Cli.Jvm jvm(Path jar) {
        return new Cli.Jvm(new ClassDataArchives(dir.resolve("cds"), true), List.of(jar.toString()), List.of());
    }

    /** An empty jar of this test's own, so the class path (and the key) is this test's alone. */
    private Path ownJar() throws IOException {
        Path jar = dir.resolve("own.jar");
        if (!Files.exists(jar)) {
            try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
                out.putNextEntry(new java.util.zip.ZipEntry("confab-test/marker.txt"));
                out.write("class path of a test of its own".getBytes());
            }
        }
        return jar;
    }

    private List<Path> archives() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("cds"))) {
            return files.filter(p -> p.toString().endsWith(".jsa")).sorted().toList();
        }
    }

    private Path onlyArchive() throws IOException {
        List<Path> archives = archives();
        assertEquals(1, archives.size(), "one archive written: " + archives);
        try (Stream<Path> files = Files.list(dir.resolve("cds"))) {
            assertEquals(List.of(), files.filter(p -> p.toString().endsWith(".tmp")).toList(), "no temporary file left");
        }
        return archives.get(0);
    }

    private static void assertHelpUnchanged(Cli.Result result) {
        assertEquals(0, result.exitCode(), result.err());
        assertEquals(plainHelp, result.out(), "stdout carries the help alone");
        assertEquals(List.of(), result.errLines(), "nothing on stderr");
    }

}
