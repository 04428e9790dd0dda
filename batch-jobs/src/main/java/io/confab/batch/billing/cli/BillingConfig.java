package io.confab.batch.billing.cli;

import io.confab.storage.s3.S3Endpoint;
import io.confab.batch.billing.price.PriceBook;
import io.confab.batch.billing.price.PriceBookReader;
import io.confab.batch.billing.usage.UsageRules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Where billing reads and writes, and with which prices and rules: the module's one configuration. */
public record BillingConfig(String kafka, S3 s3, Cassandra cassandra, Path prices, UsageRules rules, String flink) {

    public record S3(String endpoint, String region, String accessKey, String secretKey, String bucket) {
        public S3Endpoint address() {
            return S3Endpoint.pathStyle(endpoint, region, accessKey, secretKey);
        }
    }

    public record Cassandra(String contactPoint, String datacenter) {
    }

    public static final String DEFAULT_PRICES = "/io/confab/batch/billing/default-prices.yaml";

    /** The price book file, or the one shipped with Confab when none is named. */
    public PriceBook priceBook() {
        if (prices != null) {
            return PriceBookReader.read(prices);
        }
        try (InputStream in = BillingConfig.class.getResourceAsStream(DEFAULT_PRICES)) {
            return PriceBookReader.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "default-prices.yaml");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
