package io.confab.core.events;

import io.confab.storage.logging.RateLimitedLog;
import io.confab.storage.topics.Topics;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Gets the outbox's events onto {@code meeting.events}, in two modes.
 *
 * <p><b>Direct</b>: each event is produced at once by the room's thread ({@link #sendDirect}), in
 * parallel with its INSERT; the table is not read. <b>Recovering</b>: at start-up, and from the
 * first failed send on, no event is sent directly; this relay's thread sends the table's rows in
 * position order (each meeting's order) and hands the acknowledged positions back for deletion.
 * It flips back to direct only when it has sent and seen acknowledged every row the writer has
 * committed and the writer holds nothing (checked under the outbox's gate, so that no event handed
 * over meanwhile can be skipped by both modes).
 *
 * <p>One idempotent producer, keyed by meeting id, keeps each meeting's events in order in one
 * partition. On a failure the producer is closed at once ({@code close(0)} fails every record still
 * waiting in it), so that no later direct send of a meeting overtakes the re-sent earlier one; a
 * fresh producer relays. {@code max.block.ms} is 0: a send never blocks the room's thread (unknown
 * metadata or a full buffer fail the send, and the row is relayed instead).
 */
final class KafkaRelay implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaRelay.class);
    private static final Duration RETRY = Duration.ofSeconds(1);

    /** What the relay needs from the outbox's writer. */
    interface Writer {
        /**
         * Under the outbox's gate (no event can be handed over meanwhile): runs {@code flip} when the
         * writer holds no event and has committed no row after {@code position}; false otherwise.
         */
        boolean flipIfNothingAfter(long position, Runnable flip);

        /** Queues an acknowledged row for deletion. */
        void deletable(long position);
    }

    private final DataSource database;
    private final Supplier<Producer<String, byte[]>> producers;
    private final Writer writer;
    /** Rows per read while recovering ({@code outbox-relay-batch}); one flush per read keeps each meeting's order across reads. */
    private final int readLimit;
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong relayed = new AtomicLong();
    private final RateLimitedLog failureLog = new RateLimitedLog(LOG, Duration.ofSeconds(10));
    private final Object signal = new Object();
    private final Object swap = new Object();
    private final Thread thread;

    private volatile Producer<String, byte[]> producer;
    /** Bumped with each new producer: a late callback of a closed producer is not a new failure. */
    private volatile int generation;
    private volatile boolean direct;
    private volatile boolean running = true;
    /** When the relay began to wait for Kafka's metadata (System.nanoTime), 0 when not waiting. */
    private long waitingSince;

    KafkaRelay(DataSource database, Supplier<Producer<String, byte[]>> producers, Writer writer, int readLimit) {
        this.database = database;
        this.producers = producers;
        this.writer = writer;
        this.readLimit = readLimit;
        this.producer = producers.get();
        this.thread = new Thread(this::run, "outbox-relay");
        this.thread.setDaemon(true);
    }

    /** The producer realtime-core uses, idempotent and never blocking its caller. */
    static Producer<String, byte[]> kafkaProducer(String bootstrapServers, io.confab.storage.kafka.KafkaLogin login,
                                                  Duration deliveryTimeout) {
        long delivery = deliveryTimeout.toMillis();
        return new KafkaProducer<>(login.addTo(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 0,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) delivery,
                // Kafka requires delivery.timeout.ms >= linger.ms + request.timeout.ms.
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(30_000, delivery - 1000),
                ProducerConfig.CLIENT_ID_CONFIG, "realtime-core")),
                new StringSerializer(), new ByteArraySerializer());
    }

    void start() {
        thread.start();
    }

    boolean isDirect() {
        return direct;
    }

    /** Where a direct send goes: the producer of the moment and its generation. */
    record Route(Producer<String, byte[]> producer, int generation) {
    }

    /** In direct mode the route for a send, taken under the outbox's gate; null while recovering. */
    Route route() {
        // Under the lock the swap takes: never the new producer with a "direct" read before a failure.
        synchronized (swap) {
            return direct ? new Route(producer, generation) : null;
        }
    }

    /**
     * On the room's thread: produce now, by the route taken when the event was handed over. If the
     * relay has switched producers since, the old one is closed and the send fails quietly: the row
     * is relayed in order with the others.
     */
    void sendDirect(OutboxEntry entry, Route route) {
        int sentBy = route.generation();
        try {
            route.producer().send(new ProducerRecord<>(Topics.MEETING_EVENTS, entry.meetingId(), entry.payload()), (metadata, error) -> {
                if (error != null) {
                    failed(sentBy, error);
                } else if (entry.acknowledged()) {
                    writer.deletable(entry.position());
                }
            });
        } catch (RuntimeException e) {
            failed(sentBy, e);
        }
    }

    /** Audit entries go straight to Kafka, as before the outbox; a failure is counted and logged. */
    void sendAudit(String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(Topics.AUDIT_LOG, key, value), (metadata, error) -> {
                if (error != null) {
                    failures.incrementAndGet();
                    failureLog.error("could not publish to " + Topics.AUDIT_LOG, error);
                }
            });
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            failureLog.error("could not publish to " + Topics.AUDIT_LOG, e);
        }
    }

    private void failed(int sentBy, Exception error) {
        if (sentBy != generation) {
            return;
        }
        failures.incrementAndGet();
        if (direct) {
            direct = false;
            failureLog.error("could not publish to " + Topics.MEETING_EVENTS + "; relaying from the outbox table", error);
            wake();
        }
    }

    void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private void run() {
        boolean replaceProducer = false;
        while (running) {
            try {
                if (direct) {
                    sleep(RETRY);
                    continue;
                }
                if (replaceProducer) {
                    replaceProducer();
                    replaceProducer = false;
                }
                // Once direct, the next recovery starts by closing the producer the rooms sent with.
                replaceProducer = recover();
            } catch (SQLException | RuntimeException e) {
                failureLog.error("outbox relay: " + e.getMessage(), e);
                sleep(RETRY);
            }
        }
    }

    /**
     * One recovery: every row in position order, then the flip to direct. Returns true when it
     * flipped, false on a failed send (the next recovery starts again from the first row) or at
     * shutdown.
     */
    private boolean recover() throws SQLException {
        long cursor = 0;
        while (running) {
            if (!metadataKnown()) {
                awaitingKafka();
                continue;
            }
            waitingSince = 0;
            List<OutboxTable.Row> rows;
            try (Connection connection = database.getConnection()) {
                rows = OutboxTable.after(connection, cursor, readLimit);
            }
            if (rows.isEmpty()) {
                if (writer.flipIfNothingAfter(cursor, () -> direct = true)) {
                    return true;
                }
                // The writer commits more: it wakes this thread when it has.
                sleepUnlessWoken(Duration.ofMillis(20));
                continue;
            }
            if (!sendAll(rows)) {
                sleep(RETRY);
                return false;
            }
            cursor = rows.get(rows.size() - 1).position();
        }
        return false;
    }

    /** Rows wait and Kafka has not answered: quiet for the first 10 s (a start-up), then one line per 10 s. */
    private void awaitingKafka() {
        long now = System.nanoTime();
        if (waitingSince == 0) {
            waitingSince = now;
        } else if (now - waitingSince > Duration.ofSeconds(10).toNanos()) {
            failureLog.error("meeting events wait in the outbox: Kafka has not answered for "
                    + Duration.ofNanos(now - waitingSince).toSeconds() + " s", null);
        }
        sleepUnlessWoken(Duration.ofMillis(250));
    }

    /**
     * Whether the producer knows {@code meeting.events}' partitions, so that a direct send will not
     * fail for want of them; asking starts the fetch when it does not.
     */
    private boolean metadataKnown() {
        try {
            producer.partitionsFor(Topics.MEETING_EVENTS);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Sends the rows and waits for every acknowledgement; false when any failed (the next recovery sends them again). */
    private boolean sendAll(List<OutboxTable.Row> rows) {
        AtomicBoolean failed = new AtomicBoolean();
        boolean refused = false;
        Producer<String, byte[]> current = producer;
        for (OutboxTable.Row row : rows) {
            try {
                current.send(new ProducerRecord<>(Topics.MEETING_EVENTS, row.meetingId(), row.payload()), (metadata, error) -> {
                    if (error == null) {
                        relayed.incrementAndGet();
                        writer.deletable(row.position());
                    } else if (failed.compareAndSet(false, true)) {
                        failures.incrementAndGet();
                        failureLog.error("relaying the outbox to " + Topics.MEETING_EVENTS + " failed; retrying", error);
                    }
                });
            } catch (RuntimeException e) {
                // Metadata not fetched yet (Kafka down, or just started) or buffer full: nothing after
                // this row was handed over, so the order holds; the failed send has asked for metadata.
                refused = true;
                failureLog.error("relaying the outbox to " + Topics.MEETING_EVENTS + " waits for Kafka", e);
                break;
            }
        }
        current.flush();
        if (refused && !failed.get()) {
            return false;
        }
        if (failed.get()) {
            // The records after a failed one may have reached Kafka before it: close(0) makes sure no
            // more of them do, and the next recovery sends them all again in order.
            replaceProducer();
            return false;
        }
        return true;
    }

    private void replaceProducer() {
        Producer<String, byte[]> old;
        synchronized (swap) {
            old = producer;
            generation++;
        }
        old.close(Duration.ZERO);
        Producer<String, byte[]> fresh = producers.get();
        synchronized (swap) {
            producer = fresh;
        }
    }

    private void sleepUnlessWoken(Duration duration) {
        synchronized (signal) {
            try {
                signal.wait(duration.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }

    private void sleep(Duration duration) {
        sleepUnlessWoken(duration);
    }

    /** Records sent again from the table and acknowledged. */
    long relayed() {
        return relayed.get();
    }

    /** Sends Kafka refused or that timed out (each switches to recovering). */
    long failures() {
        return failures.get();
    }

    @Override
    public void close() {
        running = false;
        wake();
        try {
            thread.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // Lets the acknowledgements of what is in flight arrive, so that their rows are deleted.
        producer.close(Duration.ofSeconds(5));
    }
}
