package io.confab.jobs.recording.bench;

import io.confab.jobs.recording.RecordingWindow;
import io.confab.jobs.recording.output.RecordingStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A {@link RecordingStore} that keeps nothing and counts what it is given, so the bench times the
 * engine and not S3: segment bytes (the encoded media) and thumbnail bytes (JPEGs) apart. One per
 * engine; not thread-safe.
 */
final class CountingStore implements RecordingStore {

    long segments;
    long segmentBytes;
    long images;
    long imageBytes;

    @Override
    public String bucket() {
        return "bench";
    }

    @Override
    public void put(String key, byte[] bytes, String contentType) {
        if (contentType.startsWith("image/")) {
            images++;
            imageBytes += bytes.length;
        } else {
            segments++;
            segmentBytes += bytes.length;
        }
    }

    @Override
    public void put(String key, Path file, String contentType) throws IOException {
        put(key, Files.readAllBytes(file), contentType);
    }

    @Override
    public byte[] get(String key) throws IOException {
        throw new IOException("the bench store keeps nothing: no " + key);
    }

    @Override
    public void download(String key, java.nio.file.Path file) throws IOException {
        throw new IOException("the bench store keeps nothing: no " + key);
    }

    @Override
    public long size(String key) throws IOException {
        throw new IOException("the bench store keeps nothing: no " + key);
    }

    @Override
    public void delete(List<String> keys) {
    }

    @Override
    public void recordingRow(RecordingWindow recording, List<String> participantNames, String posterKey) {
    }

    @Override
    public void fileRow(RecordingWindow recording, String kind, String key, long sizeBytes, Long durationMs, String contentType,
                        long createdAtMs) {
    }

    @Override
    public void close() {
    }
}
