package io.confab.dataapi.webhooks;

import java.time.Instant;
import java.util.Set;

/**
 * An account's registered endpoint, a row of {@code webhooks_by_account}.
 *
 * @param events the event types it is sent ({@link WebhookEvents#ALL})
 * @param secret the signing secret, as handed to the user once ({@code whsec_...}); the HMAC key is its UTF-8 bytes
 */
public record Webhook(String accountId, String id, String url, Set<String> events, String secret, Instant createdAt,
                      String createdBy) {

    public Webhook {
        events = Set.copyOf(events);
    }

    public boolean subscribedTo(String eventType) {
        return events.contains(eventType);
    }
}
