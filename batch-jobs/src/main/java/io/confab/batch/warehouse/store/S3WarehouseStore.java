package io.confab.batch.warehouse.store;

import io.confab.batch.s3.S3Bucket;
import io.confab.storage.s3.S3Endpoint;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;

/** Warehouse files in the platform's bucket. The client is made where the store is used (a Beam worker). */
public final class S3WarehouseStore implements WarehouseStore {

    private final S3Bucket bucket;

    public S3WarehouseStore(S3Endpoint endpoint, String bucket) {
        this.bucket = new S3Bucket(endpoint, bucket);
    }

    @Override
    public void put(String key, Path file) {
        bucket.client().putObject(put -> put.bucket(bucket.name()).key(key).contentType("application/vnd.apache.parquet"),
                RequestBody.fromFile(file));
    }

    @Override
    public void putText(String key, String content) {
        bucket.client().putObject(put -> put.bucket(bucket.name()).key(key).contentType("text/tab-separated-values; charset=utf-8"),
                RequestBody.fromString(content, StandardCharsets.UTF_8));
    }

    @Override
    public List<String> list(String prefix) {
        return bucket.keys(prefix);
    }

    @Override
    public void delete(String key) {
        bucket.delete(key);
    }
}
