package io.confab.jobs.usage.presence;

import io.confab.jobs.usage.account.PresenceChange;
import io.confab.jobs.usage.account.PresenceChanges;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * The meeting fold's span changes between the fold and the repartition to the peak fold, sent once
 * per commit: one {@link PresenceChanges} per account, its changes in the order made, handed to the
 * fold's sender when Kafka Streams flushes its stores' caches, in every commit before the
 * transaction commits (the hook {@code sink.SessionOutbox} uses, and why). Sent one record per
 * change, they were a quarter of the meter's CPU (stream-jobs/README.md, round {@code s44}).
 *
 * <p>The records sent at the flush belong to the transaction being committed. A crash before it
 * loses only uncommitted changes, which the replayed inputs make again; nothing is kept across
 * commits, so the store has no changelog.
 */
public final class SpanOutbox implements StateStore, CachedStateStore<Object, Object> {

    public static final String NAME = "usage-span-outbox";

    private final Map<String, List<PresenceChange>> pending = new LinkedHashMap<>();
    private Consumer<PresenceChanges> sender;
    private boolean open;

    /** The store builder Kafka Streams makes one outbox per task with. */
    public static StoreBuilder<SpanOutbox> builder() {
        return new StoreBuilder<>() {
            @Override
            public StoreBuilder<SpanOutbox> withCachingEnabled() {
                return this;
            }

            @Override
            public StoreBuilder<SpanOutbox> withCachingDisabled() {
                return this;
            }

            @Override
            public StoreBuilder<SpanOutbox> withLoggingEnabled(Map<String, String> config) {
                throw new UnsupportedOperationException("the span outbox has no changelog: it holds nothing across commits");
            }

            @Override
            public StoreBuilder<SpanOutbox> withLoggingDisabled() {
                return this;
            }

            @Override
            public SpanOutbox build() {
                return new SpanOutbox();
            }

            @Override
            public Map<String, String> logConfig() {
                return Map.of();
            }

            @Override
            public boolean loggingEnabled() {
                return false;
            }

            @Override
            public String name() {
                return NAME;
            }
        };
    }

    /** Where the batches go at each flush: the fold's forward, set when the fold is set up. */
    void sendWith(Consumer<PresenceChanges> sender) {
        this.sender = sender;
    }

    void add(PresenceChange change) {
        pending.computeIfAbsent(change.accountId(), ignored -> new ArrayList<>()).add(change);
    }

    /** Changes waiting for the next commit. */
    int pending() {
        return pending.values().stream().mapToInt(List::size).sum();
    }

    /** At every commit, before the transaction commits. */
    @Override
    public void flushCache() {
        if (pending.isEmpty()) {
            return;
        }
        if (sender == null) {
            throw new IllegalStateException("span changes of " + pending.size() + " accounts and no fold to send them");
        }
        for (Map.Entry<String, List<PresenceChange>> account : pending.entrySet()) {
            sender.accept(new PresenceChanges(account.getKey(), account.getValue()));
        }
        pending.clear();
    }

    /** Only at checkpoints, after a commit: the changes went at {@link #flushCache} already. */
    @Override
    public void flush() {
    }

    /** The task's state goes back to its last commit: these changes were never committed. */
    @Override
    public void clearCache() {
        pending.clear();
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<Object, Object> listener, boolean sendOldValues) {
        return false;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        pending.clear();
        context.register(root, (key, value) -> {
        });
        open = true;
    }

    @Override
    public void close() {
        pending.clear();
        open = false;
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }
}
