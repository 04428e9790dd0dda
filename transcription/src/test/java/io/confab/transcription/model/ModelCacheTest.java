package io.confab.transcription.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** The unpack-once cache, on a small stand-in archive (the real one is 70 MB). */
class ModelCacheTest {
    private static final ModelArtifact ARTIFACT = new ModelArtifact("com.alphacephei", "vosk-model-en", "9.9.9", "assets/model-en-us");

    @TempDir
    Path dir;

    @Test
    void unpacksTheModelFolderOnceAndWritesTheMarkerLast() throws IOException {
        Path archive = archive("assets/model-en-us/am/final.mdl", "assets/model-en-us/conf/model.conf", "R.txt");
        ModelCache cache = new ModelCache(dir.resolve("cache"));

        Path model = cache.folderFor(ARTIFACT, archive);

        assertEquals(dir.resolve("cache/9.9.9/assets/model-en-us"), model);
        assertEquals("content of assets/model-en-us/am/final.mdl", Files.readString(model.resolve("am/final.mdl")));
        assertFalse(Files.exists(dir.resolve("cache/9.9.9/R.txt")), "only the model folder is unpacked");
        Path marker = dir.resolve("cache/9.9.9").resolve(ModelCache.MARKER);
        assertTrue(Files.isRegularFile(marker));

        FileTime unpackedAt = Files.getLastModifiedTime(model.resolve("am/final.mdl"));
        Files.setLastModifiedTime(model.resolve("am/final.mdl"), FileTime.fromMillis(unpackedAt.toMillis() - 60_000));
        cache.folderFor(ARTIFACT, archive);
        assertEquals(unpackedAt.toMillis() - 60_000, Files.getLastModifiedTime(model.resolve("am/final.mdl")).toMillis(),
                "a complete cache is used as it is, not unpacked again");
    }

    @Test
    void aCacheWithoutItsMarkerIsUnpackedAgain() throws IOException {
        Path archive = archive("assets/model-en-us/am/final.mdl", "assets/model-en-us/conf/model.conf");
        Path half = Files.createDirectories(dir.resolve("cache/9.9.9/assets/model-en-us/am"));
        Files.writeString(half.resolve("final.mdl"), "trunc");
        Files.writeString(half.resolve("leftover"), "from an interrupted unpack");

        Path model = new ModelCache(dir.resolve("cache")).folderFor(ARTIFACT, archive);

        assertEquals("content of assets/model-en-us/am/final.mdl", Files.readString(model.resolve("am/final.mdl")));
        assertFalse(Files.exists(model.resolve("am/leftover")), "a half-unpacked cache is removed before unpacking");
        assertTrue(Files.isRegularFile(model.resolve("conf/model.conf")));
    }

    @Test
    void aCacheFromAnotherCopyOfTheArchiveIsUnpackedAgain() throws IOException {
        Path first = archive("assets/model-en-us/am/final.mdl");
        ModelCache cache = new ModelCache(dir.resolve("cache"));
        cache.folderFor(ARTIFACT, first);
        Path second = dir.resolve("other.aar");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(second))) {
            zip.putNextEntry(new ZipEntry("assets/model-en-us/am/final.mdl"));
            zip.write("a newer model, longer than the first".getBytes());
        }

        Path model = cache.folderFor(ARTIFACT, second);

        assertEquals("a newer model, longer than the first", Files.readString(model.resolve("am/final.mdl")));
    }

    @Test
    void anArchiveWithoutTheModelFolderIsAClearError() throws IOException {
        Path archive = archive("assets/other/file");
        ModelUnavailable error = assertThrows(ModelUnavailable.class, () -> new ModelCache(dir.resolve("cache")).folderFor(ARTIFACT, archive));
        assertTrue(error.getMessage().contains(archive.toString()) && error.getMessage().contains("no assets/model-en-us/ folder"),
                error.getMessage());
    }

    @Test
    void aDamagedArchiveIsAClearError() throws IOException {
        Path archive = Files.writeString(dir.resolve("broken.aar"), "not a zip at all");
        ModelUnavailable error = assertThrows(ModelUnavailable.class, () -> new ModelCache(dir.resolve("cache")).folderFor(ARTIFACT, archive));
        assertTrue(error.getMessage().contains("broken.aar") && error.getMessage().contains("not a readable archive"), error.getMessage());
        assertFalse(Files.exists(dir.resolve("cache/9.9.9").resolve(ModelCache.MARKER)), "no marker for a failed unpack");
    }

    private Path archive(String... entries) throws IOException {
        Path archive = dir.resolve("model.aar");
        try (OutputStream out = Files.newOutputStream(archive); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (String entry : entries) {
                zip.putNextEntry(new ZipEntry(entry));
                zip.write(("content of " + entry).getBytes());
                zip.closeEntry();
            }
        }
        return archive;
    }
}
