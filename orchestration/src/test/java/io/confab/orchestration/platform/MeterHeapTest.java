package io.confab.orchestration.platform;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The usage meter's heap: a fixed 1 GiB young generation, on transparent huge pages only where the
 * kernel gives them to a JVM that asks (stream-jobs/README.md, round heap50). Nothing is started.
 */
class MeterHeapTest {

    @TempDir
    Path dir;

    @Test
    void theBracketedModeIsTheOneInForce() throws IOException {
        assertEquals(new TransparentHugePages("madvise"), read("always [madvise] never\n"));
        assertTrue(read("always [madvise] never\n").givenWhenAsked());
        assertTrue(read("[always] madvise never\n").givenWhenAsked());
        assertFalse(read("always madvise [never]\n").givenWhenAsked());
    }

    @Test
    void noSettingOrNoModeInItMeansNoHugePages() throws IOException {
        TransparentHugePages missing = TransparentHugePages.read(dir.resolve("no-such-file"));
        assertEquals("absent", missing.mode());
        assertFalse(missing.givenWhenAsked());
        assertEquals("absent", read("").mode());
        assertEquals("absent", read("always madvise never\n").mode());
    }

    @Test
    void theMeterAsksForHugePagesOnlyWhereTheKernelGivesThem() {
        List<String> given = UsageMeter.jvmOptions(new TransparentHugePages("madvise"));
        List<String> refused = UsageMeter.jvmOptions(new TransparentHugePages("never"));
        assertTrue(given.contains("-XX:+UseTransparentHugePages"), given.toString());
        assertFalse(refused.contains("-XX:+UseTransparentHugePages"), refused.toString());
        for (List<String> options : List.of(given, refused)) {
            assertTrue(options.containsAll(List.of("-Xms1536m", "-Xmx2g", "-Xmn1g", "-XX:+UseSerialGC")),
                    "the young generation fixed, with room under -Xms for it and the old one: " + options);
        }
    }

    private TransparentHugePages read(String setting) throws IOException {
        Path file = Files.writeString(dir.resolve("enabled"), setting);
        return TransparentHugePages.read(file);
    }
}
