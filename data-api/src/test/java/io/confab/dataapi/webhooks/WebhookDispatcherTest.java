package io.confab.dataapi.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.confab.dataapi.recordings.FakeRecordingStore;
import io.confab.dataapi.recordings.Recording;
import io.confab.dataapi.recordings.RecordingFile;
import io.confab.storage.events.ArtifactKind;
import io.confab.storage.events.RecordingArtifact;
import io.confab.testing.MovableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dispatcher's rules over fake stores, a scripted endpoint and a clock the test moves. */
class WebhookDispatcherTest {

    private static final Instant T0 = Instant.parse("2026-12-03T12:00:00Z");
    private static final String SECRET = "whsec_0123456789";

    private final MovableClock clock = new MovableClock(T0);
    private final FakeWebhookStore hooks = new FakeWebhookStore();
    private final FakeRecordingStore recordings = new FakeRecordingStore();
    private final ScriptedEndpoint endpoint = new ScriptedEndpoint();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final WebhookDispatcher dispatcher = new WebhookDispatcher(hooks, recordings, endpoint,
            new RetrySchedule(Duration.ofSeconds(2), 5), new EndpointPolicy(true), clock, meters);

    @BeforeEach
    void setUp() {
        hooks.create(new Webhook("acct-a", "hook-1", "http://127.0.0.1:9/hook", Set.of(WebhookEvents.RECORDING_COMPLETED),
                SECRET, T0.minusSeconds(60), "u-owner"));
        String prefix = "recordings/acct-a/m-1/rec-1/";
        recordings.recordings.add(new Recording("acct-a", T0.minusSeconds(100), "rec-1", "m-1", T0.minusSeconds(10), 90_000L,
                "READY", false, List.of("Ann"), prefix + "poster.jpg"));
        recordings.files.add(new RecordingFile("m-1", "rec-1", "timeline", prefix + "timeline.json", "acct-a", "confab", 300L,
                null, "application/json", T0));
        recordings.files.add(new RecordingFile("m-1", "rec-1", "mp4", prefix + "recording.mp4", "acct-a", "confab", 123_456L,
                90_000L, "video/mp4", T0));
    }

    private static RecordingArtifact artifact(ArtifactKind kind, String account, Instant createdAt) {
        return RecordingArtifact.newBuilder().setAccountId(account).setMeetingId("m-1").setRecordingId("rec-1").setKind(kind)
                .setS3Bucket("confab").setS3Key("recordings/" + account + "/m-1/rec-1/timeline.json").setSizeBytes(300L)
                .setContentType("application/json").setCreatedAt(createdAt).build();
    }

    /** Runs the poller's passes, moving the clock a second at a time, until nothing is pending or {@code max} passes. */
    private void runPoller(int maxSeconds) {
        for (int i = 0; i < maxSeconds && !hooks.pending.isEmpty(); i++) {
            dispatcher.attemptDue();
            clock.advance(Duration.ofSeconds(1));
        }
    }

    @Test
    void anEndpointThatFailsTwiceGetsTheThirdTryWithAValidSignature() throws Exception {
        endpoint.answers.addAll(List.of(500, 500, 200));

        assertEquals(1, dispatcher.onArtifact(artifact(ArtifactKind.TIMELINE, "acct-a", T0)));
        runPoller(30);

        assertEquals(3, endpoint.received.size(), "three attempts");
        List<Duration> gaps = List.of(Duration.between(endpoint.received.get(0).at(), endpoint.received.get(1).at()),
                Duration.between(endpoint.received.get(1).at(), endpoint.received.get(2).at()));
        assertEquals(List.of(Duration.ofSeconds(2), Duration.ofSeconds(4)), gaps, "back-off between the attempts");
        Request third = endpoint.received.get(2);
        String eventId = RecordingCompleted.eventId("rec-1");
        assertEquals(eventId, third.headers().get("Confab-Event-Id"));
        assertEquals("application/json", third.headers().get("Content-Type"));
        String signature = third.headers().get("Confab-Signature");
        String t = signature.substring(2, signature.indexOf(','));
        assertEquals(third.at().getEpochSecond(), Long.parseLong(t));
        assertEquals("t=" + t + ",v1=" + WebhookSignature.hmacHex(SECRET, t + "." + third.body()), signature);

        JsonNode body = new ObjectMapper().readTree(third.body());
        assertEquals("recording.completed", body.path("type").asText());
        assertEquals(eventId, body.path("id").asText());
        assertEquals("rec-1", body.path("recordingId").asText());
        assertEquals("m-1", body.path("meetingId").asText());
        assertEquals("acct-a", body.path("accountId").asText());
        assertEquals(90_000L, body.path("durationMs").asLong());
        assertEquals(T0.toString(), body.path("createdAt").asText());
        assertEquals(List.of("mp4", "timeline"), body.path("files").findValuesAsText("kind"), "files in the API's kind order");
        assertEquals(123_456L, body.path("files").get(0).path("sizeBytes").asLong());

        Delivery delivery = hooks.delivery("hook-1", eventId).orElseThrow();
        assertEquals(Delivery.State.DELIVERED, delivery.state());
        assertEquals(3, delivery.attempts());
        assertEquals(200, delivery.lastStatus());
        assertNull(delivery.nextAttemptAt());
        assertTrue(hooks.pending.isEmpty());
        assertEquals(3.0, meters.get("confab.data.api.webhook.attempts").counter().count());
        assertEquals(1.0, meters.get("confab.data.api.webhook.delivered").counter().count());
    }

    @Test
    void theSameTimelineReadTwiceIsDeliveredOnce() {
        RecordingArtifact timeline = artifact(ArtifactKind.TIMELINE, "acct-a", T0);
        assertEquals(1, dispatcher.onArtifact(timeline));
        runPoller(5);
        assertEquals(0, dispatcher.onArtifact(timeline), "a redelivered Kafka record adds no delivery");
        runPoller(5);
        assertEquals(1, endpoint.received.size());
    }

    @Test
    void onlyTheTimelineCompletesARecording() {
        for (ArtifactKind kind : ArtifactKind.values()) {
            if (kind != ArtifactKind.TIMELINE) {
                assertEquals(0, dispatcher.onArtifact(artifact(kind, "acct-a", T0)), kind.name());
            }
        }
        assertTrue(hooks.deliveries.isEmpty());
    }

    @Test
    void anotherAccountsRecordingAndALaterHookAreNotSent() {
        assertEquals(0, dispatcher.onArtifact(artifact(ArtifactKind.TIMELINE, "acct-b", T0)));
        assertEquals(0, dispatcher.onArtifact(artifact(ArtifactKind.TIMELINE, "acct-a", T0.minusSeconds(3600))),
                "a recording completed before the hook was registered (a replayed topic) is not sent to it");
    }

    @Test
    void givesUpAfterTheLastAttemptAndSaysWhy() {
        endpoint.answers.addAll(List.of(503, 503, 503, 503, 503));
        dispatcher.onArtifact(artifact(ArtifactKind.TIMELINE, "acct-a", T0));
        runPoller(60);

        Delivery delivery = hooks.delivery("hook-1", RecordingCompleted.eventId("rec-1")).orElseThrow();
        assertEquals(Delivery.State.FAILED, delivery.state());
        assertEquals(5, delivery.attempts());
        assertEquals(503, delivery.lastStatus());
        assertEquals("answered HTTP 503", delivery.lastError());
        assertEquals(5, endpoint.received.size());
        assertEquals(List.of(2L, 4L, 8L, 16L), gapsInSeconds());
        assertEquals(1.0, meters.get("confab.data.api.webhook.failed").counter().count());
        assertTrue(hooks.pending.isEmpty());
    }

    @Test
    void aRestartedDispatcherPicksUpThePendingRetryFromTheStore() {
        endpoint.answers.add(500);
        dispatcher.onArtifact(artifact(ArtifactKind.TIMELINE, "acct-a", T0));
        dispatcher.attemptDue();
        // data-api restarts: a new dispatcher over the same tables, nothing kept in memory.
        WebhookDispatcher restarted = new WebhookDispatcher(hooks, recordings, endpoint,
                new RetrySchedule(Duration.ofSeconds(2), 5), new EndpointPolicy(true), clock, new SimpleMeterRegistry());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(0, restarted.attemptDue(), "the retry is not due before its time");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(1, restarted.attemptDue());
        assertEquals(Delivery.State.DELIVERED, hooks.delivery("hook-1", RecordingCompleted.eventId("rec-1")).orElseThrow().state());
    }

    @Test
    void aForbiddenAddressIsAFailedAttemptNotARequest() {
        WebhookDispatcher strict = new WebhookDispatcher(hooks, recordings, endpoint, new RetrySchedule(Duration.ofSeconds(2), 1),
                new EndpointPolicy(false), clock, meters);
        strict.onArtifact(artifact(ArtifactKind.TIMELINE, "acct-a", T0));
        strict.attemptDue();
        Delivery delivery = hooks.delivery("hook-1", RecordingCompleted.eventId("rec-1")).orElseThrow();
        assertEquals(Delivery.State.FAILED, delivery.state());
        assertTrue(delivery.lastError().contains("private address"), delivery.lastError());
        assertTrue(endpoint.received.isEmpty());
    }

    @Test
    void aDeletedHooksPendingDeliveryIsDropped() {
        endpoint.answers.add(500);
        dispatcher.onArtifact(artifact(ArtifactKind.TIMELINE, "acct-a", T0));
        dispatcher.attemptDue();
        hooks.hooks.clear();
        clock.advance(Duration.ofSeconds(3));
        assertEquals(0, dispatcher.attemptDue());
        assertTrue(hooks.pending.isEmpty());
        assertEquals(1, endpoint.received.size());
    }

    private List<Long> gapsInSeconds() {
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < endpoint.received.size(); i++) {
            gaps.add(Duration.between(endpoint.received.get(i - 1).at(), endpoint.received.get(i).at()).toSeconds());
        }
        return gaps;
    }

    private record Request(Instant at, Map<String, String> headers, String body) {
    }

    /** Answers with the scripted statuses in order, then 200; remembers every request and when it came. */
    private final class ScriptedEndpoint implements WebhookSender {
        final Deque<Integer> answers = new ArrayDeque<>();
        final List<Request> received = new ArrayList<>();

        @Override
        public Outcome post(String url, Map<String, String> headers, String body) {
            received.add(new Request(clock.instant(), Map.copyOf(headers), body));
            int status = answers.isEmpty() ? 200 : answers.poll();
            return new Outcome(status, status / 100 == 2 ? null : "answered HTTP " + status);
        }
    }
}
