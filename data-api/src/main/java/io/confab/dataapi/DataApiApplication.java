package io.confab.dataapi;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import io.confab.dataapi.auth.CallerResolver;
import io.confab.dataapi.auth.TokenVerifier;
import io.confab.dataapi.quality.CassandraParticipantNames;
import io.confab.dataapi.quality.CassandraQualityStore;
import io.confab.dataapi.quality.ParticipantNames;
import io.confab.dataapi.quality.QualityListener;
import io.confab.dataapi.quality.QualityStore;
import io.confab.dataapi.query.WarehouseCache;
import io.confab.dataapi.query.WarehouseSql;
import io.confab.dataapi.recordings.CassandraRecordingStore;
import io.confab.dataapi.recordings.RecordingCatalog;
import io.confab.dataapi.recordings.RecordingStore;
import io.confab.dataapi.recordings.RetentionSweep;
import io.confab.dataapi.recordings.S3RecordingObjects;
import io.confab.dataapi.webhooks.ArtifactListener;
import io.confab.dataapi.webhooks.CassandraWebhookStore;
import io.confab.dataapi.webhooks.DeliveryPoller;
import io.confab.dataapi.webhooks.EndpointPolicy;
import io.confab.dataapi.webhooks.HttpWebhookSender;
import io.confab.dataapi.webhooks.RetrySchedule;
import io.confab.dataapi.webhooks.WebhookDispatcher;
import io.confab.dataapi.webhooks.WebhookStore;
import io.confab.storage.s3.S3Endpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The Spring wiring of data-api: the stores from {@link DataApiConfig}, the catalog over them, the
 * token check as a handler argument, and the retention sweep. {@link DataApi#main} starts it.
 */
@SpringBootApplication
@OpenAPIDefinition(info = @Info(title = "Confab post-meeting API",
        description = "Recordings and their webhooks, transcripts (live, or asked for after the fact), call quality, usage, invoices, SQL over the warehouse. "
                + "Authenticate with the meeting service's bearer token (POST /api/auth/signin).", version = "1"))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
public class DataApiApplication {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean(destroyMethod = "close")
    CqlSession cassandra(DataApiConfig config) {
        String[] hostPort = config.cassandra().split(":");
        DriverConfigLoader loader = DriverConfigLoader.programmaticBuilder()
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(5))
                .withDuration(DefaultDriverOption.CONNECTION_INIT_QUERY_TIMEOUT, Duration.ofSeconds(5))
                .withDuration(DefaultDriverOption.CONTROL_CONNECTION_TIMEOUT, Duration.ofSeconds(5))
                .build();
        return config.cassandraLogin().applyTo(CqlSession.builder()
                .addContactPoint(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])))
                .withLocalDatacenter(config.cassandraDatacenter())
                .withConfigLoader(loader))
                .build();
    }

    @Bean(destroyMethod = "close")
    S3RecordingObjects recordingObjects(DataApiConfig config) {
        return new S3RecordingObjects(config.s3(), config.s3Bucket());
    }

    @Bean(destroyMethod = "close")
    io.confab.dataapi.invoices.S3InvoiceArchive invoiceArchive(DataApiConfig config) {
        return new io.confab.dataapi.invoices.S3InvoiceArchive(config.s3(), config.s3Bucket());
    }

    @Bean
    RecordingStore recordingStore(CqlSession cassandra) {
        return new CassandraRecordingStore(cassandra);
    }

    @Bean
    RecordingCatalog recordingCatalog(RecordingStore store, S3RecordingObjects objects, DataApiConfig config, Clock clock,
                                      MeterRegistry meters) {
        return new RecordingCatalog(store, objects, config.presignTtl(), clock, meters);
    }

    @Bean
    io.confab.dataapi.usage.UsageLedger usageLedger(CqlSession cassandra) {
        return new io.confab.dataapi.usage.UsageLedger(cassandra);
    }

    @Bean
    WebhookStore webhookStore(CqlSession cassandra) {
        return new CassandraWebhookStore(cassandra);
    }

    @Bean
    EndpointPolicy endpointPolicy(DataApiConfig config) {
        return new EndpointPolicy(config.webhooks().privateAddresses());
    }

    @Bean
    WebhookDispatcher webhookDispatcher(WebhookStore hooks, RecordingStore recordings, EndpointPolicy policy,
                                        DataApiConfig config, Clock clock, MeterRegistry meters) {
        DataApiConfig.Webhooks webhooks = config.webhooks();
        return new WebhookDispatcher(hooks, recordings, new HttpWebhookSender(webhooks.timeout()),
                new RetrySchedule(webhooks.firstRetry(), webhooks.attempts()), policy, clock, meters);
    }

    @Bean(destroyMethod = "close")
    DeliveryPoller deliveryPoller(WebhookDispatcher dispatcher, DataApiConfig config) {
        return new DeliveryPoller(dispatcher, config.webhooks().poll());
    }

    @Bean(destroyMethod = "close")
    ArtifactListener artifactListener(WebhookDispatcher dispatcher, DataApiConfig config, MeterRegistry meters) {
        return new ArtifactListener(config.kafka(), config.kafkaLogin(), dispatcher, meters);
    }

    @Bean(destroyMethod = "close")
    RetentionSweep retentionSweep(RecordingCatalog catalog, DataApiConfig config, MeterRegistry meters) {
        return new RetentionSweep(catalog, config.retentionSweep(), meters);
    }

    @Bean
    io.confab.dataapi.transcripts.TranscriptStore transcriptStore(CqlSession cassandra) {
        return new io.confab.dataapi.transcripts.CassandraTranscriptStore(cassandra);
    }

    @Bean(destroyMethod = "close")
    io.confab.dataapi.transcripts.KafkaTranscriptionRequests transcriptionRequests(DataApiConfig config) {
        return new io.confab.dataapi.transcripts.KafkaTranscriptionRequests(config.kafka(), config.kafkaLogin());
    }

    @Bean
    QualityStore qualityStore(CqlSession cassandra) {
        return new CassandraQualityStore(cassandra);
    }

    @Bean
    ParticipantNames participantNames(CqlSession cassandra) {
        return new CassandraParticipantNames(cassandra);
    }

    @Bean(destroyMethod = "close")
    QualityListener qualityListener(QualityStore store, DataApiConfig config, MeterRegistry meters) {
        return new QualityListener(config.kafka(), config.kafkaLogin(), store, meters);
    }

    /** The warehouse's own S3 client: large GETs to disk, with a longer socket timeout than the recordings' calls. */
    @Bean(destroyMethod = "close")
    S3Client warehouseS3(DataApiConfig config) {
        return config.s3().client(new S3Endpoint.Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(120)));
    }

    @Bean
    WarehouseSql warehouseSql(S3Client warehouseS3, DataApiConfig config) {
        DataApiConfig.Warehouse warehouse = config.warehouse();
        return new WarehouseSql(new WarehouseCache(warehouseS3, config.s3Bucket(), warehouse.cache()), warehouse.threads(),
                warehouse.memoryLimit());
    }

    @Bean
    CallerResolver callerResolver(DataApiConfig config, Clock clock, MeterRegistry meters) {
        return new CallerResolver(new TokenVerifier(config.tokenSecret(), clock), meters);
    }

    @Bean
    WebMvcConfigurer callerArgument(CallerResolver resolver) {
        return new WebMvcConfigurer() {
            @Override
            public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
                resolvers.add(resolver);
            }
        };
    }
}
