package io.confab.media.file;

import io.confab.media.picture.I420Frame;
import io.confab.media.picture.OneFrameSource;
import io.confab.media.picture.VideoSource;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * A {@link VideoSource} playing a YUV4MPEG2 file, the uncompressed format ffmpeg and the test-clip
 * collections write (one text header line, then "FRAME" lines each followed by one picture). Only
 * 8-bit 4:2:0 is read, which is I420 byte for byte: colour space tags C420, C420jpeg, C420paldv,
 * C420mpeg2 (they differ only in chroma siting) or no C tag, which the format defines as 4:2:0.
 * Pictures are streamed from the file, not held in memory; at the end (or at a truncated last
 * picture) it starts again from the first. Holds the file open until {@link #close()}. Not
 * thread-safe.
 */
public final class Y4mReader extends OneFrameSource implements AutoCloseable {
    private static final String MAGIC = "YUV4MPEG2";
    private static final String FRAME_MARKER = "FRAME";
    private static final Set<String> FOUR_TWO_ZERO = Set.of("420", "420jpeg", "420paldv", "420mpeg2");
    /** Headers are a few dozen bytes; a longer "line" means this is not a Y4M file. */
    private static final int MAX_HEADER_LINE = 4096;

    private final FileChannel channel;
    private final long firstFramePosition;
    private final int frameRateNumerator;
    private final int frameRateDenominator;
    private final ByteBuffer lineBuffer = ByteBuffer.allocate(MAX_HEADER_LINE);
    private long position;
    private long framesRead;

    private Y4mReader(FileChannel channel, I420Frame frame, long firstFramePosition,
                      int frameRateNumerator, int frameRateDenominator) {
        super(frame);
        this.channel = channel;
        this.firstFramePosition = firstFramePosition;
        this.frameRateNumerator = frameRateNumerator;
        this.frameRateDenominator = frameRateDenominator;
        this.position = firstFramePosition;
    }

    /**
     * Opens a Y4M file and checks its header and first picture.
     *
     * @throws MediaFormatException if the header is not YUV4MPEG2, is not 8-bit 4:2:0, lacks a
     *     size, or no complete picture follows it
     */
    public static Y4mReader open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return readHeader(channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static Y4mReader readHeader(FileChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(MAX_HEADER_LINE);
        String header = readLine(channel, 0, buffer);
        if (header == null || !(header.equals(MAGIC) || header.startsWith(MAGIC + " "))) {
            throw new MediaFormatException("not a YUV4MPEG2 file (no '" + MAGIC + "' header line)");
        }
        int width = -1;
        int height = -1;
        int rateNumerator = 30;
        int rateDenominator = 1;
        String colourSpace = "420";
        for (String token : header.substring(MAGIC.length()).trim().split(" +")) {
            if (token.isEmpty()) {
                continue;
            }
            String value = token.substring(1);
            switch (token.charAt(0)) {
                case 'W' -> width = parseDimension("width", value);
                case 'H' -> height = parseDimension("height", value);
                case 'C' -> colourSpace = value;
                case 'F' -> {
                    int colon = value.indexOf(':');
                    rateNumerator = colon < 0 ? -1 : parsePositive(value.substring(0, colon));
                    rateDenominator = colon < 0 ? -1 : parsePositive(value.substring(colon + 1));
                    if (rateNumerator <= 0 || rateDenominator <= 0) {
                        throw new MediaFormatException("Y4M frame rate 'F" + value + "' is not n:d");
                    }
                }
                default -> {
                    // I (interlacing), A (aspect) and X (comments) do not change the bytes.
                }
            }
        }
        if (!FOUR_TWO_ZERO.contains(colourSpace)) {
            throw new MediaFormatException("Y4M colour space 'C" + colourSpace
                    + "' is not read; only 8-bit 4:2:0 (C420, C420jpeg, C420paldv, C420mpeg2 or no C tag)");
        }
        if (width < 0 || height < 0) {
            throw new MediaFormatException("Y4M header lacks its " + (width < 0 ? "width (W)" : "height (H)"));
        }
        I420Frame frame;
        try {
            frame = new I420Frame(width, height);
        } catch (IllegalArgumentException e) {
            throw new MediaFormatException("Y4M " + e.getMessage());
        }
        long firstFrame = header.getBytes(StandardCharsets.ISO_8859_1).length + 1L;
        Y4mReader reader = new Y4mReader(channel, frame, firstFrame, rateNumerator, rateDenominator);
        if (!reader.readFrameAt(firstFrame)) {
            throw new MediaFormatException("Y4M file holds no complete " + width + "x" + height + " picture");
        }
        reader.position = firstFrame;
        reader.framesRead = 0;
        return reader;
    }

    private static int parseDimension(String name, String value) throws MediaFormatException {
        int parsed = parsePositive(value);
        if (parsed <= 0) {
            throw new MediaFormatException("Y4M " + name + " '" + value + "' is not a positive number");
        }
        return parsed;
    }

    private static int parsePositive(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The next picture; after the last one (or a damaged one) the first again. */
    @Override
    public I420Frame nextFrame() {
        try {
            if (!readFrameAt(position) && !readFrameAt(firstFramePosition)) {
                throw new UncheckedIOException(new EOFException("Y4M file no longer holds a complete picture"));
            }
            framesRead++;
            return frame;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the FRAME line and picture at {@code at} into the frame; false at end or damage. */
    private boolean readFrameAt(long at) throws IOException {
        String frameLine = readLine(channel, at, lineBuffer);
        if (frameLine == null || !frameLine.startsWith(FRAME_MARKER)) {
            return false;
        }
        long pictureAt = at + frameLine.length() + 1;
        ByteBuffer target = ByteBuffer.wrap(frame.data());
        while (target.hasRemaining()) {
            int read = channel.read(target, pictureAt + target.position());
            if (read < 0) {
                return false;
            }
        }
        position = pictureAt + target.capacity();
        return true;
    }

    /** The ASCII line starting at {@code at}, without its newline; null if none ends in reach. */
    private static String readLine(FileChannel channel, long at, ByteBuffer buffer) throws IOException {
        buffer.clear();
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, at + buffer.position()) < 0) {
                break;
            }
            byte[] bytes = buffer.array();
            for (int i = 0; i < buffer.position(); i++) {
                if (bytes[i] == '\n') {
                    return new String(bytes, 0, i, StandardCharsets.ISO_8859_1);
                }
            }
        }
        return null;
    }

    public int frameRateNumerator() {
        return frameRateNumerator;
    }

    public int frameRateDenominator() {
        return frameRateDenominator;
    }

    /** Pictures returned so far, counting repeats after a loop. */
    public long framesRead() {
        return framesRead;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
