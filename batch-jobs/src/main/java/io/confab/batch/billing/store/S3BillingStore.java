package io.confab.batch.billing.store;

import io.confab.batch.s3.S3Bucket;
import io.confab.storage.s3.S3Endpoint;
import io.confab.storage.s3.S3Layout;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;

/** Billing files in S3 under {@link S3Layout#billingFile}. The client is made where the store is used (a Beam worker). */
public final class S3BillingStore implements BillingStore {

    private final S3Bucket bucket;

    public S3BillingStore(S3Endpoint endpoint, String bucket) {
        this.bucket = new S3Bucket(endpoint, bucket);
    }

    @Override
    public void put(YearMonth month, String fileName, String content, String contentType) {
        bucket.client().putObject(put -> put.bucket(bucket.name()).key(S3Layout.billingFile(month, fileName)).contentType(contentType),
                RequestBody.fromString(content, StandardCharsets.UTF_8));
    }

    @Override
    public Optional<String> get(YearMonth month, String fileName) {
        try {
            return Optional.of(bucket.client().getObjectAsBytes(get -> get.bucket(bucket.name()).key(S3Layout.billingFile(month, fileName)))
                    .asString(StandardCharsets.UTF_8));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<String> list(YearMonth month) {
        String prefix = S3Layout.billingPrefix(month);
        return bucket.keys(prefix).stream().map(key -> key.substring(prefix.length())).toList();
    }

    @Override
    public void clear(YearMonth month) {
        for (String file : list(month)) {
            bucket.delete(S3Layout.billingFile(month, file));
        }
    }
}
