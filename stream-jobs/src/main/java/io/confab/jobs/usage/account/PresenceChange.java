package io.confab.jobs.usage.account;

import io.confab.jobs.usage.state.StateFormat;
import io.confab.jobs.usage.state.StateReader;
import io.confab.jobs.usage.state.StateWriter;

/**
 * A presence's closed span as the meeting fold now sees it, replacing what it said before: the
 * peak fold takes the old span out of its counts and puts the new one in. A span is [start, end)
 * in epoch milliseconds; {@code oldStart < 0} means there was none before.
 */
public record PresenceChange(String accountId, String presence, long oldStart, long oldEnd, long newStart, long newEnd) {

    /** The state serde's form (the repartition topic's values). */
    public static final StateFormat<PresenceChange> FORMAT = new StateFormat<>() {
        @Override
        public void write(PresenceChange change, StateWriter out) {
            out.writeString(change.accountId).writeString(change.presence).writeLong(change.oldStart).writeLong(change.oldEnd)
                    .writeLong(change.newStart).writeLong(change.newEnd);
        }

        @Override
        public PresenceChange read(StateReader in) {
            return new PresenceChange(in.readString(), in.readString(), in.readLong(), in.readLong(), in.readLong(), in.readLong());
        }
    };

    public boolean hadOld() {
        return oldStart >= 0;
    }
}
