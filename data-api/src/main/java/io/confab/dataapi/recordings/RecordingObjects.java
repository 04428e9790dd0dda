package io.confab.dataapi.recordings;

import java.net.URL;
import java.time.Duration;

/** The recordings' objects in S3: expiring links to them, and their removal. */
public interface RecordingObjects {

    /** The configured bucket: files without a bucket of their own, and the recording prefixes. */
    String bucket();

    /** A presigned GET URL for one object, valid for {@code ttl}; made locally, no request to S3. */
    URL presignGet(String bucket, String key, Duration ttl);

    /** One small object's bytes (a recording's timeline), or empty when there is none. */
    java.util.Optional<byte[]> read(String bucket, String key);

    /** Stores a local file (an upload) under {@code key}. */
    void put(String bucket, String key, java.nio.file.Path file, String contentType);

    /** Deletes one object (no error when it is already gone). */
    void delete(String bucket, String key);

    /** Deletes every object under {@code prefix}; returns how many. */
    int deletePrefix(String bucket, String prefix);
}
