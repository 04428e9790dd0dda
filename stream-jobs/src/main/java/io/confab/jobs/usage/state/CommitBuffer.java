package io.confab.jobs.usage.state;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CachedStateStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A key-value store that keeps the values written since the last commit as objects and writes
 * each one to the store beneath (serialized, cached, changelogged) once, at the commit. A folded
 * ledger is written after every event of its key; the record cache beneath coalesces those writes
 * into one changelog record per commit, but it holds bytes, so each write still serialized the
 * whole ledger (a meeting's some KB on each of its events). Here a key's value is serialized once
 * per commit, however often it was written, and {@link #get} hands back the very object written.
 *
 * <p>Exactly once is the record cache's: the writes reach the store beneath in Kafka Streams'
 * cache flush, which every commit does before the transaction commits ({@code
 * StreamTask.prepareCommit}, through the internal {@link CachedStateStore}, as {@code
 * sink.SessionOutbox}), and then that store's own cache is flushed to its changelog in the same
 * call; a task that fails drops them with its cache ({@link #clearCache}). {@code UsageTopologyTest}
 * reads the changelog and fails if the hook stops being called.
 *
 * <p>Only the stream thread sees the objects: {@link #get} of a key written since the commit
 * returns the object, but {@link #all} and {@link #range} read the store beneath, as it was at the
 * last commit (and deletes since), so an interactive query from another thread never touches an
 * object the fold is changing. The live state is therefore at most one commit interval old.
 */
public final class CommitBuffer<K, V> extends WrappedStateStore<KeyValueStore<K, V>, K, V> implements KeyValueStore<K, V> {

    private final KeyValueStore<K, V> store;
    private final Map<K, V> written = new HashMap<>();

    private CommitBuffer(KeyValueStore<K, V> store) {
        super(store);
        this.store = store;
    }

    /** {@code beneath} built as it is, with this buffer in front of it. */
    public static <K, V> StoreBuilder<KeyValueStore<K, V>> over(StoreBuilder<KeyValueStore<K, V>> beneath) {
        return new StoreBuilder<>() {
            @Override
            public StoreBuilder<KeyValueStore<K, V>> withCachingEnabled() {
                beneath.withCachingEnabled();
                return this;
            }

            @Override
            public StoreBuilder<KeyValueStore<K, V>> withCachingDisabled() {
                beneath.withCachingDisabled();
                return this;
            }

            @Override
            public StoreBuilder<KeyValueStore<K, V>> withLoggingEnabled(Map<String, String> config) {
                beneath.withLoggingEnabled(config);
                return this;
            }

            @Override
            public StoreBuilder<KeyValueStore<K, V>> withLoggingDisabled() {
                beneath.withLoggingDisabled();
                return this;
            }

            @Override
            public KeyValueStore<K, V> build() {
                return new CommitBuffer<>(beneath.build());
            }

            @Override
            public Map<String, String> logConfig() {
                return beneath.logConfig();
            }

            @Override
            public boolean loggingEnabled() {
                return beneath.loggingEnabled();
            }

            @Override
            public String name() {
                return beneath.name();
            }
        };
    }

    /** Values written since the last commit. */
    public int buffered() {
        return written.size();
    }

    @Override
    public void put(K key, V value) {
        if (value == null) {
            delete(key);
        } else {
            written.put(key, value);
        }
    }

    @Override
    public V putIfAbsent(K key, V value) {
        V before = get(key);
        if (before == null) {
            put(key, value);
        }
        return before;
    }

    @Override
    public void putAll(List<KeyValue<K, V>> entries) {
        entries.forEach(entry -> put(entry.key, entry.value));
    }

    @Override
    public V delete(K key) {
        V buffered = written.remove(key);
        V stored = store.delete(key);
        return buffered != null ? buffered : stored;
    }

    @Override
    public V get(K key) {
        V buffered = written.get(key);
        return buffered != null ? buffered : store.get(key);
    }

    @Override
    public KeyValueIterator<K, V> range(K from, K to) {
        return store.range(from, to);
    }

    @Override
    public KeyValueIterator<K, V> all() {
        return store.all();
    }

    @Override
    public long approximateNumEntries() {
        return store.approximateNumEntries();
    }

    /** At every commit, before the transaction commits: each written value once, then the cache beneath to its changelog. */
    @Override
    public void flushCache() {
        // Cleared only once all are in the store beneath: if a write throws, the task fails and
        // its state goes back to the last commit (clearCache).
        written.forEach(store::put);
        written.clear();
        super.flushCache();
    }

    /** The task's state goes back to its last commit: these values were never committed. */
    @Override
    public void clearCache() {
        written.clear();
        super.clearCache();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        written.clear();
        super.init(context, root);
    }

    @Override
    public void close() {
        written.clear();
        super.close();
    }
}
