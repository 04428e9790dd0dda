package io.confab.dataapi.webhooks;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.confab.storage.cassandra.CassandraSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** {@link WebhookStore} over the three webhook tables of storage's schema.cql. */
public final class CassandraWebhookStore implements WebhookStore {

    static final String HOOKS = CassandraSchema.table("webhooks_by_account");
    static final String DELIVERIES = CassandraSchema.table("webhook_deliveries_by_webhook");
    static final String PENDING = CassandraSchema.table("pending_webhook_deliveries");
    /** One partition holds every pending delivery; see schema.cql. */
    private static final int SHARD = 0;

    private final CqlSession session;
    private final PreparedStatement insertHook;
    private final PreparedStatement hooksOf;
    private final PreparedStatement hook;
    private final PreparedStatement deleteHook;
    private final PreparedStatement deleteDeliveries;
    private final PreparedStatement deletePendingOf;
    private final PreparedStatement deliveries;
    private final PreparedStatement delivery;
    private final PreparedStatement insertDelivery;
    private final PreparedStatement updateDelivery;
    private final PreparedStatement insertPending;
    private final PreparedStatement deletePending;
    private final PreparedStatement pending;

    public CassandraWebhookStore(CqlSession session) {
        this.session = session;
        this.insertHook = session.prepare("INSERT INTO " + HOOKS
                + " (account_id, webhook_id, url, events, secret, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)");
        this.hooksOf = session.prepare("SELECT * FROM " + HOOKS + " WHERE account_id = ?");
        this.hook = session.prepare("SELECT * FROM " + HOOKS + " WHERE account_id = ? AND webhook_id = ?");
        this.deleteHook = session.prepare("DELETE FROM " + HOOKS + " WHERE account_id = ? AND webhook_id = ?");
        this.deleteDeliveries = session.prepare("DELETE FROM " + DELIVERIES + " WHERE webhook_id = ?");
        this.deletePendingOf = session.prepare("DELETE FROM " + PENDING + " WHERE shard = ? AND webhook_id = ?");
        this.deliveries = session.prepare("SELECT * FROM " + DELIVERIES + " WHERE webhook_id = ?");
        this.delivery = session.prepare("SELECT * FROM " + DELIVERIES + " WHERE webhook_id = ? AND event_id = ?");
        String columns = " (webhook_id, event_id, account_id, event_type, body, attempts, last_status, last_error, "
                + "next_attempt_at, state, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        // The dedupe: a Kafka record read twice makes the same event id, and the second insert does nothing.
        this.insertDelivery = session.prepare("INSERT INTO " + DELIVERIES + columns + " IF NOT EXISTS");
        this.updateDelivery = session.prepare("INSERT INTO " + DELIVERIES + columns);
        this.insertPending = session.prepare("INSERT INTO " + PENDING
                + " (shard, webhook_id, event_id, account_id, next_attempt_at) VALUES (?, ?, ?, ?, ?)");
        this.deletePending = session.prepare("DELETE FROM " + PENDING + " WHERE shard = ? AND webhook_id = ? AND event_id = ?");
        this.pending = session.prepare("SELECT * FROM " + PENDING + " WHERE shard = ?");
    }

    @Override
    public void create(Webhook w) {
        session.execute(insertHook.bind(w.accountId(), w.id(), w.url(), w.events(), w.secret(), w.createdAt(), w.createdBy()));
    }

    @Override
    public List<Webhook> byAccount(String accountId) {
        return all(hooksOf.bind(accountId), CassandraWebhookStore::webhook);
    }

    @Override
    public Optional<Webhook> find(String accountId, String webhookId) {
        return first(hook.bind(accountId, webhookId), CassandraWebhookStore::webhook);
    }

    @Override
    public void delete(String accountId, String webhookId) {
        // The hook first: the poller drops a pending delivery whose hook is gone.
        session.execute(deleteHook.bind(accountId, webhookId));
        session.execute(deletePendingOf.bind(SHARD, webhookId));
        session.execute(deleteDeliveries.bind(webhookId));
    }

    @Override
    public List<Delivery> deliveries(String webhookId) {
        return all(deliveries.bind(webhookId), CassandraWebhookStore::delivery);
    }

    @Override
    public Optional<Delivery> delivery(String webhookId, String eventId) {
        return first(delivery.bind(webhookId, eventId), CassandraWebhookStore::delivery);
    }

    @Override
    public boolean addIfAbsent(Delivery d) {
        boolean added = session.execute(bind(insertDelivery, d)).wasApplied();
        if (added) {
            session.execute(insertPending.bind(SHARD, d.webhookId(), d.eventId(), d.accountId(), d.nextAttemptAt()));
        }
        return added;
    }

    @Override
    public void update(Delivery d) {
        session.execute(bind(updateDelivery, d));
        if (d.state() == Delivery.State.PENDING) {
            session.execute(insertPending.bind(SHARD, d.webhookId(), d.eventId(), d.accountId(), d.nextAttemptAt()));
        } else {
            session.execute(deletePending.bind(SHARD, d.webhookId(), d.eventId()));
        }
    }

    @Override
    public void dropPending(String webhookId, String eventId) {
        session.execute(deletePending.bind(SHARD, webhookId, eventId));
    }

    @Override
    public List<Pending> pending() {
        return all(pending.bind(SHARD), row -> new Pending(row.getString("account_id"), row.getString("webhook_id"),
                row.getString("event_id"), row.getInstant("next_attempt_at")));
    }

    private <T> List<T> all(BoundStatement statement, Function<Row, T> read) {
        List<T> result = new ArrayList<>();
        for (Row row : session.execute(statement)) {
            result.add(read.apply(row));
        }
        return result;
    }

    private <T> Optional<T> first(BoundStatement statement, Function<Row, T> read) {
        return Optional.ofNullable(session.execute(statement).one()).map(read);
    }

    private static BoundStatement bind(PreparedStatement statement, Delivery d) {
        return statement.bind(d.webhookId(), d.eventId(), d.accountId(), d.eventType(), d.body(), d.attempts(),
                d.lastStatus(), d.lastError(), d.nextAttemptAt(), d.state().name(), d.createdAt(), d.updatedAt());
    }

    private static Webhook webhook(Row row) {
        return new Webhook(row.getString("account_id"), row.getString("webhook_id"), row.getString("url"),
                row.getSet("events", String.class), row.getString("secret"), row.getInstant("created_at"),
                row.getString("created_by"));
    }

    private static Delivery delivery(Row row) {
        return new Delivery(row.getString("webhook_id"), row.getString("event_id"), row.getString("account_id"),
                row.getString("event_type"), row.getString("body"), row.getInt("attempts"),
                row.isNull("last_status") ? null : row.getInt("last_status"), row.getString("last_error"),
                row.getInstant("next_attempt_at"), Delivery.State.valueOf(row.getString("state")),
                row.getInstant("created_at"), row.getInstant("updated_at"));
    }
}
