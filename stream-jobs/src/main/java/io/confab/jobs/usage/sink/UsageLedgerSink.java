package io.confab.jobs.usage.sink;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import io.confab.storage.codec.Codecs;
import io.confab.storage.codec.Decoded;
import io.confab.storage.events.UsageRecord;
import io.confab.storage.topics.Topics;
import io.confab.storage.usage.DaySplit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * usage.records to Cassandra {@code usage_by_account_day}. It reads only committed records
 * ({@code read_committed}: what the meter's transactions aborted never arrives), writes each as
 * the whole value of its row keyed by recordId, and commits its offsets after the writes: a crash
 * replays some records, which overwrite their rows with the same values, so nothing is counted twice
 * and nothing is lost. A batch that Cassandra does not take (down, overloaded) is not committed: the
 * sink waits, goes back to the committed offsets and writes it again, so an outage delays the totals
 * and loses none of them.
 */
public final class UsageLedgerSink implements Runnable, AutoCloseable {

    /** Writes in flight at once; the session table shares the driver's 1,024 per connection with its own 256. */
    static final int IN_FLIGHT = 256;
    private static final Duration FIRST_BACK_OFF = Duration.ofMillis(500);
    private static final Duration LAST_BACK_OFF = Duration.ofSeconds(30);

    private final KafkaConsumer<String, byte[]> consumer;
    /** A timeout under a burst is worth a retry, after a pause, before the whole batch goes back. */
    private final WriteAttempts attempts;
    private final PreparedStatement insert;
    private final AtomicLong written = new AtomicLong();
    private final UndecodableUsageRecords undecodable = new UndecodableUsageRecords();
    private final AtomicLong batchFailures = new AtomicLong();
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
        this.attempts = new WriteAttempts(session::executeAsync);
        this.insert = session.prepare("INSERT INTO confab.usage_by_account_day (account_id, day, metric, window_start, record_id, "
                + "window_end, meeting_id, participant_id, quantity) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(Topics.USAGE_RECORDS));
            Duration backOff = FIRST_BACK_OFF;
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
                if (records.isEmpty()) {
                    continue;
                }
                try {
                    writeAll(records);
                    consumer.commitSync();
                    backOff = FIRST_BACK_OFF;
                } catch (RuntimeException e) {
                    // Cassandra away or overloaded (or a commit refused): nothing is committed, so going
                    // back to the committed offsets writes the same rows again, which overwrite themselves.
                    batchFailures.incrementAndGet();
                    if (batchFailures.get() == 1 || batchFailures.get() % 100 == 0) {
                        System.err.println("usage ledger: writing " + records.count() + " usage records to Cassandra failed ("
                                + batchFailures.get() + " batches so far); trying again from the last committed offsets in "
                                + backOff.toMillis() + " ms: " + rootCause(e));
                    }
                    pause(backOff);
                    backOff = backOff.multipliedBy(2).compareTo(LAST_BACK_OFF) > 0 ? LAST_BACK_OFF : backOff.multipliedBy(2);
                    rewindToCommitted();
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /**
     * Writes a poll's records, an account-day's rows together in unlogged batches ({@link PartitionBatches}),
     * at most {@link #IN_FLIGHT} requests at a time: the driver carries at most 1,024
     * requests on its one connection and refuses the rest outright ("no connection was available"),
     * and a poll holds up to 2,000 records. Returns once all are written; throws if one failed every attempt.
     */
    private void writeAll(ConsumerRecords<String, byte[]> records) {
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        int sent = 0;
        PartitionBatches batches = new PartitionBatches();
        for (UsageRecord usage : lastOfEachRecord(records, undecodable::skip)) {
            // Not atZone(UTC): ZoneOffset.getRules() makes a new ZoneRules, with its own map, on each call.
            LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(usage.getWindowStart().toEpochMilli(), DaySplit.DAY_MS));
            batches.add(usage.getAccountId() + '|' + day, row(usage, day));
        }
        for (Statement<?> statement : batches.drain()) {
            inFlight.acquireUninterruptibly();
            if (failure.get() != null) {
                inFlight.release();
                break;
            }
            attempts.send(statement, error -> {
                if (error != null) {
                    failure.compareAndSet(null, error);
                }
                inFlight.release();
            });
            sent += PartitionBatches.rows(statement);
        }
        inFlight.acquireUninterruptibly(IN_FLIGHT);
        Throwable failed = failure.get();
        if (failed != null) {
            throw new IllegalStateException("usage records were not written to Cassandra usage_by_account_day after " + WriteAttempts.SCHEDULE.attempts()
                    + " attempts: " + failed, failed);
        }
        written.addAndGet(sent);
        lastWriteMs = System.currentTimeMillis();
    }

    /**
     * A poll's usage records, the last of each record id only. Each record is its row's whole value
     * (never an increment), so the last one in offset order is what the rows hold after all of them
     * are written: a busy account-day's peak, sent again with each presence that changes it, is one
     * write per poll instead of one per change. A record id is one account's, and the meter keys
     * usage.records by account, so all of one id's records are in one partition, in order.
     */
    static Collection<UsageRecord> lastOfEachRecord(Iterable<ConsumerRecord<String, byte[]>> records,
                                                    BiConsumer<ConsumerRecord<String, byte[]>, Decoded.Failed<UsageRecord>> undecodable) {
        Map<String, UsageRecord> last = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            Decoded<UsageRecord> decoded = Codecs.USAGE_RECORDS.decode(record.value());
            if (decoded instanceof Decoded.Ok<UsageRecord> ok) {
                last.put(ok.value().getRecordId(), ok.value());
            } else {
                undecodable.accept(record, (Decoded.Failed<UsageRecord>) decoded);
            }
        }
        return last.values();
    }

    private void rewindToCommitted() {
        Set<TopicPartition> assigned = consumer.assignment();
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(assigned);
        for (TopicPartition partition : assigned) {
            OffsetAndMetadata offset = committed.get(partition);
            if (offset == null) {
                consumer.seekToBeginning(List.of(partition));
            } else {
                consumer.seek(partition, offset);
            }
        }
    }

    private void pause(Duration backOff) {
        try {
            Thread.sleep(backOff.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** The row of {@code usage} in usage_by_account_day, whose partition is (account, {@code day}). */
    private BoundStatement row(UsageRecord usage, LocalDate day) {
        return insert.boundStatementBuilder()
                .setBytesUnsafe(0, CqlValues.text(usage.getAccountId()))
                .setBytesUnsafe(1, CqlValues.date(day))
                .setBytesUnsafe(2, CqlValues.text(usage.getMetric().name()))
                .setBytesUnsafe(3, CqlValues.timestamp(usage.getWindowStart().toEpochMilli()))
                .setBytesUnsafe(4, CqlValues.text(usage.getRecordId()))
                .setBytesUnsafe(5, CqlValues.timestamp(usage.getWindowEnd().toEpochMilli()))
                .setBytesUnsafe(6, CqlValues.text(usage.getMeetingId()))
                .setBytesUnsafe(7, CqlValues.text(usage.getParticipantId()))
                .setBytesUnsafe(8, CqlValues.bigint(usage.getQuantity()))
                .build();
    }

    public long written() {
        return written.get();
    }

    /** Records skipped because they did not decode; bind it to export the count. */
    public UndecodableUsageRecords undecodable() {
        return undecodable;
    }

    /** Polled batches whose writes failed and were tried again from the last committed offsets. */
    public long batchFailures() {
        return batchFailures.get();
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
