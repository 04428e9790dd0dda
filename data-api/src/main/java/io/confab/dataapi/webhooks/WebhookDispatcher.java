package io.confab.dataapi.webhooks;

import io.confab.dataapi.recordings.RecordingStore;
import io.confab.storage.events.ArtifactKind;
import io.confab.storage.events.RecordingArtifact;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rules of webhook delivery, with no thread or socket of its own: an artifact in, deliveries
 * recorded; a due delivery in, one attempt made and its outcome recorded. {@link ArtifactListener}
 * and {@link DeliveryPoller} drive it.
 *
 * <p>A delivery is written as pending before any attempt, so every attempt, including the first,
 * comes from the pending list: a restart loses nothing, and an attempt in flight when the process
 * died is made again (receivers dedupe by {@code Confab-Event-Id}).
 */
public final class WebhookDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);

    private final WebhookStore hooks;
    private final RecordingStore recordings;
    private final WebhookSender sender;
    private final RetrySchedule schedule;
    private final EndpointPolicy policy;
    private final Clock clock;
    private final Counter attempted;
    private final Counter delivered;
    private final Counter failed;

    public WebhookDispatcher(WebhookStore hooks, RecordingStore recordings, WebhookSender sender, RetrySchedule schedule,
                             EndpointPolicy policy, Clock clock, MeterRegistry meters) {
        this.hooks = hooks;
        this.recordings = recordings;
        this.sender = sender;
        this.schedule = schedule;
        this.policy = policy;
        this.clock = clock;
        this.attempted = Counter.builder("confab.data.api.webhook.attempts")
                .description("Webhook POSTs attempted, first tries and retries").register(meters);
        this.delivered = Counter.builder("confab.data.api.webhook.delivered")
                .description("Webhook deliveries that ended with a 2xx answer").register(meters);
        this.failed = Counter.builder("confab.data.api.webhook.failed")
                .description("Webhook deliveries given up after their last attempt (logged at WARN)").register(meters);
    }

    /**
     * Records a {@code recording.completed} delivery for every hook of the artifact's account that
     * subscribes to it, when the artifact is the recording's timeline (published last). A hook
     * registered after the recording completed is not sent it (a replayed topic does not send
     * history to new hooks). Returns how many deliveries were added; an event already recorded for
     * a hook (the same Kafka record read again) adds none.
     */
    public int onArtifact(RecordingArtifact artifact) {
        if (artifact.getKind() != ArtifactKind.TIMELINE) {
            return 0;
        }
        Instant now = clock.instant();
        RecordingCompleted event = null;
        int added = 0;
        for (Webhook hook : hooks.byAccount(artifact.getAccountId())) {
            if (!hook.subscribedTo(WebhookEvents.RECORDING_COMPLETED) || hook.createdAt().isAfter(artifact.getCreatedAt())) {
                continue;
            }
            if (event == null) {
                event = RecordingCompleted.of(artifact, recordings);
            }
            if (hooks.addIfAbsent(Delivery.pending(hook.id(), event.id(), hook.accountId(), event.type(), event.toJson(), now))) {
                added++;
            }
        }
        if (added > 0) {
            LOG.info("recording {} completed: {} delivery(ies) of event {} queued", artifact.getRecordingId(), added, event.id());
        }
        return added;
    }

    /** Attempts every pending delivery that is due; returns how many were attempted. */
    public int attemptDue() {
        Instant now = clock.instant();
        int count = 0;
        for (WebhookStore.Pending pending : hooks.pending()) {
            if (pending.nextAttemptAt() != null && pending.nextAttemptAt().isAfter(now)) {
                continue;
            }
            Optional<Webhook> hook = hooks.find(pending.accountId(), pending.webhookId());
            Optional<Delivery> delivery = hooks.delivery(pending.webhookId(), pending.eventId());
            if (hook.isEmpty() || delivery.isEmpty() || delivery.get().state() != Delivery.State.PENDING) {
                hooks.dropPending(pending.webhookId(), pending.eventId());
                continue;
            }
            attempt(hook.get(), delivery.get());
            count++;
        }
        return count;
    }

    /** One attempt of {@code delivery} to {@code hook}, its outcome recorded; returns the delivery's new state. */
    Delivery attempt(Webhook hook, Delivery delivery) {
        Instant sentAt = clock.instant();
        WebhookSender.Outcome outcome = policy.refusal(hook.url())
                .map(refusal -> new WebhookSender.Outcome(null, refusal))
                .orElseGet(() -> sender.post(hook.url(), headers(hook, delivery, sentAt), delivery.body()));
        attempted.increment();
        Instant now = clock.instant();
        Delivery next;
        if (outcome.delivered()) {
            next = delivery.delivered(outcome.status(), now);
            delivered.increment();
        } else {
            String error = outcome.error() != null ? outcome.error() : "answered HTTP " + outcome.status();
            int attempt = delivery.attempts() + 1;
            Optional<java.time.Duration> delay = schedule.delayAfter(attempt);
            if (delay.isPresent()) {
                next = delivery.retryAt(outcome.status(), error, now.plus(delay.get()), now);
            } else {
                next = delivery.failed(outcome.status(), error, now);
                failed.increment();
                LOG.warn("webhook {} ({}) gave up on event {} ({}) after {} attempt(s); last error: {}", hook.id(), hook.url(),
                        delivery.eventId(), delivery.eventType(), attempt, error);
            }
        }
        hooks.update(next);
        return next;
    }

    static Map<String, String> headers(Webhook hook, Delivery delivery, Instant sentAt) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put(WebhookSignature.EVENT_ID_HEADER, delivery.eventId());
        headers.put(WebhookSignature.HEADER, WebhookSignature.header(hook.secret(), sentAt, delivery.body()));
        return headers;
    }
}
