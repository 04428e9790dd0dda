package io.confab.core.signaling.room;

import io.confab.core.signaling.protocol.ParticipantId;
import io.confab.storage.events.ParticipantRole;
import java.util.Objects;

/**
 * Who is joining, as the transport established it: the token (or the guest's passcode) is already
 * checked, and the role is decided (the meeting's host user is HOST, alternative hosts COHOST,
 * other signed-in users PARTICIPANT, everyone else GUEST). The room trusts this record completely.
 *
 * @param participantId  fresh for this presence ({@link ParticipantId#random()})
 * @param userId         the signed-in user, or null for a guest
 * @param accountId      the user's account, or null for a guest
 * @param role           the role at entry; the room may change it later (host hand-over)
 * @param displayName    the name shown to others
 * @param remoteAddress  the client's address as the transport saw it, for audit entries; may be null
 */
public record Identity(ParticipantId participantId, String userId, String accountId, ParticipantRole role,
                       String displayName, String remoteAddress) {
    public Identity {
        Objects.requireNonNull(participantId, "participantId");
        Objects.requireNonNull(role, "role");
        if (displayName == null || displayName.isBlank()) {
            throw new IllegalArgumentException("displayName must not be blank");
        }
    }

    public Identity(ParticipantId participantId, String userId, String accountId, ParticipantRole role,
                    String displayName) {
        this(participantId, userId, accountId, role, displayName, null);
    }

    public static Identity guest(ParticipantId participantId, String displayName) {
        return new Identity(participantId, null, null, ParticipantRole.GUEST, displayName, null);
    }
}
