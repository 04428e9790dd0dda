package io.confab.jobs.usage.presence;

import io.confab.jobs.usage.account.PresenceChange;
import io.confab.jobs.usage.account.PresenceChanges;
import io.confab.jobs.usage.state.CommitOutbox;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * The meeting fold's span changes between the fold and the repartition to the peak fold, sent once
 * per commit (a {@link CommitOutbox}): one {@link PresenceChanges} per account, its changes in the
 * order made, handed to the fold's sender at the commit's flush, so the records belong to the
 * transaction being committed. Sent one record per change, the changes and the peak fold were a
 * quarter of the meter's CPU (stream-jobs/README.md, rounds {@code s44} and {@code batch44}).
 */
public final class SpanOutbox extends CommitOutbox {

    public static final String NAME = "usage-span-outbox";

    private final Map<String, List<PresenceChange>> pending = new LinkedHashMap<>();
    private Consumer<PresenceChanges> sender;

    private SpanOutbox() {
        super(NAME);
    }

    public static StoreBuilder<SpanOutbox> builder() {
        return CommitOutbox.builder(NAME, SpanOutbox::new);
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

    @Override
    public void clearCache() {
        pending.clear();
    }
}
