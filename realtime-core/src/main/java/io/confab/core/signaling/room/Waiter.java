package io.confab.core.signaling.room;

import io.confab.core.signaling.protocol.ParticipantId;
import io.confab.core.signaling.protocol.WaitingEntry;
import io.confab.core.signaling.protocol.WaitingReason;
import java.time.Instant;

/** Someone held outside the meeting, with the join request that brought them (answered on entry). */
record Waiter(Identity identity, JoinRequest request, WaitingReason reason, Instant since) {

    ParticipantId id() {
        return identity.participantId();
    }

    Waiter withReason(WaitingReason newReason) {
        return new Waiter(identity, request, newReason, since);
    }

    Actor actor() {
        return new Actor(identity.participantId(), identity.userId());
    }

    WaitingEntry entry() {
        return new WaitingEntry(id(), identity.displayName(), reason, since);
    }
}
