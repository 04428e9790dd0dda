package io.confab.storage.fuzz;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.confab.storage.codec.Codecs;
import io.confab.storage.codec.EventCodec;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterAll;

/**
 * The topics' decoders fed what a fuzzer makes of real encoded events
 * ({@code EventDecodersFuzzTestInputs/anyTopic/}): a record from Kafka is decoded or refused with a
 * reason, never an exception and never an allocation the bytes only claim (see BoundedDecoder).
 * Regression mode in the normal run; fuzzed for a bounded time by {@code ./run-tests} (see the pom).
 */
class EventDecodersFuzzTest {

    private static final List<EventCodec<?>> CODECS = List.of(Codecs.MEETING_EVENTS, Codecs.MEDIA_PACKETS, Codecs.MEDIA_QUALITY,
            Codecs.TRANSCRIPT_SEGMENTS, Codecs.RECORDING_ARTIFACTS, Codecs.USAGE_RECORDS, Codecs.AUDIT_LOG, Codecs.NOTIFICATIONS,
            Codecs.TRANSCRIPTION_REQUESTS, Codecs.DEAD_LETTERS);

    /** Inputs run in this JVM, printed at the end: the fuzzing figure in the README. */
    private static final LongAdder RUNS = new LongAdder();
    private static final long STARTED = System.nanoTime();

    @AfterAll
    static void report() {
        System.out.printf("fuzz anyTopic: %d inputs in %.0f s%n", RUNS.sum(), (System.nanoTime() - STARTED) / 1e9);
    }

    @FuzzTest(maxDuration = "10s")
    void anyTopic(byte[] record) {
        RUNS.increment();
        for (EventCodec<?> codec : CODECS) {
            assertNotNull(codec.decode(record));
        }
    }
}
