package io.confab.dataapi.recordings;

import java.net.MalformedURLException;
import java.net.URL;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/** A bucket of keys in memory; links are recognisable fake URLs (unit tests only). */
public final class FakeRecordingObjects implements RecordingObjects {

    final Set<String> keys = new HashSet<>();
    /** Contents of the objects a test reads or puts, by "bucket/key". */
    public final java.util.Map<String, byte[]> bytes = new java.util.HashMap<>();

    @Override
    public java.util.Optional<byte[]> read(String bucket, String key) {
        return java.util.Optional.ofNullable(bytes.get(bucket + "/" + key));
    }

    @Override
    public void put(String bucket, String key, java.nio.file.Path file, String contentType) {
        try {
            bytes.put(bucket + "/" + key, java.nio.file.Files.readAllBytes(file));
            keys.add(bucket + "/" + key);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public String bucket() {
        return "confab";
    }

    @Override
    public URL presignGet(String bucket, String key, Duration ttl) {
        try {
            return new URL("http://s3.test/" + bucket + "/" + key + "?X-Amz-Expires=" + ttl.toSeconds());
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void delete(String bucket, String key) {
        keys.remove(bucket + "/" + key);
    }

    @Override
    public int deletePrefix(String bucket, String prefix) {
        int before = keys.size();
        keys.removeIf(k -> k.startsWith(bucket + "/" + prefix));
        return before - keys.size();
    }
}
