package io.confab.batch.s3;

import io.confab.storage.s3.S3Endpoint;
import java.io.Serializable;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The platform's bucket as the batch pipelines' stores reach it: the endpoint travels with the
 * pipeline (serializable), the client is made where it is first used (a Beam worker).
 */
public final class S3Bucket implements Serializable {

    private final S3Endpoint endpoint;
    private final String name;
    private transient S3Client client;

    public S3Bucket(S3Endpoint endpoint, String name) {
        this.endpoint = endpoint;
        this.name = name;
    }

    public String name() {
        return name;
    }

    public synchronized S3Client client() {
        if (client == null) {
            client = endpoint.client(S3Endpoint.Timeouts.TRANSFERS);
        }
        return client;
    }
    /** Every key under {@code prefix}, sorted. */
    public List<String> keys(String prefix) {
        return client().listObjectsV2Paginator(list -> list.bucket(name).prefix(prefix)).contents().stream()
                .map(S3Object::key).sorted().toList();
    }

    public void delete(String key) {
        client().deleteObject(delete -> delete.bucket(name).key(key));
    }
}
