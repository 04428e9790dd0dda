package io.confab.batch.s3;

import java.io.Serializable;
import java.net.URI;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The platform's bucket as the batch pipelines' stores reach it: the address and keys travel with
 * the pipeline (serializable), the client is made where it is first used (a Beam worker).
 */
public final class S3Bucket implements Serializable {

    private final String endpoint;
    private final String region;
    private final String accessKey;
    private final String secretKey;
    private final String name;
    private transient S3Client client;

    public S3Bucket(String endpoint, String region, String accessKey, String secretKey, String name) {
        this.endpoint = endpoint;
        this.region = region;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.name = name;
    }

    public String name() {
        return name;
    }

    public synchronized S3Client client() {
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

    /** Every key under {@code prefix}, sorted. */
    public List<String> keys(String prefix) {
        return client().listObjectsV2Paginator(list -> list.bucket(name).prefix(prefix)).contents().stream()
                .map(S3Object::key).sorted().toList();
    }

    public void delete(String key) {
        client().deleteObject(delete -> delete.bucket(name).key(key));
    }
}
