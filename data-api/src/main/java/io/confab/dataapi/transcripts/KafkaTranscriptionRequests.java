package io.confab.dataapi.transcripts;

import io.confab.storage.kafka.KafkaLogin;
import io.confab.storage.codec.Codecs;
import io.confab.storage.events.TranscriptionRequest;
import io.confab.storage.topics.Topics;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@link TranscriptionRequests} on Kafka, keyed by meeting id, acknowledged by every in-sync
 * replica before the API answers 202: a request the caller was told is queued is not lost.
 */
public final class KafkaTranscriptionRequests implements TranscriptionRequests, AutoCloseable {

    private static final long SEND_TIMEOUT_SECONDS = 10;

    private final KafkaProducer<String, byte[]> producer;

    public KafkaTranscriptionRequests(String bootstrap, KafkaLogin login) {
        this.producer = new KafkaProducer<>(login.addTo(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 9_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 8_000,
                ProducerConfig.CLIENT_ID_CONFIG, "data-api-transcription-requests")),
                new StringSerializer(), new ByteArraySerializer());
    }

    @Override
    public void publish(TranscriptionRequest request) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.TRANSCRIPTION_REQUESTS,
                request.getMeetingId().toString(),
                Codecs.TRANSCRIPTION_REQUESTS.encode(request));
        try {
            producer.send(record).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while handing the request to Kafka", e);
        } catch (ExecutionException | TimeoutException | org.apache.kafka.common.KafkaException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("Kafka did not take the request on " + Topics.TRANSCRIPTION_REQUESTS + ": " + cause, cause);
        }
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
