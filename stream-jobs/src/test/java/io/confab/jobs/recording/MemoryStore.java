package io.confab.jobs.recording;

import io.confab.jobs.recording.output.RecordingStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A {@link RecordingStore} in memory, for unit tests of the engine and the finalizer (the real one is tested on the platform). */
public final class MemoryStore implements RecordingStore {

    record FileRow(String kind, String key, long size, Long durationMs, String contentType) { }

    final Map<String, byte[]> objects = new TreeMap<>();
    final List<FileRow> files = new ArrayList<>();
    final List<String> statuses = new ArrayList<>();
    int puts;
    /** The next this many reads fail as an unreachable S3 would. */
    int refuseGets;

    @Override
    public String bucket() {
        return "test";
    }

    @Override
    public void put(String key, byte[] bytes, String contentType) {
        puts++;
        objects.put(key, bytes.clone());
    }

    @Override
    public void put(String key, Path file, String contentType) throws IOException {
        put(key, Files.readAllBytes(file), contentType);
    }

    @Override
    public byte[] get(String key) throws IOException {
        if (refuseGets > 0) {
            refuseGets--;
            throw new IOException("S3 get of " + key + " failed: connection refused (test)");
        }
        byte[] bytes = objects.get(key);
        if (bytes == null) {
            throw new IOException("S3 get of " + key + " failed: no such key");
        }
        return bytes;
    }

    @Override
    public void download(String key, Path file) throws IOException {
        Files.write(file, get(key));
    }

    @Override
    public long size(String key) throws IOException {
        return get(key).length;
    }

    @Override
    public void delete(List<String> keys) {
        keys.forEach(objects::remove);
    }

    @Override
    public void recordingRow(RecordingWindow recording, List<String> participantNames, String posterKey) {
        statuses.add(recording.status.name());
    }

    @Override
    public void fileRow(RecordingWindow recording, String kind, String key, long sizeBytes, Long durationMs, String contentType,
                        long createdAtMs) {
        files.add(new FileRow(kind, key, sizeBytes, durationMs, contentType));
    }

    @Override
    public void close() {
    }
}
