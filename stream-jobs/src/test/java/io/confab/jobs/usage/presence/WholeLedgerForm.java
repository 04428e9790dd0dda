package io.confab.jobs.usage.presence;

import io.confab.jobs.usage.state.StateWriter;

/**
 * A meeting ledger as meters before version 4 wrote it, every field as it is (what the meters of
 * versions 1 to 3 left in their changelogs): so the tests can check that such bytes still read.
 */
public final class WholeLedgerForm {

    private WholeLedgerForm() {
    }

    /**
     * The bytes of {@code version} (1 to 3): the version byte, the ledger's fields and, from version 2,
     * its seen ids ({@code seenIds}: their bytes, in the form of that version).
     */
    public static byte[] bytes(MeetingLedger ledger, int version, byte[] seenIds) {
        StateWriter out = new StateWriter(1024);
        out.writeByte(version);
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
        byte[] fields = out.toByteArray();
        if (version < 2) {
            return fields;
        }
        byte[] whole = java.util.Arrays.copyOf(fields, fields.length + seenIds.length);
        System.arraycopy(seenIds, 0, whole, fields.length, seenIds.length);
        return whole;
    }

    /** The seen ids of {@code ledger} as version 3 (and this one) write them. */
    public static byte[] seenIds(MeetingLedger ledger) {
        StateWriter out = new StateWriter(256);
        SeenEvents.FORMAT.write(ledger.seen, out);
        return out.toByteArray();
    }
}
