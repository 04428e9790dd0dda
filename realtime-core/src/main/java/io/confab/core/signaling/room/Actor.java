package io.confab.core.signaling.room;

import io.confab.core.signaling.protocol.ParticipantId;

/** Who caused a change: a participant (signed in or guest), or the server itself (both ids null). */
record Actor(ParticipantId participantId, String userId) {

    static final Actor SERVER = new Actor(null, null);

    String participantIdText() {
        return participantId == null ? null : participantId.value();
    }

    /** The audit log's actor: the user id, {@code guest:<participant id>}, or {@code server}. */
    String auditName() {
        if (userId != null) {
            return userId;
        }
        return participantId == null ? "server" : "guest:" + participantId.value();
    }
}
