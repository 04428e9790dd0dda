package io.confab.core.signaling.room;

import io.confab.core.signaling.protocol.ParticipantId;
import io.confab.core.signaling.protocol.PresenceEntry;
import io.confab.storage.events.MediaKind;
import io.confab.storage.events.ParticipantRole;
import java.time.Instant;

/** Someone in the meeting (past the waiting room). Replaced, never changed, when their state changes. */
record Member(Identity identity, ParticipantRole role, boolean audioMuted, boolean videoMuted,
              boolean handRaised, Instant joinedAt) {

    ParticipantId id() {
        return identity.participantId();
    }

    String displayName() {
        return identity.displayName();
    }

    /** Hosts and co-hosts hold the host controls. */
    boolean isHost() {
        return canHost(role);
    }

    static boolean canHost(ParticipantRole role) {
        return role == ParticipantRole.HOST || role == ParticipantRole.COHOST;
    }

    boolean muted(MediaKind kind) {
        return kind == MediaKind.AUDIO ? audioMuted : videoMuted;
    }

    Member withMuted(MediaKind kind, boolean muted) {
        return kind == MediaKind.AUDIO
                ? new Member(identity, role, muted, videoMuted, handRaised, joinedAt)
                : new Member(identity, role, audioMuted, muted, handRaised, joinedAt);
    }

    Member withHandRaised(boolean raised) {
        return new Member(identity, role, audioMuted, videoMuted, raised, joinedAt);
    }

    Member withRole(ParticipantRole newRole) {
        return new Member(identity, newRole, audioMuted, videoMuted, handRaised, joinedAt);
    }

    Actor actor() {
        return new Actor(identity.participantId(), identity.userId());
    }

    PresenceEntry presence() {
        return new PresenceEntry(id(), displayName(), role, audioMuted, videoMuted, handRaised);
    }
}
