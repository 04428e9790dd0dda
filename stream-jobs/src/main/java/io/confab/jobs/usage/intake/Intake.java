package io.confab.jobs.usage.intake;

import io.confab.jobs.usage.MeterCounters;
import io.confab.jobs.usage.presence.Origin;
import io.confab.jobs.usage.presence.Rejection;
import io.confab.storage.codec.Decoded;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * The first stage of each input: decode, check, drop duplicates. Bytes that do not decode, values
 * that cannot be metered and times outside USAGE.md's limits become a {@link Rejection} (counted,
 * then dead-lettered downstream); an identity already seen is dropped (counted); the rest goes on
 * as {@link Admitted} with this task's event clock.
 *
 * <p>Seen identities live in a window store keyed by identity at the fact's time, so they expire
 * with the store's retention (the oldest metered month) instead of growing forever. meeting.events
 * is deduplicated further on, in its meeting's ledger ({@code presence.MeetingFold}): its intake
 * has no seen store ({@code seenStore} null).
 *
 * <p>The input's key is read as bytes: it is only ever passed on, in a dead letter, so decoding it
 * to text for every event (the key deserializer was 4 % of the stream thread, stream-jobs/README.md)
 * and encoding it back for the {@link Origin} was work for nothing. Admitted facts go on without a
 * key; rejections with the key as text, for their dead letter's record.
 */
public final class Intake<T extends SpecificRecord> implements Processor<byte[], byte[], String, Object> {

    private static final String NEWEST = "newest";

    private final InputKind<T> kind;
    private final String clockStore;
    private final String seenStore;
    private final TimeRules timeRules;
    private final Clock wallClock;
    private final MeterCounters counters;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, Long> clock;
    private WindowStore<String, Long> seen;

    public Intake(InputKind<T> kind, String clockStore, String seenStore, TimeRules timeRules, Clock wallClock,
                  MeterCounters counters) {
        this.kind = kind;
        this.clockStore = clockStore;
        this.seenStore = seenStore;
        this.timeRules = timeRules;
        this.wallClock = wallClock;
        this.counters = counters;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.clock = context.getStateStore(clockStore);
        this.seen = seenStore == null ? null : context.getStateStore(seenStore);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        Origin origin = origin(record);
        counters.read(origin.topic());
        Decoded<T> decoded = kind.codec().decode(record.value());
        if (decoded instanceof Decoded.Failed<T> failed) {
            reject(record, origin, failed.reason());
            return;
        }
        T value = ((Decoded.Ok<T>) decoded).value();
        if (!kind.metered(value)) {
            counters.ignored(origin.topic());
            return;
        }
        String problem = kind.problem(value);
        if (problem != null) {
            reject(record, origin, origin.topic() + ": " + problem);
            return;
        }
        long occurredAt = kind.occurredAt(value);
        Long newest = clock.get(NEWEST);
        String late = timeRules.problem(occurredAt, newest == null ? Long.MIN_VALUE : newest, wallClock.millis());
        if (late != null) {
            reject(record, origin, origin.topic() + ": " + late);
            return;
        }
        if (seen != null) {
            String identity = kind.identity(value);
            // The point lookup, not the Instant range fetch: that one formats a check message per call.
            if (seen.fetch(identity, occurredAt) != null) {
                counters.duplicate(origin.topic());
                return;
            }
            seen.put(identity, occurredAt, occurredAt);
        }
        long now = newest == null ? occurredAt : Math.max(newest, occurredAt);
        if (newest == null || now != newest) {
            clock.put(NEWEST, now);
        }
        // No key: every stage after this one keys what it sends by what it read in the value.
        context.forward(new Record<String, Object>(null, new Admitted<>(value, origin, now), record.timestamp(), record.headers()));
    }

    private void reject(Record<byte[], byte[]> record, Origin origin, String reason) {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        context.forward(new Record<String, Object>(key, new Rejection(origin, reason), record.timestamp(), record.headers()));
    }

    private Origin origin(Record<byte[], byte[]> record) {
        RecordMetadata metadata = context.recordMetadata().orElseThrow();
        return new Origin(metadata.topic(), metadata.partition(), metadata.offset(), record.key(), record.value());
    }
}
