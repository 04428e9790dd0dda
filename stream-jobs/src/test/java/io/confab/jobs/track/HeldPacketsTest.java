package io.confab.jobs.track;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.junit.jupiter.api.Test;

class HeldPacketsTest {

    /** Flink's list state as a plain list, counting whole-list rewrites. */
    static final class ListInMemory implements ListState<byte[]> {
        final List<byte[]> values = new ArrayList<>();
        int rewrites;

        @Override
        public Iterable<byte[]> get() {
            return values;
        }

        @Override
        public void add(byte[] value) {
            values.add(value);
        }

        @Override
        public void update(List<byte[]> replacement) {
            rewrites++;
            values.clear();
            values.addAll(replacement);
        }

        @Override
        public void addAll(List<byte[]> more) {
            values.addAll(more);
        }

        @Override
        public void clear() {
            values.clear();
        }
    }

    private static byte[] record(int n) {
        return new byte[] {(byte) n, (byte) (n >> 8)};
    }

    @Test
    void releaseGivesBackTheRecordsInTheOrderHeldAndEmptiesTheHold() throws Exception {
        HeldPackets held = HeldPackets.capped(new ListInMemory(), Duration.ofSeconds(30), 10);
        assertTrue(held.isEmpty());
        held.hold(1_000, record(1));
        held.hold(1_005, record(2));
        assertFalse(held.isEmpty());

        List<byte[]> released = held.release();
        assertEquals(2, released.size());
        assertArrayEquals(record(1), released.get(0));
        assertArrayEquals(record(2), released.get(1));
        assertTrue(held.isEmpty());
    }

    @Test
    void theHoldCountsFromTheReadingAndExpiresOnlyWhatIsOlder() throws Exception {
        ListInMemory state = new ListInMemory();
        HeldPackets held = HeldPackets.capped(state, Duration.ofSeconds(30), 10);
        held.hold(1_000, record(1));
        held.hold(2_000, record(2));
        held.hold(3_000, record(3));

        assertEquals(0, held.expire(31_000), "read 30 s ago exactly: still held");
        assertEquals(0, state.rewrites, "nothing due: the list is not rewritten");
        assertEquals(2, held.expire(32_500));
        assertEquals(List.of(3), state.values.stream().map(v -> (int) v[8]).toList());
    }

    @Test
    void aCappedHoldDropsTheOldestBeyondTheCapAtOnce() throws Exception {
        ListInMemory state = new ListInMemory();
        HeldPackets held = HeldPackets.capped(state, Duration.ofSeconds(30), 2);
        for (int n = 1; n <= 5; n++) {
            held.hold(1_000, record(n));
        }
        assertEquals(3, held.expire(1_000));
        assertEquals(List.of(4, 5), state.values.stream().map(v -> (int) v[8]).toList());
        assertEquals(0, held.expire(1_000));
    }

    @Test
    void aBatchedHoldWaitsUntilTheOldestIsABatchPastTheHoldThenDropsAllThatAreDue() throws Exception {
        ListInMemory state = new ListInMemory();
        HeldPackets held = HeldPackets.expiringInBatches(state, Duration.ofSeconds(30), Duration.ofSeconds(5));
        for (int n = 0; n < 10; n++) {
            held.hold(1_000 + n * 1_000L, record(n));
        }
        assertEquals(0, held.expire(35_999), "the oldest is 4.999 s past the hold: no batch yet");
        assertEquals(0, state.rewrites);
        assertEquals(6, held.expire(36_001), "read at 1..6 s are more than 30 s old at 36.001 s");
        assertEquals(1, state.rewrites, "one rewrite for the whole batch");
        assertEquals(List.of(6, 7, 8, 9), state.values.stream().map(v -> (int) v[8]).toList());
    }

    @Test
    void anEmptyHoldExpiresNothing() throws Exception {
        ListInMemory state = new ListInMemory();
        assertEquals(0, HeldPackets.capped(state, Duration.ofSeconds(1), 0).expire(Long.MAX_VALUE));
        assertEquals(0, state.rewrites);
    }

    @Test
    void negativeSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> HeldPackets.capped(new ListInMemory(), Duration.ofSeconds(-1), 2));
        assertThrows(IllegalArgumentException.class, () -> HeldPackets.capped(new ListInMemory(), Duration.ofSeconds(1), -1));
        assertThrows(IllegalArgumentException.class,
                () -> HeldPackets.expiringInBatches(new ListInMemory(), Duration.ofSeconds(1), Duration.ofSeconds(-5)));
    }
}
