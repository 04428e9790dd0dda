package io.confab.storage.transcript;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The transcript files Confab writes and serves, with their file names and content types. */
public enum TranscriptFormat {
    JSON("transcript.json", "application/json"),
    VTT("transcript.vtt", "text/vtt"),
    SRT("transcript.srt", "application/x-subrip"),
    TXT("transcript.txt", "text/plain; charset=utf-8");

    private final String fileName;
    private final String contentType;

    TranscriptFormat(String fileName, String contentType) {
        this.fileName = fileName;
        this.contentType = contentType;
    }

    public String fileName() {
        return fileName;
    }

    public String contentType() {
        return contentType;
    }

    /** The format named {@code name} (json, vtt, srt, txt; any case), or an error listing the names. */
    public static TranscriptFormat named(String name) {
        for (TranscriptFormat format : values()) {
            if (format.name().equalsIgnoreCase(name == null ? "" : name.trim())) {
                return format;
            }
        }
        throw new IllegalArgumentException("unknown transcript format '" + name + "': use one of "
                + Arrays.stream(values()).map(f -> f.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
    }
}
