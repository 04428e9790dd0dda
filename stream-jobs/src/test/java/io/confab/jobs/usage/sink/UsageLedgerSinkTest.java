package io.confab.jobs.usage.sink;

import io.confab.storage.codec.Codecs;
import io.confab.storage.events.UsageMetric;
import io.confab.storage.events.UsageRecord;
import io.confab.storage.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the ledger sink writes of one poll. */
class UsageLedgerSinkTest {

    private long offset;

    @Test
    void writesOnlyTheLastValueOfEachRecordIdInAPollAndSkipsWhatDoesNotDecode() {
        List<ConsumerRecord<String, byte[]>> poll = List.of(
                record(usage("peak-a", UsageMetric.PEAK_PARTICIPANTS, 3)),
                record(usage("minutes-a", UsageMetric.PARTICIPANT_MINUTES, 60_000)),
                record(usage("peak-a", UsageMetric.PEAK_PARTICIPANTS, 5)),
                new ConsumerRecord<>(Topics.USAGE_RECORDS, 0, offset++, "acct", new byte[]{1, 2, 3}),
                record(usage("peak-a", UsageMetric.PEAK_PARTICIPANTS, 4)),
                record(usage("minutes-b", UsageMetric.PARTICIPANT_MINUTES, 0)));
        List<String> skipped = new ArrayList<>();

        List<String> written = UsageLedgerSink.lastOfEachRecord(poll,
                        (record, failure) -> skipped.add(record.offset() + " " + failure.problem())).stream()
                .map(u -> u.getRecordId() + "=" + u.getQuantity()).toList();

        assertEquals(List.of("peak-a=4", "minutes-a=60000", "minutes-b=0"), written);
        assertEquals(List.of("3 NOT_SINGLE_OBJECT_ENCODED"), skipped, "the record that does not decode, by offset, with why");
    }

    @Test
    void undecodableRecordsAreCountedOnTheExportedCounter() {
        UndecodableUsageRecords undecodable = new UndecodableUsageRecords();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        undecodable.bindTo(registry);
        List<ConsumerRecord<String, byte[]>> poll = List.of(
                new ConsumerRecord<>(Topics.USAGE_RECORDS, 0, offset++, "acct", new byte[0]),
                record(usage("peak-a", UsageMetric.PEAK_PARTICIPANTS, 3)),
                new ConsumerRecord<>(Topics.USAGE_RECORDS, 0, offset++, "acct", new byte[]{1, 2, 3}));

        assertEquals(1, UsageLedgerSink.lastOfEachRecord(poll, undecodable::skip).size());

        assertEquals(2, undecodable.count());
        assertEquals(2.0, registry.get("confab_usage_ledger_records_undecodable").functionCounter().count(),
                "both bad records on the counter the meter's /metrics serves");
    }

    private ConsumerRecord<String, byte[]> record(UsageRecord usage) {
        return new ConsumerRecord<>(Topics.USAGE_RECORDS, 0, offset++, usage.getAccountId(), Codecs.USAGE_RECORDS.encode(usage));
    }

    private static UsageRecord usage(String id, UsageMetric metric, long quantity) {
        return UsageRecord.newBuilder().setRecordId(id).setAccountId("acct").setMetric(metric).setQuantity(quantity)
                .setWindowStart(Instant.parse("2026-12-04T00:00:00Z")).setWindowEnd(Instant.parse("2026-12-05T00:00:00Z")).build();
    }
}
