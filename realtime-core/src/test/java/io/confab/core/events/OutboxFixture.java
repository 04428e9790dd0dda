package io.confab.core.events;

import io.confab.storage.codec.Codecs;
import io.confab.storage.codec.Decoded;
import io.confab.storage.events.MeetingEvent;
import io.confab.testing.Eventually;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.List;

/**
 * The outbox's unit tests start from here: a real {@link EventOutbox} whose Kafka is a
 * {@link MockProducer} that acknowledges at once and whose PostgreSQL is a {@link FakeOutboxDatabase}
 * that holds each commit until the test lets it through. The events come from {@link SampleEvents}.
 */
final class OutboxFixture implements AutoCloseable {

    final FakeOutboxDatabase database = new FakeOutboxDatabase();
    final MockProducer<String, byte[]> kafka = new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    final EventOutbox outbox = new EventOutbox(database.dataSource(), () -> kafka, 100);

    /** Starts the outbox and waits for its relay to find the (empty) table and go direct. */
    void startDirect() throws InterruptedException {
        outbox.start();
        Eventually.within(Duration.ofSeconds(10)).until("the relay to go direct", outbox::direct, direct -> direct);
    }

    /** The event ids on Kafka so far, in the order produced. */
    List<String> sent() {
        return kafka.history().stream().map(ProducerRecord::value)
                .map(bytes -> ((Decoded.Ok<MeetingEvent>) Codecs.MEETING_EVENTS.decode(bytes)).value().getEventId())
                .toList();
    }

    /** Lets every commit through, so that the outbox can store what it holds, and closes it. */
    @Override
    public void close() {
        database.allowAllCommits();
        outbox.close();
    }
}
