package io.confab.dataapi.webhooks;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Webhooks and their deliveries in Cassandra, one method per query of storage's schema.cql. */
public interface WebhookStore {

    void create(Webhook webhook);

    List<Webhook> byAccount(String accountId);

    Optional<Webhook> find(String accountId, String webhookId);

    /** Removes the webhook, its deliveries and anything pending for it. */
    void delete(String accountId, String webhookId);

    List<Delivery> deliveries(String webhookId);

    /** Records a new delivery unless one of the same event already exists for this webhook; true when added. */
    boolean addIfAbsent(Delivery delivery);

    /** Writes the delivery's new state, and keeps it in (or takes it off) the pending list. */
    void update(Delivery delivery);

    /** A pending delivery: what the poller needs to load it. */
    record Pending(String accountId, String webhookId, String eventId, Instant nextAttemptAt) {
    }

    /** Every delivery still to be attempted. */
    List<Pending> pending();

    Optional<Delivery> delivery(String webhookId, String eventId);

    /** Takes a delivery off the pending list without writing it (its webhook is gone). */
    void dropPending(String webhookId, String eventId);
}
