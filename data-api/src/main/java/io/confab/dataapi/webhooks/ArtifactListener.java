package io.confab.dataapi.webhooks;

import io.confab.storage.kafka.KafkaLogin;
import io.confab.storage.codec.Codecs;
import io.confab.storage.codec.Decoded;
import io.confab.storage.events.RecordingArtifact;
import io.confab.storage.topics.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code recording.artifacts} on a thread of its own and hands each artifact to
 * {@link WebhookDispatcher#onArtifact}. Offsets are committed only after a batch's deliveries are
 * in Cassandra (at least once; the dispatcher dedupes by event id). A new consumer group starts at
 * the earliest offset, so artifacts published while data-api was down are not missed. While
 * Cassandra does not answer, the same record is retried every few seconds rather than skipped.
 * Undecodable records are counted and logged, then skipped: they name no recording to complete.
 */
public final class ArtifactListener implements AutoCloseable {

    static final String GROUP = "data-api-webhooks";
    private static final Logger LOG = LoggerFactory.getLogger(ArtifactListener.class);
    private static final Duration RETRY = Duration.ofSeconds(3);

    private final KafkaConsumer<String, byte[]> consumer;
    private final WebhookDispatcher dispatcher;
    private final Counter undecodable;
    private final Thread thread;
    private volatile boolean running = true;

    public ArtifactListener(String bootstrap, KafkaLogin login, WebhookDispatcher dispatcher, MeterRegistry meters) {
        this.dispatcher = dispatcher;
        this.undecodable = Counter.builder("confab.data.api.webhook.artifacts.undecodable")
                .description("recording.artifacts records that did not decode and were skipped").register(meters);
        this.consumer = new KafkaConsumer<>(login.addTo(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, GROUP,
                ConsumerConfig.CLIENT_ID_CONFIG, "data-api-webhooks",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "100")),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, "webhook-artifacts");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            consumer.subscribe(List.of(Topics.RECORDING_ARTIFACTS));
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    handle(record);
                }
                consumer.commitSync();
            }
        } catch (WakeupException | InterruptedException e) {
            // close() asked us to stop.
        } catch (RuntimeException e) {
            LOG.error("the recording.artifacts consumer stopped; webhooks get no new events until data-api restarts", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void handle(ConsumerRecord<String, byte[]> record) throws InterruptedException {
        Decoded<RecordingArtifact> decoded = Codecs.RECORDING_ARTIFACTS.decode(record.value());
        if (decoded instanceof Decoded.Failed<RecordingArtifact> failed) {
            undecodable.increment();
            LOG.warn("skipped {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), failed.reason());
            return;
        }
        RecordingArtifact artifact = ((Decoded.Ok<RecordingArtifact>) decoded).value();
        while (running) {
            try {
                dispatcher.onArtifact(artifact);
                return;
            } catch (RuntimeException e) {
                LOG.warn("recording {}: could not queue its webhooks ({}); trying again in {} s", artifact.getRecordingId(),
                        e.toString(), RETRY.toSeconds());
                Thread.sleep(RETRY.toMillis());
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(10_000);
    }
}
