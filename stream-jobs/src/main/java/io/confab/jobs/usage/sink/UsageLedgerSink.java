package io.confab.jobs.usage.sink;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.confab.storage.codec.Codecs;
import io.confab.storage.codec.Decoded;
import io.confab.storage.events.UsageRecord;
import io.confab.storage.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * usage.records to Cassandra {@code usage_by_account_day}. It reads only committed records
 * ({@code read_committed}: what the meter's transactions aborted never arrives), writes each as
 * the whole value of its row keyed by recordId, and commits its offsets after the writes: a crash
 * replays some records, which overwrite their rows with the same values, so nothing is counted twice
 * and nothing is lost.
 */
public final class UsageLedgerSink implements Runnable, AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final CqlSession session;
    private final PreparedStatement insert;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong undecodable = new AtomicLong();
    private volatile boolean running = true;
    private volatile long lastWriteMs;

    public UsageLedgerSink(String bootstrap, io.confab.storage.kafka.KafkaLogin login, String groupId, CqlSession session) {
        this.consumer = new KafkaConsumer<>(login.addTo(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, groupId,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000,
                ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000,
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000)),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.session = session;
        this.insert = session.prepare("INSERT INTO confab.usage_by_account_day (account_id, day, metric, window_start, record_id, "
                + "window_end, meeting_id, participant_id, quantity) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(Topics.USAGE_RECORDS));
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
                if (records.isEmpty()) {
                    continue;
                }
                List<CompletableFuture<?>> writes = new ArrayList<>();
                for (ConsumerRecord<String, byte[]> record : records) {
                    Decoded<UsageRecord> decoded = Codecs.USAGE_RECORDS.decode(record.value());
                    if (decoded instanceof Decoded.Ok<UsageRecord> ok) {
                        writes.add(write(ok.value()).toCompletableFuture());
                    } else {
                        // Only the meter writes this topic: a record it cannot read is a bug, not input.
                        undecodable.incrementAndGet();
                        System.err.println("usage ledger: skipped an undecodable usage record at " + record.topic() + "-"
                                + record.partition() + "@" + record.offset() + ": " + ((Decoded.Failed<?>) decoded).reason());
                    }
                }
                CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
                written.addAndGet(writes.size());
                lastWriteMs = System.currentTimeMillis();
                consumer.commitSync();
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private CompletionStage<?> write(UsageRecord usage) {
        LocalDate day = usage.getWindowStart().atZone(ZoneOffset.UTC).toLocalDate();
        return session.executeAsync(insert.bind(usage.getAccountId(), day, usage.getMetric().name(), usage.getWindowStart(),
                usage.getRecordId(), usage.getWindowEnd(), usage.getMeetingId(), usage.getParticipantId(), usage.getQuantity()));
    }

    public long written() {
        return written.get();
    }

    public long undecodable() {
        return undecodable.get();
    }

    public long lastWriteMs() {
        return lastWriteMs;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
    }
}
