package io.confab.dataapi.invoices;

import io.confab.storage.s3.S3Layout;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.YearMonth;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** {@link InvoiceArchive} over S3 {@code billing/YYYY-MM/{account}.json}, read as the billing run wrote them. */
public class S3InvoiceArchive implements InvoiceArchive, AutoCloseable {

    private final S3Client s3;
    private final String bucket;

    public S3InvoiceArchive(URI endpoint, String region, String accessKey, String secretKey, String bucket) {
        this.s3 = S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2)).socketTimeout(Duration.ofSeconds(30)))
                .build();
        this.bucket = bucket;
    }

    /** The account's invoice JSON for the month; empty when the month is not billed or the account had no usage. */
    @Override
    public Optional<String> invoiceJson(YearMonth month, String accountId) {
        try {
            return Optional.of(s3.getObjectAsBytes(get -> get.bucket(bucket).key(S3Layout.billingFile(month, accountId + ".json")))
                    .asString(StandardCharsets.UTF_8));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        s3.close();
    }
}
