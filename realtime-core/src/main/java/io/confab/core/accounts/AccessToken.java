package io.confab.core.accounts;

import java.time.Instant;
import java.util.Objects;

/**
 * The claims of a verified bearer token: who it is for, in which account, with which role, and
 * for how long. A guest's token also names the one meeting it admits to; a user's never does.
 *
 * @param subject a user id, or a guest participant id for {@link Role#GUEST}
 * @param accountId the user's account, or for a guest the account that owns the meeting
 * @param meetingId the meeting's digits ({@code MeetingId.digits()}) for a guest, else null. Kept
 *     as a string so accounts does not depend on meetings; signaling compares it to the join's id.
 * @param tokenId unique per issued token, for audit entries and a deny list later
 */
public record AccessToken(
        String subject,
        String accountId,
        Role role,
        String meetingId,
        Instant issuedAt,
        Instant expiresAt,
        String tokenId) {

    public AccessToken {
        requireText(subject, "subject");
        requireText(accountId, "accountId");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        requireText(tokenId, "tokenId");
        if (role == Role.GUEST) {
            requireText(meetingId, "meetingId (a guest token admits to one meeting)");
        } else if (meetingId != null) {
            throw new IllegalArgumentException("only a guest token names a meeting, this one is " + role);
        }
        if (!expiresAt.isAfter(issuedAt)) {
            throw new IllegalArgumentException("expiresAt must be after issuedAt");
        }
    }

    public boolean isGuest() {
        return role == Role.GUEST;
    }

    /**
     * Whether this token lets its bearer ask to join the meeting with these digits: a user's token
     * any meeting (passcode and waiting room still apply), a guest's only the one it names.
     */
    public boolean admitsTo(String meetingDigits) {
        return !isGuest() || meetingId.equals(meetingDigits);
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }
}
