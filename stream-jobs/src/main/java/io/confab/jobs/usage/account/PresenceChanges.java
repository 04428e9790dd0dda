package io.confab.jobs.usage.account;

import io.confab.jobs.usage.state.StateFormat;
import io.confab.jobs.usage.state.StateReader;
import io.confab.jobs.usage.state.StateWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * One account's span changes of one commit, in the order the meeting fold made them: the record the
 * repartition topic carries to the peak fold (one per account and commit instead of one per change,
 * which was a quarter of the meter's CPU: stream-jobs/README.md, round {@code s44}).
 */
public record PresenceChanges(String accountId, List<PresenceChange> changes) {

    public PresenceChanges {
        changes = List.copyOf(changes);
    }

    /**
     * The state serde's form: a null text first (the single {@link PresenceChange} before, which
     * older meters left on the repartition topic, starts with its account id, never null, and is
     * still read, as a batch of one), then the account once and each change without it.
     */
    public static final StateFormat<PresenceChanges> FORMAT = new StateFormat<>() {
        @Override
        public void write(PresenceChanges batch, StateWriter out) {
            out.writeString(null).writeString(batch.accountId).writeInt(batch.changes.size());
            for (PresenceChange change : batch.changes) {
                out.writeString(change.presence()).writeLong(change.oldStart()).writeLong(change.oldEnd())
                        .writeLong(change.newStart()).writeLong(change.newEnd());
            }
        }

        @Override
        public PresenceChanges read(StateReader in) {
            String single = in.readString();
            if (single != null) {
                return new PresenceChanges(single, List.of(new PresenceChange(single, in.readString(), in.readLong(), in.readLong(),
                        in.readLong(), in.readLong())));
            }
            String account = in.readString();
            int count = in.readCount();
            List<PresenceChange> changes = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                changes.add(new PresenceChange(account, in.readString(), in.readLong(), in.readLong(), in.readLong(), in.readLong()));
            }
            return new PresenceChanges(account, changes);
        }
    };
}
