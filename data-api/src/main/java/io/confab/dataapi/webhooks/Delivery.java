package io.confab.dataapi.webhooks;

import java.time.Instant;

/**
 * One event on its way to one webhook, a row of {@code webhook_deliveries_by_webhook}; every
 * attempt replaces it with the next state.
 *
 * @param body          the exact JSON every attempt sends (signed afresh each time)
 * @param attempts      attempts made so far
 * @param lastStatus    HTTP status of the last attempt, or null when it got no answer
 * @param lastError     why the last attempt did not deliver (no answer, or a non-2xx status), or null
 * @param nextAttemptAt when the next attempt is due; null once delivered or failed
 */
public record Delivery(String webhookId, String eventId, String accountId, String eventType, String body, int attempts,
                       Integer lastStatus, String lastError, Instant nextAttemptAt, State state, Instant createdAt,
                       Instant updatedAt) {

    public enum State {
        PENDING, DELIVERED, FAILED
    }

    /** A new delivery, due at once. */
    public static Delivery pending(String webhookId, String eventId, String accountId, String eventType, String body,
                                   Instant now) {
        return new Delivery(webhookId, eventId, accountId, eventType, body, 0, null, null, now, State.PENDING, now, now);
    }

    Delivery delivered(int status, Instant now) {
        return new Delivery(webhookId, eventId, accountId, eventType, body, attempts + 1, status, null, null,
                State.DELIVERED, createdAt, now);
    }

    Delivery retryAt(Integer status, String error, Instant next, Instant now) {
        return new Delivery(webhookId, eventId, accountId, eventType, body, attempts + 1, status, error, next,
                State.PENDING, createdAt, now);
    }

    Delivery failed(Integer status, String error, Instant now) {
        return new Delivery(webhookId, eventId, accountId, eventType, body, attempts + 1, status, error, null,
                State.FAILED, createdAt, now);
    }
}
