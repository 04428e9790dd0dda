package io.confab.jobs.usage.presence;

import io.confab.jobs.usage.StateSerde;
import io.confab.jobs.usage.state.StateFormat;
import io.confab.jobs.usage.state.StateReader;
import io.confab.jobs.usage.state.StateWriter;
import io.confab.storage.events.UsageMetric;

import java.util.HashMap;
import java.util.Map;

/**
 * A {@link MeetingLedger}'s fields in the state serde's binary form: each collection as its size
 * and then its entries; map keys are not written where the value holds them (a join's participant
 * id, a piece's record id, a session row's key).
 */
final class LedgerFormat implements StateFormat<MeetingLedger> {

    @Override
    public void write(MeetingLedger ledger, StateWriter out) {
        out.writeString(ledger.meetingId);
        out.writeInt(ledger.starts.size());
        ledger.starts.forEach((at, account) -> out.writeLong(at).writeString(account));
        out.writeInt(ledger.ends.size());
        ledger.ends.forEach(out::writeLong);
        out.writeInt(ledger.joins.size());
        for (MeetingLedger.Join join : ledger.joins.values()) {
            out.writeString(join.participantId()).writeString(join.accountId()).writeString(join.person())
                    .writeString(join.userId()).writeString(join.displayName()).writeString(join.role())
                    .writeString(join.client()).writeLong(join.at());
        }
        out.writeInt(ledger.leaves.size());
        ledger.leaves.forEach((participant, leave) -> out.writeString(participant).writeLong(leave.at()).writeString(leave.reason()));
        out.writeInt(ledger.pending.size());
        ledger.pending.forEach((participant, leave) -> {
            Origin origin = leave.origin();
            out.writeString(participant).writeLong(leave.at()).writeString(leave.reason())
                    .writeString(origin.topic()).writeInt(origin.partition()).writeLong(origin.offset())
                    .writeBytes(origin.key()).writeBytes(origin.value());
        });
        out.writeInt(ledger.told.size());
        for (MeetingLedger.Piece piece : ledger.told.values()) {
            out.writeString(piece.recordId()).writeString(piece.accountId()).writeString(piece.participantId())
                    .writeString(piece.metric().name()).writeLong(piece.windowStart()).writeLong(piece.windowEnd());
        }
        out.writeInt(ledger.toldSpans.size());
        ledger.toldSpans.forEach((participant, span) -> out.writeString(participant).writeString(span.accountId())
                .writeLong(span.start()).writeLong(span.end()));
        out.writeInt(ledger.toldSessions.size());
        for (SessionRow row : ledger.toldSessions.values()) {
            out.writeLong(row.joinedAt()).writeString(row.participantId()).writeString(row.accountId()).writeString(row.userId())
                    .writeString(row.displayName()).writeString(row.role()).writeString(row.client())
                    .writeBoolean(row.leftAt() != null).writeLong(row.leftAt() == null ? 0 : row.leftAt())
                    .writeString(row.leaveReason());
        }
        out.writeLong(ledger.lastEventAt);
        out.writeLong(ledger.touchedWall);
        // Added last in version 2 (meter36): a ledger of version 1 ends before it.
        SeenEvents.FORMAT.write(ledger.seen, out);
    }

    @Override
    public MeetingLedger read(StateReader in) {
        return read(in, StateSerde.VERSION);
    }

    @Override
    public MeetingLedger read(StateReader in, int version) {
        MeetingLedger ledger = new MeetingLedger(in.readString());
        for (int i = in.readCount(); i > 0; i--) {
            ledger.starts.put(in.readLong(), in.readString());
        }
        for (int i = in.readCount(); i > 0; i--) {
            ledger.ends.add(in.readLong());
        }
        for (int i = in.readCount(); i > 0; i--) {
            MeetingLedger.Join join = new MeetingLedger.Join(in.readString(), in.readString(), in.readString(), in.readString(),
                    in.readString(), in.readString(), in.readString(), in.readLong());
            ledger.joins.put(join.participantId(), join);
        }
        for (int i = in.readCount(); i > 0; i--) {
            ledger.leaves.put(in.readString(), new MeetingLedger.Leave(in.readLong(), in.readString()));
        }
        for (int i = in.readCount(); i > 0; i--) {
            String participant = in.readString();
            long at = in.readLong();
            String reason = in.readString();
            Origin origin = new Origin(in.readString(), in.readInt(), in.readLong(), in.readBytes(), in.readBytes());
            ledger.pending.put(participant, new MeetingLedger.PendingLeave(at, reason, origin));
        }
        for (int i = in.readCount(); i > 0; i--) {
            MeetingLedger.Piece piece = new MeetingLedger.Piece(in.readString(), in.readString(), in.readString(),
                    metric(in.readString()), in.readLong(), in.readLong());
            ledger.told.put(piece.recordId(), piece);
        }
        for (int i = in.readCount(); i > 0; i--) {
            ledger.toldSpans.put(in.readString(), new MeetingLedger.Span(in.readString(), in.readLong(), in.readLong()));
        }
        Map<String, SessionRow> sessions = new HashMap<>();
        for (int i = in.readCount(); i > 0; i--) {
            long joinedAt = in.readLong();
            String participant = in.readString();
            String account = in.readString();
            String user = in.readString();
            String name = in.readString();
            String role = in.readString();
            String client = in.readString();
            boolean left = in.readBoolean();
            long leftAt = in.readLong();
            SessionRow row = new SessionRow(ledger.meetingId, joinedAt, participant, account, user, name, role, client,
                    left ? leftAt : null, in.readString());
            sessions.put(row.key(), row);
        }
        ledger.toldSessions = sessions;
        ledger.lastEventAt = in.readLong();
        ledger.touchedWall = in.readLong();
        ledger.seen = version < 2 ? SeenEvents.fromOlderMeter() : SeenEvents.FORMAT.read(in, version);
        return ledger;
    }

    /** By name, not ordinal: the metric enum is storage/'s, and a symbol added in its middle must not shift ours. */
    private static UsageMetric metric(String name) {
        return UsageMetric.valueOf(name);
    }
}
