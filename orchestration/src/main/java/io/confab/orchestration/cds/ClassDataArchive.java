package io.confab.orchestration.cds;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One JVM start's class-data sharing archive: the JVM options that map the archive when there is a
 * good one, or write one as the JVM exits; and the step that puts a written archive in place.
 *
 * <p>An archive's final name is {@code <kind>-<key>-<size>.jsa}. It is written under a temporary
 * name of its own and renamed into place (atomic in one directory), so a JVM never maps a half-written
 * file; the size in the name is checked before use, because JDK 17 dies of SIGBUS mapping a truncated
 * archive (seen on 17.0.15), while it only ignores a foreign or garbled one. Every failure here costs
 * start-up time only: no archive, or one the JVM refuses, and the JVM loads its classes from the jars.
 *
 * <p>The cache stays small: an archive mapped is touched, and putting one in place removes all but the
 * {@link #KEPT_PER_KIND} most recently used of its kind. Each rebuild of a jar is a new key, so
 * without this every build left its archives behind (about 700 MB after a day of work); two, so that
 * a second checkout (a worktree) keeps its own.
 */
public final class ClassDataArchive {

    /**
     * JVM logging on stderr, and the cds tags off: by default the JVM prints a refused archive's
     * {@code [warning][cds]} lines on stdout, which {@code status --json} and the other commands
     * keep for their answers alone.
     */
    static final List<String> QUIET_LOGGING = List.of("-Xshare:auto", "-Xlog:disable", "-Xlog:all=warning:stderr",
            "-Xlog:cds*=off:stderr");

    private static final AtomicLong TEMPORARY_NAMES = new AtomicLong();
    /**
     * A temporary file older than this was left by a JVM whose archive nobody put in place (its
     * launcher was killed): removed. Writing one takes seconds.
     */
    private static final Duration LEFT_BEHIND = Duration.ofHours(1);

    /** Archives of one kind kept after a new one is put in place, the most recently used first. */
    static final int KEPT_PER_KIND = 2;

    private final Path directory;
    /** The JVM kind ({@code cli-status}, {@code kafka}, ...), or null when this start gets no archive. */
    private final String kind;
    /** {@code <kind>-<key>}, or null when this start gets no archive. */
    private final String stem;
    private final Path temporary;

    ClassDataArchive(Path directory, String kind, String key) {
        this.directory = directory;
        this.kind = kind;
        this.stem = kind == null ? null : kind + "-" + key;
        this.temporary = stem == null ? null : directory.resolve(stem + "." + ProcessHandle.current().pid() + "-"
                + TEMPORARY_NAMES.incrementAndGet() + ".tmp");
    }

    /** No archive: archives are off, or the class path cannot have one. */
    static ClassDataArchive none() {
        return new ClassDataArchive(null, null, null);
    }

    /** The good archive in place, if any; a file whose size is not the one in its name is removed. */
    public Optional<Path> existing() {
        if (stem == null || !Files.isDirectory(directory)) {
            return Optional.empty();
        }
        Pattern name = Pattern.compile(Pattern.quote(stem) + "-(\\d+)\\.jsa");
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Matcher m = name.matcher(file.getFileName().toString());
                if (m.matches()) {
                    if (Files.size(file) == Long.parseLong(m.group(1))) {
                        // Used: the pruning below keeps the most recently used.
                        Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
                        return Optional.of(file);
                    }
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * The options for this start: map the archive in place, or (when there is none and the cache
     * directory can be made) write one as the JVM exits ({@code -XX:ArchiveClassesAtExit}); none
     * when this start gets no archive. Servers write theirs at exit too, on SIGTERM: asked while
     * running ({@code -XX:+RecordDynamicDumpInfo}, {@code jcmd PID VM.cds dynamic_dump}, which works
     * on 17.0.15) a server stops at a safepoint for the whole dump, and at load 32 a Cassandra
     * paused so made the usage meter's driver time out (5 s) and the start fail.
     */
    public List<String> jvmOptions() {
        if (stem == null) {
            return List.of();
        }
        List<String> options = new ArrayList<>(QUIET_LOGGING);
        Optional<Path> archive = existing();
        if (archive.isPresent()) {
            options.add("-XX:SharedArchiveFile=" + archive.get());
            return options;
        }
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            // A dump into a directory that cannot be written exits the JVM with status 1: write none.
            return options;
        }
        if (!Files.isWritable(directory)) {
            return options;
        }
        removeLeftBehind();
        options.add("-XX:ArchiveClassesAtExit=" + temporary);
        return options;
    }

    /**
     * After the JVM ended: puts the archive it wrote in place, if it wrote one. A JVM
     * killed (SIGKILL, exit 137) may have left half a file, which is deleted, never kept.
     *
     * @return whether an archive was put in place
     */
    public boolean keepWritten(int exitCode) {
        if (temporary == null || !Files.isRegularFile(temporary)) {
            return false;
        }
        if (exitCode == 137) {
            discard();
            return false;
        }
        return putInPlace();
    }

    private boolean putInPlace() {
        try {
            long size = Files.size(temporary);
            if (size == 0) {
                discard();
                return false;
            }
            Files.move(temporary, directory.resolve(stem + "-" + size + ".jsa"), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            pruneKind();
            return true;
        } catch (IOException e) {
            discard();
            return false;
        }
    }

    /**
     * Removes all but the {@link #KEPT_PER_KIND} most recently used archives of this kind. A JVM
     * still mapping a removed one keeps its mapping (Linux frees the file when the last one goes).
     */
    private void pruneKind() {
        Pattern ofKind = Pattern.compile(Pattern.quote(kind) + "-[0-9a-f]{20}-\\d+\\.jsa");
        record Used(Path archive, long at) {
        }
        try (Stream<Path> files = Files.list(directory)) {
            List<Used> archives = new ArrayList<>();
            for (Path file : files.filter(p -> ofKind.matcher(p.getFileName().toString()).matches()).toList()) {
                archives.add(new Used(file, Files.getLastModifiedTime(file).toMillis()));
            }
            archives.sort(Comparator.comparingLong(Used::at).reversed());
            for (Used old : archives.subList(Math.min(KEPT_PER_KIND, archives.size()), archives.size())) {
                Files.deleteIfExists(old.archive());
            }
        } catch (IOException e) {
            // Only disk space: the next archive put in place prunes again.
        }
    }

    private void removeLeftBehind() {
        FileTime before = FileTime.from(Instant.now().minus(LEFT_BEHIND));
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList()) {
                if (Files.getLastModifiedTime(file).compareTo(before) < 0) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            // Only disk space: a temporary name is never mapped.
        }
    }

    private void discard() {
        try {
            Files.deleteIfExists(temporary);
        } catch (IOException e) {
            // Left behind: a temporary name is never mapped, only its disk space is lost.
        }
    }
}
