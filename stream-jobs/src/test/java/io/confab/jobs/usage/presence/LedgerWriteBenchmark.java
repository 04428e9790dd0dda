package io.confab.jobs.usage.presence;

import io.confab.jobs.usage.StateSerde;
import io.confab.jobs.usage.bench.MeetingTraffic;
import io.confab.jobs.usage.intake.MeetingEventInput;
import io.confab.storage.codec.Codecs;
import io.confab.storage.events.MeetingEvent;
import org.apache.kafka.common.serialization.Serializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the meter pays to serialize a meeting's ledger, which it does for every ledger an event touched
 * at each commit: the largest piece of its own work on the stream thread (stream-jobs/README.md, round
 * {@code key51}). The ledgers are those of the usage bench's meetings ({@link MeetingTraffic}: ten people,
 * two of them reconnecting, one never leaving), folded to their end. A figure, never asserted.
 *
 * <pre>
 * mvn -o -q -pl stream-jobs test-compile
 * mvn -o -q -pl stream-jobs dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/cp.txt
 * java -cp stream-jobs/target/test-classes:stream-jobs/target/classes:$(cat /tmp/cp.txt) \
 *     org.openjdk.jmh.Main LedgerWriteBenchmark -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LedgerWriteBenchmark {

    private static final int MEETINGS = 200;

    private final Serializer<MeetingLedger> serializer = StateSerde.serializer(MeetingLedger.FORMAT);
    private List<MeetingLedger> ledgers;

    @Setup
    public void foldTheBenchMeetings() {
        long until = Instant.parse("2026-12-01T00:00:00Z").toEpochMilli();
        List<MeetingTraffic.Input> inputs = MeetingTraffic.generate(new MeetingTraffic.Shape(MEETINGS, 10, 20, 3, 2), until, "bench", 51);
        Map<String, MeetingLedger> byMeeting = new LinkedHashMap<>();
        MeetingEventInput intake = new MeetingEventInput();
        long offset = 0;
        for (MeetingTraffic.Input input : inputs) {
            MeetingEvent event = Codecs.MEETING_EVENTS.decode(input.value()).orElseThrow();
            if (!intake.metered(event)) {
                continue;
            }
            MeetingLedger ledger = byMeeting.computeIfAbsent(event.getMeetingId(), MeetingLedger::new);
            ledger.seen().add(event.getEventId(), event.getOccurredAt().toEpochMilli());
            MeetingFold.apply(ledger, event, new Origin("meeting.events", 0, offset++, null, input.value()), Long.MIN_VALUE,
                    MeterRules.DEFAULTS);
        }
        ledgers = new ArrayList<>(byMeeting.values());
        if (ledgers.size() != MEETINGS) {
            throw new IllegalStateException(ledgers.size() + " ledgers from " + MEETINGS + " meetings");
        }
    }

    /** All the ledgers once; the time is per ledger. Returns the bytes written, so nothing is left unused. */
    @Benchmark
    @OperationsPerInvocation(MEETINGS)
    public long serializeALedger() {
        long bytes = 0;
        for (MeetingLedger ledger : ledgers) {
            bytes += serializer.serialize("usage-meetings-changelog", ledger).length;
        }
        return bytes;
    }
}
