package io.confab.core.sfu;

import io.confab.core.testing.ReferenceDefaults;
import io.confab.core.signaling.protocol.ParticipantId;
import io.confab.testing.Eventually;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator's statistics come from a snapshot the media thread publishes on its own timer: a
 * request never walks the conferences, nor waits for the media thread to do it.
 */
class PublishedStatsTest {

    private static final SfuSignals NO_SIGNALS = new SfuSignals() {
        @Override
        public void send(String meetingId, ParticipantId to, MediaSignal signal) {
        }

        @Override
        public void activeSpeaker(String meetingId, ParticipantId speaker) {
        }
    };

    @Test
    void aBusyMediaThreadStillGetsTheLastPublishedSnapshotServed() throws Exception {
        try (Sfu sfu = new Sfu(ReferenceDefaults.sfu("127.0.0.1", 0, 25), NO_SIGNALS, null)) {
            sfu.start();
            awaitPublished(sfu);
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch busy = new CountDownLatch(1);
            sfu.execute(() -> {
                busy.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            try {
                assertTrue(busy.await(10, TimeUnit.SECONDS), "the media thread never ran the blocking task");
                Map<String, Object> stats = sfu.stats();
                assertEquals(0, stats.get("meetings"),
                        "a request while the media thread is busy is answered from the last snapshot, not -1 after a wait: " + stats);
                assertEquals(0, stats.get("participants"), stats.toString());
                assertTrue(stats.get("statsPublishedAt") instanceof String, "the snapshot says when it was taken: " + stats);
            } finally {
                release.countDown();
            }
        }
    }

    private static void awaitPublished(Sfu sfu) throws InterruptedException {
        Eventually.within(Duration.ofSeconds(10)).every(Duration.ofMillis(20))
                .until("the media thread's first statistics snapshot", sfu::stats, stats -> stats.get("statsPublishedAt") instanceof String);
    }
}
