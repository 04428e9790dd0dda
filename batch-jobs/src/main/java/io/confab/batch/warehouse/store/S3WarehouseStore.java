package io.confab.batch.warehouse.store;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Warehouse files in the platform's bucket. The client is made where the store is used (a Beam worker). */
public final class S3WarehouseStore implements WarehouseStore {

    private final String endpoint;
    private final String region;
    private final String accessKey;
    private final String secretKey;
    private final String bucket;
    private transient S3Client client;

    public S3WarehouseStore(String endpoint, String region, String accessKey, String secretKey, String bucket) {
        this.endpoint = endpoint;
        this.region = region;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.bucket = bucket;
    }

    private synchronized S3Client client() {
        if (client == null) {
            client = S3Client.builder()
                    .endpointOverride(URI.create(endpoint))
                    .region(Region.of(region))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                    .forcePathStyle(true)
                    // S3-compatible stores such as S3Proxy do not all speak the SDK's newer trailing checksums.
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                    .httpClient(UrlConnectionHttpClient.create())
                    .build();
        }
        return client;
    }

    @Override
    public void put(String key, Path file) {
        client().putObject(put -> put.bucket(bucket).key(key).contentType("application/vnd.apache.parquet"), RequestBody.fromFile(file));
    }

    @Override
    public void putText(String key, String content) {
        client().putObject(put -> put.bucket(bucket).key(key).contentType("text/tab-separated-values; charset=utf-8"),
                RequestBody.fromString(content, StandardCharsets.UTF_8));
    }

    @Override
    public List<String> list(String prefix) {
        return client().listObjectsV2Paginator(list -> list.bucket(bucket).prefix(prefix)).contents().stream()
                .map(S3Object::key).sorted().toList();
    }

    @Override
    public void delete(String key) {
        client().deleteObject(delete -> delete.bucket(bucket).key(key));
    }
}
