package io.confab.jobs.usage.presence;

import io.confab.jobs.usage.StateSerde;
import io.confab.jobs.usage.state.StateFormat;
import io.confab.jobs.usage.state.StateReader;
import io.confab.jobs.usage.state.StateWriter;
import io.confab.storage.events.UsageMetric;
import io.confab.storage.usage.SessionPerson;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A {@link MeetingLedger}'s fields in the state serde's binary form: each collection as its size
 * and then its entries; map keys are not written where the value holds them (a join's participant
 * id, a piece's record id, a session row's key).
 *
 * <p>Since version 4 nothing is written twice that the ledger's joins already say: a session row
 * whose participant's join gives its start, account, user, name, role and client is written as that
 * participant, a flag and its end; a piece's or span's account as a flag when it is its participant's;
 * a join's person as a flag when it is the one its user id or name gives; a record id that is a
 * UUID's text as its two longs; a piece's metric as its place in a list of the ledger's metric
 * names; ends as differences from their starts. Version 3 wrote every field as it is, 3.1 KB for a
 * ten-person meeting of the usage bench, serialized at each commit that touches the meeting, stored
 * in RocksDB and sent to the changelog. Versions 1 to 3 are still read.
 */
final class LedgerFormat implements StateFormat<MeetingLedger> {

    private static final int PERSON_OF_JOIN = 0;
    private static final int PERSON_WRITTEN = 1;

    /** A piece's or session row's flags. */
    private static final int RECORD_ID_UUID = 1;
    private static final int ACCOUNT_OF_JOIN = 2;
    private static final int ROW_OF_JOIN = 1;
    private static final int ROW_LEFT = 2;

    @Override
    public void write(MeetingLedger ledger, StateWriter out) {
        out.writeString(ledger.meetingId);
        out.writeInt(ledger.starts.size());
        ledger.starts.forEach((at, account) -> out.writeLong(at).writeString(account));
        out.writeInt(ledger.ends.size());
        ledger.ends.forEach(out::writeLong);
        out.writeInt(ledger.joins.size());
        for (MeetingLedger.Join join : ledger.joins.values()) {
            out.writeString(join.participantId()).writeString(join.accountId()).writeString(join.userId())
                    .writeString(join.displayName()).writeString(join.role()).writeString(join.client()).writeLong(join.at());
            if (Objects.equals(join.person(), SessionPerson.of(join.userId(), join.displayName()))) {
                out.writeByte(PERSON_OF_JOIN);
            } else {
                out.writeByte(PERSON_WRITTEN).writeString(join.person());
            }
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
        writePieces(ledger, out);
        out.writeInt(ledger.toldSpans.size());
        ledger.toldSpans.forEach((participant, span) -> {
            boolean accountOfJoin = Objects.equals(span.accountId(), accountOf(ledger, participant));
            out.writeString(participant).writeByte(accountOfJoin ? ACCOUNT_OF_JOIN : 0);
            if (!accountOfJoin) {
                out.writeString(span.accountId());
            }
            out.writeLong(span.start()).writeLong(span.end() - span.start());
        });
        out.writeInt(ledger.toldSessions.size());
        for (SessionRow row : ledger.toldSessions.values()) {
            boolean ofJoin = rowOfJoin(row, ledger.joins.get(row.participantId()));
            out.writeString(row.participantId()).writeByte((ofJoin ? ROW_OF_JOIN : 0) | (row.leftAt() != null ? ROW_LEFT : 0));
            if (!ofJoin) {
                out.writeLong(row.joinedAt()).writeString(row.accountId()).writeString(row.userId()).writeString(row.displayName())
                        .writeString(row.role()).writeString(row.client());
            }
            if (row.leftAt() != null) {
                out.writeLong(row.leftAt() - row.joinedAt());
            }
            out.writeString(row.leaveReason());
        }
        out.writeLong(ledger.lastEventAt);
        out.writeLong(ledger.touchedWall);
        SeenEvents.FORMAT.write(ledger.seen, out);
    }

    private static void writePieces(MeetingLedger ledger, StateWriter out) {
        out.writeInt(ledger.told.size());
        if (ledger.told.isEmpty()) {
            return;
        }
        // The metrics the pieces use, each name once; a piece gives its place in this list.
        List<UsageMetric> metrics = new ArrayList<>(4);
        for (MeetingLedger.Piece piece : ledger.told.values()) {
            if (!metrics.contains(piece.metric())) {
                metrics.add(piece.metric());
            }
        }
        out.writeInt(metrics.size());
        metrics.forEach(metric -> out.writeString(metric.name()));
        for (MeetingLedger.Piece piece : ledger.told.values()) {
            SeenEvents.Uuid uuid = SeenEvents.Uuid.parse(piece.recordId());
            boolean accountOfJoin = piece.participantId() != null
                    && Objects.equals(piece.accountId(), accountOf(ledger, piece.participantId()));
            out.writeByte((uuid != null ? RECORD_ID_UUID : 0) | (accountOfJoin ? ACCOUNT_OF_JOIN : 0));
            if (uuid != null) {
                out.writeFixedLong(uuid.high()).writeFixedLong(uuid.low());
            } else {
                out.writeString(piece.recordId());
            }
            out.writeString(piece.participantId());
            if (!accountOfJoin) {
                out.writeString(piece.accountId());
            }
            out.writeInt(metrics.indexOf(piece.metric())).writeLong(piece.windowStart())
                    .writeLong(piece.windowEnd() - piece.windowStart());
        }
    }

    /** The account of the participant's join, or null without one. */
    private static String accountOf(MeetingLedger ledger, String participantId) {
        MeetingLedger.Join join = ledger.joins.get(participantId);
        return join == null ? null : join.accountId();
    }

    /** Whether the row is what its participant's join gives (as {@code MeetingLedger.row} makes it), apart from its end. */
    private static boolean rowOfJoin(SessionRow row, MeetingLedger.Join join) {
        return join != null && row.joinedAt() == join.at() && Objects.equals(row.accountId(), join.accountId())
                && Objects.equals(row.userId(), join.userId()) && Objects.equals(row.displayName(), join.displayName())
                && Objects.equals(row.role(), join.role()) && Objects.equals(row.client(), join.client());
    }

    @Override
    public MeetingLedger read(StateReader in) {
        return read(in, StateSerde.VERSION);
    }

    @Override
    public MeetingLedger read(StateReader in, int version) {
        boolean whole = version < 4;
        MeetingLedger ledger = new MeetingLedger(in.readString());
        for (int i = in.readCount(); i > 0; i--) {
            ledger.starts.put(in.readLong(), in.readString());
        }
        for (int i = in.readCount(); i > 0; i--) {
            ledger.ends.add(in.readLong());
        }
        for (int i = in.readCount(); i > 0; i--) {
            MeetingLedger.Join join = whole ? new MeetingLedger.Join(in.readString(), in.readString(), in.readString(), in.readString(),
                    in.readString(), in.readString(), in.readString(), in.readLong()) : readJoin(in);
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
        if (whole) {
            for (int i = in.readCount(); i > 0; i--) {
                MeetingLedger.Piece piece = new MeetingLedger.Piece(in.readString(), in.readString(), in.readString(),
                        metric(in.readString()), in.readLong(), in.readLong());
                ledger.told.put(piece.recordId(), piece);
            }
        } else {
            readPieces(in, ledger);
        }
        for (int i = in.readCount(); i > 0; i--) {
            String participant = in.readString();
            if (whole) {
                ledger.toldSpans.put(participant, new MeetingLedger.Span(in.readString(), in.readLong(), in.readLong()));
            } else {
                String account = (in.readByte() & ACCOUNT_OF_JOIN) != 0 ? joinOf(ledger, participant).accountId() : in.readString();
                long start = in.readLong();
                ledger.toldSpans.put(participant, new MeetingLedger.Span(account, start, start + in.readLong()));
            }
        }
        Map<SessionRow.Key, SessionRow> sessions = new HashMap<>();
        for (int i = in.readCount(); i > 0; i--) {
            SessionRow row = whole ? readWholeRow(in, ledger.meetingId) : readRow(in, ledger);
            sessions.put(row.key(), row);
        }
        ledger.toldSessions = sessions;
        ledger.lastEventAt = in.readLong();
        ledger.touchedWall = in.readLong();
        // Added last in version 2 (meter36): a ledger of version 1 ends before it.
        ledger.seen = version < 2 ? SeenEvents.fromOlderMeter() : SeenEvents.FORMAT.read(in, version);
        return ledger;
    }

    private static MeetingLedger.Join readJoin(StateReader in) {
        String participant = in.readString();
        String account = in.readString();
        String user = in.readString();
        String name = in.readString();
        String role = in.readString();
        String client = in.readString();
        long at = in.readLong();
        int personForm = in.readByte();
        String person = switch (personForm) {
            case PERSON_OF_JOIN -> SessionPerson.of(user, name);
            case PERSON_WRITTEN -> in.readString();
            default -> throw new SerializationException("a join's person in unknown form " + personForm);
        };
        return new MeetingLedger.Join(participant, account, person, user, name, role, client, at);
    }

    private static void readPieces(StateReader in, MeetingLedger ledger) {
        int pieces = in.readCount();
        if (pieces == 0) {
            return;
        }
        List<UsageMetric> metrics = new ArrayList<>(4);
        for (int i = in.readCount(); i > 0; i--) {
            metrics.add(metric(in.readString()));
        }
        for (int i = pieces; i > 0; i--) {
            int flags = in.readByte();
            String recordId = (flags & RECORD_ID_UUID) != 0 ? new UUID(in.readFixedLong(), in.readFixedLong()).toString() : in.readString();
            String participant = in.readString();
            String account = (flags & ACCOUNT_OF_JOIN) != 0 ? joinOf(ledger, participant).accountId() : in.readString();
            int metric = in.readInt();
            if (metric < 0 || metric >= metrics.size()) {
                throw new SerializationException("a piece's metric " + metric + " outside the ledger's " + metrics.size());
            }
            long start = in.readLong();
            ledger.told.put(recordId, new MeetingLedger.Piece(recordId, account, participant, metrics.get(metric), start,
                    start + in.readLong()));
        }
    }

    private static SessionRow readRow(StateReader in, MeetingLedger ledger) {
        String participant = in.readString();
        int flags = in.readByte();
        if ((flags & ROW_OF_JOIN) == 0) {
            return readRowFields(in, ledger.meetingId, in.readLong(), participant, false, (flags & ROW_LEFT) != 0);
        }
        MeetingLedger.Join join = joinOf(ledger, participant);
        Long leftAt = (flags & ROW_LEFT) != 0 ? join.at() + in.readLong() : null;
        return new SessionRow(ledger.meetingId, join.at(), participant, join.accountId(), join.userId(), join.displayName(),
                join.role(), join.client(), leftAt, in.readString());
    }

    /** Versions 1 to 3: the start, the participant, the fields, a flag and a time for the end, the reason. */
    private static SessionRow readWholeRow(StateReader in, String meetingId) {
        return readRowFields(in, meetingId, in.readLong(), in.readString(), true, false);
    }

    /**
     * A row's fields after its start and participant; its end in version 4 as a difference from its
     * start when {@code left}, in versions 1 to 3 ({@code whole}) as a flag and a time.
     */
    private static SessionRow readRowFields(StateReader in, String meetingId, long joinedAt, String participant, boolean whole,
                                            boolean left) {
        String account = in.readString();
        String user = in.readString();
        String name = in.readString();
        String role = in.readString();
        String client = in.readString();
        Long leftAt;
        if (whole) {
            boolean wholeLeft = in.readBoolean();
            long at = in.readLong();
            leftAt = wholeLeft ? at : null;
        } else {
            leftAt = left ? joinedAt + in.readLong() : null;
        }
        return new SessionRow(meetingId, joinedAt, participant, account, user, name, role, client, leftAt, in.readString());
    }

    private static MeetingLedger.Join joinOf(MeetingLedger ledger, String participantId) {
        MeetingLedger.Join join = participantId == null ? null : ledger.joins.get(participantId);
        if (join == null) {
            throw new SerializationException("a told fact refers to the join of " + participantId + ", which the ledger lacks");
        }
        return join;
    }

    /** By name, not ordinal: the metric enum is storage/'s, and a symbol added in its middle must not shift ours. */
    private static UsageMetric metric(String name) {
        return UsageMetric.valueOf(name);
    }
}
