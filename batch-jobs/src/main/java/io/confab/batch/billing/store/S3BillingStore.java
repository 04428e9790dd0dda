package io.confab.batch.billing.store;

import io.confab.storage.s3.S3Layout;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;

/** Billing files in S3 under {@link S3Layout#billingFile}. The client is made where the store is used (a Beam worker). */
public final class S3BillingStore implements BillingStore {

    private final String endpoint;
    private final String region;
    private final String accessKey;
    private final String secretKey;
    private final String bucket;
    private transient S3Client client;

    public S3BillingStore(String endpoint, String region, String accessKey, String secretKey, String bucket) {
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
    public void put(YearMonth month, String fileName, String content, String contentType) {
        client().putObject(put -> put.bucket(bucket).key(S3Layout.billingFile(month, fileName)).contentType(contentType),
                RequestBody.fromString(content, StandardCharsets.UTF_8));
    }

    @Override
    public Optional<String> get(YearMonth month, String fileName) {
        try {
            return Optional.of(client().getObjectAsBytes(get -> get.bucket(bucket).key(S3Layout.billingFile(month, fileName)))
                    .asString(StandardCharsets.UTF_8));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<String> list(YearMonth month) {
        String prefix = S3Layout.billingPrefix(month);
        return client().listObjectsV2Paginator(list -> list.bucket(bucket).prefix(prefix)).contents().stream()
                .map(S3Object::key).map(key -> key.substring(prefix.length())).sorted().toList();
    }

    @Override
    public void clear(YearMonth month) {
        for (String file : list(month)) {
            client().deleteObject(delete -> delete.bucket(bucket).key(S3Layout.billingFile(month, file)));
        }
    }
}
