package io.confab.media.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.media.picture.I420Frame;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Y4mReaderTest {
    private static final int WIDTH = 64;
    private static final int HEIGHT = 48;
    private static final int PICTURE = WIDTH * HEIGHT * 3 / 2;

    @TempDir
    Path directory;

    @Test
    void readsPicturesInOrderAndLoopsAtTheEnd() throws IOException {
        Path file = write("YUV4MPEG2 W64 H48 F25:1 Ip A1:1 C420jpeg XYSCSS=420JPEG", 3, false);
        try (Y4mReader reader = Y4mReader.open(file)) {
            assertEquals(64, reader.width());
            assertEquals(48, reader.height());
            assertEquals(25, reader.frameRateNumerator());
            assertEquals(1, reader.frameRateDenominator());
            for (int expected : new int[] {0, 1, 2, 0, 1}) {
                I420Frame frame = reader.nextFrame();
                assertArrayEquals(picture(expected), frame.data(), "expected picture " + expected);
            }
            assertEquals(5, reader.framesRead());
        }
    }

    @Test
    void readsAFileWithoutColourSpaceTagAs420() throws IOException {
        Path file = write("YUV4MPEG2 W64 H48 F30000:1001", 2, false);
        try (Y4mReader reader = Y4mReader.open(file)) {
            assertArrayEquals(picture(0), reader.nextFrame().data());
            assertEquals(30000, reader.frameRateNumerator());
            assertEquals(1001, reader.frameRateDenominator());
        }
    }

    @Test
    void readsPlainAndPaldv420AndFrameLineParameters() throws IOException {
        for (String tag : new String[] {"C420", "C420paldv"}) {
            Path file = write("YUV4MPEG2 W64 H48 " + tag, 2, true);
            try (Y4mReader reader = Y4mReader.open(file)) {
                reader.nextFrame();
                assertArrayEquals(picture(1), reader.nextFrame().data(), tag);
            }
        }
    }

    @Test
    void loopsBeforeATruncatedLastPicture() throws IOException {
        Path file = write("YUV4MPEG2 W64 H48 C420", 2, false);
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(whole, whole.length - 10));
        try (Y4mReader reader = Y4mReader.open(file)) {
            assertArrayEquals(picture(0), reader.nextFrame().data());
            assertArrayEquals(picture(0), reader.nextFrame().data(), "the damaged second picture is skipped");
        }
    }

    @Test
    void refusesOtherColourSpacesNamingThem() throws IOException {
        for (String tag : new String[] {"C444", "Cmono", "C420p10", "C422"}) {
            Path file = write("YUV4MPEG2 W64 H48 " + tag, 1, false);
            MediaFormatException e = assertThrows(MediaFormatException.class, () -> Y4mReader.open(file), tag);
            assertTrue(e.getMessage().contains("'" + tag + "'"), e.getMessage());
        }
    }

    @Test
    void refusesMissingSizeNonY4mAndEmptyFiles() throws IOException {
        Path noWidth = write("YUV4MPEG2 H48 C420", 1, false);
        assertTrue(assertThrows(MediaFormatException.class, () -> Y4mReader.open(noWidth))
                .getMessage().contains("width"));
        Path notY4m = directory.resolve("not.y4m");
        Files.write(notY4m, "RIFF....WAVE".getBytes(StandardCharsets.US_ASCII));
        assertThrows(MediaFormatException.class, () -> Y4mReader.open(notY4m));
        Path headerOnly = write("YUV4MPEG2 W64 H48", 0, false);
        assertTrue(assertThrows(MediaFormatException.class, () -> Y4mReader.open(headerOnly))
                .getMessage().contains("no complete"));
    }

    private Path write(String header, int pictures, boolean frameParameters) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((header + "\n").getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < pictures; i++) {
            String frameLine = frameParameters ? "FRAME Ip XCOMMENT=" + i + "\n" : "FRAME\n";
            out.writeBytes(frameLine.getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(picture(i));
        }
        Path file = Files.createTempFile(directory, "clip", ".y4m");
        Files.write(file, out.toByteArray());
        return file;
    }

    /** A picture whose every byte depends on its number and position, so mix-ups show. */
    private static byte[] picture(int number) {
        byte[] bytes = new byte[PICTURE];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 7 + number * 31);
        }
        return bytes;
    }
}
