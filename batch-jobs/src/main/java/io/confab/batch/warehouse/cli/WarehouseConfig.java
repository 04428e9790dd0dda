package io.confab.batch.warehouse.cli;

import io.confab.storage.kafka.KafkaLogin;
import io.confab.storage.s3.S3Endpoint;
import io.confab.batch.runner.Engine;
import io.confab.batch.warehouse.store.S3WarehouseStore;
import io.confab.batch.warehouse.store.WarehouseStore;

/**
 * Where the export reads and writes: the module's one configuration for the warehouse.
 *
 * @param kafkaLogin how the export authenticates to Kafka ({@code --kafka-user}, the password from the environment)
 * @param engine     where the pipeline runs ({@code --runner direct|flink}, for Flink the session cluster's {@code --flink} address)
 */
public record WarehouseConfig(String kafka, KafkaLogin kafkaLogin, S3 s3, Engine engine) {

    public record S3(String endpoint, String region, String accessKey, String secretKey, String bucket) {
        public S3Endpoint address() {
            return S3Endpoint.pathStyle(endpoint, region, accessKey, secretKey);
        }
    }

    /** Stops with one line naming what is missing. */
    public WarehouseConfig validated() {
        if (kafka == null || kafka.isBlank()) {
            throw new IllegalArgumentException("--kafka is missing (confab warehouse passes the running platform's)");
        }
        if (s3 == null || s3.endpoint() == null || s3.endpoint().isBlank()) {
            throw new IllegalArgumentException("--s3-endpoint is missing (confab warehouse passes the running platform's)");
        }
        if (s3.secretKey() == null || s3.secretKey().isEmpty()) {
            throw new IllegalArgumentException("CONFAB_S3_SECRET_KEY is not set (confab warehouse passes the running platform's)");
        }
        return this;
    }

    public WarehouseStore store() {
        return new S3WarehouseStore(s3.address(), s3.bucket());
    }
}
