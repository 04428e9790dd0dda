package io.confab.jobs.usage.state;

import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * A state store only for Kafka Streams' commit hook: what a processor hands it waits until the
 * commit and leaves in {@link #flushCache}, which Kafka Streams calls in every commit before the
 * transaction commits ({@code StreamTask.prepareCommit}). {@link StateStore#flush} would be too
 * late: Kafka Streams calls it only when it writes a checkpoint, after the commit. The hook is Kafka
 * Streams' internal {@link CachedStateStore} (4.1); {@code UsageTopologyTest} fails if an upgrade
 * stops calling it. Nothing is kept across commits, so there is no changelog: a crash before the
 * flush loses only uncommitted work, which the replayed inputs make again.
 */
public abstract class CommitOutbox implements StateStore, CachedStateStore<Object, Object> {

    private final String name;
    private boolean open;

    protected CommitOutbox(String name) {
        this.name = name;
    }

    /** The store builder Kafka Streams makes one outbox per task with. */
    public static <T extends CommitOutbox> StoreBuilder<T> builder(String name, Supplier<T> outbox) {
        return new StoreBuilder<>() {
            @Override
            public StoreBuilder<T> withCachingEnabled() {
                return this;
            }

            @Override
            public StoreBuilder<T> withCachingDisabled() {
                return this;
            }

            @Override
            public StoreBuilder<T> withLoggingEnabled(Map<String, String> config) {
                throw new UnsupportedOperationException("the outbox " + name + " has no changelog: it holds nothing across commits");
            }

            @Override
            public StoreBuilder<T> withLoggingDisabled() {
                return this;
            }

            @Override
            public T build() {
                return outbox.get();
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
                return name;
            }
        };
    }

    /** At every commit, before the transaction commits. */
    @Override
    public abstract void flushCache();

    /** The task's state goes back to its last commit: what waits here was never committed. */
    @Override
    public abstract void clearCache();

    /** Only at checkpoints, after a commit: everything left at {@link #flushCache} already. */
    @Override
    public void flush() {
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<Object, Object> listener, boolean sendOldValues) {
        return false;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        clearCache();
        context.register(root, (key, value) -> {
        });
        open = true;
    }

    @Override
    public void close() {
        clearCache();
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
