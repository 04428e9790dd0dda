package io.confab.bot;

import io.confab.core.CoreConfig;
import io.confab.core.mediaplane.MediaPlane;
import io.confab.core.sfu.MediaSignal;
import io.confab.core.sfu.Sfu;
import io.confab.core.sfu.SfuConfig;
import io.confab.core.sfu.SfuSignals;
import io.confab.core.signaling.protocol.ParticipantId;
import io.confab.testing.Eventually;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SFU on several media threads (issue 20 item 3): each thread reads its own UDP port and runs
 * the meetings placed on it. Two meetings of two bot participants each, on an SFU with two media
 * threads, over real sockets on loopback: both meetings forward audio and video both ways, each
 * lands on its own thread, every participant's candidates name its meeting's thread's port, and
 * everything the SFU does for a meeting (answers, offers, speaker changes: commands, packets and
 * timers) happens on that one thread.
 */
class SfuMediaThreadsTest {

    private static final String TOKEN = "--token-secret=" + "ab".repeat(32);

    @Test
    void twoMeetingsLandOnDifferentMediaThreadsAndBothForward() throws Exception {
        SfuConfig config = CoreConfig.parse(new String[] {TOKEN, "--host=127.0.0.1", "--sfu-port=0", "--sfu-media-threads=2",
                "--sfu-last-n=-1"}).sfu();
        assertEquals(2, config.mediaThreads());
        Map<ParticipantId, DirectParticipant> byId = new ConcurrentHashMap<>();
        // Every thread the SFU called back from, per meeting: answers and offers come from commands,
        // speaker changes from the packet path.
        Map<String, Set<String>> threadsByMeeting = new ConcurrentHashMap<>();
        SfuSignals signals = new SfuSignals() {
            @Override
            public void send(String meetingId, ParticipantId to, MediaSignal signal) {
                threadsByMeeting.computeIfAbsent(meetingId, m -> ConcurrentHashMap.newKeySet()).add(Thread.currentThread().getName());
                byId.get(to).onSignal(signal);
            }

            @Override
            public void activeSpeaker(String meetingId, ParticipantId speaker) {
                threadsByMeeting.computeIfAbsent(meetingId, m -> ConcurrentHashMap.newKeySet()).add(Thread.currentThread().getName());
            }
        };
        List<MediaPlane.MeetingRef> meetings = List.of(new MediaPlane.MeetingRef("8510000001", "acct-1"),
                new MediaPlane.MeetingRef("8510000002", "acct-2"));
        List<List<DirectParticipant>> pairs = new ArrayList<>();
        try (Sfu sfu = new Sfu(config, signals, null)) {
            sfu.start();
            List<InetSocketAddress> ports = sfu.addresses();
            assertEquals(2, ports.size());
            assertNotEquals(ports.get(0).getPort(), ports.get(1).getPort(), "each media thread has a port of its own");
            try {
                for (MediaPlane.MeetingRef meeting : meetings) {
                    List<DirectParticipant> pair = List.of(new DirectParticipant(sfu, meeting, "p-" + meeting.meetingId() + "-a"),
                            new DirectParticipant(sfu, meeting, "p-" + meeting.meetingId() + "-b"));
                    pairs.add(pair);
                    for (DirectParticipant participant : pair) {
                        byId.put(participant.id, participant);
                        participant.join();
                    }
                }
                awaitBothWaysInEveryMeeting(pairs);

                awaitPublished(sfu);
                Map<String, Object> stats = sfu.stats();
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> perThread = (List<Map<String, Object>>) stats.get("mediaThreads");
                assertEquals(2, perThread.size(), stats.toString());
                long forwardedByThreads = 0;
                for (Map<String, Object> thread : perThread) {
                    assertEquals(1, thread.get("meetings"), "one meeting on each thread: " + perThread);
                    assertEquals(2, thread.get("participants"), perThread.toString());
                    assertTrue(((Number) thread.get("forwardedPackets")).longValue() > 0, "each thread forwards: " + perThread);
                    forwardedByThreads += ((Number) thread.get("forwardedPackets")).longValue();
                }
                assertEquals(2, stats.get("meetings"), "the totals sum the threads: " + stats);
                // Media still flows: a later total lies between the threads' sums read before and after it.
                Map<String, Object> later = sfu.stats();
                long total = ((Number) later.get("forwardedPackets")).longValue();
                @SuppressWarnings("unchecked")
                long forwardedByThreadsAfter = ((List<Map<String, Object>>) later.get("mediaThreads")).stream()
                        .mapToLong(t -> ((Number) t.get("forwardedPackets")).longValue()).sum();
                assertTrue(forwardedByThreads <= total && total <= forwardedByThreadsAfter,
                        "the total forwarded is the threads' sum: " + forwardedByThreads + " <= " + total + " <= " + forwardedByThreadsAfter);

                Set<String> meetingThreads = new HashSet<>();
                for (int m = 0; m < meetings.size(); m++) {
                    String meetingId = meetings.get(m).meetingId();
                    Set<String> threads = threadsByMeeting.get(meetingId);
                    assertEquals(1, threads.size(), "everything of meeting " + meetingId + " ran on one thread: " + threads);
                    String thread = threads.iterator().next();
                    meetingThreads.add(thread);
                    Map<String, Object> owner = perThread.stream().filter(t -> thread.equals(t.get("thread"))).findFirst()
                            .orElseThrow(() -> new AssertionError(thread + " is not one of the SFU's media threads: " + perThread));
                    for (DirectParticipant participant : pairs.get(m)) {
                        assertNull(participant.failure(), participant.id.value());
                        for (InetSocketAddress candidate : participant.candidates()) {
                            assertEquals(owner.get("address"), "127.0.0.1:" + candidate.getPort(),
                                    participant.id.value() + "'s candidates name the port of its meeting's thread " + thread);
                        }
                    }
                }
                assertEquals(2, meetingThreads.size(), "the two meetings are on two different threads: " + threadsByMeeting);
            } finally {
                pairs.stream().flatMap(List::stream).forEach(DirectParticipant::close);
            }
        }
    }

    private static void awaitBothWaysInEveryMeeting(List<List<DirectParticipant>> pairs) throws InterruptedException {
        Eventually.within(Duration.ofSeconds(60)).until("every participant receiving video and audio from the other",
                () -> bothWays(pairs), seen -> seen.all);
    }

    /** What every participant has received from the other of its pair, and whether that is enough. */
    private record BothWays(boolean all, String seen) {
        @Override
        public String toString() {
            return "\n" + seen;
        }
    }

    private static BothWays bothWays(List<List<DirectParticipant>> pairs) {
        boolean all = true;
        StringBuilder seen = new StringBuilder();
        for (List<DirectParticipant> pair : pairs) {
            for (int i = 0; i < 2; i++) {
                DirectParticipant receiver = pair.get(i);
                DirectParticipant sender = pair.get(1 - i);
                long video = receiver.videoPacketsFrom(sender);
                long audio = receiver.audioPacketsFrom(sender);
                seen.append(receiver.id.value()).append(" got ").append(video).append(" video and ").append(audio)
                        .append(" audio packets; failure: ").append(receiver.failure()).append('\n');
                all &= video > 100 && audio > 50;
            }
        }
        return new BothWays(all, seen.toString());
    }

    /** The threads' statistics are published every 250 ms; waits for a walk that sees the participants. */
    private static void awaitPublished(Sfu sfu) throws InterruptedException {
        Eventually.within(Duration.ofSeconds(10)).every(Duration.ofMillis(50))
                .until("the SFU's published statistics to count 4 participants", () -> sfu.stats().get("participants"),
                        Integer.valueOf(4)::equals);
    }
}
