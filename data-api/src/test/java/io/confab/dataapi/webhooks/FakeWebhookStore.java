package io.confab.dataapi.webhooks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The webhook tables in memory, answering each query as Cassandra would (unit tests only). */
final class FakeWebhookStore implements WebhookStore {

    final Map<String, Webhook> hooks = new LinkedHashMap<>();
    final Map<String, Delivery> deliveries = new LinkedHashMap<>();
    final Map<String, Pending> pending = new LinkedHashMap<>();

    private static String key(String webhookId, String eventId) {
        return webhookId + "/" + eventId;
    }

    @Override
    public void create(Webhook webhook) {
        hooks.put(webhook.id(), webhook);
    }

    @Override
    public List<Webhook> byAccount(String accountId) {
        return hooks.values().stream().filter(h -> h.accountId().equals(accountId)).sorted(Comparator.comparing(Webhook::id)).toList();
    }

    @Override
    public Optional<Webhook> find(String accountId, String webhookId) {
        return Optional.ofNullable(hooks.get(webhookId)).filter(h -> h.accountId().equals(accountId));
    }

    @Override
    public void delete(String accountId, String webhookId) {
        find(accountId, webhookId).ifPresent(h -> {
            hooks.remove(webhookId);
            deliveries.keySet().removeIf(k -> k.startsWith(webhookId + "/"));
            pending.keySet().removeIf(k -> k.startsWith(webhookId + "/"));
        });
    }

    @Override
    public List<Delivery> deliveries(String webhookId) {
        return deliveries.values().stream().filter(d -> d.webhookId().equals(webhookId)).toList();
    }

    @Override
    public boolean addIfAbsent(Delivery delivery) {
        if (deliveries.putIfAbsent(key(delivery.webhookId(), delivery.eventId()), delivery) != null) {
            return false;
        }
        pending.put(key(delivery.webhookId(), delivery.eventId()),
                new Pending(delivery.accountId(), delivery.webhookId(), delivery.eventId(), delivery.nextAttemptAt()));
        return true;
    }

    @Override
    public void update(Delivery delivery) {
        String key = key(delivery.webhookId(), delivery.eventId());
        deliveries.put(key, delivery);
        if (delivery.state() == Delivery.State.PENDING) {
            pending.put(key, new Pending(delivery.accountId(), delivery.webhookId(), delivery.eventId(), delivery.nextAttemptAt()));
        } else {
            pending.remove(key);
        }
    }

    @Override
    public List<Pending> pending() {
        return new ArrayList<>(pending.values());
    }

    @Override
    public Optional<Delivery> delivery(String webhookId, String eventId) {
        return Optional.ofNullable(deliveries.get(key(webhookId, eventId)));
    }

    @Override
    public void dropPending(String webhookId, String eventId) {
        pending.remove(key(webhookId, eventId));
    }
}
