package io.confab.jobs.usage.sink;

import io.confab.storage.codec.Decoded;
import io.confab.storage.events.UsageRecord;
import io.confab.storage.logging.RateLimitedLog;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The usage.records records the ledger sink cannot decode. Only the meter writes that topic, so one
 * is a bug, not input; the sink has no dead-letter topic of its own: the record stays in
 * usage.records at its offset (for the topic's retention) and is not written to Cassandra. Each is
 * counted ({@code confab_usage_ledger_records_undecodable_total}) and logged with its offset and
 * reason, rate-limited: a meter writing nothing but bad records would otherwise log a line per record.
 */
public final class UndecodableUsageRecords implements MeterBinder {

    private final AtomicLong count = new AtomicLong();
    private final RateLimitedLog log = new RateLimitedLog(LoggerFactory.getLogger(UsageLedgerSink.class), Duration.ofSeconds(10));

    void skip(ConsumerRecord<String, byte[]> record, Decoded.Failed<UsageRecord> failure) {
        count.incrementAndGet();
        log.error("usage ledger: skipped an undecodable usage record at " + record.topic() + "-" + record.partition()
                + "@" + record.offset() + " (left in the topic, not written to Cassandra): " + failure.reason(), null);
    }

    public long count() {
        return count.get();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("confab_usage_ledger_records_undecodable", count, AtomicLong::get)
                .description("usage.records records the ledger sink could not decode: skipped, left in the topic at their"
                        + " offset, logged (rate-limited) with it")
                .register(registry);
    }
}
