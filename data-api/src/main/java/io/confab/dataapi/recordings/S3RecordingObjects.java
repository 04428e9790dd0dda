package io.confab.dataapi.recordings;

import io.confab.storage.s3.S3Endpoint;
import java.net.URL;
import java.time.Duration;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * {@link RecordingObjects} over any S3-compatible endpoint with the AWS SDK v2, path-style (the
 * embedded S3Proxy and most self-hosted stores have no virtual-host buckets). Presigned URLs are
 * SigV4 query-string signatures against the same endpoint, so a browser fetches the bytes from S3
 * directly and the API never streams a recording.
 */
public final class S3RecordingObjects implements RecordingObjects, AutoCloseable {

    private final S3Client s3;
    private final S3Presigner presigner;
    private final String bucket;

    public S3RecordingObjects(S3Endpoint endpoint, String bucket) {
        this.s3 = endpoint.client(S3Endpoint.Timeouts.REQUESTS);
        this.presigner = endpoint.presigner();
        this.bucket = bucket;
    }

    @Override
    public String bucket() {
        return bucket;
    }

    @Override
    public URL presignGet(String bucket, String key, Duration ttl) {
        return presigner.presignGetObject(request -> request
                .signatureDuration(ttl)
                .getObjectRequest(get -> get.bucket(bucket).key(key))).url();
    }

    @Override
    public java.util.Optional<byte[]> read(String bucket, String key) {
        try {
            return java.util.Optional.of(s3.getObjectAsBytes(request -> request.bucket(bucket).key(key)).asByteArray());
        } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
            return java.util.Optional.empty();
        }
    }

    @Override
    public void put(String bucket, String key, java.nio.file.Path file, String contentType) {
        s3.putObject(request -> request.bucket(bucket).key(key).contentType(contentType),
                software.amazon.awssdk.core.sync.RequestBody.fromFile(file));
    }

    @Override
    public void delete(String bucket, String key) {
        s3.deleteObject(request -> request.bucket(bucket).key(key));
    }

    @Override
    public int deletePrefix(String bucket, String prefix) {
        int deleted = 0;
        for (S3Object object : s3.listObjectsV2Paginator(request -> request.bucket(bucket).prefix(prefix)).contents()) {
            s3.deleteObject(request -> request.bucket(bucket).key(object.key()));
            deleted++;
        }
        return deleted;
    }

    @Override
    public void close() {
        presigner.close();
        s3.close();
    }
}
