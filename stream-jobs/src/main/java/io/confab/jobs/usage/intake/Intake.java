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
 */
public final class Intake<T extends SpecificRecord> implements Processor<String, byte[], String, Object> {

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
    public void process(Record<String, byte[]> record) {
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
        context.forward(record.withValue(new Admitted<>(value, origin, now)));
    }

    private void reject(Record<String, byte[]> record, Origin origin, String reason) {
        context.forward(record.withValue(new Rejection(origin, reason)));
    }

    private Origin origin(Record<String, byte[]> record) {
        RecordMetadata metadata = context.recordMetadata().orElseThrow();
        byte[] key = record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8);
        return new Origin(metadata.topic(), metadata.partition(), metadata.offset(), key, record.value());
    }
}
