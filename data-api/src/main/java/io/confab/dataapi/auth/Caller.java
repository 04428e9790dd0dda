package io.confab.dataapi.auth;

import java.time.Instant;

/**
 * Who is calling, from a verified bearer token of the meeting service.
 *
 * @param subject   user id, or a guest's participant id
 * @param accountId the user's account; for a guest, the account of the meeting it was admitted to
 * @param role      ACCOUNT_OWNER, HOST, PARTICIPANT or GUEST (realtime-core's {@code Role})
 * @param meetingId the one meeting a guest token admits to; null for users
 * @param expiresAt when the token stops being accepted
 */
public record Caller(String subject, String accountId, Role role, String meetingId, Instant expiresAt) {

    /** The roles of realtime-core's {@code io.confab.core.accounts.Role}, by the same names. */
    public enum Role {
        ACCOUNT_OWNER, HOST, PARTICIPANT, GUEST
    }

    public boolean guest() {
        return role == Role.GUEST;
    }

    /** Owners and hosts manage recordings (delete); participants and guests only watch them. */
    public boolean managesRecordings() {
        return role == Role.ACCOUNT_OWNER || role == Role.HOST;
    }

    public boolean ownsAccount() {
        return role == Role.ACCOUNT_OWNER;
    }
}
