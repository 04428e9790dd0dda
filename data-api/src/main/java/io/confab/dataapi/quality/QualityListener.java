package io.confab.dataapi.quality;

import io.confab.storage.kafka.KafkaLogin;
import io.confab.storage.quality.EModel;
import io.confab.storage.codec.Codecs;
import io.confab.storage.codec.Decoded;
import io.confab.storage.events.DeadLetter;
import io.confab.storage.events.MediaKind;
import io.confab.storage.events.MediaQualitySample;
import io.confab.storage.topics.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code media.quality} on a thread of its own: each audio sample becomes an E-model point in
 * {@link QualityStore}. A Kafka consumer inside data-api rather than a Flink job, because the work
 * per sample is a formula and one insert (a few per participant every few seconds): a job would
 * cost a TaskManager slot for that.
 *
 * <pre>
 * media.quality ─▶ decode ─(fails)─▶ media.quality.dlq with the codec's reason, counted
 *               ─▶ audio only (MOS is a voice measure; video samples are counted and passed over)
 *               ─▶ sanity (fraction 0..1, jitter and RTT not negative) ─(fails)─▶ dead letter
 *               ─▶ E-model ─▶ call_quality_by_meeting
 * </pre>
 *
 * Offsets are committed after a batch is stored (at least once; the row key makes a replay overwrite).
 */
public final class QualityListener implements AutoCloseable {

    static final String GROUP = "data-api-quality";
    private static final Logger LOG = LoggerFactory.getLogger(QualityListener.class);
    private static final Duration RETRY = Duration.ofSeconds(3);

    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<byte[], byte[]> deadLetters;
    private final QualityStore store;
    private final Counter stored;
    private final Counter video;
    private final Counter rejected;
    private final Thread thread;
    private volatile boolean running = true;

    public QualityListener(String bootstrap, KafkaLogin login, QualityStore store, MeterRegistry meters) {
        this.store = store;
        this.stored = Counter.builder("confab.data.api.quality.samples.stored").description("Audio media.quality samples stored with their MOS")
                .register(meters);
        this.video = Counter.builder("confab.data.api.quality.samples.video").description("Video media.quality samples passed over (no MOS for video)")
                .register(meters);
        this.rejected = Counter.builder("confab.data.api.quality.samples.rejected")
                .description("media.quality records sent to media.quality.dlq (undecodable or out of range)").register(meters);
        this.consumer = new KafkaConsumer<>(login.addTo(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, GROUP,
                ConsumerConfig.CLIENT_ID_CONFIG, GROUP,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500")),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.deadLetters = new KafkaProducer<>(login.addTo(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.CLIENT_ID_CONFIG, GROUP + "-dlq",
                ProducerConfig.ACKS_CONFIG, "all")),
                new ByteArraySerializer(), new ByteArraySerializer());
        this.thread = new Thread(this::run, "quality-listener");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            consumer.subscribe(List.of(Topics.MEDIA_QUALITY));
            while (running) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
                    handle(record);
                }
                deadLetters.flush();
                consumer.commitSync();
            }
        } catch (WakeupException | InterruptedException e) {
            // close() asked us to stop.
        } catch (RuntimeException e) {
            LOG.error("the media.quality consumer stopped; call quality gets no new samples until data-api restarts", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
            deadLetters.close(Duration.ofSeconds(5));
        }
    }

    private void handle(ConsumerRecord<String, byte[]> record) throws InterruptedException {
        Decoded<MediaQualitySample> decoded = Codecs.MEDIA_QUALITY.decode(record.value());
        if (decoded instanceof Decoded.Failed<MediaQualitySample> failed) {
            deadLetter(record, failed.reason());
            return;
        }
        MediaQualitySample sample = ((Decoded.Ok<MediaQualitySample>) decoded).value();
        if (sample.getKind() != MediaKind.AUDIO) {
            video.increment();
            return;
        }
        String problem = outOfRange(sample);
        if (problem != null) {
            deadLetter(record, problem);
            return;
        }
        QualityPoint point = point(sample);
        while (running) {
            try {
                store.save(point);
                stored.increment();
                return;
            } catch (RuntimeException e) {
                LOG.warn("meeting {}: could not store a quality sample ({}); trying again in {} s", sample.getMeetingId(), e.toString(),
                        RETRY.toSeconds());
                Thread.sleep(RETRY.toMillis());
            }
        }
    }

    static String outOfRange(MediaQualitySample s) {
        if (!(s.getFractionLost() >= 0 && s.getFractionLost() <= 1)) {
            return "fractionLost " + s.getFractionLost() + " is outside 0..1";
        }
        if (!(s.getJitterMs() >= 0) || Double.isInfinite(s.getJitterMs())) {
            return "jitterMs " + s.getJitterMs() + " is negative or not a number";
        }
        if (s.getRttMs() != null && (!(s.getRttMs() >= 0) || Double.isInfinite(s.getRttMs()))) {
            return "rttMs " + s.getRttMs() + " is negative or not a number";
        }
        if (s.getIntervalEnd().isBefore(s.getIntervalStart())) {
            return "intervalEnd " + s.getIntervalEnd() + " is before intervalStart " + s.getIntervalStart();
        }
        return null;
    }

    static QualityPoint point(MediaQualitySample s) {
        EModel.Estimate e = EModel.estimate(s.getFractionLost(), s.getJitterMs(), s.getRttMs());
        return new QualityPoint(s.getMeetingId(), s.getParticipantId(), s.getIntervalStart(), s.getDirection().name(), s.getAccountId(),
                s.getIntervalEnd(), s.getPackets(), s.getPacketsLost(), s.getFractionLost(), s.getJitterMs(), s.getRttMs(),
                s.getBitrateKbps(), e.r(), e.mos());
    }

    private void deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
        rejected.increment();
        LOG.warn("dead-lettered {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), reason);
        DeadLetter letter = DeadLetter.newBuilder()
                .setSourceTopic(record.topic())
                .setPartition(record.partition())
                .setOffset(record.offset())
                .setKey(record.key() == null ? null : ByteBuffer.wrap(record.key().getBytes(StandardCharsets.UTF_8)))
                .setValue(record.value() == null ? null : ByteBuffer.wrap(record.value()))
                .setReason(reason)
                .setConsumer("data-api/" + GROUP)
                .setFailedAt(Instant.now())
                .build();
        byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
        deadLetters.send(new ProducerRecord<>(Topics.deadLetterOf(Topics.MEDIA_QUALITY), key, Codecs.DEAD_LETTERS.encode(letter)));
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(10_000);
    }
}
