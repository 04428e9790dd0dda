package io.confab.dataapi.invoices;

import io.confab.storage.s3.S3Endpoint;
import io.confab.storage.s3.S3Layout;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** {@link InvoiceArchive} over S3 {@code billing/YYYY-MM/{account}.json}, read as the billing run wrote them. */
public class S3InvoiceArchive implements InvoiceArchive, AutoCloseable {

    private final S3Client s3;
    private final String bucket;

    public S3InvoiceArchive(S3Endpoint endpoint, String bucket) {
        this.s3 = endpoint.client(S3Endpoint.Timeouts.REQUESTS);
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
