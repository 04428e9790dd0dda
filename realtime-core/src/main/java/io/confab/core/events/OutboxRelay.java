package io.confab.core.events;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The read side of the transactional outbox: sends {@code event_outbox} rows to Kafka in position
 * order, a batch at a time, and deletes a batch only after Kafka acknowledged all of it. Delivery is
 * at least once: after a failure the batch is sent again from its first row, so a consumer may see
 * a record twice (every event carries its id for that) but never a later event of a meeting before
 * an earlier one. Kafka being down only makes the table grow; nothing waits on it but this thread.
 *
 * <p>Several realtime-core nodes may share the database: a PostgreSQL advisory lock lets one relay
 * at a time, which keeps the order; the others wait to take over.
 */
public final class OutboxRelay implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxRelay.class);

    private static final long RELAY_LOCK = 726_375L;
    private static final int BATCH = 500;
    private static final Duration IDLE_WAIT = Duration.ofMillis(500);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final DataSource database;
    private final KafkaProducer<String, byte[]> producer;
    private final Semaphore wake = new Semaphore(0);
    private final Thread thread;
    private final AtomicLong relayed = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean closed;

    public OutboxRelay(DataSource database, String bootstrapServers) {
        this.database = database;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 2,
                // The rows wait safely in PostgreSQL, so a send may give up early and be tried again:
                // nothing is held only in the producer's memory for long.
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000,
                ProducerConfig.CLIENT_ID_CONFIG, "realtime-core-outbox"),
                new StringSerializer(), new ByteArraySerializer());
        this.thread = new Thread(this::run, "outbox-relay");
        thread.setDaemon(true);
    }

    public OutboxRelay start() {
        thread.start();
        return this;
    }

    /** New rows were committed: relay now rather than at the next poll. */
    public void wake() {
        wake.release();
    }

    private void run() {
        Duration backoff = Duration.ofSeconds(1);
        while (!closed) {
            try (Connection connection = database.getConnection()) {
                if (!holdLock(connection)) {
                    pause(Duration.ofSeconds(2));
                    continue;
                }
                try {
                    while (!closed) {
                        if (relayBatch(connection)) {
                            backoff = Duration.ofSeconds(1);
                        } else {
                            wake.tryAcquire(IDLE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                            wake.drainPermits();
                        }
                    }
                } finally {
                    // The pool keeps the session open: give the lock back with the connection.
                    releaseLock(connection);
                }
            } catch (InterruptedException e) {
                return;
            } catch (SQLException | RuntimeException e) {
                long count = failures.incrementAndGet();
                if (Long.bitCount(count) == 1 || backoff.equals(MAX_BACKOFF)) {
                    LOG.warn("outbox relay stalled ({} times so far), retrying in {} s: {}", count, backoff.toSeconds(), e.toString());
                }
                if (!pause(backoff)) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    private static boolean holdLock(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            lock.setLong(1, RELAY_LOCK);
            try (ResultSet rs = lock.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private static void releaseLock(Connection connection) {
        try (PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            unlock.setLong(1, RELAY_LOCK);
            unlock.execute();
        } catch (SQLException e) {
            // A broken connection's session is gone, and its lock with it.
        }
    }

    private record Row(long position, String topic, String key, byte[] payload) {
    }

    /** Sends the oldest batch and deletes it once acknowledged; false when the table was empty. */
    private boolean relayBatch(Connection connection) throws SQLException, InterruptedException {
        List<Row> rows = new ArrayList<>(BATCH);
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT position, topic, record_key, payload FROM event_outbox ORDER BY position LIMIT " + BATCH);
             ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBytes(4)));
            }
        }
        if (rows.isEmpty()) {
            return false;
        }
        List<Future<RecordMetadata>> sent = new ArrayList<>(rows.size());
        for (Row row : rows) {
            sent.add(producer.send(new ProducerRecord<>(row.topic(), row.key(), row.payload())));
        }
        producer.flush();
        for (Future<RecordMetadata> acknowledgement : sent) {
            try {
                acknowledgement.get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("Kafka did not take the batch: " + e.getCause(), e.getCause());
            }
        }
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM event_outbox WHERE position <= ?")) {
            delete.setLong(1, rows.get(rows.size() - 1).position());
            delete.executeUpdate();
        }
        relayed.addAndGet(rows.size());
        return true;
    }

    private boolean pause(Duration duration) {
        try {
            wake.tryAcquire(duration.toMillis(), TimeUnit.MILLISECONDS);
            return !closed;
        } catch (InterruptedException e) {
            return false;
        }
    }

    /** Records Kafka acknowledged so far. */
    public long relayed() {
        return relayed.get();
    }

    /** Times the relay stalled (Kafka or PostgreSQL unreachable) and backed off. */
    public long failures() {
        return failures.get();
    }

    /** Sends what is in the table for up to {@code grace}, then stops. */
    public void close(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        while (System.nanoTime() < deadline && backlog() > 0) {
            wake();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        closed = true;
        wake();
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }

    /** Rows waiting in the table; -1 when the database cannot say. */
    public long backlog() {
        try (Connection connection = database.getConnection();
             PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM event_outbox");
             ResultSet rs = count.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            return -1;
        }
    }
}
