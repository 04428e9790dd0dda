package io.confab.transcription.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The model folder unpacked from the artifact's archive into {@code <cache>/<version>/}, once per
 * machine. Vosk needs a real folder (Kaldi opens files by name), and the 70 MB unpack costs about a
 * second, so it is done once and reused by every process.
 *
 * <p>The folder counts as complete only when its marker file exists, and the marker is written last
 * (after every file is flushed, with the archive's size and time in it): a cache interrupted half
 * way, or one made from another copy of the archive, is deleted and unpacked again. Processes
 * starting together (a TaskManager and the CLI) take a file lock, so only one unpacks.
 */
public final class ModelCache {
    static final String MARKER = ".unpacked";

    private final Path root;

    public ModelCache(Path root) {
        this.root = root;
    }

    /** The model folder for {@code artifact} from {@code archive}, unpacking it first if needed. */
    public Path folderFor(ModelArtifact artifact, Path archive) {
        Path target = root.resolve(artifact.version());
        Path model = target.resolve(artifact.folder());
        try {
            String stamp = stamp(archive);
            if (complete(target, stamp)) {
                return model;
            }
            Files.createDirectories(root);
            try (FileChannel lockFile = FileChannel.open(root.resolve(artifact.version() + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = lockFile.lock()) {
                if (complete(target, stamp)) {
                    return model;
                }
                deleteRecursively(target);
                unpack(archive, artifact.folder(), target);
                Files.writeString(target.resolve(MARKER), stamp, StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE_NEW, StandardOpenOption.SYNC);
            }
            return model;
        } catch (IOException e) {
            throw new ModelUnavailable("cannot unpack speech model " + archive + " into " + target + " (" + e.getMessage()
                    + "); check that the directory is writable and has 80 MB free, or set -Dconfab.vosk.cache=/another/dir", e);
        }
    }

    private static boolean complete(Path target, String stamp) throws IOException {
        Path marker = target.resolve(MARKER);
        return Files.isRegularFile(marker) && Files.readString(marker, StandardCharsets.UTF_8).equals(stamp);
    }

    private static String stamp(Path archive) throws IOException {
        return archive.getFileName() + " " + Files.size(archive) + " " + Files.getLastModifiedTime(archive).toMillis();
    }

    private static void unpack(Path archive, String folder, Path target) throws IOException {
        String prefix = folder.endsWith("/") ? folder : folder + "/";
        Path base = target.toAbsolutePath().normalize();
        int files = 0;
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (!entry.getName().startsWith(prefix) || entry.isDirectory()) {
                    continue;
                }
                Path out = base.resolve(entry.getName()).normalize();
                if (!out.startsWith(base)) {
                    throw new IOException("archive entry " + entry.getName() + " points outside the cache");
                }
                Files.createDirectories(out.getParent());
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                }
                try (FileChannel channel = FileChannel.open(out, StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
                files++;
            }
        } catch (java.util.zip.ZipException e) {
            throw new IOException("not a readable archive: " + e.getMessage(), e);
        }
        if (files == 0) {
            throw new IOException("the archive has no " + prefix + " folder");
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            walk.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
